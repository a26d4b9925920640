"""A request's stored files (its scans, its answers' files from HQ) given back to a person: a
copy to open on the desktop, or saved where the person chose (``counter-app file save``).

On an encrypted station the stored files are sealed (services/files.py), so a path to them
opens nothing; these use cases read a file through the station's key, check it against its
name and only then write the plain bytes. A damaged or missing file is an error and nothing
is written.

A file is named by the request it belongs to (when it has exactly one stored file) or by its
stored name: the SHA-256 of its bytes, or the first 16 or more hex digits of it, as the
request's screens and ``request show`` print it. Only files of this station's requests are
found; a blob no request refers to (a page waiting in the unfiled queue, a scan as the scanner
gave it) is the archive's, opened from its own screens.

The desktop's copies go to ``<data folder>/opened/``: the data folder is the user's own
(owner-only on Linux: paths.secure_start, the user's profile on Windows), so no other local
user can read them or plant a file there, unlike a shared temporary folder. Each copy is 0600.
They are plain copies on disk, so they do not stay: every copy is removed at the desktop's next
start (clear_opened) and any copy older than a day whenever another is opened. Each open and
each save is audited (who took a plain copy of which file of which request).
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.errors import N_, NotFound, ValidationError
from counter_app.domain.roles import Permission
from counter_app.services.access import use_case
from counter_app.services.audit import append_audit
from counter_app.services.context import Actor, AppContext
from counter_app.services.files import read_blob
from counter_app.services.requests import find_request
from counter_app.store.models import Attachment, Request
from counter_app.store.models_pulled import ComplaintAnswerRow

OPENED = "opened"  # under the data folder
KEEP_SECONDS = 24 * 3600
MIN_NAME = 16  # hex digits of a stored name a person gives (what the screens print)
_HEX = re.compile(r"[0-9a-f]+")
# What a copy's file name keeps of a document code or of the name HQ sent (any letter or digit,
# Arabic too); everything else, a path separator first, becomes "_".
_UNSAFE = re.compile(r"[^\w.\-]+")


@dataclass(frozen=True)
class RequestFile:
    """One stored file of a request."""

    receipt_no: str
    kind: str  # "scan" or "answer"
    sha256: str
    size: int
    label: str  # the scan's document code, or the answer file's name as HQ sent it

    @property
    def stored_name(self) -> str:
        """What a person types to name it (the screens and ``request show`` print it)."""
        return self.sha256[:MIN_NAME]

    def copy_name(self, data: bytes) -> str:
        """A file name for a copy of ``data``: the receipt, what it is, the stored name (unique),
        and the suffix of what the bytes are. Never the suffix a name from HQ carries: the
        desktop hands the copy to the PC's shell, which would run a ``.exe`` or a ``.bat``."""
        stem = _safe(self.label)
        if self.kind == "answer":
            before, dot, _ext = stem.rpartition(".")
            stem = before if dot and before else stem
        return f"{_safe(self.receipt_no)}-{stem[:60]}-{self.sha256[:8]}{_suffix(data)}"


# What a stored file may be (a scan is a PDF; HQ keeps an answer's file only as one of these);
# anything else gets a suffix no program runs.
_KINDS = ((b"%PDF-", ".pdf"), (b"\xff\xd8\xff", ".jpg"), (b"\x89PNG\r\n\x1a\n", ".png"))


def _suffix(data: bytes) -> str:
    return next((suffix for magic, suffix in _KINDS if data.startswith(magic)), ".bin")


def _safe(text: str) -> str:
    cleaned = _UNSAFE.sub("_", unicodedata.normalize("NFC", text)).strip("._")
    return cleaned or "file"


def _files_of(session: Session, req: Request) -> list[RequestFile]:
    """The request's scans (oldest first), then its answers' files already fetched from HQ."""
    found = [
        RequestFile(req.receipt_no, "scan", a.sha256, a.size, a.doc_type)
        for a in session.execute(
            select(Attachment).where(Attachment.request_id == req.id).order_by(Attachment.id)
        ).scalars()
    ]
    for answer in session.execute(
        select(ComplaintAnswerRow)
        .where(ComplaintAnswerRow.request_id == req.id)
        .where(ComplaintAnswerRow.file_sha256.is_not(None))
        .where(ComplaintAnswerRow.file_path.is_not(None))  # None: still at HQ
        .order_by(ComplaintAnswerRow.at, ComplaintAnswerRow.id)
    ).scalars():
        assert answer.file_sha256 is not None
        found.append(
            RequestFile(
                req.receipt_no,
                "answer",
                answer.file_sha256,
                answer.file_size or 0,
                answer.file_name or "answer",
            )
        )
    unique: dict[str, RequestFile] = {}
    for item in found:  # the same bytes twice (a scan attached again): one file
        unique.setdefault(item.sha256, item)
    return list(unique.values())


def _by_stored_name(session: Session, prefix: str) -> list[RequestFile]:
    # ``prefix`` is hex only (checked by the caller): no LIKE wildcard can be in it.
    requests: dict[int, Request] = {}
    found: list[RequestFile] = []
    for row in session.execute(
        select(Attachment).where(Attachment.sha256.like(prefix + "%")).order_by(Attachment.id)
    ).scalars():
        req = requests.get(row.request_id) or session.get(Request, row.request_id)
        assert req is not None
        requests[req.id] = req
        found.extend(f for f in _files_of(session, req) if f.sha256 == row.sha256)
    for answer in session.execute(
        select(ComplaintAnswerRow)
        .where(ComplaintAnswerRow.file_sha256.like(prefix + "%"))
        .where(ComplaintAnswerRow.file_path.is_not(None))
    ).scalars():
        req = requests.get(answer.request_id) or session.get(Request, answer.request_id)
        assert req is not None
        requests[req.id] = req
        found.extend(f for f in _files_of(session, req) if f.sha256 == answer.file_sha256)
    return found


