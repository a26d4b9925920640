"""The numbered receipt: the citizen's proof that the center holds the request."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from counter_app.i18n import Translator
from counter_app.printing.codes import barcode
from counter_app.printing.documents.common import (
    day,
    header,
    local,
    mask_national_id,
    mask_phone,
    money,
    new_flow,
)
from counter_app.printing.text import ltr


@dataclass(frozen=True)
class ReceiptDocument:
    name_ar: str
    name_en: str
    state: str  # a DocState value
    note: str | None = None


@dataclass(frozen=True)
class ReceiptPayment:
    """The fee's payment as recorded (services/payments.py)."""

    method: str  # a PaymentMethod value: bank_receipt | bank_desk
    bank_receipt_no: str | None
    amount_syp: int


@dataclass(frozen=True)
class ReceiptData:
    receipt_no: str
    center_name: str
    station: str
    service_code: str
    service_name_ar: str
    service_name_en: str
    agency_name_ar: str
    agency_name_en: str
    citizen_name: str
    national_id: str
    phone: str | None
    received_at: dt.datetime
    due_date: dt.date
    fee_syp: int
    clerk: str
    verification: str
    tz: dt.tzinfo
    documents: list[ReceiptDocument] = field(default_factory=list)
    copy_no: int = 0  # 0 the original; 1, 2... reprints, each marked as a copy
    logo: bytes | None = None
    payment: ReceiptPayment | None = None  # None: not paid (yet)


def render_receipt(data: ReceiptData, tr: Translator, *, paper: str = "80mm") -> bytes:
    ar = tr.language == "ar"
    roll = paper == "80mm"
    flow = new_flow(tr.language, paper, tr("Receipt") + " " + data.receipt_no)
    header(flow, data.center_name, tr("Request receipt"), roll=roll, logo=data.logo)
    if data.copy_no:
        flow.text(
            tr("COPY no. {count} — not the original").format(count=data.copy_no),
            size=11,
            bold=True,
            align="center",
        )
    flow.number(ltr(data.receipt_no), size=16 if roll else 20)
    # On the roll the number runs along it with a QR code beside (codes.py); a barcode gun
    # reads either, the Code128 also with a 1D-only gun.
    barcode(flow, data.receipt_no, qr=True)
    first, second = (
        (data.service_name_ar, data.service_name_en)
        if ar
        else (data.service_name_en, data.service_name_ar)
    )
    flow.field(tr("Service"), first)
    flow.field("", second, size=8)
    flow.field(tr("Agency"), data.agency_name_ar if ar else data.agency_name_en)
    flow.field(tr("Citizen"), data.citizen_name)
    flow.field(tr("National number"), ltr(mask_national_id(data.national_id)))
    if data.phone:
        flow.field(tr("Phone"), ltr(mask_phone(data.phone)))
    flow.rule(dashed=True)
    if data.documents:
        flow.text(tr("Documents received"), size=9, bold=True)
        for doc in data.documents:
            name = doc.name_ar if ar else doc.name_en
            line = f"• {name}: {tr(doc.state)}"
            if doc.note:
                line += f" ({doc.note})"
            flow.text(line, size=8.5)
        flow.rule(dashed=True)
    flow.field(tr("Received"), local(data.received_at, data.tz))
    flow.field(tr("Promised date"), day(data.due_date), size=10)
    if data.fee_syp > 0:  # a free service's receipt says nothing of money
        flow.field(tr("Fee"), money(data.fee_syp, tr))
        flow.field(tr("Payment"), payment_line(data.payment, tr))
    flow.field(tr("Clerk"), data.clerk)
    flow.field(tr("Station"), ltr(data.station))
    flow.field(tr("Verification code"), ltr(data.verification))
    flow.rule()
    flow.text(
        tr(
            "Keep this receipt. We will call you when your request is ready; to follow it up, "
            "visit the center or call it and give the receipt number."
        ),
        size=8,
        align="center",
    )
    flow.spacer(6)
    return flow.render()


def payment_line(payment: ReceiptPayment | None, tr: Callable[[str], str]) -> str:
    """What the receipt says of the fee's payment (also the request view's wording)."""
    if payment is None:
        return tr("Not paid")
    if payment.method == "bank_desk":
        return tr("Paid at the bank desk")
    # str.format, not the Arabic message's own (it isolates with LRI...PDI, which the PDF's
    # bidi pass does not take): the number kept left to right with ltr's embedding instead.
    message = tr("Paid — bank receipt {number}")
    return str.format(message, number=ltr(payment.bank_receipt_no or ""))
