"""The audit log's hash chain and the row hashes it carries, computed the same way on write and
on verification.

Each audit row (from row hashing on, "era 2") lists the rows its transaction wrote: ``rows`` is
canonical JSON ``{"<code>:<key>": "<row hash>" | null}`` (null: the row was deleted), and the
chain hash covers it. ``db check`` recomputes every listed row's hash from the row as it is now:
the newest audit row naming a row holds what that row must be. Audit rows written before row
hashing ("era 1") have no ``rows`` and keep the hash they had.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from counter_protocol.canonical import canonical_json, payload_sha256

__all__ = ["canonical_json", "payload_sha256"]  # the hashing rules HQ checks too

GENESIS_HASH = "0" * 64
ROW_HASH_CHARS = 32  # 128 bits: enough to tell an edited row, half the bytes of a full SHA-256


def chain_hash(prev_hash: str, record: Mapping[str, Any]) -> str:
    """Hash of one audit row: covers the previous row's hash and every recorded column."""
    body = prev_hash + "\n" + canonical_json(dict(record))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class AuditedTable:
    """A table whose rows the audit log covers: a short code (it is repeated in every audit
    row), the key naming a row for good (``id``; ``key`` for settings, whose rowid VACUUM may
    renumber), and the columns hashed, in a fixed order."""

    code: str
    table: str
    columns: tuple[str, ...]
    key: str = "id"


def _t(code: str, table: str, columns: str, key: str = "id") -> AuditedTable:
    return AuditedTable(code, table, tuple(columns.split()), key)


# Every column is hashed, the mutable ones too: each later change of a row (a status step, an
# outbox item marked sent, a login counting a failure) writes an audit row of its own in the
# same transaction, which then holds the row's new hash. A column added later by a migration
# goes at the END of its table's list: NULL in older rows, it is dropped from their hashes (see
# row_hash). A migration that fills it in for older rows must record their new hashes.
AUDITED_TABLES: tuple[AuditedTable, ...] = (
    _t(
        "rq",
        "requests",
        "uuid receipt_no year seq service_code citizen_id citizen_name organization_id phone "
        "fields received_at due_date status status_at created_by station_no source paper_ref "
        "catalog_version",
    ),
    _t("ct", "citizens", "national_id name name_norm phone created_at updated_at"),
    _t(
        "cn",
        "citizen_name_corrections",
        "citizen_id request_id old_name new_name at user_id actor",
    ),
    _t("og", "organizations", "name name_norm created_at"),
    _t("dc", "request_documents", "request_id doc_type requirement state note"),
    _t(
        "ev",
        "request_events",
        "uuid request_id status at user_id actor station reason origin hq_signature agency "
        "agency_name_ar agency_name_en collect_from collect_place",
    ),
    # The payload through its SHA-256 (db check compares the two): a 1 KiB payload hashed
    # twice would be a tenth of the capture's cost at intake.
    _t(
        "ob",
        "outbox",
        "uuid kind entity_uuid payload_sha256 created_at state attempts sent_at last_error",
    ),
    _t(
        "us",
        "users",
        "username full_name role password_hash active failed_logins locked_until created_at",
    ),
    _t("se", "settings", "key value updated_at updated_by", key="key"),
    _t(
        "at",
        "attachments",
        "uuid request_id doc_type sha256 size filename media_type created_at created_by",
    ),
    _t(
        "dl",
        "deliveries",
        "request_id event_uuid collector proxy_name proxy_national_id at user_id",
    ),
    _t("ca", "call_attempts", "request_id outcome note at user_id"),
    _t(
        "sf",
        "scan_filings",
        "import_id request_id attachment_id doc_type first_page page_indices",
    ),
    _t(
        "up",
        "unfiled_pages",
        "uuid import_id page_index sha256 size media_type reason code created_at "
        "assigned_request_id assigned_doc_type assigned_attachment_id assigned_at assigned_by",
    ),
    _t(
        "hb",
        "handover_batches",
        "uuid batch_no station_no business_day seq state created_at created_by opened_at "
        "opened_by closed_at closed_by",
    ),
    _t("hf", "handover_files", "batch_id request_id receipt_no state received_at received_by"),
    _t(
        "de",
        "diwan_entries",
        "uuid year number request_id registered_on subject created_at created_by",
    ),
    _t("bx", "archive_boxes", "uuid code shelf label created_at created_by"),
    _t("fl", "file_locations", "uuid request_id box_id from_box_id at user_id"),
    _t(
        "pm",
        "payments",
        "uuid request_id amount_syp method bank_receipt_no paid_at user_id actor station",
    ),
)
BY_CODE: dict[str, AuditedTable] = {t.code: t for t in AUDITED_TABLES}


def row_hash(code: str, values_json: str) -> str:
    """Hash of one row. ``values_json`` is SQLite's ``json_array()`` of the table's hashed
    columns in their order (built in C by the trigger and by ``db check`` alike: this runs in
    the intake's triggers, a few rows a save). Trailing nulls are dropped, so a column added at
    the end of a table's list later (NULL in older rows) leaves their hashes as they were."""
    text = values_json
    while text.endswith(",null]"):
        text = text[:-6] + "]"
    return hashlib.sha256(f"{code}{text}".encode()).hexdigest()[:ROW_HASH_CHARS]


def row_ref(code: str, key: object) -> str:
    return f"{code}:{key}"


def split_ref(ref: str) -> tuple[str, str]:
    code, _, key = ref.partition(":")
    return code, key
