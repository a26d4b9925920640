"""Receipt numbers: format, round trip, the check digits' error detection, legacy numbers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain.errors import ValidationError
from counter_app.domain.receipt import (
    ALPHABET,
    ReceiptNumber,
    check_character,
    check_digits,
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


def _same_or_refused(typo: str, number: ReceiptNumber) -> None:
    """A typo is refused, or is one parsing reads as the same number anyway (O typed for 0)."""
    if is_valid(typo):
        raise AssertionError(f"{typo} passes the check ({number})")
    try:
        parsed = ReceiptNumber.parse(typo)
    except ValidationError:
        return
    assert parsed == number and str(parsed) == str(number), (typo, str(number))


def test_printed_form() -> None:
    number = ReceiptNumber("MZH", 2, 26, 123)
    assert str(number) == "MZH-02-26-000123-52"
    assert check_digits("MZH-02-26-000123") == "52"
    # ISO 7064 MOD 97-10: the value (letters as 10..35) followed by the check leaves 1 mod 97.
    assert int("223517" + "0226000123" + "52") % 97 == 1


def test_check_is_digits_only() -> None:
    """No '*', no letter to spell on the phone: 2,000 consecutive numbers."""
    for seq in range(1, 2001):
        check = str(ReceiptNumber("MZH", 2, 26, seq)).rsplit("-", 1)[1]
        assert len(check) == 2 and check.isdigit(), (seq, check)


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
    _same_or_refused(text[:pos] + wrong + text[pos + 1 :], number)


@given(receipts, st.data())
def test_every_adjacent_transposition_is_detected(
    number: ReceiptNumber, data: st.DataObject
) -> None:
    text = str(number)
    pos = data.draw(st.integers(0, len(text) - 2))
    if text[pos] == text[pos + 1]:
        return  # swapping equal characters is not an error
    swapped = text[:pos] + text[pos + 1] + text[pos] + text[pos + 2 :]
    _same_or_refused(swapped, number)


def _every_typo(text: str) -> list[str]:
    subs = [
        text[:pos] + wrong + text[pos + 1 :]
        for pos, original in enumerate(text)
        for wrong in PRINTABLE + "abcxyz"
        if wrong != original
    ]
    swaps = [
        text[:pos] + text[pos + 1] + text[pos] + text[pos + 2 :]
        for pos in range(len(text) - 1)
        if text[pos] != text[pos + 1]
    ]
    return subs + swaps


@pytest.mark.parametrize(
    "number",
    [
        ReceiptNumber("MSA", 11, 25, 4_567),
        ReceiptNumber("MZH", 2, 26, 123),
        ReceiptNumber("ABCDEF", 99, 99, 999_999_999),  # the longest shape
        ReceiptNumber("QZ", 1, 0, 1),
    ],
)
def test_exhaustively_for_real_numbers(number: ReceiptNumber) -> None:
    """Every substitution (by any character of the alphabet, '*', lower case) and every
    adjacent transposition of whole real numbers, not just sampled ones: each is refused or
    reads as the very same number."""
    for typo in _every_typo(str(number)):
        _same_or_refused(typo, number)


def test_every_substitution_and_swap_over_the_digit_positions() -> None:
    """Exhaustive over the format where errors matter most, the sequence and the check:
    sequences 1..3,000 of one station, every digit position, every wrong digit."""
    for seq in range(1, 3001):
        text = str(ReceiptNumber("MZH", 2, 26, seq))
        for pos in range(7, len(text)):
            if text[pos] == "-":
                continue
            for digit in "0123456789":
                if digit != text[pos]:
                    assert not is_valid(text[:pos] + digit + text[pos + 1 :])
            if pos + 1 < len(text) and text[pos + 1] not in ("-", text[pos]):
                assert not is_valid(text[:pos] + text[pos + 1] + text[pos] + text[pos + 2 :])


def test_a_moved_hyphen_never_makes_a_legacy_number() -> None:
    """A hyphen swapped with a neighbouring digit gives the shape of a legacy number (one
    check character) or a longer sequence; none of them may pass, for 6,000 sequences around
    the places where the sequence's length or leading zeros change."""
    for seq in [*range(1, 3001), *range(998_500, 1_001_500)]:
        text = str(ReceiptNumber("MZH", 2, 26, seq))
        for pos in range(len(text) - 1):
            if "-" in text[pos : pos + 2] and text[pos] != text[pos + 1]:
                swapped = text[:pos] + text[pos + 1] + text[pos] + text[pos + 2 :]
                assert not is_valid(swapped), (text, swapped)


def test_parse_accepts_what_a_clerk_types() -> None:
    expected = ReceiptNumber("MZH", 2, 26, 123)
    assert ReceiptNumber.parse(" mzh-02-26-000123-52 ") == expected
    assert ReceiptNumber.parse("MZH-٠٢-٢٦-٠٠٠١٢٣-٥٢") == expected
    # O, I and L where only digits stand are the digits they look like.
    for typed in (
        "MZH-O2-26-000I23-52",
        "mzh-02-26-ooo123-52",
        "MZH-02-26-OOOl23-52",
        "MZH - 02 - 26 - 000123 - 52",
    ):
        parsed = ReceiptNumber.parse(typed)
        assert parsed == expected and str(parsed) == "MZH-02-26-000123-52", typed
        assert ReceiptNumber.looks_like(typed)
    assert ReceiptNumber.parse("MOI-02-26-000123-" + check_digits("MOI-02-26-000123")).center == (
        "MOI"  # a center's letters are never read as digits
    )


def test_legacy_numbers_stay_valid_and_keep_their_form() -> None:
    """Numbers printed before the check digits (one MOD 37-2 character, 1 in 37 of them '*')
    parse, print and compare as they were; a new number never takes that form."""
    legacy = "MZH-02-26-000123-7"
    assert check_character("MZH-02-26-000123") == "7" and is_valid(legacy)
    parsed = ReceiptNumber.parse(" mzh-02-26-000123-7 ")
    assert parsed.legacy and str(parsed) == legacy
    assert parsed == ReceiptNumber("MZH", 2, 26, 123)  # the same request, whatever its check
    star = next(
        f"MZH-02-26-{seq:06d}-*"
        for seq in range(1, 200)
        if check_character(f"MZH-02-26-{seq:06d}") == "*"
    )
    assert is_valid(star) and str(ReceiptNumber.parse(star)) == star
    assert ReceiptNumber.looks_like(star)
    for typo in _every_typo(legacy):  # MOD 37-2 still guards the legacy ones
        if typo.upper() != legacy:
            assert not is_valid(typo), typo
    assert not ReceiptNumber("MZH", 2, 26, 123).legacy


@pytest.mark.parametrize(
    ("raw", "needle"),
    [
        ("MZH-02-26-000123-53", "check digits"),
        ("MZH-02-26-000123-8", "check character"),
        ("MZH-02-26-000123-5", "check character"),  # a check digit left out: refused
        ("MZH-02-26-000123-522", "not a receipt number"),
        ("MZH-02-26-123-7", "not a receipt number"),
        ("hello", "not a receipt number"),
        ("", "not a receipt number"),
        ("MZH-00-26-000123-" + check_digits("MZH-00-26-000123"), "not a receipt number"),
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
