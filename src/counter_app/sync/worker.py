"""One sync round (push, then pull, then bookkeeping), the nightly run, and the background
worker the desktop uses: a plain Python thread that repeats rounds with backoff and stops on
request. Nothing here runs on the GUI thread."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from counter_app.background import lower_this_thread
from counter_app.domain.errors import N_, CounterError
from counter_app.logs import safe_message, scrub
from counter_app.services.context import AppContext
from counter_app.services.nightly_schedule import (
    RUNNER_COMMAND,
    RUNNER_DESKTOP,
    record_failed_nightly,
)
from counter_app.services.sync_state import state_row
from counter_app.sync.answer_files import fetch_answer_files
from counter_app.sync.backoff import Backoff
from counter_app.sync.client import HqClient, HqError, HqRefused, HqUnreachable
from counter_app.sync.pull import PullStats, pull_changes
from counter_app.sync.push import PushStats, ReceiptCollision, push_outbox
from counter_app.sync.reconcile import ReconcileReport, reconcile
from counter_app.sync.recover import Recovery, recent_days, recover_and_send, settle_resets
from counter_protocol.wire import MAX_CLOCK_SKEW, skew_words

log = logging.getLogger(__name__)
# A failure that is not HQ's: the sentence is translated where shown, the detail after it is
# what logs.safe_message lets through (never SQLAlchemy's parameters: a name, a phone).
STATION_FAULT = N_("Sync stopped on a fault in this station (details in the log)")


@dataclass(frozen=True)
class SyncReport:
    push: PushStats
    pull: PullStats
    clock_skew_seconds: float
    # HQ found restored from a backup (its change feed went back): what it lacked, sent again.
    recovery: Recovery | None = None

    @property
    def sent(self) -> int:
        return self.push.sent + self.push.duplicates


def measure_skew(ctx: AppContext, client: HqClient) -> float:
    """HQ's clock minus ours, in seconds (positive: this station is behind)."""
    before = ctx.clock()
    answer = client.time()
    after = ctx.clock()
    return (answer.server_time - (before + (after - before) / 2)).total_seconds()


def error_text(exc: BaseException) -> str:
    """What of a failed round is stored in the sync state (and shown by ``sync-status``, the
    status bar and the ``sync`` loop): ``"<msgid>: <detail>"`` free of personal data."""
    if isinstance(exc, ReceiptCollision):  # receipt numbers only, which a person must see
        return f"{exc.msgid}: {exc.detail}"
    if isinstance(exc, HqError):  # HQ's own message may echo what was sent: scrubbed too
        return exc.msgid + (f": {scrub(exc.detail)}" if exc.detail else "")
    if isinstance(exc, CounterError) and not exc.params:
        return exc.message
    return f"{STATION_FAULT}: {type(exc).__name__}, {safe_message(exc)}"


def _record(ctx: AppContext, *, error: str | None, skew: float | None) -> None:
    now = ctx.clock()
    with ctx.store.write() as session:
        row = state_row(session)
        row.last_attempt_at = now
        if skew is not None:
            row.clock_skew_seconds = skew
        if error is None:
            row.last_success_at = now
            row.last_error = None
        else:
            row.last_error = error[:2000]


def sync_once(ctx: AppContext, client: HqClient, *, recover_on_reset: bool = True) -> SyncReport:
    """Push the outbox, pull HQ's changes, record the outcome. HQ errors are recorded in the
    sync state (for the status bar) and raised. A pull that finds HQ's change feed gone back
    (HQ restored from a backup) sends what HQ lost at once (sync/recover.py), unless the caller
    does it itself (the nightly round)."""
    skew: float | None = None
    try:
        skew = measure_skew(ctx, client)
        if abs(skew) > MAX_CLOCK_SKEW.total_seconds():
            raise HqRefused(
                412,
                "clock_skew",
                f"this station's clock is {skew_words(skew)}; set the right date and time, "
                "then sync again",
            )
        pushed = push_outbox(ctx, client)
        pulled = pull_changes(ctx, client)
        fetch_answer_files(ctx, client)  # complaint answers' files named by this pull or before
        _ask_release(ctx, client)
        recovered = None
        if recover_on_reset and pulled.reset_from is not None:
            recovered = recover_and_send(ctx, client, *recent_days(ctx))
        if pushed.collisions:  # the round went through, and a person must hear of these
            raise ReceiptCollision(pushed.collisions)
    except Exception as exc:
        _record(ctx, error=error_text(exc), skew=skew)
        raise
    _record(ctx, error=None, skew=skew)
    return SyncReport(pushed, pulled, skew, recovered)


def _ask_release(ctx: AppContext, client: HqClient) -> None:
    """HQ's newest app release (sync/pull_release.py); whatever happens, the round goes on."""
    from counter_app.sync.pull_release import pull_release

    try:
        pull_release(ctx, client)
    except Exception:
        log.exception("reading HQ's app release failed")


@dataclass(frozen=True)
class NightlyReport:
    sync: SyncReport
    reconcile: ReconcileReport
    recovery: Recovery | None = None  # what HQ lacked and was sent again
    resend: PushStats | None = None  # the push of those items, when there were any

    @property
    def ok(self) -> bool:
        """HQ holds everything, as it did before this round: a round that had to send things
        again (HQ restored from a backup) is not ok, even when it sent them all."""
        return self.reconcile.ok and (self.recovery is None or not self.recovery.found)


