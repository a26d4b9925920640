"""A one-letter word typed after a name ("محمد ا") is checked on the names of the newest
citizens matching the other words, instead of asking FTS for every word starting with that
letter: the answer must be the FTS answer, row for row, whichever way it was found."""

from __future__ import annotations

import pytest

import counter_app.services.search as search_module
from counter_app.services.intake import IntakeInput, submit_request
from counter_app.services.search import _letters_apart, search
from tests.conftest import Station
from tests.test_intake import valid_fields

NAMES = [
    "محمد الخطيب",
    "محمد احمد الحلبي",
    "محمد_امين الشامي",  # "_" splits words for the FTS tokenizer
    "محمد سعيد",
    "محمود المصري",
    "احمد محمد",
    "فاطمة محمد الأحمد",
    "Mohammad Ali",
    "محمد ظافر",
    "محمد اياد",
]


@pytest.fixture
def people(station: Station) -> None:
    from counter_app.services.catalog import active_catalog

    svc = active_catalog(station.ctx).service("MOI-INDIVIDUAL-STATEMENT")
    assert svc is not None
    docs = {d.type: "copy_kept" for d in svc.documents}
    for i, name in enumerate(NAMES):
        submit_request(
            station.ctx,
            station.clerk,
            IntakeInput(svc.code, f"0{i + 1:010d}", name, "0933123456", valid_fields(svc), docs),
        )


def _answer(station: Station, query: str, limit: int) -> tuple[list[tuple[str, str]], int, bool]:
    result = search(station.ctx, station.admin, query, limit=limit)
    return [(h.receipt_no, h.match) for h in result.hits], result.total, result.total_is_floor


def test_words_apart() -> None:
    assert _letters_apart(["محمد", "ا"]) == (["محمد"], ["ا"])
    assert _letters_apart(["ا", "محمد", "خ"]) == (["محمد"], ["ا", "خ"])
    assert _letters_apart(["محمد", "الخ"]) == (["محمد", "الخ"], [])
    assert _letters_apart(["م", "ا"]) == (["م", "ا"], [])  # nothing longer to ask FTS for
    assert _letters_apart(["mohammad", "a"]) == (["mohammad", "a"], [])  # a letter with a case
    assert _letters_apart(["محمد", "5"]) == (["محمد", "5"], [])  # not a letter


@pytest.mark.parametrize("query", ["محمد ا", "ظ محمد", "محمد ا ح"])
@pytest.mark.parametrize("limit", [1, 50])
@pytest.mark.parametrize(
    ("factor", "min_cap"),
    [
        (search_module.SCAN_FACTOR, search_module.MIN_COUNT_CAP),  # all candidates read
        (0, search_module.MIN_COUNT_CAP),  # none read: FTS asked after all
        (1, 1),  # a few read: enough of them match, or FTS is asked
        (2, 1),
    ],
)
def test_one_letter_words_give_the_fts_answer(
    station: Station,
    people: None,
    query: str,
    limit: int,
    factor: int,
    min_cap: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(search_module, "MIN_COUNT_CAP", min_cap)
    with monkeypatch.context() as m:
        # The same search with FTS asked for every word, letters included.
        m.setattr(search_module, "_letters_apart", lambda words: (words, []))
        by_fts = _answer(station, query, limit)
    monkeypatch.setattr(search_module, "SCAN_FACTOR", factor)
    assert _answer(station, query, limit) == by_fts


def test_one_letter_word_finds_what_it_should(station: Station, people: None) -> None:
    result = search(station.ctx, station.admin, "محمد ا", limit=50)
    names = {h.name for h in result.hits if h.match == "exact"}
    assert "محمد الخطيب" in names and "محمد_امين الشامي" in names and "محمد اياد" in names
    assert "محمد سعيد" not in names and "محمد ظافر" not in names