def find_file(session: Session, name: str) -> RequestFile:
    """The stored file ``name`` gives: a stored name (16+ hex digits of its SHA-256) or a
    request (receipt number or UUID) that has exactly one stored file."""
    text = name.strip()
    lowered = text.lower()
    if len(lowered) >= MIN_NAME and len(lowered) <= 64 and _HEX.fullmatch(lowered):
        found = _by_stored_name(session, lowered)
        shas = {f.sha256 for f in found}
        if not shas:
            raise NotFound(
                N_("No scan or answer file of a request is stored as {name} at this station"),
                name=lowered,
            )
        if len(shas) > 1:
            raise ValidationError(
                N_("{name} is the start of more than one stored file's name; give more of it"),
                field="file",
                name=lowered,
            )
        return found[0]  # the same bytes under two requests: either's copy is the same
    req = find_request(session, text)
    files = _files_of(session, req)
    if not files:
        raise NotFound(
            N_("Request {receipt} has no stored scan or answer file"), receipt=req.receipt_no
        )
    if len(files) > 1:
        raise ValidationError(
            N_("Request {receipt} has several stored files; name one by its stored name: {names}"),
            field="file",
            receipt=req.receipt_no,
            names=", ".join(f.stored_name for f in files),
        )
    return files[0]


def _audit(ctx: AppContext, session: Session, actor: Actor, what: RequestFile, action: str) -> None:
    append_audit(
        session,
        at=ctx.clock(),
        user_id=actor.user_id,
        username=actor.username,
        station=ctx.station(session).label,
        action=action,
        entity="request",
        entity_ref=what.receipt_no,
        details={"kind": what.kind, "sha256": what.sha256, "size": what.size},
    )


def opened_folder(data_dir: Path) -> Path:
    return data_dir / OPENED


def clear_opened(data_dir: Path, *, older_than: float | None = None) -> int:
    """Remove the desktop's copies (only those older than ``older_than`` seconds if given);
    how many were removed. A copy a viewer still holds open (Windows refuses to remove it) is
    left for the next time."""
    folder = opened_folder(data_dir)
    if folder.is_symlink() or not folder.is_dir():
        return 0  # never follow a link: its target's files are not our copies
    limit = time.time() - older_than if older_than is not None else None
    removed = 0
    for item in folder.iterdir():
        with contextlib.suppress(OSError):
            st = item.lstat()
            if stat.S_ISDIR(st.st_mode) or (limit is not None and st.st_mtime >= limit):
                continue
            item.unlink()
            removed += 1
    return removed


def _private_folder(data_dir: Path) -> Path:
    folder = opened_folder(data_dir)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.name == "posix":
        st = folder.lstat()
        # Ours and a real folder (not a link planted to send the copies elsewhere).
        if not os.path.isdir(folder) or os.path.islink(folder) or st.st_uid != os.getuid():
            raise ValidationError(
                N_("The folder {path} is not this user's own; nothing was written"),
                field="file",
                path=str(folder),
            )
        if st.st_mode & 0o077:
            folder.chmod(0o700)
    return folder


def _write_private(target: Path, data: bytes) -> None:
    """``data`` into ``target`` (0600), whole: written beside it, then renamed over it."""
    temp = target.with_name(f".part-{os.getpid()}-{target.name}")
    temp.unlink(missing_ok=True)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


@use_case(Permission.VIEW_FILES)
def open_copy(ctx: AppContext, actor: Actor, name: str) -> Path:
    """A plain copy of the stored file ``name`` (see find_file) in the user's private folder,
    for the desktop to open; its path. Nothing is written if the file does not verify."""
    data_dir = ctx.paths.data_dir
    clear_opened(data_dir, older_than=KEEP_SECONDS)
    with ctx.store.write() as session:
        what = find_file(session, name)
        data = read_blob(ctx, what.sha256)  # opened and checked against its name, or raises
        # Audited first: a copy that cannot be written takes its audit row back with it.
        _audit(ctx, session, actor, what, "file.open")
        target = _private_folder(data_dir) / what.copy_name(data)
        _write_private(target, data)
    return target


@use_case(Permission.VIEW_FILES)
def save_copy(ctx: AppContext, actor: Actor, name: str, out: Path) -> RequestFile:
    """Write the plain bytes of the stored file ``name`` to ``out``, whole or not at all. A
    target that cannot take it is refused first (ValidationError on "out", as exports are)."""
    from counter_app.exports import check_target
    from counter_app.exports.files import write_whole

    out = Path(os.path.expanduser(str(out)))
    check_target(out)
    with ctx.store.write() as session:
        what = find_file(session, name)
        data = read_blob(ctx, what.sha256)
        _audit(ctx, session, actor, what, "file.save")
        write_whole(out, data)
    return what


@use_case(Permission.VIEW_FILES)
def stored_files_of(ctx: AppContext, actor: Actor, ref: str) -> list[RequestFile]:
    """The stored files of the request ``ref`` (receipt number or UUID)."""
    with ctx.store.read() as session:
        return _files_of(session, find_request(session, ref))
