"""What a step pulled from HQ says besides its status (issue 15): the agency holding the request
(forwarded, accepted, ready...: code and names as HQ sent them) and, for ready, from which day
and where the citizen collects. NULL on the station's own steps and on older HQ steps.

Plain ADD COLUMNs at the end of request_events (a batch rebuild would drop its append-only
triggers); they are hashed last in the audit capture ('ev', domain/audit.py), so older rows,
NULL there, keep their row hashes.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 00:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

_COLUMNS = (
    ("agency", sa.String(length=20)),
    ("agency_name_ar", sa.String(length=200)),
    ("agency_name_en", sa.String(length=200)),
    ("collect_from", sa.Date()),
    ("collect_place", sa.String(length=200)),
)


def upgrade() -> None:
    for name, type_ in _COLUMNS:
        op.add_column("request_events", sa.Column(name, type_, nullable=True))


def downgrade() -> None:
    for name, _type in reversed(_COLUMNS):
        op.drop_column("request_events", name)
