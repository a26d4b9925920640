"""Why an HQ change was not applied reads in the reader's language (issue 12 follow-up of the
"English inside Arabic output" item): `quarantine --lang ar` printed pull.py's English reasons."""

from __future__ import annotations

import json

from counter_app.services.sync_state import state_row
from counter_app.sync.client import HqRefused
from counter_app.sync.pull import CURSOR_AHEAD, PullStats, _apply, _reset_cursor
from counter_protocol.wire import Change
from tests.conftest import Station, run_cli
from tests.sync.test_attachments import new_request

_LATIN = "abcdefghijklmnopqrstuvwxyz"


def _step(seq: int, **payload: object) -> Change:
    return Change(seq=seq, kind="status_event", payload={"uuid": f"ev-{seq}", **payload})


def _problems(station: Station) -> str:
    receipt = new_request(station)
    stats = PullStats()
    with station.ctx.store.write() as session:
        for change in (
            _step(1, receipt_no="MZH-02-999999-X", status="ready"),  # no such request here
            _step(2, receipt_no=receipt, status="delivered"),  # submitted -> delivered
            _step(3, receipt_no=receipt, status="lost"),  # no such status
            _step(4, receipt_no=receipt, status="ready", at="yesterday"),
            Change(seq=5, kind="catalog", payload={}),
        ):
            _apply(station.ctx, session, change, stats)
        state_row(session).pull_cursor = 9
    assert stats.problems == 5
    _reset_cursor(station.ctx, 9, HqRefused(409, CURSOR_AHEAD, "cursor beyond the feed"))
    return receipt


def test_pull_problems_are_worded_in_arabic(station: Station) -> None:
    receipt = _problems(station)
    ar = run_cli("quarantine", "--as", "clerk1", "--lang", "ar")
    assert ar.code == 0, ar.err
    lines = ar.out.splitlines()[2:]
    assert len(lines) == 6
    reasons = "\n".join(lines)
    assert "لا يمكن نقل الطلب من الحالة" in reasons
    for english in ("HQ", "request", "status", "cursor", "catalog", "cannot", "submitted"):
        assert english not in reasons, (english, reasons)
    # What is left in Latin letters is data: the receipt number, HQ's unknown words.
    latin = {w for w in reasons.replace("\u2066", " ").replace("\u2069", " ").split()}
    leftover = {w for w in latin if any(c in _LATIN for c in w.lower())}
    assert leftover <= {receipt, "MZH-02-999999-X", "lost", "yesterday"}, leftover


def test_pull_problems_in_english_and_json(station: Station) -> None:
    _problems(station)
    en = run_cli("quarantine", "--as", "clerk1", "--lang", "en")
    assert "No request at this station matches HQ's status change for MZH-02-999999-X" in en.out
    assert "A request that is Submitted cannot become Delivered" in en.out
    assert "HQ's catalog update carries no catalog" in en.out
    listed = json.loads(run_cli("quarantine", "--as", "clerk1", "--json").out)
    reasons = [e["reason"] for e in listed]
    assert "HQ's change carries a time that cannot be read: yesterday" in reasons
    assert any(
        r.startswith("HQ's changes do not go on from this station's cursor 9") for r in reasons
    )
