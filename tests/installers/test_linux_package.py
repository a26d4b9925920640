"""The Linux bundle and the Debian package, built and installed for real.

Once per session (the bundle cached across sessions by its sources, installers/linux/
package_tools.py): PyInstaller builds the one-folder bundle, build-deb.sh packs it, dpkg
installs it into a fresh root of its own (``dpkg --root``, maintainer scripts included). The
installed program then prints its version, sets up a station, and opens its login window on a
real X server (Xvfb, Qt's xcb plugin); removing the package leaves the station's data in place.
The tools come from scripts/_env.sh (PACKAGING_TEST_PACKAGES); without one a test skips, and
fails when CI is set.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from counter_app import __version__
from counter_app.cli.parser import build_parser

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "installers" / "linux"))

from package_tools import (  # noqa: E402
    APP_ID,
    PACKAGE,
    PREFIX,
    TIMER,
    build_bundle,
    build_deb,
    dpkg_root,
    installed_program,
    start_xvfb,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Debian packaging"),
]
PASSWORD = "admin-pass-123"
STATION = ["setup", "--center", "MZH", "--center-name", "مركز المزة", "--station", "2"]
SERVICE = "counter-app-nightly-sync.service"


def need(*tools: str) -> None:
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if not missing:
        return
    message = f"missing {', '.join(missing)} (scripts/_env.sh installs them)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def bash_array(name: str) -> list[str]:
    """A package list of scripts/_env.sh, as the build script reads it."""
    text = (ROOT / "scripts" / "_env.sh").read_text("utf-8")
    found = re.search(rf"^{name}=\((.*?)\)", text, re.S | re.M)
    assert found, name
    return found.group(1).split()


@pytest.fixture(scope="session")
def deb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    need("dpkg-deb", "objdump", "readelf")
    return build_deb(build_bundle(), tmp_path_factory.mktemp("deb"))


@pytest.fixture(scope="session")
def installed(deb: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh root with the package installed by dpkg (its postinst run)."""
    need("dpkg")
    root = tmp_path_factory.mktemp("root")
    done = dpkg_root(root, "-i", str(deb))
    assert done.returncode == 0, done.stderr
    return root


def app_env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("COUNTER_APP_", "XDG_", "QT_", "PYTHON"))
        and k not in ("DISPLAY", "WAYLAND_DISPLAY", "VIRTUAL_ENV")
    }
    env.update(extra)
    return env


def run(cmd: list[str], env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cmd, env=env, input=stdin, capture_output=True, text=True, timeout=180, check=False
    )


