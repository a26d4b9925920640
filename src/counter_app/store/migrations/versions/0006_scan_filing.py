"""Scan filing: scanned files taken in, the runs of pages filed per request, unfiled pages.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 06:21:46.843077
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "scan_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("source", sa.String(length=12), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("message_args", sa.Text(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("filed_pages", sa.Integer(), nullable=False),
        sa.Column("unfiled_pages", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_scan_imports_created_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scan_imports")),
        sa.UniqueConstraint("sha256", name=op.f("uq_scan_imports_sha256")),
        sa.UniqueConstraint("uuid", name=op.f("uq_scan_imports_uuid")),
    )
    with op.batch_alter_table("scan_imports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_scan_imports_status"), ["status"], unique=False)

    op.create_table(
        "scan_filings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("attachment_id", sa.Integer(), nullable=False),
        sa.Column("doc_type", sa.String(length=40), nullable=False),
        sa.Column("first_page", sa.Integer(), nullable=False),
        sa.Column("page_indices", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["attachment_id"],
            ["attachments.id"],
            name=op.f("fk_scan_filings_attachment_id_attachments"),
        ),
        sa.ForeignKeyConstraint(
            ["import_id"], ["scan_imports.id"], name=op.f("fk_scan_filings_import_id_scan_imports")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"], ["requests.id"], name=op.f("fk_scan_filings_request_id_requests")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scan_filings")),
    )
    with op.batch_alter_table("scan_filings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_scan_filings_import_id"), ["import_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_scan_filings_request_id"), ["request_id"], unique=False
        )

    op.create_table(
        "unfiled_pages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("page_index", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("reason", sa.String(length=24), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("assigned_request_id", sa.Integer(), nullable=True),
        sa.Column("assigned_doc_type", sa.String(length=40), nullable=True),
        sa.Column("assigned_attachment_id", sa.Integer(), nullable=True),
        sa.Column("assigned_at", sa.DateTime(), nullable=True),
        sa.Column("assigned_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["assigned_attachment_id"],
            ["attachments.id"],
            name=op.f("fk_unfiled_pages_assigned_attachment_id_attachments"),
        ),
        sa.ForeignKeyConstraint(
            ["assigned_by"], ["users.id"], name=op.f("fk_unfiled_pages_assigned_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["assigned_request_id"],
            ["requests.id"],
            name=op.f("fk_unfiled_pages_assigned_request_id_requests"),
        ),
        sa.ForeignKeyConstraint(
            ["import_id"], ["scan_imports.id"], name=op.f("fk_unfiled_pages_import_id_scan_imports")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unfiled_pages")),
        sa.UniqueConstraint("import_id", "page_index", name="uq_unfiled_pages_import_page"),
        sa.UniqueConstraint("uuid", name=op.f("uq_unfiled_pages_uuid")),
    )
    with op.batch_alter_table("unfiled_pages", schema=None) as batch_op:
        batch_op.create_index("ix_unfiled_pages_open", ["assigned_request_id", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("unfiled_pages", schema=None) as batch_op:
        batch_op.drop_index("ix_unfiled_pages_open")

    op.drop_table("unfiled_pages")
    with op.batch_alter_table("scan_filings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scan_filings_request_id"))
        batch_op.drop_index(batch_op.f("ix_scan_filings_import_id"))

    op.drop_table("scan_filings")
    with op.batch_alter_table("scan_imports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scan_imports_status"))

    op.drop_table("scan_imports")
