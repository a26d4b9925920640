"""One search box: receipt number, national number, phone or (normalised Arabic) name.

Names are matched in tiers, each shown after the one before and never mixed into it: the
words as typed (prefixes), then other spellings (compound names joined or apart, the article
``ال`` added or left out), then one-letter typos (``domain/name_match.py``). A later tier only
runs when the earlier ones did not fill the page, so a person whose name matched as typed is
always above one found by tolerance. Every result says how many matched in all, so a page cut
at the limit says so.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, TextClause, text
from sqlalchemy.orm import Session

from counter_app.domain.arabic import search_tokens
from counter_app.domain.digits import normalize_digits
from counter_app.domain.errors import N_, ValidationError
from counter_app.domain.identity import parse_mobile
from counter_app.domain.name_match import candidate_terms, tolerant_query, typo_terms
from counter_app.domain.receipt import ReceiptNumber
from counter_app.domain.roles import Permission
from counter_app.services.access import use_case
from counter_app.services.context import Actor, AppContext
from counter_app.store import sqlite_driver

# Every statement that reads request rows starts with _SELECT (bench/run.py tells them so).
_SELECT = (
    "SELECT r.receipt_no, r.service_code, s.name_ar AS service_name_ar, c.name, c.national_id, "
    "r.phone, r.status, r.received_at, r.due_date, r.citizen_id "
)
_JOINS = "JOIN citizens c ON c.id = r.citizen_id JOIN services s ON s.code = r.service_code "
_COLUMNS = _SELECT + "FROM requests r " + _JOINS
_BY_RECEIPT = text(_COLUMNS + "WHERE r.receipt_no = :q")
_BY_NATIONAL_ID = text(
    _COLUMNS + "WHERE r.citizen_id = (SELECT id FROM citizens WHERE national_id = :q) "
    "ORDER BY r.received_at DESC LIMIT :limit"
)
_BY_PHONE = text(_COLUMNS + "WHERE r.phone = :q ORDER BY r.received_at DESC LIMIT :limit")
# Newest matching citizens first (ids grow with time), then their requests: a common first
# name matches a large share of all citizens, so never sort the whole match set. The citizens
# are read once (up to the count's cap) and serve both the page and the count: matching a
# common prefix (محمد*) is the expensive part, and it is done once.
_NAME_IDS = text(
    "SELECT rowid FROM citizen_name_fts WHERE citizen_name_fts MATCH :q "
    "AND rowid NOT IN (SELECT value FROM json_each(:seen)) ORDER BY rowid DESC LIMIT :n"
)
# A one-letter word while the clerk types ("محمد ا"): FTS5 indexes prefixes of two and three
# letters, so a one-letter prefix merges the lists of every indexed word starting with that
# letter (40 ms on a million requests for a common one). When that letter is common, the
# newest citizens matching the other words carry it soon: the first :scan of them are read
# (names included) and each says whether one of its words starts with the letter (LIKE on the
# normalised name, whose words are split by single spaces as the FTS tokenizer splits them;
# "_" is a word character for normalize_for_search but a separator for the tokenizer). Enough
# found among them: they are exactly the FTS answer's first rows. Too few: the FTS query runs
# as before (fast then, as a rare letter has few words).
_NAME_IDS_SCAN = (
    "SELECT f.rowid, {checks} FROM citizen_name_fts f JOIN citizens c ON c.id = f.rowid "
    "WHERE citizen_name_fts MATCH :q AND f.rowid NOT IN (SELECT value FROM json_each(:seen)) "
    "ORDER BY f.rowid DESC LIMIT :scan"
)
_LETTER_CHECK = "(' ' || replace(c.name_norm, '_', ' ')) LIKE :l{i}"
_SCANS = {
    n: text(_NAME_IDS_SCAN.format(checks=" AND ".join(_LETTER_CHECK.format(i=i) for i in range(n))))
    for n in (1, 2, 3)
}
SCAN_FACTOR = 8  # candidates read per citizen wanted before the FTS query is asked instead
# The page is chosen on the index (citizen_id, received_at) alone (migration 0016), and only
# its rows are read from the tables: the matching citizens' other requests are never fetched.
_BY_NAME = text(
    _SELECT
    + "FROM (SELECT id FROM requests WHERE citizen_id IN (SELECT value FROM json_each(:ids)) "
    "ORDER BY received_at DESC LIMIT :limit) AS page JOIN requests r ON r.id = page.id "
    + _JOINS
    + "ORDER BY r.received_at DESC"
)
# How many requests matched in all, counted up to :cap + 1 only: past the cap the clerk needs
# only "more than N; narrow the search", and counting every request of a common first name
# would cost more than the search. Not asked when more than :cap citizens matched: each has a
# request (a citizen is added by the intake of one, and requests are never deleted or moved to
# another citizen), so more than :cap requests matched.
_COUNT_NAME = text(
    "SELECT count(*) FROM (SELECT 1 FROM requests "
    "WHERE citizen_id IN (SELECT value FROM json_each(:ids)) LIMIT :cap + 1)"
)
_COUNT = {
    "receipt": text("SELECT count(*) FROM requests WHERE receipt_no = :q"),
    "national_id": text(
        "SELECT count(*) FROM requests "
        "WHERE citizen_id = (SELECT id FROM citizens WHERE national_id = :q)"
    ),
    "phone": text("SELECT count(*) FROM requests WHERE phone = :q"),
}
_KNOWN_TERMS = text("SELECT term FROM name_terms WHERE term IN (SELECT value FROM json_each(:t))")
_SEPARATORS = re.compile(r"[\s\-.()]+")
MAX_QUERY = 200
# The lookup screen (F4) asks for this many rows; bench/run.py times name search at it.
SCREEN_LIMIT = 200
MIN_COUNT_CAP = 100  # a cut page counts matches up to twice its size, and at least this many
EXACT, SPELLING, TYPO = "exact", "spelling", "typo"  # how a name hit matched, best first
# How a name hit matched, in the reader's words (tr(MATCH_WORDS[hit.match])).
MATCH_WORDS = {
    EXACT: N_("as typed"),
    SPELLING: N_("other spelling"),
    TYPO: N_("one letter different"),
}


# Not frozen: a frozen dataclass sets each field through object.__setattr__, five times the
# cost of building a slotted one, and a page of 200 is built on every key typed. Nothing
# changes a hit after the search (the screens and the CLI only read them).
@dataclass(slots=True)
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
    match: str = EXACT  # for names: exact | spelling (joined, apart, ال) | typo (one letter)


@dataclass(frozen=True)
class SearchResult:
    kind: str  # receipt | national_id | phone | name
    hits: list[SearchHit]
    total: int = 0  # requests that matched in all (hits is the first page of them)
    total_is_floor: bool = False  # more matched than were counted: "more than total"

    @property
    def cut(self) -> bool:
        return self.total > len(self.hits)


def cut_message(result: SearchResult) -> str:
    """The msgid saying a page is cut; format it with ``shown`` and ``total``."""
    if result.total_is_floor:
        return N_("Showing {shown} of more than {total}; narrow the search.")
    return N_("Showing {shown} of {total}; narrow the search.")


def _utc_time(stored: str) -> dt.datetime:
    """A stored time (naive, UTC) as an aware one: parsed with its offset written on, four
    times cheaper than parsing and then setting tzinfo (one that has an offset: as written)."""
    try:
        return dt.datetime.fromisoformat(stored + "+00:00")
    except ValueError:
        parsed = dt.datetime.fromisoformat(stored)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def hit_from_row(row: Any, match: str = EXACT) -> SearchHit:
    """A hit from a row of ``_COLUMNS`` (or any row whose first nine columns are those), read
    by position: a page of 200 rows is built on every key typed, and positions are what a
    fetched row is (no lookup by name per cell)."""
    (
        receipt_no,
        service_code,
        service_name_ar,
        name,
        national_id,
        phone,
        status,
        received,
        due,
    ) = row[:9]
    if isinstance(received, str):
        received = _utc_time(received)
    elif received.tzinfo is None:
        received = received.replace(tzinfo=dt.UTC)
    if isinstance(due, str):
        due = dt.date.fromisoformat(due)
    return SearchHit(
        receipt_no,
        service_code,
        service_name_ar,
        name,
        national_id,
        phone,
        status,
        received,
        due,
        match,
    )


def _hits(rows: Sequence[Any], match: str = EXACT) -> list[SearchHit]:
    """``hit_from_row`` for a page of this module's own statements, whose times are the stored
    text (sqlite3 and untyped ``text()`` columns give it as it is): one comprehension, no call
    and type checks per row."""
    if not rows or not isinstance(rows[0][7], str):
        return [hit_from_row(r, match) for r in rows]
    utc, day, hit = _utc_time, dt.date.fromisoformat, SearchHit
    return [
        hit(r[0], r[1], r[2], r[3], r[4], r[5], r[6], utc(r[7]), day(r[8]), match) for r in rows
    ]


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


def _fetch(conn: Connection, stmt: TextClause, params: dict[str, Any]) -> Sequence[Any]:
    """The rows of ``stmt``, run on the session's own sqlite3 connection, in its transaction:
    SQLAlchemy's compiling, cursor wrapping and Row objects cost about 0.1 ms a statement, and
    a name search sends up to eight. sqlite3 takes the same ``:name`` parameters. When
    something listens to the statements (a cursor event: logging, bench/run.py recording what
    the search sent), they go through SQLAlchemy so that it sees every one."""
    if conn.dispatch.before_cursor_execute or conn.dispatch.after_cursor_execute:
        return conn.execute(stmt, params).fetchall()
    dbapi = conn.connection.dbapi_connection
    assert isinstance(dbapi, sqlite_driver.CONNECTIONS)
    rows: Sequence[Any] = dbapi.execute(stmt.text, params).fetchall()
    return rows


def _scalar(conn: Connection, stmt: TextClause, params: dict[str, Any]) -> Any:
    return _fetch(conn, stmt, params)[0][0]


def run_search(session: Session, kind: str, key: str, limit: int) -> list[SearchHit]:
    stmt = {
        "receipt": _BY_RECEIPT,
        "national_id": _BY_NATIONAL_ID,
        "phone": _BY_PHONE,
    }[kind]  # names: name_search (tiers)
    return _hits(_fetch(session.connection(), stmt, {"q": key, "limit": limit}))


def _letters_apart(words: list[str]) -> tuple[list[str], list[str]]:
    """(words of two letters or more, one-letter words to check on the names instead), or all
    words and none when the one-letter words cannot be checked that way: no longer word to
    ask FTS for, more than three of them, or a letter that has a case or is not a letter."""
    longer = [w for w in words if len(w) > 1]
    letters = [w for w in words if len(w) == 1]
    if not longer or not letters or len(letters) > len(_SCANS):
        return words, []
    if not all(w.isalpha() and w.lower() == w.upper() for w in letters):
        return words, []
    return longer, letters


def _citizen_ids(
    conn: Connection, words: list[str], query: str, seen: list[int], n: int
) -> list[int]:
    """The newest ``n`` citizens whose name matches ``words`` (FTS ``query``), not in ``seen``."""
    longer, letters = _letters_apart(words) if words else (words, [])
    if letters:
        scan = SCAN_FACTOR * n
        params: dict[str, Any] = {"q": fts_query(longer), "seen": json.dumps(seen), "scan": scan}
        params.update({f"l{i}": f"% {letter}%" for i, letter in enumerate(letters)})
        found = _fetch(conn, _SCANS[len(letters)], params)
        ids = [int(r[0]) for r in found if r[1]]
        if len(ids) >= n or len(found) < scan:  # the first n of the FTS answer, or all of it
            return ids[:n]
    # fetchall: one call into SQLite's cursor for the page, not one per row.
    found = _fetch(conn, _NAME_IDS, {"q": query, "seen": json.dumps(seen), "n": n})
    return [r[0] for r in found]


def _tier(
    session: Session,
    query: str,
    seen: list[int],
    limit: int,
    match: str,
    words: list[str] | None = None,
) -> tuple[list[SearchHit], int, bool]:
    """One tier's hits (citizens in ``seen`` left out; it adds its own), and how many
    requests matched in all (a floor when more than twice the page did). ``words``: the
    tokens ``query`` was made of (all prefixes ANDed), when it is that simple."""
    conn = session.connection()
    cap = max(2 * limit, MIN_COUNT_CAP)
    ids = _citizen_ids(conn, words or [], query, seen, cap + 1)
    rows = _fetch(conn, _BY_NAME, {"ids": json.dumps(ids[:limit]), "limit": limit})
    seen.extend(dict.fromkeys(r[9] for r in rows))  # citizen_id, the column after the hit's
    hits = _hits(rows, match)
    if len(hits) < limit:
        return hits, len(hits), False
    if len(ids) > cap:
        return hits, cap, True
    count = int(_scalar(conn, _COUNT_NAME, {"ids": json.dumps(ids), "cap": cap}))
    return hits, min(count, cap), count > cap


def _known_terms(conn: Connection, terms: set[str]) -> set[str]:
    """Those of ``terms`` some citizen's name holds."""
    found = _fetch(conn, _KNOWN_TERMS, {"t": json.dumps(list(terms), ensure_ascii=False)})
    return {r[0] for r in found}


