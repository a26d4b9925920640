"""The Windows installer (installers/windows): compiled with makensis as CI does, then read back.

PyInstaller cannot build the Windows bundle on Linux, so the installer is compiled against the
staged compile-check payload (or a stand-in bundle) and checked through makensis' own listing
of every instruction it compiled (-V4): what the uninstaller deletes, the registry keys, the
scheduled task's XML. Running it needs Windows (docs/INSTALL.md says what was not verified).
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath
from types import ModuleType

import pytest

import counter_protocol
from counter_app.paths import APP_AUTHOR, APP_NAME, AppPaths

ROOT = Path(__file__).resolve().parents[2]
WIN = ROOT / "installers" / "windows"
NSI = WIN / "counter-app.nsi"
BUILD = WIN / "build-installer.sh"
UNINSTALL_KEY = r"HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\CitizenServiceCounter"
TASK_NAME = r"CitizenServiceCounter\NightlySync"
# Where a user's things live on Windows: nothing of the installer may delete there.
USER_PLACES = ("$LOCALAPPDATA", "$APPDATA", "$PROFILE", "$DOCUMENTS", "$TEMP", "%LOCALAPPDATA%")
SAMPLE_DIR = r"C:\Program Files\R&D <x> Counter"  # a /D= folder that needs XML escaping


def _makensis() -> str:
    found = shutil.which("makensis")
    if found is None:
        message = "makensis missing (Debian package nsis; scripts/_env.sh installs it for tests)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


@dataclass(frozen=True)
class Build:
    exe: Path
    work: Path
    output: str


def _build(tmp: Path, *args: str, nsi_dir: Path = WIN) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["COUNTER_INSTALLER_DIST"] = str(tmp / "dist")
    env["COUNTER_INSTALLER_WORK"] = str(tmp / "work")
    return subprocess.run(
        ["bash", str(nsi_dir / "build-installer.sh"), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def compile_check(tmp_path_factory: pytest.TempPathFactory) -> Build:
    _makensis()
    tmp = tmp_path_factory.mktemp("wininst")
    done = _build(tmp)
    assert done.returncode == 0, done.stdout + done.stderr
    exe = (
        tmp
        / "dist"
        / f"CitizenServiceCounter-{counter_protocol.__version__}-setup-COMPILE-CHECK.exe"
    )
    return Build(exe=exe, work=tmp / "work", output=done.stdout + done.stderr)


@dataclass(frozen=True)
class Block:
    """A function or section as makensis listed it: its name and its instruction lines."""

    kind: str
    name: str
    lines: tuple[str, ...]

    @property
    def uninstaller(self) -> bool:
        return self.name.startswith("un.") or (self.kind == "Section" and self.name == "Uninstall")


class Listing(list[Block]):
    """The blocks, and every line makensis printed (the settings outside any block)."""

    lines: tuple[str, ...] = ()


def compile_listing(makensis: str, nsi: Path, work: Path, out: Path) -> Listing:
    """Every instruction of the script, with defines and macros expanded (the helper libraries'
    own quiet mode turned off, so nothing inside ${If}/${IfCmd} is hidden)."""
    done = subprocess.run(
        [
            makensis, "-V4", "-NOCD", "-DLOGICLIB_VERBOSITY=4", "-DMUI_VERBOSE=4",
            f"-DVERSION={counter_protocol.__version__}",
            f"-DPAYLOAD={work / 'compile-check-payload'}",
            f"-DMANIFEST={work / 'payload.nsh'}", f"-DOUTFILE={out}", "-DCOMPILE_CHECK", str(nsi),
        ],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr
    blocks = Listing()
    blocks.lines = tuple(done.stdout.splitlines())
    current: tuple[str, str, list[str]] | None = None
    for line in done.stdout.splitlines():
        start = re.match(r'(Function|Section): "([^"]*)"', line)
        if start:
            current = (start.group(1), start.group(2), [])
        elif line in ("FunctionEnd", "SectionEnd") and current is not None:
            blocks.append(Block(current[0], current[1], tuple(current[2])))
            current = None
        elif current is not None and not line.startswith("!"):
            current[2].append(line)
    return blocks


@pytest.fixture(scope="module")
def listing(compile_check: Build) -> Listing:
    return compile_listing(_makensis(), NSI, compile_check.work, compile_check.work / "v4.exe")


def removals(blocks: list[Block]) -> list[str]:
    return [
        line
        for block in blocks
        for line in block.lines
        if line.startswith(("Delete:", "RMDir:", "DeleteRegKey:", "DeleteRegValue:"))
    ]


def data_rule_breaches(blocks: list[Block]) -> list[str]:
    """What in the uninstaller could remove a user's data, or more than the program folder's
    own entries: each removal must name $INSTDIR\\<entry>, the shortcut, or the empty folder."""
    bad = []
    for line in removals([b for b in blocks if b.uninstaller]):
        verb, _, target = line.partition(": ")
        recursive = target.startswith("/r ")
        path = target.removeprefix("/r ").removeprefix("/REBOOTOK ").strip('"')
        if verb.startswith("DeleteReg"):
            if not path.startswith(UNINSTALL_KEY):
                bad.append(line)
        elif any(place.lower() in path.lower() for place in USER_PLACES):
            bad.append(line)
        elif path == "$INSTDIR":
            if recursive:  # would take whatever else the IT person kept in that folder
                bad.append(line)
        elif not re.fullmatch(r"(\$INSTDIR|\$SMPROGRAMS)\\[^\\*?]+", path) or ".." in path:
            bad.append(line)
    return bad


def block(blocks: list[Block], name: str) -> Block:
    return next(b for b in blocks if b.name == name)


def _section_lines(blocks: list[Block], name: str) -> list[str]:
    return list(block(blocks, name).lines)


# --- the compiled program ------------------------------------------------------------------


def test_compiles_to_a_windows_program_with_its_version(compile_check: Build) -> None:
    data = compile_check.exe.read_bytes()
    assert data[:2] == b"MZ"
    (pe_offset,) = struct.unpack_from("<I", data, 0x3C)
    assert data[pe_offset : pe_offset + 4] == b"PE\0\0"
    (machine,) = struct.unpack_from("<H", data, pe_offset + 4)
    assert machine == 0x14C  # the x86 stub: runs on every 64-bit Windows (WOW64)
    # The version resource Windows (and Defender's reputation checks) read: UTF-16 strings.
    for text in ("ProductVersion", counter_protocol.__version__, "Citizen Service Counter",
                 "Citizen Service Center", "COMPILE CHECK"):  # fmt: skip
        assert text.encode("utf-16-le") in data, text
    assert "COMPILE CHECK" in compile_check.output


def test_the_data_folder_kept_is_the_one_platformdirs_gives_on_windows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import platformdirs.windows

    local = r"C:\Users\clerk\AppData\Local"

    def folder(csidl: str) -> str:
        assert csidl == "CSIDL_LOCAL_APPDATA", csidl  # never the roaming profile
        return local

    monkeypatch.setattr(platformdirs.windows, "get_win_folder", folder)
    dirs = platformdirs.windows.Windows(APP_NAME, APP_AUTHOR)
    expected = PureWindowsPath(local, "CitizenServiceCenter", "citizen-service-counter")
    assert PureWindowsPath(dirs.user_data_dir) == expected
    for kept in (dirs.user_config_dir, dirs.user_log_dir):  # all kept with the data
        assert expected in (PureWindowsPath(kept), *PureWindowsPath(kept).parents)
    said = r"%LOCALAPPDATA%\CitizenServiceCenter\citizen-service-counter"
    assert said in NSI.read_text(encoding="utf-8-sig")
    assert said in (ROOT / "docs" / "INSTALL.md").read_text(encoding="utf-8")


# --- uninstall keeps the data ----------------------------------------------------------------


def test_uninstaller_removes_only_what_the_installer_wrote(listing: list[Block]) -> None:
    assert data_rule_breaches(listing) == []
    uninstall = _section_lines(listing, "Uninstall")
    for entry in ("_internal", "counter-app.exe", "counter-app-desktop.exe"):
        assert any(line.endswith(f'\\{entry}"') for line in uninstall), entry
    assert 'RMDir: /r "$INSTDIR\\_internal"' in uninstall
    assert 'RMDir: "$INSTDIR"' in uninstall  # only when empty
    assert 'Delete: "$SMPROGRAMS\\Citizen Service Counter.lnk"' in uninstall
    assert f"DeleteRegKey: {UNINSTALL_KEY}" in uninstall
    # Nothing on the installing side deletes user data either (the upgrade path).
    install = [b for b in listing if not b.uninstaller]
    assert not any(
        place.lower() in line.lower() for line in removals(install) for place in USER_PLACES
    )


@pytest.mark.slow  # three more compilations
def test_the_data_rule_check_catches_an_uninstaller_that_deletes_user_data(
    compile_check: Build, tmp_path: Path
) -> None:
    # The check above must be able to fail: the same script, with the one line a careless
    # edit might add, is caught; so is wiping the whole program folder.
    text = NSI.read_text(encoding="utf-8-sig")
    for bad_line in (
        'RMDir /r "$LOCALAPPDATA\\CitizenServiceCenter"',
        'RMDir /r "$INSTDIR"',
        'Delete "$APPDATA\\citizen-service-counter\\counter.sqlite3"',
    ):
        broken = text.replace('  DetailPrint "$(DataKept)"\n', f"  {bad_line}\n", 1)
        assert broken != text
        nsi = tmp_path / "broken.nsi"
        nsi.write_text(broken, encoding="utf-8-sig")
        shutil.copy(WIN / "payload_manifest.py", tmp_path)
        blocks = compile_listing(_makensis(), nsi, compile_check.work, tmp_path / "b.exe")
        breaches = data_rule_breaches(blocks)
        assert len(breaches) == 1, (bad_line, breaches)


def test_a_running_program_stops_the_uninstall_before_anything_is_removed(
    listing: list[Block],
) -> None:
    lines = _section_lines(listing, "Uninstall")
    first_removal = next(
        i for i, line in enumerate(lines) if line.startswith(("Delete:", "RMDir:"))
    )
    probes = [
        i for i, line in enumerate(lines) if line.startswith("FileOpen: $INSTDIR\\counter-app")
    ]
    assert len(probes) == 2 and max(probes) < first_removal
    assert "MessageBox" in " ".join(lines[:first_removal])


# --- Add/Remove Programs, silent switches ---------------------------------------------------


def test_add_remove_programs_entry(listing: list[Block]) -> None:
    keys = {}
    for line in block(listing, "WriteUninstallKeys").lines:
        found = re.match(r"WriteReg(Str|DWORD): (.*)\\([^\\=]+)=(.*)", line)
        if found:
            assert found.group(2) == UNINSTALL_KEY, line
            keys[found.group(3)] = (found.group(1), found.group(4))
    assert keys["DisplayName"] == ("Str", "Citizen Service Counter")
    assert keys["DisplayVersion"] == ("Str", counter_protocol.__version__)
    assert keys["Publisher"] == ("Str", "Citizen Service Center")
    assert keys["InstallLocation"] == ("Str", "$INSTDIR")
    assert keys["UninstallString"] == ("Str", '"$INSTDIR\\uninstall.exe"')
    assert keys["QuietUninstallString"] == ("Str", '"$INSTDIR\\uninstall.exe" /S')
    assert keys["EstimatedSize"][0] == "DWORD"
    # The 64-bit registry view in both programs, where a 64-bit Windows lists programs.
    assert "SetRegView: 64" in block(listing, ".onInit").lines
    assert "SetRegView: 64" in block(listing, "un.onInit").lines


def test_per_machine_install_for_administrators(listing: Listing) -> None:
    text = NSI.read_text(encoding="utf-8-sig")
    assert 'InstallDir: "$PROGRAMFILES64\\Citizen Service Counter"' in listing.lines
    assert "Unicode: true" in listing.lines
    assert re.search(r"^RequestExecutionLevel admin$", text, re.M)
    install = _section_lines(listing, "-Install")
    assert install[0] == "SetShellVarContext: all"  # the Start-menu entry for every user
    shortcut = [line for line in install if line.startswith("CreateShortcut:")]
    assert shortcut == [
        'CreateShortcut: "$SMPROGRAMS\\Citizen Service Counter.lnk"'
        '->"$INSTDIR\\counter-app-desktop.exe"'
        "  icon:$INSTDIR\\counter-app-desktop.exe,0, nwd=0, showmode=0x1, hotkey=0x0,"
        " comment=Citizen Service Counter"
    ]
    assert re.search(r'^!insertmacro MUI_LANGUAGE "English"$', text, re.M)
    assert re.search(r'^!insertmacro MUI_LANGUAGE "Arabic"$', text, re.M)


def test_every_message_has_a_silent_answer() -> None:
    # /S must never stop on a dialog: each MessageBox says what a silent run answers.
    source = NSI.read_text(encoding="utf-8-sig").splitlines()
    lines = [
        s for s in source if re.search(r"\bMessageBox\b", s) and not s.lstrip().startswith(";")
    ]
    assert len(lines) >= 6
    for line in lines:
        assert re.search(r"/SD ID(OK|CANCEL)\b", line), line
    # /D= is the built-in folder switch; an upgrade keeps the old folder unless /D= names one.
    init = NSI.read_text(encoding="utf-8-sig").split("Function .onInit", 1)[1]
    assert '$INSTDIR == "$PROGRAMFILES64\\${APP_NAME}"' in init.split("FunctionEnd", 1)[0]


# --- the nightly task --------------------------------------------------------------------


def task_xml(listing: list[Block], folder: str) -> ET.Element:
    """The task definition CreateNightlyTask writes, for a program folder ``folder``."""
    lines = block(listing, "CreateNightlyTask").lines
    escape = block(listing, "XmlEscape")
    assert any("&amp;" in line for line in escape.lines)
    escaped = folder.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    written = "".join(
        line.removeprefix("FileWriteUTF16LE: ").removeprefix("/BOM ")
        for line in lines
        if line.startswith("FileWriteUTF16LE: ")
    )
    assert written.startswith('<?xml version="1.0" encoding="UTF-16"?>')
    body = written.split("?>", 1)[1].replace("$R0", escaped)
    assert "$" not in body, "an NSIS variable left in the task XML"
    return ET.fromstring(body)


def windows_database(local_appdata: str, monkeypatch: pytest.MonkeyPatch) -> PureWindowsPath:
    """The station database's path on Windows for a %LOCALAPPDATA% (counter_app.paths)."""
    import platformdirs.windows

    monkeypatch.setattr(platformdirs.windows, "get_win_folder", lambda _csidl: local_appdata)
    data = PureWindowsPath(platformdirs.windows.Windows(APP_NAME, APP_AUTHOR).user_data_dir)
    here = Path("data")
    return data / AppPaths(data_dir=here, config_dir=here, log_dir=here).database.name


