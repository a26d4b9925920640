"""Every route of the back office x every role x own/other agency or center (real PostgreSQL).

The routes are read from the /office sub-application's own route table: a route added without
an entry in ``MATRIX`` fails ``test_every_route_has_an_entry``. Each entry declares, per role
(agency officer, center supervisor, HQ admin, anonymous), what a request for an object of the
user's own agency/center and for one of another gets:

- ``OK``: the page (200) or a redirect elsewhere than the login page (a done form, 303);
- ``LOGIN``: a redirect to the login page, carrying where the user wanted to go;
- ``404``: "not found", for a request or complaint outside the user's scope (never saying
  whether it exists), ``403``: the refusal page, for what the role may not do at all.

Objects are requests pushed through the sync API by stations of two centers, so HQ's routing
assigns their agencies: "own" is a MOI service taken at MZH (the officer is MOI's, the
supervisor MZH's), "other" a GEH service taken at SAL. Complaints likewise: "own" a complaint
service HQ routes to MOI, taken at MZH; "other" a MOSAL complaint taken at SAL.

GET cells use one signed-in browser per role. A POST changes things, so each POST cell signs in
a new account of that role and scope and acts on objects made for it alone, with the
session's valid CSRF token and a valid form: a refused cell must change nothing (checked), an
allowed one must succeed.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi.routing import APIRoute
from sqlalchemy import text
from starlette.routing import Mount

from counter_app.domain.calendar import WorkingCalendar
from counter_app.domain.receipt import ReceiptNumber
from counter_hq.blobs import BlobStore
from counter_hq.calendars import shipped_calendar_path
from counter_hq.office import complaints
from counter_hq.office.admin import agencies as admin_agencies
from counter_hq.office.admin import catalogs as admin_catalogs
from counter_hq.office.users import create_user, web_user
from counter_hq.routing import seed_if_empty, set_routing, shipped_catalog_path
from tests.hq.conftest import CHEAP_HASHER, HQ, StationClient, make_item, sha
from tests.hq.web.conftest import PASSWORD, Browser

OK = "ok"
LOGIN = "login"
ROLES = ("officer", "supervisor", "admin", "anonymous")
# The accounts a role is given in this world: (agency, center).
SCOPE = {"officer": ("MOI", None), "supervisor": (None, "MZH"), "admin": (None, None)}
OWN_REQUEST = ("MZH", "MOI-BIRTH-STATEMENT")  # routed to MOI (catalog)
OTHER_REQUEST = ("SAL", "GEH-PROPERTY-DATA")  # routed to GEH
OWN_COMPLAINT = ("MZH", "MOSAL-COMPLAINT-EMPLOYEE")  # routed to MOI by an HQ admin here
OTHER_COMPLAINT = ("SAL", "MOSAL-COMPLAINT-DELAY")  # MOSAL's
Outcome = str | int
Cell = Outcome | tuple[Outcome, Outcome]  # one for both, or (own, other)


# --------------------------------------------------------------------------- the world


@dataclass
class Target:
    """What a path's parameters are filled from: a request (or complaint) and its scan."""

    receipt: str
    request_uuid: str
    sha256: str


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (60, 84), (200, 210, 220)).save(out, format="PNG")
    return out.getvalue()


PNG = _png()
# Tables a refused POST must leave exactly as they were (whole rows compared). Sessions are not
# among them: signing in and reading a page touch the reader's own session.
WATCHED = (
    "requests",
    "request_events",
    "request_states",
    "changes",
    "hq_audit",
    "notifications",
    "complaint_answers",
    "users",
    "centers",
    "stations",
    "enrollment_codes",
    "catalog_drafts",
    "sms_opt_outs",
    "services",
    "agencies",
    "agency_offices",
)


