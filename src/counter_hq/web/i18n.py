"""The pages' translations: a tiny gettext equivalent.

Templates and use cases write English msgids (``_("Work queue")``; errors carry theirs,
counter_hq.errors.HQError.text); ``locale/ar.json`` maps each to its Arabic. A msgid without
an entry shows in English; tests/hq/web/test_web_i18n.py fails on any msgid in a template or
an office module that has none. The file is read once per process.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).with_name("locale")
LANGUAGES = ("ar", "en")
DEFAULT_LANGUAGE = "ar"


@cache
def catalog(language: str) -> Mapping[str, str]:
    if language == "en":
        return {}
    path = LOCALE_DIR / f"{language}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path} is not a JSON object")
    return {str(k): str(v) for k, v in data.items()}


class Translator:
    def __init__(self, language: str) -> None:
        self.language = language if language in LANGUAGES else DEFAULT_LANGUAGE
        self._table = catalog(self.language)

    @property
    def direction(self) -> str:
        return "rtl" if self.language == "ar" else "ltr"

    def __call__(self, msgid: str, **params: object) -> str:
        text = self._table.get(msgid, msgid)
        if params:
            try:
                return text.format(**params)
            except (KeyError, IndexError, ValueError):
                return text
        return text
