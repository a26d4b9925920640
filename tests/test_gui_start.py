"""Starting the desktop window: a clear message without a display, and a real X11 start.

The smoke test runs the real start-up (`counter_app.ui.app.run`) on Qt's X11 plugin against an
Xvfb server, the way a clerk's machine runs it: the login window shows, a screenshot of the X
screen is taken and checked, the login is cancelled and the process ends with 0. CI has Xvfb
(scripts/_env.sh installs it with the test packages); elsewhere it skips, in CI it fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from counter_app.i18n import Translator
from counter_app.ui.display import debian_package, display_problem, xcb_plugin
from tests.conftest import ADMIN_PASSWORD

ROOT = Path(__file__).resolve().parents[1]
NO_DISPLAY = {"PATH": os.environ.get("PATH", "")}


def _app(*args: str, env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "counter_app", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "COUNTER_APP_LANG"}
    }
    env["COUNTER_APP_HOME"] = str(home)
    env.update(extra)
    return env


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux displays")
def test_gui_without_a_display_says_so_in_arabic(tmp_path: Path) -> None:
    done = _app("gui", env=_env(tmp_path))
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert "لا توجد شاشة" in done.stderr and "QT_QPA_PLATFORM=offscreen" in done.stderr
    assert "xcb" not in done.stderr and "Aborted" not in done.stderr
    done = _app("gui", "--lang", "en", env=_env(tmp_path))
    assert done.returncode == 2 and "There is no display" in done.stderr


def test_missing_x11_libraries_are_named_with_their_packages() -> None:
    tr = Translator.for_language("en")
    env = {"DISPLAY": ":0"}
    libs = ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    text = display_problem(
        tr, env, platform="linux", plugin=lambda: Path("/x/libqxcb.so"), missing=lambda _p: libs
    )
    assert text is not None
    assert "libxcb-icccm.so.4, libxcb-keysyms.so.1" in text
    assert "apt-get install libxcb-icccm4 libxcb-keysyms1" in text and "README" in text
    ok = display_problem(tr, env, platform="linux", plugin=lambda: None, missing=lambda _p: [])
    assert ok is None
    # Offscreen, Wayland and Windows never need the X11 plugin.
    for other, platform in (({"QT_QPA_PLATFORM": "offscreen"}, "linux"), ({}, "win32")):
        assert display_problem(tr, other, platform=platform, missing=lambda _p: libs) is None
    assert display_problem(tr, {"WAYLAND_DISPLAY": "wayland-0"}, platform="linux") is None
    assert debian_package("libxkbcommon-x11.so.0") == "libxkbcommon-x11-0"
    assert debian_package("libX11-xcb.so.1") == "libx11-xcb1"


def test_the_shipped_x11_plugin_finds_every_library() -> None:
    """What scripts/_env.sh installs is all Qt's X11 plugin needs (a fresh Debian lacked two)."""
    plugin = xcb_plugin()
    if plugin is None or shutil.which("ldd") is None:
        pytest.skip("no X11 plugin or ldd here")
    from counter_app.ui.display import missing_libraries

    missing = missing_libraries(plugin)
    env_sh = (ROOT / "scripts" / "_env.sh").read_text("utf-8")
    assert [lib for lib in missing if debian_package(lib) not in env_sh] == []
    if missing:
        advice = "install: " + " ".join(debian_package(lib) for lib in missing)
        if os.environ.get("CI"):
            pytest.fail(advice)
        pytest.skip(advice + " (scripts/_env.sh does as root)")
    for package in ("libxcb-icccm4", "libxcb-keysyms1", "libxcb-cursor0", "xvfb"):
        assert package in env_sh


@pytest.fixture
def xvfb() -> Iterator[str]:
    """A real X server on a free display number (Xvfb picks it and tells us on a pipe)."""
    binary = shutil.which("Xvfb")
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("Xvfb is required in CI (scripts/_env.sh installs xvfb)")
        pytest.skip("Xvfb is not installed")
    read, write = os.pipe()
    server = subprocess.Popen(
        [binary, "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    try:
        assert number.isdigit(), "Xvfb did not start"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


DRIVER = r"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from counter_app.ui import app as desktop
from counter_app.ui.login import LoginDialog

qt = QApplication(sys.argv[:1])
seen = []

def look() -> None:
    shown = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, LoginDialog) and w.isVisible()
    ]
    if not shown:
        if len(seen) > 200:
            print("no login window", flush=True)
            qt.exit(3)
        seen.append(1)
        QTimer.singleShot(100, look)
        return
    login = shown[0]
    def shoot() -> None:
        QApplication.primaryScreen().grabWindow(0).save(sys.argv[1])
        print("platform", QApplication.platformName(), flush=True)
        print("title", login.windowTitle(), flush=True)
        print("rtl", login.layoutDirection().name, flush=True)
        g = login.frameGeometry()
        print("geometry", g.x(), g.y(), g.width(), g.height(), flush=True)
        login.reject()
    QTimer.singleShot(500, shoot)

QTimer.singleShot(100, look)
sys.exit(desktop.run(sys.argv[:1]))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11")
def test_the_window_starts_on_a_real_x_server(tmp_path: Path, xvfb: str) -> None:
    from PySide6.QtGui import QImage

    home = tmp_path / "home"
    setup = _app(
        *("setup", "--center", "MZH", "--center-name", "مركز المزة", "--station", "2"),
        "--password-stdin",
        env=_env(home),
        stdin=ADMIN_PASSWORD + "\n",
    )
    assert setup.returncode == 0, setup.stderr
    shot = tmp_path / "login.png"
    env = _env(home, DISPLAY=xvfb, QT_QPA_PLATFORM="xcb")
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, str(shot)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, (done.returncode, done.stdout, done.stderr[-2000:])
    facts = dict(line.split(" ", 1) for line in done.stdout.splitlines() if " " in line)
    assert facts["platform"] == "xcb"
    assert facts["rtl"] == "RightToLeft" and "تسجيل الدخول" in facts["title"]
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1280, 800)
    x, y, w, h = (int(v) for v in facts["geometry"].split())
    # The login window's pixels on the X screen are a drawn window, not the empty root.
    colours = {image.pixel(x + i * w // 20, y + j * h // 20) for i in range(20) for j in range(20)}
    assert len(colours) >= 3, colours
    if os.environ.get("COUNTER_KEEP_SCREENSHOT"):
        shutil.copy(shot, os.environ["COUNTER_KEEP_SCREENSHOT"])
