"""The station's files at rest (issue 17.4): scans and answers' files sealed with AES-256-GCM
in authenticated chunks. A wrong key, a flipped byte, a cut, a chunk moved or taken from
another file: each refused with a clear error, never partial bytes. A stolen data folder holds
no page in plain; db check finds a plain or a damaged file; the in-place conversion of a
station's plain files survives SIGKILL and is idempotent."""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from counter_app.domain.errors import StoreError
from counter_app.i18n import Translator
from counter_app.scanning.base import DeviceInfo, DeviceOptions, ScanSettings
from counter_app.services.attachments import add_attachment
from counter_app.services.context import Actor
from counter_app.services.files import file_key, put_blob, read_blob, upload_source
from counter_app.services.files_check import check_files
from counter_app.services.scan_filing import import_scan
from counter_app.services.scan_unfiled import scan_thumbnail, unfiled_page_pdf
from counter_app.services.users import add_user
from counter_app.store import filecrypt
from counter_app.store.blob_files import (
    blob_path,
    encrypt_existing,
    head_is_sealed,
    store_blob,
    stored_files,
)
from counter_app.store.filecrypt import (
    DAMAGED,
    HEADER,
    NEWER,
    TAG,
    WRONG_KEY,
    SealedFileUnreadable,
    is_sealed,
    open_sealed,
    seal,
)
from counter_protocol.durable import TEMP_PREFIX
from tests.conftest import Station, run_cli
from tests.scanning.scanstack import StackMaker
from tests.sync.test_attachments import new_request

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))
SMALL = 4096  # the smallest chunk a file may use: many chunks from few bytes
MARKER = b"Fatima Abdullah Al-Ahmad, national number 01020304050"


