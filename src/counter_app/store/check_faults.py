"""The faults ``db check`` finds, each a stable code with its parameters.

A fault is a ``str`` (its English sentence: what the JSON output's lists and older callers
read), carrying its ``code``, its msgid and its parameters so the CLI can say it in the
reader's language. Parameters are table names, row and audit row numbers, or SQLite's own
words: never a person's data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from counter_app.domain.errors import N_

MESSAGES = {
    "sqlite": N_("SQLite's check of the file: {detail}"),
    "foreign_key": N_("{table} row {row} refers to a missing {parent} row"),
    "chain_broken": N_("audit row {row}: chain broken (a row before it was removed)"),
    "audit_altered": N_("audit row {row}: content does not match its hash (altered)"),
    "audit_unhashed": N_(
        "audit row {row}: carries no row hashes although rows since audit row {since} do "
        "(written outside the app)"
    ),
    "hashes_unreadable": N_("audit row {row}: its row hashes are unreadable"),
    "details_unreadable": N_("audit row {row}: its details are unreadable"),
    "audit_deleted": N_("the audit log is empty although the station has users: it was deleted"),
    "unrecorded": N_("{table} row {row}: no audit row records it (written outside the app)"),
    "deleted_yet_exists": N_(
        "{table} row {row}: audit row {audit} recorded its deletion, yet it exists (written "
        "outside the app)"
    ),
    "changed": N_("{table} row {row}: changed since audit row {audit} recorded it"),
    "deleted": N_("{table} row {row}: deleted (audit row {audit} records it)"),
    "outbox_deleted_sent": N_("outbox row {row}: deleted after HQ acknowledged it"),
    "outbox_deleted_unsent": N_(
        "outbox row {row}: deleted before HQ acknowledged it (audit row {audit}): the change it "
        "carried never reached HQ"
    ),
    "payload_altered": N_("outbox row {row}: its payload does not match its SHA-256 (altered)"),
    "audit_truncated": N_(
        "audit log ends at row {last}, but HQ already holds row {held}: audit rows were removed"
    ),
    "audit_rewritten": N_("audit row {held} is not the one HQ holds: the chain was rewritten"),
    "milestones_wrong": N_(
        "request {row}: its report milestones (request_milestones) do not match its history; "
        "the reports count from them: run `counter-app db rebuild-milestones`"
    ),
    "milestones_orphan": N_(
        "request_milestones row {row}: no such request; the reports count from this table: run "
        "`counter-app db rebuild-milestones`"
    ),
    # The station's files (services/files_check.py): named by their SHA-256, never by content.
    "file_missing": N_("{table} row {row}: its file {name} is missing"),
    "file_damaged": N_(
        "{table} row {row}: its file {name} is damaged (it does not match its name)"
    ),
    "file_wrong_key": N_(
        "{table} row {row}: its file {name} is encrypted with another key than this station's"
    ),
    "file_plain": N_(
        "file {name} is kept unencrypted on an encrypted station: run `counter-app db encrypt` "
        "to encrypt it"
    ),
    "not_encrypted": N_(
        "the database is not encrypted although its key's name lies beside it (an interrupted "
        "`counter-app db encrypt`?): run `counter-app db encrypt` again"
    ),
    "key_missing": N_(
        "the database is encrypted and its key is not available on this computer: import it "
        "with `counter-app db key import`"
    ),
    "key_wrong": N_(
        "the key kept for the database does not open it (another station's key?): import the "
        "right one with `counter-app db key import`"
    ),
    "key_store": N_("the credential store holding the database key cannot be read ({detail})"),
    "cipher_page": N_("SQLCipher's page check (HMAC): {detail}"),
    "more": N_("... more faults not listed"),
}


class Fault(str):
    """One fault: the English sentence, with ``code`` and ``params`` for other languages."""

    code: str
    params: dict[str, Any]

    def __new__(cls, code: str, text: str | None = None, **params: Any) -> Fault:
        fault = super().__new__(cls, text if text is not None else MESSAGES[code].format(**params))
        fault.code, fault.params = code, params
        return fault

    def words(self, translate: Callable[[str], str]) -> str:
        return translate(MESSAGES[self.code]).format(**self.params)

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "params": self.params, "text": str(self)}


def sqlite_fault(detail: str) -> Fault:
    """A line of SQLite's own integrity check: kept as SQLite wrote it, introduced when shown."""
    return Fault("sqlite", detail, detail=detail)


def fault_words(fault: str, translate: Callable[[str], str]) -> str:
    """A fault in the reader's language (a plain string is SQLite's own words)."""
    return (fault if isinstance(fault, Fault) else sqlite_fault(fault)).words(translate)
