"""Handover batch numbers (check digits; legacy check character), diwan register numbers and
box codes."""

from __future__ import annotations

import datetime as dt

import pytest

from counter_app.domain.archive_box import clean_shelf, parse_box_code
from counter_app.domain.batch_number import BatchNumber
from counter_app.domain.errors import ValidationError
from counter_app.domain.receipt import ALPHABET, check_character, check_digits
from counter_app.domain.register_number import RegisterNumber

BATCH = BatchNumber("MZH", 2, dt.date(2026, 11, 22), 1)


def test_batch_number_round_trip_in_any_digits() -> None:
    text = str(BATCH)
    assert text == "HO-MZH-02-261122-01-38"  # two check digits, ISO 7064 MOD 97-10
    assert BatchNumber.parse(text) == BATCH
    arabic = text.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert BatchNumber.parse(" " + arabic.lower() + " ") == BATCH


def test_every_single_misread_of_a_batch_number_is_refused() -> None:
    text = str(BATCH)
    for i, char in enumerate(text):
        for other in ALPHABET + "*":
            if other == char:
                continue
            misread = text[:i] + other + text[i + 1 :]
            try:
                parsed = BatchNumber.parse(misread)
            except ValidationError:
                continue
            # Only O, I or L typed for a digit may pass, read as that digit.
            assert other in "OIL" and str(parsed) == text, misread
    for i in range(len(text) - 1):
        swapped = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        if swapped != text:
            with pytest.raises(ValidationError):
                BatchNumber.parse(swapped)


# A well-formed number whose check character matches but whose day does not exist.
_NO_SUCH_DAY = "HO-MZH-02-261340-01"


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "HO-MZH-02-261122-01",
        "MZH-02-26-000001-7",
        f"{_NO_SUCH_DAY}-{check_digits(_NO_SUCH_DAY)}",
        f"{_NO_SUCH_DAY}-{check_character(_NO_SUCH_DAY)}",
        "HO-MZH-02-261122-00-" + check_digits("HO-MZH-02-261122-00"),
        "HO-MZH-02-261122-01-381",
        "xx",
    ],
)
def test_malformed_batch_numbers(raw: str) -> None:
    with pytest.raises(ValidationError, match="is not a handover batch number"):
        BatchNumber.parse(raw)


def test_wrong_check_is_named() -> None:
    text = str(BATCH)
    wrong = text[:-1] + ("0" if text[-1] != "0" else "1")
    with pytest.raises(ValidationError, match="check digits"):
        BatchNumber.parse(wrong)
    with pytest.raises(ValidationError, match="check character"):
        BatchNumber.parse("HO-MZH-02-261122-01-T")


def test_legacy_batch_numbers_stay_valid_and_keep_their_form() -> None:
    """Slips printed before the check digits carry one MOD 37-2 character."""
    legacy = "HO-MZH-02-261122-01-S"
    assert check_character(legacy[:-2]) == "S"
    parsed = BatchNumber.parse(" ho-mzh-02-261122-01-s ")
    assert parsed == BATCH and parsed.legacy and str(parsed) == legacy
    assert BatchNumber.parse("HO-MZH-O2-261122-0I-38") == BATCH  # O and I typed for digits


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1234/2026", (2026, 1234)), ("١٢٣٤ / ٢٠٢٦", (2026, 1234)), ("7\u22152027", (2027, 7))],
)
def test_register_numbers(raw: str, expected: tuple[int, int]) -> None:
    parsed = RegisterNumber.parse(raw)
    assert (parsed.year, parsed.number) == expected
    assert str(parsed) == f"{expected[1]}/{expected[0]}"


@pytest.mark.parametrize("raw", ["", "1234", "1234-2026", "0/2026", "12/26", "a/2026", "1/1999"])
def test_malformed_register_numbers(raw: str) -> None:
    with pytest.raises(ValidationError, match="is not a register number"):
        RegisterNumber.parse(raw)


def test_box_codes_and_shelves() -> None:
    assert parse_box_code(" b-٢٠٢٦-07 ") == "B-2026-07"
    for bad in ("", "-A", "A-", "صندوق", "A B/C", "X" * 21):
        with pytest.raises(ValidationError):
            parse_box_code(bad)
    assert clean_shelf("  رف ٣ ") == "رف 3"
    with pytest.raises(ValidationError):
        clean_shelf("   ")
