"""Fill translations into the Qt Linguist .ts files from a JSON file, after update_translations.

The JSON maps a msgid to its Arabic text, or to ``{"ar": ..., "en": ...}`` when an identifier
shown as a label (``needs_info``) also needs an English wording. A plural message (a ``tr_n()``
/ ``N_n()`` msgid with ``{n}``) takes a list of forms instead of a text: Arabic six, in the order
zero, one, two, few (3-10), many (11-99), other (100, 101, 102...); English two (one, other):

    {"{n} pages": {"ar": ["لا صفحات", "صفحة واحدة", "صفحتان", "{n} صفحات", "{n} صفحةً",
                          "{n} صفحة"], "en": ["{n} page", "{n} pages"]}}

Only messages the .ts files
already hold are filled (run ``python scripts/update_translations.py`` first); a msgid the
files do not know is reported, never added, so a typo cannot hide a missing translation.

    python scripts/update_translations.py
    python scripts/fill_translations.py my-messages.json
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

TS_DIR = Path(__file__).resolve().parents[1] / "resources" / "i18n"


Text = str | list[str]


def _set(msg: ET.Element, tr: ET.Element, value: Text) -> str | None:
    """Fill one message; the reason when the value does not fit its kind."""
    numerus = msg.get("numerus") == "yes"
    if not numerus:
        if not isinstance(value, str):
            return "is not a plural message; give one text"
        tr.text = value
    else:
        forms = tr.findall("numerusform")
        if isinstance(value, str) or len(value) != len(forms) or not all(value):
            return f"is a plural message; give a list of {len(forms)} non-empty forms"
        for form, text in zip(forms, value, strict=True):
            form.text = text
    tr.attrib.pop("type", None)
    return None


def fill(path: Path, wanted: dict[str, Text], wrong: dict[str, str] | None = None) -> set[str]:
    tree = ET.parse(path)
    seen: set[str] = set()
    for msg in tree.getroot().iter("message"):
        source = msg.findtext("source") or ""
        tr = msg.find("translation")
        if source not in wanted or tr is None or tr.get("type") == "obsolete":
            continue
        seen.add(source)
        problem = _set(msg, tr, wanted[source])
        if problem and wrong is not None:
            wrong[source] = f"{path.name}: {problem}"
    root = tree.getroot()
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8"
    )
    return seen


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    data = json.loads(Path(sys.argv[1]).read_text("utf-8"))
    per_lang: dict[str, dict[str, Text]] = {"ar": {}, "en": {}}
    for msgid, value in data.items():
        if isinstance(value, str | list):
            per_lang["ar"][msgid] = value
        else:
            for lang, text in value.items():
                per_lang[lang][msgid] = text
    unknown: set[str] = set()
    wrong: dict[str, str] = {}
    for lang, wanted in per_lang.items():
        if wanted:
            unknown |= set(wanted) - fill(TS_DIR / f"counter_app_{lang}.ts", wanted, wrong)
    for msgid in sorted(unknown):
        print(f"not in the .ts files (run update_translations.py first?): {msgid!r}")
    for msgid, problem in sorted(wrong.items()):
        print(f"not filled, {msgid!r} {problem}")
    return 1 if unknown or wrong else 0


if __name__ == "__main__":
    sys.exit(main())
