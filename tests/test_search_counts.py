"""A name search's page says how many requests matched in all, counted up to twice the page:
"N of M" when the count is exact, "more than M" past it. The count is not asked when more
citizens matched than it would count to (each has a request); the answer must be the same."""

from __future__ import annotations

import pytest
from sqlalchemy import text

import counter_app.services.search as search_module
from counter_app.services.intake import IntakeInput, submit_request
from counter_app.services.search import cut_message, search
from tests.conftest import Station
from tests.test_intake import valid_fields

# (national number, name, requests): "محمد" matches four citizens and six requests.
PEOPLE = [
    ("01000000001", "محمد الخطيب", 1),
    ("01000000002", "محمد احمد الحلبي", 3),
    ("01000000003", "محمد سعيد", 1),
    ("01000000004", "احمد محمد", 1),
    ("01000000005", "سامر الخطيب", 1),
]


@pytest.fixture
def people(station: Station) -> None:
    from counter_app.services.catalog import active_catalog

    catalog = active_catalog(station.ctx)
    services = [s for s in catalog.services if not s.documents][:3] or list(catalog.services)[:3]
    for nid, name, times in PEOPLE:
        for i in range(times):
            svc = services[i % len(services)]
            docs = {d.type: "copy_kept" for d in svc.documents}
            submit_request(
                station.ctx,
                station.clerk,
                IntakeInput(svc.code, nid, name, "0933123456", valid_fields(svc), docs),
            )


def _matched(station: Station, word: str) -> int:
    """Requests whose citizen's name has a word starting with ``word``, counted in full."""
    with station.ctx.store.read() as session:
        return int(
            session.connection()
            .execute(
                text(
                    "SELECT count(*) FROM requests WHERE citizen_id IN (SELECT rowid FROM "
                    "citizen_name_fts WHERE citizen_name_fts MATCH :q)"
                ),
                {"q": f'"{word}"*'},
            )
            .scalar_one()
        )


@pytest.mark.parametrize("word", ["محمد", "محم", "الخطيب", "احمد"])
@pytest.mark.parametrize("limit", [1, 2, 3])
@pytest.mark.parametrize("min_cap", [1, 3, 5, 100])
def test_the_count_is_exact_up_to_the_cap(
    station: Station,
    people: None,
    word: str,
    limit: int,
    min_cap: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(search_module, "MIN_COUNT_CAP", min_cap)
    cap = max(2 * limit, min_cap)
    matched = _matched(station, word)
    result = search(station.ctx, station.admin, word, limit=limit)
    assert len(result.hits) == min(limit, matched)
    assert all(h.match == "exact" for h in result.hits)
    assert (result.total, result.total_is_floor) == (min(matched, cap), matched > cap)
    if result.cut:
        said = cut_message(result).format(shown=len(result.hits), total=result.total)
        assert ("more than" in said) == (matched > cap)


def test_the_page_is_the_newest_requests_of_the_matching_citizens(
    station: Station, people: None
) -> None:
    with station.ctx.store.read() as session:
        newest = list(
            session.connection().execute(
                text(
                    "SELECT receipt_no, received_at FROM requests WHERE citizen_id IN (SELECT "
                    "rowid FROM citizen_name_fts WHERE citizen_name_fts MATCH '\"محمد\"*') "
                    "ORDER BY received_at DESC"
                )
            )
        )
    result = search(station.ctx, station.admin, "محمد", limit=4)
    times = [h.received_at.replace(tzinfo=None).isoformat(" ") for h in result.hits]
    assert times == sorted(times, reverse=True)
    # Requests taken at the same time may come in any order between them (the test clock
    # stands still): the page holds the four newest times, each of a matching request.
    assert sorted(times) == sorted(str(t)[: len(times[0])] for _, t in newest[:4])
    assert {h.receipt_no for h in result.hits} <= {r for r, _ in newest}
