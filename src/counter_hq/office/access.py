"""Who may see and do what in the back office.

Three roles: an agency officer works the requests forwarded to one agency; a center supervisor
sees (never changes) the requests of one center; an HQ admin sees everything and administers.
Every use case takes the ``WebUser`` and checks here, so a page or a URL cannot skip the check.
A request outside the user's scope is "not found", never "forbidden": an id in a URL must not
tell an officer that another agency holds it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import ColumnElement, false, true

from counter_hq.errors import Forbidden, NotFoundError
from counter_hq.models import RequestState


class Role(StrEnum):
    OFFICER = "officer"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


@dataclass(frozen=True)
class WebUser:
    id: int
    username: str
    display_name: str
    role: Role
    agency: str | None  # officers
    center: str | None  # supervisors
    language: str = "ar"

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN


def scope_clause(user: WebUser) -> ColumnElement[bool]:
    """The requests ``user`` may see, as a WHERE clause on ``request_states``."""
    if user.role is Role.ADMIN:
        return true()
    if user.role is Role.OFFICER and user.agency:
        return RequestState.agency == user.agency
    if user.role is Role.SUPERVISOR and user.center:
        return RequestState.center == user.center
    return false()


def may_see(user: WebUser, state: RequestState) -> bool:
    if user.role is Role.ADMIN:
        return True
    if user.role is Role.OFFICER:
        return bool(user.agency) and state.agency == user.agency
    if user.role is Role.SUPERVISOR:
        return bool(user.center) and state.center == user.center
    return False


def check_visible(user: WebUser, state: RequestState | None) -> RequestState:
    """The request if ``user`` may see it; otherwise "not found", whether or not it exists."""
    if state is None or not may_see(user, state):
        raise NotFoundError("No such request")
    return state


def may_act(user: WebUser, state: RequestState) -> bool:
    """Status steps and answers: the officers of the agency holding the request, and HQ admins."""
    if user.role is Role.ADMIN:
        return True
    return user.role is Role.OFFICER and bool(user.agency) and state.agency == user.agency


def check_may_act(user: WebUser, state: RequestState) -> None:
    check_visible(user, state)
    if not may_act(user, state):
        raise Forbidden("Only the officers of the agency holding this request may change it")


def check_admin(user: WebUser) -> None:
    if user.role is not Role.ADMIN:
        raise Forbidden("Only HQ administrators may do this")
