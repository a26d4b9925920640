"""SMS gateway adapters: what the sender calls to hand over one message.

A gateway either returns (the message was accepted; its own id when it gives one) or raises
``GatewayError``: ``retryable`` when the message may not have been accepted or may be accepted
on a later try (5xx, timeouts, cut connections, an answer that cannot be read), permanent when
trying again cannot help (4xx other than 408/429: the request itself is refused).

Every send carries our reference (the notification's uuid), the same on every attempt: a
gateway that accepted a message whose answer we lost recognises the retry and does not send it
twice (``ref`` in the body template and the ``Idempotency-Key`` header).
"""

from __future__ import annotations

from typing import Protocol

from counter_hq.notify.settings import SmsSettings


class GatewayError(Exception):
    def __init__(self, message: str, *, retryable: bool) -> None:
        super().__init__(message)
        self.message = message[:200]
        self.retryable = retryable


class Gateway(Protocol):
    def send(self, *, to: str, text: str, ref: str) -> str | None:
        """Hand over one message; the gateway's id for it (None when it gives none)."""
        ...

    def close(self) -> None: ...


def gateway_for(settings: SmsSettings) -> Gateway | None:
    """The configured gateway; None when sending is off."""
    if settings.gateway == "file":
        from counter_hq.notify.gateways.file import FileGateway

        assert settings.file is not None  # from_env sets a default
        return FileGateway(settings.file)
    if settings.gateway == "http":
        from counter_hq.notify.gateways.http import HttpGateway

        return HttpGateway.from_settings(settings)
    return None


__all__ = ["Gateway", "GatewayError", "gateway_for"]