def test_the_nightly_task_runs_sync_for_the_signed_in_user(
    listing: list[Block], monkeypatch: pytest.MonkeyPatch
) -> None:
    ns = {"t": "http://schemas.microsoft.com/windows/2004/02/mit/task"}
    task = task_xml(listing, SAMPLE_DIR)
    principal = task.find("t:Principals/t:Principal", ns)
    assert principal is not None
    assert principal.findtext("t:GroupId", namespaces=ns) == "S-1-5-4"  # INTERACTIVE
    assert principal.find("t:UserId", ns) is None  # no account, no stored password
    assert principal.findtext("t:RunLevel", namespaces=ns) == "LeastPrivilege"
    trigger = task.find("t:Triggers/t:CalendarTrigger", ns)
    assert trigger is not None
    assert trigger.findtext("t:ScheduleByDay/t:DaysInterval", namespaces=ns) == "1"
    assert (trigger.findtext("t:StartBoundary", namespaces=ns) or "").endswith("T02:30:00")
    assert task.find("t:Triggers/t:LogonTrigger", ns) is None
    settings = task.find("t:Settings", ns)
    assert settings is not None
    assert settings.findtext("t:StartWhenAvailable", namespaces=ns) == "true"
    assert settings.findtext("t:MultipleInstancesPolicy", namespaces=ns) == "IgnoreNew"
    assert settings.findtext("t:ExecutionTimeLimit", namespaces=ns) == "PT2H"
    execute = task.find("t:Actions/t:Exec", ns)
    assert execute is not None
    assert execute.findtext("t:Command", namespaces=ns) == "%SystemRoot%\\System32\\cmd.exe"
    assert execute.findtext("t:WorkingDirectory", namespaces=ns) == SAMPLE_DIR
    arguments = execute.findtext("t:Arguments", namespaces=ns) or ""
    found = re.fullmatch(r'/d /c if exist "([^"]+)" "([^"]+)" ([^"&|<>^]+)', arguments)
    assert found, arguments
    database, program, command = found.groups()
    assert program == f"{SAMPLE_DIR}\\counter-app.exe"
    # Only for a user with a station: the file tested is the database counter_app opens.
    assert PureWindowsPath(database) == windows_database("%LOCALAPPDATA%", monkeypatch)
    from counter_app.cli.parser import build_parser

    parsed = build_parser().parse_args(command.split())  # the command the task runs exists
    assert parsed.nightly is True


