"""Generate a realistic station database for the benchmarks.

    PYTHONPATH=src python bench/generate.py --out DIR [--requests 1000000] [--seed 1]

The schema, the station, the catalog and the users are created through the application's own
code (``AppContext.open`` + ``setup_station`` + ``add_user``), so the database is exactly what a
real station has. The history (three years of requests from two centers and six stations) is
then bulk-loaded with the plain ``sqlite3`` module, in the column formats SQLAlchemy writes, with
the audit hash chain continued row by row: the result passes ``counter-app db check``.

Everything is drawn from one seeded random generator, so the same seed gives the same database.

One deliberate deviation from reality: the schema keeps ``UNIQUE (year, seq)`` on ``requests``
(a station database holds its own numbering), so the five *other* stations' sequences start at
a per-station offset (MZH-01 at 100001, MZH-03 at 200001, ...) while MZH-02, the station this
database belongs to, numbers from 1. Receipt numbers stay valid and unique.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import heapq
import itertools
import json
import math
import multiprocessing
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from json.encoder import encode_basestring as jstr  # what canonical_json uses for str
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Generic, TypeVar

import names
from counter_app.domain.arabic import normalize_for_search
from counter_app.domain.audit import GENESIS_HASH, canonical_json, chain_hash, payload_sha256
from counter_app.domain.catalog import Catalog, FieldDef, FieldType, Requirement, Service
from counter_app.domain.documents import build_checklist, parse_doc_state
from counter_app.domain.fields import validate_fields
from counter_app.domain.receipt import ReceiptNumber
from counter_app.domain.status import Status, check_reason, check_transition
from counter_app.paths import AppPaths
from counter_app.services.audit import iso_utc
from counter_app.services.context import AppContext
from counter_app.services.setup import setup_station
from counter_app.services.users import add_user
from counter_app.store import sqlite_driver
from counter_app.store.audit_capture import append_row, audit_record, era_row

T = TypeVar("T")
DB_NAME = "counter.sqlite3"
META_NAME = "generate.json"
HOME_CENTER = "MZH"
HOME_STATION = 2
ADMIN = ("admin", "bench-admin-123")
CLERK_PASSWORD = "bench-clerk-123"
SOCIAL_AGENCY = "MOSAL"  # services of the Social Affairs center; every other agency goes to MZH


@dataclass(frozen=True)
class Center:
    code: str
    name: str
    share: float  # of all requests
    station_weights: tuple[float, ...]


CENTERS = (
    Center("MZH", "مركز خدمة المواطن - المزة", 0.64, (0.27, 0.28, 0.25, 0.20)),
    Center("MSA", "مركز خدمة المواطن - وزارة الشؤون الاجتماعية والعمل", 0.36, (0.55, 0.45)),
)
# Per-station offset of the receipt sequence (see the module docstring).
SEQ_BLOCK = 100_000
STATION_ORDER = (("MZH", 2), ("MZH", 1), ("MZH", 3), ("MZH", 4), ("MSA", 1), ("MSA", 2))

CLERKS: dict[tuple[str, int], tuple[tuple[str, str], ...]] = {
    ("MZH", 1): (("mzh1.samer", "سامر الكيلاني"), ("mzh1.rana", "رنا الخطيب")),
    ("MZH", 2): (("mzh2.fadi", "فادي الحلبي"), ("mzh2.hiba", "هبة الشامي")),
    ("MZH", 3): (("mzh3.omar", "عمر العطار"), ("mzh3.lina", "لينا الحمصي")),
    ("MZH", 4): (("mzh4.bassel", "باسل النحاس"), ("mzh4.reem", "ريم الأيوبي")),
    ("MSA", 1): (("msa1.khaled", "خالد الزعبي"), ("msa1.salma", "سلمى القباني")),
    ("MSA", 2): (("msa2.ayman", "أيمن السباعي"), ("msa2.nour", "نور البيطار")),
}

# Status paths (a request follows one; only the steps already in the past are written).
PATHS: tuple[tuple[float, tuple[str, ...]], ...] = (
    (0.775, ("submitted", "forwarded", "in_progress", "ready", "delivered")),
    (
        0.08,
        (
            "submitted",
            "forwarded",
            "in_progress",
            "needs_info",
            "in_progress",
            "ready",
            "delivered",
        ),
    ),
    (0.06, ("submitted", "forwarded", "in_progress", "rejected")),
    (0.03, ("submitted", "cancelled")),
    (0.035, ("submitted", "forwarded", "in_progress", "ready")),  # never collected
    (0.02, ("submitted", "forwarded", "in_progress")),  # stuck at the agency: overdue
)
REASONS = {
    "rejected": (
        "نقص في الوثائق المطلوبة",
        "الوثائق المقدمة غير مطابقة",
        "الطلب خارج اختصاص الجهة",
        "عدم استيفاء الشروط القانونية",
    ),
    "cancelled": ("بناء على طلب المواطن", "تم تقديم الطلب بالخطأ", "المواطن قدم الطلب في مركز آخر"),
    "needs_info": (
        "يرجى إحضار صورة مصدقة عن السند",
        "مطلوب توقيع صاحب العلاقة شخصيا",
        "مطلوب بيان قيد عائلي حديث",
    ),
}
TEXT_SAMPLES = (
    "دمشق - المزة - شارع الجلاء",
    "دمشق - المزة فيلات غربية - بناء 12",
    "دمشق - كفرسوسة",
    "ريف دمشق - جرمانا - شارع الخضر",
    "دمشق - المهاجرين - جادة 5",
    "دمشق - ركن الدين",
    "ريف دمشق - صحنايا",
    "دمشق - الميدان - شارع الحقلة",
    "دمشق - باب توما",
    "ريف دمشق - قدسيا - الضاحية",
    "لمراجعة السفارة",
    "للتقديم إلى جهة عامة",
    "لاستكمال معاملة تعيين",
    "الشقة رقم 4 الطابق الثالث",
    "محضر رقم 1250 تاريخ 2019",
)
WAIVE_NOTES = ("تعهد بإحضار الوثيقة خلال أسبوع", "الأصل لدى جهة رسمية", "موافقة رئيس المركز")
GOVERNORATES = (
    ("01", 40),
    ("02", 6),
    ("03", 18),
    ("04", 4),
    ("05", 8),
    ("06", 4),
    ("07", 5),
    ("08", 3),
    ("10", 3),
    ("11", 3),
    ("12", 2),
    ("13", 2),
    ("14", 2),
)
MOBILE_PREFIXES = (
    ("093", 22),
    ("094", 18),
    ("095", 16),
    ("096", 8),
    ("098", 14),
    ("099", 20),
    ("097", 2),
)

US = 1_000_000
HOUR_US = 3600 * US
DAY_US = 24 * HOUR_US
EPOCH_UTC = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
BATCH = 25_000  # requests per bulk transaction

INSERT_REQUEST = (
    "INSERT INTO requests (id, uuid, receipt_no, year, seq, service_code, citizen_id, "
    "organization_id, phone, fields, received_at, due_date, status, status_at, created_by, "
    "station_no, source, paper_ref, catalog_version) "
    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'counter',NULL,?)"
)
INSERT_DOC = (
    "INSERT INTO request_documents (request_id, doc_type, requirement, state, note) "
    "VALUES (?,?,?,?,?)"
)
INSERT_EVENT = (
    "INSERT INTO request_events (uuid, request_id, status, at, user_id, actor, station, reason, "
    "origin) VALUES (?,?,?,?,?,?,?,?,?)"
)
INSERT_OUTBOX = (
    "INSERT INTO outbox (uuid, kind, entity_uuid, payload, payload_sha256, created_at, state, "
    "attempts, sent_at, last_error) VALUES (?,?,?,?,?,?,?,?,?,NULL)"
)
INSERT_AUDIT = (
    "INSERT INTO audit_log (at, user_id, username, station, action, entity, entity_ref, details, "
    "row_hashes, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
)
INSERT_CITIZEN = (
    "INSERT INTO citizens (id, national_id, name, name_norm, phone, created_at, updated_at) "
    "VALUES (?,?,?,?,?,?,?)"
)
INSERT_ORG = "INSERT INTO organizations (id, name, name_norm, created_at) VALUES (?,?,?,?)"


# --------------------------------------------------------------------------- small helpers

_DAY_TEXT: dict[int, str] = {}


def _day_text(day: int) -> str:
    found = _DAY_TEXT.get(day)
    if found is None:
        found = _DAY_TEXT[day] = (dt.date(1970, 1, 1) + dt.timedelta(days=day)).isoformat()
    return found


MINUTE_US = 60 * US
_MINUTES: dict[int, tuple[str, str]] = {}


def _minute(us: int) -> tuple[tuple[str, str], int]:
    """("YYYY-MM-DD HH:MM:", "YYYY-MM-DDTHH:MM:") of the minute of ``us``, and the µs past it."""
    minute, rest = divmod(us, MINUTE_US)
    found = _MINUTES.get(minute)
    if found is None:
        day, mins = divmod(minute, 24 * 60)
        text = f"{_day_text(day)} {mins // 60:02d}:{mins % 60:02d}:"
        found = _MINUTES[minute] = (text, text.replace(" ", "T"))
    return found, rest


def db_text(us: int) -> str:
    """A UTC instant as SQLAlchemy's SQLite DateTime stores it: naive, always 6 decimals."""
    (prefix, _), rest = _minute(us)
    return f"{prefix}{rest // US:02d}.{rest % US:06d}"


