"""Memory over a working day: the desktop counter's RSS while a clerk works for hours.

    PYTHONPATH=src python bench/bench_soak.py [--db PATH | --empty] [--intakes 800]
                                              [--quick] [--trace] [--write-docs]

One process is the counter as it runs at a desk: offscreen Qt, the real login dialog signed in
through its own button, then what ``ui.app.run`` builds after a login (main window, idle lock,
barcode wedge, the daily integrity check, the archive's hot-folder watcher; sync only when the
station is enrolled, which a bench copy is not), on a copy of the 1M-request station. The clerk
is a supervisor account added to the copy: at a small center one person takes requests and
files the scans, so both the counter's screens and the hot folder run in the one process.

Everything goes through the real screens, one action after the other with the Qt event loop
turning while the operation runs on ``Operations``' worker threads:

- *intake*: "New request", the service chosen in the form's list, national number, name,
  phone and the service's fields typed as key events, the checklist chosen, "Save and print
  receipt" clicked; done when the saved request's receipt was sent to the ``pdf:`` printer;
- *lookup*: the lookup screen (F4), the query typed as key events and Enter; a name, a national
  number, or a receipt number (which opens its request, as a barcode gun's would);
- *request view*: a name search's first result opened with Enter (the request screen loads);
- *print*: on the request screen, "Reprint receipt" or "Print cover sheet" (``pdf:`` printer);
- *scan*: a network scanner (a separate process, as it is a separate machine) drops a stack of
  scanned pages (per request a cover sheet and a document page, JPEG in PDF) into the hot
  folder; the counter's ``HotFolderWatcher`` takes it, files it and moves it to done/.

A busy counter's hour is 40 intakes (each printing its receipt), 120 lookups (72 by name, 24 by
national number, 24 by receipt number, which open the request), 16 more requests opened from
name results, 10 reprints or cover sheets, and 20 requests' papers scanned (5 hot-folder files
of 4 requests). A working day is 8 such hours = 320 intakes. The run goes on for several days'
worth (``--intakes``) so that a leak shows as a slope. RSS (``VmRSS``) and its peak
(``VmHWM``) come from ``/proc/self/status``; with them, at every sample, the number of Qt
widgets alive, the Qt objects under the main window and (every few samples) the Python objects
the garbage collector tracks, so growth can be told apart: Python objects, Qt objects, or
neither (the C allocator). ``--trace`` adds tracemalloc snapshots (slow: a diagnosis run).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from docs_section import put_section  # bench/, beside this script
from measure import Sample, Series, load_average, load_text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
DOCS = ROOT / "docs" / "BENCHMARKS.md"
SECTION = "## Memory over a working day"
AFTER = "## Desktop"
DEFAULT_DB = ROOT / "bench" / "out" / "db-1000000-seed1" / "counter.sqlite3"
TARGET_MB = 250.0
PASSWORD = "soak-super-123"
USER = "soak-super"

# One busy hour at the counter.
HOUR = {
    "intake": 40,
    "lookup_name": 72,
    "lookup_nid": 24,
    "lookup_receipt": 24,  # opens the request
    "open_result": 16,  # a name search, then its first result opened
    "print": 10,
    "scan_file": 5,  # hot-folder files, SCAN_PER_FILE requests each
}
SCAN_PER_FILE = 4
DAY_HOURS = 8


# ----------------------------------------------------------------------------- memory


def proc_status() -> dict[str, float]:
    """VmRSS, VmHWM, RssAnon, RssFile of this process in MB (psutil is not a dependency)."""
    out: dict[str, float] = {}
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile", "Threads"):
                value = rest.split()[0]
                out[key] = float(value) if key == "Threads" else int(value) / 1024
    return out


MALLINFO2 = ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks")
MALLINFO2 += ("fordblks", "keepcost")


def malloc_mb() -> dict[str, float]:
    """The C allocator's view (glibc mallinfo2, every arena): bytes handed out (``used``,
    mmapped blocks included) and bytes held free inside the arenas (``held``). RSS growing
    with ``used`` is memory something keeps; with ``held``, fragmentation."""
    import ctypes

    class Info(ctypes.Structure):
        _fields_ = [(name, ctypes.c_size_t) for name in MALLINFO2]

    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallinfo2.restype = Info
        info = libc.mallinfo2()
    except (OSError, AttributeError):
        return {}
    mb = 1024 * 1024
    return {
        "malloc_used_mb": round((info.uordblks + info.hblkhd) / mb, 1),
        "malloc_held_mb": round(info.fordblks / mb, 1),
        "py_blocks_k": round(sys.getallocatedblocks() / 1000, 1),
    }


def smaps_top(limit: int = 12) -> list[tuple[str, float]]:
    """Resident MB by mapping (a library, the heap, anonymous memory), largest first."""
    totals: Counter[str] = Counter()
    name = "?"
    with open("/proc/self/smaps", encoding="utf-8", errors="replace") as fh:
        for line in fh:
            first = line.split(maxsplit=6)
            if "-" in first[0] and len(first) >= 5 and ":" in first[3]:
                name = first[5].strip() if len(first) > 5 else "[anonymous]"
                name = Path(name).name if name.startswith("/") else name
            elif first[0] == "Rss:":
                totals[name] += int(first[1])
    return [(k, round(v / 1024, 1)) for k, v in totals.most_common(limit)]


def slope_per_1000(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of (intakes, MB) points, in MB per 1,000 intakes."""
    n = len(points)
    if n < 2:
        return float("nan")
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    sxy = sum((x - mx) * (y - my) for x, y in points)
    return sxy / sxx * 1000 if sxx else float("nan")


# ----------------------------------------------------------------------------- the scanner


