"""Shared fixtures: a station set up in a temporary home, and a CLI runner."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from counter_app.cli import main
from counter_app.paths import AppPaths
from counter_app.services import users as users_service
from counter_app.services.context import Actor, AppContext
from counter_app.services.setup import prepare_encryption, setup_station
from counter_app.services.users import add_user

# The stations tests set up are encrypted, as a counter's are: their keys go to a plain-file
# keyring (what a test machine has), one per test (_isolated_home).
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
KEYRING_DIR = "xdg-data"

ADMIN_PASSWORD = "admin-pass-123"
CLERK_PASSWORD = "clerk-pass-123"


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """No test ever touches the real user's data folder."""
    home = tmp_path / "home"
    monkeypatch.setenv("COUNTER_APP_HOME", str(home))
    monkeypatch.delenv("COUNTER_APP_DB", raising=False)
    monkeypatch.delenv("COUNTER_APP_USER", raising=False)
    monkeypatch.delenv("COUNTER_APP_PASSWORD", raising=False)
    monkeypatch.setenv("COUNTER_APP_LANG", "en")
    # Each test its own credential store (keyrings.alt keeps one file under XDG_DATA_HOME), so
    # the database keys that setup makes never meet another test's; subprocesses inherit it.
    # Beside tmp_path, not in it: tests list what they wrote there.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp(KEYRING_DIR)))
    return home


class FixedClock:
    """A clock the test moves by hand (Sunday 2026-11-22 09:30 Damascus by default)."""

    def __init__(self, start: dt.datetime | None = None) -> None:
        self.now = start or dt.datetime(2026, 11, 22, 6, 30, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += dt.timedelta(**kwargs)


@dataclass
class Station:
    ctx: AppContext
    admin: Actor
    clerk: Actor
    clock: FixedClock


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "center(code, name): the center the `station` fixture is set up at (default MZH, "
        "the Mazzeh center, which does not offer the Social Affairs services)",
    )


# The Social Affairs center of the shipped catalog (its 15 services, the complaints among them).
SOCIAL_CENTER = pytest.mark.center("MSA", "مركز خدمة المواطن - وزارة الشؤون الاجتماعية والعمل")
# A center the shipped catalog does not name: its stations offer every active service (for
# tests that take services of both centers at one station).
ANY_CENTER = pytest.mark.center("DMS", "مركز خدمة المواطن - دمشق")


# Station passwords in tests: argon2id at the lowest cost, as HQ's tests do (tests/hq/conftest.py).
# At the library's cost each hash or sign-in takes about a second on the test machine, and the
# `station` fixture alone hashed two. The hash is still argon2id, verified and checked for a
# rehash the same way; that production keeps the library's cost is test_password_cost's point.
PRODUCTION_HASHER = users_service._HASHER
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture(scope="session", autouse=True)
def _cheap_passwords() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(users_service, "_HASHER", CHEAP_HASHER)
        yield


def _build_station(paths: AppPaths, center_code: str, center_name: str) -> None:
    """A new database, set up as ``center_code``-02 with the admin and clerk1 (the fixed clock)."""
    prepare_encryption(paths.database)  # what `counter-app setup` does first
    ctx = AppContext.open(paths)
    try:
        ctx.clock = FixedClock()
        setup_station(
            ctx,
            center_code=center_code,
            center_name=center_name,
            station_no=2,
            admin_username="admin",
            admin_password=ADMIN_PASSWORD,
        )
        with ctx.store.read() as session:
            admin = ctx.actor(session, "admin")
        add_user(
            ctx,
            admin,
            username="clerk1",
            role="clerk",
            password=CLERK_PASSWORD,
            full_name="سامر الكيلاني",
        )
    finally:
        ctx.close()


