"""Alembic environment: always run programmatically on a connection handed in by migrate.py."""

from __future__ import annotations

from alembic import context

from counter_app.store.migrate import include_name
from counter_app.store.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reachable by running alembic by hand
    raise RuntimeError("run migrations through `counter-app db upgrade`")


context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    include_name=include_name,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table.
)
with context.begin_transaction():
    context.run_migrations()
