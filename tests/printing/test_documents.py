"""Printed documents read back: barcode decoded from pixels, every Arabic word in the text,
nothing truncated however long the name or the checklist."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from zoneinfo import ZoneInfo

import pytest

from counter_app.i18n import Translator
from counter_app.printing.documents.cover import CoverData, render_cover
from counter_app.printing.documents.handover import HandoverData, HandoverItem, render_handover
from counter_app.printing.documents.receipt import ReceiptData, ReceiptDocument, render_receipt
from counter_app.printing.documents.slip import SlipData, SlipDocument, render_slip
from tests.printing.readback import barcodes, page_size_mm, pdf_pages, pdf_text, words

TZ = ZoneInfo("Asia/Damascus")
RECEIPT = ReceiptData(
    receipt_no="MZH-02-26-000123-52",
    center_name="مركز خدمة المواطن - المزة",
    station="MZH-02",
    service_code="MOI-INDIVIDUAL-STATEMENT",
    service_name_ar="بيان قيد فردي",
    service_name_en="Individual civil-registry statement",
    agency_name_ar="وزارة الداخلية",
    agency_name_en="Ministry of Interior",
    citizen_name="فاطمة عبد الله الأحمد",
    national_id="01020304050",
    phone="0933123456",
    received_at=dt.datetime(2026, 11, 22, 6, 30, tzinfo=dt.UTC),
    due_date=dt.date(2026, 11, 23),
    fee_syp=3000,
    clerk="سامر الكيلاني",
    verification="K7QM-2XJD",
    tz=TZ,
    documents=[
        ReceiptDocument("البطاقة الشخصية", "Identity card", "original_seen"),
        ReceiptDocument("وكالة", "Power of attorney", "waived", "الأصل مفقود"),
    ],
)


@pytest.mark.parametrize("paper", ["80mm", "a5", "a4"])
@pytest.mark.parametrize("language", ["ar", "en"])
def test_receipt_round_trip(paper: str, language: str) -> None:
    pdf = render_receipt(RECEIPT, Translator.for_language(language), paper=paper)
    assert barcodes(pdf) == [RECEIPT.receipt_no]
    text = pdf_text(pdf)
    for word in words(RECEIPT.citizen_name) + words(RECEIPT.service_name_ar):
        assert word in text, word
    assert RECEIPT.receipt_no in text and "2026-11-23" in text
    assert "01020304050" not in text and "0933123456" not in text  # masked on paper
    assert "K7QM-2XJD" in text


def test_arabic_receipt_is_arabic_and_copy_is_marked() -> None:
    tr = Translator.for_language("ar")
    original = pdf_text(render_receipt(RECEIPT, tr))
    assert "إيصال استلام طلب" in original and "نسخة" not in original
    copy = pdf_text(render_receipt(replace(RECEIPT, copy_no=2), tr))
    assert "نسخة رقم" in copy and "ليست الأصل" in copy and "2" in copy


def test_long_name_and_forty_documents_grow_the_roll() -> None:
    long_name = " ".join(["عبد الرحمن محمد"] * 20)[:300]
    docs = [
        ReceiptDocument(f"وثيقة رقم {i} من ملف الطلب", f"Document {i}", "copy_kept")
        for i in range(1, 41)
    ]
    tr = Translator.for_language("ar")
    short = render_receipt(RECEIPT, tr)
    big = render_receipt(replace(RECEIPT, citizen_name=long_name, documents=docs), tr)
    assert page_size_mm(big)[0] == pytest.approx(80, abs=0.1)
    assert page_size_mm(big)[1] > page_size_mm(short)[1] + 150
    assert pdf_pages(big) == 1
    text = pdf_text(big)
    assert text.count("من ملف الطلب") == 40
    numbers = set(re.findall(r"\d+", text))
    assert all(str(i) in numbers for i in range(1, 41))
    assert text.count("عبد") >= long_name.count("عبد")
    assert barcodes(big) == [RECEIPT.receipt_no]
    # On sheets, the same receipt breaks across pages instead of running off the paper.
    a5 = render_receipt(replace(RECEIPT, citizen_name=long_name, documents=docs), tr, paper="a5")
    assert pdf_pages(a5) >= 2
    assert all(
        f"Document {i}"
        in pdf_text(
            render_receipt(
                replace(RECEIPT, documents=docs), Translator.for_language("en"), paper="a5"
            )
        )
        for i in (1, 40)
    )


def test_a_word_longer_than_the_line_is_broken_not_cut() -> None:
    word = "أ" * 120
    pdf = render_receipt(replace(RECEIPT, citizen_name=word), Translator.for_language("ar"))
    assert pdf_text(pdf).count("أ") >= 120


@pytest.mark.parametrize("name", ["Rasha Al-Qabbani", "ريم Rima الحلبي (Aleppo)"])
def test_latin_and_mixed_names(name: str) -> None:
    pdf = render_receipt(replace(RECEIPT, citizen_name=name), Translator.for_language("ar"))
    text = pdf_text(pdf)
    for word in words(name):
        assert word.strip("()") in text


def test_slip_cover_and_handover_read_back() -> None:
    tr = Translator.for_language("ar")
    slip = render_slip(
        SlipData(
            "مركز",
            "MOI-CRIMINAL-RECORD",
            "السجل العدلي",
            "Criminal record",
            "وزارة الداخلية",
            "Ministry of Interior",
            2,
            5000,
            [SlipDocument("البطاقة الشخصية", "Identity card", "original_seen")],
            ["اسم الأم"],
            ["Mother's name"],
        ),
        tr,
    )
    assert "البطاقة الشخصية" in pdf_text(slip) and "اسم الأم" in pdf_text(slip)
    cover = render_cover(
        CoverData(
            RECEIPT.receipt_no,
            "مركز",
            "بيان فردي",
            "Individual statement",
            RECEIPT.citizen_name,
            RECEIPT.received_at,
            2,
            TZ,
        ),
        tr,
    )
    assert barcodes(cover) == [RECEIPT.receipt_no]
    items = [HandoverItem(f"MZH-02-26-{i:06d}-X", "سلمى", "بيان", "Statement") for i in range(60)]
    handover = render_handover(
        HandoverData(
            "HO-MZH-02-261122-01", "مركز", "MZH-02", "سامر", RECEIPT.received_at, TZ, items
        ),
        tr,
    )
    assert "HO-MZH-02-261122-01" in barcodes(handover)
    text = pdf_text(handover)
    assert all(f"MZH-02-26-{i:06d}-X" in text for i in range(60))
