"""Collect every user-visible msgid and merge it into the Qt Linguist .ts files.

Sources: string literals passed to ``N_()`` and ``tr()`` (any ``*.tr(...)``), plus the values of
enumerations shown through ``tr(value)`` (statuses, document states, requirements, categories)
and report column names. Literals passed to ``tr_n()`` / ``N_n()`` (a count ``{n}`` in them) are
plural messages: written ``numerus="yes"`` with one ``<numerusform>`` per plural form of the
language (Arabic 6: zero, one, two, few, many, other; English 2), in every language's file.
Existing translations are kept; new msgids are added as unfinished; msgids no longer used are
marked obsolete. Run after changing user-visible text:

    python scripts/update_translations.py
"""

from __future__ import annotations

import ast
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "counter_app"
TS_DIR = ROOT / "resources" / "i18n"
CONTEXT = "counter"
LANGUAGES = {"ar": "ar_SY", "en": "en_GB"}
PLURAL_FORMS = {"ar": 6, "en": 2}
SINGULAR_MARKERS = {"N_", "tr"}
PLURAL_MARKERS = {"N_n", "tr_n"}
# English text is its own msgid; only identifiers shown as labels (statuses, document states,
# roles, column and field names) need an English wording.
IDENTIFIER = re.compile(r"^[a-z][a-z_ ]*$")
REPORT_COLUMNS = (
    "service_code",
    "service_name_ar",
    "service_name_en",
    "count",
    "open",
    "overdue",
    "done_on_time",
    "done_late",
    "status",
    "username",
    "full_name",
)


# Field names that errors show through {field}; a service's own fields show their catalog label.
FIELD_NAMES = (
    "national_id",
    "phone",
    "name",
    "center",
    "center_name",
    "station",
    "documents",
    "reason",
    "receipt",
    "query",
    "username",
    "password",
    "full_name",
    "paper_ref",
    "received_at",
    "proxy_name",
    "proxy_national_id",
    "note",
    "collector",
    "outcome",
    "url",
    "code",
    "filename",
    "media_type",
    "days",
    "from",
    "to",
    "by",
    "as",
    "service",
    "subject",
    "shelf",
    "label",
    "date",
)
# Print job states and document kinds, shown through tr() by the print queue.
PRINT_WORDS = (
    "queued",
    "sending",
    "sent",
    "done",
    "failed",
    "interrupted",
    "cancelled",
    "receipt",
    "cover",
    "slip",
    "handover",
    "box_label",
)


def _literal_calls(path: Path, markers: set[str] = SINGULAR_MARKERS) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = (
            func.id
            if isinstance(func, ast.Name)
            else (func.attr if isinstance(func, ast.Attribute) else None)
        )
        arg = node.args[0]
        if name in markers and isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            found.add(arg.value)
    return found


def collect_numerus() -> set[str]:
    """Plural msgids: literals passed to tr_n() / N_n()."""
    found: set[str] = set()
    for path in sorted(SRC.rglob("*.py")):
        found |= _literal_calls(path, PLURAL_MARKERS)
    return found


def collect() -> list[str]:
    sys.path.insert(0, str(ROOT / "src"))
    from counter_app.domain.catalog import Category, Requirement
    from counter_app.domain.documents import DocState
    from counter_app.domain.roles import Permission, Role
    from counter_app.domain.status import Status

    msgids: set[str] = set()
    for path in sorted(SRC.rglob("*.py")):
        msgids |= _literal_calls(path)
    for enum in (Status, DocState, Requirement, Category, Role, Permission):
        msgids |= {m.value for m in enum}
    msgids |= set(REPORT_COLUMNS) | set(FIELD_NAMES) | set(PRINT_WORDS)
    return sorted(msgids | collect_numerus())


Old = tuple[str | list[str], str | None]


def _read_old(path: Path) -> dict[str, Old]:
    old: dict[str, Old] = {}
    if not path.exists():
        return old
    for msg in ET.parse(path).getroot().iter("message"):
        tr = msg.find("translation")
        source = msg.findtext("source") or ""
        if tr is None:
            continue
        if msg.get("numerus") == "yes":
            old[source] = ([f.text or "" for f in tr.iter("numerusform")], tr.get("type"))
        else:
            old[source] = (tr.text or "", tr.get("type"))
    return old


def _message(ctx: ET.Element, msgid: str, forms: int) -> ET.Element:
    msg = ET.SubElement(ctx, "message")
    if forms:
        msg.set("numerus", "yes")
    ET.SubElement(msg, "source").text = msgid
    return msg


def _fill(tr: ET.Element, text: str | list[str], forms: int) -> bool:
    """Write a translation; True when it is complete for its kind (singular or numerus)."""
    if not forms:
        tr.text = text if isinstance(text, str) else ""
        return bool(tr.text)
    # A message that turned plural (or an old file with a different count) keeps what fits.
    values = list(text) if isinstance(text, list) else []
    values = (values + [""] * forms)[:forms]
    for value in values:
        ET.SubElement(tr, "numerusform").text = value
    return all(values) and isinstance(text, list) and len(text) == forms


def merge(path: Path, language: str, msgids: list[str], numerus: set[str]) -> tuple[int, int]:
    old = _read_old(path)
    plural_forms = PLURAL_FORMS[language.split("_")[0]]
    root = ET.Element("TS", version="2.1", language=language)
    ctx = ET.SubElement(root, "context")
    ET.SubElement(ctx, "name").text = CONTEXT
    missing = 0
    for msgid in msgids:
        forms = plural_forms if msgid in numerus else 0
        msg = _message(ctx, msgid, forms)
        text, kind = old.get(msgid, ("", "unfinished"))
        tr = ET.SubElement(msg, "translation")
        complete = _fill(tr, text, forms)
        if kind == "obsolete":
            kind = None if complete else "unfinished"
        if kind or not complete:
            tr.set("type", "unfinished")
            missing += 1
    for msgid, (text, _kind) in sorted(old.items()):
        if msgid not in msgids and text and any(text):
            forms = len(text) if isinstance(text, list) else 0
            msg = _message(ctx, msgid, forms)
            tr = ET.SubElement(msg, "translation", type="obsolete")
            _fill(tr, text, forms)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8"
    )
    return len(msgids), missing


def main() -> None:
    msgids = collect()
    numerus = collect_numerus()
    TS_DIR.mkdir(parents=True, exist_ok=True)
    for lang, locale in LANGUAGES.items():
        # English needs its own wording for identifiers and for plurals ("1 page", "2 pages").
        wanted = (
            msgids if lang != "en" else [m for m in msgids if IDENTIFIER.match(m) or m in numerus]
        )
        total, missing = merge(TS_DIR / f"counter_app_{lang}.ts", locale, wanted, numerus)
        print(f"{lang}: {total} messages, {missing} untranslated")


if __name__ == "__main__":
    main()
