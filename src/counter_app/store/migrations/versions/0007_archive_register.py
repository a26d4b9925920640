"""The archive's paper side: handover batches, the diwan register, boxes, file locations.

Register entries and the history of file locations are append-only: triggers refuse UPDATE and
DELETE on them, as on request events and the audit log.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 06:22:59.088984
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

APPEND_ONLY = ("diwan_entries", "file_locations")


def upgrade() -> None:
    op.create_table(
        "diwan_sequences",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_no", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_diwan_sequences")),
    )
    op.create_table(
        "archive_boxes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("shelf", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_archive_boxes_created_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_archive_boxes")),
        sa.UniqueConstraint("code", name=op.f("uq_archive_boxes_code")),
        sa.UniqueConstraint("uuid", name=op.f("uq_archive_boxes_uuid")),
    )
    op.create_table(
        "handover_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("batch_no", sa.String(length=32), nullable=False),
        sa.Column("station_no", sa.Integer(), nullable=False),
        sa.Column("business_day", sa.Date(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("opened_at", sa.DateTime(), nullable=True),
        sa.Column("opened_by", sa.Integer(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("closed_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["closed_by"], ["users.id"], name=op.f("fk_handover_batches_closed_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_handover_batches_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["opened_by"], ["users.id"], name=op.f("fk_handover_batches_opened_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handover_batches")),
        sa.UniqueConstraint("batch_no", name=op.f("uq_handover_batches_batch_no")),
        sa.UniqueConstraint(
            "station_no", "business_day", "seq", name="uq_handover_batches_day_seq"
        ),
        sa.UniqueConstraint("uuid", name=op.f("uq_handover_batches_uuid")),
    )
    with op.batch_alter_table("handover_batches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_handover_batches_state"), ["state"], unique=False)

    op.create_table(
        "diwan_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=False),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_diwan_entries_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"], ["requests.id"], name=op.f("fk_diwan_entries_request_id_requests")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_diwan_entries")),
        sa.UniqueConstraint("request_id", name=op.f("uq_diwan_entries_request_id")),
        sa.UniqueConstraint("uuid", name=op.f("uq_diwan_entries_uuid")),
        sa.UniqueConstraint("year", "number", name="uq_diwan_entries_year_number"),
    )
    op.create_table(
        "file_locations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("box_id", sa.Integer(), nullable=False),
        sa.Column("from_box_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["box_id"], ["archive_boxes.id"], name=op.f("fk_file_locations_box_id_archive_boxes")
        ),
        sa.ForeignKeyConstraint(
            ["from_box_id"],
            ["archive_boxes.id"],
            name=op.f("fk_file_locations_from_box_id_archive_boxes"),
        ),
        sa.ForeignKeyConstraint(
            ["request_id"], ["requests.id"], name=op.f("fk_file_locations_request_id_requests")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_file_locations_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_file_locations")),
        sa.UniqueConstraint("uuid", name=op.f("uq_file_locations_uuid")),
    )
    with op.batch_alter_table("file_locations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_file_locations_box_id"), ["box_id"], unique=False)
        batch_op.create_index("ix_file_locations_request_id_id", ["request_id", "id"], unique=False)

    op.create_table(
        "handover_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("receipt_no", sa.String(length=32), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=True),
        sa.Column("received_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["handover_batches.id"],
            name=op.f("fk_handover_files_batch_id_handover_batches"),
        ),
        sa.ForeignKeyConstraint(
            ["received_by"], ["users.id"], name=op.f("fk_handover_files_received_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"], ["requests.id"], name=op.f("fk_handover_files_request_id_requests")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handover_files")),
        sa.UniqueConstraint("batch_id", "receipt_no", name="uq_handover_files_batch_receipt"),
    )
    with op.batch_alter_table("handover_files", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_handover_files_request_id"), ["request_id"], unique=False
        )
    for table in APPEND_ONLY:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )


def downgrade() -> None:
    for table in APPEND_ONLY:
        for verb in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{verb}")
    with op.batch_alter_table("handover_files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_handover_files_request_id"))

    op.drop_table("handover_files")
    with op.batch_alter_table("file_locations", schema=None) as batch_op:
        batch_op.drop_index("ix_file_locations_request_id_id")
        batch_op.drop_index(batch_op.f("ix_file_locations_box_id"))

    op.drop_table("file_locations")
    op.drop_table("diwan_entries")
    with op.batch_alter_table("handover_batches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_handover_batches_state"))

    op.drop_table("handover_batches")
    op.drop_table("archive_boxes")
    op.drop_table("diwan_sequences")
