"""Where the counter keeps its files, from platformdirs (per-user on Windows, XDG on Linux).

``COUNTER_APP_HOME`` puts everything under one folder: used by tests, benchmarks and a
portable install, so no test ever touches a real user's data.

The folders hold citizen data (database, scans, backups, logs), so on Linux they are the
owner's only: the process's umask is 077 from start-up (every file it creates is 0600, every
folder 0700), and files an older version left readable by others are fixed at start-up. On
Windows the folders are in the user's own profile, which other users cannot read (README).
"""

from __future__ import annotations

import contextlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from platformdirs import PlatformDirs

APP_NAME = "citizen-service-counter"
APP_AUTHOR = "CitizenServiceCenter"


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path
    config_dir: Path
    log_dir: Path

    @property
    def database(self) -> Path:
        return self.data_dir / "counter.sqlite3"

    @property
    def backups(self) -> Path:
        return self.data_dir / "backups"

    @property
    def hq_ca_file(self) -> Path:
        """The CA HQ's certificate is verified against, when enrolled with ``--ca-file``."""
        return self.data_dir / "hq-ca.pem"

    @classmethod
    def default(cls) -> AppPaths:
        home = os.environ.get("COUNTER_APP_HOME")
        if home:
            root = Path(home)
            return cls(data_dir=root / "data", config_dir=root / "config", log_dir=root / "log")
        dirs = PlatformDirs(APP_NAME, APP_AUTHOR)
        return cls(
            data_dir=Path(dirs.user_data_dir),
            config_dir=Path(dirs.user_config_dir),
            log_dir=Path(dirs.user_log_dir),
        )


PRIVATE_DIR, PRIVATE_FILE = 0o700, 0o600
# A marker in the data folder: the one full walk fixing old files' modes has been done (the
# scans folder can hold many thousands of files; later starts fix only the top of each folder).
_MODES_FIXED = ".modes-fixed-1"


def make_private_dir(folder: Path) -> None:
    """Create ``folder`` (and parents) and make the folder itself owner-only on POSIX."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.name == "posix" and folder.stat().st_mode & 0o077:
        folder.chmod(PRIVATE_DIR)


def _fix_mode(path: Path, st: os.stat_result) -> None:
    wanted = PRIVATE_DIR if stat.S_ISDIR(st.st_mode) else PRIVATE_FILE
    if stat.S_ISLNK(st.st_mode) or not st.st_mode & 0o077:
        return
    with contextlib.suppress(OSError):  # another owner's file: nothing we may change
        path.chmod(wanted if stat.S_ISDIR(st.st_mode) else st.st_mode & 0o700 | wanted)


def _fix_tree(root: Path, *, deep: bool) -> None:
    if not root.is_dir():
        return
    _fix_mode(root, root.lstat())
    if deep:
        for folder, dirs, files in os.walk(root):
            for name in dirs + files:
                item = Path(folder, name)
                with contextlib.suppress(OSError):
                    _fix_mode(item, item.lstat())
        return
    for item in root.iterdir():
        with contextlib.suppress(OSError):
            _fix_mode(item, item.lstat())


def secure_start(paths: AppPaths) -> None:
    """At the start of every process of the app: umask 077, owner-only folders, and the modes
    of files an older version (or a copy by hand) left readable by others fixed."""
    if os.name != "posix":
        return
    os.umask(0o077)
    roots = (paths.data_dir, paths.config_dir, paths.log_dir)
    marker = paths.data_dir / _MODES_FIXED
    deep = not marker.exists()
    for root in roots:
        _fix_tree(root, deep=deep)
    if deep and paths.data_dir.is_dir():
        with contextlib.suppress(OSError):
            marker.touch(PRIVATE_FILE)


def resources_dir() -> Path:
    """Shipped data (catalog, calendar, translations).

    A wheel carries it inside the package; a source checkout has it at the repository root.
    """
    packaged = Path(__file__).with_name("resources")
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "resources"
