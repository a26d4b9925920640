"""A failed sync round stores and shows no citizen data (issue 12, follow-up of item 10).

SQLAlchemy's message of a failed statement carries its parameters; the sync state kept
``str(exc)`` as the last error, and ``sync-status``, the status bar and the ``sync`` loop's
stderr printed it.
"""

from __future__ import annotations

import logging
import threading

import pytest
from sqlalchemy.exc import IntegrityError

from counter_app.logs import setup_logging
from counter_app.services.sync_state import sync_health
from counter_app.sync.worker import STATION_FAULT, SyncWorker, sync_once
from tests.conftest import Station, run_cli
from tests.test_private_data import NAME, NID, PHONE, _all_logs, _exploding

SECRETS = (NID, NAME, PHONE, "سامر", "0933")


class _FailingHq:
    """An HQ client whose first call fails the way a database statement does."""

    def time(self) -> object:
        _exploding()
        raise AssertionError("unreachable")

    def close(self) -> None:
        pass


def _clean(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, (secret, text)


def test_a_failed_round_stores_and_shows_no_personal_data(station: Station) -> None:
    setup_logging(station.ctx.paths, level=logging.INFO)
    try:
        done = threading.Event()
        outcomes: list[object] = []

        def told(outcome: object) -> None:
            outcomes.append(outcome)
            done.set()

        worker = SyncWorker(station.ctx, _FailingHq, interval=60, on_outcome=told)  # type: ignore[arg-type]
        worker.start()
        assert done.wait(20)
        assert worker.stop()
        with pytest.raises(IntegrityError) as raised:
            sync_once(station.ctx, _FailingHq())  # type: ignore[arg-type]
        assert NID in str(raised.value)  # the provoked error does carry the data
        stored = sync_health(station.ctx, station.admin).last_error or ""
        assert stored.startswith(STATION_FAULT + ": IntegrityError")
        assert "UNIQUE constraint failed: citizens.national_id" in stored
        _clean(stored)
        logs = _all_logs(station.ctx.paths)
        assert "sync round failed" in "\n".join(logs.values())  # it was logged
        _clean("\n".join(logs.values()))
    finally:
        root = logging.getLogger()
        for handler in [h for h in root.handlers if getattr(h, "_counter_app", False)]:
            root.removeHandler(handler)
            handler.close()
    station.ctx.store.dispose()
    for lang in ("en", "ar"):
        shown = run_cli("sync-status", "--as", "clerk1", "--lang", lang)
        assert shown.code == 0, shown.err
        _clean(shown.out + shown.err)
        assert "citizens.national_id" in shown.out
