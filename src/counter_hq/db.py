"""Engine, sessions and schema migrations (alembic, shipped in the package, run in code)."""

from __future__ import annotations

import select
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# A constant key for pg_advisory_xact_lock: writers of `changes` take it so that sequence
# order equals commit order and a puller never skips a row committed late.
CHANGES_LOCK_KEY = 0x4351_4843  # "CQHC"


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # let SQLAlchemy emit BEGIN (savepoints work)
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Any) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")  # one writer; no lock upgrade deadlocks

        return engine
    engine = create_engine(url, pool_size=10, max_overflow=20)

    @event.listens_for(engine, "checkout")
    def _drop_if_closed(dbapi_conn: Any, _record: Any, _proxy: Any) -> None:
        # A connection PostgreSQL has ended (a restart, an operator) has something to read:
        # its farewell or the end of the stream. Looking costs no round trip, where
        # pool_pre_ping's SELECT costs one on every request; the pool replaces the connection.
        if _readable(dbapi_conn.fileno()):
            raise DisconnectionError("PostgreSQL closed this connection")

    @event.listens_for(engine, "connect")
    def _plan_each_time(dbapi_conn: Any, _record: Any) -> None:
        # psycopg prepares a statement run five times, and PostgreSQL may then keep a generic
        # plan made while a table was small: a push's `item_id IN (...)` went on seq-scanning
        # received_items as it grew (20 ms instead of 1 ms per batch on a new HQ). Planning
        # with the actual values costs little and follows the table's size.
        dbapi_conn.execute("SET plan_cache_mode = force_custom_plan")
        dbapi_conn.commit()

    return engine


def _readable(fd: int) -> bool:
    if hasattr(select, "poll"):  # select() fails on descriptors above 1023, common on a busy HQ
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        return bool(poller.poll(0))
    return bool(select.select([fd], [], [], 0)[0])


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def lock_changes(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": CHANGES_LOCK_KEY})


def upgrade_schema(engine: Engine) -> None:
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