def iso_z(us: int) -> str:
    """The text of ``services.audit.iso_utc`` (checked at start-up), without datetime objects."""
    (_, prefix), rest = _minute(us)
    return f"{prefix}{rest // US:02d}.{rest % US:06d}Z"


def iso_aware(us: int) -> str:
    """The text of ``aware(us).isoformat()`` (checked at start-up), as the app puts in payloads."""
    (_, prefix), rest = _minute(us)
    if rest % US:
        return f"{prefix}{rest // US:02d}.{rest % US:06d}+00:00"
    return f"{prefix}{rest // US:02d}+00:00"


def aware(us: int) -> dt.datetime:
    return EPOCH_UTC + dt.timedelta(microseconds=us)


def to_us(moment: dt.datetime) -> int:
    return (moment - EPOCH_UTC) // dt.timedelta(microseconds=1)


def uuid4_text(rng: random.Random) -> str:
    """A version-4 UUID from the seeded generator (reproducible databases)."""
    h = "%032x" % ((rng.getrandbits(128) & UUID_CLEAR) | UUID_SET)
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


UUID_CLEAR = ~((0xF000 << 64) | (0xC000 << 48))
UUID_SET = (0x4000 << 64) | (0x8000 << 48)


def created_body(
    *,
    catalog_version: str,
    center: str,
    name: str,
    nid: str,
    phone: str,
    docs_json: str,
    due: str,
    actor: str,
    at: str,
    station_label: str,
    ev_uuid: str,
    fields_json: str,
    organization: str | None,
    receipt: str,
    service: str,
    station_no: int,
    req_uuid: str,
) -> str:
    """``canonical_json`` of the app's ``request.created`` payload, by template (sampled runs
    compare it with ``canonical_json`` itself)."""
    return (
        f'{{"catalog_version":{jstr(catalog_version)},"center":{jstr(center)},'
        f'"citizen":{{"name":{jstr(name)},"national_id":{jstr(nid)},"phone":{jstr(phone)}}},'
        f'"documents":{docs_json},"due_date":{jstr(due)},'
        f'"events":[{{"actor":{jstr(actor)},"at":{jstr(at)},"reason":null,'
        f'"station":{jstr(station_label)},"status":"submitted","uuid":{jstr(ev_uuid)}}}],'
        f'"fields":{fields_json},'
        f'"organization":{jstr(organization) if organization is not None else "null"},'
        f'"paper_ref":null,"receipt_no":{jstr(receipt)},"received_at":{jstr(at)},'
        f'"service":{jstr(service)},"source":"counter","station":{station_no},'
        f'"uuid":{jstr(req_uuid)}}}'
    )


def event_body(
    *,
    actor: str,
    at: str,
    reason: str | None,
    receipt: str,
    req_uuid: str,
    station_label: str,
    status: str,
    ev_uuid: str,
) -> str:
    """``canonical_json`` of the app's ``request.event`` payload, by template."""
    return (
        f'{{"actor":{jstr(actor)},"at":{jstr(at)},'
        f'"reason":{jstr(reason) if reason is not None else "null"},'
        f'"receipt_no":{jstr(receipt)},"request_uuid":{jstr(req_uuid)},'
        f'"station":{jstr(station_label)},"status":{jstr(status)},"uuid":{jstr(ev_uuid)}}}'
    )


