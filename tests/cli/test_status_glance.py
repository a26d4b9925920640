"""`counter-app status` reads with the sqlite3 module alone (store/glance.py), so it starts
without SQLAlchemy; the settings screen reads the same through the ORM (services/overview.py).
The two must say the same thing."""

from __future__ import annotations

import dataclasses
import json

from counter_app.cli.cmd_station import status_info
from counter_app.cli.runtime import Runtime
from counter_app.i18n import Translator
from counter_app.paths import AppPaths
from counter_app.services.context import AppContext
from counter_app.services.overview import overview
from counter_app.store.glance import glance
from counter_app.store.integrity import marker_path
from counter_app.store.migrate import head_revision
from tests import rawdb
from tests.conftest import CliResult, run_cli
from tests.test_cli import _individual_statement_args, _new_request


def _both() -> tuple[dict[str, object], dict[str, object]]:
    paths = AppPaths.default()
    rt = Runtime(paths=paths, database=None, tr=Translator.for_language("en"))
    try:
        light = status_info(rt)
    finally:
        rt.close()
    ctx = AppContext.open(paths)
    try:
        with ctx.store.read() as session:
            admin = ctx.actor(session, "admin")
        full = dataclasses.asdict(overview(ctx, admin))
    finally:
        ctx.close()
    light.pop("retired_reason")
    light["damaged"] = dataclasses.asdict(light["damaged"]) if light["damaged"] else None  # type: ignore[call-overload]
    return light, full


def test_status_says_what_overview_says(cli_station: CliResult) -> None:
    light, full = _both()
    assert light == full and light["requests"] == 0
    args = _individual_statement_args()
    for nid in ("01020304050", "01020304051"):
        assert _new_request(*args, nid=nid).code == 0
    marker_path(AppPaths.default().database).write_text(
        json.dumps({"at": "2026-12-06T10:00:00+00:00", "detail": "test"})
    )
    light, full = _both()
    assert light == full
    assert light["requests"] == light["open_requests"] == 2
    assert light["outbox_pending"] and light["oldest_pending"] is not None
    assert light["damaged"] is not None


def test_glance_takes_the_full_way_for_anything_unusual(cli_station: CliResult) -> None:
    db = AppPaths.default().database
    seen = glance(db)
    assert seen is not None and seen[0].station is not None and seen[0].revision == head_revision()
    assert glance(db.with_name("missing.sqlite3")) is None
    assert not db.with_name("missing.sqlite3").exists()  # never created
    (db.parent / "empty.sqlite3").write_bytes(b"")
    assert glance(db.parent / "empty.sqlite3") is None
    (db.parent / "text.sqlite3").write_text("not a database")
    assert glance(db.parent / "text.sqlite3") is None
    with rawdb.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    assert glance(db) is None  # not this program's schema: the full open says what it is
    res = run_cli("status", "--lang", "en")
    assert res.code == 2
    assert "written by a newer version of the program (schema 9999)" in res.err
