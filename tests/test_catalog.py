"""The shipped service catalog: valid, complete against the seeds, and refused whole when bad."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from counter_app.domain.catalog import Category, catalog_json_schema, parse_catalog
from counter_app.domain.errors import ValidationError
from counter_app.paths import resources_dir
from counter_app.services.catalog import active_catalog, import_catalog
from tests.conftest import Station

CATALOG = resources_dir() / "catalog" / "catalog.json"

# Every service the two seed articles name, by its Arabic name as the articles write it.
SEED_SERVICES = {
    "GEH": [
        "بيانات الملكية",
        "مخطط معماري",
        "مخطط موقع عام",
        "تاريخ الصب",
        "مساحة مسكن",
        "حق الاستفادة",
    ],
    "MOI": [
        "السجل العدلي",
        "بيان فردي",
        "بيان عائلي",
        "بيان زواج",
        "بيان طلاق",
        "بيان ولادة",
        "بيان وفاة",
    ],
    "MOAD": ["غير عامل في الدولة", "تصديق البطاقة الذاتية"],
    "MOSAL": [
        "إشهار جمعية أهلية",
        "تعديل نظام داخلي",
        "اجتماع هيئة عامة",
        "نشاط غير مدرج",
        "نشاط طارئ",
        "خطة نشاطات سنوية",
        "استعلام عن الاسم",
        "توسط بفرصة عمل",
        "معينات حركية",
    ],
}


def _raw() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(CATALOG.read_text("utf-8"))
    return data


def test_shipped_catalog_is_valid_and_has_every_seed_service() -> None:
    cat = parse_catalog(CATALOG.read_bytes())
    for agency, names in SEED_SERVICES.items():
        assert cat.agency(agency) is not None, agency
        offered = [s.name_ar for s in cat.services if s.agency == agency]
        for name in names:
            assert any(name in o for o in offered), (agency, name)
    social = [s for s in cat.services if s.agency == "MOSAL"]
    assert len(social) == 15
    assert sum(s.category is Category.COMPLAINT for s in social) == 4
    benefit = next(s for s in cat.services if "حق الاستفادة" in s.name_ar)
    assert benefit.sla.working_days == 1 and benefit.sla.source == "seed"


def test_shipped_schema_matches_the_model() -> None:
    shipped = json.loads((CATALOG.parent / "catalog.schema.json").read_text("utf-8"))
    assert shipped == catalog_json_schema()


def _problems(raw: dict[str, Any]) -> str:
    with pytest.raises(ValidationError) as info:
        parse_catalog(json.dumps(raw))
    return info.value.render()


def test_duplicate_codes_are_refused() -> None:
    raw = _raw()
    raw["services"].append(copy.deepcopy(raw["services"][0]))
    assert "Duplicate service code" in _problems(raw)


def test_unknown_field_type_is_refused() -> None:
    raw = _raw()
    svc = next(s for s in raw["services"] if s["fields"])
    svc["fields"][0]["type"] = "colour"
    assert "fields" in _problems(raw)


def test_broken_references_are_refused() -> None:
    raw = _raw()
    raw["services"][0]["agency"] = "NOBODY"
    svc = next(s for s in raw["services"] if s["documents"])
    svc["documents"][0]["type"] = "NO-SUCH-DOC"
    text = _problems(raw)
    assert "unknown agency NOBODY" in text
    assert "unknown document type NO-SUCH-DOC" in text


@pytest.mark.parametrize(
    "raw",
    [b"\xff\xfe not json", b"[]", b'{"format": 2}', b'{"format": 1, "version": "x"}'],
)
def test_malformed_files_are_refused(raw: bytes) -> None:
    with pytest.raises(ValidationError):
        parse_catalog(raw)


def test_import_new_version_then_refuse_bad_and_older(station: Station) -> None:
    raw = _raw()
    raw["version"] = "2099.1.1"
    raw["services"][0]["name_en"] = "Renamed service"
    result = import_catalog(station.ctx, station.admin, json.dumps(raw).encode())
    assert result.changed and result.version == "2099.1.1"
    assert active_catalog(station.ctx).services[0].name_en == "Renamed service"
    bad = copy.deepcopy(raw)
    bad["version"] = "2099.2.1"
    bad["services"][1]["agency"] = "NOBODY"
    with pytest.raises(ValidationError):
        import_catalog(station.ctx, station.admin, json.dumps(bad).encode())
    assert active_catalog(station.ctx).version == "2099.1.1"
    from counter_app.domain.errors import Conflict

    with pytest.raises(Conflict, match="older"):
        import_catalog(station.ctx, station.admin, CATALOG.read_bytes())
