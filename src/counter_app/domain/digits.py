"""Digits as clerks type them: Arabic-Indic (٠-٩) and Persian (۰-۹) become ASCII 0-9."""

from __future__ import annotations

_DIGITS = str.maketrans(
    "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹",
    "01234567890123456789",
)


def normalize_digits(text: str) -> str:
    """Every Arabic-Indic or Persian digit replaced by its ASCII digit; nothing else changed."""
    return text.translate(_DIGITS)
