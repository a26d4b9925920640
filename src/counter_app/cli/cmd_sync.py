"""enroll, sync, sync-status and quarantine: the station's link with HQ.

HQ unreachable or refusing is a fault (exit 1, the reason on stderr, never a traceback); a
refused enrollment code or a bad address is bad input (exit 2).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from typing import TYPE_CHECKING

from counter_app.cli.output import emit_json, emit_table, local_time
from counter_app.cli.runtime import Runtime
from counter_app.domain.errors import N_, CounterError, Translate, ValidationError
from counter_app.i18n import N_n
from counter_app.services.settings import get_setting
from counter_app.services.station_identity import SHORT as RETIRED_WORDS
from counter_app.services.sync_state import QuarantineEntry, quarantine_list, sync_health
from counter_app.store.integrity import DailyCheck
from counter_app.sync.client import HqError, HqRefused, HqUnreachable
from counter_app.sync.errors import stored_message
from counter_app.sync.problems import reason_words

if TYPE_CHECKING:
    from counter_app.services.context import AppContext
    from counter_app.sync.reconcile import ReconcileReport
    from counter_app.sync.recover import Recovery

EXIT_FAULT = 1
EXIT_BAD_INPUT = 2
# Where a quarantined item comes from, as words (the stored values are identifiers).
QUARANTINE_SOURCES = {"outbox": N_("sent, refused by HQ"), "pull": N_("from HQ, not applied")}
# What an outbox item or an HQ change is (protocol.ItemKind, pull kinds), as words.
ITEM_WORDS = {
    "request.created": N_("new request"),
    "request.event": N_("request status change"),
    "attachment": N_("scan attached to a request"),
    "audit": N_("audit log"),
    "handover.batch": N_("handover batch"),
    "handover.opened": N_("handover batch opened"),
    "handover.file": N_("file in a handover batch"),
    "handover.closed": N_("handover batch closed"),
    "diwan.entry": N_("diwan register entry"),
    "archive.box": N_("archive box"),
    "archive.location": N_("file location in the archive"),
    "status_event": N_("status change from HQ"),
    "catalog": N_("service catalog from HQ"),
    "cursor_reset": N_("HQ's change feed was reset"),
    "hq.event": N_("HQ's own status change, returned to HQ"),
    "payment.recorded": N_("fee payment"),
}


def _fail(rt: Runtime, exc: HqError, code: int) -> int:
    # The sentence in the reader's language, the technical detail (host, errno) after it.
    sys.stderr.write(rt.tr("Error") + ": " + exc.render(rt.tr) + "\n")
    return code


def enroll(rt: Runtime, args: argparse.Namespace) -> int:
    from counter_app.sync.enroll import enroll as enroll_station

    try:
        done = enroll_station(rt.context(), args.url, args.code, ca_file=args.ca_file)
    except HqRefused as exc:
        return _fail(rt, exc, EXIT_BAD_INPUT)
    except HqUnreachable as exc:
        return _fail(rt, exc, EXIT_FAULT)
    if args.json:
        emit_json(dataclasses.asdict(done))
    else:
        print(
            rt.tr("Station {station} is enrolled with HQ at {url}.").format(
                station=f"{done.center}-{done.station_no:02d}", url=done.url
            )
        )
        if done.renumbered_from is not None:
            print(
                rt.tr(
                    "This station was {old}; new requests are numbered as {new}, requests saved "
                    "before keep their numbers and are still sent."
                ).format(
                    old=f"{done.center}-{done.renumbered_from:02d}",
                    new=f"{done.center}-{done.station_no:02d}",
                )
            )
    _warn_insecure_keyring(rt)
    return 0


def _warn_insecure_keyring(rt: Runtime) -> None:
    from counter_app.sync.keyring_check import keyring_verdict

    verdict = keyring_verdict()
    if not verdict.secure:  # allowed only on a machine declared for tests or development
        sys.stderr.write(
            rt.tr(
                "Warning: the station's credentials are kept in a keyring that is not secure "
                "({backend}), as COUNTER_APP_ALLOW_INSECURE_KEYRING allows on a test or "
                "development machine"
            ).format(backend=verdict.backend)
            + "\n"
        )


def _nightly_backup(rt: Runtime, ctx: AppContext, *, quiet: bool) -> None:
    """The rolling daily backup, when due (store/rolling_backups.py); its outcome is kept in
    the backup folder for `status` and the supervisor, and said here."""
    from counter_app.store.rolling_backups import run_if_due

    outcome = run_if_due(
        ctx.store.path, rt.paths.backups, keep=int(get_setting(ctx, "backup.keep"))
    )
    if outcome is None or quiet:
        return
    from counter_app.cli.cmd_db import say_daily_backup

    say_daily_backup(rt, outcome)


def sync(rt: Runtime, args: argparse.Namespace) -> int:
    from counter_app.sync.enroll import client_for
    from counter_app.sync.worker import SyncWorker, nightly, sync_once

    if not 1 <= args.days <= 366:
        raise ValidationError(N_("{field}: between 1 and 366 days"), field="days")
    ctx = rt.context()
    if args.nightly:  # before HQ is asked: a station HQ cannot reach still gets its backup
        _nightly_backup(rt, ctx, quiet=args.json)
    client = client_for(ctx)
    try:
        if args.nightly:
            night = nightly(ctx, client, days=args.days)
            if args.json:
                emit_json(
                    {
                        "sync": dataclasses.asdict(night.sync),
                        "ok": night.ok and _tip_ok(night.sync),
                        "days": [
                            {**dataclasses.asdict(d), "agrees": d.agrees}
                            for d in night.reconcile.days
                        ],
                        "recovery": _recovery_json(night.recovery),
                    }
                )
            else:
                _print_round(rt, night.sync)
                for line in _reconcile_lines(rt, night.reconcile) or [
                    rt.tr("No requests in the period.")
                ]:
                    print(line)
                for line in _recovery_lines(rt, night.recovery):
                    print(line)
                if _tip_ok(night.sync):  # a bad tip was said with the round's line
                    print(_tip_line(rt, night.sync))
            return 0 if night.ok and _tip_ok(night.sync) else EXIT_FAULT
        if args.once:
            report = sync_once(ctx, client)
            if args.json:
                emit_json(dataclasses.asdict(report))
            else:
                _print_round(rt, report)
            return 0
        worker = SyncWorker(ctx, lambda: client, on_outcome=lambda o: _print_outcome(rt, o))
        # A station that runs only this loop (no desktop) still gets the daily full check.
        daily = DailyCheck(
            ctx.store.path,
            clock=ctx.clock,
            backups=rt.paths.backups,
            keep=int(get_setting(ctx, "backup.keep")),
        )
        worker.start()
        daily.start()
        try:
            while worker.running:
                time.sleep(1.0)
        except KeyboardInterrupt:
            worker.stop()
        finally:
            daily.stop()
        return 0
    except HqError as exc:
        return _fail(rt, exc, EXIT_FAULT)
    finally:
        client.close()


def _print_round(rt: Runtime, report: object) -> None:
    from counter_app.sync.worker import SyncReport

    assert isinstance(report, SyncReport)
    p, q = report.push, report.pull
    print(
        rt.tr(
            "Sent {sent} (already held {dup}), quarantined {quarantined}, scans {blobs}; "
            "applied {applied} changes from HQ ({problems} problems)."
        ).format(
            sent=p.sent,
            dup=p.duplicates,
            quarantined=p.quarantined,
            blobs=p.blobs_uploaded,
            applied=q.applied,
            problems=q.problems,
        )
    )
    for line in _recovery_lines(rt, report.recovery):  # HQ found restored: what it got again
        print(line)
    if not _tip_ok(report):
        print(_tip_line(rt, report))


def _tip_ok(report: object) -> bool:
    """False when HQ found this station's audit chain cut short or rewritten."""
    tip = getattr(getattr(report, "push", None), "audit_tip", None)
    return tip is None or tip.ok


