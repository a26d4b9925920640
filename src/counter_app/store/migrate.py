"""Schema migrations with alembic, shipped inside the package and run programmatically."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from counter_app.domain.errors import N_, StoreError

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def include_name(name: str | None, type_: str, _parent: object) -> bool:
    """The FTS5 index and its shadow tables are made by raw SQL in migrations, not by models."""
    return not (type_ == "table" and name is not None and name.startswith("citizen_name_fts"))


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


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
    script = ScriptDirectory.from_config(alembic_config())
    if current is not None:
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
    return SchemaState(current=current, head=head_revision())


def upgrade_schema(engine: Engine) -> None:
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
