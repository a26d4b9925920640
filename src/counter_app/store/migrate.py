"""Schema migrations with alembic, shipped inside the package and run programmatically.

Opening a database that is already at the head is the common case, at every start of the app:
it is answered with one query and a look at the migration files' revision lines, without
importing alembic (a noticeable share of start-up time). alembic is loaded only to upgrade, or
to tell an unknown revision (a newer program) from an old one. ``head_revision`` needs no
SQLAlchemy either: the desktop compares it with the file's ``alembic_version`` on a plain
sqlite3 connection before its login window shows (store/glance.py).
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from counter_app.domain.errors import N_, StoreError

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Connection, Engine

log = logging.getLogger(__name__)
MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_REVISION = re.compile(r'^revision = "([^"]+)"$', re.M)
_DOWN = re.compile(r'^down_revision = (?:"([^"]+)"|None)$', re.M)


def include_name(name: str | None, type_: str, _parent: object) -> bool:
    """The FTS5 index and its shadow tables are made by raw SQL in migrations, not by models."""
    return not (type_ == "table" and name is not None and name.startswith("citizen_name_fts"))


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


@cache
def head_revision() -> str:
    """The newest revision: the one no other migration names as its parent."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        body = path.read_text("utf-8")
        found = _REVISION.search(body)
        if found is None:
            continue
        revisions.add(found.group(1))
        down = _DOWN.search(body)
        if down and down.group(1):
            parents.add(down.group(1))
    heads = revisions - parents
    if len(heads) != 1:
        raise RuntimeError(f"the shipped migrations must have one head, found {sorted(heads)}")
    return heads.pop()


def current_revision(engine: Engine) -> str | None:
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    with engine.connect() as conn:
        try:
            row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        except OperationalError:
            return None  # no alembic_version table: a new, empty database
        return str(row[0]) if row else None


@dataclass(frozen=True)
class SchemaState:
    current: str | None
    head: str

    @property
    def empty(self) -> bool:
        return self.current is None

    @property
    def behind(self) -> bool:
        return self.current != self.head


def schema_state(engine: Engine) -> SchemaState:
    """Where the database stands.

    A revision this version does not know means a newer program wrote the file.
    """
    current = current_revision(engine)
    head = head_revision()
    if current is not None and current != head:
        from alembic.script import ScriptDirectory

        script = ScriptDirectory.from_config(alembic_config())
        try:
            script.get_revision(current)
        except Exception as exc:  # alembic raises several types for an unknown revision
            raise StoreError(
                N_(
                    "The database was written by a newer version of the program "
                    "(schema {revision}); install the newer version instead"
                ),
                revision=current,
            ) from exc
    return SchemaState(current=current, head=head)


def applied(revision: str, seconds: float) -> None:
    """Called after each migration, inside the upgrade's transaction (an exception here rolls
    the whole upgrade back, which is how tests make a migration fail)."""
    log.info("schema %s applied in %.2f s", revision, seconds)


def upgrade_schema(engine: Engine, *, before: Callable[[Connection], None] | None = None) -> None:
    """Every pending migration in ONE transaction: alembic runs on the connection handed in and
    SQLite's DDL is transactional, so a failure at any revision (or a killed process) leaves the
    database at the revision it had. ``BEGIN IMMEDIATE`` takes the write lock first, so
    ``before`` (the pre-upgrade backup, store/upgrade.py) copies exactly what is migrated."""
    from alembic import command

    cfg = alembic_config()
    started = [time.monotonic()]

    def step(*, step: Any, **_: Any) -> None:
        now = time.monotonic()
        applied(str(step.up_revision_id), now - started[0])
        started[0] = now

    with engine.connect() as conn:
        conn = conn.execution_options(sqlite_begin="IMMEDIATE")
        with conn.begin():
            if before is not None:
                before(conn)
            started[0] = time.monotonic()
            cfg.attributes["connection"] = conn
            cfg.attributes["on_version_apply"] = (step,)
            command.upgrade(cfg, "head")
