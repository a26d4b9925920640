"""Translations of user-visible text, read from Qt Linguist ``.ts`` files.

The desktop UI compiles the same files to ``.qm`` for QTranslator; the CLI (which must start
without Qt) reads the XML directly. One source of truth for both.

Two things happen here once, so no call site has to remember them:
- plurals: ``tr_n(msgid, n)`` picks the form Arabic grammar wants for ``n`` (CLDR rules, the same
  six forms, in the same order, as Qt's numerus messages);
- bidi isolation: in Arabic, parameters formatted into a translated message that carry Latin
  letters or digit runs (receipt and batch numbers, ``1234/2026``, file names) are wrapped in
  Unicode isolates, so a terminal or label cannot reorder them into the sentence around them.
"""

from __future__ import annotations

import os
import re
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from counter_app.domain.errors import N_n as N_n  # re-exported: the CLI marks plurals with it
from counter_app.paths import resources_dir

LANGUAGES = ("ar", "en")
DEFAULT_LANGUAGE = "ar"
RTL_LANGUAGES = frozenset({"ar"})
CONTEXT = "counter"
# Number of plural forms per language, in Qt's (and CLDR's) order.
PLURAL_FORMS = {"ar": 6, "en": 2}

FSI, LRI, PDI = "\u2068", "\u2066", "\u2069"
_LATIN_OR_DIGIT = re.compile(r"[A-Za-z0-9\u0660-\u0669]")
_RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_PURE_NUMBER = re.compile(r"[0-9\u0660-\u0669]+")


def plural_index(language: str, n: int) -> int:
    """Which numerus form a count takes: Arabic zero/one/two/few/many/other, English one/other."""
    n = abs(int(n))
    if language == "ar":
        if n <= 2:
            return n
        rest = n % 100
        if 3 <= rest <= 10:
            return 3
        if 11 <= rest <= 99:
            return 4
        return 5
    return 0 if n == 1 else 1


def isolate(value: Any) -> Any:
    """A parameter as it may stand inside an Arabic sentence.

    Text with Latin letters or digit runs is isolated: LRI...PDI when it has no right-to-left
    letter (a receipt number reads left to right whatever surrounds it), FSI...PDI when it mixes
    both (a file name in Arabic). Plain numbers and pure Arabic words need nothing; non-text
    values are left alone so format specs such as ``{n:,}`` keep working.
    """
    if isinstance(value, PurePath):
        value = str(value)
    if not isinstance(value, str) or not value or value[0] in (FSI, LRI):
        return value
    if _PURE_NUMBER.fullmatch(value) or not _LATIN_OR_DIGIT.search(value):
        return value
    return (FSI if _RTL.search(value) else LRI) + value + PDI


class Message(str):
    """A translated message for a right-to-left language: ``format`` isolates its parameters."""

    __slots__ = ()

    def format(self, *args: Any, **kwargs: Any) -> str:
        return str.format(
            self, *(isolate(a) for a in args), **{k: isolate(v) for k, v in kwargs.items()}
        )


def stored_message(text: str | None, translate: Callable[[str], str]) -> str:
    """A stored error ``"<English msgid>: <technical detail>"`` in the reader's language.

    Print and sync errors are kept so (the print queue, the sync state): the sentence is
    translated when shown, the detail (a printer's or the network's own words) follows it.
    Text that is not a msgid passes unchanged.
    """
    if not text:
        return ""
    reason, sep, detail = text.partition(": ")
    return translate(reason) + sep + detail


def ts_path(language: str) -> Path:
    return resources_dir() / "i18n" / f"counter_app_{language}.ts"


def _finished(msg: ET.Element) -> ET.Element | None:
    tr = msg.find("translation")
    if tr is None or tr.get("type") in {"unfinished", "obsolete", "vanished"}:
        return None
    return tr


@dataclass(frozen=True)
class _Tables:
    singular: dict[str, str]
    plural: dict[str, list[str]]


# Parsed .ts files, by path and context, with the file's identity when it was read (mtime,
# size, inode): the Arabic file is over 100 KB of XML and every printed document asks for a
# translator, so it is parsed once per process and again only when the file changes.
_PARSED: dict[tuple[str, str], tuple[tuple[int, int, int], _Tables]] = {}
_PARSED_LOCK = threading.Lock()


def _parse(path: Path, context: str) -> _Tables:
    singular: dict[str, str] = {}
    plural: dict[str, list[str]] = {}
    for ctx in ET.parse(path).getroot().iter("context"):
        if ctx.findtext("name") != context:
            continue
        for msg in ctx.iter("message"):
            source = msg.findtext("source")
            tr = _finished(msg)
            if source is None or tr is None:
                continue
            if msg.get("numerus") == "yes":
                forms = [f.text or "" for f in tr.iter("numerusform")]
                if forms and all(forms):
                    plural[source] = forms
            elif tr.text:
                singular[source] = tr.text
    return _Tables(singular, plural)


def _tables(path: Path, context: str) -> _Tables:
    """Both tables of one context, parsed in one pass and kept while the file is unchanged.
    The tables are shared: callers must not change them (``load_ts``/``load_plurals`` copy)."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return _Tables({}, {})
    stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
    key = (str(path), context)
    held = _PARSED.get(key)
    if held is not None and held[0] == stamp:
        return held[1]
    with _PARSED_LOCK:  # two threads asking at once parse the file once
        held = _PARSED.get(key)
        if held is not None and held[0] == stamp:
            return held[1]
        tables = _parse(path, context)
        _PARSED[key] = (stamp, tables)
        return tables


def load_ts(path: Path, context: str = CONTEXT) -> dict[str, str]:
    """Finished singular translations of one context (unfinished ones fall back to English)."""
    return dict(_tables(path, context).singular)


def load_plurals(path: Path, context: str = CONTEXT) -> dict[str, list[str]]:
    """Finished numerus translations: msgid -> its forms, every one filled."""
    return {source: list(forms) for source, forms in _tables(path, context).plural.items()}


@dataclass
class Translator:
    """``table`` and ``plurals`` of ``for_language`` are the process's parsed tables, shared by
    every translator of that language: read them, never change them."""

    language: str
    table: dict[str, str] = field(default_factory=dict)
    plurals: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def for_language(cls, language: str | None) -> Translator:
        lang = (language or os.environ.get("COUNTER_APP_LANG") or DEFAULT_LANGUAGE).lower()
        lang = lang.split("_")[0].split(".")[0]
        if lang not in LANGUAGES:
            lang = "en"
        tables = _tables(ts_path(lang), CONTEXT)
        return cls(lang, tables.singular, tables.plural)

    def _wrap(self, text: str) -> str:
        return Message(text) if self.language in RTL_LANGUAGES else text

    def __call__(self, msgid: str) -> str:
        return self._wrap(self.table.get(msgid, msgid))

    def tr_n(self, msgid: str, n: int) -> str:
        """The form of a plural message for ``n``; format it with ``n=n`` (and its other fields)."""
        forms = self.plurals.get(msgid)
        if not forms:
            return self._wrap(msgid)
        index = plural_index(self.language, n)
        return self._wrap(forms[min(index, len(forms) - 1)])