@pytest.fixture(scope="session")
def _station_templates(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Set-up stations' homes, one per center, made on first use: creating the database runs
    every migration (over a second), so each test gets a copy of the finished files instead.
    The setup itself (migrations, catalog, first admin) is tested on its own (test_store,
    test_migrations, test_cli's setup)."""
    return {}


def _station_home(
    templates: dict[tuple[str, str], Path],
    factory: pytest.TempPathFactory,
    center_code: str,
    center_name: str,
) -> Path:
    key = (center_code, center_name)
    if key not in templates:
        root = factory.mktemp(f"station-{center_code}")
        home = root / "home"
        paths = AppPaths(data_dir=home / "data", config_dir=home / "config", log_dir=home / "log")
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("COUNTER_APP_HOME", str(home))
            mp.setenv("XDG_DATA_HOME", str(root / KEYRING_DIR))
            _build_station(paths, center_code, center_name)
        templates[key] = home
    return templates[key]


@pytest.fixture
def station(
    request: pytest.FixtureRequest,
    _station_templates: dict[tuple[str, str], Path],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Station]:
    marker = request.node.get_closest_marker("center")
    center_code, center_name = marker.args if marker else ("MZH", "مركز خدمة المواطن - المزة")
    template = _station_home(_station_templates, tmp_path_factory, center_code, center_name)
    paths = AppPaths.default()
    home = paths.data_dir.parent
    assert paths.data_dir == home / "data", paths  # the layout COUNTER_APP_HOME gives
    # copy2 keeps the files' owner-only modes, as the application made them.
    shutil.copytree(template, home, dirs_exist_ok=True)
    # The template's database key, into this test's own credential store.
    shutil.copytree(template.parent / KEYRING_DIR, os.environ["XDG_DATA_HOME"], dirs_exist_ok=True)
    clock = FixedClock()
    ctx = AppContext.open(paths)
    ctx.clock = clock
    with ctx.store.read() as session:
        admin = ctx.actor(session, "admin")
        clerk = ctx.actor(session, "clerk1")
    yield Station(ctx=ctx, admin=admin, clerk=clerk, clock=clock)
    ctx.close()


@dataclass
class CliResult:
    code: int
    out: str
    err: str


# `--as USER` needs USER's password (cli/runtime.py). The runner gives it as a script would, in
# COUNTER_APP_PASSWORD: the fixtures' accounts' passwords, and those of the accounts a test made
# with `user add NAME ... --password-stdin` (in this test's home). The check itself is not
# bypassed: a wrong password here fails the command. tests/test_cli_password.py runs without it.
KNOWN_PASSWORDS = {"admin": ADMIN_PASSWORD, "clerk1": CLERK_PASSWORD}
_MADE_PASSWORDS: dict[tuple[str, str], str] = {}  # (COUNTER_APP_HOME, user) -> password


def _as_password(args: tuple[str, ...]) -> str | None:
    if "--as" not in args[:-1] or "COUNTER_APP_PASSWORD" in os.environ:
        return None
    last = len(args) - 1 - args[::-1].index("--as")  # argparse keeps the last one given
    user = args[last + 1].strip().lower()
    made = _MADE_PASSWORDS.get((os.environ.get("COUNTER_APP_HOME", ""), user))
    return made or KNOWN_PASSWORDS.get(user)


def _remember_password(args: tuple[str, ...], stdin: str) -> None:
    for i in range(len(args) - 2):
        if args[i : i + 2] == ("user", "add") and "--password-stdin" in args[i:]:
            # `counter-app --password-stdin user add ...`: the admin's password comes first.
            lines = stdin.splitlines()[1 if "--password-stdin" in args[:i] else 0 :]
            home = os.environ.get("COUNTER_APP_HOME", "")
            _MADE_PASSWORDS[(home, args[i + 2].lower())] = lines[0]


def run_cli(*args: str, stdin: str = "", as_password: bool = True) -> CliResult:
    """Run `counter-app` in-process, as a user would from a shell. ``as_password=False``: give
    the `--as` user no password (the test gives its own, or none)."""
    password = _as_password(args) if as_password else None
    if password is not None:
        os.environ["COUNTER_APP_PASSWORD"] = password
    out, err = io.StringIO(), io.StringIO()
    old = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = io.StringIO(stdin), out, err
    try:
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse's own usage errors
            code = int(exc.code or 0)
    finally:
        sys.stdin, sys.stdout, sys.stderr = old
        if password is not None:
            del os.environ["COUNTER_APP_PASSWORD"]
    if code == 0:
        _remember_password(args, stdin)
    return CliResult(code, out.getvalue(), err.getvalue())


@pytest.fixture
def cli_station() -> CliResult:
    """A station set up through the CLI itself, with a clerk."""
    res = run_cli(
        "setup",
        "--center",
        "MZH",
        "--center-name",
        "مركز المزة",
        "--station",
        "2",
        "--password-stdin",
        stdin=ADMIN_PASSWORD + "\n",
    )
    assert res.code == 0, res.err
    res = run_cli(
        "user",
        "add",
        "clerk1",
        "--role",
        "clerk",
        "--as",
        "admin",
        "--password-stdin",
        stdin=CLERK_PASSWORD + "\n" + CLERK_PASSWORD + "\n",
    )
    assert res.code == 0, res.err
    return res
