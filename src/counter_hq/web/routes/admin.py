"""HQ admin pages: centers, stations (enrollment codes, revoke), users, catalog drafts, agencies
and their offices, routing, the holiday calendar, the SMS outbox. Only HQ admins: the role is
checked before a form or an upload is read (``AdminDep``/``AdminPostDep``), and again by every
use case (office/admin.py), so a page left out here still refuses. Routes hold no queries: each
calls one use case in the thread pool and renders its result.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated, Any, TypeVar
from urllib.parse import urlencode

import anyio.to_thread
from fastapi import APIRouter, Depends, File, Form, UploadFile
from sqlalchemy.orm import Session
from starlette.responses import RedirectResponse, Response

from counter_hq.errors import HQError, NotFoundError
from counter_hq.office import admin
from counter_hq.office.access import check_admin
from counter_hq.office.users import create_user, set_active, set_password
from counter_hq.signing import Signer, signer_for
from counter_hq.web.i18n import Translator
from counter_hq.web.pages import PREFIX, Page, PageDep, PostDep
from counter_hq.web.present import error_text, isolate, label
from counter_hq.web.templating import render as render_page

router = APIRouter()


def render(current: Page, template: str, status_code: int = 200, **context: Any) -> Response:
    """A page with the helpers the templates share (web/present.py): a coded value's label
    in the reader's language, and a value isolated inside a sentence."""
    return render_page(current, template, status_code, label=label, isolate=isolate, **context)


T = TypeVar("T")
ADMIN = f"{PREFIX}/admin"
MAX_UPLOAD = 12 * 1024 * 1024  # api/limits.py OFFICE_UPLOAD_LIMIT: the body never exceeds it


async def _admin_page(current: PageDep) -> Page:
    check_admin(current.user)  # Forbidden: the 403 page
    return current


async def _admin_post(current: PostDep) -> Page:
    check_admin(current.user)  # after the CSRF check, before the handler reads the form
    return current


AdminDep = Annotated[Page, Depends(_admin_page)]
AdminPostDep = Annotated[Page, Depends(_admin_post)]


