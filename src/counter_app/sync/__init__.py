"""Sync with headquarters: the wire protocol (shared with counter_hq), the HTTP client, the
worker that drains the outbox, blob upload, pull of status changes and reconciliation."""
