"""Translations of user-visible text, read from Qt Linguist ``.ts`` files.

The desktop UI compiles the same files to ``.qm`` for QTranslator; the CLI (which must start
without Qt) reads the XML directly. One source of truth for both.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from counter_app.paths import resources_dir

LANGUAGES = ("ar", "en")
DEFAULT_LANGUAGE = "ar"
CONTEXT = "counter"


def ts_path(language: str) -> Path:
    return resources_dir() / "i18n" / f"counter_app_{language}.ts"


def load_ts(path: Path, context: str = CONTEXT) -> dict[str, str]:
    """Finished translations of one context (unfinished ones fall back to English)."""
    if not path.exists():
        return {}
    table: dict[str, str] = {}
    for ctx in ET.parse(path).getroot().iter("context"):
        if ctx.findtext("name") != context:
            continue
        for msg in ctx.iter("message"):
            source = msg.findtext("source")
            tr = msg.find("translation")
            if source is None or tr is None or tr.get("type") in {"unfinished", "obsolete"}:
                continue
            if tr.text:
                table[source] = tr.text
    return table


@dataclass
class Translator:
    language: str
    table: dict[str, str] = field(default_factory=dict)

    @classmethod
    def for_language(cls, language: str | None) -> Translator:
        lang = (language or os.environ.get("COUNTER_APP_LANG") or DEFAULT_LANGUAGE).lower()
        lang = lang.split("_")[0].split(".")[0]
        if lang not in LANGUAGES:
            lang = "en"
        table = load_ts(ts_path(lang))
        return cls(lang, table)

    def __call__(self, msgid: str) -> str:
        return self.table.get(msgid, msgid)
