"""The sender inside `counter-hq serve`: a thread of its own while the app runs, when an SMS
gateway is set (COUNTER_HQ_SMS_GATEWAY); nothing at all when it is off."""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

import anyio
import anyio.to_thread

from counter_hq.errors import HQError
from counter_hq.notify.gateways import gateway_for
from counter_hq.notify.sender import Policy, Sender
from counter_hq.notify.settings import SmsSettings

if TYPE_CHECKING:
    from counter_hq.api.deps import Services

log = logging.getLogger("counter_hq.notify")


async def send_notifications(services: Services) -> None:
    try:
        sms = SmsSettings.from_env(services.settings.data_dir)
    except HQError as exc:
        # Serving stations matters more than SMS: the messages stay queued until it is fixed.
        log.error("SMS not sent, the settings are wrong: %s", exc.text(str))
        return
    gateway = gateway_for(sms)
    if gateway is None:
        return
    sender = Sender(
        services.sessions,
        gateway,
        Policy.from_settings(sms),
        clock=services.clock,
        poll_seconds=sms.poll_seconds,
    )
    stop = threading.Event()
    # A plain thread (the gateway calls block), stopped between rounds when the app ends.
    thread = threading.Thread(target=sender.run, args=(stop,), name="sms-sender", daemon=True)
    thread.start()
    log.info("sending SMS through the %s gateway", sms.gateway)
    try:
        await anyio.sleep_forever()
    finally:
        stop.set()
        with anyio.CancelScope(shield=True):
            await anyio.to_thread.run_sync(thread.join, 2 * sms.timeout + 5)
        sender.close()
