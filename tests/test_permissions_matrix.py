"""Every use case against every role (issue 17, item 6): who may run what is declared once, by
``@use_case`` in services/access.py, and checked before the use case touches anything.

The table below is written out by hand, not computed from GRANTS: a change to a grant or to a
use case's permission has to be made here too, on purpose.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from sqlalchemy import text

import counter_app
import counter_app.services
from counter_app.domain.errors import PermissionDenied
from counter_app.domain.roles import Permission, Role
from counter_app.i18n import Translator
from counter_app.services.access import REGISTRY, use_case, use_case_name
from counter_app.services.context import Actor
from counter_app.services.users import add_user
from tests.conftest import Station

R, C, A, S, D = Role.RECEPTION, Role.CLERK, Role.ARCHIVE, Role.SUPERVISOR, Role.ADMIN
EVERYONE = frozenset(Role)
COUNTER = frozenset({C, S, D})  # who takes files and money at the counter
ARCHIVE = frozenset({A, S, D})
BOSSES = frozenset({S, D})
ADMIN = frozenset({D})

_P = "counter_app.services."
EXPECTED: dict[str, frozenset[Role]] = {
    _P + "archive_boxes.add_box": ARCHIVE,
    _P + "archive_boxes.file_in_box": ARCHIVE,
    _P + "archive_boxes.list_boxes": ARCHIVE,
    _P + "archive_boxes.show_box": ARCHIVE,
    _P + "archive_boxes.locate_file": ARCHIVE,
    _P + "attachments.add_attachment": frozenset({C, A, S, D}),
    _P + "automation.allow": ADMIN,
    _P + "automation.revoke": ADMIN,
    _P + "automation.list_grants": ADMIN,
    _P + "calls.record_call": COUNTER,
    _P + "calls.call_list": COUNTER,
    _P + "cash_sheet.cash_sheet": COUNTER,
    _P + "catalog.import_catalog": ADMIN,
    _P + "complaint_answers.request_answers": EVERYONE,
    _P + "complaint_answers.answered_receipts": EVERYONE,
    _P + "dashboard.dashboard_snapshot": BOSSES,
    _P + "diwan.register_request": ARCHIVE,
    _P + "diwan.find_register_entry": ARCHIVE,
    _P + "diwan.register_entry_of_request": ARCHIVE,
    _P + "diwan.list_register": ARCHIVE,
    _P + "handover.deliver_request": COUNTER,
    _P + "handover_batches.create_batch": frozenset({R, C, S, D}),
    _P + "handover_batches.open_batch": ARCHIVE,
    _P + "handover_batches.receive_files": ARCHIVE,
    _P + "handover_batches.receive_file": ARCHIVE,
    _P + "handover_batches.close_batch": ARCHIVE,
    _P + "handover_batches.pending_handover": EVERYONE,
    _P + "handover_batches.show_batch": EVERYONE,
    _P + "handover_batches.list_batches": EVERYONE,
    _P + "handover_batches.list_discrepancies": EVERYONE,
    _P + "history_import.import_history": BOSSES,
    _P + "intake.submit_request": COUNTER,
    _P + "lists.requests_by_category": EVERYONE,
    _P + "lists.overdue_requests": EVERYONE,
    _P + "lockout.unlock_user": ADMIN,
    _P + "payments.record_payment": COUNTER,
    _P + "payments.cash_report": COUNTER,
    _P + "payments.fee_state": EVERYONE,
    _P + "nightly_schedule.last_nightly": EVERYONE,
    _P + "overview.overview": ADMIN,
    _P + "open_files.open_copy": frozenset({C, A, S, D}),
    _P + "open_files.save_copy": frozenset({C, A, S, D}),
    _P + "open_files.stored_files_of": frozenset({C, A, S, D}),
    _P + "printing.queue_print": EVERYONE,
    _P + "printing.print_document": EVERYONE,
    _P + "printing.retry_job": EVERYONE,
    _P + "printing.render_document": EVERYONE,
    _P + "printing.list_jobs": EVERYONE,
    _P + "printing.pending_count": EVERYONE,
    _P + "reports.build.build_report": BOSSES,
    _P + "reports.late.late_requests": BOSSES,
    _P + "reports.milestones.rebuild_milestones": ADMIN,
    _P + "requests.change_status": COUNTER,
    _P + "requests.show_request": EVERYONE,
    _P + "scan_filing.refuse_unread": ARCHIVE,
    _P + "scan_filing.import_scan": ARCHIVE,
    _P + "scan_records.get_scan_import": ARCHIVE,
    _P + "scan_records.list_scan_imports": ARCHIVE,
    _P + "scan_station.import_scan_file": ARCHIVE,
    _P + "scan_station.scan_and_file": ARCHIVE,
    _P + "scan_station.process_ready": ARCHIVE,
    _P + "scan_station.watch_hot_folder": ARCHIVE,
    _P + "scan_unfiled.assign_unfiled": ARCHIVE,
    _P + "scan_unfiled.list_unfiled": ARCHIVE,
    _P + "scan_unfiled.unfiled_page_pdf": ARCHIVE,
    _P + "scan_unfiled.unfiled_thumbnail": ARCHIVE,
    _P + "scan_unfiled.scan_thumbnail": ARCHIVE,
    _P + "search.search": EVERYONE,
    _P + "settings.set_settings": ADMIN,
    _P + "settings.set_setting": ADMIN,
    _P + "settings.get_settings": EVERYONE,
    _P + "sync_state.sync_health": EVERYONE,
    _P + "sync_state.quarantine_list": EVERYONE,
    _P + "users.add_user": ADMIN,
    _P + "users.list_users": ADMIN,
}

# Public services functions given the context but no actor, and why none is a person's use case.
# A new one fails test_every_function_without_an_actor_is_a_declared_exception until it is
# either gated with @use_case or written here with its reason.
NOT_USE_CASES: dict[str, str] = {
    _P + "app_release.record_release": "the sync's pull stores HQ's newest release: no person",
    _P + "app_release.record_release_problem": "the sync's pull: no person",
    _P + "app_release.known_release": "HQ's published version number, not the station's records",
    _P + "app_release.release_notice": "whether this program is out of date: no station record",
    _P + "automation.automation_actor": "finds who the CLI acts as; it runs before there is one",
    _P + "cash_sheet.cash_heading": "the heading of a cash report already read by its use case",
    _P + "catalog.active_catalog": "HQ's published catalog (services, fees), the same for all",
    _P + "catalog.station_offer": "the catalog's services offered at this center",
    _P + "catalog.offered_services": "the catalog's services offered at this center",
    _P + "clock_check.check_clock": "compares the PC's clock with the newest stored time",
    _P + "files.file_key": "the files' key: storage under a use case or the sync",
    _P + "files.put_blob": "storage under a use case or the sync",
    _P + "files.read_blob": "storage under a use case or the sync",
    _P + "files.blob_exists": "storage under a use case or the sync",
    _P + "files.upload_source": "the sync's upload of a stored file: no person",
    _P + "files_check.check_files": "`db check`: maintenance of the file, run with no person",
    _P + "lockout.locked_users": "a step of list_users and of the login (reads the audit log)",
    _P + "nightly_schedule.desktop_nightly_due": "the desktop's sync worker asks it: no person",
    _P + "payments.payment_for": "a step given the caller's session or context",
    _P + "payments.local_day_range": "a calendar computation",
    _P + "printing.send_job": "a step of print_document and retry_job, after their check",
    _P + "printing.recover_interrupted": "at start, before anyone logs in",
    _P + "sample.sample_station": "makes a demonstration station, before it has users",
    _P + "settings.get_setting": "one option read by the program to behave (language, timer)",
    _P + "setup.is_set_up": "before anyone can log in",
    _P + "setup.has_users": "before anyone can log in",
    _P + "setup.setup_station": "makes the station and its first admin",
    _P + "sync_state.read_sync_health": "whether the desktop starts its sync worker; a step of "
    "the dashboard",
    _P + "users.authenticate": "the login itself",
}


def _services_modules() -> Iterator[ModuleType]:
    package = counter_app.services
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        yield importlib.import_module(info.name)


def _functions_taking_actor() -> dict[str, Callable[..., Any]]:
    """Every public function defined in counter_app.services (any depth) with an ``actor``."""
    found: dict[str, Callable[..., Any]] = {}
    for module in _services_modules():
        for name, obj in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(obj):
                continue
            if obj.__module__ != module.__name__:  # imported from elsewhere
                continue
            if "actor" in inspect.signature(obj).parameters:
                found[use_case_name(obj)] = obj
    return found


def _functions_without_actor() -> set[str]:
    """Every public services function given the context (``ctx``) but no actor nor session."""
    found = set()
    for module in _services_modules():
        for name, obj in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(obj):
                continue
            if obj.__module__ != module.__name__:
                continue
            params = inspect.signature(obj).parameters
            if "actor" in params or "session" in params:
                continue
            if any("ctx" in p for p in params):
                found.add(use_case_name(obj))
    return found


def _is_step(function: Callable[..., Any]) -> bool:
    """Given the caller's session: a step inside a use case's transaction, not a use case."""
    return "session" in inspect.signature(function).parameters


USE_CASES = {n: f for n, f in _functions_taking_actor().items() if not _is_step(f)}
STEPS = {n: f for n, f in _functions_taking_actor().items() if _is_step(f)}


# --- (a) nothing escapes the registry ----------------------------------------------------


def test_every_use_case_taking_an_actor_is_registered_and_gated() -> None:
    assert len(USE_CASES) >= 30  # the walk found the services at all
    unregistered = sorted(set(USE_CASES) - set(REGISTRY))
    assert unregistered == [], f"use cases without @use_case: {unregistered}"
    # Registered names are real functions, and each is the checking wrapper, not the bare body.
    assert sorted(set(REGISTRY) - set(USE_CASES)) == []
    for name, function in USE_CASES.items():
        assert hasattr(function, "__wrapped__"), name


def test_every_function_without_an_actor_is_a_declared_exception() -> None:
    """Reading is a use case too (what a screen or command shows a person): a services function
    with the context and no actor must be one of the written exceptions, with its reason."""
    without = _functions_without_actor()
    assert sorted(without - set(NOT_USE_CASES)) == [], "gate them with @use_case or list them"
    assert sorted(set(NOT_USE_CASES) - without) == [], "listed but gone or gated: remove them"


def test_steps_taking_an_actor_are_used_only_inside_the_services() -> None:
    """A step skips the check its use case made; a front end calling one would skip it too."""
    assert STEPS, "the walk found no step (write_request, record_change...)"
    root = Path(counter_app.__file__).parent
    services = root / "services"
    pattern = re.compile(r"\b(" + "|".join(n.rsplit(".", 1)[1] for n in STEPS) + r")\b")
    users = []
    for path in root.rglob("*.py"):
        if services in path.parents:
            continue
        users += [f"{path.relative_to(root)}: {m}" for m in pattern.findall(path.read_text())]
    assert users == []
    assert not set(STEPS) & set(REGISTRY)


def test_a_use_case_without_an_actor_cannot_be_declared() -> None:
    def no_actor(ctx: object) -> None:
        raise AssertionError("never called")

    with pytest.raises(TypeError, match="takes no actor"):
        use_case(Permission.SEARCH)(no_actor)


# --- (b) the matrix ----------------------------------------------------------------------


def test_the_registry_grants_exactly_the_expected_roles() -> None:
    assert set(REGISTRY) == set(EXPECTED)
    wrong = {
        name: (sorted(uc.roles), sorted(EXPECTED[name]))
        for name, uc in REGISTRY.items()
        if uc.roles != EXPECTED[name]
    }
    assert wrong == {}, "use case: (granted, expected)"


def test_the_matrix_gives_each_role_its_desk() -> None:
    """A summary a reviewer can read: what each role may do, counted from the written table."""
    counts = {role: sum(role in roles for roles in EXPECTED.values()) for role in Role}
    assert counts[D] == len(EXPECTED)  # the admin may run everything
    # Reception prints (slips, rendered or queued) and sends the day's handover: 5; and reads
    # what its screens show (requests, handover batches, the print queue, settings, sync): 17.
    assert counts[R] == 22
    reads = {n for n, uc in REGISTRY.items() if uc.permission.startswith(("view_", "search"))}
    assert len({n for n, roles in EXPECTED.items() if R in roles} - reads) == 5
    assert not {n for n, roles in EXPECTED.items() if R in roles} & {
        _P + "users.list_users",
        _P + "calls.call_list",
        _P + "diwan.list_register",
        _P + "scan_unfiled.list_unfiled",
        _P + "overview.overview",
    }
    assert {n for n, roles in EXPECTED.items() if A in roles} >= {
        _P + "scan_filing.import_scan",
        _P + "handover_batches.receive_file",
        _P + "diwan.register_request",
    }


# --- (c) every role against every use case, called ----------------------------------------


class Tripped(Exception):
    """A placeholder argument was used: the use case's body had started."""


