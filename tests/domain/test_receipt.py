"""Receipt numbers: format, round trip, and the check character's error detection."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain.errors import ValidationError
from counter_app.domain.receipt import (
    ALPHABET,
    ReceiptNumber,
    check_character,
    is_valid,
    validate_center_code,
    validate_station,
)

receipts = st.builds(
    ReceiptNumber,
    center=st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=6),
    station=st.integers(1, 99),
    year=st.integers(0, 99),
    seq=st.integers(1, 999_999_999),
)
PRINTABLE = ALPHABET + "*"


def test_printed_form() -> None:
    number = ReceiptNumber("MZH", 2, 26, 123)
    assert str(number) == "MZH-02-26-000123-7"
    assert check_character("MZH-02-26-000123") == "7"


@given(receipts)
def test_round_trip(number: ReceiptNumber) -> None:
    text = str(number)
    assert is_valid(text)
    assert ReceiptNumber.parse(text) == number
    assert ReceiptNumber.looks_like(text)


@given(receipts, st.data())
def test_every_single_character_error_is_detected(
    number: ReceiptNumber, data: st.DataObject
) -> None:
    text = str(number)
    pos = data.draw(st.integers(0, len(text) - 1))
    wrong = data.draw(st.sampled_from(PRINTABLE).filter(lambda c: c != text[pos]))
    typo = text[:pos] + wrong + text[pos + 1 :]
    assert not is_valid(typo)
    with pytest.raises(ValidationError):
        ReceiptNumber.parse(typo)


@given(receipts, st.data())
def test_every_adjacent_transposition_is_detected(
    number: ReceiptNumber, data: st.DataObject
) -> None:
    text = str(number)
    pos = data.draw(st.integers(0, len(text) - 2))
    if text[pos] == text[pos + 1]:
        return  # swapping equal characters is not an error
    swapped = text[:pos] + text[pos + 1] + text[pos] + text[pos + 2 :]
    assert not is_valid(swapped)


def test_exhaustively_for_one_number() -> None:
    """Every substitution and transposition of one number, not just sampled ones."""
    text = str(ReceiptNumber("MSA", 11, 25, 4_567))
    for pos, original in enumerate(text):
        for wrong in PRINTABLE:
            if wrong != original:
                assert not is_valid(text[:pos] + wrong + text[pos + 1 :])
    for pos in range(len(text) - 1):
        if text[pos] != text[pos + 1]:
            assert not is_valid(text[:pos] + text[pos + 1] + text[pos] + text[pos + 2 :])


def test_parse_accepts_what_a_clerk_types() -> None:
    expected = ReceiptNumber("MZH", 2, 26, 123)
    assert ReceiptNumber.parse(" mzh-02-26-000123-7 ") == expected
    assert ReceiptNumber.parse("MZH-٠٢-٢٦-٠٠٠١٢٣-٧") == expected


@pytest.mark.parametrize(
    ("raw", "needle"),
    [
        ("MZH-02-26-000123-8", "check character"),
        ("MZH-02-26-123-7", "not a receipt number"),
        ("hello", "not a receipt number"),
        ("", "not a receipt number"),
        ("MZH-00-26-000123-" + check_character("MZH-00-26-000123"), "not a receipt number"),
    ],
)
def test_bad_numbers_are_refused(raw: str, needle: str) -> None:
    with pytest.raises(ValidationError) as info:
        ReceiptNumber.parse(raw)
    assert needle in info.value.render()


def test_station_identity_rules() -> None:
    assert validate_center_code(" mzh ") == "MZH"
    for bad in ("M", "TOOLONGX", "MZ1", "مزة", ""):
        with pytest.raises(ValidationError):
            validate_center_code(bad)
    assert validate_station(99) == 99
    for bad_no in (0, 100, -1):
        with pytest.raises(ValidationError):
            validate_station(bad_no)
