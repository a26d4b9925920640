"""National numbers and mobile numbers in every form a clerk may type them."""

from __future__ import annotations

import pytest

from counter_app.domain.digits import normalize_digits
from counter_app.domain.errors import ValidationError
from counter_app.domain.identity import parse_mobile, parse_national_id


def test_digits_of_every_script() -> None:
    assert normalize_digits("٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹ abc") == "0123456789 0123456789 abc"


@pytest.mark.parametrize("raw", ["01020304050", "٠١٠٢٠٣٠٤٠٥٠", "۰۱۰۲۰۳۰۴۰۵۰", "010-2030-4050 "])
def test_national_id_forms(raw: str) -> None:
    assert parse_national_id(raw) == "01020304050"


@pytest.mark.parametrize(
    ("raw", "needle"),
    [
        ("0102030405", "11 digits"),
        ("010203040501", "11 digits"),
        ("01020abc050", "digits only"),
        ("", "required"),
        ("¹²³⁴⁵⁶⁷⁸⁹⁰¹", "digits only"),
    ],
)
def test_bad_national_ids(raw: str, needle: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_national_id(raw)
    assert needle in info.value.render()


@pytest.mark.parametrize(
    "raw",
    [
        "0944123456",
        "944123456",
        "+963944123456",
        "00963944123456",
        "+963 944 123 456",
        "٠٩٤٤١٢٣٤٥٦",
        "+۹۶۳۹۴۴۱۲۳۴۵۶",
        "0944-123-456",
        "963944123456",
    ],
)
def test_mobile_forms(raw: str) -> None:
    assert parse_mobile(raw) == "0944123456"


@pytest.mark.parametrize(
    "raw",
    [
        "0112234567",
        "011 223 4567",
        "+96311223456",
        "09441234",
        "09441234567",
        "phone",
        "+1 555 0100",
    ],
)
def test_not_a_mobile(raw: str) -> None:
    with pytest.raises(ValidationError, match="mobile"):
        parse_mobile(raw)
