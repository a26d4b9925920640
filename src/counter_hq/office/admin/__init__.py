"""HQ administration use cases for the back office: centers, stations and their enrollment
codes, accounts, catalog drafts (validated, compared with the published catalog, published),
agencies and their offices, the routing of services, the holiday calendar, and the SMS outbox
with its opt-outs.

Each function takes the signed-in ``WebUser`` and calls ``check_admin`` before it reads
anything; a write adds its ``hq_audit`` row in the same transaction as the change. Where an
older use case (stations.py, catalogs.py, calendars.py, routing.py) commits by itself, the
audit row is added to the session before the call, so its commit carries both. Errors carry a
fixed English msgid and keyword parameters (translated by the page, web/locale/ar.json); the
command-line use cases word theirs in English, so the input is checked here first with msgids.
"""