def _name(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _unreadable(blob: bytes, key: bytes = KEY, name: str = "") -> str:
    with pytest.raises(SealedFileUnreadable) as caught:
        open_sealed(blob, key, name)
    return caught.value.message


# --- the format --------------------------------------------------------------------------


@pytest.mark.parametrize("size", [0, 1, SMALL - 1, SMALL, SMALL + 1, 3 * SMALL, 50_000])
def test_round_trip_at_every_chunk_edge(size: int) -> None:
    data = random.Random(size).randbytes(size)
    sealed = seal(data, KEY, _name(data), chunk=SMALL)
    assert is_sealed(sealed) and not is_sealed(data or b"%PDF-1.7")
    chunks = max(1, -(-size // SMALL))
    assert len(sealed) == HEADER + size + TAG * chunks
    assert open_sealed(sealed, KEY, _name(data)) == data
    # A new random nonce per file: the same bytes sealed twice look unrelated.
    assert seal(data, KEY, _name(data), chunk=SMALL)[HEADER:] != sealed[HEADER:]


def test_a_typical_scan_round_trips_in_megabyte_chunks() -> None:
    data = random.Random(7).randbytes(2_500_000)
    sealed = seal(data, KEY, _name(data))
    assert len(sealed) == HEADER + len(data) + 3 * TAG
    assert open_sealed(sealed, KEY, _name(data)) == data
    assert data[1000:1064] not in sealed


def test_another_key_is_told_apart_from_damage_and_said_in_arabic() -> None:
    data = b"%PDF-1.4 a scanned page"
    sealed = seal(data, KEY, _name(data))
    assert _unreadable(sealed, OTHER_KEY, _name(data)) == WRONG_KEY
    with pytest.raises(SealedFileUnreadable) as caught:
        open_sealed(sealed, OTHER_KEY, _name(data))
    arabic = caught.value.render(Translator.for_language("ar"))
    assert _name(data) in arabic and arabic != caught.value.render()
    assert any("\u0600" <= c <= "\u06ff" for c in arabic)


def test_every_flipped_byte_is_detected() -> None:
    data = random.Random(1).randbytes(2 * SMALL + 100)  # two full chunks and a short one
    sealed = seal(data, KEY, _name(data), chunk=SMALL)
    for at in range(len(sealed)):
        damaged = bytearray(sealed)
        damaged[at] ^= 0x01
        message = _unreadable(bytes(damaged), name=_name(data))
        # The header's start is covered by the key check, the rest by the chunks' tags.
        assert message in (DAMAGED, WRONG_KEY, NEWER), at
        if at >= HEADER:
            assert message == DAMAGED, at


def test_every_truncation_is_detected() -> None:
    data = random.Random(2).randbytes(3 * SMALL)  # ends exactly on a chunk boundary
    sealed = seal(data, KEY, _name(data), chunk=SMALL)
    for length in range(len(sealed)):
        assert _unreadable(sealed[:length], name=_name(data)) == DAMAGED, length
    # Cut after a whole chunk (the boundary a chunked reader would stop at): still refused.
    assert _unreadable(sealed[: HEADER + 2 * (SMALL + TAG)], name=_name(data)) == DAMAGED
    assert _unreadable(sealed + b"\0", name=_name(data)) == DAMAGED  # and grown


def test_chunks_reordered_or_taken_from_another_file_are_refused() -> None:
    one = random.Random(3).randbytes(3 * SMALL)
    two = random.Random(4).randbytes(3 * SMALL)
    a = seal(one, KEY, _name(one), chunk=SMALL)
    b = seal(two, KEY, _name(two), chunk=SMALL)
    step = SMALL + TAG

    def chunk(blob: bytes, i: int) -> bytes:
        return blob[HEADER + i * step : HEADER + (i + 1) * step]

    swapped = a[:HEADER] + chunk(a, 0) + chunk(b, 1) + chunk(a, 2)
    assert _unreadable(swapped, name=_name(one)) == DAMAGED
    reordered = a[:HEADER] + chunk(a, 1) + chunk(a, 0) + chunk(a, 2)
    assert _unreadable(reordered, name=_name(one)) == DAMAGED
    # The same content sealed twice: even its own chunk from the other copy does not fit.
    again = seal(one, KEY, _name(one), chunk=SMALL)
    assert _unreadable(a[:HEADER] + chunk(again, 0) + a[HEADER + step :], name=_name(one))
    # A whole file given another file's name (a scan put in place of another) is refused.
    assert _unreadable(a, name=_name(two)) == DAMAGED
    # B's header on A's chunks: the nonce prefix differs.
    assert _unreadable(b[:HEADER] + a[HEADER:], name=_name(one)) == DAMAGED


def test_a_newer_format_is_said_so() -> None:
    sealed = bytearray(seal(b"x", KEY, "n"))
    sealed[len(filecrypt.MAGIC)] = filecrypt.VERSION + 1
    assert _unreadable(bytes(sealed), name="n") == NEWER


# --- an encrypted station ----------------------------------------------------------------


@pytest.fixture
def archivist(station: Station) -> Actor:
    add_user(station.ctx, station.admin, username="archive1", role="archive", password="arch-123!")
    with station.ctx.store.read() as session:
        return station.ctx.actor(session, "archive1")


@pytest.fixture(scope="module")
def stacks() -> StackMaker:
    return StackMaker(seed=17)


def _is_encrypted(station: Station) -> None:
    assert station.ctx.store.key is not None, "the station fixture makes encrypted stations"


def _marked_pdf() -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.setPageCompression(0)  # the words stand in the file as written
    canvas.drawString(72, 720, MARKER.decode())
    canvas.showPage()
    canvas.save()
    pdf = out.getvalue()
    assert MARKER in pdf  # else the search below would prove nothing
    return pdf


def test_a_stolen_data_folder_holds_no_page_in_plain(
    station: Station, archivist: Actor, stacks: StackMaker
) -> None:
    _is_encrypted(station)
    ref = new_request(station)
    stack = stacks.stack([(None, 1), (ref, 2)])  # a page before any cover: unfiled
    result = import_scan(station.ctx, archivist, stack.pdf, filename="desk.pdf")
    assert result.status == "partial"
    pdf = _marked_pdf()
    info = add_attachment(
        station.ctx,
        station.clerk,
        ref,
        pdf,
        doc_type="ID_CARD",
        filename="id.pdf",
        media_type="application/pdf",
    )
    home = station.ctx.paths.data_dir.parent
    files = [p for p in home.rglob("*") if p.is_file()]
    blobs = stored_files(station.ctx.paths.data_dir)
    assert len(blobs) >= 4 and all(head_is_sealed(p) for p in blobs)
    probes = [b"%PDF", MARKER, stack.pdf[4000:4064], pdf[-200:-100]]
    for path in files:
        content = path.read_bytes()
        for probe in probes:
            assert probe not in content, (path, probe[:16])
    # Through the app every file is whole: the scan, its thumbnail, the unfiled page.
    assert read_blob(station.ctx, info.sha256) == pdf
    assert (
        scan_thumbnail(station.ctx, archivist, result.filed[0].sha256, width=80)[:8]
        == b"\x89PNG\r\n\x1a\n"
    )
    assert unfiled_page_pdf(station.ctx, archivist, result.unfiled[0].id).startswith(b"%PDF")
    assert read_blob(station.ctx, _name(stack.pdf)) == stack.pdf  # the scanned file itself
    assert upload_source(station.ctx, info.sha256) == pdf  # what sync sends HQ: the plain bytes


def test_the_file_key_is_derived_once_per_context_and_not_the_database_key(
    station: Station,
) -> None:
    _is_encrypted(station)
    first = file_key(station.ctx)
    assert first is not None and len(first) == 32 and first != station.ctx.store.key
    assert file_key(station.ctx) is first  # cached on the context, not recomputed


def test_a_damaged_scan_is_a_clear_error_and_changes_nothing(
    station: Station, archivist: Actor, stacks: StackMaker
) -> None:
    _is_encrypted(station)
    result = import_scan(station.ctx, archivist, stacks.stack([(None, 1)]).pdf, filename="lone.pdf")
    [page] = result.unfiled
    path = blob_path(station.ctx.paths.data_dir, page.sha256)
    damaged = bytearray(path.read_bytes())
    damaged[HEADER + 10] ^= 0x40
    path.write_bytes(bytes(damaged))
    with pytest.raises(StoreError) as caught:
        unfiled_page_pdf(station.ctx, archivist, page.id)
    assert "damaged" in str(caught.value) and str(page.id) in str(caught.value)
    assert path.read_bytes() == bytes(damaged)  # left for a person, not overwritten


def test_db_check_finds_a_plain_a_damaged_a_missing_and_a_foreign_file(
    station: Station, archivist: Actor, stacks: StackMaker
) -> None:
    _is_encrypted(station)
    ref = new_request(station)
    result = import_scan(
        station.ctx, archivist, stacks.stack([(None, 2), (ref, 1)]).pdf, filename="s.pdf"
    )
    assert check_files(station.ctx) == []
    clean = run_cli("db", "check", "--json")
    assert json.loads(clean.out)["files"] == [], clean.out
    data_dir = station.ctx.paths.data_dir
    filed = result.filed[0].sha256
    first, second = (p.sha256 for p in result.unfiled)
    plain = read_blob(station.ctx, filed)
    blob_path(data_dir, filed).write_bytes(plain)  # kept unencrypted (not converted yet)
    sealed = blob_path(data_dir, first)
    sealed.write_bytes(sealed.read_bytes()[:-1])  # cut short
    blob_path(data_dir, second).unlink()  # missing
    found = check_files(station.ctx)
    codes = {(f.code, f.params.get("name")) for f in found}  # type: ignore[attr-defined]
    assert ("file_plain", filed) in codes
    assert ("file_damaged", first) in codes
    assert ("file_missing", second) in codes
    assert all(f.code != "file_damaged" or f.params["name"] != filed for f in found)  # type: ignore[attr-defined]
    assert read_blob(station.ctx, filed) == plain  # a plain file still reads meanwhile

    shown = run_cli("db", "check", "--json")
    assert shown.code == 1
    listed = json.loads(shown.out)
    assert {f["code"] for f in listed["faults"] if f["section"] == "files"} >= {
        "file_plain",
        "file_damaged",
        "file_missing",
    }
    words = run_cli("--lang", "ar", "db", "check")
    assert words.code == 1 and filed in words.out
    assert "kept unencrypted" not in words.out  # said in Arabic

    # Another station's key (a data folder copied between PCs): said as such.
    station.ctx._file_key = (station.ctx.store.key or b"", OTHER_KEY)
    foreign = {f.code for f in check_files(station.ctx)}  # type: ignore[attr-defined]
    assert "file_wrong_key" in foreign


def test_encrypt_existing_seals_plain_files_once(station: Station) -> None:
    _is_encrypted(station)
    data_dir = station.ctx.paths.data_dir
    key = file_key(station.ctx)
    assert key is not None
    scans = [random.Random(i).randbytes(1000 * (i + 1)) for i in range(5)]
    for scan in scans[:3]:
        store_blob(data_dir, scan)  # written before the station was encrypted
    for scan in scans[3:]:
        put_blob(station.ctx, scan)
    rotten = blob_path(data_dir, _name(scans[0]))
    rotten.write_bytes(b"not what its name says")
    first = encrypt_existing(data_dir, key)
    assert (first.sealed, first.already, first.damaged) == (2, 2, 1)
    before = {p: p.read_bytes() for p in stored_files(data_dir)}
    again = encrypt_existing(data_dir, key)
    assert (again.sealed, again.already, again.damaged) == (0, 4, 1)
    assert {p: p.read_bytes() for p in stored_files(data_dir)} == before  # nothing rewritten
    for scan in scans[1:]:
        assert read_blob(station.ctx, _name(scan)) == scan
    assert rotten.read_bytes() == b"not what its name says"  # left for db check and a person
    # cli/cmd_db_keys.py (db encrypt) finds the conversion in filecrypt and gets a count.
    assert filecrypt.encrypt_existing(data_dir, key) == 0


_SLOW_CONVERSION = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    real = os.replace
    def replace(src, dst):  # one line per file sealed, then a pause for the killer
        real(src, dst)
        print("sealed", flush=True)
        time.sleep(0.004)
    os.replace = replace
    from counter_app.store.blob_files import encrypt_existing
    encrypt_existing(Path(sys.argv[1]), bytes.fromhex(sys.argv[2]))
    """
)


def _check_each_file_whole(data_dir: Path, scans: dict[str, bytes]) -> tuple[int, int]:
    """Every file is there, plain and whole or sealed and opening to its name."""
    sealed = plain = 0
    for sha, scan in scans.items():
        raw = blob_path(data_dir, sha).read_bytes()
        if is_sealed(raw):
            assert open_sealed(raw, KEY, sha) == scan
            sealed += 1
        else:
            assert raw == scan
            plain += 1
    return sealed, plain


def test_encrypt_existing_survives_sigkill_anywhere(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    scans = {}
    for i in range(120):
        scan = random.Random(i).randbytes(40_000 + i)
        sha, _ = store_blob(data_dir, scan)
        scans[sha] = scan
    rng = random.Random(5)
    for round_no in range(3):
        proc = subprocess.Popen(
            [sys.executable, "-c", _SLOW_CONVERSION, str(data_dir), KEY.hex()],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        for _ in range(8 + 10 * round_no):
            assert proc.stdout.readline() == "sealed\n"
        # Killed a little after a rename: in the pause, or inside the next file's writing.
        time.sleep(rng.uniform(0, 0.006))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        sealed, plain = _check_each_file_whole(data_dir, scans)
        assert sealed >= 8 + 10 * round_no and plain > 0, (round_no, sealed, plain)
    counts = encrypt_existing(data_dir, KEY)
    assert counts.damaged == 0 and counts.sealed + counts.already == len(scans)
    assert _check_each_file_whole(data_dir, scans) == (len(scans), 0)
    assert not [p for p in stored_files(data_dir) if p.name.startswith(TEMP_PREFIX)]
    assert encrypt_existing(data_dir, KEY).already == len(scans)


# --- the other files with citizen data in the data folder --------------------------------


def test_saved_pdfs_in_the_stations_own_folder_are_not_kept_past_a_day(tmp_path: Path) -> None:
    from counter_app.printing.backends.pdffile import KEEP_SECONDS, PdfFileBackend

    own, chosen = tmp_path / "data" / "printed", tmp_path / "share"
    own.mkdir(parents=True)
    chosen.mkdir()
    day_old = time.time() - KEEP_SECONDS - 60
    for folder in (own, chosen):
        for name in ("receipt-old.pdf", ".partial-x.pdf", "notes.txt"):
            (folder / name).write_bytes(b"%PDF-1.4 " + MARKER)
            os.utime(folder / name, (day_old, day_old))
        (folder / "receipt-today.pdf").write_bytes(b"%PDF-1.4 today")
    backend = PdfFileBackend(own)
    job = backend.send(str(own), b"%PDF-1.4 new receipt", title="Receipt")
    assert sorted(p.name for p in own.iterdir()) == sorted(
        ["notes.txt", "receipt-today.pdf", Path(job.job_id or "").name]
    )
    backend.send(str(chosen), b"%PDF-1.4 elsewhere", title="Receipt")  # the user's folder
    assert {"receipt-old.pdf", ".partial-x.pdf", "receipt-today.pdf"} <= {
        p.name for p in chosen.iterdir()
    }


class _OnePageScanner:
    backend = "test"

    def __init__(self) -> None:
        self.folders: list[Path] = []

    def devices(self) -> list[DeviceInfo]:
        return [DeviceInfo("test:0", "test", "one page", "virtual device")]

    def options(self, device: str) -> DeviceOptions:
        raise AssertionError("filing a scan never asks the device's options")

    def scan(self, device: str, settings: ScanSettings, folder: Path) -> list[Path]:
        from PIL import Image

        self.folders.append(folder)
        page = folder / "page-1.png"
        Image.new("L", (1654, 2339), 255).save(page, dpi=(200, 200))  # A4 at 200 dpi
        return [page]


def test_a_killed_scans_raw_pages_are_swept_by_the_next_scan(
    station: Station, archivist: Actor
) -> None:
    from counter_app.services.scan_station import WORK_STALE_SECONDS, scan_and_file

    work = station.ctx.paths.data_dir / "scanning"
    left = work / "scan-killed"
    left.mkdir(parents=True)
    (left / "page-1.png").write_bytes(b"\x89PNG a citizen's paper")
    old = time.time() - WORK_STALE_SECONDS - 60
    os.utime(left, (old, old))
    young = work / "scan-running"  # another scan under way in this minute: left alone
    young.mkdir()
    scanner = _OnePageScanner()
    result = scan_and_file(station.ctx, archivist, scanner, ScanSettings())
    assert result.pages == 1 and result.source == "scanner"
    assert not left.exists() and young.is_dir()
    assert not scanner.folders[0].exists()  # this scan's own pages: removed once filed
