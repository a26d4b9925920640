"""Small presentation helpers the agency pages' templates share: a coded value's label in the
reader's language, bounded counts, and the work queue's links (every filter kept)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from urllib.parse import parse_qs, urlencode

from counter_hq.errors import HQError
from counter_hq.office.queue import OPEN, Count
from counter_hq.web.i18n import Translator


def label(tr: Translator, prefix: str, value: str | None) -> str:
    """``prefix:value`` translated ("status:ready" -> "جاهز للتسليم"). English has no catalog:
    the code says it ("in_progress" -> "In progress"); so does a value Arabic does not know
    yet (a newer counter's state), rather than a msgid."""
    if not value:
        return ""
    key = f"{prefix}:{value}"
    text = tr(key)
    return value.replace("_", " ").capitalize() if text == key else text


_STATUS_PARAMS = frozenset({"current", "target"})


def isolate(value: object) -> str:
    """A value set inside a sentence as its own direction run (FSI ... PDI): in Arabic a date
    "2026-12-08" would otherwise show as "08-12-2026", and a Latin code could take the
    neighbouring punctuation with it. Harmless in English."""
    text = "" if value is None else str(value)
    return f"\u2068{text}\u2069" if text else ""


def error_text(tr: Translator, exc: HQError) -> str:
    """An error's message in the reader's language, its parameters isolated (``isolate``).
    Same words as ``HQError.text``; a transition's statuses (``current``, ``target``) are
    named as the page names them ("جاهز للتسليم", not "ready")."""
    words = tr(exc.message)
    params = {
        k: isolate(label(tr, "status", str(v)) if k in _STATUS_PARAMS else v)
        for k, v in exc.extra.items()
        if k != "code"
    }
    if not params:
        return words
    try:
        return words.format(**params)
    except (KeyError, IndexError, ValueError):
        return words


def count_text(tr: Translator, count: Count) -> str:
    return tr("more than {n}", n=count.n) if count.more else str(count.n)


def by_language(tr: Translator, arabic: str | None, english: str | None, code: str = "") -> str:
    """A name kept in both languages, in the reader's (the other one, then the code, when
    missing)."""
    first, second = (arabic, english) if tr.language == "ar" else (english, arabic)
    return first or second or code


@dataclass(frozen=True)
class QueueQuery:
    """The work queue's address as typed (strings: checked by the use case, which says what is
    wrong in the reader's language)."""

    center: str = ""
    service: str = ""
    status: str = OPEN
    age: str = ""
    days: str = ""
    receipt: str = ""
    page: str = "1"

    def url(self, **changes: str) -> str:
        """This queue's address with ``changes`` (a filter changed goes back to page 1)."""
        if changes and "page" not in changes:
            changes["page"] = "1"
        q = replace(self, **changes)
        params = {f.name: getattr(q, f.name) for f in fields(q)}
        if params["page"] == "1":
            del params["page"]
        if params["status"] == OPEN:
            del params["status"]
        kept = {k: v for k, v in params.items() if v}
        return "/office/queue" + (f"?{urlencode(kept)}" if kept else "")

    @classmethod
    def from_query_string(cls, text: str) -> QueueQuery:
        """The queue a form came from (its ``back`` field, an address made by ``url``): unknown
        names are ignored."""
        _, _, query = text[:2000].partition("?")
        parsed = parse_qs(query, keep_blank_values=True)
        return cls.from_mapping({k: v[0] for k, v in parsed.items() if v})

    @classmethod
    def from_mapping(cls, values: Mapping[str, str]) -> QueueQuery:
        names = {f.name for f in fields(cls)}
        return cls(**{k: str(v)[:64].strip() for k, v in values.items() if k in names})