def scanner_main(folder: Path) -> int:
    """A network scanner: for each line ``NAME RECEIPT...`` on stdin, a stack (per request its
    cover sheet, then a document page) written beside the hot folder and renamed into it whole.
    Covers are printed by the app's own cover sheet and rendered at 200 dpi grey; the document
    pages are noisy, skewed scans (tests/scanning/scanstack.py), a few reused."""
    import io

    from tests.scanning.scanstack import StackMaker, bind_pdf, cover_pdf, render_grey

    maker = StackMaker(seed=14)
    pages = [maker.document_scan(i) for i in range(4)]
    count = 0
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "END":
            break
        name, receipts = words[0], words[1:]
        jpegs: list[bytes] = []
        for receipt in receipts:
            image = render_grey(cover_pdf(receipt))[0]
            buf = io.BytesIO()
            image.save(buf, "JPEG", quality=70, dpi=(200, 200))
            jpegs += [buf.getvalue(), pages[count % len(pages)]]
            count += 1
        part = folder.parent / f".{name}.part"
        part.write_bytes(bind_pdf(jpegs))
        os.replace(part, folder / name)
        print(name, flush=True)
    return 0


# ----------------------------------------------------------------------------- preparation


def prepare(args: argparse.Namespace, work: Path) -> Path:
    """The station the counter runs on (a copy, or an empty one) with the supervisor, and
    the citizens the clerk will see again."""
    from sqlalchemy import text

    from counter_app.paths import AppPaths
    from counter_app.services.context import AppContext
    from counter_app.services.users import add_user

    home = work / "home"
    paths = AppPaths(home / "data", home / "config", home / "log")
    if args.empty:
        from counter_app.services.sample import sample_station

        ctx = AppContext.open(paths)
        actors = sample_station(ctx, PASSWORD, staff=())
        admin = actors["admin"]
        db = paths.database
    else:
        db = work / "counter.sqlite3"
        subprocess.run(["cp", "--reflink=auto", str(args.db), str(db)], check=True)
        # A copy made before a newer migration is upgraded here, as the app would at its
        # start (after its backup), so the counter below opens it as it is.
        ctx = AppContext.open(paths, db, upgrade=True)
        with ctx.store.read() as session:
            admin = ctx.actor(session, "admin")
    add_user(ctx, admin, username=USER, role="supervisor", password=PASSWORD, full_name="مشرف")
    with ctx.store.read() as session:
        rows = session.execute(
            text(
                "SELECT national_id, name, phone FROM citizens "
                "WHERE id IN (SELECT abs(random()) % (SELECT max(id) FROM citizens) + 1 "
                "FROM requests LIMIT 4000) AND phone IS NOT NULL LIMIT 1500"
            )
        ).all()
        receipts = [
            r[0]
            for r in session.execute(
                text("SELECT receipt_no FROM requests ORDER BY id DESC LIMIT 2000")
            ).all()
        ]
    ctx.close()
    (work / "people.json").write_text(
        json.dumps({"citizens": [list(r) for r in rows], "receipts": receipts}), "utf-8"
    )
    return db


# ----------------------------------------------------------------------------- the counter


