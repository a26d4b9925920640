"""Handing a finished request to the citizen, or to a proxy whose identity is recorded."""

from __future__ import annotations

from sqlalchemy import select

from counter_app.domain.arabic import parse_person_name
from counter_app.domain.errors import N_, Conflict, ValidationError
from counter_app.domain.identity import parse_national_id
from counter_app.domain.roles import Permission
from counter_app.domain.status import Status
from counter_app.services.access import use_case
from counter_app.services.context import Actor, AppContext
from counter_app.services.requests import (
    RequestView,
    append_status_event,
    find_request,
    view_of,
)
from counter_app.store.models import Delivery

COLLECTORS = ("citizen", "proxy")


@use_case(Permission.CHANGE_STATUS)
def deliver_request(
    ctx: AppContext,
    actor: Actor,
    ref: str,
    *,
    collector: str = "citizen",
    proxy_name: str | None = None,
    proxy_national_id: str | None = None,
) -> RequestView:
    """Mark a ready request delivered, with who took it (one transaction)."""
    actor.require(Permission.CHANGE_STATUS)
    if collector not in COLLECTORS:
        raise ValidationError(
            N_("Unknown collector {value}; use one of: {allowed}"),
            field="collector",
            value=collector[:20],
            allowed=", ".join(COLLECTORS),
        )
    name = nid = None
    if collector == "proxy":
        problems: list[ValidationError] = []
        try:
            name = parse_person_name(proxy_name or "", field="proxy_name")
        except ValidationError as exc:
            problems.append(exc)
        try:
            nid = parse_national_id(proxy_national_id or "", field="proxy_national_id")
        except ValidationError as exc:
            problems.append(exc)
        if problems:
            raise ValidationError(
                N_("The proxy's name and national number are required"), problems=problems
            )
    with ctx.store.write() as session:
        req = find_request(session, ref)
        if req.status != Status.READY.value:
            raise Conflict(
                N_("Only a ready request can be handed over; this one is {status}"),
                status=req.status,
            )
        if session.execute(select(Delivery.id).where(Delivery.request_id == req.id)).first():
            raise Conflict(N_("This request was already handed over"))
        reason = None
        details: dict[str, str] = {"collector": collector}
        if collector == "proxy" and name and nid:
            reason = f"{name} ({nid})"
            details.update(proxy_name=name, proxy_national_id=nid)
        event = append_status_event(
            ctx, session, actor, req, Status.DELIVERED, reason, details=details
        )
        session.add(
            Delivery(
                request_id=req.id,
                event_uuid=event.uuid,
                collector=collector,
                proxy_name=name,
                proxy_national_id=nid,
                at=event.at,
                user_id=actor.user_id,
            )
        )
        session.flush()
        return view_of(session, req)
