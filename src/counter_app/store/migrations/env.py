"""Alembic environment: always run programmatically on a connection handed in by migrate.py."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext

from counter_app.store import audit_capture
from counter_app.store.migrate import include_name
from counter_app.store.models import Base
from counter_protocol.columns import UtcDateTime

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reachable by running alembic by hand
    raise RuntimeError("run migrations through `counter-app db upgrade`")


def render_item(type_: str, obj: Any, _autogen_context: AutogenContext) -> str | Literal[False]:
    """Write our UTC column type as the plain DateTime it is in the database, so generated
    migrations import nothing from the models (a migration must not change when they do)."""
    if type_ == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime()"
    return False


context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    include_name=include_name,
    render_item=render_item,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table.
    on_version_apply=config.attributes.get("on_version_apply", ()),  # store/migrate.py
)
# The app's capture of audited rows (TEMP triggers) stays off while the schema changes.
audit_capture.suspend(connection)
with context.begin_transaction():
    context.run_migrations()
