"""One search box: receipt number, national number, phone or (normalised Arabic) name."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from counter_app.domain.arabic import search_tokens
from counter_app.domain.digits import normalize_digits
from counter_app.domain.errors import N_, ValidationError
from counter_app.domain.identity import parse_mobile
from counter_app.domain.receipt import ReceiptNumber
from counter_app.services.context import AppContext

_COLUMNS = (
    "SELECT r.receipt_no, r.service_code, s.name_ar AS service_name_ar, c.name, c.national_id, "
    "r.phone, r.status, r.received_at, r.due_date FROM requests r "
    "JOIN citizens c ON c.id = r.citizen_id JOIN services s ON s.code = r.service_code "
)
_BY_RECEIPT = text(_COLUMNS + "WHERE r.receipt_no = :q")
_BY_NATIONAL_ID = text(
    _COLUMNS + "WHERE r.citizen_id = (SELECT id FROM citizens WHERE national_id = :q) "
    "ORDER BY r.received_at DESC LIMIT :limit"
)
_BY_PHONE = text(_COLUMNS + "WHERE r.phone = :q ORDER BY r.received_at DESC LIMIT :limit")
# Newest matching citizens first (ids grow with time), then their requests: a common first
# name matches a large share of all citizens, so never sort the whole match set.
_BY_NAME = text(
    _COLUMNS + "WHERE r.citizen_id IN (SELECT rowid FROM citizen_name_fts "
    "WHERE citizen_name_fts MATCH :q ORDER BY rowid DESC LIMIT :limit) "
    "ORDER BY r.received_at DESC LIMIT :limit"
)
_SEPARATORS = re.compile(r"[\s\-.()]+")
MAX_QUERY = 200


@dataclass(frozen=True)
class SearchHit:
    receipt_no: str
    service_code: str
    service_name_ar: str
    name: str
    national_id: str
    phone: str | None
    status: str
    received_at: dt.datetime
    due_date: dt.date


@dataclass(frozen=True)
class SearchResult:
    kind: str  # receipt | national_id | phone | name
    hits: list[SearchHit]


def hit_from_row(row: Any) -> SearchHit:
    received = row.received_at
    if isinstance(received, str):
        received = dt.datetime.fromisoformat(received)
    if received.tzinfo is None:
        received = received.replace(tzinfo=dt.UTC)
    due = row.due_date
    if isinstance(due, str):
        due = dt.date.fromisoformat(due)
    return SearchHit(
        row.receipt_no,
        row.service_code,
        row.service_name_ar,
        row.name,
        row.national_id,
        row.phone,
        row.status,
        received,
        due,
    )


def fts_query(tokens: list[str]) -> str:
    """Every token as a quoted prefix, so user text can never be FTS5 syntax."""
    return " AND ".join('"' + t.replace('"', '""') + '"*' for t in tokens)


def classify(query: str) -> tuple[str, str]:
    raw = query.strip()
    if not raw:
        raise ValidationError(N_("Type something to search for"), field="query")
    if len(raw) > MAX_QUERY:
        raise ValidationError(
            N_("The search text is limited to {limit} characters"), field="query", limit=MAX_QUERY
        )
    if ReceiptNumber.looks_like(raw):
        return "receipt", str(ReceiptNumber.parse(raw))
    compact = _SEPARATORS.sub("", normalize_digits(raw))
    if compact.isdigit() and len(compact) == 11 and not compact.startswith("09"):
        return "national_id", compact
    if compact.lstrip("+").isdigit():
        try:
            return "phone", parse_mobile(raw)
        except ValidationError:
            if len(compact) == 11:
                return "national_id", compact
            raise ValidationError(
                N_("{value} is neither a national number (11 digits) nor a mobile number"),
                field="query",
                value=raw,
            ) from None
    tokens = search_tokens(raw)
    if not tokens:
        raise ValidationError(N_("Type something to search for"), field="query")
    return "name", fts_query(tokens)


def run_search(session: Session, kind: str, key: str, limit: int) -> list[SearchHit]:
    stmt = {
        "receipt": _BY_RECEIPT,
        "national_id": _BY_NATIONAL_ID,
        "phone": _BY_PHONE,
        "name": _BY_NAME,
    }[kind]
    rows = session.connection().execute(stmt, {"q": key, "limit": limit})
    return [hit_from_row(r) for r in rows]


def search(ctx: AppContext, query: str, *, limit: int = 50) -> SearchResult:
    kind, key = classify(query)
    with ctx.store.read() as session:
        return SearchResult(kind, run_search(session, kind, key, max(1, min(limit, 500))))