class Clerk:
    """Drives the main window the way a person does, one action at a time.

    Its actions are generators run by ``Driver`` from inside ``app.exec()``: each ``yield``
    hands back a condition and returns to the event loop until the operations are delivered
    and the condition holds, as a person waits for the screen. (Driving from outside
    ``exec()`` with ``processEvents`` would never run Qt's deferred deletes.)"""

    def __init__(self, window: Any, env: Any, rng: random.Random, people: dict) -> None:
        self.window, self.env, self.rng = window, env, rng
        self.citizens = people["citizens"]
        self.receipts: list[str] = list(people["receipts"])  # requests it may look up
        self.names: list[str] = [c[1] for c in self.citizens]
        self.nids: list[str] = [c[0] for c in self.citizens]
        self.taken: list[str] = []  # receipts saved in this run, for the scanner
        self.errors: Counter[str] = Counter()
        self.series: dict[str, Series] = {}
        self._clocks: list[int] = []
        self._threads = 0
        with env.ctx.store.read() as session:
            catalog = env.ctx.catalog(session)
        self.services = [s.code for s in catalog.services if s.active]
        self.next_nid = 90_000_000_000 + rng.randrange(1_000_000)

    # timing ---------------------------------------------------------------------------
    def _cpu_ns(self) -> int:
        """CPU of the GUI thread and the operation workers (not the hot folder, not the
        integrity check: those are measured apart)."""
        threads = threading.enumerate()
        if len(threads) != self._threads:
            self._threads = len(threads)
            self._clocks = [
                time.pthread_getcpuclockid(t.ident)
                for t in threads
                if t.ident is not None
                and (t is threading.main_thread() or t.name.startswith("counter-op"))
            ]
        return sum(time.clock_gettime_ns(c) for c in self._clocks)

    def _timed(self, kind: str, action: Any, done: Any) -> Iterator[Any]:
        c0, w0 = self._cpu_ns(), time.perf_counter_ns()
        action()
        ok = yield done
        sample = Sample(time.perf_counter_ns() - w0, self._cpu_ns() - c0)
        self.series.setdefault(kind, Series()).add(sample)
        if not ok:
            self.errors[kind + " did not finish"] += 1

    # actions --------------------------------------------------------------------------
    def _citizen(self) -> tuple[str, str, str]:
        if self.rng.random() < 0.3:  # a citizen who came before
            nid, name, phone = self.rng.choice(self.citizens)
            return nid, name, phone
        from names import FAMILY, FEMALE, MALE

        self.next_nid += 1
        first = self.rng.choice(MALE if self.rng.random() < 0.55 else FEMALE)
        name = f"{first} {self.rng.choice(MALE)} {self.rng.choice(FAMILY)}"
        phone = f"09{self.rng.randrange(30_000_000, 99_999_999)}"
        self.names.append(name)
        self.nids.append(str(self.next_nid))
        return str(self.next_nid).zfill(11), name, phone

    def intake(self) -> Iterator[Any]:
        from PySide6.QtWidgets import QComboBox
        from tests.ui.keys import type_text

        from counter_app.domain.catalog import FieldType, Requirement
        from counter_app.domain.documents import SATISFIES
        from counter_app.ui.screens.intake import DONE, FORM

        window = self.window
        screen = window.screens["intake"]
        if screen.pages.currentIndex() == DONE:
            screen.next_citizen.click()  # "New request"
        code = self.rng.choice(self.services)
        window.start_intake(code)
        if not (yield lambda: screen.catalog is not None and screen.service is not None):
            self.errors["intake form did not open"] += 1
            return
        nid, name, phone = self._citizen()
        type_text(screen.citizen.nid.editor, nid)
        type_text(screen.citizen.name.editor, name)
        type_text(screen.citizen.phone.editor, phone)
        samples = {
            FieldType.TEXT: "المزة - شارع الجلاء",
            FieldType.NATIONAL_ID: "09080706050",
            FieldType.PHONE: "0933123456",
            FieldType.DATE: "01/05/2020",
            FieldType.ORGANIZATION: "جمعية البر الخيرية",
        }
        for field, fdef in zip(screen.fields, screen.service.fields, strict=True):
            if not fdef.required:
                continue
            if isinstance(field.editor, QComboBox):
                field.editor.setCurrentIndex(1)
            elif fdef.type is FieldType.NUMBER:
                type_text(field.editor, str(int(fdef.min or 1)))
            else:
                type_text(field.editor, samples[fdef.type])
        for row in screen.checklist.rows:
            states = [row.state.itemData(i) for i in range(row.state.count())]
            if row.doc.requirement is Requirement.OPTIONAL:
                continue
            good = [s for s in states if s in SATISFIES[row.doc.requirement]]
            pick = "copy_kept" if "copy_kept" in good else good[0]
            row.state.setCurrentIndex(states.index(pick))
        yield lambda: True  # the national number's look-up (prefill) comes back
        if not screen.save_button.isEnabled():
            self.errors["intake form not valid"] += 1
            screen.reset(keep_citizen=False)
            return
        before = screen.done.number.text()

        def printed() -> bool:
            if screen.form_error.isVisible():
                return True
            return screen.pages.currentIndex() == DONE and screen.done.number.text() != before

        yield from self._timed("intake", screen.save_button.click, printed)
        if screen.pages.currentIndex() == FORM:
            self.errors["intake not saved"] += 1
            screen.reset(keep_citizen=False)
            return
        receipt = screen.done.number.text()
        message = screen.done.message.text()
        if receipt not in message or screen.done.message.property("role") == "error":
            self.errors["receipt not printed"] += 1
        self.taken.append(receipt)
        self.receipts.append(receipt)

    def _lookup(self, kind: str, query: str) -> Iterator[Any]:
        from PySide6.QtCore import Qt
        from tests.ui.keys import press, type_text

        window = self.window
        window.go("lookup")
        screen = window.screens["lookup"]
        screen.box.clear()
        screen._edited("")
        type_text(screen.box, query)
        request = window.screens["request"]
        # Typed in one burst and ended by Enter, a receipt number is what a keyboard-wedge
        # scanner sends: the window's BarcodeWedge may take it and open the request directly
        # (ui/barcode.py), without the lookup screen searching. Either way the clerk is done.
        yield from self._timed(
            kind,
            lambda: press(screen.box, Qt.Key.Key_Return),
            lambda: (
                screen.query == query
                or not screen.error_label.isHidden()
                or (request.view is not None and request.view.receipt_no == query)
            ),
        )
        if not screen.error_label.isHidden():
            self.errors[f"{kind} failed: {screen.error_label.text()[:120]}"] += 1
        return screen

    def lookup(self, how: str) -> Iterator[Any]:
        rng = self.rng
        if how == "lookup_name":
            name = rng.choice(self.names).split()
            # a clerk types the first and family names, or the whole name
            query = " ".join([name[0], name[-1]]) if rng.random() < 0.6 else " ".join(name)
            yield from self._lookup("lookup by name", query)
        elif how == "lookup_nid":
            yield from self._lookup("lookup by national number", rng.choice(self.nids).zfill(11))
        else:
            receipt = rng.choice(self.receipts[-400:])
            request = self.window.screens["request"]
            screen = yield from self._lookup("lookup by receipt (opens it)", receipt)
            ok = yield lambda: request.view is not None and request.view.receipt_no == receipt
            searched = screen.query == receipt
            if not ok or (searched and screen.model.rowCount() != 1):
                self.errors["receipt lookup did not open the request"] += 1

    def open_result(self) -> Iterator[Any]:
        from PySide6.QtCore import Qt
        from tests.ui.keys import press

        name = self.rng.choice(self.names).split()
        screen = yield from self._lookup("lookup by name", f"{name[0]} {name[-1]}")
        request = self.window.screens["request"]
        if not screen.model.rowCount():
            return
        screen.table.setFocus()
        hit = screen.model.rows[0]
        yield from self._timed(
            "request view",
            lambda: press(screen.table, Qt.Key.Key_Return),
            lambda: request.view is not None and request.view.receipt_no == hit.receipt_no,
        )

    def reprint(self) -> Iterator[Any]:
        request = self.window.screens["request"]
        if request.view is None or self.window.current_screen() is not request:
            receipt = self.rng.choice(self.receipts[-400:])
            self.window.open_request(receipt)
            yield lambda: request.view is not None and request.view.receipt_no == receipt
        name = "reprint" if self.rng.random() < 0.7 else "print-cover"
        button = request.buttons[name]
        yield from self._timed(
            "reprint or cover sheet",
            button.click,
            lambda: bool(request.message_label.text()) or request.error_label.isVisible(),
        )
        if request.error_label.isVisible():
            self.errors["print failed"] += 1