def _tip_line(rt: Runtime, report: object) -> str:
    """What HQ said of the audit chain's tip (sync/audit_tip.py), for a person."""
    tip = getattr(getattr(report, "push", None), "audit_tip", None)
    if tip is None:
        return rt.tr("The audit log is empty; nothing to anchor at HQ.")
    if tip.status is None:
        return rt.tr("HQ does not keep audit tips: the audit log is not anchored.")
    if tip.status == "rewound":
        line = rt.tr(
            "Audit log cut short: this station reports row {seq}, HQ already holds row {held}. "
            "Audit rows were removed from this database; tell HQ."
        ).format(seq=tip.seq, held=tip.held_seq)
    elif tip.status == "forked":
        line = rt.tr(
            "Audit log rewritten: row {held} here is not the one HQ holds. Tell HQ."
        ).format(held=tip.held_seq)
    elif tip.flagged:
        line = rt.tr(
            "HQ has flagged this station's audit log (rows removed or rewritten); an operator "
            "at HQ must look into it."
        )
    else:
        line = rt.tr("Audit log anchored at HQ up to row {seq}.").format(seq=tip.seq)
    return line


def _reconcile_lines(rt: Runtime, report: ReconcileReport) -> list[str]:
    """Per day: how many of this station's requests HQ holds, and which receipts it lacks."""
    out = []
    for d in report.days:
        line = rt.tr.tr_n(N_n("HQ has {hq} of {n} for {day}"), d.local_count).format(
            hq=d.hq_count, n=d.local_count, day=d.day.isoformat()
        )
        if not d.agrees:
            line += "; " + (
                rt.tr("missing: {receipts}").format(receipts=", ".join(d.missing))
                if d.missing
                else rt.tr("the lists differ although the counts agree")
            )
        out.append(line)
    return out


