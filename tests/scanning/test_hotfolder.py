"""The hot folder: a file is taken only once completely written, stored before it is moved,
moved to done/ or quarantine/ (never replacing a file there). On an encrypted station a filed
scan is removed instead of kept plain in done/, once its sealed copy reads back the same;
what goes to quarantine/ is always kept."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from counter_app.paths import AppPaths
from counter_app.scanning.hotfolder import HotFolder
from counter_app.services.context import Actor, AppContext
from counter_app.services.files import blob_path, file_key, read_blob
from counter_app.services.scan_station import watch_hot_folder
from counter_app.services.setup import setup_station
from counter_app.services.users import add_user
from counter_app.store.blob_files import head_is_sealed
from tests.conftest import ANY_CENTER, FixedClock, Station
from tests.scanning.conftest import TWO_PAPERS, NewRequest, counts
from tests.scanning.scanstack import StackMaker

# The station's center must offer the services these tests take.
pytestmark = ANY_CENTER


class Ticks:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_file_is_taken_only_after_it_stopped_changing(tmp_path: Path) -> None:
    clock = Ticks()
    hot = HotFolder(tmp_path, settle=2.0, clock=clock)
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.7\n" + b"x" * 1000)
    assert hot.ready() == []  # first seen
    clock.now += 5
    with scan.open("ab") as fh:  # the scanner is still writing
        fh.write(b"y" * 1000)
    assert hot.ready() == []
    clock.now += 1
    with scan.open("ab") as fh:
        fh.write(b"\n%%EOF\n")
    assert hot.ready() == []
    clock.now += 1.9
    assert hot.ready() == []  # unchanged, but not for 2 s yet
    clock.now += 0.2
    assert hot.ready() == [scan]


def test_a_pdf_without_its_end_waits_until_max_wait(tmp_path: Path) -> None:
    clock = Ticks()
    hot = HotFolder(tmp_path, settle=1.0, max_wait=60.0, clock=clock)
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(b"%PDF-1.7\n" + b"x" * 500)  # no %%EOF: the writer may have paused
    empty = tmp_path / "empty.tif"
    empty.write_bytes(b"")  # created first, filled later by some SMB clients
    hot.ready()
    clock.now += 30
    assert hot.ready() == []
    clock.now += 31
    assert hot.ready() == [cut, empty]  # taken at last, to be quarantined


def test_temporary_hidden_and_other_files_are_left_alone(tmp_path: Path) -> None:
    clock = Ticks()
    hot = HotFolder(tmp_path, settle=0.0, clock=clock)
    for name in ("scan.pdf.part", ".scan.pdf", "~scan.pdf", "readme.txt"):
        (tmp_path / name).write_bytes(b"%PDF-1.7\n%%EOF\n")
    (tmp_path / "sub.pdf").mkdir()
    hot.ready()
    clock.now += 1
    assert hot.ready() == []


def test_moving_never_replaces_a_file_already_there(tmp_path: Path) -> None:
    hot = HotFolder(tmp_path)
    hot.prepare()
    for content in (b"first", b"second", b"third"):
        (tmp_path / "scan.pdf").write_bytes(content)
        hot.move_done(tmp_path / "scan.pdf")
    done = tmp_path / "done"
    assert sorted(p.name for p in done.iterdir()) == ["scan-1.pdf", "scan-2.pdf", "scan.pdf"]
    assert (done / "scan.pdf").read_bytes() == b"first"
    assert (done / "scan-2.pdf").read_bytes() == b"third"


def test_a_noisy_stack_dropped_in_the_hot_folder_is_filed(
    station: Station,
    archivist: Actor,
    new_request: NewRequest,
    stacks: StackMaker,
    tmp_path: Path,
) -> None:
    """The end-to-end case of the issue: cover sheets and documents from the printing module,
    printed at 200 dpi with noise, skew and JPEG 60, one multi-page PDF in the hot folder."""
    refs = [new_request(), new_request(TWO_PAPERS), new_request(), new_request()]
    stack = stacks.stack([(refs[0], 1), (refs[1], 2), (refs[2], 3), (refs[3], 1)])
    folder = tmp_path / "hot"
    folder.mkdir()
    (folder / "stack-0001.pdf").write_bytes(stack.pdf)
    (folder / "broken.pdf").write_bytes(stack.pdf[:-4000])  # no %%EOF; taken after max_wait
    (folder / "empty.jpg").write_bytes(b"")
    (folder / "writing.pdf.part").write_bytes(stack.pdf[:100])

    items = watch_hot_folder(station.ctx, archivist, folder, once=True, settle=0.05, max_wait=0.05)
    by_name = {item.path.name: item for item in items}
    assert sorted(by_name) == ["broken.pdf", "empty.jpg", "stack-0001.pdf"]
    filed = by_name["stack-0001.pdf"].result
    assert filed is not None and filed.status == "filed"
    expected = [
        (
            ref,
            [
                p + 1
                for p, page in enumerate(stack.pages)
                if page.receipt_no == ref and not page.cover
            ],
        )
        for ref in refs
    ]
    assert [(f.receipt_no, f.pages) for f in filed.filed] == expected
    # An encrypted station (the tests' stations are): no plain copy left in the hot folder,
    # the station's own sealed copy opens to the same bytes.
    assert by_name["stack-0001.pdf"].removed and by_name["stack-0001.pdf"].moved_to is None
    assert not (folder / "stack-0001.pdf").exists()
    assert list((folder / "done").iterdir()) == []
    sha = hashlib.sha256(stack.pdf).hexdigest()
    assert head_is_sealed(blob_path(station.ctx.paths.data_dir, sha))
    assert read_blob(station.ctx, sha) == stack.pdf
    for name in ("broken.pdf", "empty.jpg"):  # a person must look at these: kept as they are
        result = by_name[name].result
        assert result is not None and result.status == "quarantined"
        assert by_name[name].moved_to == folder / "quarantine" / name
        assert not by_name[name].removed
    assert (folder / "quarantine" / "broken.pdf").read_bytes() == stack.pdf[:-4000]
    assert (folder / "writing.pdf.part").exists()  # not a scan (yet): untouched

    # The same scan dropped again (a scanner retrying): duplicate, nothing changes.
    before = counts(station)
    (folder / "stack-0001.pdf").write_bytes(stack.pdf)
    again = watch_hot_folder(station.ctx, archivist, folder, once=True, settle=0.05)
    assert [(i.result.status if i.result else None) for i in again] == ["duplicate"]
    assert again[0].removed and not (folder / "stack-0001.pdf").exists()
    assert counts(station) == before


def test_a_file_still_being_written_stays_in_the_hot_folder(
    station: Station, archivist: Actor, stacks: StackMaker, tmp_path: Path
) -> None:
    stack = stacks.stack([(None, 1)])
    folder = tmp_path / "hot"
    folder.mkdir()
    half = folder / "scan.pdf"
    half.write_bytes(stack.pdf[: len(stack.pdf) // 2])
    assert watch_hot_folder(station.ctx, archivist, folder, once=True, settle=0.05) == []
    assert half.exists() and counts(station)["scan_imports"] == 0
    half.write_bytes(stack.pdf)  # the scanner finished
    items = watch_hot_folder(station.ctx, archivist, folder, once=True, settle=0.05)
    assert [i.result.status if i.result else None for i in items] == ["unfiled"]
    # No cover sheet: its pages wait in the app's unfiled queue, sealed; on an encrypted
    # station no plain copy stays in the hot folder (a plain station's goes to quarantine/).
    assert not half.exists() and items[0].removed
    assert list((folder / "quarantine").iterdir()) == []
    assert counts(station)["unfiled_pages"] == 1


def test_the_desktop_watcher_files_drops_and_survives_a_missing_share(
    station: Station,
    archivist: Actor,
    new_request: NewRequest,
    stacks: StackMaker,
    tmp_path: Path,
) -> None:
    import time

    from counter_app.services.scan_station import HotFolderWatcher
    from counter_app.ui.app import start_hot_folder

    assert start_hot_folder(station.ctx, station.clerk, str(tmp_path)) is None  # not archive
    assert start_hot_folder(station.ctx, archivist, "") is None  # no folder configured

    blocker = tmp_path / "not-a-folder"
    blocker.write_bytes(b"x")
    broken = HotFolderWatcher(
        station.ctx, archivist, blocker / "hot", interval=0.05, settle=0.05, retry=0.05
    )
    broken.start()
    deadline = time.monotonic() + 10
    while broken.last_error is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert broken.last_error is not None  # kept for a person; the thread keeps trying
    assert broken.stop(timeout=10)

    folder = tmp_path / "hot"
    watcher = start_hot_folder(station.ctx, archivist, str(folder))
    assert watcher is not None
    watcher.interval = watcher.settle = 0.05
    try:
        ref = new_request()
        time.sleep(0.2)  # the watcher made the folder and took its first look
        (folder / "scan-1.pdf").write_bytes(stacks.stack([(ref, 1)]).pdf)
        deadline = time.monotonic() + 20
        while watcher.taken == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        assert watcher.stop(timeout=10)
    assert watcher.taken == 1 and not (folder / "scan-1.pdf").exists()
    assert not (folder / "done" / "scan-1.pdf").exists()  # kept sealed by the station only


def test_remove_stored_keeps_the_file_unless_the_copy_is_the_same(tmp_path: Path) -> None:
    hot = HotFolder(tmp_path)
    hot.prepare()
    scan = tmp_path / "scan.pdf"
    data = b"%PDF-1.7 scanned\n%%EOF\n"
    sha = hashlib.sha256(data).hexdigest()
    scan.write_bytes(data)

    def damaged(_sha: str) -> bytes:
        raise OSError("the stored copy does not open")

    assert not hot.remove_stored(scan, sha, lambda _sha: b"other bytes")
    assert not hot.remove_stored(scan, sha, damaged)
    assert not hot.remove_stored(scan, "0" * 64, lambda _sha: data)  # changed since filed
    assert scan.read_bytes() == data
    assert hot.remove_stored(scan, sha, lambda _sha: data)
    assert not scan.exists()
    assert not hot.remove_stored(scan, sha, lambda _sha: data)  # gone already: nothing to do


def test_a_stored_copy_that_does_not_read_back_leaves_the_scan_in_done(
    station: Station,
    archivist: Actor,
    new_request: NewRequest,
    stacks: StackMaker,
    tmp_path: Path,
) -> None:
    """The station already holds the scan's bytes, but its sealed copy is damaged: the
    scanner's file is not removed (moved to done/ as on a plain station)."""
    pdf = stacks.stack([(new_request(), 1)]).pdf
    folder = tmp_path / "hot"
    folder.mkdir()
    (folder / "first.pdf").write_bytes(pdf)
    [item] = watch_hot_folder(station.ctx, archivist, folder, once=True, settle=0.05)
    assert item.removed
    stored = blob_path(station.ctx.paths.data_dir, hashlib.sha256(pdf).hexdigest())
    raw = bytearray(stored.read_bytes())
    raw[100] ^= 0x01  # same size: kept as it is by the next store
    stored.write_bytes(bytes(raw))
    (folder / "again.pdf").write_bytes(pdf)
    [again] = watch_hot_folder(station.ctx, archivist, folder, once=True, settle=0.05)
    assert not again.removed and again.moved_to == folder / "done" / "again.pdf"
    assert again.moved_to.read_bytes() == pdf


