"""Can the desktop window open here? Checked before Qt starts, because Qt cannot say it well.

Without a display Qt aborts the process (exit 134) with a message about the xcb plugin that
sends people looking for a missing library; with a display but without the system libraries
Qt's X11 plugin links against, it aborts the same way. Both are found here first and said in
the clerk's language, with what to do (exit 2, like any bad input).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from counter_app.domain.errors import N_

_MISSING = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)


def xcb_plugin() -> Path | None:
    """Qt's X11 platform plugin as shipped inside PySide6."""
    import PySide6

    plugin = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    return plugin if plugin.exists() else None


def missing_libraries(plugin: Path) -> list[str]:
    """System libraries the plugin (or Qt's xcb library it uses) cannot find, per ldd."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return []
    found: set[str] = set()
    qt_lib = plugin.parents[2] / "lib"
    for target in (plugin, *sorted(qt_lib.glob("libQt6XcbQpa.so*"))[:1]):
        done = subprocess.run(
            [ldd, str(target)], capture_output=True, text=True, timeout=20, check=False
        )
        found |= set(_MISSING.findall(done.stdout))
    return sorted(found)


def debian_package(soname: str) -> str:
    """The Debian/Ubuntu package of a library: libxcb-icccm.so.4 -> libxcb-icccm4."""
    stem, _, version = soname.partition(".so.")
    stem = stem.lower()
    if not version:
        return stem
    major = version.split(".")[0]
    return f"{stem}-{major}" if stem[-1].isdigit() else f"{stem}{major}"


def display_problem(
    translate: Callable[[str], str],
    env: Mapping[str, str] | None = None,
    *,
    platform: str = sys.platform,
    plugin: Callable[[], Path | None] = xcb_plugin,
    missing: Callable[[Path], list[str]] = missing_libraries,
) -> str | None:
    """Why the window cannot open here, translated; None when Qt may start."""
    env = os.environ if env is None else env
    if not platform.startswith("linux"):
        return None
    chosen = env.get("QT_QPA_PLATFORM", "").split(":")[0].strip()
    has_x, has_wayland = bool(env.get("DISPLAY")), bool(env.get("WAYLAND_DISPLAY"))
    if not chosen and not has_x and not has_wayland:
        return translate(
            N_(
                "There is no display to open the window on (DISPLAY and WAYLAND_DISPLAY are "
                "not set). Use the command line (counter-app --help), or set "
                "QT_QPA_PLATFORM=offscreen to run the window without a screen."
            )
        )
    if chosen == "xcb" or (not chosen and has_x and not has_wayland):
        path = plugin()
        libs = missing(path) if path is not None else []
        if libs:
            return translate(
                N_(
                    "The window cannot open on this X11 display: Qt's X11 plugin needs system "
                    "libraries that are not installed ({libraries}). Install them as root "
                    "(apt-get install {packages}) or run scripts/start.sh as root, as the "
                    "README's set-up says."
                )
            ).format(
                libraries=", ".join(libs),
                packages=" ".join(debian_package(lib) for lib in libs),
            )
    return None
