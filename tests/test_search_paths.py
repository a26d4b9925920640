"""The name search's two ways to its SQL give the same answers: the session's sqlite3
connection (the lookup screen's path) and SQLAlchemy's, taken when a cursor listener watches
the statements (bench/run.py records them so). And the words each tier's query may use are
all looked up beforehand."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import event

from counter_app.domain.arabic import search_tokens
from counter_app.domain.name_match import (
    candidate_terms,
    one_letter_variants,
    tolerant_query,
    typo_terms,
)
from counter_app.services.search import SearchResult, hit_from_row, search
from tests.conftest import Station
from tests.test_search_tolerant import PEOPLE, people  # noqa: F401 (a fixture)

QUERIES = [
    "سامر الخطيب",  # as typed, then the article left out (خطيب)
    "محمد سامر خطيب",  # as typed, then the article added
    "نورالهدى الخطيب",  # a compound name joined
    "سهيل عيسى العجلامي",  # a typo
    "محمد ابوبكر",
    "مح سا",  # half-typed
    "محمد ا",  # a one-letter word
    "علي حسن شامي",
]


def _search_watched(station: Station, query: str, limit: int) -> tuple[SearchResult, list[str]]:
    statements: list[str] = []

    def listener(*args: Any) -> None:
        statements.append(args[2])

    engine = station.ctx.store.engine
    event.listen(engine, "before_cursor_execute", listener)
    try:
        return search(station.ctx, station.admin, query, limit=limit), statements
    finally:
        event.remove(engine, "before_cursor_execute", listener)


@pytest.mark.parametrize("limit", [1, 2, 50])
def test_a_watched_search_answers_as_the_screens(
    station: Station,
    people: dict[str, str],  # noqa: F811
    limit: int,
) -> None:
    matches = set()
    for query in QUERIES:
        plain = search(station.ctx, station.admin, query, limit=limit)
        watched, statements = _search_watched(station, query, limit)
        assert watched == plain, query
        assert any("citizen_name_fts" in s for s in statements), query
        matches |= {h.match for h in plain.hits}
    assert matches == {"exact", "spelling", "typo"}
    assert search(station.ctx, station.admin, "سامر الخطيب", limit=1).cut


def test_the_other_spellings_use_only_words_looked_up(
    people: dict[str, str],  # noqa: F811
) -> None:
    for query in [*QUERIES, *PEOPLE.values(), "ابو بكر الحلبي", "عبد الله", "ام كلثوم"]:
        words = search_tokens(query)
        asked: set[str] = set()

        def known(word: str, asked: set[str] = asked) -> bool:
            asked.add(word)
            return True  # every reading is made, every word asked

        tolerant_query(words, known, typos=False)
        assert asked <= candidate_terms(words), query


def test_typo_terms_only_for_words_no_name_holds() -> None:
    words = ["سهيل", "عيسى", "العجلامي"]
    names = {"سهيل", "عيسى"}
    assert typo_terms(words, names.__contains__) == {
        v for v in one_letter_variants("العجلامي") if not v.startswith("العجلامي")
    }
    assert typo_terms(words, lambda w: True) == set()
    assert typo_terms(["ab", "cde"], lambda w: False) == {
        v for v in one_letter_variants("cde") if not v.startswith("cde")
    }


def test_a_half_typed_word_does_not_bring_the_names_it_begins(
    station: Station,
    people: dict[str, str],  # noqa: F811
) -> None:
    names = {"سالم", "سلمى", "سامر"}
    query = tolerant_query(["سلم", "سامر"], names.__contains__, typos=True)
    assert query is not None and '"سالم"' in query and '"سلمى"' not in query
    # محمد's people are found as typed (a prefix), above any typo.
    found = [(h.national_id, h.match) for h in search(station.ctx, station.admin, "محم سامر").hits]
    assert ("01000000005", "exact") in found and ("01000000004", "exact") in found


def test_a_hit_reads_stored_times_with_or_without_an_offset() -> None:
    row = ("R", "S", "خدمة", "اسم", "01000000001", None, "received")
    utc = dt.datetime(2026, 12, 6, 11, 52, 27, 225907, tzinfo=dt.UTC)
    for stored in (
        "2026-12-06 11:52:27.225907",
        "2026-12-06 11:52:27.225907+00:00",
        "2026-12-06 13:52:27.225907+02:00",
        dt.datetime(2026, 12, 6, 11, 52, 27, 225907),
        utc,
    ):
        hit = hit_from_row((*row, stored, "2026-12-28"))
        assert hit.received_at == utc and hit.received_at.tzinfo is not None, stored
        assert hit.due_date == dt.date(2026, 12, 28)