def control_field(deb: Path, field: str) -> str:
    done = subprocess.run(
        ["dpkg-deb", "--field", str(deb), field], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_package_names_its_version_and_every_runtime_library(deb: Path) -> None:
    assert deb.name == f"{PACKAGE}_{__version__}_amd64.deb"
    assert control_field(deb, "Version") == __version__
    assert control_field(deb, "Architecture") == "amd64"
    depends = [d.strip().split(" ")[0] for d in control_field(deb, "Depends").split(",")]
    for pkg in bash_array("XCB_PACKAGES") + bash_array("DEB_RUNTIME_PACKAGES"):
        assert pkg in depends, pkg
    assert re.search(r"libc6 \(>= 2\.\d+\)", control_field(deb, "Depends"))
    assert int(control_field(deb, "Installed-Size")) > 50_000  # KiB: the whole bundle


def test_package_holds_the_program_its_data_and_nothing_of_hq_or_the_tests(deb: Path) -> None:
    listing = subprocess.run(
        ["dpkg-deb", "--contents", str(deb)], capture_output=True, text=True, check=True
    ).stdout
    rows = [line.split() for line in listing.splitlines()]
    assert all(row[1] == "root/root" for row in rows)  # --root-owner-group
    paths = {row[5].removeprefix(".") for row in rows}
    res = f"/{PREFIX}/_internal/counter_app/resources"
    for wanted in (
        f"/{PREFIX}/counter-app",
        f"{res}/i18n/counter_app_ar.qm",
        f"{res}/i18n/counter_app_en.qm",
        f"{res}/i18n/counter_app_ar.ts",  # the command line translates from the .ts
        f"{res}/fonts/NotoSansArabic-Regular.ttf",
        f"{res}/catalog/catalog.json",
        f"{res}/calendar/holidays.json",
        f"/{PREFIX}/_internal/counter_app/store/migrations/env.py",
        f"/{PREFIX}/_internal/counter_app/store/migrations/versions/0001_initial_schema.py",
        f"/{PREFIX}/_internal/PySide6/Qt/plugins/platforms/libqxcb.so",
        f"/usr/share/applications/{APP_ID}.desktop",
        f"/usr/share/metainfo/{APP_ID}.metainfo.xml",
        f"/usr/share/icons/hicolor/scalable/apps/{APP_ID}.svg",
        f"/usr/share/icons/hicolor/256x256/apps/{APP_ID}.png",
        f"/usr/lib/systemd/user/{SERVICE}",
        f"/usr/lib/systemd/user/{TIMER}",
        f"/usr/share/doc/{PACKAGE}/copyright",
    ):
        assert wanted in paths, wanted
    migrations = ROOT / "src" / "counter_app" / "store" / "migrations" / "versions"
    for version in migrations.glob("0*.py"):
        assert f"/{PREFIX}/_internal/counter_app/store/migrations/versions/{version.name}" in paths
    launcher = next(row for row in rows if row[5] == "./usr/bin/counter-app")
    assert launcher[0].startswith("l") and launcher[-1] == f"/{PREFIX}/counter-app"
    unwanted = re.compile(
        r"counter_hq|/tests/|pytest|fastapi|uvicorn|psycopg|libqgtk3|libqwayland|"
        r"libQt6(Network|Qml|Quick|Pdf|OpenGL\.|EglFS)|/libX11\.|/libxcb-icccm|/libgtk|"
        r"/libfontconfig|/libglib|/libdbus"
    )
    assert not [p for p in paths if unwanted.search(p)]


def _needed(path: Path) -> list[str]:
    out = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[(.+?)\]", out)


def _packages_of(sonames: set[str]) -> dict[str, str | None]:
    """The Debian package of each system library (ldconfig's path, then one ``dpkg -S``)."""
    ldconfig = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    candidates: dict[str, str] = {}  # a path the library may be registered under -> soname
    for soname in sonames:
        pattern = rf"^\s*{re.escape(soname)} \(libc6,x86-64[^)]*\) => (\S+)$"
        found = re.search(pattern, ldconfig, re.M)
        if not found:
            continue
        paths = {found.group(1), os.path.realpath(found.group(1))}  # usrmerge: both spellings
        paths |= {p.replace("/usr/lib/", "/lib/", 1) for p in list(paths)}
        paths |= {"/usr" + p for p in list(paths) if p.startswith("/lib/")}
        candidates.update(dict.fromkeys(paths, soname))
    done = subprocess.run(["dpkg", "-S", *candidates], capture_output=True, text=True)
    owners: dict[str, str | None] = dict.fromkeys(sonames)
    for line in done.stdout.splitlines():
        owner, _, owned = line.partition(": ")
        if owned in candidates:
            owners[candidates[owned]] = owner.split(":")[0]
    return owners


def test_depends_cover_every_system_library_the_bundle_links(deb: Path, installed: Path) -> None:
    """Each library a file of the bundle names and does not carry comes from a package the
    .deb depends on; and Qt's X11 plugin loads with them (ldd: nothing not found)."""
    need("ldconfig", "ldd")
    depends = {d.strip().split(" ")[0] for d in control_field(deb, "Depends").split(",")}
    program = installed / PREFIX
    files = [p for p in program.rglob("*") if p.is_file() and not p.is_symlink()]
    carried = {p.name for p in program.rglob("*")}
    elves = [p for p in files if p.read_bytes()[:4] == b"\x7fELF"]
    assert len(elves) > 50
    users: dict[str, Path] = {}
    for elf in elves:
        for soname in _needed(elf):
            if soname not in carried:
                users.setdefault(soname, elf)
    assert "libxcb-icccm.so.4" in users and "libc.so.6" in users  # the bundle carries neither
    owners = _packages_of(set(users))
    uncovered = {
        soname: f"{owner} (for {users[soname].relative_to(program)})"
        for soname, owner in owners.items()
        if owner not in depends
    }
    assert not uncovered, uncovered
    plugin = program / "_internal" / "PySide6" / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    ldd = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, check=True)
    assert "not found" not in ldd.stdout and "libxcb-cursor.so.0" in ldd.stdout


def test_desktop_entry_and_metainfo_validate(installed: Path, tmp_path: Path) -> None:
    need("desktop-file-validate", "appstreamcli")
    desktop = installed / "usr" / "share" / "applications" / f"{APP_ID}.desktop"
    metainfo = installed / "usr" / "share" / "metainfo" / f"{APP_ID}.metainfo.xml"
    done = run(["desktop-file-validate", str(desktop)], app_env())
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout
    text = desktop.read_text("utf-8")
    assert "Name[ar]=" in text and "Comment[ar]=" in text and "\nExec=counter-app gui\n" in text
    done = run(["appstreamcli", "validate", "--no-net", str(metainfo)], app_env())
    assert done.returncode == 0, done.stdout + done.stderr
    assert f'version="{__version__}"' in metainfo.read_text("utf-8")
    # The validators do refuse a broken file (the checks above can fail).
    broken = tmp_path / f"{APP_ID}.desktop"
    broken.write_text(text.replace("Type=Application\n", ""), "utf-8")
    assert run(["desktop-file-validate", str(broken)], app_env()).returncode != 0
    bad = tmp_path / f"{APP_ID}.metainfo.xml"
    bad.write_text(metainfo.read_text("utf-8").replace("<summary>", "<summary>.", 1), "utf-8")
    bad.write_text(re.sub(r"<id>.*?</id>", "", bad.read_text("utf-8")), "utf-8")
    assert run(["appstreamcli", "validate", "--no-net", str(bad)], app_env()).returncode != 0


