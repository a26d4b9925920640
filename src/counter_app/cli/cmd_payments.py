"""request pay, the payment options of request new, and cash (the day's cash report)."""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

from counter_app.cli.output import emit_json, emit_table, local_time
from counter_app.cli.runtime import Runtime
from counter_app.domain.digits import normalize_digits
from counter_app.domain.errors import N_, ValidationError
from counter_app.domain.payment import PaymentInput, PaymentMethod
from counter_app.i18n import Translator
from counter_app.services.context import Actor
from counter_app.services.payments import CashReport, PaymentRecord, cash_report, record_payment

_AMOUNT = re.compile(r"^\d{1,12}$")


def parse_amount(text: str, option: str) -> int:
    """An amount of Syrian pounds as typed: any digits, thousands separators allowed."""
    plain = re.sub(r"[\s,٬']", "", normalize_digits(text))
    if not _AMOUNT.match(plain):
        raise ValidationError(
            N_("{option}: {value} is not an amount in Syrian pounds"),
            field="payment_amount",
            option=option,
            value=text[:40],
        )
    return int(plain)


def payment_from_args(
    amount: str | None, bank_receipt: str | None, bank_desk: bool, *, amount_option: str
) -> PaymentInput | None:
    """The payment the options describe; None when none was given."""
    if amount is None and bank_receipt is None and not bank_desk:
        return None
    if amount is None:
        raise ValidationError(
            N_("Give the amount paid with {option}"), field="payment_amount", option=amount_option
        )
    if bank_receipt is None and not bank_desk:
        raise ValidationError(
            N_("Say how the fee was paid: --bank-receipt NUMBER or --bank-desk"),
            field="payment",
        )
    method = PaymentMethod.BANK_DESK if bank_desk else PaymentMethod.BANK_RECEIPT
    return PaymentInput(parse_amount(amount, amount_option), method, bank_receipt)


def payment_text(record: PaymentRecord | None, tr: Translator) -> str:
    """What `request show` says of the fee's payment (the receipt's words)."""
    if record is None:
        return tr("Not paid")
    if record.method is PaymentMethod.BANK_DESK:
        return tr("Paid at the bank desk")
    return tr("Paid — bank receipt {number}").format(number=record.bank_receipt_no or "")


def pay(rt: Runtime, args: argparse.Namespace) -> int:
    actor = rt.actor(args.as_user)
    payment = payment_from_args(
        args.amount, args.bank_receipt, args.bank_desk, amount_option="--amount"
    )
    assert payment is not None  # --amount is required
    record = record_payment(rt.context(), actor, args.ref, payment)
    if args.json:
        emit_json(record)
        return 0
    tr = rt.tr
    print(
        tr("Fee of request {receipt} recorded: {amount} SYP, {how}").format(
            receipt=record.receipt_no, amount=f"{record.amount_syp:,}", how=payment_text(record, tr)
        )
    )
    return 0


def _method(tr: Translator, method: str) -> str:
    return tr("Bank receipt") if method == PaymentMethod.BANK_RECEIPT.value else tr("Bank desk")


def cash(rt: Runtime, args: argparse.Namespace) -> int:
    out = Path(args.out).expanduser() if getattr(args, "out", None) else None
    if args.format == "pdf" and out is None:
        raise ValidationError(
            N_("--format {fmt} writes a file: give it with --out FILE"), field="out", fmt="pdf"
        )
    if out is not None:
        if args.format not in ("csv", "pdf"):
            raise ValidationError(
                N_("--out writes the sheet as a file: add --format csv or --format pdf"),
                field="out",
            )
        from counter_app.exports import check_target

        check_target(out)  # before any work: a bad target changes nothing
    actor = rt.actor(args.as_user)
    ctx = rt.context()
    if out is not None:
        return _cash_file(rt, actor, args, out)
    report = cash_report(ctx, actor, args.date)
    if args.format == "json":
        emit_json(report)
        return 0
    tr = rt.tr
    headers = (
        tr("Paid at"),
        tr("Receipt number"),
        tr("Service"),
        tr("Amount (SYP)"),
        tr("Method"),
        tr("Bank receipt number"),
        tr("Clerk"),
    )
    rows: list[tuple[object, ...]] = [
        (
            local_time(p.paid_at, ctx.calendar.tz),
            p.receipt_no,
            p.service_code,
            p.amount_syp,
            _method(tr, p.method.value),
            p.bank_receipt_no or "",
            p.actor,
        )
        for p in report.payments
    ]
    if args.format == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(headers)
        writer.writerows(rows)
        return 0
    _cash_table(rt, report, headers, rows)
    return 0


def _cash_table(
    rt: Runtime, report: CashReport, headers: tuple[str, ...], rows: list[tuple[object, ...]]
) -> None:
    tr = rt.tr
    print(tr("Cash report of {day}").format(day=report.day.isoformat()))
    if report.only_clerk is not None:
        print(
            tr("Only your own payments ({user}): the whole day's needs view_reports").format(
                user=report.only_clerk
            )
        )
    print()
    if rows:
        emit_table(headers, rows)
    else:
        print(tr("No payments were recorded on this day."))
    print()
    totals: list[tuple[object, ...]] = [
        (_method(tr, m), report.counts.get(m, 0), f"{amount:,}")
        for m, amount in report.by_method.items()
    ]
    totals += [
        (tr("Clerk") + ": " + user, "", f"{amount:,}")
        for user, amount in sorted(report.by_clerk.items())
    ]
    totals.append((tr("Total"), len(report.payments), f"{report.total_syp:,}"))
    emit_table((tr("Item"), tr("Payments"), tr("Amount (SYP)")), totals)


def _cash_file(rt: Runtime, actor: Actor, args: argparse.Namespace, out: Path) -> int:
    """The day's sheet written to ``out`` as the desktop writes it (exports.write_cash): CSV
    with a byte order mark, or the A4 PDF with the center's header and signature lines."""
    from counter_app.exports import write_cash
    from counter_app.services.cash_sheet import cash_sheet

    ctx = rt.context()
    report, heading = cash_sheet(ctx, actor, args.date)
    write_cash(report, args.format, out, rt.tr.language, ctx.calendar.tz, heading=heading)
    tr = rt.tr
    if report.only_clerk is not None:
        print(
            tr("Only your own payments ({user}): the whole day's needs view_reports").format(
                user=report.only_clerk
            )
        )
    print(tr("Cash report written to {path}").format(path=str(out)))
    return 0