@pytest.fixture
def plain_station() -> Iterator[Station]:
    """A station set up with its database not encrypted (``setup --encryption off``)."""
    ctx = AppContext.open(AppPaths.default())
    ctx.clock = FixedClock()
    setup_station(
        ctx,
        center_code="DMS",
        center_name="مركز خدمة المواطن - دمشق",
        station_no=2,
        admin_username="admin",
        admin_password="admin-pass-123",
    )
    with ctx.store.read() as session:
        admin = ctx.actor(session, "admin")
    add_user(ctx, admin, username="clerk1", role="clerk", password="clerk-pass-123")
    add_user(ctx, admin, username="archive1", role="archive", password="arch-123!")
    with ctx.store.read() as session:
        clerk = ctx.actor(session, "clerk1")
    yield Station(ctx=ctx, admin=admin, clerk=clerk, clock=ctx.clock)  # type: ignore[arg-type]
    ctx.close()


def test_a_plain_station_keeps_the_filed_scan_in_done(
    plain_station: Station, stacks: StackMaker, tmp_path: Path
) -> None:
    from tests.scanning.conftest import ONE_PAPER
    from tests.ui.keys_lookup import submit

    ctx = plain_station.ctx
    assert file_key(ctx) is None
    ref = submit(plain_station, code=ONE_PAPER)
    with ctx.store.read() as session:
        archivist = ctx.actor(session, "archive1")
    pdf = stacks.stack([(ref, 1)]).pdf
    folder = tmp_path / "hot"
    folder.mkdir()
    (folder / "scan.pdf").write_bytes(pdf)
    loose = stacks.stack([(None, 1)]).pdf  # no cover sheet: not filed
    (folder / "loose.pdf").write_bytes(loose)
    items = watch_hot_folder(ctx, archivist, folder, once=True, settle=0.05)
    by_name = {i.path.name: i for i in items}
    item = by_name["scan.pdf"]
    assert item.result is not None and item.result.status == "filed"
    assert not item.removed and item.moved_to == folder / "done" / "scan.pdf"
    assert (folder / "done" / "scan.pdf").read_bytes() == pdf
    assert not by_name["loose.pdf"].removed
    assert (folder / "quarantine" / "loose.pdf").read_bytes() == loose
