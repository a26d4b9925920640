"""The request status machine."""

from __future__ import annotations

import itertools

import pytest

from counter_app.domain.errors import Conflict, ValidationError
from counter_app.domain.status import (
    FINAL_STATUSES,
    TRANSITIONS,
    Status,
    check_reason,
    check_transition,
    parse_status,
)


def test_final_statuses_are_final() -> None:
    for final in FINAL_STATUSES:
        for target in Status:
            with pytest.raises(Conflict, match="cannot become"):
                check_transition(final, target)


def test_every_status_is_reachable_from_submitted() -> None:
    seen, todo = {Status.SUBMITTED}, [Status.SUBMITTED]
    while todo:
        for nxt in TRANSITIONS[todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    assert seen == set(Status)


def test_typical_paths() -> None:
    path = [
        Status.SUBMITTED,
        Status.FORWARDED,
        Status.IN_PROGRESS,
        Status.NEEDS_INFO,
        Status.IN_PROGRESS,
        Status.READY,
        Status.DELIVERED,
    ]
    for a, b in itertools.pairwise(path):
        check_transition(a, b)
    with pytest.raises(Conflict):
        check_transition(Status.SUBMITTED, Status.DELIVERED)
    with pytest.raises(Conflict):
        check_transition(Status.SUBMITTED, Status.SUBMITTED)


def test_reasons() -> None:
    check_reason(Status.READY, None)
    for needs in (Status.REJECTED, Status.CANCELLED, Status.NEEDS_INFO):
        with pytest.raises(ValidationError, match="reason"):
            check_reason(needs, "  ")
        check_reason(needs, "الوثائق ناقصة")


def test_parse_status() -> None:
    assert parse_status(" In-Progress ") is Status.IN_PROGRESS
    with pytest.raises(ValidationError, match="Unknown status"):
        parse_status("done")
