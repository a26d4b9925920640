"""What start-up loads: `counter-app --help`, `--version`, `status` and the desktop up to its
login window's first paint import only what they use (issue 14).

Each runs in a fresh interpreter that writes ``sorted(sys.modules)`` to a file: when the process
exits (the CLI), or at the login window's first paint (the desktop, through its start-up probe).
Heavy packages a path does not need fail the test by name; a ceiling on the number of modules
(with room to spare) catches a creeping import of many small ones. Counts, never times: the
times are bench/bench_startup.py's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ADMIN_PASSWORD

# Loaded by other commands or after the login; none of these paths needs them.
HEAVY = (
    "alembic",
    "argon2",
    "barcode",
    "counter_app.printing",
    "counter_app.scanning",
    "counter_app.services.printing",
    "counter_app.services.scan_station",
    "counter_app.store.models",
    "counter_app.sync",
    "counter_app.ui.main_window",
    "escpos",
    "mako",
    "PIL",
    "pydantic",
    "pypdfium2",
    "reportlab",
    "requests",
    "sqlalchemy",
    "urllib3",
    "zxingcpp",
)
NO_QT = ("PySide6", "shiboken6")
# The desktop's login needs QtCore, QtGui and QtWidgets; any other Qt module is the main
# window's (or a printing backend's).
QT_FOR_THE_LOGIN = {"PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets"}

# sys.modules counted on 2026-12-06 (the interpreter's own included): --help 89, status 177,
# the login at its first paint 230; before the parser stopped importing every command, --help
# loaded 827. Ceilings about 30% above.
# status and gui read an encrypted station's key from the credential store before the first
# read: keyring's own imports (jaraco, importlib_metadata, email, urllib) are ~85 modules.
CEILING = {"--help": 120, "--version": 120, "status": 290, "gui": 330}

CLI = r"""
import atexit, json, os, sys

def dump():
    with open(os.environ["MODULES_OUT"], "w") as fh:
        json.dump(sorted(sys.modules), fh)

atexit.register(dump)
from counter_app.cli import main
sys.exit(main(sys.argv[1:]))
"""

GUI = r"""
import json, os, sys
import counter_app.ui.app as desktop

shown = desktop.probe_line

def probe_line(what):
    with open(os.environ["MODULES_OUT"], "w") as fh:
        json.dump(sorted(sys.modules), fh)
    shown(what)

desktop.probe_line = probe_line
from counter_app.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _env(home: Path, out: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COUNTER_APP_")}
    env.update(COUNTER_APP_HOME=str(home), COUNTER_APP_LANG="ar", MODULES_OUT=str(out), **extra)
    env["XDG_DATA_HOME"] = str(home / "keyring")  # the station's key goes with its home
    return env


def _modules(
    script: str, *args: str, home: Path, tmp_path: Path, stdin: str = "", **extra: str
) -> list[str]:
    out = tmp_path / "modules.json"
    out.unlink(missing_ok=True)
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        env=_env(home, out, **extra),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, (args, done.stdout[-2000:], done.stderr[-2000:])
    modules: list[str] = json.loads(out.read_text("utf-8"))
    return modules


def _loaded(modules: list[str], packages: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == p or m.startswith(p + ".") for p in packages))


STATION = ("--center-name", "مركز المزة", "--station", "2", "--password-stdin")


@pytest.fixture(scope="module")
def empty_station(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A set-up station with no requests (set up by the real CLI)."""
    home = tmp_path_factory.mktemp("station")
    done = subprocess.run(
        [sys.executable, "-m", "counter_app", "setup", "--center", "MZH", *STATION],
        env=_env(home, home / "unused.json"),
        input=ADMIN_PASSWORD + "\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return home


@pytest.mark.parametrize("option", ["--help", "--version"])
def test_help_and_version_load_no_command(option: str, tmp_path: Path) -> None:
    modules = _modules(CLI, option, home=tmp_path / "home", tmp_path=tmp_path)
    assert _loaded(modules, HEAVY + NO_QT) == []
    assert _loaded(modules, ("counter_app.services", "counter_app.store")) == []
    assert [m for m in modules if m.startswith("counter_app.cli.cmd_")] == []
    assert len(modules) <= CEILING[option], len(modules)


def test_status_of_a_set_up_station_loads_no_sqlalchemy(
    empty_station: Path, tmp_path: Path
) -> None:
    modules = _modules(CLI, "status", home=empty_station, tmp_path=tmp_path)
    assert _loaded(modules, HEAVY + NO_QT) == []
    assert [m for m in modules if m.startswith("counter_app.cli.cmd_")] == [
        "counter_app.cli.cmd_station"
    ]
    assert len(modules) <= CEILING["status"], len(modules)


def test_the_login_window_paints_before_the_store_loads(
    empty_station: Path, tmp_path: Path
) -> None:
    """Up to the login window's first paint: Qt's three modules, no SQLAlchemy, no printing."""
    modules = _modules(
        GUI,
        "gui",
        home=empty_station,
        tmp_path=tmp_path,
        QT_QPA_PLATFORM="offscreen",
        COUNTER_APP_STARTUP_PROBE="1",
    )
    assert _loaded(modules, HEAVY) == []
    assert {m for m in modules if m.startswith("PySide6.Qt")} <= QT_FOR_THE_LOGIN
    assert "counter_app.ui.login" in modules
    assert len(modules) <= CEILING["gui"], len(modules)