def nightly(
    ctx: AppContext, client: HqClient, days: int = 30, *, runner: str = RUNNER_COMMAND
) -> NightlyReport:
    """Full push and pull; then what HQ lacks of the last ``days`` local days is sent again
    (sync/recover.py) and the days are reconciled. Every outcome is recorded for the status
    bar, the supervisor and the desktop's schedule (services/nightly_schedule.py), a failure
    with its reason; ``runner`` says who ran it."""
    start, today = recent_days(ctx, days)
    try:
        report = sync_once(ctx, client, recover_on_reset=False)  # done below, over ``days``
    except Exception as exc:  # sync_once recorded it in the sync state already
        _keep_failure(ctx, exc, runner, start, today)
        raise
    try:
        found = recover_and_send(ctx, client, start, today)
        resend = found.resend
        per_day = reconcile(ctx, client, start, today)
        _keep_reconciliation(ctx, per_day, runner)
        settled = resend is None or not (resend.quarantined or resend.waiting)
        if per_day.ok and found.complete and settled:
            found.resets_settled = settle_resets(ctx)
    except Exception as exc:
        _record(ctx, error=error_text(exc), skew=None)
        _keep_failure(ctx, exc, runner, start, today)
        raise
    return NightlyReport(report, per_day, found, resend)


def _keep_reconciliation(ctx: AppContext, per_day: ReconcileReport, runner: str) -> None:
    """The outcome, for the supervision report's sync health (services/reports)."""
    from counter_app.services.reports.extras import record_reconciliation

    with ctx.store.write() as session:
        record_reconciliation(session, ctx.clock(), per_day, runner)


def _keep_failure(
    ctx: AppContext, exc: BaseException, runner: str, start: dt.date, end: dt.date
) -> None:
    try:
        with ctx.store.write() as session:
            record_failed_nightly(
                session,
                ctx.clock(),
                runner=runner,
                error=error_text(exc),
                first_day=start,
                last_day=end,
            )
    except Exception:  # the store itself failing: the round's own error is what to raise
        log.exception("recording the failed nightly sync failed")


Outcome = SyncReport | Exception


class SyncWorker:
    """Repeats ``sync_once`` on a background thread until stopped.

    After a success it waits ``interval`` seconds; after HQ is unreachable it backs off (full
    jitter, Retry-After honoured); after HQ refused (credentials, protocol version) it waits
    for ``wake()``: retrying automatically would not help.
    """

    def __init__(
        self,
        ctx: AppContext,
        client_factory: Callable[[], HqClient],
        *,
        interval: float = 60.0,
        backoff: Backoff | None = None,
        on_outcome: Callable[[Outcome], None] | None = None,
        nightly_due: Callable[[], bool] | None = None,
    ) -> None:
        """``nightly_due``: asked before each round (on this thread); True runs the nightly
        instead of a plain round (the desktop's own schedule: services/nightly_schedule)."""
        self.ctx = ctx
        self.nightly_due = nightly_due
        self.client_factory = client_factory
        self.interval = interval
        self.backoff = backoff or Backoff()
        self.on_outcome = on_outcome
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.running:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="counter-sync", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        """Sync now (e.g. the user pressed "sync", or the network came back)."""
        self._wake.set()

    def stop(self, timeout: float = 30.0) -> bool:
        """Ask the loop to end after the current call; True when the thread has ended."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            return not self._thread.is_alive()
        return True

    def _tell(self, outcome: Outcome) -> None:
        if self.on_outcome is not None:
            try:
                self.on_outcome(outcome)
            except Exception:  # a listener's bug must not stop syncing
                log.exception("sync outcome listener failed")

    def _run(self) -> None:
        # Beside the desktop window: give way to its GUI thread (counter_app/background.py).
        lower_this_thread()
        client: HqClient | None = None
        try:
            while not self._stop.is_set():
                delay: float | None
                try:
                    if client is None:
                        try:
                            client = self.client_factory()
                        except Exception as exc:  # e.g. credentials gone from the keyring
                            _record(self.ctx, error=error_text(exc), skew=None)
                            raise
                    if self.nightly_due is not None and self.nightly_due():
                        report = nightly(self.ctx, client, runner=RUNNER_DESKTOP).sync
                    else:
                        report = sync_once(self.ctx, client)
                    self.backoff.reset()
                    delay = self.interval
                    self._tell(report)
                except HqUnreachable as exc:
                    delay = self.backoff.next_delay(exc.retry_after)
                    self._tell(exc)
                except HqRefused as exc:
                    delay = None
                    if exc.status == 401 and client is not None:
                        # Credentials refused: after a re-enrollment (maybe under a new
                        # number) the next round reads them again.
                        client.close()
                        client = None
                    self._tell(exc)
                except Exception as exc:
                    log.exception("sync round failed")
                    delay = self.backoff.next_delay()
                    self._tell(exc)
                if self._stop.is_set():
                    break
                self._wake.wait(delay)
                self._wake.clear()
        finally:
            if client is not None:
                client.close()
