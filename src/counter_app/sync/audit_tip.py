"""The audit chain's tip goes to HQ after each push, so the chain is anchored outside the file.

HQ keeps the newest tip (row id, hash) of each station and judges every report against it
(counter_hq/audit_tips.py): a tip behind it means audit rows were removed here, another hash
for a row it holds means the chain was rewritten. The tip HQ accepted is also kept in
``sync_state`` for ``db check``, which then notices the same locally.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text

from counter_app.domain.audit import GENESIS_HASH
from counter_app.services.context import AppContext
from counter_app.services.station_identity import retire
from counter_app.store.models import SyncState
from counter_app.sync.client import HqClient, HqRefused
from counter_protocol.wire import AuditTip, AuditTipAnswer, AuditTipReport, AuditTipStatus

_TIP = text("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")
_AT = text("SELECT hash FROM audit_log WHERE id = :id")
BAD = (AuditTipStatus.REWOUND, AuditTipStatus.FORKED)


@dataclass(frozen=True)
class TipOutcome:
    """What HQ said of this station's audit tip (``status`` None: HQ takes no tips)."""

    seq: int
    status: str | None
    held_seq: int | None = None
    flagged: str | None = None

    @property
    def ok(self) -> bool:
        return self.status not in BAD and self.flagged is None


def _hash_at(ctx: AppContext, seq: int) -> str:
    with ctx.store.read() as session:
        found = session.execute(_AT, {"id": seq}).scalar_one_or_none()
    # A row gone from the middle proves nothing to HQ: the genesis hash never matches.
    return str(found) if found else GENESIS_HASH


def report_tip(ctx: AppContext, client: HqClient) -> TipOutcome | None:
    """Report the newest audit row; None when the log is empty."""
    with ctx.store.read() as session:
        tip = session.execute(_TIP).first()
        state = session.get(SyncState, 1)
        known = state.hq_audit_seq if state else None
    if tip is None:
        return None
    mine = AuditTip(seq=int(tip[0]), hash=str(tip[1]))
    anchor = AuditTip(seq=known, hash=_hash_at(ctx, known)) if known else None
    try:
        answer = client.audit_tip(AuditTipReport(tip=mine, anchor=anchor))
        if answer.status is AuditTipStatus.ANCHOR_NEEDED and answer.held is not None:
            anchor = AuditTip(seq=answer.held.seq, hash=_hash_at(ctx, answer.held.seq))
            answer = client.audit_tip(AuditTipReport(tip=mine, anchor=anchor))
    except HqRefused as exc:
        if exc.status == 404:  # an HQ older than tip anchoring
            return TipOutcome(mine.seq, None)
        raise
    _keep(ctx, answer)
    return TipOutcome(
        mine.seq,
        answer.status.value,
        answer.held.seq if answer.held else None,
        answer.flagged.value if answer.flagged else None,
    )


def _keep(ctx: AppContext, answer: AuditTipAnswer) -> None:
    accepted = answer.status is AuditTipStatus.ACCEPTED and answer.held is not None
    flag = answer.status.value if answer.status in BAD else None
    flag = flag or (answer.flagged.value if answer.flagged else None)
    with ctx.store.write() as session:
        state = session.get(SyncState, 1)
        if state is None:
            return
        if state.hq_audit_flag != flag:  # kept for `status` between syncs
            state.hq_audit_flag = flag
        if accepted and answer.held is not None:
            state.hq_audit_seq, state.hq_audit_hash = answer.held.seq, answer.held.hash
        if answer.status in BAD:  # an older or other copy of the database: it may number again
            retire(session, answer.status.value, ctx.clock(), f"audit tip {answer.status.value}")