def test_the_task_is_made_by_the_installer_and_removed_by_the_uninstaller(
    listing: list[Block],
) -> None:
    create = [line for line in block(listing, "CreateNightlyTask").lines if "schtasks" in line]
    assert create == [
        f'Plugin command: ExecToLog "$SYSDIR\\schtasks.exe" /Create /TN "{TASK_NAME}"'
        ' /XML "$INSTDIR\\nightly-sync.xml" /F'
    ]
    assert 'Call "CreateNightlyTask"' in _section_lines(listing, "-Install")
    delete = [line for line in _section_lines(listing, "Uninstall") if "schtasks" in line]
    assert delete == [
        f'Plugin command: ExecToLog "$SYSDIR\\schtasks.exe" /Delete /TN "{TASK_NAME}" /F'
    ]
    # A failed creation is said (exit code 3 in a silent run), never ignored.
    assert "SetErrorLevel: 3" in block(listing, "CreateNightlyTask").lines


# --- the build command -------------------------------------------------------------------


@pytest.fixture
def script_copy(tmp_path: Path) -> Iterator[Path]:
    """installers/windows copied beside a link to src/, to build from an altered script."""
    root = tmp_path / "repo"
    (root / "installers").mkdir(parents=True)
    shutil.copytree(WIN, root / "installers" / "windows")
    (root / "src").symlink_to(ROOT / "src")
    yield root / "installers" / "windows"


