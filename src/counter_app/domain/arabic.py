"""Arabic (and Latin) text as typed at the counter: cleaning for storage, folding for search.

Storage keeps what the clerk typed (NFC, trimmed, single spaces). Search folds the spelling
variants that Arabic writers use interchangeably, so "أحمد" finds "احمد", "عبدالله" finds
"عبد الله" and "فاطمة" finds "فاطمه". Both sides of a search go through the same folding.
"""

from __future__ import annotations

import re
import unicodedata

from counter_app.domain.digits import normalize_digits
from counter_app.domain.errors import N_, ValidationError

PERSON_NAME_LIMIT = 150

# Characters a form must never store: C0/C1 controls other than tab/newline, and bidi
# overrides that can make a stored name display differently from what it is.
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"\s+")
# Tashkeel (fathatan .. sukun, superscript alef, Quranic annotation marks) and tatweel.
_DIACRITICS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ٲ": "ا",
        "ٳ": "ا",
        "ى": "ي",
        "ی": "ي",  # Persian yeh, from Persian keyboard layouts
        "ئ": "ي",
        "ؤ": "و",
        "ة": "ه",
        "ک": "ك",  # Persian keheh
        "ء": "",
    }
)
# Anything that is not a letter or digit separates words (hyphens, dots, quotes, commas).
_NON_WORD = re.compile(r"[^\w]+")
# "عبد" is written joined to the following "ال..." name or apart; search treats both alike.
_ABD = re.compile(r"\bعبد (?=ال)")


def clean_input_text(raw: str, *, field: str, max_length: int) -> str:
    """NFC, trimmed, inner whitespace collapsed; control characters and overlength refused."""
    if _FORBIDDEN.search(raw):
        raise ValidationError(
            N_("{field}: contains control characters that cannot be stored"), field=field
        )
    text = _SPACES.sub(" ", unicodedata.normalize("NFC", raw)).strip()
    if len(text) > max_length:
        raise ValidationError(
            N_("{field}: at most {limit} characters, {count} given"),
            field=field,
            limit=max_length,
            count=len(text),
        )
    return text


def parse_person_name(raw: str, *, field: str = "name") -> str:
    """A citizen's full name: required, letters present, at most PERSON_NAME_LIMIT characters."""
    text = clean_input_text(raw, field=field, max_length=PERSON_NAME_LIMIT)
    if not text:
        raise ValidationError(N_("{field}: this field is required"), field=field)
    if not any(c.isalpha() for c in text):
        raise ValidationError(N_("{field}: a name must contain letters"), field=field)
    if any(c.isdigit() for c in normalize_digits(text)):
        raise ValidationError(N_("{field}: a name cannot contain digits"), field=field)
    return text


def normalize_for_search(text: str) -> str:
    """The folded form used as a search key (names, organizations, choice labels)."""
    folded = unicodedata.normalize("NFKC", normalize_digits(text))
    folded = _DIACRITICS.sub("", folded).translate(_FOLD).casefold()
    folded = _SPACES.sub(" ", _NON_WORD.sub(" ", folded)).strip()
    return _ABD.sub("عبد", folded)


def search_tokens(text: str) -> list[str]:
    """Words of a search query after folding; empty when nothing searchable is left."""
    return [t for t in normalize_for_search(text).split(" ") if t]
