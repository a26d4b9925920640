"""``db check`` of the station's files: every file a row refers to is there, opens with this
station's key and hashes to its name; on an encrypted station no file is kept plain.

Faults name a table, a row number and a file's SHA-256 (store/check_faults.py), never what
the file holds. Every file is read whole once: the full check is a night's job, not a start's.
"""

from __future__ import annotations

from sqlalchemy import text

from counter_app.services.context import AppContext
from counter_app.services.files import BlobMissing, decode, file_key
from counter_app.store.blob_files import blob_path, head_is_sealed, stored_files
from counter_app.store.check_faults import Fault
from counter_app.store.filecrypt import WRONG_KEY, SealedFileUnreadable
from counter_protocol.durable import TEMP_PREFIX

LIMIT_FAULTS = 50
# The rows that name a file: the scans filed, the pages waiting, the scanned files as they came
# (kept also when quarantined), the answers' files fetched from HQ.
_REFERENCES = (
    ("attachments", "SELECT id, sha256 FROM attachments"),
    ("unfiled_pages", "SELECT id, sha256 FROM unfiled_pages"),
    ("scan_imports", "SELECT id, sha256 FROM scan_imports WHERE sha256 IS NOT NULL"),
    (
        "complaint_answers",
        "SELECT id, file_sha256 FROM complaint_answers "
        "WHERE file_sha256 IS NOT NULL AND file_path IS NOT NULL",
    ),
)


def _references(ctx: AppContext) -> list[tuple[str, int, str]]:
    found: list[tuple[str, int, str]] = []
    with ctx.store.read() as session:
        conn = session.connection()
        for table, query in _REFERENCES:
            found.extend((table, int(row), str(sha)) for row, sha in conn.execute(text(query)))
    return found


def _fault_of(ctx: AppContext, key: bytes | None, sha: str) -> str | None:
    """The fault code of the file named ``sha`` (None: it is intact)."""
    try:
        raw = blob_path(ctx.paths.data_dir, sha).read_bytes()
    except FileNotFoundError:
        return "file_missing"
    except OSError:
        return "file_damaged"
    try:
        decode(raw, key, sha)
    except BlobMissing:
        return "file_missing"
    except SealedFileUnreadable as exc:
        return "file_wrong_key" if exc.message == WRONG_KEY else "file_damaged"
    return None


def check_files(ctx: AppContext) -> list[str]:
    """The faults of the station's files (an empty list: all intact)."""
    faults: list[str] = []
    key = file_key(ctx)
    verdicts: dict[str, str | None] = {}
    for table, row, sha in _references(ctx):
        if sha not in verdicts:
            verdicts[sha] = _fault_of(ctx, key, sha)
        code = verdicts[sha]
        if code is not None:
            faults.append(Fault(code, table=table, row=row, name=sha))
    if key is not None:
        for path in stored_files(ctx.paths.data_dir):
            if path.name.startswith(TEMP_PREFIX):
                continue
            if not head_is_sealed(path):
                faults.append(Fault("file_plain", name=path.name))
    if len(faults) > LIMIT_FAULTS:
        faults = [*faults[:LIMIT_FAULTS], Fault("more")]
    return faults
