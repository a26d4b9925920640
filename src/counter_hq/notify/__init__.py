"""Citizen notifications (issue 15): an SMS outbox filled in the event's transaction
(outbox.py), Arabic templates fitted to one segment (templates.py, segments.py), a sender with
retries (sender.py) and gateway adapters (gateways/). Delivery is at least once with
deduplication by reference: see sender.py."""

from counter_hq.notify.outbox import enqueue_for_step

__all__ = ["enqueue_for_step"]