def test_nightly_timer_is_enabled_for_every_user_and_runs_the_nightly_sync(
    installed: Path, tmp_path: Path
) -> None:
    units = installed / "usr" / "lib" / "systemd" / "user"
    timer = (units / TIMER).read_text("utf-8")
    service = (units / SERVICE).read_text("utf-8")
    assert re.search(r"^OnCalendar=\S", timer, re.M) and "\nPersistent=true\n" in timer
    assert re.search(r"^RandomizedDelaySec=\S+", timer, re.M)
    assert "\nWantedBy=timers.target\n" in timer
    exec_line = re.search(r"^ExecStart=(.+)$", service, re.M)
    assert exec_line and exec_line.group(1).split() == [
        "/usr/bin/counter-app",
        "sync",
        "--nightly",
    ]
    args = build_parser().parse_args(["sync", "--nightly"])  # the command exists as written
    assert args.handler == "cmd_sync:sync" and args.nightly
    # The service runs only where a station is set up: its condition is the database's path.
    condition = re.search(r"^ConditionPathExists=%h/(.+)$", service, re.M)
    assert condition, service
    probe = (
        "from counter_app.paths import AppPaths; import sys; "
        "sys.stdout.write(str(AppPaths.default().database))"
    )
    home = tmp_path / "clerk"
    done = run([sys.executable, "-c", probe], app_env(HOME=str(home), PATH=os.environ["PATH"]))
    assert done.stdout == str(home / condition.group(1)), done.stderr
    # postinst enabled it globally (systemctl --global enable), as dpkg ran it.
    link = installed / "etc" / "systemd" / "user" / "timers.target.wants" / TIMER
    assert link.is_symlink() and os.readlink(link).endswith(f"/usr/lib/systemd/user/{TIMER}")
    if shutil.which("systemd-analyze") is None:
        return  # the unit check needs systemd; the rest above holds without it
    verify = tmp_path / "units"
    verify.mkdir()
    (verify / TIMER).write_text(timer, "utf-8")
    program = installed_program(installed)
    (verify / SERVICE).write_text(service.replace("/usr/bin/counter-app", str(program)), "utf-8")
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    env = app_env(XDG_RUNTIME_DIR=str(runtime), PATH=os.environ["PATH"])
    done = run(["systemd-analyze", "verify", "--user", str(verify / TIMER)], env)
    assert done.returncode == 0, done.stdout + done.stderr
    (verify / TIMER).write_text(timer.replace("OnCalendar=", "OnCalendar=nightly-ish "), "utf-8")
    assert run(["systemd-analyze", "verify", "--user", str(verify / TIMER)], env).returncode != 0


@pytest.fixture()
def xserver() -> Iterator[str]:
    need("Xvfb", "xwininfo")
    server, display = start_xvfb()
    try:
        yield display
    finally:
        server.terminate()
        server.wait(timeout=10)


def _window_names(display: str) -> str:
    done = subprocess.run(
        ["xwininfo", "-root", "-tree", "-display", display],
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )
    return done.stdout


