"""`counter-app status` says when the database is marked damaged (exit 1) and what HQ last said
of this station's audit log (issue 12 follow-up of items 7 and 8): it said neither."""

from __future__ import annotations

import json

from counter_app.paths import AppPaths
from counter_app.services.context import AppContext
from counter_app.store.integrity import marker_path
from counter_app.store.models import SyncState
from counter_app.sync.audit_tip import _keep
from counter_protocol.wire import AuditTip, AuditTipAnswer, AuditTipStatus
from tests.conftest import CliResult, run_cli

HASH = "ab" * 32


def _answer(status: AuditTipStatus, flagged: AuditTipStatus | None = None) -> AuditTipAnswer:
    return AuditTipAnswer(status=status, held=AuditTip(seq=7, hash=HASH), flagged=flagged)


def _keep_answer(answer: AuditTipAnswer) -> None:
    ctx = AppContext.open(AppPaths.default())
    try:
        with ctx.store.write() as session:
            if session.get(SyncState, 1) is None:
                session.add(SyncState(id=1, pull_cursor=0))
        _keep(ctx, answer)
    finally:
        ctx.close()


def test_a_damaged_database_is_said_and_fails_status(cli_station: CliResult) -> None:
    assert run_cli("status").code == 0
    marker_path(AppPaths.default().database).write_text(
        json.dumps({"at": "2026-12-06T10:00:00+00:00", "detail": "page 7 is never used"})
    )
    en = run_cli("status", "--lang", "en")
    assert en.code == 1, en.err
    assert "Database damaged since  2026-12-06 13:00" in en.out  # Damascus time
    assert "counter-app db restore" in en.out
    ar = run_cli("status", "--lang", "ar")
    assert ar.code == 1
    assert "قاعدة البيانات تالفة منذ" in ar.out and "تالفة" in ar.out
    assert "is damaged" not in ar.out and "Database damaged" not in ar.out
    as_json = run_cli("status", "--json")
    assert as_json.code == 1
    assert json.loads(as_json.out)["damaged"]["at"].startswith("2026-12-06T10:00")


def test_hq_audit_flag_is_kept_and_shown_until_hq_accepts(cli_station: CliResult) -> None:
    assert "Audit log at HQ" not in run_cli("status").out
    _keep_answer(_answer(AuditTipStatus.REWOUND))
    en = run_cli("status", "--lang", "en")
    assert en.code == 0
    assert "cut short: audit rows were removed" in en.out
    ar = run_cli("status", "--lang", "ar")
    assert "سجل التدقيق لدى الإدارة المركزية" in ar.out and "Audit" not in ar.out
    # A clean report while HQ's standing flag remains: still said.
    _keep_answer(_answer(AuditTipStatus.ACCEPTED, flagged=AuditTipStatus.FORKED))
    assert "rewritten: the chain here differs" in run_cli("status").out
    _keep_answer(_answer(AuditTipStatus.ACCEPTED))  # an operator at HQ cleared it
    assert "Audit log at HQ" not in run_cli("status").out
