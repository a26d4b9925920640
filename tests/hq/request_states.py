"""The ``request_states`` row tests make a request's complaint or agency case from."""

from __future__ import annotations

from sqlalchemy.orm import Session

from counter_hq.models import HqRequest, RequestState


def state_of(s: Session, req: HqRequest) -> RequestState:
    """The request's state row; a submitted one is added when HQ's routing made none (the
    test services are not all routed at HQ), so the caller can set its agency or category."""
    state = s.get(RequestState, req.uuid)
    if state is None:
        state = RequestState(
            request_uuid=req.uuid,
            receipt_no=req.receipt_no,
            center=req.center,
            service=req.service,
            status="submitted",
            open=True,
            status_at=req.received_at,
            received_at=req.received_at,
        )
        s.add(state)
    return state
