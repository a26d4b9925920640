"""Merge {"English msgid": "Arabic"} files into the back office's catalog
(src/counter_hq/web/locale/ar.json), sorted, so concurrent additions never clash in review.

Usage: python scripts/merge_hq_translations.py FILE.json [...]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

CATALOG = Path(__file__).resolve().parents[1] / "src/counter_hq/web/locale/ar.json"


def main(paths: list[str]) -> None:
    table = json.loads(CATALOG.read_text(encoding="utf-8")) if CATALOG.exists() else {}
    for path in paths:
        table.update(json.loads(Path(path).read_text(encoding="utf-8")))
    text = json.dumps(table, ensure_ascii=False, indent=1, sort_keys=True)
    CATALOG.write_text(text + "\n", encoding="utf-8")
    print(f"{len(table)} messages in {CATALOG.name}")


if __name__ == "__main__":
    main(sys.argv[1:])
