"""Name search reads the first screenful without merging whole word lists (issue 14).

The name index (FTS5 ``citizen_name_fts``) kept prefix indexes of two and three letters only.
A typed word of any other length (a whole first name such as ``محمد``, 4 letters) is a prefix
query FTS5 answers by merging the full lists of every word it starts, in memory, before the
first row: on a million requests that was most of the lookup screen's time. With an index for
every length from 2 to 9 letters FTS5 walks one list from the newest citizen and stops at the
page. The index is rebuilt from ``citizens`` (its content table), its triggers kept as 0001
made them.

And ``requests (citizen_id, received_at)``: the page of a name search is the newest requests of
the matching citizens; with this index their order is read from the index alone, and only the
page's rows are fetched from the table.

On the generated 1,000,000-request database (600,045 citizens, 4.4 GB): 10 s wall, 4 s CPU at
load 9 on 2 CPUs; the name index grows from 18 to 30 MB, the new index takes 39 MB.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 21:45:00
"""

from __future__ import annotations

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

PREFIXES = "2 3 4 5 6 7 8 9"
_TRIGGERS = {
    "ai": "AFTER INSERT ON citizens BEGIN "
    "INSERT INTO citizen_name_fts(rowid, name_norm) VALUES (new.id, new.name_norm); END",
    "ad": "AFTER DELETE ON citizens BEGIN "
    "INSERT INTO citizen_name_fts(citizen_name_fts, rowid, name_norm) "
    "VALUES ('delete', old.id, old.name_norm); END",
    "au": "AFTER UPDATE OF name_norm ON citizens BEGIN "
    "INSERT INTO citizen_name_fts(citizen_name_fts, rowid, name_norm) "
    "VALUES ('delete', old.id, old.name_norm); "
    "INSERT INTO citizen_name_fts(rowid, name_norm) VALUES (new.id, new.name_norm); END",
}


def _name_index(prefixes: str) -> None:
    """Make ``citizen_name_fts`` again with these prefix indexes, filled from ``citizens``."""
    for name in _TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS citizens_fts_{name}")
    op.execute("DROP TABLE IF EXISTS citizen_name_fts")
    op.execute(
        "CREATE VIRTUAL TABLE citizen_name_fts USING fts5("
        "name_norm, content='citizens', content_rowid='id', "
        f"tokenize='unicode61 remove_diacritics 0', prefix='{prefixes}')"
    )
    op.execute("INSERT INTO citizen_name_fts(citizen_name_fts) VALUES ('rebuild')")
    for name, body in _TRIGGERS.items():
        op.execute(f"CREATE TRIGGER citizens_fts_{name} {body}")


def upgrade() -> None:
    _name_index(PREFIXES)
    op.create_index("ix_requests_citizen_received", "requests", ["citizen_id", "received_at"])


def downgrade() -> None:
    op.drop_index("ix_requests_citizen_received", table_name="requests")
    _name_index("2 3")
