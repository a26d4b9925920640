"""Search a clerk trusts: compound names joined or apart, the article optional, one-letter
typos, always below the names that matched as typed; a cut list says so (issue 12)."""

from __future__ import annotations

import json

import pytest

from counter_app.domain.name_match import one_letter_variants, segmentations
from counter_app.services.intake import submit_request
from counter_app.services.search import search
from tests.conftest import Station, run_cli
from tests.test_intake import _intake

PEOPLE = {
    "01000000001": "نور الهدى سامر الخطيب",
    "01000000002": "محمد أبو بكر الحلبي",
    "01000000003": "سهيل عيسى العجلاني",
    "01000000004": "محمد سامر خطيب",  # a real family name without the article
    "01000000005": "محمد سامر الخطيب",
    "01000000006": "علي حسن الشامي",
    "01000000007": "أحمد سامر الخطيب",
    "01000000008": "نورالدين حسن المصري",
}


@pytest.fixture
def people(station: Station) -> dict[str, str]:
    for nid, name in PEOPLE.items():
        submit_request(station.ctx, station.clerk, _intake(station, national_id=nid, name=name))
        station.clock.advance(minutes=1)
    return {name: nid for nid, name in PEOPLE.items()}


def _found(station: Station, query: str) -> list[tuple[str, str]]:
    return [(h.national_id, h.match) for h in search(station.ctx, station.admin, query).hits]


def test_a_compound_name_is_found_joined_or_apart(station: Station, people: dict[str, str]) -> None:
    # The old search found neither: "نورالهدى" is one word, the store holds two.
    assert _found(station, "نورالهدى الخطيب") == [("01000000001", "spelling")]
    assert _found(station, "محمد ابوبكر") == [("01000000002", "spelling")]
    assert _found(station, "نور الدين المصري") == [("01000000008", "spelling")]


def test_the_article_is_optional(station: Station, people: dict[str, str]) -> None:
    assert ("01000000006", "spelling") in _found(station, "علي حسن شامي")
    assert ("01000000006", "spelling") in _found(station, "علي الحسن الشامي")


def test_one_letter_typos_are_found_in_names_of_four_letters(
    station: Station, people: dict[str, str]
) -> None:
    for typed in ("سهيل عيسى العجلامي", "سهيل عيسى العجلاتي", "سيل عيسى العجلاني"):
        assert _found(station, typed) == [("01000000003", "typo")], typed
    assert _found(station, "سهيل عيسى العجالني") == [("01000000003", "typo")]  # swapped
    assert _found(station, "علا حسن الشامي") == []  # three letters: too short to guess
    assert all(len(v) >= 4 for v in one_letter_variants("سيل"))


def test_exact_matches_always_rank_above_tolerant_ones(
    station: Station, people: dict[str, str]
) -> None:
    found = _found(station, "محمد سامر خطيب")
    assert found[0] == ("01000000004", "exact")  # the person named as typed comes first
    assert ("01000000005", "spelling") in found
    assert [m for _, m in found] == sorted((m for _, m in found), key=["exact", "spelling"].index)


def test_a_real_name_is_not_widened_to_its_neighbours(
    station: Station, people: dict[str, str]
) -> None:
    # أحمد and محمد are one letter apart, and both are names people have: no widening.
    assert _found(station, "احمد سامر الخطيب") == [("01000000007", "exact")]


def test_a_cut_list_says_how_many_matched(station: Station, people: dict[str, str]) -> None:
    result = search(station.ctx, station.admin, "محمد", limit=2)
    assert len(result.hits) == 2 and result.total == 3 and result.cut
    assert not search(station.ctx, station.admin, "سهيل").cut
    db = str(station.ctx.store.path)
    shown = run_cli("--db", db, "--lang", "en", "search", "--as", "clerk1", "محمد", "--limit", "2")
    assert shown.code == 0, shown.err
    assert "Showing 2 of 3; narrow the search." in shown.out
    data = json.loads(
        run_cli("--db", db, "search", "--as", "clerk1", "محمد", "--limit", "2", "--json").out
    )
    assert data["total"] == 3 and len(data["hits"]) == 2
    whole = run_cli("--db", db, "--lang", "en", "search", "--as", "clerk1", "محمد")
    assert "narrow the search" not in whole.out
    typo = run_cli("--db", db, "--lang", "en", "search", "--as", "clerk1", "سيل عيسى العجلاني")
    assert "one letter different" in typo.out


def test_segmentations_keep_the_literal_reading_first() -> None:
    def known(word: str) -> bool:
        return word in {"نور", "الهدى", "ابو", "بكر"}

    assert segmentations(["نورالهدى", "ابوبكر"], known)[0] == ["نورالهدى", "ابوبكر"]
    assert ["نور", "الهدى", "ابو", "بكر"] in segmentations(["نورالهدى", "ابوبكر"], known)
