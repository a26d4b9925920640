from __future__ import annotations

from fastapi import APIRouter

from counter_hq.api.deps import CallerDep, NowDep
from counter_hq.audit_tips import report_tip
from counter_protocol.wire import AuditTipAnswer, AuditTipReport

router = APIRouter(tags=["audit"])


@router.post("/audit-tip", response_model=AuditTipAnswer)
def audit_tip(report: AuditTipReport, caller: CallerDep, now: NowDep) -> AuditTipAnswer:
    """The station's newest audit row (id, hash) after a sync. HQ keeps the newest tip; one
    behind it (``rewound``) or rewriting it (``forked``) flags the station. A newer tip needs
    ``anchor``, the station's hash of the row HQ holds (else ``anchor_needed``)."""
    with caller.work() as (session, station):
        return report_tip(session, station, report, now)
