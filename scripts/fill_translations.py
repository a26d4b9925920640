"""Fill translations into the Qt Linguist .ts files from a JSON file, after update_translations.

The JSON maps a msgid to its Arabic text, or to ``{"ar": ..., "en": ...}`` when an identifier
shown as a label (``needs_info``) also needs an English wording. Only messages the .ts files
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


def fill(path: Path, wanted: dict[str, str]) -> set[str]:
    tree = ET.parse(path)
    seen: set[str] = set()
    for msg in tree.getroot().iter("message"):
        source = msg.findtext("source") or ""
        tr = msg.find("translation")
        if source not in wanted or tr is None:
            continue
        seen.add(source)
        tr.text = wanted[source]
        tr.attrib.pop("type", None)
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
    per_lang: dict[str, dict[str, str]] = {"ar": {}, "en": {}}
    for msgid, value in data.items():
        if isinstance(value, str):
            per_lang["ar"][msgid] = value
        else:
            for lang, text in value.items():
                per_lang[lang][msgid] = text
    unknown: set[str] = set()
    for lang, wanted in per_lang.items():
        if wanted:
            unknown |= set(wanted) - fill(TS_DIR / f"counter_app_{lang}.ts", wanted)
    for msgid in sorted(unknown):
        print(f"not in the .ts files (run update_translations.py first?): {msgid!r}")
    return 1 if unknown else 0


if __name__ == "__main__":
    sys.exit(main())
