"""Arabic text: cleaning for storage and folding for search."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain.arabic import (
    clean_input_text,
    normalize_for_search,
    parse_person_name,
    search_tokens,
)
from counter_app.domain.errors import ValidationError


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("أحمد", "احمد"),
        ("إبراهيم", "ابراهيم"),
        ("آمنة", "امنه"),
        ("مصطفى", "مصطفي"),
        ("فاطمة", "فاطمه"),
        ("عبد الله", "عبدالله"),
        ("عبد  الرحمن", "عبدالرحمن"),
        ("مُحَمَّد", "محمد"),
        ("محـــمد", "محمد"),
        ("  سامر   الكيلاني ", "سامر الكيلاني"),
        ("Rasha AL-Qabbani", "rasha al qabbani"),
        ("علی", "علي"),  # Persian yeh from a Persian keyboard layout
        ("ﻣﺤﻤﺪ", "محمد"),  # presentation forms from a PDF copy-paste
    ],
)
def test_spelling_variants_fold_together(a: str, b: str) -> None:
    assert normalize_for_search(a) == normalize_for_search(b)


def test_different_names_stay_different() -> None:
    assert normalize_for_search("سمير") != normalize_for_search("سامر")
    assert normalize_for_search("عبد الله") != normalize_for_search("عبد")


@given(st.text(max_size=200))
def test_folding_is_idempotent(text: str) -> None:
    once = normalize_for_search(text)
    assert normalize_for_search(once) == once
    assert "  " not in once and once == once.strip()


def test_search_tokens() -> None:
    assert search_tokens("فاطمه، عبدالله!") == ["فاطمه", "عبدالله"]
    assert search_tokens(" - . ") == []


def test_clean_input_keeps_text_and_refuses_controls() -> None:
    assert clean_input_text("  دمشق \n المزة ", field="x", max_length=50) == "دمشق المزة"
    for bad in ("أحمد\x00محمد", "a\x1bb", "\u202eabc"):
        with pytest.raises(ValidationError, match="control characters"):
            clean_input_text(bad, field="x", max_length=50)
    with pytest.raises(ValidationError, match="at most 5"):
        clean_input_text("abcdefg", field="x", max_length=5)


@pytest.mark.parametrize(
    ("raw", "needle"),
    [
        ("", "required"),
        ("   ", "required"),
        ("...", "letters"),
        ("أحمد 2", "digits"),
        ("أ" * 151, "at most 150"),
    ],
)
def test_person_name_rules(raw: str, needle: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_person_name(raw)
    assert needle in info.value.render()
    assert parse_person_name(" فاطمة  عبد الله ") == "فاطمة عبد الله"
