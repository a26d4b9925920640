"""Indexes the work queue's filter lists read by (issue 15): which centers sent requests to an
agency (an officer's center list) and which services a center's requests are of (a
supervisor's service list). Each list is a few dozen probes ``EXISTS (agency, center)`` /
``EXISTS (center, service)``: one index lookup each, where a DISTINCT over an agency's rows
reads hundreds of thousands of index entries on every queue page.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 01:10:00
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_request_states_agency_center", "request_states", ["agency", "center"])
    op.create_index("ix_request_states_center_service", "request_states", ["center", "service"])


def downgrade() -> None:
    op.drop_index("ix_request_states_center_service", table_name="request_states")
    op.drop_index("ix_request_states_agency_center", table_name="request_states")
