"""Enrollment: a one-time code from HQ becomes this station's credentials.

The token goes to the OS keyring only, and only to one that keeps it secret (keyring_check.py);
the database keeps HQ's address and the identity HQ confirmed: this station's own number, or
the new one it takes from a code made with ``--replaces`` (station_claim.py). HQ's address is
https (tls.py); a ministry's own CA given with ``--ca-file`` is kept in the data folder and every
later client verifies HQ against it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import keyring
import keyring.errors

from counter_app.domain.errors import N_, Conflict, StoreError, ValidationError
from counter_app.services.audit import append_audit
from counter_app.services.context import AppContext
from counter_app.services.sync_state import state_row
from counter_app.store.models import SyncState
from counter_app.sync.client import DEFAULT_TIMEOUT, HqClient, Timeout
from counter_app.sync.keyring_check import require_safe_keyring
from counter_app.sync.station_claim import answer_fits, enrollment_claim, take_enrollment
from counter_app.sync.tls import (
    ENROLLED_OVER_HTTP,
    allowed_address,
    clean_url,
    fingerprint,
    keep_ca,
    read_ca_file,
    stored_ca,
)

KEYRING_SERVICE = "citizen-service-counter"


def keyring_user(center: str, station_no: int) -> str:
    return f"{center}-{station_no}"


@dataclass(frozen=True)
class Enrollment:
    url: str
    center: str
    station_no: int
    renumbered_from: int | None = None  # the number this station had before (--replaces)


def enroll(
    ctx: AppContext,
    url: str,
    code: str,
    *,
    timeout: Timeout = DEFAULT_TIMEOUT,
    ca_file: Path | None = None,
) -> Enrollment:
    base = clean_url(url)
    ca_pem = read_ca_file(ca_file) if ca_file is not None else None
    code = code.strip()
    if not 8 <= len(code) <= 64:
        raise ValidationError(
            N_("{field}: an enrollment code has 8 to 64 characters"), field="code"
        )
    with ctx.store.read() as session:
        station = ctx.station(session)
    # Before HQ is asked: a refusal afterwards would have spent the one-time code.
    require_safe_keyring()
    claim = enrollment_claim(ctx, code, station)
    answer = HqClient.enroll(base, code, timeout=timeout, ca_file=ca_file, claim=claim)
    if not answer_fits(station, answer):
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
            KEYRING_SERVICE, keyring_user(station.center_code, answer.station_no), answer.token
        )
    except keyring.errors.KeyringError as exc:
        raise StoreError(
            N_("Cannot keep the station's credentials in the system keyring: {detail}"),
            detail=str(exc),
        ) from None
    keep_ca(ctx.paths.hq_ca_file, ca_pem)
    now = ctx.clock()
    with ctx.store.write() as session:
        renumbered = take_enrollment(session, answer, now)
        row = state_row(session)
        row.hq_url = base
        row.center_code = station.center_code
        row.station_no = answer.station_no
        row.enrolled_at = now
        row.last_error = None
        row.clock_skew_seconds = (answer.server_time - now).total_seconds()
        append_audit(
            session,
            at=now,
            user_id=None,
            username="system",
            station=f"{station.center_code}-{answer.station_no:02d}",
            action="sync.enroll",
            entity="station",
            entity_ref=f"{station.center_code}-{answer.station_no:02d}",
            details={"url": base, "ca_sha256": fingerprint(ca_pem) if ca_pem else None},
        )
    ctx._station = None  # renumbered: read again
    return Enrollment(base, station.center_code, answer.station_no, renumbered)


def client_for(ctx: AppContext, *, timeout: Timeout = DEFAULT_TIMEOUT) -> HqClient:
    """A client with the enrolled address and the token from the keyring."""
    with ctx.store.read() as session:
        row = session.get(SyncState, 1)
        station = ctx.station(session)
    if row is None or not row.hq_url:
        raise StoreError(
            N_("This station is not enrolled with HQ; run `counter-app enroll URL CODE`")
        )
    if not allowed_address(row.hq_url):  # enrolled by a version that allowed it
        raise StoreError(ENROLLED_OVER_HTTP)
    ca_file = stored_ca(ctx.paths.hq_ca_file)
    try:
        # The number enrolled (sync_state): another process may have renumbered the station
        # since this one cached it.
        number = row.station_no or station.station_no
        token = keyring.get_password(KEYRING_SERVICE, keyring_user(station.center_code, number))
    except keyring.errors.KeyringError as exc:
        raise StoreError(
            N_("Cannot read the station's credentials from the system keyring: {detail}"),
            detail=str(exc),
        ) from None
    if not token:
        raise StoreError(
            N_("The station's credentials are missing from the system keyring; enroll again")
        )
    return HqClient(row.hq_url, token, timeout=timeout, clock=ctx.clock, ca_file=ca_file)
