"""Enrollment: a one-time code from HQ becomes this station's credentials.

The token goes to the OS keyring only; the database keeps HQ's address and the identity HQ
confirmed, which must be this station's own (a station's identity never changes).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import keyring
import keyring.errors

from counter_app.domain.errors import N_, Conflict, StoreError, ValidationError
from counter_app.services.audit import append_audit
from counter_app.services.context import AppContext
from counter_app.services.sync_state import state_row
from counter_app.store.models import SyncState
from counter_app.sync.client import DEFAULT_TIMEOUT, HqClient, Timeout

KEYRING_SERVICE = "citizen-service-counter"


def keyring_user(center: str, station_no: int) -> str:
    return f"{center}-{station_no}"


@dataclass(frozen=True)
class Enrollment:
    url: str
    center: str
    station_no: int


def clean_url(url: str) -> str:
    text = url.strip().rstrip("/")
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(N_("{field}: give HQ's address as https://host[:port]"), field="url")
    return text


def enroll(
    ctx: AppContext, url: str, code: str, *, timeout: Timeout = DEFAULT_TIMEOUT
) -> Enrollment:
    base = clean_url(url)
    code = code.strip()
    if not 8 <= len(code) <= 64:
        raise ValidationError(
            N_("{field}: an enrollment code has 8 to 64 characters"), field="code"
        )
    with ctx.store.read() as session:
        station = ctx.station(session)
    answer = HqClient.enroll(base, code, timeout=timeout)
    if (answer.center, answer.station_no) != (station.center_code, station.station_no):
        raise Conflict(
            N_(
                "HQ issued this code for station {theirs}, but this is station {ours}; "
                "ask HQ for a code for {ours}"
            ),
            theirs=f"{answer.center}-{answer.station_no:02d}",
            ours=station.label,
        )
    try:
        keyring.set_password(
            KEYRING_SERVICE, keyring_user(station.center_code, station.station_no), answer.token
        )
    except keyring.errors.KeyringError as exc:
        raise StoreError(
            N_("Cannot keep the station's credentials in the system keyring: {detail}"),
            detail=str(exc),
        ) from None
    now = ctx.clock()
    with ctx.store.write() as session:
        row = state_row(session)
        row.hq_url = base
        row.center_code = station.center_code
        row.station_no = station.station_no
        row.enrolled_at = now
        row.last_error = None
        row.clock_skew_seconds = (answer.server_time - now).total_seconds()
        append_audit(
            session,
            at=now,
            user_id=None,
            username="system",
            station=station.label,
            action="sync.enroll",
            entity="station",
            entity_ref=station.label,
            details={"url": base},
        )
    return Enrollment(base, station.center_code, station.station_no)


def client_for(ctx: AppContext, *, timeout: Timeout = DEFAULT_TIMEOUT) -> HqClient:
    """A client with the enrolled address and the token from the keyring."""
    with ctx.store.read() as session:
        row = session.get(SyncState, 1)
        station = ctx.station(session)
    if row is None or not row.hq_url:
        raise StoreError(
            N_("This station is not enrolled with HQ; run `counter-app enroll URL CODE`")
        )
    try:
        token = keyring.get_password(
            KEYRING_SERVICE, keyring_user(station.center_code, station.station_no)
        )
    except keyring.errors.KeyringError as exc:
        raise StoreError(
            N_("Cannot read the station's credentials from the system keyring: {detail}"),
            detail=str(exc),
        ) from None
    if not token:
        raise StoreError(
            N_("The station's credentials are missing from the system keyring; enroll again")
        )
    return HqClient(row.hq_url, token, timeout=timeout, clock=ctx.clock)