def _recovery_json(found: Recovery | None) -> dict[str, object] | None:
    if found is None:
        return None
    # asdict would rebuild the Counter from (kind, n) pairs: counting the pairs.
    return {
        **dataclasses.asdict(found),
        "resent": dict(found.resent),
        "found": found.found,
        "complete": found.complete,
    }


def _recovery_lines(rt: Runtime, found: Recovery | None) -> list[str]:
    """What HQ lacked (restored from a backup) and what was sent again (sync/recover.py)."""
    if found is not None and found.unsupported:
        return [rt.tr("HQ cannot say what it lacks (an older HQ): nothing was sent again.")]
    if found is None or not found.found:
        return []
    tr = rt.tr
    out = []
    if found.resent:
        kinds = ", ".join(
            f"{tr(ITEM_WORDS.get(kind, kind))}: {n}" for kind, n in sorted(found.resent.items())
        )
        out.append(
            tr(
                "HQ lacked items this station had sent (restored from a backup?); sent again: "
                "{kinds}"
            ).format(kinds=kinds)
        )
        if found.named:
            out.append(tr("Receipts concerned: {refs}").format(refs=", ".join(found.named)))
    if found.hq_steps:
        out.append(
            tr("HQ's own status changes returned to HQ: {count}").format(count=found.hq_steps)
        )
    if found.hq_steps_unsigned:
        out.append(
            tr(
                "HQ's own status changes that HQ lacks and this station cannot return (pulled "
                "before HQ signed them): {count}; tell HQ."
            ).format(count=found.hq_steps_unsigned)
        )
    if found.scans:
        out.append(
            tr(
                "Scans HQ lacked, uploaded again: {count} ({dropped} of them HQ listed without "
                "their file)"
            ).format(count=found.scans, dropped=found.scans_dropped)
        )
    if found.scan_errors:
        out.append(
            tr("Scans that could not be uploaded again: {errors}").format(
                errors="; ".join(found.scan_errors[:10])
            )
        )
    return out