class Driver:
    """Runs a generator of waits inside the event loop: every 2 ms (a timer on the GUI
    thread) the current condition is checked; when the operations are delivered and it holds
    (or after ``limit`` seconds: False is sent in), the generator goes on. At its end the
    application quits."""

    def __init__(self, app: Any, ops: Any, work: Iterator[Any], limit: float = 60.0) -> None:
        from PySide6.QtCore import QTimer

        self.app, self.ops, self.work, self.limit = app, ops, work, limit
        self.cond: Any = None
        self.deadline = 0.0
        self.timer = QTimer()
        self.timer.setInterval(2)
        self.timer.timeout.connect(self.tick)
        self.failure: BaseException | None = None
        self.running = False

    def start(self) -> None:
        self.timer.start()

    def tick(self) -> None:
        if self.running:  # a modal dialog's own loop turned while the clerk was acting
            return
        value: bool | None = None
        if self.cond is not None:
            if self.ops.busy == 0 and self.cond():
                value = True
            elif time.monotonic() > self.deadline:
                value = False
                code = getattr(self.cond, "__code__", None)
                where = f"line {code.co_firstlineno}" if code else repr(self.cond)
                sys.stderr.write(f"soak: a wait ({where}) timed out, busy={self.ops.busy}\n")
            else:
                return
        self.running = True
        try:
            wanted = self.work.send(value) if value is not None else next(self.work)
            self.cond, limit = wanted if isinstance(wanted, tuple) else (wanted, self.limit)
            self.deadline = time.monotonic() + limit
        except StopIteration:
            self.timer.stop()
            self.app.quit()
        except BaseException as exc:  # reported after exec() returns
            self.failure = exc
            self.timer.stop()
            self.app.quit()
        finally:
            self.running = False


def qt_counts(app: Any, window: Any) -> dict[str, int]:
    from PySide6.QtCore import QObject

    return {
        "widgets": len(app.allWidgets()),
        "window_objects": len(window.findChildren(QObject)),
    }


def top_types(limit: int = 12) -> Counter[str]:
    return Counter(type(o).__name__ for o in gc.get_objects())


