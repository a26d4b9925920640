"""The receipt says the fee and whether it is paid (issue 16), read back from the PDF with
pypdfium2 as a copy or a search would: Arabic first, English second."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from counter_app.domain.payment import PaymentInput, PaymentMethod
from counter_app.services.payments import record_payment
from counter_app.services.printing import render_document
from tests.conftest import Station
from tests.test_payments import CRIMINAL, FREE, new_request


def receipt_text(station: Station, receipt: str, language: str) -> str:
    pdf = render_document(
        station.ctx, station.clerk, "receipt", receipt, paper="80mm", language=language
    )
    doc = pdfium.PdfDocument(pdf)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in doc)
    finally:
        doc.close()


def test_an_unpaid_fee_then_a_bank_payment(station: Station) -> None:
    receipt = new_request(station, CRIMINAL)
    en = receipt_text(station, receipt, "en")
    assert "5,000 SYP" in en and "Not paid" in en and "Paid" not in en.replace("Not paid", "")
    ar = receipt_text(station, receipt, "ar")
    assert "غير مدفوع" in ar and "5,000" in ar
    record_payment(
        station.ctx,
        station.clerk,
        receipt,
        PaymentInput(5000, PaymentMethod.BANK_RECEIPT, "CBS-4471"),
    )
    en = receipt_text(station, receipt, "en")
    # The value wraps on the roll: the number may be on the next line.
    assert "Paid — bank receipt" in en and "CBS-4471" in en and "Not paid" not in en
    ar = receipt_text(station, receipt, "ar")
    assert "مدفوع — إيصال المصرف" in ar and "CBS-4471" in ar and "غير مدفوع" not in ar


def test_a_fee_paid_at_the_bank_desk_at_intake(station: Station) -> None:
    receipt = new_request(station, CRIMINAL, PaymentInput(5000, PaymentMethod.BANK_DESK))
    assert "Paid at the bank desk" in receipt_text(station, receipt, "en")
    assert "مدفوع في كوة المصرف بالمركز" in receipt_text(station, receipt, "ar")


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_free_service_has_no_money_line(station: Station, language: str) -> None:
    text = receipt_text(station, new_request(station, FREE), language)
    for word in ("Fee", "Payment", "paid", "SYP", "free of charge", "الرسم", "مدفوع", "ل.س"):
        assert word not in text, (word, text)