class World:
    def __init__(self, hq: HQ) -> None:
        self.hq = hq
        self.stations: dict[str, StationClient] = {}
        self.seq = itertools.count(1)
        self.n = itertools.count(1)
        self.station_numbers = itertools.count(10)  # 1 is each center's pushing station
        with hq.sessions() as s:
            seed_if_empty(s, hq.clock())  # the shipped catalog's agencies and routing
            set_routing(s, OWN_COMPLAINT[1], "MOI", hq.clock())
            self.admin = web_user(self._create(s, "world.admin", "admin"))
            s.commit()
        self.png_sha = sha(PNG)
        for center in ("MZH", "SAL"):
            self.station(center).upload(PNG)
        calendar = WorkingCalendar.from_data(json.loads(shipped_calendar_path().read_text("utf-8")))
        today = hq.clock().astimezone(calendar.tz).date()
        self.collect_day = calendar.next_working_day(today + dt.timedelta(days=1)).isoformat()
        self.catalog = json.loads(shipped_catalog_path().read_text("utf-8"))
        self.calendar = json.loads(shipped_calendar_path().read_text("utf-8"))

    # -- objects

    def station(self, center: str) -> StationClient:
        if center not in self.stations:
            self.stations[center] = self.hq.station(center, 1)
        return self.stations[center]

    def push_request(self, center: str, service: str) -> Target:
        """A request of ``service`` taken at ``center`` with one PNG scan, pushed as a counter
        pushes it: HQ's routing forwards it to the service's agency."""
        st = self.station(center)
        at = self.hq.clock() - dt.timedelta(minutes=30)
        req_uuid = str(uuid.uuid4())
        receipt = str(ReceiptNumber(center=center, station=1, year=26, seq=next(self.seq)))
        label = f"{center}-01"
        payload = {
            "uuid": req_uuid,
            "receipt_no": receipt,
            "center": center,
            "station": 1,
            "service": service,
            "catalog_version": "2026.12.1",
            "citizen": {"national_id": "01234567890", "name": "سامر الحلبي", "phone": "0933123456"},
            "organization": None,
            "fields": {"subject": "تأخير", "details": "نص"},
            "documents": [{"type": "PERSONAL-ID", "state": "seen", "note": None}],
            "received_at": at.isoformat(),
            "due_date": (at.date() + dt.timedelta(days=7)).isoformat(),
            "source": "counter",
            "paper_ref": None,
            "events": [
                {
                    "uuid": str(uuid.uuid4()),
                    "status": "submitted",
                    "at": at.isoformat(),
                    "actor": "clerk1",
                    "station": label,
                    "reason": None,
                }
            ],
        }
        attachment = {
            "uuid": str(uuid.uuid4()),
            "request_uuid": req_uuid,
            "receipt_no": receipt,
            "doc_type": "PERSONAL-ID",
            "sha256": self.png_sha,
            "size": len(PNG),
            "filename": "scan.png",
            "media_type": "image/png",
            "created_at": at.isoformat(),
            "actor": "clerk1",
            "station": label,
        }
        results = st.push(
            make_item("request.created", req_uuid, payload),
            make_item("attachment", attachment["uuid"], attachment, blobs=(self.png_sha,)),
        )
        assert [r["status"] for r in results] == ["created", "created"], results
        return Target(receipt, req_uuid, self.png_sha)

    def target(self, kind: str, own: bool) -> Target:
        where = {
            ("request", True): OWN_REQUEST,
            ("request", False): OTHER_REQUEST,
            ("complaint", True): OWN_COMPLAINT,
            ("complaint", False): OTHER_COMPLAINT,
        }[(kind, own)]
        return self.push_request(*where)

    def answered(self, t: Target) -> None:
        """The complaint answered by an HQ admin, with a PDF file."""
        with self.hq.sessions() as s:
            complaints.answer(
                s,
                self.admin,
                t.receipt,
                "تمت معالجة الشكوى",
                ("answer.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
                self.hq.clock(),
                blobs=BlobStore(self.hq.settings.blob_dir),
            )

    def draft(self) -> str:
        """A valid catalog draft, newer than any before it (uploaded by the world's admin)."""
        with self.hq.sessions() as s:
            return str(
                admin_catalogs.upload_catalog(s, self.admin, self.hq.clock(), self.catalog_file())
            )

    def catalog_file(self) -> bytes:
        data = {**self.catalog, "version": f"2026.12.{100 + next(self.n)}"}
        return json.dumps(data, ensure_ascii=False).encode("utf-8")

    def calendar_file(self) -> bytes:
        data = {**self.calendar, "version": f"2027.{next(self.n)}"}
        return json.dumps(data, ensure_ascii=False).encode("utf-8")

    def new_agency(self) -> str:
        with self.hq.sessions() as s:
            code = f"AG-{next(self.n)}"
            return admin_agencies.add_agency(
                s, self.admin, self.hq.clock(), code, "جهة تجريبية", code
            )

    def new_office(self) -> dict[str, str]:
        with self.hq.sessions() as s:
            office = admin_agencies.add_office(
                s, self.admin, self.hq.clock(), "MOAD", f"مكتب {next(self.n)}", "Office", "MZH"
            )
        return {"code": "MOAD", "office_id": str(office)}

    def new_station(self) -> str:
        number = next(self.station_numbers)
        self.hq.code("MZH", number)
        return f"MZH-{number:02d}"

    # -- people

    def _create(self, s: Any, name: str, role: str) -> Any:
        agency, center = SCOPE[role]
        return create_user(
            s,
            username=name,
            display_name=name,
            role=role,
            password=PASSWORD,
            now=self.hq.clock(),
            agency=agency,
            center=center,
            hasher=CHEAP_HASHER,
        )

    def account(self, role: str) -> str:
        """A new account of ``role`` in the world's scope (a POST cell's own)."""
        name = f"{role}.{next(self.n)}"
        with self.hq.sessions() as s:
            self._create(s, name, role)
            s.commit()
        return name

    def signed_in(self, role: str) -> Browser:
        b = Browser(self.hq)
        if role != "anonymous":
            resp = b.login(self.account(role))
            assert resp.status_code == 303, resp.text
            assert b.csrf, "no CSRF token on the account page"
        return b

    def trace(self) -> dict[str, str]:
        """A digest of every watched table's rows: a refused POST must leave each as it was."""
        digests = ", ".join(
            f"(SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM {t} x)"
            for t in WATCHED
        )
        with self.hq.engine.connect() as conn:
            row = conn.execute(text(f"SELECT {digests}")).one()
        return dict(zip(WATCHED, (str(v) for v in row), strict=True))


# --------------------------------------------------------------------------- the matrix

Ctx = dict[str, str]


def _target_ctx(w: World, t: Target | None) -> Ctx:
    return {} if t is None else {"receipt": t.receipt, "sha256": t.sha256, "page": "1"}


@dataclass(frozen=True)
class Rule:
    """One route's expected outcomes and how to call it.

    ``target``: None (no object in the path), "request" or "complaint" (own and other differ).
    ``setup``: the path's parameters and anything the form needs, made per cell (a new
    station, draft, account...); the target's receipt and scan by default.
    ``form``: a valid form for a POST (the CSRF token is added; ``files`` for an upload).
    ``prepare``: done to a fresh target before a GET (e.g. a complaint answered with a file).
    ``changes``: whether an allowed POST changes the watched tables (default: when OK).
    ``check``: an extra look at an allowed answer (e.g. where a redirect goes)."""

    officer: Cell
    supervisor: Cell
    admin: Cell
    anonymous: Cell = LOGIN
    target: str | None = None
    setup: Callable[[World, Target | None], Ctx] = _target_ctx
    form: Callable[[World, Ctx], dict[str, Any]] = lambda w, c: {}
    files: Callable[[World, Ctx], dict[str, Any]] | None = None
    prepare: Callable[[World, Target], None] | None = None
    changes: dict[str, Any] = field(default_factory=dict)
    check: Callable[[Any], None] | None = None

    def expected(self, role: str, own: bool) -> Outcome:
        return _pick(getattr(self, role), own)

    def changed(self, role: str, own: bool) -> bool:
        if role in self.changes:
            return bool(_pick(self.changes[role], own))
        return self.expected(role, own) == OK


def _pick(cell: Any, own: bool) -> Any:
    if isinstance(cell, tuple):
        return cell[0] if own else cell[1]
    return cell


def _with(extra: Callable[[World], Ctx]) -> Callable[[World, Target | None], Ctx]:
    return lambda w, t: {**_target_ctx(w, t), **extra(w)}


def _goes_to(where: str) -> Callable[[Any], None]:
    def check(resp: Any) -> None:
        assert resp.status_code == 303 and resp.headers["location"] == where, resp.headers

    return check


def _is_png(resp: Any) -> None:
    assert resp.headers["content-type"] == "image/png" and resp.content[:4] == b"\x89PNG"


def _is_pdf(resp: Any) -> None:
    assert resp.content.startswith(b"%PDF"), resp.headers
    assert resp.headers["content-disposition"].startswith("attachment"), resp.headers


def _new_password(_w: World, _c: Ctx) -> dict[str, Any]:
    return {"old": PASSWORD, "new": "another good password", "again": "another good password"}


_ADMIN_ONLY = {"officer": 403, "supervisor": 403, "admin": OK}
# An officer acts on their agency's requests, sees no other's; a supervisor sees their
# center's but changes nothing; an admin sees and does everything.
_READ = {"officer": (OK, 404), "supervisor": (OK, 404), "admin": OK}
_ACT = {"officer": (OK, 404), "supervisor": (403, 404), "admin": OK}


def _admin(**kw: Any) -> Rule:
    return Rule(**_ADMIN_ONLY, **kw)


def _read(target: str, **kw: Any) -> Rule:
    return Rule(**_READ, target=target, **kw)


def _act(target: str, **kw: Any) -> Rule:
    return Rule(**_ACT, target=target, **kw)


MATRIX: dict[tuple[str, str], Rule] = {
    # -- signing in and out, language: open to everyone (the login form has its own token)
    ("GET", "/login"): Rule(OK, OK, OK, anonymous=OK),
    ("POST", "/login"): Rule(OK, OK, OK, anonymous=401, check=_goes_to("/office/queue")),
    ("POST", "/logout"): Rule(OK, OK, OK, check=_goes_to("/office/login")),
    ("GET", "/lang/{language}"): Rule(
        OK, OK, OK, anonymous=OK, setup=lambda w, t: {"language": "en"}
    ),
    ("GET", "/"): Rule(OK, OK, OK, check=_goes_to("/office/queue")),
    # -- one's own account
    ("GET", "/account"): Rule(OK, OK, OK),
    ("POST", "/account/password"): Rule(OK, OK, OK, form=_new_password),
    ("POST", "/account/language"): Rule(OK, OK, OK, form=lambda w, c: {"language": "en"}),
    # -- the work queue and requests
    ("GET", "/queue"): Rule(OK, OK, OK),
    ("POST", "/queue/bulk"): Rule(
        OK,  # the page answers with each line's outcome: refused lines change nothing
        OK,
        OK,
        target="request",
        form=lambda w, c: {"receipts": [c["receipt"]], "action": "accept"},
        changes={"officer": (True, False), "supervisor": False, "admin": True},
    ),
    ("GET", "/requests/{receipt}"): _read("request"),
    ("GET", "/requests/{receipt}/scans/{sha256}/{page}.png"): _read("request", check=_is_png),
    ("POST", "/requests/{receipt}/{action}"): _act(
        "request",
        setup=_with(lambda w: {"action": "ready"}),
        form=lambda w, c: {"collect_from": w.collect_day, "collect_place": "النافذة ٣"},
    ),
    # -- complaints
    ("GET", "/complaints"): Rule(OK, OK, OK),
    ("GET", "/complaints/{receipt}"): _read("complaint"),
    ("GET", "/complaints/{receipt}/file"): _read(
        "complaint", prepare=World.answered, check=_is_pdf
    ),
    ("POST", "/complaints/{receipt}/answer"): _act(
        "complaint", form=lambda w, c: {"text": "نعتذر عن التأخير، تمت معالجة طلبكم"}
    ),
    ("POST", "/complaints/{receipt}/assign"): _act(
        "complaint", form=lambda w, c: {"agency": "MOSAL"}
    ),
    # -- reports: HQ admins (any center) and supervisors (their own: the default center)
    ("GET", "/reports"): Rule(403, OK, OK),
    # -- HQ administration: admins only, the 403 page for anyone else signed in
    ("GET", "/admin"): _admin(),
    ("GET", "/admin/centers"): _admin(),
    ("POST", "/admin/centers"): _admin(
        setup=lambda w, t: {"code": "Z" + "".join(chr(65 + int(d)) for d in str(next(w.n)))},
        form=lambda w, c: {"code": c["code"], "name": "مركز تجريبي"},
    ),
    ("GET", "/admin/stations"): _admin(),
    ("POST", "/admin/stations"): _admin(form=lambda w, c: {"center": "SAL", "number": ""}),
    ("GET", "/admin/stations/{label}/revoke"): _admin(setup=lambda w, t: {"label": "MZH-01"}),
    ("POST", "/admin/stations/{label}/revoke"): _admin(
        setup=lambda w, t: {"label": w.new_station()}
    ),
    ("GET", "/admin/users"): _admin(),
    ("POST", "/admin/users"): _admin(
        setup=lambda w, t: {"username": f"made.{next(w.n)}"},
        form=lambda w, c: {
            "username": c["username"],
            "display_name": "موظف جديد",
            "role": "officer",
            "agency": "MOI",
            "center": "",
            "password": "a long enough password",
            "language": "ar",
        },
    ),
    ("POST", "/admin/users/{username}/active"): _admin(
        setup=lambda w, t: {"username": w.account("officer")},
        form=lambda w, c: {"active": "0"},
    ),
    ("POST", "/admin/users/{username}/password"): _admin(
        setup=lambda w, t: {"username": w.account("officer")},
        form=lambda w, c: {"password": "a brand new password"},
    ),
    ("GET", "/admin/catalogs"): _admin(),
    ("POST", "/admin/catalogs"): _admin(
        files=lambda w, c: {"file": ("catalog.json", w.catalog_file(), "application/json")}
    ),
    ("GET", "/admin/catalogs/{draft_id}"): _admin(setup=lambda w, t: {"draft_id": w.draft()}),
    ("POST", "/admin/catalogs/{draft_id}/publish"): _admin(
        setup=lambda w, t: {"draft_id": w.draft()}
    ),
    ("GET", "/admin/agencies"): _admin(),
    ("POST", "/admin/agencies"): _admin(
        setup=lambda w, t: {"code": f"NEW-{next(w.n)}"},
        form=lambda w, c: {"code": c["code"], "name_ar": "جهة جديدة", "name_en": "New agency"},
    ),
    ("POST", "/admin/agencies/{code}/rename"): _admin(
        setup=lambda w, t: {"code": w.new_agency()},
        form=lambda w, c: {"name_ar": "اسم جديد", "name_en": "A new name"},
    ),
    ("POST", "/admin/agencies/{code}/active"): _admin(
        setup=lambda w, t: {"code": w.new_agency()}, form=lambda w, c: {"active": "0"}
    ),
    ("POST", "/admin/agencies/{code}/offices"): _admin(
        setup=lambda w, t: {"code": "MOAD"},
        form=lambda w, c: {"name_ar": "مديرية دمشق", "name_en": "Damascus", "center": "SAL"},
    ),
    ("POST", "/admin/agencies/{code}/offices/{office_id}/rename"): _admin(
        setup=lambda w, t: w.new_office(),
        form=lambda w, c: {"name_ar": "مكتب آخر", "name_en": "Another", "center": "SAL"},
    ),
    ("POST", "/admin/agencies/{code}/offices/{office_id}/remove"): _admin(
        setup=lambda w, t: w.new_office()
    ),
    ("GET", "/admin/routing"): _admin(),
    ("POST", "/admin/routing"): _admin(
        form=lambda w, c: {"service": "GEH-SITE-PLAN", "agency": "MOAD", "office": ""}
    ),
    ("GET", "/admin/calendar"): _admin(),
    ("POST", "/admin/calendar"): _admin(
        form=lambda w, c: {"action": "publish"},
        files=lambda w, c: {"file": ("holidays.json", w.calendar_file(), "application/json")},
    ),
    ("GET", "/admin/notifications"): _admin(),
    ("POST", "/admin/notifications/opt-out"): _admin(
        form=lambda w, c: {"phone": f"0944{next(w.n):06d}"}
    ),
    ("GET", "/admin/release"): _admin(),
    ("POST", "/admin/release"): _admin(
        form=lambda w, c: {
            "version": f"9.{next(w.n)}",
            "url_windows": "https://hq.example.gov.sy/counter-setup.exe",
            "url_debian": "https://hq.example.gov.sy/counter.deb",
        }
    ),
}


def office_routes(hq: HQ) -> dict[tuple[str, str], APIRoute]:
    """(method, path) of every route of the sub-app mounted at /office (static files aside)."""
    mounts = [r for r in hq.app.routes if isinstance(r, Mount) and r.path == "/office"]
    assert len(mounts) == 1, "the back office is not mounted at /office"
    found: dict[tuple[str, str], APIRoute] = {}
    for path, route in _walk(mounts[0].app.routes, ""):  # type: ignore[attr-defined]
        for method in sorted(route.methods - {"HEAD"}):
            found[(method, path)] = route
    return found


def _walk(routes: list[Any], prefix: str) -> Iterator[tuple[str, APIRoute]]:
    for route in routes:
        if isinstance(route, APIRoute):
            yield prefix + route.path, route
        elif isinstance(route, Mount):
            assert prefix + route.path == "/static", f"unexpected mount {route.path}"
        elif hasattr(route, "original_router"):  # FastAPI >= 0.16x: an included router, lazily
            inner = route.include_context.prefix
            yield from _walk(route.original_router.routes, prefix + inner)
        else:
            raise AssertionError(f"{route!r} is neither a page route nor a router")


@pytest.fixture
def world(hq: HQ) -> World:
    return World(hq)


@pytest.fixture
def browsers(world: World) -> Iterator[dict[str, Browser]]:
    made = {role: world.signed_in(role) for role in ROLES}
    yield made
    for b in made.values():
        b.close()


def test_every_route_has_an_entry(hq: HQ) -> None:
    routes = set(office_routes(hq))
    missing = sorted(routes - set(MATRIX))
    stale = sorted(set(MATRIX) - routes)
    assert not missing, f"routes without a permission entry: {missing}"
    assert not stale, f"entries for routes that do not exist: {stale}"


def _judge(resp: Any, expected: Outcome, where: str) -> None:
    status = resp.status_code
    location = resp.headers.get("location", "")
    if expected == LOGIN:
        assert status == 303 and location.startswith(_LOGIN_NEXT), (where, status, location)
    elif expected == OK:
        assert status == 200 or (status == 303 and not location.startswith(_LOGIN_NEXT)), (
            where,
            status,
            location,
            resp.text[:400],
        )
    else:
        assert status == expected, (where, status, location, resp.text[:400])
        assert resp.headers["content-type"].startswith("text/html"), where


_LOGIN_NEXT = "/office/login?next="


def _cells(rule: Rule) -> list[tuple[str, bool]]:
    owns = (True, False) if rule.target else (True,)
    return [(role, own) for role in ROLES for own in owns]


def _where(method: str, path: str, role: str, own: bool) -> str:
    return f"{method} {path} as {role} ({'own' if own else 'other'})"


def test_the_matrix_holds_for_reading(world: World, browsers: dict[str, Browser]) -> None:
    """Every GET, every role, own and other: shared objects of each kind and scope (a route
    that needs its object in a given state gets its own)."""
    shared: dict[tuple[str, bool], Target] = {}
    for (method, path), rule in sorted(MATRIX.items()):
        if method != "GET":
            continue
        prepared: dict[bool, Target] = {}
        for role, own in _cells(rule):
            target = None
            if rule.target and rule.prepare is not None:
                if own not in prepared:
                    prepared[own] = world.target(rule.target, own)
                    rule.prepare(world, prepared[own])
                target = prepared[own]
            elif rule.target:
                key = (rule.target, own)
                if key not in shared:
                    shared[key] = world.target(*key)
                target = shared[key]
            url = "/office" + path.format(**rule.setup(world, target))
            where = _where(method, path, role, own)
            resp = browsers[role].get(url)
            expected = rule.expected(role, own)
            _judge(resp, expected, where)
            if expected != OK:
                continue  # what a refusal says: test_an_out_of_scope_answer_never_tells...
            if rule.check is not None:
                rule.check(resp)
            elif target is not None:
                assert target.receipt in resp.text, f"{where} does not show the receipt"


def test_the_matrix_holds_for_changing(world: World) -> None:
    """Every POST, every role, own and other: a new account and new objects per cell, the
    session's valid CSRF token and a valid form; a refused cell changes nothing."""
    for (method, path), rule in sorted(MATRIX.items()):
        if method != "POST":
            continue
        for role, own in _cells(rule):
            where = _where(method, path, role, own)
            target = world.target(rule.target, own) if rule.target else None
            ctx = rule.setup(world, target)
            url = "/office" + path.format(**ctx)
            b = world.signed_in(role)
            try:
                before = world.trace()
                if path == "/login":
                    resp = _login_cell(world, b, role)
                else:
                    form = {"csrf": b.csrf, **rule.form(world, ctx)}
                    files = rule.files(world, ctx) if rule.files else None
                    resp = b.client.post(url, data=form, files=files)
                expected = rule.expected(role, own)
                _judge(resp, expected, where)
                if expected == OK and rule.check is not None:
                    rule.check(resp)
                if path == "/login":
                    continue  # signing in writes the account's last sign-in
                after = world.trace()
                changed = sorted(t for t in WATCHED if before[t] != after[t])
                if rule.changed(role, own):
                    assert changed, f"{where} changed nothing"
                else:
                    assert not changed, f"{where} changed {changed}"
            finally:
                b.close()


def _login_cell(world: World, b: Browser, role: str) -> Any:
    """The login form posted with its own valid token: a role signs in (again) with its
    password; anonymous is someone without a right password."""
    form = b.get("/office/login")
    token = form.text.split('name="csrf" value="')[1].split('"')[0]
    username = world.account(role) if role != "anonymous" else "nobody.here"
    return b.client.post(
        "/office/login", data={"username": username, "password": PASSWORD, "csrf": token}
    )


def test_a_forged_or_missing_token_is_refused_everywhere(world: World) -> None:
    """Every POST but the login's (its own double-submit token is tested in
    test_web_auth.py) refuses an admin's post without the session's token: 403, nothing
    changed."""
    b = world.signed_in("admin")
    try:
        for (method, path), rule in sorted(MATRIX.items()):
            if method != "POST" or path == "/login":
                continue
            target = world.target(rule.target, True) if rule.target else None
            ctx = rule.setup(world, target)
            url = "/office" + path.format(**ctx)
            for token in ("forged", None):
                before = world.trace()
                form = {**rule.form(world, ctx), **({"csrf": token} if token else {})}
                files = rule.files(world, ctx) if rule.files else None
                resp = b.client.post(url, data=form, files=files)
                where = f"POST {path} with token {token}"
                assert resp.status_code == 403, (where, resp.status_code, resp.text[:300])
                assert world.trace() == before, f"{where} changed something"
    finally:
        b.close()


def test_an_out_of_scope_answer_never_tells_whether_it_exists(
    world: World, browsers: dict[str, Browser]
) -> None:
    """Another agency's request or complaint and a receipt nobody holds read the same."""
    for kind in ("request", "complaint"):
        other = world.target(kind, False)
        nobody = Target(
            str(ReceiptNumber(center="SAL", station=1, year=26, seq=9999)),
            str(uuid.uuid4()),
            other.sha256,
        )
        for (method, path), rule in sorted(MATRIX.items()):
            if method != "GET" or rule.target != kind:
                continue
            for role in ("officer", "supervisor"):
                seen = browsers[role].get("/office" + path.format(**rule.setup(world, other)))
                unseen = browsers[role].get("/office" + path.format(**rule.setup(world, nobody)))
                assert seen.status_code == unseen.status_code == 404, (path, role)
                assert seen.text.replace(other.receipt, "R") == unseen.text.replace(
                    nobody.receipt, "R"
                ), (path, role)


def test_the_world_routes_as_the_matrix_assumes(world: World) -> None:
    expectations = {
        "request": {True: "MOI", False: "GEH"},
        "complaint": {True: "MOI", False: "MOSAL"},
    }
    for kind, by_own in expectations.items():
        for own, agency in by_own.items():
            t = world.target(kind, own)
            held = world.hq.scalar(
                "SELECT agency || '/' || center || '/' || status || '/' || category "
                "FROM request_states WHERE request_uuid = :u",
                u=t.request_uuid,
            )
            center = (OWN_REQUEST if own else OTHER_REQUEST)[0]
            category = "complaint" if kind == "complaint" else "service"
            assert held == f"{agency}/{center}/forwarded/{category}", (kind, own, held)


_MSGID = re.compile(r"\b(?:role|status|sms|sms-kind|doc|requirement|action):[a-z][a-z_]*\b")


def test_no_page_shows_a_message_id(world: World, browsers: dict[str, Browser]) -> None:
    """Every page a role may open, in both languages, says words: never a lookup key such as
    ``role:officer`` or ``sms:sent`` (English has no catalog; such keys need their words)."""
    seen: dict[str, set[str]] = {}
    targets: dict[str, Target] = {}
    for lang in ("ar", "en"):
        for role in ("officer", "supervisor", "admin"):
            b = browsers[role]
            b.client.cookies.set("csc_lang", lang, path="/office")
            for (method, path), rule in sorted(MATRIX.items()):
                if method != "GET" or rule.expected(role, True) != OK or rule.check:
                    continue
                target = None
                if rule.target:
                    if rule.target not in targets:
                        targets[rule.target] = world.target(rule.target, True)
                    target = targets[rule.target]
                resp = b.get("/office" + path.format(**rule.setup(world, target)))
                if resp.status_code != 200:
                    continue
                words = re.sub(r"<[^>]+>", " ", resp.text)
                for key in _MSGID.findall(words):
                    seen.setdefault(f"{lang} {path}", set()).add(key)
    assert not seen, f"message ids shown as text: {seen}"
