"""HQ administration use cases for the back office: centers, stations and their enrollment
codes, accounts, catalog drafts (validated, compared with the published catalog, published),
agencies and their offices, the routing of services, the holiday calendar, and the SMS outbox
with its opt-outs.

Each function takes the signed-in ``WebUser`` and calls ``check_admin`` before it reads
anything; a write adds its ``hq_audit`` row in the same transaction as the change. Where an
older use case (stations.py, catalogs.py, calendars.py, routing.py) commits by itself, the
audit row is added to the session before the call, so its commit carries both. Errors carry a
fixed English msgid and keyword parameters (translated by the page, web/locale/ar.json); the
command-line use cases word theirs in English, so the input is checked here first with msgids.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from counter_app.domain.catalog import Catalog, Service, parse_catalog
from counter_app.domain.errors import ValidationError
from counter_app.domain.receipt import validate_center_code, validate_station
from counter_hq import calendars, catalogs, lineage, routing, stations
from counter_hq.errors import ConflictError, HQError, Invalid, NotFoundError
from counter_hq.models import (
    Agency,
    AgencyOffice,
    CatalogDraft,
    Center,
    ChangeRow,
    EnrollmentCode,
    HqAudit,
    HqService,
    HqUser,
    Notification,
    RequestState,
    SmsOptOut,
    Station,
    StationAuditTip,
)
from counter_hq.notify.changes import notification_change
from counter_hq.notify.outbox import OPTED_OUT, QUEUED, RETRY, normalize_phone
from counter_hq.office.access import WebUser, check_admin
from counter_hq.signing import Signer
from counter_protocol.payloads import CATALOG

MAX_CENTER_NAME = 200
NOTIFICATION_PAGE = 100
NOTIFICATION_STATES = ("queued", "retry", "sending", "sent", "failed", "opted_out", "no_phone")

# Messages (English msgids with parameters; Arabic in src/counter_hq/web/locale/ar.json).
BAD_CENTER_CODE = "{center} is not a center code (2 to 6 Latin letters, like MZH)"
CENTER_NAME = "A center needs a name of 1 to {n} characters"
CENTER_EXISTS = "Center {center} exists already"
NO_CENTER = "No center {center}"
BAD_STATION_NO = "{number} is not a station number (1 to 99)"
NO_STATION = "No station {label}"
STATION_RETIRED = "Station {label} is retired; its number is never enrolled again"
STATION_REVOKED_ALREADY = "Station {label} is revoked already"
NO_FREE_NUMBER = "Center {center} has no free station number left"
CATALOG_TOO_LARGE = "The catalog file is too large ({size} bytes; at most {limit})"
CATALOG_EMPTY = "The catalog file is empty"
CATALOG_NOT_TEXT = "The catalog file is not UTF-8 text"
CATALOG_SAME = "This file is the published catalog already (version {version})"
CATALOG_NOT_NEWER = (
    "Catalog version {version} is not newer than the published version {published}; "
    "a changed catalog needs a new version"
)
NO_DRAFT = "No catalog draft {draft}"
DRAFT_INVALID = "Catalog draft {draft} did not pass validation and cannot be published"
DRAFT_PUBLISHED = "Catalog draft {draft} is published already"
CALENDAR_EMPTY = "The holiday calendar file is empty"
CALENDAR_SAME = "This holiday calendar is published already (version {version})"
NO_SERVICE = "No service {service}"
NO_AGENCY = "No agency {agency}"
NOT_AN_OFFICE = "Office {office} is not an office of {agency}"
BAD_PHONE = "{phone} is not a Syrian mobile number (like 0933 123 456)"
OPTED_OUT_ALREADY = "{phone} is opted out already"
BAD_STATE = "Unknown message state {state}"
BAD_AGENCY_CODE = (
    "{agency} is not an agency code (2 to 20 capital Latin letters, digits or dashes, like MOI)"
)
ARABIC_NAME = "An Arabic name of 1 to {n} characters is required"
ENGLISH_NAME = "The English name may have at most {n} characters"
AGENCY_EXISTS = "Agency {agency} exists already"
AGENCY_IN_USE = (
    "Agency {agency} still handles {n} services ({services}); route them to another agency first"
)
AGENCY_ACTIVE_ALREADY = "Agency {agency} is active already"
AGENCY_INACTIVE_ALREADY = "Agency {agency} is inactive already"
NO_OFFICE = "No office {office} of agency {agency}"
OFFICE_IN_USE = (
    "Office {office} still handles {n} services ({services}); route them elsewhere first"
)
MAX_NAME = 200  # agencies' and offices' names (the columns' length)
AGENCY_CODE_MAX = 20
_AGENCY_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,19}$")
_NAMED = 10  # services a refusal names before "…"


# -- overview ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Overview:
    centers: int
    stations: int
    stations_flagged: int
    users: int
    users_active: int
    catalog_version: str | None  # None: none published (stations use the shipped one)
    drafts_waiting: int  # valid, not published
    calendar_version: str
    services: int
    notifications_waiting: int  # queued or retrying
    notifications_failed: int


def overview(session: Session, user: WebUser) -> Overview:
    check_admin(user)

    def count(*what: Any) -> int:
        return int(session.execute(select(func.count()).select_from(*what)).scalar_one())

    flagged = int(
        session.execute(
            select(func.count())
            .select_from(StationAuditTip)
            .where(StationAuditTip.flagged.is_not(None))
        ).scalar_one()
    )
    users_active = int(
        session.execute(select(func.count()).select_from(HqUser).where(HqUser.active)).scalar_one()
    )
    drafts = int(
        session.execute(
            select(func.count())
            .select_from(CatalogDraft)
            .where(CatalogDraft.valid, CatalogDraft.published_seq.is_(None))
        ).scalar_one()
    )
    by_state = dict(
        session.execute(
            select(Notification.state, func.count())
            .where(Notification.state.in_((QUEUED, RETRY, "failed")))
            .group_by(Notification.state)
        )
        .tuples()
        .all()
    )
    published = _published_catalog(session)
    return Overview(
        centers=count(Center),
        stations=count(Station),
        stations_flagged=flagged,
        users=count(HqUser),
        users_active=users_active,
        catalog_version=published[1] if published else None,
        drafts_waiting=drafts,
        calendar_version=calendars.current_calendar_info(session).version,
        services=count(HqService),
        notifications_waiting=int(by_state.get(QUEUED, 0)) + int(by_state.get(RETRY, 0)),
        notifications_failed=int(by_state.get("failed", 0)),
    )


# -- centers -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CenterRow:
    code: str
    name: str
    stations: int
    created_at: dt.datetime


def centers_list(session: Session, user: WebUser) -> list[CenterRow]:
    check_admin(user)
    per_center = dict(
        session.execute(select(Station.center, func.count()).group_by(Station.center))
        .tuples()
        .all()
    )
    return [
        CenterRow(c.code, c.name, int(per_center.get(c.code, 0)), c.created_at)
        for c in session.execute(select(Center).order_by(Center.code)).scalars()
    ]


def _center_code(raw: str) -> str:
    try:
        return validate_center_code(raw)
    except ValidationError:
        raise Invalid(BAD_CENTER_CODE, center=raw.strip()[:20]) from None


def add_center(session: Session, user: WebUser, now: dt.datetime, code: str, name: str) -> str:
    """A new center (stations are added to it afterwards). Audited; commits."""
    check_admin(user)
    center = _center_code(code)
    shown = name.strip()
    if not shown or len(shown) > MAX_CENTER_NAME or any(ord(c) < 32 for c in shown):
        raise Invalid(CENTER_NAME, n=MAX_CENTER_NAME)
    if session.get(Center, center) is not None:
        raise ConflictError(CENTER_EXISTS, center=center)
    session.add(
        HqAudit(
            at=now, user_id=user.id, action="center.add", target=center, details={"name": shown}
        )
    )
    try:
        return stations.add_center(session, center, shown, now)  # commits the audit row too
    except HQError:
        session.rollback()
        raise ConflictError(CENTER_EXISTS, center=center) from None


def center_choices(session: Session, user: WebUser) -> list[tuple[str, str]]:
    """(code, name) of every center, for the forms."""
    check_admin(user)
    return [
        (c, n) for c, n in session.execute(select(Center.code, Center.name).order_by(Center.code))
    ]


# -- stations ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StationRow:
    id: int
    center: str
    station_no: int
    label: str
    created_at: dt.datetime
    enrolled_at: dt.datetime | None
    revoked_at: dt.datetime | None
    retired_at: dt.datetime | None
    code_until: dt.datetime | None  # an unused enrollment code is valid until then
    replaces: str | None
    replaced_by: str | None
    audit_seq: int | None
    audit_at: dt.datetime | None
    flagged: str | None  # rewound | forked
    flagged_at: dt.datetime | None
    collisions: int

    @property
    def state(self) -> str:
        """retired | revoked | enrolled | code_issued | new (the msgid ``station:<state>``)."""
        if self.retired_at is not None:
            return "retired"
        if self.revoked_at is not None:
            return "revoked"
        if self.enrolled_at is not None:
            return "enrolled"
        return "code_issued" if self.code_until is not None else "new"


def stations_list(
    session: Session, user: WebUser, now: dt.datetime, center: str | None = None
) -> list[StationRow]:
    check_admin(user)
    query = (
        select(Station, StationAuditTip)
        .outerjoin(StationAuditTip, StationAuditTip.station_id == Station.id)
        .order_by(Station.center, Station.station_no)
    )
    if center:
        query = query.where(Station.center == _center_code(center))
    found = session.execute(query).tuples().all()
    labels = {st.id: _label(st.center, st.station_no) for st, _ in found}
    successors = {st.replaces_id: st.id for st, _ in found if st.replaces_id is not None}
    codes = dict(
        session.execute(
            select(EnrollmentCode.station_id, func.max(EnrollmentCode.expires_at))
            .where(EnrollmentCode.used_at.is_(None), EnrollmentCode.expires_at > now)
            .group_by(EnrollmentCode.station_id)
        )
        .tuples()
        .all()
    )
    collisions = lineage.collisions_by_station(session)
    rows: list[StationRow] = []
    for st, tip in found:
        hit = collisions.get(st.id)
        replaced_by = successors.get(st.id)
        rows.append(
            StationRow(
                id=st.id,
                center=st.center,
                station_no=st.station_no,
                label=labels[st.id],
                created_at=st.created_at,
                enrolled_at=st.enrolled_at,
                revoked_at=st.revoked_at,
                retired_at=st.retired_at,
                code_until=codes.get(st.id),
                replaces=labels.get(st.replaces_id) if st.replaces_id else None,
                replaced_by=labels.get(replaced_by) if replaced_by else None,
                audit_seq=tip.seq if tip else None,
                audit_at=tip.reported_at if tip else None,
                flagged=tip.flagged if tip else None,
                flagged_at=tip.flagged_at if tip else None,
                collisions=hit.count if hit else 0,
            )
        )
    return rows


def _label(center: str, number: int) -> str:
    return f"{center}-{number:02d}"


def parse_station_label(raw: str) -> tuple[str, int]:
    """``MZH-02`` -> ("MZH", 2), refused with a msgid."""
    center, _, number = raw.strip().rpartition("-")
    if not center or not number.isdigit() or len(number) > 2:
        raise NotFoundError(NO_STATION, label=raw.strip()[:20])
    return _center_code(center), _station_number(int(number))


def _station_number(number: int) -> int:
    try:
        return validate_station(number)
    except ValidationError:
        raise Invalid(BAD_STATION_NO, number=number) from None


def station_row(session: Session, user: WebUser, now: dt.datetime, label: str) -> StationRow:
    center, number = parse_station_label(label)
    for row in stations_list(session, user, now, center):
        if row.station_no == number:
            return row
    raise NotFoundError(NO_STATION, label=_label(center, number))


@dataclass(frozen=True)
class NewCode:
    label: str
    code: str  # shown once: HQ keeps only its hash
    expires_at: dt.datetime
    used_before: bool  # enrolled before or holding requests: enrolls only the same database


def add_station(
    session: Session, user: WebUser, now: dt.datetime, center: str, number: int | None
) -> NewCode:
    """A station (the center's next free number when none is given) and a one-time enrollment
    code for it; a station that exists gets a new code. Audited; commits."""
    check_admin(user)
    code_ = _center_code(center)
    if session.get(Center, code_) is None:
        raise NotFoundError(NO_CENTER, center=code_)
    if number is None:
        try:
            number = lineage.next_free_number(session, code_)
        except ConflictError:
            raise ConflictError(NO_FREE_NUMBER, center=code_) from None
    number = _station_number(number)
    label = _label(code_, number)
    held = lineage.find(session, code_, number)
    if held is not None and held.retired_at is not None:
        raise ConflictError(STATION_RETIRED, label=label)
    # The number is fixed before the call, so the audit row names it and commits with it.
    session.add(
        HqAudit(
            at=now,
            user_id=user.id,
            action="station.code",
            target=label,
            details={"new": held is None},
        )
    )
    ref, code = stations.add_station(session, code_, number, now)
    used = stations.station_used(session, ref)
    return NewCode(ref.label, code, now + stations.ENROLLMENT_TTL, used)


def revoke_station(session: Session, user: WebUser, now: dt.datetime, label: str) -> str:
    """Revoke the station's token and any unused code (the station must enroll again).
    Audited; commits."""
    check_admin(user)
    center, number = parse_station_label(label)
    held = lineage.find(session, center, number)
    shown = _label(center, number)
    if held is None:
        raise NotFoundError(NO_STATION, label=shown)
    if held.revoked_at is not None:
        raise ConflictError(STATION_REVOKED_ALREADY, label=shown)
    session.add(HqAudit(at=now, user_id=user.id, action="station.revoke", target=shown))
    stations.revoke_station(session, center, number, now)  # commits the audit row too
    return shown


# -- users -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UserRow:
    id: int
    username: str
    display_name: str
    role: str
    agency: str | None
    center: str | None
    language: str
    active: bool
    locked_until: dt.datetime | None
    created_at: dt.datetime
    last_login_at: dt.datetime | None


def users_list(session: Session, user: WebUser) -> list[UserRow]:
    check_admin(user)
    return [
        UserRow(
            r.id,
            r.username,
            r.display_name,
            r.role,
            r.agency,
            r.center,
            r.language,
            r.active,
            r.locked_until,
            r.created_at,
            r.last_login_at,
        )
        for r in session.execute(select(HqUser).order_by(HqUser.username)).scalars()
    ]


def agency_choices(session: Session) -> list[tuple[str, str, str]]:
    """(code, Arabic name, English name) of the active agencies, for forms: the complaints'
    addressing (any role that may act) and the admin pages. Agencies' names are not secret,
    so this list alone is not limited to admins."""
    return [
        (c, a, e)
        for c, a, e in session.execute(
            select(Agency.code, Agency.name_ar, Agency.name_en)
            .where(Agency.active)
            .order_by(Agency.code)
        )
    ]


# -- catalog drafts ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One reason a file was refused: a msgid and its parameters (translated when shown)."""

    msgid: str
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DiffLine:
    msgid: str
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ServiceDiff:
    code: str
    name_ar: str
    name_en: str
    change: str  # added | removed | changed
    lines: tuple[DiffLine, ...] = ()


@dataclass(frozen=True)
class CatalogDiff:
    base_version: str  # the published version, or the shipped one's
    base_published: bool  # False: nothing published yet; compared with the shipped file
    agencies: tuple[DiffLine, ...]
    document_types: tuple[DiffLine, ...]
    services: tuple[ServiceDiff, ...]

    @property
    def empty(self) -> bool:
        return not (self.agencies or self.document_types or self.services)


@dataclass(frozen=True)
class DraftRow:
    id: int
    version: str | None
    sha256: str
    valid: bool
    size: int
    uploaded_by: str | None
    uploaded_at: dt.datetime
    published_seq: int | None


@dataclass(frozen=True)
class DraftView:
    draft: DraftRow
    problems: tuple[Problem, ...]
    diff: CatalogDiff | None  # only for a valid draft
    publishable: bool


def _published_catalog(session: Session) -> tuple[int, str, str, str] | None:
    """The catalog published to every center: (seq, version, sha256, content)."""
    row = session.execute(
        select(ChangeRow.seq, ChangeRow.payload)
        .where(ChangeRow.kind == CATALOG, ChangeRow.center.is_(None))
        .order_by(ChangeRow.seq.desc())
        .limit(1)
    ).one_or_none()
    if row is None:
        return None
    payload = row[1] if isinstance(row[1], dict) else {}
    return (
        int(row[0]),
        str(payload.get("version", "")),
        str(payload.get("sha256", "")),
        str(payload.get("content", "")),
    )


def _problem_of(exc: ValidationError) -> list[Problem]:
    def one(e: ValidationError) -> Problem:
        params = {k: str(v) for k, v in e.params.items()}
        if e.field is not None:
            params["field"] = e.field
        return Problem(e.message, params)

    return [one(exc)] + [one(p) for p in exc.problems]


def validate_catalog(session: Session, raw: bytes) -> tuple[Catalog | None, list[Problem]]:
    """The counter's own rules (parse_catalog), HQ's columns (routing.check_fits) and the
    version rule publish_catalog applies: the catalog, or the reasons it cannot be published."""
    if not raw.strip():
        return None, [Problem(CATALOG_EMPTY)]
    if len(raw) > catalogs.MAX_CATALOG_BYTES:
        limit = catalogs.MAX_CATALOG_BYTES
        return None, [Problem(CATALOG_TOO_LARGE, {"size": str(len(raw)), "limit": str(limit)})]
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, [Problem(CATALOG_NOT_TEXT)]
    try:
        catalog = parse_catalog(raw)
    except ValidationError as exc:
        return None, _problem_of(exc)
    try:
        routing.check_fits(catalog)
    except HQError as exc:
        return None, [Problem(exc.message, {k: str(v) for k, v in exc.extra.items()})]
    published = _published_catalog(session)
    if published is not None:
        _, version, digest, _ = published
        if digest == hashlib.sha256(raw).hexdigest():
            return catalog, [Problem(CATALOG_SAME, {"version": version})]
        if catalogs._version_key(catalog.version) <= catalogs._version_key(version):
            return catalog, [
                Problem(CATALOG_NOT_NEWER, {"version": catalog.version, "published": version})
            ]
    return catalog, []


def upload_catalog(session: Session, user: WebUser, now: dt.datetime, raw: bytes) -> int:
    """Keep the uploaded file as a draft, valid or not (the page shows why not); nothing is
    published. Audited; commits; returns the draft's id."""
    check_admin(user)
    catalog, problems = validate_catalog(session, raw)
    # Only what fits the column: a refused file is kept for its errors, never whole if huge.
    content = raw[: catalogs.MAX_CATALOG_BYTES].decode("utf-8", errors="replace")
    draft = CatalogDraft(
        version=catalog.version if catalog is not None else None,
        sha256=hashlib.sha256(raw).hexdigest(),
        content=content,
        valid=not problems,
        errors=json.dumps([[p.msgid, p.params] for p in problems], ensure_ascii=False)
        if problems
        else None,
        uploaded_by=user.id,
        uploaded_at=now,
        published_seq=None,
    )
    session.add(draft)
    session.flush()
    session.add(
        HqAudit(
            at=now,
            user_id=user.id,
            action="catalog.upload",
            target=f"draft {draft.id}",
            details={
                "version": draft.version,
                "sha256": draft.sha256,
                "valid": draft.valid,
                "size": len(raw),
            },
        )
    )
    draft_id = draft.id
    session.commit()
    return draft_id


def catalog_drafts(session: Session, user: WebUser, limit: int = 30) -> list[DraftRow]:
    check_admin(user)
    rows = session.execute(
        select(CatalogDraft, HqUser.display_name)
        .outerjoin(HqUser, HqUser.id == CatalogDraft.uploaded_by)
        .order_by(CatalogDraft.id.desc())
        .limit(limit)
    ).tuples()
    return [_draft_row(d, name) for d, name in rows]


def _draft_row(d: CatalogDraft, name: str | None) -> DraftRow:
    return DraftRow(
        d.id,
        d.version,
        d.sha256,
        d.valid,
        len(d.content.encode("utf-8")),
        name,
        d.uploaded_at,
        d.published_seq,
    )


def published_catalog_version(session: Session, user: WebUser) -> str | None:
    check_admin(user)
    found = _published_catalog(session)
    return found[1] if found else None


def _draft(session: Session, draft_id: int) -> CatalogDraft:
    draft = session.get(CatalogDraft, draft_id)
    if draft is None:
        raise NotFoundError(NO_DRAFT, draft=draft_id)
    return draft


def catalog_draft(session: Session, user: WebUser, draft_id: int) -> DraftView:
    """A draft with its problems, or its difference from the catalog the stations use now."""
    check_admin(user)
    draft = _draft(session, draft_id)
    name = None
    if draft.uploaded_by is not None:
        name = session.execute(
            select(HqUser.display_name).where(HqUser.id == draft.uploaded_by)
        ).scalar_one_or_none()
    problems = tuple(
        Problem(str(m), {str(k): str(v) for k, v in dict(p).items()})
        for m, p in json.loads(draft.errors or "[]")
    )
    diff = None
    publishable = False
    if draft.valid:
        catalog = parse_catalog(draft.content.encode("utf-8"))
        diff = catalog_diff(session, catalog)
        if draft.published_seq is None:
            # Another draft may have been published since this one was checked.
            _, now_problems = validate_catalog(session, draft.content.encode("utf-8"))
            problems = tuple(now_problems)
            publishable = not now_problems
    return DraftView(_draft_row(draft, name), problems, diff, publishable)


def publish_draft(
    session: Session, user: WebUser, now: dt.datetime, draft_id: int, *, signer: Signer | None
) -> int:
    """Publish a valid draft to every center (catalogs.publish_catalog checks it again and
    routes with it). Audited; commits; returns the change's number."""
    check_admin(user)
    draft = _draft(session, draft_id)
    if draft.published_seq is not None:
        raise ConflictError(DRAFT_PUBLISHED, draft=draft_id)
    if not draft.valid:
        raise Invalid(DRAFT_INVALID, draft=draft_id)
    raw = draft.content.encode("utf-8")
    _, problems = validate_catalog(session, raw)
    if problems:
        raise ConflictError(problems[0].msgid, **problems[0].params)
    session.add(
        HqAudit(
            at=now,
            user_id=user.id,
            action="catalog.publish",
            target=f"draft {draft_id}",
            details={"version": draft.version, "sha256": draft.sha256},
        )
    )
    done = catalogs.publish_catalog(session, raw, now, signer=signer)  # commits the audit row
    if done.seq is None:  # the same file published meanwhile: nothing new
        raise ConflictError(CATALOG_SAME, version=done.version)
    # publish_catalog commits by itself; the draft learns its change number right after.
    held = _draft(session, draft_id)
    held.published_seq = done.seq
    session.commit()
    return done.seq


def _base_catalog(session: Session) -> tuple[Catalog, bool]:
    published = _published_catalog(session)
    if published is not None:
        return parse_catalog(published[3]), True
    return parse_catalog(routing.shipped_catalog_path().read_bytes()), False


def catalog_diff(session: Session, new: Catalog) -> CatalogDiff:
    old, published = _base_catalog(session)
    agencies: list[DiffLine] = []
    old_agencies = {a.code: a for a in old.agencies}
    new_agencies = {a.code: a for a in new.agencies}
    for code in sorted(new_agencies.keys() - old_agencies.keys()):
        agencies.append(DiffLine("Agency {code} added: {name}", _named(code, new_agencies[code])))
    for code in sorted(old_agencies.keys() - new_agencies.keys()):
        agencies.append(DiffLine("Agency {code} removed: {name}", _named(code, old_agencies[code])))
    for code in sorted(old_agencies.keys() & new_agencies.keys()):
        a, b = old_agencies[code], new_agencies[code]
        if (a.name_ar, a.name_en) != (b.name_ar, b.name_en):
            agencies.append(
                DiffLine(
                    "Agency {code} renamed: {before} → {after}",
                    {"code": code, "before": a.name_ar, "after": b.name_ar},
                )
            )
    docs: list[DiffLine] = []
    old_docs = {d.code: d for d in old.document_types}
    new_docs = {d.code: d for d in new.document_types}
    for code in sorted(new_docs.keys() - old_docs.keys()):
        docs.append(DiffLine("Document type {code} added: {name}", _named(code, new_docs[code])))
    for code in sorted(old_docs.keys() - new_docs.keys()):
        docs.append(DiffLine("Document type {code} removed: {name}", _named(code, old_docs[code])))
    for code in sorted(old_docs.keys() & new_docs.keys()):
        a2, b2 = old_docs[code], new_docs[code]
        if (a2.name_ar, a2.name_en) != (b2.name_ar, b2.name_en):
            docs.append(
                DiffLine(
                    "Document type {code} renamed: {before} → {after}",
                    {"code": code, "before": a2.name_ar, "after": b2.name_ar},
                )
            )
    services: list[ServiceDiff] = []
    old_services = {s.code: s for s in old.services}
    for s in new.services:
        before = old_services.get(s.code)
        if before is None:
            services.append(ServiceDiff(s.code, s.name_ar, s.name_en, "added"))
            continue
        lines = _service_lines(before, s)
        if lines:
            services.append(ServiceDiff(s.code, s.name_ar, s.name_en, "changed", tuple(lines)))
    new_codes = {s.code for s in new.services}
    for s in old.services:
        if s.code not in new_codes:
            services.append(ServiceDiff(s.code, s.name_ar, s.name_en, "removed"))
    order = {"removed": 0, "added": 1, "changed": 2}
    services.sort(key=lambda d: (order[d.change], d.code))
    return CatalogDiff(old.version, published, tuple(agencies), tuple(docs), tuple(services))


def _named(code: str, thing: Any) -> dict[str, str]:
    return {"code": code, "name": str(thing.name_ar)}


def _service_lines(a: Service, b: Service) -> list[DiffLine]:
    lines: list[DiffLine] = []

    def changed(msgid: str, before: object, after: object) -> None:
        if before != after:
            lines.append(DiffLine(msgid, {"before": _shown(before), "after": _shown(after)}))

    changed("Name: {before} → {after}", a.name_ar, b.name_ar)
    changed("English name: {before} → {after}", a.name_en, b.name_en)
    changed("Agency: {before} → {after}", a.agency, b.agency)
    changed("Handled by: {before} → {after}", a.handled_by, b.handled_by)
    changed("Category: {before} → {after}", a.category.value, b.category.value)
    changed("SLA: {before} → {after} working days", a.sla.working_days, b.sla.working_days)
    changed("Fee: {before} → {after} SYP", a.fee.amount_syp, b.fee.amount_syp)
    changed("Active: {before} → {after}", a.active, b.active)
    old_fields = {f.key: f for f in a.fields}
    new_fields = {f.key: f for f in b.fields}
    for key in [f.key for f in b.fields if f.key not in old_fields]:
        lines.append(DiffLine("Field added: {key} ({label})", _field(new_fields[key])))
    for key in [f.key for f in a.fields if f.key not in new_fields]:
        lines.append(DiffLine("Field removed: {key} ({label})", _field(old_fields[key])))
    for key in [f.key for f in b.fields if f.key in old_fields]:
        if old_fields[key] != new_fields[key]:
            lines.append(DiffLine("Field changed: {key} ({label})", _field(new_fields[key])))
    if [f.key for f in a.fields if f.key in new_fields] != [
        f.key for f in b.fields if f.key in old_fields
    ]:
        lines.append(DiffLine("The fields are in another order"))
    old_docs = {d.type: d for d in a.documents}
    new_docs = {d.type: d for d in b.documents}
    for code in [d.type for d in b.documents if d.type not in old_docs]:
        lines.append(
            DiffLine(
                "Document added: {code} ({requirement})",
                {"code": code, "requirement": _requirement(new_docs[code].requirement.value)},
            )
        )
    for code in [d.type for d in a.documents if d.type not in new_docs]:
        lines.append(DiffLine("Document removed: {code}", {"code": code}))
    for code in [d.type for d in b.documents if d.type in old_docs]:
        if old_docs[code].requirement != new_docs[code].requirement:
            lines.append(
                DiffLine(
                    "Document {code}: {before} → {after}",
                    {
                        "code": code,
                        "before": _requirement(old_docs[code].requirement.value),
                        "after": _requirement(new_docs[code].requirement.value),
                    },
                )
            )
    if (a.description_ar, a.description_en) != (b.description_ar, b.description_en):
        lines.append(DiffLine("The description changed"))
    return lines


def _requirement(value: str) -> str:
    """A coded parameter the page shows by its label (web/routes/admin.py ``say``)."""
    return f"requirement:{value}"


def _field(f: Any) -> dict[str, str]:
    return {"key": str(f.key), "label": str(f.label_ar)}


def _shown(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


# -- routing -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RouteRow:
    service: str
    name_ar: str
    name_en: str
    category: str
    agency: str
    agency_name_ar: str
    agency_name_en: str
    office_id: int | None
    office_name_ar: str | None
    admin_routed: bool
    open_requests: int


@dataclass(frozen=True)
class OfficeRow:
    id: int
    agency: str
    name_ar: str
    name_en: str
    center: str | None


def routing_table(session: Session, user: WebUser) -> tuple[list[RouteRow], list[OfficeRow]]:
    """Every routed service with the agency and office handling it, and every office."""
    check_admin(user)
    open_counts = dict(
        session.execute(
            select(RequestState.service, func.count())
            .where(RequestState.open)
            .group_by(RequestState.service)
        )
        .tuples()
        .all()
    )
    rows = session.execute(
        select(HqService, Agency.name_ar, Agency.name_en, AgencyOffice.name_ar)
        .join(Agency, Agency.code == HqService.agency)
        .outerjoin(AgencyOffice, AgencyOffice.id == HqService.office_id)
        .order_by(HqService.agency, HqService.code)
    ).tuples()
    routes = [
        RouteRow(
            s.code,
            s.name_ar,
            s.name_en,
            s.category,
            s.agency,
            a_ar,
            a_en or "",
            s.office_id,
            o_ar,
            s.admin_routed,
            int(open_counts.get(s.code, 0)),
        )
        for s, a_ar, a_en, o_ar in rows
    ]
    offices = [
        OfficeRow(o.id, o.agency, o.name_ar, o.name_en, o.center)
        for o in session.execute(
            select(AgencyOffice).order_by(AgencyOffice.agency, AgencyOffice.id)
        ).scalars()
    ]
    return routes, offices


def change_routing(
    session: Session,
    user: WebUser,
    now: dt.datetime,
    service: str,
    agency: str,
    office_id: int | None,
    *,
    signer: Signer | None,
) -> int:
    """Route ``service`` to ``agency`` (and office) for good (routing.set_routing: audited,
    committed); returns how many waiting requests were forwarded by it."""
    check_admin(user)
    code = service.strip().upper()
    if session.get(HqService, code) is None:
        raise NotFoundError(NO_SERVICE, service=code[:40])
    target = agency.strip().upper()
    held = session.get(Agency, target)
    if held is None or not held.active:
        raise Invalid(NO_AGENCY, agency=target[:20])
    if office_id is not None:
        office = session.get(AgencyOffice, office_id)
        if office is None or office.agency != target:
            raise Invalid(NOT_AN_OFFICE, office=office_id, agency=target)
    return routing.set_routing(
        session, code, target, now, office_id=office_id, user_id=user.id, signer=signer
    )


# -- agencies and their offices ----------------------------------------------------------------


@dataclass(frozen=True)
class AgencyOfficeRow:
    id: int
    name_ar: str
    name_en: str
    center: str | None
    services: int  # services routed to this office


@dataclass(frozen=True)
class AgencyRow:
    code: str
    name_ar: str
    name_en: str
    active: bool
    created_at: dt.datetime
    services: int  # services routed to this agency
    offices: tuple[AgencyOfficeRow, ...]


def agencies_list(session: Session, user: WebUser) -> list[AgencyRow]:
    """Every agency (active or not) with its offices and how many services each handles."""
    check_admin(user)
    per_agency = dict(
        session.execute(select(HqService.agency, func.count()).group_by(HqService.agency))
        .tuples()
        .all()
    )
    per_office = dict(
        session.execute(
            select(HqService.office_id, func.count())
            .where(HqService.office_id.is_not(None))
            .group_by(HqService.office_id)
        )
        .tuples()
        .all()
    )
    offices: dict[str, list[AgencyOfficeRow]] = {}
    for o in session.execute(select(AgencyOffice).order_by(AgencyOffice.id)).scalars():
        offices.setdefault(o.agency, []).append(
            AgencyOfficeRow(o.id, o.name_ar, o.name_en, o.center, int(per_office.get(o.id, 0)))
        )
    return [
        AgencyRow(
            a.code,
            a.name_ar,
            a.name_en,
            a.active,
            a.created_at,
            int(per_agency.get(a.code, 0)),
            tuple(offices.get(a.code, ())),
        )
        for a in session.execute(
            select(Agency).order_by(Agency.active.desc(), Agency.code)
        ).scalars()
    ]


def _agency_code(raw: str) -> str:
    code = raw.strip().upper()
    if not _AGENCY_CODE.match(code):
        raise Invalid(BAD_AGENCY_CODE, agency=raw.strip()[:AGENCY_CODE_MAX])
    return code


def _names(name_ar: str, name_en: str) -> tuple[str, str]:
    """The Arabic name (required) and the English one (optional), each one line of at most
    MAX_NAME characters."""
    arabic, english = name_ar.strip(), name_en.strip()
    if not arabic or len(arabic) > MAX_NAME or any(ord(c) < 32 for c in arabic):
        raise Invalid(ARABIC_NAME, n=MAX_NAME)
    if len(english) > MAX_NAME or any(ord(c) < 32 for c in english):
        raise Invalid(ENGLISH_NAME, n=MAX_NAME)
    return arabic, english


def _held_agency(session: Session, code: str) -> Agency:
    held = session.get(Agency, _agency_code(code))
    if held is None:
        raise NotFoundError(NO_AGENCY, agency=code.strip().upper()[:AGENCY_CODE_MAX])
    return held


def _some(codes: list[str]) -> str:
    """The first few codes of a refusal, "…" when there are more."""
    shown = ", ".join(codes[:_NAMED])
    return shown + (", …" if len(codes) > _NAMED else "")


def add_agency(
    session: Session, user: WebUser, now: dt.datetime, code: str, name_ar: str, name_en: str
) -> str:
    """A new agency, active, with no office and no service yet. Audited; commits."""
    check_admin(user)
    agency = _agency_code(code)
    arabic, english = _names(name_ar, name_en)
    if session.get(Agency, agency) is not None:
        raise ConflictError(AGENCY_EXISTS, agency=agency)
    session.add(Agency(code=agency, name_ar=arabic, name_en=english, active=True, created_at=now))
    session.add(
        HqAudit(
            at=now,
            user_id=user.id,
            action="agency.add",
            target=agency,
            details={"name_ar": arabic, "name_en": english},
        )
    )
    try:
        session.commit()
    except IntegrityError:  # added by another admin between the check and the commit
        session.rollback()
        raise ConflictError(AGENCY_EXISTS, agency=agency) from None
    return agency


def rename_agency(
    session: Session, user: WebUser, now: dt.datetime, code: str, name_ar: str, name_en: str
) -> str:
    """New names for an agency (its code stays: requests, users and services name it).
    Audited; commits."""
    check_admin(user)
    held = _held_agency(session, code)
    arabic, english = _names(name_ar, name_en)
    before = {"name_ar": held.name_ar, "name_en": held.name_en}
    held.name_ar, held.name_en = arabic, english
    session.add(
        HqAudit(
            at=now,
            user_id=user.id,
            action="agency.rename",
            target=held.code,
            details={"before": before, "name_ar": arabic, "name_en": english},
        )
    )
    agency = held.code
    session.commit()
    return agency


def set_agency_active(
    session: Session, user: WebUser, now: dt.datetime, code: str, active: bool
) -> str:
    """Deactivate an agency (no longer offered for routing or complaints) or activate it again.
    Refused while services are routed to it: its new requests would go to an agency nobody
    may route to, so the refusal names them. Audited; commits."""
    check_admin(user)
    held = _held_agency(session, code)
    if held.active == active:
        raise ConflictError(
            AGENCY_ACTIVE_ALREADY if active else AGENCY_INACTIVE_ALREADY, agency=held.code
        )
    if not active:
        # Locked so that a routing change committed meanwhile cannot slip a service in.
        routed = list(
            session.execute(
                select(HqService.code)
                .where(HqService.agency == held.code)
                .order_by(HqService.code)
                .with_for_update()
            ).scalars()
        )
        if routed:
            raise ConflictError(
                AGENCY_IN_USE, agency=held.code, n=len(routed), services=_some(routed)
            )
    held.active = active
    session.add(
        HqAudit(
            at=now,
            user_id=user.id,
            action="agency.activate" if active else "agency.deactivate",
            target=held.code,
        )
    )
    agency = held.code
    session.commit()
    return agency


def _office_center(session: Session, center: str) -> str | None:
    if not center.strip():
        return None
    code = _center_code(center)
    if session.get(Center, code) is None:
        raise NotFoundError(NO_CENTER, center=code)
    return code


def add_office(
    session: Session,
    user: WebUser,
    now: dt.datetime,
    agency: str,
    name_ar: str,
    name_en: str,
    center: str = "",
) -> int:
    """A new office of ``agency`` (a directorate, or a desk at one center). Audited; commits;
    returns the office's id."""
    check_admin(user)
    held = _held_agency(session, agency)
    arabic, english = _names(name_ar, name_en)
    where = _office_center(session, center)
    office = AgencyOffice(agency=held.code, name_ar=arabic, name_en=english, center=where)
    session.add(office)
    session.flush()
    session.add(
        HqAudit(
            at=now,
            user_id=user.id,
            action="office.add",
            target=f"{held.code}/{office.id}",
            details={"name_ar": arabic, "name_en": english, "center": where},
        )
    )
    office_id = office.id
    session.commit()
    return office_id


def _held_office(session: Session, agency: str, office_id: int) -> AgencyOffice:
    """The office, when it is one of ``agency``'s (an office of another agency is "not
    found" here: the address names both)."""
    code = agency.strip().upper()[:AGENCY_CODE_MAX]
    office = session.get(AgencyOffice, office_id)
    if office is None or office.agency != code:
        raise NotFoundError(NO_OFFICE, office=office_id, agency=code)
    return office


def rename_office(
    session: Session,
    user: WebUser,
    now: dt.datetime,
    agency: str,
    office_id: int,
    name_ar: str,
    name_en: str,
    center: str = "",
) -> int:
    """New names (and center) for an office. Audited; commits."""
    check_admin(user)
    office = _held_office(session, agency, office_id)
    arabic, english = _names(name_ar, name_en)
    where = _office_center(session, center)
    before = {"name_ar": office.name_ar, "name_en": office.name_en, "center": office.center}
    office.name_ar, office.name_en, office.center = arabic, english, where
    session.add(
        HqAudit(
            at=now,
            user_id=user.id,
            action="office.rename",
            target=f"{office.agency}/{office.id}",
            details={"before": before, "name_ar": arabic, "name_en": english, "center": where},
        )
    )
    session.commit()
    return office_id


def remove_office(
    session: Session, user: WebUser, now: dt.datetime, agency: str, office_id: int
) -> str:
    """Remove an office no service is routed to (a service routed to it must be routed
    elsewhere first: the refusal names them). Audited; commits; returns its Arabic name."""
    check_admin(user)
    office = _held_office(session, agency, office_id)
    routed = list(
        session.execute(
            select(HqService.code)
            .where(HqService.office_id == office.id)
            .order_by(HqService.code)
            .with_for_update()
        ).scalars()
    )
    if routed:
        raise ConflictError(
            OFFICE_IN_USE, office=office.name_ar, n=len(routed), services=_some(routed)
        )
    session.add(
        HqAudit(
            at=now,
            user_id=user.id,
            action="office.remove",
            target=f"{office.agency}/{office.id}",
            details={"name_ar": office.name_ar, "name_en": office.name_en, "center": office.center},
        )
    )
    name = office.name_ar
    session.delete(office)
    session.commit()
    return name


# -- the holiday calendar ----------------------------------------------------------------------


@dataclass(frozen=True)
class Holiday:
    date: dt.date
    name_ar: str
    name_en: str


@dataclass(frozen=True)
class CalendarView:
    version: str  # "shipped": the counter's own file, nothing published
    sha256: str
    published_seq: int | None
    holidays: tuple[Holiday, ...]


def _holidays(text: str) -> tuple[Holiday, ...]:
    data = json.loads(text)
    out = []
    for entry in data.get("holidays", []) if isinstance(data, dict) else []:
        if isinstance(entry, dict) and isinstance(entry.get("date"), str):
            out.append(
                Holiday(
                    dt.date.fromisoformat(entry["date"]),
                    str(entry.get("name_ar") or ""),
                    str(entry.get("name_en") or ""),
                )
            )
    return tuple(sorted(out, key=lambda h: h.date))


def calendar_view(session: Session, user: WebUser, now: dt.datetime) -> CalendarView:
    """The calendar the stations count with, its holidays from this year on (the file keeps
    past years too, for requests received then)."""
    check_admin(user)
    info = calendars.current_calendar_info(session)
    since = dt.date(now.astimezone(info.calendar.tz).year, 1, 1)
    if info.published_seq is not None:
        row = session.get(ChangeRow, info.published_seq)
        text = str(row.payload.get("content", "{}")) if row is not None else "{}"
    else:
        text = calendars.shipped_calendar_path().read_text(encoding="utf-8")
    upcoming = tuple(h for h in _holidays(text) if h.date >= since)
    return CalendarView(info.version, info.sha256, info.published_seq, upcoming)


def check_calendar(session: Session, user: WebUser, raw: bytes) -> CalendarView:
    """The file read with the counter's rules (calendars.read_calendar_file), nothing stored:
    what would be published. ``Invalid`` names a bad date and its holiday."""
    check_admin(user)
    if not raw.strip():
        raise Invalid(CALENDAR_EMPTY)
    found = calendars.read_calendar_file(raw)
    return CalendarView(found.version, found.sha256, None, _holidays(found.text))


def publish_calendar(
    session: Session, user: WebUser, now: dt.datetime, raw: bytes
) -> calendars.PublishedCalendar:
    """Publish the holiday file to every station (checked again whole). Audited; commits."""
    check_admin(user)
    if not raw.strip():
        raise Invalid(CALENDAR_EMPTY)
    found = calendars.read_calendar_file(raw)
    session.add(
        HqAudit(
            at=now,
            user_id=user.id,
            action="calendar.publish",
            target=found.version,
            details={"sha256": found.sha256, "holidays": found.holidays},
        )
    )
    try:
        done = calendars.publish_calendar(session, raw, now)  # commits the audit row too
    except ConflictError as exc:
        session.rollback()
        raise ConflictError(calendars.NOT_NEWER, **exc.extra) from None
    if done.seq is None:
        raise ConflictError(CALENDAR_SAME, version=done.version)
    return done


# -- notifications -----------------------------------------------------------------------------


@dataclass(frozen=True)
class MessageRow:
    id: int
    receipt_no: str | None
    center: str
    kind: str
    state: str
    phone: str | None  # shown masked: the page needs to tell numbers apart, not to dial them
    attempts: int
    segments: int
    last_error: str | None
    created_at: dt.datetime
    sent_at: dt.datetime | None


@dataclass(frozen=True)
class OptOutRow:
    phone: str
    created_at: dt.datetime
    source: str


def mask_phone(phone: str | None) -> str | None:
    if not phone:
        return None
    return phone[:6] + "•" * max(0, len(phone) - 9) + phone[-3:]


def recent_notifications(
    session: Session, user: WebUser, state: str | None = None, limit: int = NOTIFICATION_PAGE
) -> list[MessageRow]:
    """The newest messages of the outbox (optionally of one state), newest first."""
    check_admin(user)
    query = (
        select(Notification, RequestState.receipt_no)
        .outerjoin(RequestState, RequestState.request_uuid == Notification.request_uuid)
        .order_by(Notification.id.desc())
        .limit(max(1, min(limit, 500)))
    )
    if state:
        if state not in NOTIFICATION_STATES:
            raise Invalid(BAD_STATE, state=state[:20])
        query = query.where(Notification.state == state)
    return [
        MessageRow(
            n.id,
            receipt,
            n.center,
            n.kind,
            n.state,
            mask_phone(n.phone),
            n.attempts,
            n.segments,
            n.last_error,
            n.created_at,
            n.sent_at,
        )
        for n, receipt in session.execute(query).tuples()
    ]


def opt_outs(session: Session, user: WebUser, limit: int = 200) -> list[OptOutRow]:
    check_admin(user)
    return [
        OptOutRow(mask_phone(o.phone) or "", o.created_at, o.source)
        for o in session.execute(
            select(SmsOptOut).order_by(SmsOptOut.created_at.desc()).limit(limit)
        ).scalars()
    ]


@dataclass(frozen=True)
class OptedOut:
    phone: str  # masked
    cancelled: int  # waiting messages to it that will not be sent


def opt_out(session: Session, user: WebUser, now: dt.datetime, phone: str) -> OptedOut:
    """The number gets no more messages: kept normalised, and the messages still waiting for
    it become ``opted_out`` (final, told to their station) unless a sender holds one already.
    Audited; commits."""
    check_admin(user)
    number = normalize_phone(phone)
    if number is None:
        raise Invalid(BAD_PHONE, phone=phone.strip()[:20])
    if session.get(SmsOptOut, number) is not None:
        raise ConflictError(OPTED_OUT_ALREADY, phone=mask_phone(number))
    session.add(SmsOptOut(phone=number, created_at=now, source="admin"))
    # Conditional on the waiting states: a sender's claim (sending) and this update cannot
    # both take one message; what a sender holds already is sent or fails as it would.
    result = session.execute(
        update(Notification)
        .where(Notification.phone == number, Notification.state.in_((QUEUED, RETRY)))
        .values(state=OPTED_OUT, next_attempt_at=None)
        .returning(Notification.id)
        .execution_options(synchronize_session=False)
    )
    ids = [int(i) for i in cast(CursorResult[Any], result).scalars()]
    if ids:
        rows = session.execute(
            select(Notification, RequestState.receipt_no)
            .outerjoin(RequestState, RequestState.request_uuid == Notification.request_uuid)
            .where(Notification.id.in_(ids))
            .order_by(Notification.id)
        ).tuples()
        for row, receipt in rows:
            notification_change(session, row, receipt, now)
    session.add(
        HqAudit(
            at=now,
            user_id=user.id,
            action="sms.opt_out",
            target=mask_phone(number),
            details={"cancelled": len(ids)},
        )
    )
    session.commit()
    return OptedOut(mask_phone(number) or "", len(ids))