class Weighted(Generic[T]):
    """Fast repeated draws from a fixed weighted population."""

    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        self.items = list(items)
        self.cum: list[float] = []
        total = 0.0
        for w in weights:
            total += w
            self.cum.append(total)
        self.total = total

    def draw(self, rng: random.Random) -> T:
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]


def zipf(items: Sequence[T], exponent: float) -> Weighted[T]:
    return Weighted(items, [1.0 / (k + 1) ** exponent for k in range(len(items))])


# --------------------------------------------------------------------------- the model


@dataclass
class ServicePool:
    """A service with ready, validated field sets and checklists to draw from."""

    service: Service
    fields: list[tuple[str, dict[str, Any], str | None]]  # (canonical json, values, organization)
    raw_fields: list[dict[str, str]]
    checklists: list[list[tuple[str, str, str, str | None]]]  # (type, requirement, state, note)
    raw_docs: list[dict[str, str]]
    docs_json: list[str]  # each checklist as the outbox payload lists it

    def pick(self, rng: random.Random) -> tuple[int, int]:
        """A field set and a checklist (-1: none) to make a request of. Drawn apart (the
        random stream of the pools without conditional documents is as it always was), and
        together when the checklist depends on the fields."""
        i = rng.randrange(len(self.fields))
        k = rng.randrange(len(self.checklists)) if self.checklists else -1
        if k >= 0 and any(d.when is not None for d in self.service.documents):
            i = k
        return i, k


@dataclass
class StationUsers:
    label: str
    users: list[tuple[int, str]]  # (user id, username)


@dataclass
class World:
    catalog: Catalog
    pools: dict[str, ServicePool]
    services_by_center: dict[str, Weighted[ServicePool]]
    stations: dict[tuple[str, int], StationUsers]
    tz: dt.tzinfo
    due_date: Callable[[dt.datetime, int], dt.date]
    is_working_day: Callable[[dt.date], bool]


def raw_field_value(rng: random.Random, fdef: FieldDef) -> str:
    kind = fdef.type
    if kind is FieldType.NATIONAL_ID:
        return national_id(rng)
    if kind is FieldType.PHONE:
        return mobile(rng)
    if kind is FieldType.DATE:
        day = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(27_000))
        return day.isoformat()
    if kind is FieldType.NUMBER:
        low = math.ceil(fdef.min) if fdef.min is not None else 1
        high = math.floor(fdef.max) if fdef.max is not None else max(low, 1) + 500
        return str(rng.randint(low, max(low, high)))
    if kind is FieldType.CHOICE:
        return rng.choice(fdef.choices).value
    if kind is FieldType.ORGANIZATION:
        return rng.choice(names.ORGANIZATIONS)
    text = rng.choice(TEXT_SAMPLES)
    limit = fdef.max_length or 500
    return text[:limit].strip() or "نص"


def raw_fields(rng: random.Random, service: Service) -> dict[str, str]:
    return {
        f.key: raw_field_value(rng, f) for f in service.fields if f.required or rng.random() < 0.5
    }


DOC_STATES: dict[Requirement, tuple[tuple[str, float], ...]] = {
    Requirement.ORIGINAL_SEEN: (("original_seen", 0.7), ("copy_kept", 0.3)),
    Requirement.COPY_KEPT: (("copy_kept", 0.75), ("scan_pending", 0.1), ("scanned", 0.15)),
    Requirement.SCAN_REQUIRED: (("scanned", 0.6), ("scan_pending", 0.4)),
    Requirement.OPTIONAL: (("missing", 0.5), ("copy_kept", 0.35), ("original_seen", 0.15)),
}


def raw_docs(rng: random.Random, service: Service, values: dict[str, Any]) -> dict[str, str]:
    """A checklist as a clerk fills it for a request with these field values (only the
    documents of its case: intake refuses the others)."""
    out: dict[str, str] = {}
    for doc in service.documents_for(values):
        if doc.requirement is not Requirement.OPTIONAL and rng.random() < 0.02:
            out[doc.type] = "waived:" + rng.choice(WAIVE_NOTES)
            continue
        states = DOC_STATES[doc.requirement]
        out[doc.type] = Weighted([s for s, _ in states], [w for _, w in states]).draw(rng)
    return out


