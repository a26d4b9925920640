"""Rebuilding request_milestones from the history (`counter-app db rebuild-milestones`).

The reports count from request_milestones, which triggers keep; `db check` compares it with
the history (store/milestones.py). When the check finds a row that disagrees (a hand edit, a
damaged page restored, a trigger dropped), an administrator recomputes the whole table from
the requests and their steps: one transaction, with an audit row saying who did it and how many
rows differed before.
"""

from __future__ import annotations

from counter_app.domain.roles import Permission
from counter_app.services.access import use_case
from counter_app.services.audit import append_audit
from counter_app.services.context import Actor, AppContext
from counter_app.store.milestones import milestone_mismatches, rebuild


@use_case(Permission.MANAGE_DATABASE)
def rebuild_milestones(ctx: AppContext, actor: Actor) -> dict[str, int]:
    """Recompute every milestone row; the rows written and how many disagreed before."""
    actor.require(Permission.MANAGE_DATABASE)
    with ctx.store.write() as session:
        conn = session.connection()
        found = {"wrong": 0, "orphan": 0}
        for kind, _ in milestone_mismatches(conn):
            found[kind] += 1
        rows = rebuild(conn)
        result = {"rows": rows, "wrong_before": found["wrong"], "orphans_before": found["orphan"]}
        append_audit(
            session,
            at=ctx.clock(),
            user_id=actor.user_id,
            username=actor.username,
            station=ctx.station(session).label,
            action="db.rebuild_milestones",
            entity="request_milestones",
            entity_ref="all",
            details=result,
        )
    return result


__all__ = ["rebuild_milestones"]
