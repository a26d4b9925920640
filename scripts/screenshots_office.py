"""Take the back office's screenshots into docs/screenshots/ (office-<page>-<lang>.png, 1366x768).

They are taken by the end-to-end tests (tests/e2e: a real `counter-hq serve` over TLS on a
scratch PostgreSQL database, a real counter station, Debian's chromium driven by Playwright),
so every page is shown as an officer, a complainant's agency or an HQ admin really reaches it,
with the data a counter really sent. Needs PostgreSQL at 127.0.0.1:5432 and /usr/bin/chromium.

    .venv/bin/python scripts/screenshots_office.py [extra pytest arguments]

Look at each picture after taking it: Arabic shaped and right to left, nothing cut off or
overlapping, English left to right.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"


def main(argv: list[str]) -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "OFFICE_SCREENSHOTS_DIR": str(OUT)}
    code = subprocess.call(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/e2e", *argv],
        cwd=ROOT,
        env=env,
    )
    # The counter under test sets an owner-only umask in its process: the pictures are docs.
    shots = sorted(OUT.glob("office-*.png"))
    for path in shots:
        path.chmod(0o644)
    print(f"{len(shots)} screenshots in {OUT.relative_to(ROOT)}")
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