def counter_main(args: argparse.Namespace) -> int:
    """The counter process: starts as ``ui.app.run`` does, signs in, works, reports JSON."""
    start_status = proc_status()
    import faulthandler
    import signal

    faulthandler.register(signal.SIGUSR1)  # kill -USR1: every thread's stack on stderr
    work = Path(args.workdir)
    people = json.loads((work / "people.json").read_text("utf-8"))
    os.environ["COUNTER_APP_HOME"] = str(work / "home")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    t0 = time.perf_counter()
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from counter_app.logs import setup_logging
    from counter_app.paths import APP_NAME, AppPaths, secure_start
    from counter_app.printing.registry import Printers
    from counter_app.services.context import AppContext
    from counter_app.services.settings import get_setting
    from counter_app.store.integrity import DailyCheck, refuse_if_damaged
    from counter_app.ui.app import apply_language, start_sync, window_settings
    from counter_app.ui.env import Events, UiEnv
    from counter_app.ui.idle import IdleLock
    from counter_app.ui.login import LoginDialog
    from counter_app.ui.operations import Operations

    def quiet(_kind: Any, _context: Any, message: str) -> None:
        if "propagateSizeHints" not in message:  # the offscreen platform's every window
            sys.stderr.write(message + "\n")

    stages: dict[str, float] = {"interpreter": start_status["VmRSS"]}

    def stage(name: str) -> None:
        stages[name] = round(proc_status()["VmRSS"], 1)

    stage("imports (Qt, services)")
    qInstallMessageHandler(quiet)
    app = QApplication([sys.argv[0]])
    app.setApplicationName(APP_NAME)
    paths = AppPaths.default()
    secure_start(paths)
    setup_logging(paths)
    ctx = AppContext.open(paths, Path(args.database), upgrade=False)
    apply_language(app, "ar", paths.data_dir / "cache")
    station = ctx.station_info()
    refuse_if_damaged(ctx.store.path)
    stage("database open, translations")
    ops = Operations()
    login = LoginDialog(ctx, station, ops, "ar")
    login.show()
    login.username.setText(USER)
    login.password.setText(PASSWORD)
    login.sign_in()
    deadline = time.monotonic() + 30
    while login.actor is None and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.002)
    if login.actor is None:
        raise SystemExit("the login did not succeed")
    login.close()
    stage("signed in")
    env = UiEnv(
        ctx=ctx,
        actor=login.actor,
        ops=ops,
        printers=Printers(pdf_folder=paths.data_dir / "printed"),
        events=Events(),
        language="ar",
        open_request=lambda _ref: None,
    )
    from counter_app.services.printing import recover_interrupted
    from counter_app.services.scan_station import HotFolderWatcher
    from counter_app.ui.barcode import BarcodeWedge
    from counter_app.ui.main_window import MainWindow

    recover_interrupted(ctx)
    window = MainWindow(env, window_settings(paths))
    env.open_request = window.open_request
    stage("main window built")
    locks: list[int] = []
    lock = IdleLock(int(get_setting(ctx, "ui.idle_lock_seconds")), lambda: locks.append(1))
    app.installEventFilter(lock)
    wedge = BarcodeWedge(window.scanned)
    app.installEventFilter(wedge)
    sync = start_sync(ctx)
    daily = DailyCheck(ctx.store.path)
    daily.start()
    hot = work / "hot"
    hot.mkdir(exist_ok=True)
    # The watcher as start_hot_folder makes it, polling faster: the scanner here writes each
    # file whole under a hidden name and renames it in, so it needs no 2 s to settle.
    watcher = HotFolderWatcher(ctx, env.actor, hot, interval=0.3, settle=0.3)
    watcher.start()
    window.show()
    startup_s = time.perf_counter() - t0

    rng = random.Random(args.seed)
    clerk = Clerk(window, env, rng, people)
    scanner = subprocess.Popen(
        [sys.executable, __file__, "--scanner", str(hot)],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    assert scanner.stdin is not None
    hot_clock = time.pthread_getcpuclockid(watcher._thread.ident)  # type: ignore[union-attr]
    samples: list[dict[str, Any]] = []
    types_at: dict[str, Counter[str]] = {}
    tracing: list[Any] = []
    mappings: list[tuple[str, float]] = []
    load0 = load_average()
    wall0 = time.perf_counter()
    hours = max(1, round(args.intakes / HOUR["intake"]))
    sent = [0]

    def sample(intakes: int, *, objects: bool = False, qt: bool = False) -> None:
        if args.trim:
            import ctypes

            ctypes.CDLL("libc.so.6").malloc_trim(0)
        st = proc_status()
        row: dict[str, Any] = {
            "intakes": intakes,
            "rss_mb": round(st["VmRSS"], 1),
            "hwm_mb": round(st["VmHWM"], 1),
            "anon_mb": round(st["RssAnon"], 1),
            "file_mb": round(st["RssFile"], 1),
            "threads": int(st["Threads"]),
            "scans_filed": watcher.taken,
            "t_s": round(time.perf_counter() - wall0, 1),
            **malloc_mb(),
        }
        if objects:
            row["py_objects"] = len(gc.get_objects())
        if qt:
            # Only at the start, after the day and at the end: listing Qt objects makes a
            # Python wrapper for each, which would itself grow the Python side.
            row.update(qt_counts(app, window))
        samples.append(row)

    def work() -> Iterator[Any]:
        yield lambda: True  # the window's first refreshes delivered
        stage("window shown, first refresh")
        sample(0, objects=True, qt=True)
        types_at["start"] = top_types()
        backlog: list[str] = []
        for hour in range(hours):
            plan = [k for k, n in HOUR.items() for _ in range(n)]
            rng.shuffle(plan)
            for what in plan:
                if what == "intake":
                    yield from clerk.intake()
                    done = len(clerk.taken)
                    if done % args.sample_every == 0:
                        sample(done, objects=done % (args.sample_every * 5) == 0)
                elif what.startswith("lookup"):
                    yield from clerk.lookup(what)
                elif what == "open_result":
                    yield from clerk.open_result()
                elif what == "print":
                    yield from clerk.reprint()
                elif what == "scan_file":
                    # the archive scans the paper of requests taken earlier
                    backlog += clerk.taken[len(backlog) :]
                    pick = [r for r in backlog[-80:] if r][:SCAN_PER_FILE]
                    if len(pick) == SCAN_PER_FILE:
                        sent[0] += 1
                        scanner.stdin.write(f"stack-{sent[0]:05d}.pdf {' '.join(pick)}\n")
                        scanner.stdin.flush()
                        for receipt in pick:
                            backlog[backlog.index(receipt)] = ""
            if hour + 1 == min(DAY_HOURS, hours):
                sample(len(clerk.taken), objects=True, qt=True)
                types_at["day"] = top_types()
            if hour + 1 == max(1, hours // 2) and args.trace:
                import tracemalloc

                tracemalloc.start(12)
                tracing.append(tracemalloc.take_snapshot())
        scanner.stdin.write("END\n")
        scanner.stdin.close()
        yield (lambda: scanner.poll() is not None), 600
        yield (lambda: watcher.taken >= sent[0]), 600
        settle = time.monotonic() + 1.0
        yield lambda: time.monotonic() > settle
        gc.collect()
        sample(len(clerk.taken), objects=True, qt=True)
        types_at["end"] = top_types()
        mappings.extend(smaps_top())

    driver = Driver(app, ops, work(), limit=60)
    driver.start()
    app.exec()
    if driver.failure is not None:
        raise driver.failure
    files_sent = sent[0]
    wall_s = time.perf_counter() - wall0
    load1 = load_average()
    trace_top: list[str] = []
    if tracing:
        import tracemalloc

        later = tracemalloc.take_snapshot()
        for stat in later.compare_to(tracing[0], "traceback")[:15]:
            trace_top.append(str(stat))
            trace_top += [f"    {line}" for line in stat.traceback.format()[-6:]]
        tracemalloc.stop()
    hot_cpu_s = time.clock_gettime_ns(hot_clock) / 1e9
    integrity_runs = daily.runs
    watcher.stop(timeout=30)
    daily.stop()
    if sync is not None:
        sync.stop(timeout=10)
    imports = 0
    with ctx.store.read() as session:
        from sqlalchemy import text

        rows = session.execute(
            text("SELECT status, count(*) FROM scan_imports GROUP BY status")
        ).all()
        imports_by_status = {str(s): int(n) for s, n in rows}
        imports = sum(imports_by_status.values())
    window.hide()
    ctx.close()

    def type_growth(a: str, b: str) -> list[tuple[str, int]]:
        diff = types_at[b].copy()
        diff.subtract(types_at[a])
        return [(k, v) for k, v in diff.most_common(12) if v > 0]

    result = {
        "start_status": start_status,
        "startup_s": round(startup_s, 2),
        "stages": stages,
        "samples": samples,
        "series": {k: s.stats() for k, s in clerk.series.items()},
        "errors": dict(clerk.errors),
        "intakes": len(clerk.taken),
        "hours": hours,
        "files_sent": files_sent,
        "files_filed": watcher.taken,
        "scan_imports": imports_by_status,
        "scan_import_rows": imports,
        "hot_folder_cpu_s": round(hot_cpu_s, 2),
        "integrity_runs": integrity_runs,
        "idle_locks": len(locks),
        "wall_s": round(wall_s, 1),
        "load": [load0, load1],
        "growth_day_to_end": type_growth("day", "end"),
        "growth_start_to_day": type_growth("start", "day"),
        "trace": trace_top,
        "mappings": mappings,
    }
    Path(args.result).write_text(json.dumps(result, indent=1), "utf-8")
    return 0


# ----------------------------------------------------------------------------- report


def summarise(res: dict[str, Any]) -> dict[str, Any]:
    samples = res["samples"]
    day = DAY_HOURS * HOUR["intake"]
    at_day = next((s for s in samples if s["intakes"] >= day), samples[-1])
    half = res["intakes"] / 2
    second = [(s["intakes"], s["rss_mb"]) for s in samples if s["intakes"] >= half]
    # RSS swings by 10-20 MB with the scan pages and PDFs in flight at the moment of a sample:
    # the day is judged by the highest sample of its last hour, not by one instant.
    last_hour = [
        s["rss_mb"]
        for s in samples
        if at_day["intakes"] - HOUR["intake"] <= s["intakes"] <= at_day["intakes"]
    ]
    return {
        "start": samples[0]["rss_mb"],
        "day": max(last_hour),
        "day_low": min(last_hour),
        "day_at": at_day["rss_mb"],
        "day_intakes": at_day["intakes"],
        "end": samples[-1]["rss_mb"],
        "peak": max(s["hwm_mb"] for s in samples),
        "slope": slope_per_1000(second),
        "widgets": [s["widgets"] for s in samples if "widgets" in s],
    }


def curve_rows(res: dict[str, Any], every: int) -> list[dict[str, Any]]:
    samples = res["samples"]
    rows = [s for s in samples if s["intakes"] % every == 0]
    if rows[-1] is not samples[-1]:
        rows.append(samples[-1])
    return rows


def printing_caches_main(database: str, count: int) -> int:
    """A fresh process renders the receipts of ``count`` distinct requests of ``database`` as a
    print job does (``services.printing.render_document``) and says what stayed behind: RSS,
    Python blocks, and the entries of the printing package's largest caches."""
    from sqlalchemy import text

    import counter_app.printing.copy as pcopy
    import counter_app.printing.fonts as pfonts
    import counter_app.printing.text as ptext
    from counter_app.domain.errors import StoreError
    from counter_app.paths import AppPaths
    from counter_app.services.context import AppContext
    from counter_app.services.printing import render_document

    home = Path(tempfile.mkdtemp(prefix="soak-caches-"))
    paths = AppPaths(home / "d", home / "c", home / "l")
    try:
        ctx = AppContext.open(paths, Path(database), upgrade=False)
    except StoreError as exc:  # e.g. a migration newer than the copy: measured elsewhere
        sys.stderr.write(f"printing caches not measured: {exc}\n")
        print("[]")
        return 0
    with ctx.store.read() as session:
        query = text("SELECT receipt_no FROM requests ORDER BY id DESC LIMIT :n")
        refs = [r[0] for r in session.execute(query, {"n": count + 20})]
        reader = ctx.actor(session, "admin")  # bench/generate.py's first admin
    for ref in refs[:20]:  # imports, fonts, first subsets
        render_document(ctx, reader, "receipt", ref, paper="80mm", language="ar")
    gc.collect()
    rss0, blocks0 = proc_status()["VmRSS"], sys.getallocatedblocks()
    points = []
    for done, ref in enumerate(refs[20:], 1):
        render_document(ctx, reader, "receipt", ref, paper="80mm", language="ar")
        if done in (count // 4, count // 2, count):
            gc.collect()
            sizes = {
                f"{mod.__name__.rsplit('.', 1)[-1]}.{name}": obj.cache_info().currsize
                for mod in (ptext, pcopy, pfonts)
                for name, obj in vars(mod).items()
                if hasattr(obj, "cache_info")
            }
            points.append(
                {
                    "receipts": done,
                    "rss_mb": round(proc_status()["VmRSS"] - rss0, 1),
                    "py_blocks_k": round((sys.getallocatedblocks() - blocks0) / 1000),
                    "largest": sorted(sizes.items(), key=lambda kv: -kv[1])[:4],
                }
            )
    ctx.close()
    shutil.rmtree(home, ignore_errors=True)
    print(json.dumps(points))
    return 0


def printing_caches(database: Path, count: int) -> list[dict[str, Any]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    cmd = [sys.executable, __file__, "--printing-caches", str(database), "--receipts", str(count)]
    out = subprocess.run(cmd, check=True, env=env, capture_output=True, text=True).stdout
    return list(json.loads(out.strip().splitlines()[-1]))


def section(
    runs: list[tuple[str, dict[str, Any]]],
    args: argparse.Namespace,
    before: tuple[str, dict[str, Any]] | None = None,
) -> str:
    label, res = runs[0]
    summ = summarise(res)
    verdict = "pass" if summ["day"] < TARGET_MB else "**MISS**"
    day = next(s for s in res["samples"] if s["intakes"] >= summ["day_intakes"] and "widgets" in s)
    out = [
        SECTION,
        "",
        f"Measured by `bench/bench_soak.py` ({res.get('date', time.strftime('%Y-%m-%d'))}, "
        f"{label}; {res['intakes']:,} intakes = {res['hours']} busy hours, wall "
        f"{res['wall_s']:.0f} s, load average {load_text(res['load'][0], res['load'][1])}). "
        "One process is the counter after a login through the real login dialog, as `ui.app` "
        "builds it (main window, idle lock, barcode wedge, daily integrity check, hot-folder "
        "watcher; sync is off: the copy is not enrolled), driven through its real screens from "
        "inside `app.exec()` (offscreen Qt), one action after the other: the intake form typed "
        "key by key and saved with its button, the receipt printed to `pdf:`; the lookup "
        "screen typed and Enter; name results opened with Enter; reprints and cover sheets "
        "from the request screen's buttons; scanned stacks (per request its cover sheet and a "
        "document page, JPEG in PDF) written by a separate scanner process into the hot folder "
        "that the counter's `HotFolderWatcher` files (polling every 0.3 s instead of 2 s). "
        "The user is a supervisor added to a copy of the station, so the counter's and the "
        "archive's screens and the hot folder are all in the one process. A busy hour: 40 "
        "intakes, 120 lookups (72 by name, 24 national number, 24 receipt number, which opens "
        "the request), 16 name results opened, 10 reprints or cover sheets, 20 requests' "
        "papers scanned in 5 files; a working day is 8 such hours = 320 intakes.",
        "",
        "| | RSS (MB) | target | result |",
        "|---|---:|---|---|",
        f"| After login, window shown (0 intakes) | {summ['start']:.0f} | | |",
        f"| After a working day ({summ['day_intakes']} intakes): the highest sample of its "
        f"last hour (lowest {summ['day_low']:.0f}, at {summ['day_intakes']} intakes "
        f"{summ['day_at']:.0f}) | {summ['day']:.0f} | < {TARGET_MB:.0f} MB | {verdict} |",
        f"| End ({res['intakes']:,} intakes) | {summ['end']:.0f} | | |",
        f"| Peak (VmHWM) | {summ['peak']:.0f} | | |",
        f"| Slope over the second half (least squares) | {summ['slope']:+.1f} per 1,000 "
        "intakes | | |",
        "",
        "The curve: RSS against intakes; beside it the C allocator (glibc `mallinfo2`: bytes "
        "in use, and bytes freed but kept in its arenas) and the objects Python's collector "
        "tracks.",
        "",
        "| intakes | RSS (MB) | peak (MB) | malloc in use (MB) | malloc free, kept (MB) "
        "| Python objects | scan files filed |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    every = max(args.sample_every, (res["intakes"] // 12) // args.sample_every * args.sample_every)
    for s in curve_rows(res, every):
        out.append(
            f"| {s['intakes']:,} | {s['rss_mb']:.0f} | {s['hwm_mb']:.0f} | "
            f"{s.get('malloc_used_mb', '')} | {s.get('malloc_held_mb', '')} | "
            f"{s.get('py_objects', '')} | {s['scans_filed']} |"
        )
    first, last = res["samples"][0], res["samples"][-1]
    stages = res.get("stages", {})
    out += [
        "",
        f"Qt widgets alive: {first['widgets']} at the start, {day['widgets']} after the day, "
        f"{last['widgets']} at the end (Qt objects under the window {first['window_objects']}, "
        f"{day['window_objects']}, {last['window_objects']}): screens reuse their widgets and "
        "deleted ones go. Start-up, RSS in MB: "
        + ", ".join(f"{k} {v:.0f}" for k, v in stages.items())
        + ". Resident at the end by mapping (MB): "
        + ", ".join(f"`{k}` {v:.0f}" for k, v in res.get("mappings", [])[:6])
        + ".",
    ]
    caches = res.get("printing_caches")
    if caches:
        out += [
            "",
            "What stays behind after printing, measured apart (a fresh process rendering the "
            "receipts of distinct requests of the same station with "
            "`services.printing.render_document`, growth after the first 20): "
            + "; ".join(
                f"{p['receipts']:,} receipts +{p['rss_mb']:.0f} MB RSS, "
                f"+{p['py_blocks_k']}k Python blocks, largest caches "
                + ", ".join(f"`{k}` {v:,}" for k, v in p["largest"])
                for p in caches
            )
            + ".",
        ]
    out += [
        "",
        "Time per operation, from the click or Enter to the result on screen; CPU is the GUI "
        "thread's plus the operation workers' (thread CPU clocks), so other processes' load "
        "does not count:",
        "",
        "| Operation | n | wall p50 (ms) | wall p95 (ms) | CPU p50 (ms) | CPU p95 (ms) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    old = before[1]["series"] if before else {}
    for kind, st in sorted(res["series"].items()):
        was = old.get(kind)
        note = f" (before: {was['cpu_p50']:.1f} / {was['cpu_p95']:.1f})" if was else ""
        out.append(
            f"| {kind} | {int(st['n']):,} | {st['wall_p50']:.1f} | {st['wall_p95']:.1f} | "
            f"{st['cpu_p50']:.1f} | {st['cpu_p95']:.1f}{note} |"
        )
    filed = max(1, res["files_filed"])
    out += [
        "",
        f"Hot folder: {res['files_filed']} files of {SCAN_PER_FILE} requests filed "
        f"({res['scan_imports']}), its thread's CPU {res['hot_folder_cpu_s']:.1f} s "
        f"({res['hot_folder_cpu_s'] / filed * 1000:.0f} ms per file). "
        f"Errors: {res['errors'] or 'none'}.",
    ]
    if before:
        b = summarise(before[1])
        out += [
            "",
            f"Before ({before[0]}): start {b['start']:.0f} MB, after a day {b['day']:.0f} MB, "
            f"end {b['end']:.0f} MB ({before[1]['intakes']:,} intakes), peak {b['peak']:.0f} "
            f"MB, slope {b['slope']:+.1f} MB per 1,000 intakes; load "
            f"{load_text(before[1]['load'][0], before[1]['load'][1])}.",
        ]
    for other_label, other in runs[1:]:
        o = summarise(other)
        out += [
            "",
            f"For comparison, {other_label} ({other['intakes']:,} intakes): start "
            f"{o['start']:.0f} MB, after a day {o['day']:.0f} MB, end {o['end']:.0f} MB, peak "
            f"{o['peak']:.0f} MB, slope {o['slope']:+.1f} MB per 1,000 intakes.",
        ]
    for extra in getattr(args, "notes", []):
        out += ["", extra]
    return "\n".join(out) + "\n"


def run_one(args: argparse.Namespace, empty: bool) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="soak-", dir=args.tmp))
    try:
        args.empty = empty
        db = prepare(args, work)
        result = work / "result.json"
        cmd = (
            [
                sys.executable,
                __file__,
                "--counter",
                "--workdir",
                str(work),
                "--database",
                str(db),
                "--result",
                str(result),
                "--intakes",
                str(args.intakes),
                "--sample-every",
                str(args.sample_every),
                "--seed",
                str(args.seed),
            ]
            + (["--trace"] if args.trace else [])
            + (["--trim"] if args.trim else [])
        )
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "QT_QPA_PLATFORM": "offscreen"}
        subprocess.run(cmd, check=True, env=env)
        res: dict[str, Any] = json.loads(result.read_text("utf-8"))
        res["date"] = time.strftime("%Y-%m-%d")
        if not args.quick and not empty:
            res["printing_caches"] = printing_caches(db, args.receipts)
        return res
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help="station to copy")
    parser.add_argument("--empty", action="store_true", help="an empty station instead")
    parser.add_argument("--compare-empty", action="store_true", help="then an empty one too")
    parser.add_argument("--intakes", type=int, default=800)
    parser.add_argument("--quick", action="store_true", help="a check: 2 hours, 80 intakes")
    parser.add_argument("--sample-every", type=int, default=20, help="intakes between samples")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--trace", action="store_true", help="tracemalloc diff day -> end")
    parser.add_argument(
        "--trim", action="store_true", help="malloc_trim(0) at every sample (a diagnosis)"
    )
    parser.add_argument("--tmp", type=Path, default=Path(tempfile.gettempdir()))
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--receipts", type=int, default=1200, help="for the printing caches")
    parser.add_argument("--from-json", type=Path, help="write the docs from an earlier --json")
    parser.add_argument("--before-json", type=Path, help="an earlier run to compare with")
    parser.add_argument("--caches-db", type=Path, help="with --from-json: printing caches here")
    parser.add_argument("--before-label", default="an earlier run")
    parser.add_argument(
        "--note", action="append", default=[], dest="notes", help="a paragraph for the doc"
    )
    parser.add_argument("--json", type=Path, help="write the raw results here")
    # internal: the counter and the scanner processes
    parser.add_argument("--counter", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--scanner", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    parser.add_argument("--printing-caches", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.scanner:
        return scanner_main(args.scanner)
    if args.counter:
        return counter_main(args)
    if args.printing_caches:
        return printing_caches_main(args.printing_caches, args.receipts)
    if args.quick:
        args.intakes, args.sample_every = 80, 10
        if args.write_docs:
            parser.error("--quick is a check; --write-docs needs a full run")
    if not args.empty and not args.from_json and not args.db.exists():
        parser.error(f"{args.db} does not exist (bench/run.py generates it)")
    if args.from_json:
        runs = [(str(k), dict(v)) for k, v in json.loads(args.from_json.read_text("utf-8"))]
        if args.caches_db:
            runs[0][1]["printing_caches"] = printing_caches(args.caches_db, args.receipts)
    else:
        label = "empty station" if args.empty else f"station {args.db.parent.name}"
        if not args.empty and args.db.resolve() == DEFAULT_DB.resolve():
            label = "1M-request station"
        runs = [(label, run_one(args, args.empty))]
        if args.compare_empty and not args.empty:
            runs.append(("an empty station", run_one(args, True)))
    for label, res in runs:
        summ = summarise(res)
        print(
            f"{label}: {res['intakes']} intakes in {res['wall_s']:.0f} s; RSS start "
            f"{summ['start']:.0f} MB, after a day ({summ['day_intakes']}) {summ['day']:.0f} MB, "
            f"end {summ['end']:.0f} MB, peak {summ['peak']:.0f} MB, slope "
            f"{summ['slope']:+.1f} MB/1000 intakes; widgets (start, day, end) {summ['widgets']}"
            f"; errors {res['errors'] or 'none'}; load "
            f"{load_text(res['load'][0], res['load'][1])}"
        )
        for s in res["samples"]:
            print(
                f"  {s['intakes']:>5} intakes  rss {s['rss_mb']:6.1f}  hwm {s['hwm_mb']:6.1f}  "
                f"anon {s['anon_mb']:6.1f}  widgets {s.get('widgets', ''):>5}  objs "
                f"{s.get('window_objects', ''):>5}  py {s.get('py_objects', ''):>8}  "
                f"scans {s['scans_filed']}  malloc used {s.get('malloc_used_mb')} held "
                f"{s.get('malloc_held_mb')} pyblocks {s.get('py_blocks_k')}k  t {s['t_s']}"
            )
        for kind, st in sorted(res["series"].items()):
            print(
                f"  {kind:32} n {int(st['n']):5}  wall p50 {st['wall_p50']:7.1f} p95 "
                f"{st['wall_p95']:7.1f}  cpu p50 {st['cpu_p50']:6.1f} p95 {st['cpu_p95']:6.1f}"
            )
        print("  start-up RSS:", res["stages"])
        print("  resident by mapping at the end (MB):", res["mappings"])
        print("  python objects grown, day -> end:", res["growth_day_to_end"])
        print(
            "  hot folder:",
            res["files_filed"],
            "files",
            res["scan_imports"],
            f"cpu {res['hot_folder_cpu_s']} s; integrity runs {res['integrity_runs']}",
        )
        for line in res["trace"]:
            print("  " + line)
    if args.json:
        args.json.write_text(json.dumps(runs, indent=1), "utf-8")
    if args.write_docs:
        before = None
        if args.before_json:
            before_runs = json.loads(args.before_json.read_text("utf-8"))
            before = (args.before_label, dict(before_runs[0][1]))
        put_section(DOCS, section(runs, args, before), after=AFTER)
        print(f"wrote {SECTION} in {DOCS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