def build_pool(rng: random.Random, service: Service, size: int = 48) -> ServicePool:
    fields: list[tuple[str, dict[str, Any], str | None]] = []
    raws: list[dict[str, str]] = []
    for _ in range(size):
        raw = raw_fields(rng, service)
        values = validate_fields(service, raw)
        org = next(
            (
                values[f.key]
                for f in service.fields
                if f.type is FieldType.ORGANIZATION and values.get(f.key)
            ),
            None,
        )
        fields.append((canonical_json(values), values, org))
        raws.append(raw)
    checklists: list[list[tuple[str, str, str, str | None]]] = []
    docs: list[dict[str, str]] = []
    for k in range(size // 3):
        # A service whose documents depend on a field: checklist k is made for field set k, and
        # ``pick`` draws the two together.
        values = fields[k][1]
        raw = raw_docs(rng, service, values)
        given = {code: parse_doc_state(v) for code, v in raw.items()}
        items = build_checklist(service, given, fields=values)
        checklists.append([(i.doc_type, i.requirement.value, i.state.value, i.note) for i in items])
        docs.append(raw)
    docs_json = [
        canonical_json([{"type": d[0], "state": d[2], "note": d[3]} for d in items])
        for items in checklists
    ]
    return ServicePool(service, fields, raws, checklists, docs, docs_json)


def national_id(rng: random.Random) -> str:
    return GOV.draw(rng) + f"{rng.randrange(10**9):09d}"


def mobile(rng: random.Random) -> str:
    return MOBILE.draw(rng) + f"{rng.randrange(10**7):07d}"


GOV = Weighted([g for g, _ in GOVERNORATES], [w for _, w in GOVERNORATES])
MOBILE = Weighted([p for p, _ in MOBILE_PREFIXES], [w for _, w in MOBILE_PREFIXES])
MALE = zipf(names.MALE, 0.85)
FEMALE = zipf(names.FEMALE, 0.8)
FAMILY = zipf(names.FAMILY, 0.55)


def person_name(rng: random.Random) -> str:
    first = MALE.draw(rng) if rng.random() < 0.58 else FEMALE.draw(rng)
    father = MALE.draw(rng)
    while father == first:
        father = MALE.draw(rng)
    return f"{first} {father} {FAMILY.draw(rng)}"


def respelled(rng: random.Random, name: str) -> str:
    """The same person typed differently on a later visit (hamza dropped, ta marbuta as ha)."""
    variants = (("أ", "ا"), ("إ", "ا"), ("ة", "ه"), ("ى", "ي"), ("عبد ال", "عبدال"))
    for old, new in rng.sample(variants, len(variants)):
        if old in name:
            return name.replace(old, new, 1)
    return name


def validate_statuses() -> None:
    """Every generated path must be a legal history for the domain's status machine."""
    for _, path in PATHS:
        for a, b in itertools.pairwise(path):
            check_transition(Status(a), Status(b))
            check_reason(Status(b), REASONS[b][0] if b in REASONS else None)


# --------------------------------------------------------------------------- time model


def working_days(
    start: dt.date, end: dt.date, is_working_day: Callable[[dt.date], bool]
) -> list[dt.date]:
    days = []
    day = start
    while day <= end:
        if is_working_day(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def day_weight(day: dt.date, start: dt.date, rng: random.Random) -> float:
    years = (day - start).days / 365.25
    weekday = {6: 1.15, 0: 1.05, 1: 1.0, 2: 0.95, 3: 0.85}.get(day.weekday(), 0.5)
    month = {7: 0.85, 8: 0.9, 9: 1.1, 10: 1.05, 1: 0.95}.get(day.month, 1.0)
    return (1.0 + 0.25 * years) * weekday * month * rng.uniform(0.8, 1.2)


def request_times(
    rng: random.Random,
    total: int,
    now_us: int,
    tz: dt.tzinfo,
    is_working_day: Callable[[dt.date], bool],
    years: int,
) -> list[int]:
    """``total`` arrival instants (UTC µs) on working days, 08:00-15:00 local, peak mid-morning."""
    local_now = aware(now_us).astimezone(tz)
    end = local_now.date()
    start = end.replace(year=end.year - years, day=min(end.day, 28)) + dt.timedelta(days=1)
    days = working_days(start, end, is_working_day)
    weights = [day_weight(d, start, rng) for d in days]
    counts = [0] * len(days)
    for i in rng.choices(range(len(days)), weights=weights, k=total):
        counts[i] += 1
    out: list[int] = []
    for day, count in zip(days, counts, strict=True):
        if not count:
            continue
        noon = dt.datetime(day.year, day.month, day.day, 12, tzinfo=tz)
        offset = noon.utcoffset() or dt.timedelta()
        base = to_us(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) - offset)
        open_us, close_us = 8 * HOUR_US, 15 * HOUR_US
        if day == end:
            close_us = min(close_us, now_us - base - 60 * US)
            if close_us <= open_us:
                # Today has not opened yet: move its requests to the previous working day.
                base -= DAY_US * ((day - days[-2]).days if len(days) > 1 else 1)
                close_us = 15 * HOUR_US
        span = close_us - open_us
        for _ in range(count):
            t = rng.triangular(0.0, 1.0, 0.3)
            out.append(base + open_us + int(t * span) + rng.randrange(US))
    out.sort()
    return out


# --------------------------------------------------------------------------- the generator

COUNTER_STEPS = frozenset({"submitted", "delivered", "cancelled"})
"""Steps done by a clerk at the counter: each writes an event, an outbox item and an audit row.
The agency's steps (forwarded, in progress, needs info, ready, rejected) arrive from HQ: an event
with origin ``hq`` and no outbox item or audit row on the station."""


@dataclass
class Counters:
    request_id: int = 0
    org_id: int = 0
    tip: str = GENESIS_HASH
    audit_rows: int = 0
    events: int = 0
    outbox: int = 0
    docs: int = 0


@dataclass
class Rows:
    requests: list[tuple[Any, ...]] = field(default_factory=list)
    docs: list[tuple[Any, ...]] = field(default_factory=list)
    events: list[tuple[Any, ...]] = field(default_factory=list)
    outbox: list[tuple[Any, ...]] = field(default_factory=list)
    audit: list[tuple[Any, ...]] = field(default_factory=list)

    def clear(self) -> None:
        for part in (self.requests, self.docs, self.events, self.outbox, self.audit):
            part.clear()


# A future status step waiting in the timeline: (at µs, tie-breaker, details).
Pending = tuple[int, int, tuple[int, str, str, str, str | None, tuple[str, int], str]]


class Generator:
    """Walks the timeline: requests in arrival order, their later steps merged in by time, so
    ids (and the audit chain) follow the clock as they do on a real station."""

    def __init__(self, world: World, rng: random.Random, now_us: int, counters: Counters) -> None:
        self.w = world
        self.rng = rng
        self.now_us = now_us
        self.c = counters
        self.rows = Rows()
        self.timeline: list[Pending] = []
        self.order = 0
        # Citizens live in memory and are inserted at the end (ids are assigned here).
        self.citizens: list[list[Any]] = []  # [nid, name, norm, phone, created_us, updated_us]
        self.nids: set[str] = set()
        self.norms: dict[str, str] = {}
        self.orgs: dict[str, tuple[int, int]] = {}  # name -> (id, first use µs)
        self.seqs: dict[tuple[str, int, int], int] = {}
        self.sent_before = now_us - 2 * DAY_US
        self.due_cache: dict[tuple[int, int], str] = {}
        self.offsets: dict[int, int] = {}
        self.working: dict[int, bool] = {}
        self.status_details = {s: canonical_json({"status": s}) for _, p in PATHS for s in p}
        self.paths = Weighted([p for _, p in PATHS], [w for w, _ in PATHS])
        self.centers = Weighted(list(CENTERS), [c.share for c in CENTERS])
        self.station_pick = {
            c.code: Weighted(list(range(1, len(c.station_weights) + 1)), c.station_weights)
            for c in CENTERS
        }

    # -- audit and outbox --------------------------------------------------------------------

    def audit(
        self, at_us: int, user: tuple[int, str], station: str, action: str, ref: str, details: str
    ) -> None:
        """An audit row without its hashes: the writer process continues the chain in order.
        It records no rows ("{}"): the generated history counts as older than row hashing,
        which the era row written after the load says (see ``generate``)."""
        self.rows.audit.append(
            (iso_z(at_us), user[0], user[1], station, action, "request", ref, details, "{}")
        )
        self.c.audit_rows += 1

    def outbox(
        self,
        kind: str,
        entity_uuid: str,
        body: str,
        at_us: int,
        payload: Callable[[], dict[str, Any]],
    ) -> None:
        """One outbox item; every 500th body is compared with ``canonical_json`` itself."""
        if self.c.outbox % 500 == 0 and body != canonical_json(payload()):
            raise AssertionError(f"payload template differs:\n{body}\n{canonical_json(payload())}")
        if at_us < self.sent_before:
            state, attempts = "sent", 1
            sent: str | None = db_text(at_us + self.rng.randrange(5 * US, 1800 * US))
        else:
            state, attempts, sent = "pending", 0, None
        self.rows.outbox.append(
            (
                uuid4_text(self.rng),
                kind,
                entity_uuid,
                body,
                db_text(at_us),
                state,
                attempts,
                sent,
            )
        )
        self.c.outbox += 1

    # -- time helpers --------------------------------------------------------------------------

    def offset_us(self, at_us: int) -> int:
        day = at_us // DAY_US
        off = self.offsets.get(day)
        if off is None:
            delta = aware(at_us).astimezone(self.w.tz).utcoffset() or dt.timedelta()
            off = self.offsets[day] = int(delta.total_seconds()) * US
        return off

    def is_working(self, day: int) -> bool:
        found = self.working.get(day)
        if found is None:
            date = dt.date(1970, 1, 1) + dt.timedelta(days=day)
            found = self.working[day] = bool(self.w.is_working_day(date))
        return found

    def office_hours(self, at_us: int) -> int:
        """Move an instant into the next working period (08:00-15:00 local, working days)."""
        off = self.offset_us(at_us)
        day, sec = divmod(at_us + off, DAY_US)
        if sec >= 15 * HOUR_US:
            day += 1
            sec = 8 * HOUR_US + self.rng.randrange(3 * HOUR_US)
        elif sec < 8 * HOUR_US:
            sec = 8 * HOUR_US + self.rng.randrange(3 * HOUR_US)
        for _ in range(30):
            if self.is_working(day):
                break
            day += 1
        return day * DAY_US + sec - off

    def due(self, received_us: int, sla: int) -> str:
        key = (received_us // (15 * 60 * US), sla)
        found = self.due_cache.get(key)
        if found is None:
            found = self.due_cache[key] = self.w.due_date(aware(received_us), sla).isoformat()
        return found

    def plan(self, received_us: int, path: tuple[str, ...], sla: int) -> list[tuple[str, int]]:
        """Instants of every step of ``path`` (some may lie in the future)."""
        rng = self.rng
        sla_us = max(sla, 1) * DAY_US * 7 // 5
        steps = [(path[0], received_us)]
        at = received_us
        for status in path[1:]:
            if status == "forwarded":
                gap = rng.randrange(HOUR_US // 2, 30 * HOUR_US)
            elif status == "in_progress":
                gap = rng.randrange(4 * HOUR_US, 72 * HOUR_US)
                if steps[-1][0] == "needs_info":
                    gap = int(rng.expovariate(1 / (5 * DAY_US)))
            elif status == "needs_info":
                gap = rng.randrange(DAY_US, max(sla_us, 2 * DAY_US))
            elif status == "ready":
                gap = int(sla_us * rng.lognormvariate(-0.35, 0.45))
            elif status == "delivered":
                gap = 2 * HOUR_US + int(rng.expovariate(1 / (4 * DAY_US)))
            elif status == "rejected":
                gap = rng.randrange(DAY_US, max(sla_us, 2 * DAY_US))
            else:  # cancelled
                gap = rng.randrange(HOUR_US, 5 * DAY_US)
            at = self.office_hours(at + gap)
            steps.append((status, at))
        return steps

    # -- one request ---------------------------------------------------------------------------

    def citizen(self, at_us: int) -> tuple[int, str, str, str]:
        """(id, national id, name as typed, phone) of a new or returning citizen."""
        rng = self.rng
        if not self.citizens or rng.random() < 0.6:
            nid = national_id(rng)
            while nid in self.nids:
                nid = national_id(rng)
            self.nids.add(nid)
            name = person_name(rng)
            phone = mobile(rng)
            self.citizens.append([nid, name, self.norm(name), phone, at_us, at_us])
            return len(self.citizens), nid, name, phone
        cid = rng.randrange(len(self.citizens)) + 1
        rec = self.citizens[cid - 1]
        if rng.random() < 0.05:
            rec[3] = mobile(rng)
        if rng.random() < 0.03:
            rec[1] = respelled(rng, rec[1])
            rec[2] = self.norm(rec[1])
        rec[5] = at_us
        return cid, rec[0], rec[1], rec[3]

    def norm(self, name: str) -> str:
        found = self.norms.get(name)
        if found is None:
            found = self.norms[name] = normalize_for_search(name)
        return found

    def organization(self, name: str, at_us: int) -> int:
        found = self.orgs.get(name)
        if found is None:
            self.c.org_id += 1
            found = self.orgs[name] = (self.c.org_id, at_us)
        return found[0]

    def flush_timeline(self, until_us: int) -> None:
        timeline = self.timeline
        while timeline and timeline[0][0] <= until_us:
            at, _, details = heapq.heappop(timeline)
            self.status_event(at, *details)

    def status_event(
        self,
        at: int,
        rid: int,
        req_uuid: str,
        receipt: str,
        status: str,
        reason: str | None,
        station: tuple[str, int],
        agency: str,
    ) -> None:
        ev_uuid = uuid4_text(self.rng)
        at_db = db_text(at)
        self.c.events += 1
        if status not in COUNTER_STEPS:
            self.rows.events.append(
                (ev_uuid, rid, status, at_db, None, "hq." + agency.lower(), "HQ", reason, "hq")
            )
            return
        su = self.w.stations[station]
        user = self.rng.choice(su.users)
        self.rows.events.append(
            (ev_uuid, rid, status, at_db, user[0], user[1], su.label, reason, "counter")
        )
        at_iso = iso_aware(at)
        body = event_body(
            actor=user[1],
            at=at_iso,
            reason=reason,
            receipt=receipt,
            req_uuid=req_uuid,
            station_label=su.label,
            status=status,
            ev_uuid=ev_uuid,
        )
        self.outbox(
            "request.event",
            ev_uuid,
            body,
            at,
            lambda: {
                "request_uuid": req_uuid,
                "receipt_no": receipt,
                "uuid": ev_uuid,
                "status": status,
                "at": aware(at).isoformat(),
                "actor": user[1],
                "station": su.label,
                "reason": reason,
            },
        )
        self.audit(at, user, su.label, "request.status", receipt, self.status_details[status])

    def request(self, received_us: int) -> None:
        rng = self.rng
        w = self.w
        center = self.centers.draw(rng)
        station_no = self.station_pick[center.code].draw(rng)
        key = (center.code, station_no)
        su = w.stations[key]
        user = rng.choice(su.users)
        pool: ServicePool = w.services_by_center[center.code].draw(rng)
        svc = pool.service
        i, k = pool.pick(rng)
        fields_json, fields_values, org_name = pool.fields[i]
        checklist, docs_json = pool.checklists[k], pool.docs_json[k]
        cid, nid, name, phone = self.citizen(received_us)
        org_id = self.organization(org_name, received_us) if org_name else None

        local_year = int(_day_text((received_us + self.offset_us(received_us)) // DAY_US)[:4])
        local_year %= 100
        seq_key = (center.code, station_no, local_year)
        seq = self.seqs.get(seq_key, 0) + 1
        if seq >= SEQ_BLOCK:
            raise SystemExit(f"more than {SEQ_BLOCK - 1} requests for {su.label} in one year")
        self.seqs[seq_key] = seq
        seq += SEQ_BLOCK * STATION_ORDER.index(key)
        receipt = str(
            ReceiptNumber(center=center.code, station=station_no, year=local_year, seq=seq)
        )
        sla = svc.sla.working_days
        due = self.due(received_us, sla)
        path: tuple[str, ...] = self.paths.draw(rng)
        steps = self.plan(received_us, path, sla)
        done = [s for s in steps if s[1] <= self.now_us]
        last_status, last_at = done[-1]

        self.c.request_id += 1
        rid = self.c.request_id
        req_uuid = uuid4_text(rng)
        received_db = db_text(received_us)
        self.rows.requests.append(
            (
                rid,
                req_uuid,
                receipt,
                local_year,
                seq,
                svc.code,
                cid,
                org_id,
                phone,
                fields_json,
                received_db,
                due,
                last_status,
                db_text(last_at),
                user[0],
                station_no,
                w.catalog.version,
            )
        )
        for doc_type, requirement, state, note in checklist:
            self.rows.docs.append((rid, doc_type, requirement, state, note))
        self.c.docs += len(checklist)
        ev_uuid = uuid4_text(rng)
        self.rows.events.append(
            (ev_uuid, rid, "submitted", received_db, user[0], user[1], su.label, None, "counter")
        )
        self.c.events += 1
        received_iso = iso_aware(received_us)
        body = created_body(
            catalog_version=w.catalog.version,
            center=center.code,
            name=name,
            nid=nid,
            phone=phone,
            docs_json=docs_json,
            due=due,
            actor=user[1],
            at=received_iso,
            station_label=su.label,
            ev_uuid=ev_uuid,
            fields_json=fields_json,
            organization=org_name,
            receipt=receipt,
            service=svc.code,
            station_no=station_no,
            req_uuid=req_uuid,
        )
        # The same payload as services/intake.py builds (checked against it every 500 items).
        self.outbox(
            "request.created",
            req_uuid,
            body,
            received_us,
            lambda: {
                "uuid": req_uuid,
                "receipt_no": receipt,
                "center": center.code,
                "station": station_no,
                "service": svc.code,
                "catalog_version": w.catalog.version,
                "citizen": {"national_id": nid, "name": name, "phone": phone},
                "organization": org_name,
                "fields": fields_values,
                "documents": [{"type": d[0], "state": d[2], "note": d[3]} for d in checklist],
                "received_at": aware(received_us).isoformat(),
                "due_date": due,
                "source": "counter",
                "paper_ref": None,
                "events": [
                    {
                        "uuid": ev_uuid,
                        "status": "submitted",
                        "at": aware(received_us).isoformat(),
                        "actor": user[1],
                        "station": su.label,
                        "reason": None,
                    }
                ],
            },
        )
        self.audit(
            received_us,
            user,
            su.label,
            "request.create",
            receipt,
            canonical_json({"service": svc.code, "uuid": req_uuid}),
        )
        for status, at in done[1:]:
            self.order += 1
            reason = rng.choice(REASONS[status]) if status in REASONS else None
            heapq.heappush(
                self.timeline,
                (at, self.order, (rid, req_uuid, receipt, status, reason, key, svc.agency)),
            )


# --------------------------------------------------------------------------- database work


def fts_triggers(conn: sqlite_driver.Connection) -> list[str]:
    return [
        sql
        for (sql,) in conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'citizens'"
        )
    ]


def bulk_connection(db: Path) -> sqlite_driver.Connection:
    """A connection for loading only: no journal, no fsync, a big page cache."""
    # The app's own driver (SQLCipher's SQLite, unkeyed): the triggers' time arithmetic (0022)
    # must be the library's that later checks it (3.40 and 3.53 round a second apart).
    conn = sqlite_driver.connect(db, key=None, isolation_level=None)
    for pragma in (
        "journal_mode = OFF",
        "synchronous = OFF",
        "foreign_keys = OFF",
        "cache_size = -1500000",
        "temp_store = MEMORY",
    ):
        conn.execute(f"PRAGMA {pragma}")
    return conn


Batch = tuple[list[tuple[Any, ...]], ...]


AUDIT_COLUMNS = (
    "at",
    "user_id",
    "username",
    "station",
    "action",
    "entity",
    "entity_ref",
    "details",
    "row_hashes",
)


def chain(tip: str, audit: list[tuple[Any, ...]]) -> tuple[str, list[tuple[Any, ...]]]:
    """Continue the audit hash chain over rows in ``AUDIT_COLUMNS`` order, exactly as
    ``services.audit.append_audit`` does (same ``chain_hash`` and ``audit_record``)."""
    out = []
    for row in audit:
        digest = chain_hash(tip, audit_record(dict(zip(AUDIT_COLUMNS, row, strict=True))))
        out.append((*row, tip, digest))
        tip = digest
    return tip, out


def write_batch(conn: sqlite_driver.Connection, batch: Batch, tip: str) -> str:
    requests, docs, events, outbox, audit = batch
    tip, audit_rows = chain(tip, audit)
    conn.execute("BEGIN")
    conn.executemany(INSERT_REQUEST, requests)
    conn.executemany(INSERT_DOC, docs)
    conn.executemany(INSERT_EVENT, events)
    conn.executemany(
        INSERT_OUTBOX, ((u, k, e, b, payload_sha256(b), *rest) for u, k, e, b, *rest in outbox)
    )
    conn.executemany(INSERT_AUDIT, audit_rows)
    conn.execute("COMMIT")
    return tip


def writer_process(db: str, tip: str, pipe: Connection) -> None:
    """The second core: receives batches of rows, continues the audit chain and inserts them
    while the main process generates the next batch."""
    conn = bulk_connection(Path(db))
    busy = 0.0
    while (batch := pipe.recv()) is not None:
        started = time.perf_counter()
        tip = write_batch(conn, batch, tip)
        busy += time.perf_counter() - started
    conn.close()
    pipe.send((busy, tip))


def load_citizens(conn: sqlite_driver.Connection, gen: Generator, fts_mode: str) -> float:
    """Insert citizens and organizations; returns the seconds spent on the name index."""
    started = time.perf_counter()
    conn.execute("BEGIN")
    triggers = fts_triggers(conn) if fts_mode == "rebuild" else []
    for name in ("citizens_fts_ai", "citizens_fts_ad", "citizens_fts_au"):
        if triggers:
            conn.execute(f"DROP TRIGGER {name}")
    conn.executemany(
        INSERT_CITIZEN,
        (
            (i + 1, c[0], c[1], c[2], c[3], db_text(c[4]), db_text(c[5]))
            for i, c in enumerate(gen.citizens)
        ),
    )
    conn.executemany(
        INSERT_ORG,
        (
            (oid, name, normalize_for_search(name), db_text(at))
            for name, (oid, at) in gen.orgs.items()
        ),
    )
    if triggers:
        conn.execute("INSERT INTO citizen_name_fts(citizen_name_fts) VALUES ('rebuild')")
        for sql in triggers:
            conn.execute(sql)
    # The words tolerant name search looks up (the app adds them at intake).
    terms = sorted({t for c in gen.citizens for t in c[2].split(" ") if t})
    conn.executemany("INSERT OR IGNORE INTO name_terms (term) VALUES (?)", ((t,) for t in terms))
    conn.execute("COMMIT")
    return time.perf_counter() - started


def set_home_sequences(conn: sqlite_driver.Connection, gen: Generator) -> dict[int, int]:
    own = {
        year: seq
        for (center, station, year), seq in gen.seqs.items()
        if (center, station) == (HOME_CENTER, HOME_STATION)
    }
    conn.execute("BEGIN")
    for year, seq in own.items():
        conn.execute(
            "INSERT INTO receipt_sequences (year, last_seq) VALUES (?, ?) "
            "ON CONFLICT (year) DO UPDATE SET last_seq = max(last_seq, excluded.last_seq)",
            (year, seq),
        )
    conn.execute("COMMIT")
    return own


# --------------------------------------------------------------------------- set-up via the app


def app_paths(out: Path) -> AppPaths:
    return AppPaths(data_dir=out, config_dir=out / "config", log_dir=out / "log")


def setup_via_app(out: Path, start_us: int) -> tuple[dict[tuple[str, int], StationUsers], str]:
    """Schema, station, catalog and users through the application's own code."""
    ctx = AppContext.open(app_paths(out))
    try:
        clock_us = [start_us - 30 * DAY_US]

        def clock() -> dt.datetime:
            clock_us[0] += 60 * US
            return aware(clock_us[0])

        ctx.clock = clock
        setup_station(
            ctx,
            center_code=HOME_CENTER,
            center_name=CENTERS[0].name,
            station_no=HOME_STATION,
            admin_username=ADMIN[0],
            admin_password=ADMIN[1],
        )
        with ctx.store.read() as session:
            admin = ctx.actor(session, ADMIN[0])
        for clerks in CLERKS.values():
            for username, full_name in clerks:
                add_user(
                    ctx,
                    admin,
                    username=username,
                    role="clerk",
                    password=CLERK_PASSWORD,
                    full_name=full_name,
                )
        stations: dict[tuple[str, int], StationUsers] = {}
        with ctx.store.read() as session:
            for key, clerks in CLERKS.items():
                users = [(ctx.actor(session, u).user_id, u) for u, _ in clerks]
                stations[key] = StationUsers(f"{key[0]}-{key[1]:02d}", users)
            version = ctx.catalog(session).version
    finally:
        ctx.close()
    return stations, version


def load_world(
    db: Path, stations: dict[tuple[str, int], StationUsers], rng: random.Random
) -> World:
    """The catalog (split between the two centers), pools of valid inputs, the calendar."""
    ctx = AppContext.open(app_paths(db.parent), database=db, upgrade=False)
    try:
        with ctx.store.read() as session:
            catalog = ctx.catalog(session)
        calendar = ctx.calendar
    finally:
        ctx.close()
    active = [s for s in catalog.services if s.active]
    by_center: dict[str, list[Service]] = {"MSA": [], "MZH": []}
    for svc in active:
        if catalog.centers:  # the catalog says which center offers what (2026.12.2 on)
            for code, services in by_center.items():
                if catalog.center(code) is None:
                    raise SystemExit(f"the catalog names no center {code}")
                if svc in catalog.services_for_center(code):
                    services.append(svc)
        else:
            by_center["MSA" if svc.agency == SOCIAL_AGENCY else "MZH"].append(svc)
    if not by_center["MSA"] or not by_center["MZH"]:
        raise SystemExit(f"the catalog needs {SOCIAL_AGENCY} services and others")
    pools = {s.code: build_pool(rng, s) for s in active}
    weighted: dict[str, Weighted[ServicePool]] = {}
    for code, services in by_center.items():
        order = sorted(services, key=lambda s: s.code)
        rng.shuffle(order)
        # Complaints are a small share of the traffic; the rest follows a Zipf-like skew.
        weights = [
            (0.25 if s.category.value == "complaint" else 1.0) / (k + 1) ** 0.9
            for k, s in enumerate(order)
        ]
        weighted[code] = Weighted([pools[s.code] for s in order], weights)
    tz: dt.tzinfo = calendar.tz
    is_working = getattr(calendar, "is_working_day", None)
    if is_working is None:

        def is_working(day: dt.date) -> bool:
            return day.weekday() not in (4, 5)  # Friday and Saturday

    return World(catalog, pools, weighted, stations, tz, calendar.due_date, is_working)


# --------------------------------------------------------------------------- driver


@dataclass
class Summary:
    requests: int
    citizens: int
    events: int
    outbox: int
    audit_rows: int
    documents: int
    organizations: int
    seconds: float
    setup_seconds: float
    load_seconds: float
    fts_seconds: float
    fts_mode: str
    size_bytes: int
    home_sequences: dict[int, int]
    seed: int
    generated_at: str


def self_check() -> None:
    probe = to_us(dt.datetime(2025, 3, 4, 5, 6, 7, 89, tzinfo=dt.UTC))
    assert iso_z(probe) == iso_utc(aware(probe)), (iso_z(probe), iso_utc(aware(probe)))
    assert db_text(probe) == "2025-03-04 05:06:07.000089"
    for us in (probe, probe - 89, 0, 1_700_000_000_123_456):
        assert iso_aware(us) == aware(us).isoformat(), us
        assert db_text(us) == aware(us).replace(tzinfo=None).isoformat(" ", "microseconds")
    sample = uuid4_text(random.Random(3))
    import uuid

    parsed = uuid.UUID(sample)
    assert parsed.version == 4 and parsed.variant == uuid.RFC_4122 and str(parsed) == sample


def generate(
    out: Path,
    requests: int,
    seed: int,
    *,
    years: int = 3,
    fts_mode: str = "rebuild",
    force: bool = False,
    log: Callable[[str], None] = print,
) -> Summary:
    self_check()
    validate_statuses()
    out.mkdir(parents=True, exist_ok=True)
    db = out / DB_NAME
    if db.exists():
        if not force:
            raise SystemExit(f"{db} exists; use --force to replace it")
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        (out / META_NAME).unlink(missing_ok=True)
    started = time.perf_counter()
    rng = random.Random(seed)
    now_us = to_us(dt.datetime.now(dt.UTC))
    start_us = now_us - years * 366 * DAY_US
    stations, _ = setup_via_app(out, start_us)
    world = load_world(db, stations, rng)
    setup_seconds = time.perf_counter() - started
    log(f"set-up through the app: {setup_seconds:.1f} s")

    probe = sqlite_driver.connect(db, key=None)
    try:
        tip = probe.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    finally:
        probe.close()
    counters = Counters(tip=tip[0] if tip else GENESIS_HASH)
    gen = Generator(world, rng, now_us, counters)
    load_started = time.perf_counter()
    methods = multiprocessing.get_all_start_methods()
    mp = multiprocessing.get_context("fork" if "fork" in methods else None)
    pipe, child_pipe = mp.Pipe()
    writer = mp.Process(
        target=writer_process, args=(str(db), counters.tip, child_pipe), daemon=True
    )
    writer.start()

    def ship() -> None:
        r = gen.rows
        pipe.send((r.requests, r.docs, r.events, r.outbox, r.audit))
        gen.rows = Rows()

    times = request_times(rng, requests, now_us, world.tz, world.is_working_day, years)
    for i, received in enumerate(times, 1):
        gen.flush_timeline(received)
        gen.request(received)
        if i % BATCH == 0:
            ship()
            if i % (BATCH * 8) == 0:
                rate = i / (time.perf_counter() - load_started)
                log(f"  {i:>9,} requests  {rate:,.0f}/s")
    gen.flush_timeline(now_us)
    ship()
    pipe.send(None)
    writer_busy, counters.tip = pipe.recv()
    writer.join()
    if writer.exitcode != 0:
        raise SystemExit(f"the writer process failed (exit {writer.exitcode})")
    log(
        f"  generated in {time.perf_counter() - load_started:.1f} s; "
        f"the writer was busy {writer_busy:.1f} s"
    )
    conn = bulk_connection(db)
    fts_seconds = load_citizens(conn, gen, fts_mode)
    home = set_home_sequences(conn, gen)
    # Like a station upgraded to row hashing: the rows loaded so far predate it.
    append_row(conn, era_row(conn, f"{HOME_CENTER}-{HOME_STATION:02d}"))
    counters.audit_rows += 1
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    load_seconds = time.perf_counter() - load_started
    seconds = time.perf_counter() - started
    summary = Summary(
        requests=requests,
        citizens=len(gen.citizens),
        events=counters.events,
        outbox=counters.outbox,
        audit_rows=counters.audit_rows,
        documents=counters.docs,
        organizations=len(gen.orgs),
        seconds=round(seconds, 1),
        setup_seconds=round(setup_seconds, 1),
        load_seconds=round(load_seconds, 1),
        fts_seconds=round(fts_seconds, 1),
        fts_mode=fts_mode,
        size_bytes=db.stat().st_size,
        home_sequences=home,
        seed=seed,
        generated_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    )
    (out / META_NAME).write_text(json.dumps(summary.__dict__, indent=2), "utf-8")
    return summary


def run_db_check(db: Path) -> int:
    from counter_app.cli import main as cli_main

    return cli_main(["--db", str(db), "db", "check"])


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="folder for counter.sqlite3")
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument(
        "--fts",
        choices=("trigger", "rebuild"),
        default="rebuild",
        help="fill the name index through its triggers or rebuild it at the end",
    )
    parser.add_argument("--force", action="store_true", help="replace an existing database")
    parser.add_argument("--check", action="store_true", help="run `counter-app db check` after")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    summary = generate(
        args.out, args.requests, args.seed, years=args.years, fts_mode=args.fts, force=args.force
    )
    print(
        f"generated {summary.requests:,} requests, {summary.citizens:,} citizens, "
        f"{summary.events:,} events, {summary.outbox:,} outbox items, "
        f"{summary.audit_rows:,} audit rows in {summary.seconds:.1f} s "
        f"(set-up {summary.setup_seconds:.1f} s, load {summary.load_seconds:.1f} s, "
        f"name index {summary.fts_seconds:.1f} s [{summary.fts_mode}]); "
        f"{summary.size_bytes / 2**20:,.0f} MiB"
    )
    if args.check:
        started = time.perf_counter()
        code = run_db_check(args.out / DB_NAME)
        print(f"db check: exit {code} in {time.perf_counter() - started:.1f} s")
        return code
    return 0


if __name__ == "__main__":
    sys.exit(main())