async def _call(current: Page, use: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """One use case in the thread pool, on a session of its own."""

    def work() -> T:
        with current.services.sessions() as session:
            return use(session, *args, **kwargs)

    return await anyio.to_thread.run_sync(work)


def say(tr: Translator) -> Callable[[str, Mapping[str, Any] | None], str]:
    """A stored msgid with its parameters in the reader's language; a parameter that is itself
    a msgid (a requirement, yes/no) is translated too, user data passes unchanged."""

    def word(value: object) -> str:
        text = str(value)
        prefix, colon, code = text.partition(":")
        if colon and prefix == "requirement":
            return isolate(label(tr, prefix, code))
        return isolate(tr(text))

    def translate(msgid: str, params: Mapping[str, Any] | None = None) -> str:
        return tr(msgid, **{k: word(v) for k, v in (params or {}).items()})

    return translate


def _signer(current: Page) -> Signer:
    return signer_for(current.services.settings.data_dir)


async def _read_upload(file: UploadFile | None) -> bytes:
    if file is None:
        return b""
    return await file.read(MAX_UPLOAD + 1)


def _see(path: str, **query: str) -> RedirectResponse:
    target = f"{ADMIN}{path}" + (f"?{urlencode(query)}" if query else "")
    return RedirectResponse(target, status_code=303)


# -- index --------------------------------------------------------------------------------------


@router.get("/admin")
async def index(current: AdminDep) -> Response:
    summary = await _call(current, admin.overview, current.user)
    return render(current, "admin.html", summary=summary)


# -- centers ------------------------------------------------------------------------------------


async def _centers(
    current: Page,
    *,
    status: int = 200,
    error: str | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    rows = await _call(current, admin.centers_list, current.user)
    added = current.request.query_params.get("added")
    notice = current.tr("Center {center} was added", center=added) if added else None
    return render(
        current,
        "admin_centers.html",
        status,
        centers=rows,
        error=error,
        notice=notice,
        form=form or {},
    )


@router.get("/admin/centers")
async def centers(current: AdminDep) -> Response:
    return await _centers(current)


@router.post("/admin/centers")
async def center_add(
    current: AdminPostDep,
    code: Annotated[str, Form(max_length=20)] = "",
    name: Annotated[str, Form(max_length=400)] = "",
) -> Response:
    try:
        added = await _call(current, admin.add_center, current.user, current.now, code, name)
    except HQError as exc:
        return await _centers(
            current,
            status=exc.status,
            error=error_text(current.tr, exc),
            form={"code": code, "name": name},
        )
    return _see("/centers", added=added)


# -- stations -----------------------------------------------------------------------------------


async def _stations(
    current: Page,
    *,
    status: int = 200,
    error: str | None = None,
    new_code: admin.NewCode | None = None,
) -> Response:
    rows = await _call(current, admin.stations_list, current.user, current.now)
    choices = await _call(current, admin.center_choices, current.user)
    revoked = current.request.query_params.get("revoked")
    notice = current.tr("Station {label} was revoked", label=revoked) if revoked else None
    return render(
        current,
        "admin_stations.html",
        status,
        stations=rows,
        centers=choices,
        error=error,
        notice=notice,
        new_code=new_code,
    )


@router.get("/admin/stations")
async def stations_page(current: AdminDep) -> Response:
    return await _stations(current)


@router.post("/admin/stations")
async def station_add(
    current: AdminPostDep,
    center: Annotated[str, Form(max_length=20)] = "",
    number: Annotated[str, Form(max_length=4)] = "",
) -> Response:
    try:
        wanted = int(number) if number.strip() else None
    except ValueError:
        error = current.tr(admin.BAD_STATION_NO, number=number[:4])
        return await _stations(current, status=422, error=error)
    try:
        made = await _call(current, admin.add_station, current.user, current.now, center, wanted)
    except HQError as exc:
        return await _stations(current, status=exc.status, error=error_text(current.tr, exc))
    # Shown on this answer only (no redirect): HQ keeps the code's hash, never the code.
    return await _stations(current, new_code=made)


@router.get("/admin/stations/{label}/revoke")
async def station_revoke_form(current: AdminDep, label: str) -> Response:
    row = await _call(current, admin.station_row, current.user, current.now, label)
    return render(current, "admin_station_revoke.html", station=row)


@router.post("/admin/stations/{label}/revoke")
async def station_revoke(current: AdminPostDep, label: str) -> Response:
    try:
        done = await _call(current, admin.revoke_station, current.user, current.now, label)
    except HQError as exc:
        return await _stations(current, status=exc.status, error=error_text(current.tr, exc))
    return _see("/stations", revoked=done)


# -- users --------------------------------------------------------------------------------------


async def _users(
    current: Page,
    *,
    status: int = 200,
    error: str | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    rows = await _call(current, admin.users_list, current.user)
    agencies = await _call(current, lambda s: admin.agency_choices(s))
    centers_ = await _call(current, admin.center_choices, current.user)
    q = current.request.query_params
    notice = None
    if q.get("added"):
        notice = current.tr("Account {username} was added", username=q["added"])
    elif q.get("enabled"):
        notice = current.tr("Account {username} was enabled", username=q["enabled"])
    elif q.get("disabled"):
        notice = current.tr("Account {username} was disabled", username=q["disabled"])
    elif q.get("password"):
        notice = current.tr(
            "A new password was set for {username}; their sessions were ended",
            username=q["password"],
        )
    return render(
        current,
        "admin_users.html",
        status,
        users=rows,
        now=current.now,
        agencies=agencies,
        centers=centers_,
        error=error,
        notice=notice,
        form=form or {},
    )


@router.get("/admin/users")
async def users(current: AdminDep) -> Response:
    return await _users(current)


def _add_user(session: Session, current: Page, fields: dict[str, str]) -> str:
    row = create_user(
        session,
        username=fields["username"],
        display_name=fields["display_name"],
        role=fields["role"],
        password=fields["password"],
        now=current.now,
        agency=fields["agency"] or None,
        center=fields["center"] or None,
        language=fields["language"],
        hasher=current.services.password_hasher,
        by=current.user,  # checks the admin role, and the audit row names them
    )
    name = row.username
    session.commit()
    return name


@router.post("/admin/users")
async def user_add(
    current: AdminPostDep,
    username: Annotated[str, Form(max_length=64)] = "",
    display_name: Annotated[str, Form(max_length=200)] = "",
    role: Annotated[str, Form(max_length=20)] = "",
    agency: Annotated[str, Form(max_length=20)] = "",
    center: Annotated[str, Form(max_length=6)] = "",
    password: Annotated[str, Form(max_length=300)] = "",
    language: Annotated[str, Form(max_length=2)] = "ar",
) -> Response:
    fields = {
        "username": username,
        "display_name": display_name,
        "role": role,
        "agency": agency,
        "center": center,
        "password": password,
        "language": language,
    }
    try:
        name = await _call(current, _add_user, current, fields)
    except HQError as exc:
        kept = {k: v for k, v in fields.items() if k != "password"}
        return await _users(
            current, status=exc.status, error=error_text(current.tr, exc), form=kept
        )
    return _see("/users", added=name)


def _set_active(session: Session, current: Page, username: str, active: bool) -> None:
    set_active(session, username, active, current.now, by=current.user)
    session.commit()


@router.post("/admin/users/{username}/active")
async def user_active(
    current: AdminPostDep, username: str, active: Annotated[str, Form(max_length=1)] = ""
) -> Response:
    turn_on = active == "1"
    try:
        await _call(current, _set_active, current, username, turn_on)
    except HQError as exc:
        return await _users(current, status=exc.status, error=error_text(current.tr, exc))
    return _see("/users", **{"enabled" if turn_on else "disabled": username.lower()})


def _reset(session: Session, current: Page, username: str, password: str) -> None:
    set_password(
        session,
        username,
        password,
        current.now,
        hasher=current.services.password_hasher,
        by=current.user,
    )
    session.commit()


@router.post("/admin/users/{username}/password")
async def user_password(
    current: AdminPostDep, username: str, password: Annotated[str, Form(max_length=300)] = ""
) -> Response:
    try:
        await _call(current, _reset, current, username, password)
    except HQError as exc:
        return await _users(current, status=exc.status, error=error_text(current.tr, exc))
    return _see("/users", password=username.lower())


# -- catalog versions ---------------------------------------------------------------------------


async def _catalogs(current: Page, *, status: int = 200, error: str | None = None) -> Response:
    drafts = await _call(current, admin.catalog_drafts, current.user)
    published = await _call(current, admin.published_catalog_version, current.user)
    return render(
        current, "admin_catalogs.html", status, drafts=drafts, published=published, error=error
    )


@router.get("/admin/catalogs")
async def catalogs_page(current: AdminDep) -> Response:
    return await _catalogs(current)


@router.post("/admin/catalogs")
async def catalog_upload(
    current: AdminPostDep, file: Annotated[UploadFile | None, File()] = None
) -> Response:
    raw = await _read_upload(file)
    draft_id = await _call(current, admin.upload_catalog, current.user, current.now, raw)
    return RedirectResponse(f"{ADMIN}/catalogs/{draft_id}", status_code=303)


async def _draft(
    current: Page, draft_id: int, *, status: int = 200, error: str | None = None
) -> Response:
    view = await _call(current, admin.catalog_draft, current.user, draft_id)
    notice = None
    if current.request.query_params.get("published") and view.draft.published_seq:
        notice = current.tr(
            "Catalog {version} was published to every center", version=view.draft.version
        )
    return render(
        current,
        "admin_catalog.html",
        status,
        view=view,
        say=say(current.tr),
        error=error,
        notice=notice,
    )


@router.get("/admin/catalogs/{draft_id}")
async def catalog_draft(current: AdminDep, draft_id: int) -> Response:
    return await _draft(current, draft_id)


@router.post("/admin/catalogs/{draft_id}/publish")
async def catalog_publish(current: AdminPostDep, draft_id: int) -> Response:
    try:
        await _call(
            current,
            admin.publish_draft,
            current.user,
            current.now,
            draft_id,
            signer=_signer(current),
        )
    except HQError as exc:
        return await _draft(current, draft_id, status=exc.status, error=error_text(current.tr, exc))
    return RedirectResponse(f"{ADMIN}/catalogs/{draft_id}?published=1", status_code=303)


# -- agencies and their offices -----------------------------------------------------------------

_AGENCY_NOTICES = {
    "added": "Agency {code} was added",
    "renamed": "Agency {code} was renamed",
    "deactivated": "Agency {code} was deactivated",
    "activated": "Agency {code} was activated",
    "office_added": "An office was added to agency {code}",
    "office_renamed": "An office of agency {code} was renamed",
    "office_removed": "An office of agency {code} was removed",
}


async def _agencies(
    current: Page,
    *,
    status: int = 200,
    error: str | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    rows = await _call(current, admin.agencies_list, current.user)
    centers_ = await _call(current, admin.center_choices, current.user)
    q = current.request.query_params
    done = q.get("done", "")
    notice = None
    if done in _AGENCY_NOTICES and q.get("code"):
        notice = current.tr(_AGENCY_NOTICES[done], code=isolate(q["code"][:20]))
    return render(
        current,
        "admin_agencies.html",
        status,
        agencies=rows,
        centers=centers_,
        error=error,
        notice=notice,
        form=form or {},
    )


async def _agency_refused(current: Page, exc: HQError, form: dict[str, str]) -> Response:
    return await _agencies(current, status=exc.status, error=error_text(current.tr, exc), form=form)


@router.get("/admin/agencies")
async def agencies_page(current: AdminDep) -> Response:
    return await _agencies(current)


@router.post("/admin/agencies")
async def agency_add(
    current: AdminPostDep,
    code: Annotated[str, Form(max_length=40)] = "",
    name_ar: Annotated[str, Form(max_length=400)] = "",
    name_en: Annotated[str, Form(max_length=400)] = "",
) -> Response:
    try:
        added = await _call(
            current, admin.add_agency, current.user, current.now, code, name_ar, name_en
        )
    except HQError as exc:
        form = {"form": "add", "code": code, "name_ar": name_ar, "name_en": name_en}
        return await _agency_refused(current, exc, form)
    return _see("/agencies", done="added", code=added)


@router.post("/admin/agencies/{code}/rename")
async def agency_rename(
    current: AdminPostDep,
    code: str,
    name_ar: Annotated[str, Form(max_length=400)] = "",
    name_en: Annotated[str, Form(max_length=400)] = "",
) -> Response:
    try:
        done = await _call(
            current, admin.rename_agency, current.user, current.now, code, name_ar, name_en
        )
    except HQError as exc:
        form = {"form": f"rename:{code}", "name_ar": name_ar, "name_en": name_en}
        return await _agency_refused(current, exc, form)
    return _see("/agencies", done="renamed", code=done)


@router.post("/admin/agencies/{code}/active")
async def agency_active(
    current: AdminPostDep, code: str, active: Annotated[str, Form(max_length=1)] = ""
) -> Response:
    turn_on = active == "1"
    try:
        done = await _call(
            current, admin.set_agency_active, current.user, current.now, code, turn_on
        )
    except HQError as exc:
        return await _agency_refused(current, exc, {})
    return _see("/agencies", done="activated" if turn_on else "deactivated", code=done)


def _office_id(raw: str, agency: str) -> int:
    """An office's id from the address; anything else is no office (404)."""
    if not raw.isdigit() or len(raw) > 9:
        raise NotFoundError(admin.NO_OFFICE, office=raw[:12], agency=agency.strip().upper()[:20])
    return int(raw)


@router.post("/admin/agencies/{code}/offices")
async def office_add(
    current: AdminPostDep,
    code: str,
    name_ar: Annotated[str, Form(max_length=400)] = "",
    name_en: Annotated[str, Form(max_length=400)] = "",
    center: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    try:
        await _call(
            current, admin.add_office, current.user, current.now, code, name_ar, name_en, center
        )
    except HQError as exc:
        form = {"form": f"office:{code}", "name_ar": name_ar, "name_en": name_en, "center": center}
        return await _agency_refused(current, exc, form)
    return _see("/agencies", done="office_added", code=code.strip().upper())


@router.post("/admin/agencies/{code}/offices/{office_id}/rename")
async def office_rename(
    current: AdminPostDep,
    code: str,
    office_id: str,
    name_ar: Annotated[str, Form(max_length=400)] = "",
    name_en: Annotated[str, Form(max_length=400)] = "",
    center: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    try:
        await _call(
            current,
            admin.rename_office,
            current.user,
            current.now,
            code,
            _office_id(office_id, code),
            name_ar,
            name_en,
            center,
        )
    except HQError as exc:
        form = {
            "form": f"office-rename:{office_id}",
            "name_ar": name_ar,
            "name_en": name_en,
            "center": center,
        }
        return await _agency_refused(current, exc, form)
    return _see("/agencies", done="office_renamed", code=code.strip().upper())


@router.post("/admin/agencies/{code}/offices/{office_id}/remove")
async def office_remove(current: AdminPostDep, code: str, office_id: str) -> Response:
    try:
        await _call(
            current,
            admin.remove_office,
            current.user,
            current.now,
            code,
            _office_id(office_id, code),
        )
    except HQError as exc:
        return await _agency_refused(current, exc, {})
    return _see("/agencies", done="office_removed", code=code.strip().upper())


# -- routing ------------------------------------------------------------------------------------


async def _routing(current: Page, *, status: int = 200, error: str | None = None) -> Response:
    routes, offices = await _call(current, admin.routing_table, current.user)
    agencies = await _call(current, lambda s: admin.agency_choices(s))
    q = current.request.query_params
    notice = None
    if q.get("service"):
        notice = current.tr(
            "Service {service} is now handled by {agency}; {n} waiting requests forwarded",
            service=q["service"],
            agency=q.get("agency", ""),
            n=q.get("forwarded", "0"),
        )
    return render(
        current,
        "admin_routing.html",
        status,
        routes=routes,
        offices=offices,
        agencies=agencies,
        error=error,
        notice=notice,
    )


@router.get("/admin/routing")
async def routing_page(current: AdminDep) -> Response:
    return await _routing(current)


@router.post("/admin/routing")
async def routing_change(
    current: AdminPostDep,
    service: Annotated[str, Form(max_length=40)] = "",
    agency: Annotated[str, Form(max_length=20)] = "",
    office: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    office_id = int(office) if office.strip().isdigit() else None
    try:
        forwarded = await _call(
            current,
            admin.change_routing,
            current.user,
            current.now,
            service,
            agency,
            office_id,
            signer=_signer(current),
        )
    except HQError as exc:
        return await _routing(current, status=exc.status, error=error_text(current.tr, exc))
    return _see(
        "/routing",
        service=service.strip().upper(),
        agency=agency.strip().upper(),
        forwarded=str(forwarded),
    )


# -- holiday calendar ---------------------------------------------------------------------------


async def _calendar(
    current: Page,
    *,
    status: int = 200,
    error: str | None = None,
    checked: admin.CalendarView | None = None,
) -> Response:
    view = await _call(current, admin.calendar_view, current.user, current.now)
    published = current.request.query_params.get("published")
    notice = (
        current.tr("Holiday calendar {version} was published to every station", version=published)
        if published
        else None
    )
    if checked is not None:
        notice = current.tr(
            "The file is valid: version {version}, {n} holidays. Nothing was published yet.",
            version=checked.version,
            n=len(checked.holidays),
        )
    return render(
        current,
        "admin_calendar.html",
        status,
        view=view,
        checked=checked,
        error=error,
        notice=notice,
    )


@router.get("/admin/calendar")
async def calendar_page(current: AdminDep) -> Response:
    return await _calendar(current)


@router.post("/admin/calendar")
async def calendar_upload(
    current: AdminPostDep,
    file: Annotated[UploadFile | None, File()] = None,
    action: Annotated[str, Form(max_length=10)] = "check",
) -> Response:
    raw = await _read_upload(file)
    try:
        if action == "publish":
            done = await _call(current, admin.publish_calendar, current.user, current.now, raw)
            return _see("/calendar", published=done.version)
        checked = await _call(current, admin.check_calendar, current.user, raw)
    except HQError as exc:
        return await _calendar(current, status=exc.status, error=error_text(current.tr, exc))
    return await _calendar(current, checked=checked)


# -- notifications ------------------------------------------------------------------------------


async def _notifications(
    current: Page, *, status: int = 200, error: str | None = None, phone: str = ""
) -> Response:
    state = current.request.query_params.get("state") or None
    rows = await _call(current, admin.recent_notifications, current.user, state)
    opted = await _call(current, admin.opt_outs, current.user)
    q = current.request.query_params
    notice = None
    if q.get("opted_out"):
        notice = current.tr(
            "{phone} gets no more messages; {n} waiting messages will not be sent",
            phone=q["opted_out"],
            n=q.get("cancelled", "0"),
        )
    return render(
        current,
        "admin_notifications.html",
        status,
        messages=rows,
        opt_outs=opted,
        state=state or "",
        states=admin.NOTIFICATION_STATES,
        error=error,
        notice=notice,
        phone=phone,
    )


@router.get("/admin/notifications")
async def notifications(current: AdminDep) -> Response:
    return await _notifications(current)


@router.post("/admin/notifications/opt-out")
async def notifications_opt_out(
    current: AdminPostDep, phone: Annotated[str, Form(max_length=40)] = ""
) -> Response:
    try:
        done = await _call(current, admin.opt_out, current.user, current.now, phone)
    except HQError as exc:
        return await _notifications(
            current, status=exc.status, error=error_text(current.tr, exc), phone=phone
        )
    return _see("/notifications", opted_out=done.phone, cancelled=str(done.cancelled))