def _print_outcome(rt: Runtime, outcome: object) -> None:
    if isinstance(outcome, HqError | CounterError):
        sys.stderr.write(rt.tr("Error") + ": " + outcome.render(rt.tr) + "\n")
    elif isinstance(outcome, Exception):
        from counter_app.sync.worker import error_text

        # stderr of a station's sync service is a log (the journal): no exception text as is.
        sys.stderr.write(rt.tr("Error") + ": " + stored_message(error_text(outcome), rt.tr) + "\n")
    else:
        _print_round(rt, outcome)


def status(rt: Runtime, args: argparse.Namespace) -> int:
    from counter_app.services.app_release import release_notice
    from counter_app.services.nightly_schedule import last_nightly, nightly_words

    ctx = rt.context()
    actor = rt.actor(args.as_user)
    health = sync_health(ctx, actor)
    notice = release_notice(ctx, language=rt.tr.language)
    night = last_nightly(ctx, actor)
    if args.json:
        emit_json(
            {
                **dataclasses.asdict(health),
                "release": {
                    "running": notice.running,
                    "state": notice.state.value,
                    "version": notice.version,
                    "url": notice.url,
                    "problem": notice.problem,
                },
                "nightly": dataclasses.asdict(night) if night else None,
            }
        )
        return 0
    tr = rt.tr
    tz = ctx.calendar.tz

    def when(value: object) -> str:
        import datetime as dt

        return local_time(value, tz) if isinstance(value, dt.datetime) else "-"

    skew = health.clock_skew_seconds
    rows = [
        (tr("HQ"), health.hq_url or tr("not enrolled")),
        (tr("Waiting to sync"), health.outbox_pending),
        (tr("Oldest waiting since"), when(health.oldest_pending)),
        (tr("Quarantined"), health.quarantined + health.problems),
        (tr("Last attempt"), when(health.last_attempt_at)),
        (tr("Last success"), when(health.last_success_at)),
        (tr("Last error"), stored_message(health.last_error, tr) or "-"),
        (tr("Clock difference to HQ (s)"), f"{skew:+.0f}" if skew is not None else "-"),
        (tr("Credentials kept in"), _keyring_words(tr)),
        (tr("Nightly sync"), nightly_words(night, ctx.clock(), tz, tr)[0]),
        (tr("Version"), notice.words(tr)),
    ]
    if notice.problem:  # HQ's last answer refused; what is shown above is the one before
        rows.append((tr("Newest version at HQ"), stored_message(notice.problem, tr)))
    if health.retired:
        rows.append((tr("Station number"), tr(RETIRED_WORDS.get(health.retired, health.retired))))
    emit_table((tr("Item"), tr("Value")), rows)
    return 0


def _keyring_words(tr: Translate) -> str:
    from counter_app.sync.keyring_check import keyring_verdict

    verdict = keyring_verdict()
    if verdict.secure:
        return verdict.backend
    return verdict.backend + " (" + tr("not secure") + ")"


def _reason(entry: QuarantineEntry, translate: Translate) -> str:
    if entry.source == "pull":
        return reason_words(entry.reason, translate)
    return stored_message(entry.reason, translate)


def quarantine(rt: Runtime, args: argparse.Namespace) -> int:
    ctx = rt.context()
    entries = quarantine_list(ctx, rt.actor(args.as_user))
    if args.json:  # reasons in English words, as before they were stored as msgids
        emit_json([dataclasses.replace(e, reason=_reason(e, lambda m: m)) for e in entries])
        return 0
    tr = rt.tr
    emit_table(
        (tr("Source"), tr("Kind"), tr("Reference"), tr("Since"), tr("Reason")),
        [
            (
                tr(QUARANTINE_SOURCES.get(e.source, e.source)),
                tr(ITEM_WORDS.get(e.kind, e.kind)),
                e.entity or e.ref,
                local_time(e.at, ctx.calendar.tz),
                _reason(e, tr),
            )
            for e in entries
        ],
    )
    return 0
