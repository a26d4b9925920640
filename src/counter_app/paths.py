"""Where the counter keeps its files, from platformdirs (per-user on Windows, XDG on Linux).

``COUNTER_APP_HOME`` puts everything under one folder: used by tests, benchmarks and a
portable install, so no test ever touches a real user's data.
"""

from __future__ import annotations

import os
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


def resources_dir() -> Path:
    """Shipped data (catalog, calendar, translations).

    A wheel carries it inside the package; a source checkout has it at the repository root.
    """
    packaged = Path(__file__).with_name("resources")
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "resources"
