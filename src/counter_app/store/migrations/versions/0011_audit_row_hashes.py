"""Audit rows carry the hashes of the rows their transaction wrote (``row_hashes``), so
``db check`` can tell an edited or deleted row; the station keeps the audit tip HQ accepted.

Existing audit rows keep no row hashes (era 1) and their chain hashes stay valid: a NULL
``row_hashes`` is left out of the chain hash. On a database with history, one audit row
(``audit.row_hashing``) records per table the first row id written with row hashes, so the
check knows which older rows have none to compare.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 16:00:00
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

from counter_app.domain.audit import AUDITED_TABLES, canonical_json, chain_hash

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    # Plain ADD COLUMNs, not batch rebuilds: the audit log's append-only triggers stay.
    kept = "row_hashes" in {c["name"] for c in sa.inspect(conn).get_columns("audit_log")}
    if not kept:
        op.add_column("audit_log", sa.Column("row_hashes", sa.Text(), nullable=True))
    op.add_column("sync_state", sa.Column("hq_audit_seq", sa.Integer(), nullable=True))
    op.add_column("sync_state", sa.Column("hq_audit_hash", sa.String(length=64), nullable=True))
    tip = conn.execute(sa.text("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1")).first()
    if tip is None:
        return  # a new database: every row will carry a row hash
    if (
        kept
        and conn.execute(
            sa.text("SELECT 1 FROM audit_log WHERE row_hashes IS NOT NULL LIMIT 1")
        ).first()
    ):
        return  # upgraded before (and downgraded): the era is known already
    tables = {
        str(r[0])
        for r in conn.execute(sa.text("SELECT name FROM sqlite_master WHERE type='table'"))
    }
    since = {}
    for t in AUDITED_TABLES:
        if t.key == "id" and t.table in tables:
            top = conn.execute(sa.text(f"SELECT max(id) FROM {t.table}")).scalar()
            since[t.code] = int(top or 0) + 1
    station = conn.execute(sa.text("SELECT center_code, station_no FROM station")).first()
    row = {
        "at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "user_id": None,
        "username": "system",
        "station": f"{station[0]}-{int(station[1]):02d}" if station else "",
        "action": "audit.row_hashing",
        "entity": "audit",
        "entity_ref": "0011",
        "details": canonical_json({"since": since}),
        "row_hashes": "{}",
    }
    # The same record and chain hash as services/audit.py (store/audit_capture.audit_record).
    digest = chain_hash(tip[0], row)
    conn.execute(
        sa.text(
            "INSERT INTO audit_log (at, user_id, username, station, action, entity, "
            "entity_ref, details, row_hashes, prev_hash, hash) VALUES (:at, :user_id, "
            ":username, :station, :action, :entity, :entity_ref, :details, :row_hashes, "
            ":prev, :hash)"
        ),
        {**row, "prev": tip[0], "hash": digest},
    )


def downgrade() -> None:
    # ``audit_log.row_hashes`` stays: the chain hashes of the rows that carry row hashes cover
    # them, so dropping it would break the chain (an older program ignores the column).
    op.execute("ALTER TABLE sync_state DROP COLUMN hq_audit_hash")
    op.execute("ALTER TABLE sync_state DROP COLUMN hq_audit_seq")
