"""Roles and what each may do; declared once, checked by the services."""

from __future__ import annotations

from enum import StrEnum

from counter_app.domain.errors import N_, PermissionDenied, ValidationError


class Role(StrEnum):
    RECEPTION = "reception"
    CLERK = "clerk"
    ARCHIVE = "archive"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class Permission(StrEnum):
    VIEW_CATALOG = "view_catalog"
    SEARCH = "search"
    SUBMIT_REQUEST = "submit_request"
    CHANGE_STATUS = "change_status"
    VIEW_REPORTS = "view_reports"
    IMPORT_HISTORY = "import_history"
    MANAGE_CATALOG = "manage_catalog"
    MANAGE_USERS = "manage_users"
    MANAGE_DATABASE = "manage_database"
    SEND_HANDOVER = "send_handover"
    RECEIVE_HANDOVER = "receive_handover"
    MANAGE_ARCHIVE = "manage_archive"
    RECORD_PAYMENT = "record_payment"
    VIEW_CASH = "view_cash"
    PRINT = "print"
    ATTACH_SCAN = "attach_scan"
    MANAGE_SETTINGS = "manage_settings"
    # Reading: what each desk's screens and commands show (services/access.py gates them too).
    VIEW_REQUESTS = "view_requests"
    VIEW_CALLS = "view_calls"
    VIEW_HANDOVER = "view_handover"
    VIEW_ARCHIVE = "view_archive"
    VIEW_PRINT_QUEUE = "view_print_queue"
    VIEW_SETTINGS = "view_settings"
    VIEW_SYNC = "view_sync"
    VIEW_USERS = "view_users"
    VIEW_STATION = "view_station"
    VIEW_FILES = "view_files"


_ALL = frozenset(Role)
GRANTS: dict[Permission, frozenset[Role]] = {
    Permission.VIEW_CATALOG: _ALL,
    Permission.SEARCH: _ALL,
    Permission.SUBMIT_REQUEST: frozenset({Role.CLERK, Role.SUPERVISOR, Role.ADMIN}),
    Permission.CHANGE_STATUS: frozenset({Role.CLERK, Role.SUPERVISOR, Role.ADMIN}),
    Permission.VIEW_REPORTS: frozenset({Role.SUPERVISOR, Role.ADMIN}),
    Permission.IMPORT_HISTORY: frozenset({Role.SUPERVISOR, Role.ADMIN}),
    Permission.MANAGE_CATALOG: frozenset({Role.ADMIN}),
    Permission.MANAGE_USERS: frozenset({Role.ADMIN}),
    Permission.MANAGE_DATABASE: frozenset({Role.ADMIN}),
    # The counter sends its paper files; the archive receives them and keeps the register,
    # the boxes and where each file is.
    Permission.SEND_HANDOVER: frozenset({Role.RECEPTION, Role.CLERK, Role.SUPERVISOR, Role.ADMIN}),
    Permission.RECEIVE_HANDOVER: frozenset({Role.ARCHIVE, Role.SUPERVISOR, Role.ADMIN}),
    Permission.MANAGE_ARCHIVE: frozenset({Role.ARCHIVE, Role.SUPERVISOR, Role.ADMIN}),
    # A fee's proof of payment is taken by whoever takes the file (reception only directs
    # citizens, the archive never sees the money).
    Permission.RECORD_PAYMENT: frozenset({Role.CLERK, Role.SUPERVISOR, Role.ADMIN}),
    # The day's cash sheet: a clerk counts his own desk; who may view reports sees every desk.
    Permission.VIEW_CASH: frozenset({Role.CLERK, Role.SUPERVISOR, Role.ADMIN}),
    # Every desk prints something (reception its slips, the archive its box labels and handover
    # lists); which documents a role may print is the printing service's finer check.
    Permission.PRINT: _ALL,
    # A scan is attached by whoever holds the paper: the clerk at intake, the archive later.
    Permission.ATTACH_SCAN: frozenset({Role.CLERK, Role.ARCHIVE, Role.SUPERVISOR, Role.ADMIN}),
    Permission.MANAGE_SETTINGS: frozenset({Role.ADMIN}),
    # Every desk looks a request up (reception directs the citizen by it); the call list is the
    # counter's, the archive's lists, boxes, register and scans are the archive's.
    Permission.VIEW_REQUESTS: _ALL,
    Permission.VIEW_CALLS: frozenset({Role.CLERK, Role.SUPERVISOR, Role.ADMIN}),
    # Both ends of a handover see its batches: the desk that sends, the archive that receives.
    Permission.VIEW_HANDOVER: _ALL,
    Permission.VIEW_ARCHIVE: frozenset({Role.ARCHIVE, Role.SUPERVISOR, Role.ADMIN}),
    # Every desk prints, so each sees the queue, the printers the settings name and the status
    # bar's sync line; the users, the automation grants and the station's figures are the admin's.
    Permission.VIEW_PRINT_QUEUE: _ALL,
    Permission.VIEW_SETTINGS: _ALL,
    Permission.VIEW_SYNC: _ALL,
    Permission.VIEW_USERS: frozenset({Role.ADMIN}),
    Permission.VIEW_STATION: frozenset({Role.ADMIN}),
    # Opening a request's scans and answers' files (a plain copy): whoever handles its papers,
    # not reception, which only directs citizens.
    Permission.VIEW_FILES: frozenset({Role.CLERK, Role.ARCHIVE, Role.SUPERVISOR, Role.ADMIN}),
}


def parse_role(text: str) -> Role:
    try:
        return Role(text.strip().lower())
    except ValueError:
        raise ValidationError(
            N_("Unknown role {role}; use one of: {allowed}"),
            field="role",
            role=text,
            allowed=", ".join(r.value for r in Role),
        ) from None


def require(role: Role, permission: Permission, *, username: str) -> None:
    if role not in GRANTS[permission]:
        raise PermissionDenied(
            N_("User {user} ({role}) is not allowed to {action}"),
            user=username,
            role=role.value,
            action=permission.value,
        )