class Tripwire:
    """A placeholder argument that records, and refuses, any use of it."""

    def __init__(self, name: str) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "touched", False)

    def _trip(self, *_args: object, **_kwargs: object) -> Any:
        object.__setattr__(self, "touched", True)
        raise Tripped(self.name)

    def __getattr__(self, _name: str) -> Any:
        return self._trip()

    def __repr__(self) -> str:
        return f"<tripwire {self.name}>"

    __str__ = __format__ = __hash__ = __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = _trip
    __bool__ = __len__ = __iter__ = __contains__ = __getitem__ = __setattr__ = _trip
    __call__ = __fspath__ = __int__ = __index__ = __float__ = __add__ = __radd__ = _trip
    __enter__ = __bytes__ = _trip


STAFF = {R: "desk", A: "archive1", S: "boss"}


@pytest.fixture
def actors(station: Station) -> dict[Role, Actor]:
    for role, username in STAFF.items():
        add_user(
            station.ctx, station.admin, username=username, role=role.value, password="p-123456"
        )
    with station.ctx.store.read() as session:
        staff = {role: station.ctx.actor(session, name) for role, name in STAFF.items()}
    return staff | {C: station.clerk, D: station.admin}


def fingerprint(station: Station) -> str:
    """Every row of every table, and the files of the data folder beside the database."""
    digest = hashlib.sha256()
    with station.ctx.store.read() as session:
        connection = session.connection()
        tables = connection.execute(
            text("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        ).scalars()
        for table in list(tables):
            digest.update(table.encode())
            # Sorted here: some tables (the search index's) have no rowid to order by.
            rows = connection.execute(text(f'SELECT * FROM "{table}"'))
            for row in sorted(repr(tuple(r)) for r in rows):
                digest.update(row.encode())
    data = station.ctx.paths.data_dir
    database = station.ctx.paths.database.name
    for path in sorted(data.rglob("*")):
        if not path.name.startswith(database):  # its -wal/-shm change on reads
            digest.update(str(path.relative_to(data)).encode())
            digest.update(path.read_bytes() if path.is_file() else b"")
    return digest.hexdigest()


@contextlib.contextmanager
def no_transaction(station: Station) -> Iterator[list[str]]:
    """Records each transaction opened meanwhile: a refused call must open none (reading is
    revealing: whether a receipt exists, whose file it is)."""
    store, opened = station.ctx.store, []
    read, write = store.read, store.write

    def spy(kind: str, open_: Callable[[], Any]) -> Callable[[], Any]:
        def opening() -> Any:
            opened.append(kind)
            return open_()

        return opening

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(store, "read", spy("read", read))
        mp.setattr(store, "write", spy("write", write))
        yield opened


def call_with_placeholders(
    function: Callable[..., Any], station: Station, actor: Actor | None
) -> tuple[list[Tripwire], Callable[[], Any]]:
    """The call as the front ends make it (positional where they may be), every argument other
    than the context and the actor a tripwire; optional ones left to their defaults."""
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    wires: list[Tripwire] = []
    for param in inspect.signature(function).parameters.values():
        if param.name == "ctx":
            value: Any = station.ctx
        elif param.name == "actor":
            value = actor
        elif param.default is inspect.Parameter.empty:
            value = Tripwire(param.name)
            wires.append(value)
        else:
            continue
        if param.kind is inspect.Parameter.KEYWORD_ONLY:
            kwargs[param.name] = value
        else:
            args.append(value)
    return wires, lambda: function(*args, **kwargs)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_role_is_refused_or_let_through(
    name: str, station: Station, actors: dict[Role, Actor]
) -> None:
    function = USE_CASES[name]
    permission = REGISTRY[name].permission
    arabic, english = Translator.for_language("ar"), Translator.for_language("en")
    for role in Role:
        wires, call = call_with_placeholders(function, station, actors[role])
        if role in EXPECTED[name]:
            try:
                call()
            except PermissionDenied as exc:  # pragma: no cover - the failure's message
                pytest.fail(f"{role} refused {name}: {exc}")
            except Exception:  # the placeholders are not real arguments; past the gate is enough
                pass
            continue
        before = fingerprint(station)
        with pytest.raises(PermissionDenied) as refused, no_transaction(station) as opened:
            call()
        assert opened == [], f"{name} opened a transaction for {role}"
        assert [w.name for w in wires if w.touched] == [], f"{name} used an argument for {role}"
        assert fingerprint(station) == before, f"{name} changed something for {role}"
        # The refusal names the user, the role and the action in words, in both languages.
        en = refused.value.render(english)
        assert actors[role].username in en and "_" not in en.replace(actors[role].username, "")
        ar = refused.value.render(arabic)
        assert arabic(permission.value) in ar and arabic(permission.value) != permission.value
        assert arabic(role.value) in ar


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_actor_is_refused(name: str, station: Station) -> None:
    """``actor=None`` (the first admin of setup only) never passes once the station has users."""
    wires, call = call_with_placeholders(USE_CASES[name], station, None)
    if REGISTRY[name].first_run_without_actor:  # refused by the body, so arguments that pass
        wires = []
        call = lambda: add_user(  # noqa: E731
            station.ctx, None, username="intruder", role="admin", password="long-enough-1"
        )
    before = fingerprint(station)
    with pytest.raises(PermissionDenied), no_transaction(station) as opened:
        call()
    if not REGISTRY[name].first_run_without_actor:
        assert opened == []
    assert [w.name for w in wires if w.touched] == []
    assert fingerprint(station) == before


def test_the_actor_is_found_when_passed_by_keyword(station: Station) -> None:
    from counter_app.services.settings import set_setting

    before = fingerprint(station)
    with pytest.raises(PermissionDenied, match="clerk1"):
        set_setting(ctx=station.ctx, actor=station.clerk, name="print.language", raw="ar")
    assert fingerprint(station) == before
    assert set_setting(station.ctx, actor=station.admin, name="print.language", raw="ar") == "ar"
