"""Publishing a catalog at HQ: validated whole first, versions only move forward, and a station
pulls it (only the stations of the center it was published to)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from counter_app.paths import resources_dir
from counter_hq.catalogs import publish_catalog
from counter_hq.errors import ConflictError, Invalid, NotFoundError
from tests.hq.conftest import HQ, StationClient

SHIPPED = resources_dir() / "catalog" / "catalog.json"


def _catalog(version: str, **changes: Any) -> bytes:
    data = json.loads(SHIPPED.read_bytes())
    data["version"] = version
    data.update(changes)
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def _changes(station: StationClient) -> list[dict[str, Any]]:
    body = station.get("/changes", params={"cursor": 0}).json()
    return [c for c in body["changes"] if c["kind"] == "catalog"]


def test_publish_then_every_station_pulls_it(hq: HQ, mzh1: StationClient) -> None:
    sal = hq.station("SAL", 1)
    with hq.sessions() as s:
        done = publish_catalog(s, _catalog("2027.1.0"), hq.clock())
    assert done.changed and done.seq is not None and done.services > 0
    for station in (mzh1, sal):
        [change] = _changes(station)
        assert change["payload"]["version"] == "2027.1.0"
        assert change["payload"]["sha256"] == done.sha256
    with hq.sessions() as s:  # the same file again: nothing new to pull
        again = publish_catalog(s, _catalog("2027.1.0"), hq.clock())
    assert not again.changed and len(_changes(mzh1)) == 1


def test_a_center_only_catalog_reaches_only_that_center(hq: HQ, mzh1: StationClient) -> None:
    sal = hq.station("SAL", 1)
    with hq.sessions() as s:
        publish_catalog(s, _catalog("2027.2.0"), hq.clock(), center="sal")
    assert _changes(mzh1) == [] and len(_changes(sal)) == 1


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        (b"{not json", Invalid),
        (json.dumps({"version": "2027.1.0", "services": "none"}).encode(), Invalid),
        (b"x" * (3 * 1024 * 1024), Invalid),
    ],
)
def test_a_bad_catalog_is_refused_and_nothing_is_published(
    hq: HQ, mzh1: StationClient, raw: bytes, error: type[Exception]
) -> None:
    with hq.sessions() as s, pytest.raises(error):
        publish_catalog(s, raw, hq.clock())
    assert _changes(mzh1) == []


def test_versions_only_move_forward(hq: HQ, mzh1: StationClient) -> None:
    with hq.sessions() as s:
        publish_catalog(s, _catalog("2027.3.0"), hq.clock())
    for version in ("2027.3.0", "2027.2.9"):  # changed content, same or older version
        with hq.sessions() as s, pytest.raises(ConflictError):
            publish_catalog(s, _catalog(version, published="2027-01-01"), hq.clock())
    with hq.sessions() as s, pytest.raises(NotFoundError):
        publish_catalog(s, _catalog("2027.4.0"), hq.clock(), center="XXX")
    assert [c["payload"]["version"] for c in _changes(mzh1)] == ["2027.3.0"]