def name_search(session: Session, words: list[str], limit: int) -> SearchResult:
    """Exact (prefix) matches first; other spellings, then typos, only to fill the page."""
    seen: list[int] = []
    hits, total, floor = _tier(session, fts_query(words), seen, limit, EXACT, words)
    if len(hits) >= limit:
        return SearchResult("name", hits, total, floor)
    # Which of the words another spelling could use some citizen is called (in any order: the
    # statement only asks which are in the table); the typos' words only when they are asked.
    conn = session.connection()
    known = _known_terms(conn, candidate_terms(words))
    spelling = tolerant_query(words, known.__contains__, typos=False)
    if spelling is not None:
        more, count, capped = _tier(session, spelling, seen, limit - len(hits), SPELLING)
        hits += more
        total, floor = total + count, floor or capped
        if len(hits) >= limit:
            return SearchResult("name", hits, total, floor)
    # Made only now: a page the other spellings filled needs no typo query, and a query whose
    # words all are names (typed in full, as meant) has no typo to look up.
    typos = typo_terms(words, known.__contains__)
    if typos:
        known |= _known_terms(conn, typos)
    typo = tolerant_query(words, known.__contains__, typos=True)
    if typo is not None and typo != spelling:
        more, count, capped = _tier(session, typo, seen, limit - len(hits), TYPO)
        hits += more
        total, floor = total + count, floor or capped
    return SearchResult("name", hits, total, floor)


@use_case(Permission.SEARCH)
def search(ctx: AppContext, actor: Actor, query: str, *, limit: int = 50) -> SearchResult:
    kind, key = classify(query)
    limit = max(1, min(limit, 500))
    with ctx.store.read() as session:
        if kind == "name":
            return name_search(session, search_tokens(query), limit)
        hits = run_search(session, kind, key, limit)
        total = len(hits)
        if total >= limit:
            total = int(_scalar(session.connection(), _COUNT[kind], {"q": key}))
        return SearchResult(kind, hits, total)