def test_a_makensis_warning_fails_the_build_and_leaves_no_setup(
    script_copy: Path, tmp_path: Path
) -> None:
    _makensis()
    nsi = script_copy / "counter-app.nsi"
    nsi.write_text(nsi.read_text(encoding="utf-8-sig") + "\nVar never_used\n", encoding="utf-8-sig")
    old = (
        tmp_path
        / "dist"
        / f"CitizenServiceCounter-{counter_protocol.__version__}-setup-COMPILE-CHECK.exe"
    )
    old.parent.mkdir()
    old.write_bytes(b"MZ an older build")
    done = _build(tmp_path, nsi_dir=script_copy)
    assert done.returncode != 0
    assert "warning" in (done.stdout + done.stderr).lower()
    assert "makensis failed" in done.stderr
    assert list((tmp_path / "dist").iterdir()) == []  # neither a half nor a stale installer


def test_a_folder_that_is_not_a_windows_bundle_is_refused(tmp_path: Path) -> None:
    _makensis()
    linux_bundle = tmp_path / "counter-app"
    (linux_bundle / "_internal").mkdir(parents=True)
    (linux_bundle / "counter-app").write_bytes(b"\x7fELF")
    done = _build(tmp_path, str(linux_bundle))
    assert done.returncode != 0
    assert "has no counter-app.exe" in done.stderr
    assert not (tmp_path / "dist").exists() or list((tmp_path / "dist").iterdir()) == []
    missing = _build(tmp_path, str(tmp_path / "nowhere"))
    assert missing.returncode != 0 and "bundle folder not found" in missing.stderr


