"""The scanner backend of this computer: WIA on Windows, SANE elsewhere."""

from __future__ import annotations

import sys

from counter_app.scanning.base import Scanner


def system_scanner() -> Scanner:
    if sys.platform == "win32":
        from counter_app.scanning.wia import WiaScanner

        return WiaScanner()
    from counter_app.scanning.sane import SaneScanner

    return SaneScanner()
