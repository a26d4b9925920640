"""Autogenerate a migration against a scratch database at head.

Usage: `python scripts/new_migration.py "what changed"`.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command

from counter_app.store.engine import make_engine
from counter_app.store.migrate import alembic_config, upgrade_schema


def main() -> None:
    message = sys.argv[1] if len(sys.argv) > 1 else "change"
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(Path(tmp) / "scratch.sqlite3")
        upgrade_schema(engine)
        cfg = alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.revision(cfg, message=message, autogenerate=True)


if __name__ == "__main__":
    main()