def test_a_bundle_gives_the_named_product_without_the_compile_check_mark(tmp_path: Path) -> None:
    _makensis()
    bundle = tmp_path / "counter-app"
    (bundle / "_internal" / "PySide6").mkdir(parents=True)
    (bundle / "counter-app.exe").write_bytes(b"MZ stand-in")
    (bundle / "_internal" / "PySide6" / "Qt6Core.dll").write_bytes(b"MZ stand-in")
    done = _build(tmp_path, str(bundle))
    assert done.returncode == 0, done.stderr
    exe = tmp_path / "dist" / f"CitizenServiceCounter-{counter_protocol.__version__}-setup.exe"
    data = exe.read_bytes()
    assert data[:2] == b"MZ"
    assert "COMPILE CHECK".encode("utf-16-le") not in data
    assert "not a product".encode("utf-16-le") not in data
    # Without a windowed launcher the shortcut starts the console program (and says so).
    assert "no counter-app-desktop.exe" in done.stderr
    nsh = (tmp_path / "work" / "payload.nsh").read_text(encoding="utf-8-sig")
    assert '!define GUI_EXE "counter-app.exe"' in nsh


# --- the payload manifest ----------------------------------------------------------------


@pytest.fixture(scope="module")
def manifest_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("payload_manifest", WIN / "payload_manifest.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["payload_manifest"] = module
    spec.loader.exec_module(module)
    return module


def test_manifest_quotes_dollar_signs_and_refuses_what_nsis_cannot_carry(
    manifest_module: ModuleType, tmp_path: Path
) -> None:
    payload = tmp_path / "p"
    payload.mkdir()
    (payload / "counter-app.exe").write_bytes(b"MZ")
    (payload / "a$b.dll").write_bytes(b"MZ")
    text = manifest_module.manifest(payload)
    assert 'Delete "$INSTDIR\\a$$b.dll"' in text  # $ would start an NSIS variable
    for bad in ("uninstall.exe", "nightly-sync.xml", "x`y.dll"):
        (payload / bad).write_bytes(b"")
        with pytest.raises(manifest_module.PayloadError):
            manifest_module.manifest(payload)
        (payload / bad).unlink()
    (payload / "link").symlink_to(payload / "counter-app.exe")
    with pytest.raises(manifest_module.PayloadError, match="symbolic link"):
        manifest_module.manifest(payload)


# --- an extra look under Wine, on request (COUNTER_TEST_WINE=1) ------------------------------
# Not Windows: Wine's Task Scheduler keeps only part of a task, and Debian's wine64 runs no
# 32-bit program, so this runs the same script compiled for NSIS' amd64 stub. It does run the
# installer's logic for real: files, registry, shortcut, the task XML through schtasks, the
# upgrade, /D=, the uninstaller, and the user's data left alone.

WINE64 = shutil.which("wine64") or next(
    (p for p in ("/usr/lib/wine/wine64",) if Path(p).exists()), None
)


@dataclass(frozen=True)
class Wine:
    prefix: Path
    env: dict[str, str]

    def run(self, *args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
        # Output to a file, not a pipe: the services Wine starts in the background inherit
        # the handles, and a pipe would then never reach its end.
        assert WINE64 is not None
        with tempfile.TemporaryFile("w+") as out:
            done = subprocess.run(
                [WINE64, *args], env=self.env, stdout=out, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, timeout=timeout, check=False,
            )  # fmt: skip
            out.seek(0)
            return subprocess.CompletedProcess(done.args, done.returncode, out.read(), "")

    def c(self, windows_path: str) -> Path:
        return self.prefix / "drive_c" / windows_path.removeprefix("C:\\").replace("\\", "/")

    def reg(self, key: str) -> dict[str, str]:
        done = self.run("reg", "query", key)
        if done.returncode != 0:
            return {}
        found = re.findall(r"^\s+(\S+)\s+REG_\w+\s+(.*)$", done.stdout, re.M)
        return {name: value.strip() for name, value in found}


@pytest.fixture(scope="module")
def wine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Wine]:
    if not os.environ.get("COUNTER_TEST_WINE"):
        pytest.skip("the run under Wine is asked for with COUNTER_TEST_WINE=1 (about a minute)")
    if WINE64 is None:
        pytest.fail("COUNTER_TEST_WINE is set but wine64 is not installed (apt-get install wine64)")
    prefix = tmp_path_factory.mktemp("wineprefix")
    env = dict(os.environ, WINEPREFIX=str(prefix), WINEDEBUG="-all", DISPLAY="")
    env["WINEDLLOVERRIDES"] = "mscoree,mshtml="  # no Mono/Gecko download prompts
    box = Wine(prefix, env)
    server = str(Path(WINE64).with_name("wineserver"))
    try:
        assert box.run("wineboot", "-i", timeout=600).returncode == 0
        # The services of the first boot do not answer; those of a new session do.
        subprocess.run([server, "-k"], env=env, check=False, timeout=60, stdout=subprocess.DEVNULL)
        subprocess.run(
            [server, "-p", "300"], env=env, check=False, timeout=60,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        box.run("reg", "add", "HKCU\\Software\\Wine", "/v", "Version", "/d", "win10", "/f")
        # Wine starts its Task Scheduler service on first use, slowly: wait for it with a
        # throwaway task, so the installer's own schtasks call meets a running service.
        probe = box.c("C:\\probe.xml")
        probe.write_text(
            '<?xml version="1.0" encoding="UTF-16"?>\n<Task version="1.2" xmlns='
            '"http://schemas.microsoft.com/windows/2004/02/mit/task"><Actions><Exec>'
            "<Command>probe.exe</Command></Exec></Actions></Task>\n",
            encoding="utf-16",
        )
        for _ in range(10):
            made = box.run("schtasks", "/Create", "/TN", "Probe", "/XML", "C:\\probe.xml", "/F")
            if made.returncode == 0:
                break
            time.sleep(3)
        else:
            pytest.fail("Wine's Task Scheduler service never answered")
        box.run("schtasks", "/Delete", "/TN", "Probe", "/F")
        yield box
    finally:
        subprocess.run([server, "-k"], env=env, check=False, timeout=60, stdout=subprocess.DEVNULL)


@pytest.mark.slow
def test_under_wine_install_upgrade_move_and_uninstall_keep_the_data(
    wine: Wine, compile_check: Build, tmp_path: Path
) -> None:
    setup = wine.c("C:\\setup64.exe")
    done = subprocess.run(
        [
            _makensis(), "-WX", "-V2", "-NOCD", "-XTarget amd64-unicode",
            f"-DVERSION={counter_protocol.__version__}",
            f"-DPAYLOAD={compile_check.work / 'compile-check-payload'}",
            f"-DMANIFEST={compile_check.work / 'payload.nsh'}", f"-DOUTFILE={setup}",
            "-DCOMPILE_CHECK", str(NSI),
        ],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    users = [p for p in (wine.prefix / "drive_c" / "users").iterdir() if p.name != "Public"]
    data = users[0] / "AppData/Local/CitizenServiceCenter/citizen-service-counter"
    (data / "Logs").mkdir(parents=True)
    (data / "counter.sqlite3").write_bytes(b"a station's records")
    (data / "Logs" / "counter-app.log").write_text("log")
    before = {p: p.read_bytes() for p in data.rglob("*") if p.is_file()}
    task_file = wine.c("C:\\windows\\system32\\tasks\\CitizenServiceCounter\\NightlySync")
    shortcut = wine.c(
        "C:\\ProgramData\\Microsoft\\Windows\\Start Menu\\Programs\\Citizen Service Counter.lnk"
    )
    key = UNINSTALL_KEY.replace("HKLM", "HKEY_LOCAL_MACHINE")
    folder = wine.c("C:\\Program Files\\Citizen Service Counter")

    assert wine.run("C:\\setup64.exe", "/S").returncode == 0
    assert {p.name for p in folder.iterdir()} == {
        "_internal", "counter-app.exe", "counter-app-desktop.exe", "uninstall.exe",
        "nightly-sync.xml",
    }  # fmt: skip
    keys = wine.reg(key)
    assert keys["DisplayName"] == "Citizen Service Counter"
    assert keys["DisplayVersion"] == counter_protocol.__version__
    assert keys["InstallLocation"] == "C:\\Program Files\\Citizen Service Counter"
    assert keys["QuietUninstallString"].endswith('uninstall.exe" /S')
    assert int(keys["EstimatedSize"], 16) > 0
    assert shortcut.is_file() and task_file.is_file()

    # An upgrade removes what the old version had (its uninstaller) and keeps foreign files.
    (folder / "_internal" / "stale-from-old-version.dll").write_bytes(b"old")
    (folder / "it-notes.txt").write_text("the IT person's")
    assert wine.run("C:\\setup64.exe", "/S").returncode == 0
    assert not (folder / "_internal" / "stale-from-old-version.dll").exists()
    assert (folder / "it-notes.txt").exists() and task_file.is_file()

    # /D= moves it; the task's XML carries the folder's "&" escaped and Wine's schtasks took it.
    assert wine.run("C:\\setup64.exe", "/S", "/D=C:\\R&D").returncode == 0
    moved = wine.c("C:\\R&D")
    xml = (moved / "nightly-sync.xml").read_text(encoding="utf-16")
    assert '"C:\\R&amp;D\\counter-app.exe" sync --nightly</Arguments>' in xml
    # The guard: the program runs only where the user's station database exists (the
    # stand-in counter-app.exe is no program: trying to start it fails; not trying succeeds).
    arguments = re.search(r"<Arguments>(.*)</Arguments>", xml)
    assert arguments is not None
    guard = wine.c("C:\\guard.cmd")
    guard.write_text("@cmd.exe " + arguments.group(1).replace("&amp;", "&") + "\r\n")
    assert wine.run("cmd.exe", "/c", "C:\\guard.cmd").returncode != 0
    (data / "counter.sqlite3").rename(data / "away")
    assert wine.run("cmd.exe", "/c", "C:\\guard.cmd").returncode == 0
    (data / "away").rename(data / "counter.sqlite3")
    assert wine.reg(key)["InstallLocation"] == "C:\\R&D"
    assert {p.name for p in folder.iterdir()} == {"it-notes.txt"}
    assert task_file.is_file()

    # A program folder someone already half-emptied still uninstalls (the upgrades above had
    # every entry). _?= makes the uninstaller run in place and be waited for (it keeps itself).
    shutil.rmtree(moved / "_internal")
    assert wine.run("C:\\R&D\\uninstall.exe", "/S", "_?=C:\\R&D").returncode == 0
    assert {p.name for p in moved.iterdir()} == {"uninstall.exe"}
    assert not task_file.exists() and not shortcut.exists()
    assert wine.reg(key) == {}
    assert {p: p.read_bytes() for p in data.rglob("*") if p.is_file()} == before
