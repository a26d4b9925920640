"""A document kind's printer and paper settings are saved one at a time, in either order; a pair
that could not print (sheet paper on a thermal roll printer) is refused when it is saved, with
the message printing gives, and nothing stored changes."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from counter_app.domain.errors import ValidationError
from counter_app.services.settings import get_settings, set_setting, set_settings
from counter_app.store.models import AuditEntry
from tests.conftest import CliResult, Station, run_cli

THERMAL = "escpos:tcp://192.168.1.50:9100"


def _audit_rows(station: Station) -> int:
    with station.ctx.store.read() as session:
        return session.execute(select(func.count()).select_from(AuditEntry)).scalar_one()


def _refused(station: Station, name: str, value: str) -> str:
    before, audited = get_settings(station.ctx, station.admin), _audit_rows(station)
    with pytest.raises(ValidationError) as refused:
        set_setting(station.ctx, station.admin, name, value)
    assert get_settings(station.ctx, station.admin) == before and _audit_rows(station) == audited
    return refused.value.render()


def test_a_thermal_printer_for_a_sheet_document_is_refused(station: Station) -> None:
    assert get_settings(station.ctx, station.admin)["paper.cover"] == "a4"  # the default
    message = _refused(station, "printer.cover", THERMAL)
    assert message.startswith("A thermal printer prints only on an 80 mm roll")
    assert "A4" in message


def test_sheet_paper_for_a_document_on_a_thermal_printer_is_refused(station: Station) -> None:
    """The other order: the roll first, the thermal printer, then sheet paper."""
    set_setting(station.ctx, station.admin, "paper.cover", "80mm")
    set_setting(station.ctx, station.admin, "printer.cover", THERMAL)
    assert "A5" in _refused(station, "paper.cover", "a5")
    # Other kinds are their own pairs: a receipt on A4 through the PDF printer is fine.
    set_setting(station.ctx, station.admin, "paper.receipt", "a4")
    # Back to a sheet printer, sheet paper is accepted again.
    set_setting(station.ctx, station.admin, "printer.cover", "pdf:")
    set_setting(station.ctx, station.admin, "paper.cover", "a4")
    assert get_settings(station.ctx, station.admin)["paper.cover"] == "a4"


def test_the_cli_refuses_the_pair_in_arabic_and_changes_nothing(cli_station: CliResult) -> None:
    res = run_cli("settings", "set", "printer.handover", THERMAL, "--lang", "ar", "--as", "admin")
    assert res.code == 2 and "Traceback" not in res.err
    assert "الطابعة الحرارية لا تطبع إلا على لفافة بعرض 80 مم" in res.err, res.err
    assert (
        json.loads(run_cli("settings", "show", "--as", "clerk1", "--json").out)["printer.handover"]
        == "pdf:"
    )
    res = run_cli("settings", "set", "paper.handover", "80mm", "--as", "admin")
    assert res.code == 0, res.err
    assert run_cli("settings", "set", "printer.handover", THERMAL, "--as", "admin").code == 0
    res = run_cli("settings", "set", "paper.handover", "a4", "--lang", "en", "--as", "admin")
    assert res.code == 2 and "80 mm roll" in res.err


def test_a_printer_and_its_paper_saved_together_are_checked_as_a_pair(station: Station) -> None:
    """The settings screen saves every changed value at once: the thermal printer with its
    roll is accepted together; a bad pair among them stores none of the values."""
    before, audited = get_settings(station.ctx, station.admin), _audit_rows(station)
    with pytest.raises(ValidationError):
        set_settings(
            station.ctx,
            station.admin,
            {"ui.idle_lock_seconds": 900, "printer.handover": THERMAL, "paper.cover": "a5"},
        )
    assert get_settings(station.ctx, station.admin) == before and _audit_rows(station) == audited
    set_settings(station.ctx, station.admin, {"printer.cover": THERMAL, "paper.cover": "80mm"})
    after = get_settings(station.ctx, station.admin)
    assert (after["printer.cover"], after["paper.cover"]) == (THERMAL, "80mm")
    assert _audit_rows(station) == audited + 2
