"""Each sync round asks HQ for the newest app release (one small GET) and keeps it
(services/app_release.py), so the station can say it is out of date and where to get the
newer one. Nothing here fails the round: HQ unreachable, an older HQ (404) or an answer that
cannot be used leave the round's outcome as it was.

What HQ sends is checked with the rules HQ publishes by (counter_protocol/release.py) before
any of it is kept: a number that is not a version, an address that is not https (a
``javascript:`` link shown to a clerk) or notes too long are refused whole, the reason kept
and logged, and the release known before stays.
"""

from __future__ import annotations

import logging

from pydantic import ValidationError

from counter_app.domain.app_update import REFUSED
from counter_app.services.app_release import record_release, record_release_problem
from counter_app.services.context import AppContext
from counter_app.sync.client import HqClient, HqError
from counter_protocol.release import MAX_RELEASE_BYTES, ReleaseAnswer, ReleaseInfo

log = logging.getLogger(__name__)


class ReleaseRefused(Exception):
    """HQ's answer cannot be used; ``detail`` says which field and why (never its value)."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def check_release(body: bytes) -> ReleaseInfo | None:
    """HQ's answer read and checked; None when HQ has published nothing."""
    if len(body) > MAX_RELEASE_BYTES:
        raise ReleaseRefused(f"the answer is more than {MAX_RELEASE_BYTES} bytes")
    try:
        return ReleaseAnswer.model_validate_json(body).release
    except ValidationError as exc:
        first = exc.errors(include_input=False, include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"] if p != "release") or "answer"
        reason = str(first["msg"]).removeprefix("Value error, ")
        raise ReleaseRefused(f"{where[:40]}: {reason[:200]}") from None


def pull_release(ctx: AppContext, client: HqClient) -> ReleaseInfo | None:
    """Ask, check, keep. Returns what was kept now (None: nothing new or nothing usable)."""
    try:
        body = client.release_body()
    except HqError as exc:  # the round's other calls say when HQ is away
        log.info("HQ's release not read: %s", exc.msgid)
        return None
    if body is None:
        return None  # an HQ older than the route: nothing to say
    try:
        info = check_release(body)
    except ReleaseRefused as exc:
        problem = f"{REFUSED}: {exc.detail}"
        if record_release_problem(ctx, problem):
            log.warning("%s", problem)
        return None
    if info is None:
        return None  # nothing published: keep what an earlier answer said
    return info if record_release(ctx, info) else None
