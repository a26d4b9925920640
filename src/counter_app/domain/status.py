"""Request statuses and the transitions between them.

The current status is derived from append-only events; this module only says which next event
is legal. HQ's agencies produce most steps (forwarded .. ready); the counter submits, hands
over (delivered) and cancels.
"""

from __future__ import annotations

from enum import StrEnum

from counter_app.domain.errors import N_, Conflict, ValidationError


class Status(StrEnum):
    SUBMITTED = "submitted"
    FORWARDED = "forwarded"
    IN_PROGRESS = "in_progress"
    NEEDS_INFO = "needs_info"
    READY = "ready"
    DELIVERED = "delivered"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


OPEN_STATUSES = frozenset(
    {Status.SUBMITTED, Status.FORWARDED, Status.IN_PROGRESS, Status.NEEDS_INFO}
)
FINAL_STATUSES = frozenset({Status.DELIVERED, Status.REJECTED, Status.CANCELLED})
# A person must say why: the citizen will ask.
NEEDS_REASON = frozenset({Status.NEEDS_INFO, Status.REJECTED, Status.CANCELLED})

_CLOSE = {Status.REJECTED, Status.CANCELLED}
TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.SUBMITTED: frozenset(
        {Status.FORWARDED, Status.IN_PROGRESS, Status.NEEDS_INFO, Status.READY, *_CLOSE}
    ),
    Status.FORWARDED: frozenset({Status.IN_PROGRESS, Status.NEEDS_INFO, Status.READY, *_CLOSE}),
    Status.IN_PROGRESS: frozenset({Status.NEEDS_INFO, Status.READY, *_CLOSE}),
    Status.NEEDS_INFO: frozenset({Status.FORWARDED, Status.IN_PROGRESS, Status.READY, *_CLOSE}),
    # Ready but never collected can still be cancelled (e.g. the citizen renounced it).
    Status.READY: frozenset({Status.DELIVERED, Status.CANCELLED}),
    Status.DELIVERED: frozenset(),
    Status.REJECTED: frozenset(),
    Status.CANCELLED: frozenset(),
}


def parse_status(text: str) -> Status:
    try:
        return Status(text.strip().lower().replace("-", "_").replace(" ", "_"))
    except ValueError:
        raise ValidationError(
            N_("Unknown status {status}; use one of: {allowed}"),
            field="status",
            status=text[:40],
            allowed=", ".join(s.value for s in Status),
        ) from None


def check_transition(current: Status, target: Status) -> None:
    if target not in TRANSITIONS[current]:
        allowed = sorted(s.value for s in TRANSITIONS[current])
        raise Conflict(
            N_("A request that is {current} cannot become {target} (allowed: {allowed})"),
            field="status",
            current=current.value,
            target=target.value,
            allowed=tuple(allowed),
        )


def check_reason(target: Status, reason: str | None) -> None:
    if target in NEEDS_REASON and not (reason and reason.strip()):
        raise ValidationError(
            N_("A reason is required to mark a request {status}"),
            field="reason",
            status=target.value,
        )