def test_installed_program_prints_its_version_sets_up_and_opens_its_login_on_x11(
    installed: Path, xserver: str, tmp_path: Path
) -> None:
    program = installed_program(installed)
    assert program == installed / PREFIX / "counter-app"
    # Started through a link, as /usr/bin/counter-app starts it.
    link = tmp_path / "bin" / "counter-app"
    link.parent.mkdir()
    link.symlink_to(program)
    path = f"{link.parent}:/usr/bin:/bin"
    done = run([str(link), "--version"], app_env(PATH=path))
    assert done.returncode == 0 and done.stdout.strip() == f"counter-app {__version__}"
    home = tmp_path / "home"
    env = app_env(PATH=path, COUNTER_APP_HOME=str(home), COUNTER_APP_LANG="ar")
    done = run([str(link), *STATION, "--password-stdin"], env, PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    # The shipped migrations made the newest schema; the shipped catalog is loaded.
    done = run([str(link), "--lang", "en", "status", "--json"], env)
    assert done.returncode == 0, done.stderr
    status = json.loads(done.stdout)
    assert (status["set_up"], status["center_code"], status["station_no"]) == (True, "MZH", 2)
    assert status["app_version"] == __version__ and status["catalog_version"]
    newest = max(
        (ROOT / "src" / "counter_app" / "store" / "migrations" / "versions").glob("0*.py")
    ).name[:4]
    assert status["schema"] == newest, status
    # A command of each kind loads what it imports by name (the command modules, reportlab's
    # barcodes, escpos's printer profiles...): none may end in an internal error (exit 1).
    for line, code in (
        ("sync --nightly", 2),  # not enrolled: said, not crashed
        ("db check", 0),
        ("db backup", 0),
        ("catalog list", 0),
        ("printers", 0),
        ("scanners", 0),
        ("cash --as admin", 0),
        ("user list --as admin", 0),
        ("print-queue --as admin", 0),
        ("search 123 --as admin", 2),
        # PDF (reportlab with the shipped fonts, Arabic shaping) and XLSX (openpyxl) output.
        ("receipt --kind slip BANK-SUBSCRIPTION-ACCOUNT --out {out}/slip.pdf --as admin", 0),
        ("report --period today --format pdf --out {out}/report.pdf --as admin", 0),
        ("report --period today --format xlsx --out {out}/report.xlsx --as admin", 0),
    ):
        words = line.format(out=tmp_path).split()
        cmd = [str(link), "--lang", "en", "--password-stdin", *words]
        done = run(cmd, env, PASSWORD + "\n")
        assert done.returncode == code, (line, done.returncode, done.stderr)
        assert "Internal error" not in done.stderr, (line, done.stderr)
    assert not (home / "log" / "counter-app-errors.log").exists()
    for name in ("slip.pdf", "report.pdf"):
        assert (tmp_path / name).read_bytes()[:5] == b"%PDF-"
    assert (tmp_path / "report.xlsx").read_bytes()[:2] == b"PK"
    # A bad command is refused in the clerk's language, nothing changed (exit 2).
    before = hashlib.sha256((home / "data" / "counter.sqlite3").read_bytes()).hexdigest()
    done = run([str(link), "setup", "--center", "MZH", "--station", "x", "--password-stdin"], env)
    assert done.returncode == 2 and re.search("[\u0600-\u06ff]", done.stderr), done.stderr
    after = hashlib.sha256((home / "data" / "counter.sqlite3").read_bytes()).hexdigest()
    assert before == after

    gui = dict(env, DISPLAY=xserver, QT_QPA_PLATFORM="xcb")
    done = run([str(link), "gui"], dict(gui, COUNTER_APP_STARTUP_PROBE="1"))
    assert done.returncode == 0, done.stderr
    assert re.match(r"first-paint wall_ms=\d+ cpu_ms=\d+", done.stdout), done.stdout
    # The window itself, as the X server lists it, titled in Arabic from the shipped .qm.
    proc = subprocess.Popen([str(link)], env=gui, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline, names = time.monotonic() + 60, ""
        while time.monotonic() < deadline and "تسجيل الدخول" not in names:
            assert proc.poll() is None, proc.communicate()
            time.sleep(0.3)
            names = _window_names(xserver)
        assert "مركز خدمة المواطن — تسجيل الدخول" in names, names
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    # No .qm compiled at start-up: the bundle's own were used (it has no lrelease).
    assert not list(home.rglob("*.qm"))


def test_upgrading_and_removing_the_package_keep_each_users_data(deb: Path, tmp_path: Path) -> None:
    root = tmp_path / "root"
    assert dpkg_root(root, "-i", str(deb)).returncode == 0
    program = installed_program(root)
    # A clerk's station where the program puts it by default (XDG folders in the home).
    home = root / "home" / "clerk"
    env = app_env(HOME=str(home), PATH="/usr/bin:/bin")
    done = run([str(program), *STATION, "--password-stdin"], env, PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    data = home / ".local" / "share" / PACKAGE
    files = {p: p.read_bytes() for p in data.rglob("*") if p.is_file()}
    assert data / "counter.sqlite3" in files
    wants = root / "etc" / "systemd" / "user" / "timers.target.wants" / TIMER
    assert wants.is_symlink()
    # An upgrade (here: the same package again) keeps the data and the timer.
    done = dpkg_root(root, "-i", str(deb))
    assert done.returncode == 0, done.stderr
    assert wants.is_symlink() and installed_program(root).is_file()
    assert {p: p.read_bytes() for p in data.rglob("*") if p.is_file()} == files
    done = dpkg_root(root, "--purge", PACKAGE)
    assert done.returncode == 0, done.stderr
    assert not (root / PREFIX).exists() and not (root / "usr" / "bin" / "counter-app").exists()
    assert not wants.is_symlink()  # prerm disabled the timer
    assert {p: p.read_bytes() for p in data.rglob("*") if p.is_file()} == files
