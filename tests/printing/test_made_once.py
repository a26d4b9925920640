"""What a print job makes once per process instead of once per document stays exact: the QR
code is the one reportlab's encoder makes, font subsets shared between documents never carry
one document's characters into another, and a document renders the same bytes every time."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from reportlab.graphics.barcode import qrencoder

from counter_app.i18n import Translator
from counter_app.printing.codes import _QRCode, lost_points, qr_matrix
from counter_app.printing.documents.receipt import render_receipt
from tests.printing.readback import barcodes, pdf_text, words
from tests.printing.test_documents import RECEIPT

_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-abc/"


def _values() -> list[str]:
    rnd = random.Random(14)
    values = [RECEIPT.receipt_no, "HO-MZH-02-261122-01-38", "B-2026-006", "x"]
    # lengths up to versions past 7, where the version information is written too
    values += [
        "".join(rnd.choice(_ALPHABET) for _ in range(rnd.randint(1, 300))) for _ in range(60)
    ]
    return values


@pytest.mark.parametrize("level", ["L", "M", "Q", "H"])
def test_the_qr_code_is_reportlabs(level: str) -> None:
    correction = getattr(qrencoder.QRErrorCorrectLevel, level)
    versions = set()
    for value in _values():
        theirs = qrencoder.QRCode(None, correction)
        theirs.addData(value)
        theirs.make()
        ours = _QRCode(None, correction)
        ours.addData(value)
        ours.make()
        assert ours.modules == theirs.modules, value
        versions.add(theirs.version)
    assert max(versions) >= 7


def test_the_mask_penalty_is_reportlabs() -> None:
    for value in _values()[:20]:
        code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
        code.addData(value)
        code.version = code.calculate_version()
        for mask in range(8):
            code.makeImpl(True, mask)
            assert lost_points(code.modules) == qrencoder.QRUtil.getLostPoint(code), (value, mask)


def test_qr_matrix_is_the_codes_modules() -> None:
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(RECEIPT.receipt_no)
    code.make()
    count = code.getModuleCount()
    assert qr_matrix(RECEIPT.receipt_no) == [
        [bool(code.isDark(r, c)) for c in range(count)] for r in range(count)
    ]


def test_documents_sharing_font_subsets_keep_their_own_text() -> None:
    """A name with letters outside the characters every document's first subset holds (here
    Persian and Latin-1 ones, coded per document) between two ordinary receipts: each
    document copies and scans as its own text, and the first renders the same bytes again."""
    tr = Translator.for_language("ar")
    first = render_receipt(RECEIPT, tr)
    unusual = replace(
        RECEIPT,
        receipt_no="MZH-02-26-000124-25",
        citizen_name="پژمان چگینی",
        clerk="Zoë Müller",
    )
    middle = render_receipt(unusual, tr)
    assert render_receipt(RECEIPT, tr) == first
    text = pdf_text(middle)
    for word in [*words("پژمان چگینی"), "Zoë", "Müller"]:
        assert word in text, word
    assert "فاطمة" not in text
    assert barcodes(middle) == ["MZH-02-26-000124-25"]
    again = pdf_text(render_receipt(RECEIPT, tr))
    for word in words(RECEIPT.citizen_name):
        assert word in again, word
    assert "پژمان" not in again and "Müller" not in again


@pytest.mark.parametrize("rtl", [True, False])
def test_lines_in_reading_order_are_placed_as_the_bidi_algorithm_places_them(
    rtl: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    from counter_app.printing import text as typeset
    from counter_app.printing.text import LRE, PDF

    lines = [
        LRE + "MZH-02-26-000123-52" + PDF,
        LRE + "2026-11-22 09:30" + PDF,
        LRE + "010******50" + PDF,
        LRE + "(K7QM) 2XJD" + PDF,
        "Individual civil-registry statement (copy)",
        LRE + " 12" + PDF,  # a space at the end of a line is placed by the paragraph
        LRE + "3,000" + PDF + " ل.س",
        "بيان قيد فردي",
    ]
    fast = {line: typeset._left_to_right(line, rtl) for line in lines}
    assert fast[lines[0]] is not None and fast[lines[-1]] is None
    monkeypatch.setattr(typeset, "_left_to_right", lambda line, rtl: None)
    for line, placed in fast.items():
        if placed is not None:
            assert placed == typeset._placed.__wrapped__(line, rtl), line
