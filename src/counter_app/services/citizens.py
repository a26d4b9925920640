"""Citizens as intake finds or creates them, and the corrections of their names.

A request keeps the name it was taken with (``requests.citizen_name``: what its receipt says).
The citizen row holds the name of the latest intake, used from then on for new requests and
search. When a later intake gives a different name, that is a correction: recorded with who,
when, old and new, audited, and shown on every request of the citizen taken before it.
Statements are Core text built once: this runs inside every intake (the hot path).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import bindparam, select, text
from sqlalchemy.orm import Session

from counter_app.domain.arabic import normalize_for_search
from counter_app.services.audit import append_audit
from counter_app.services.context import Actor, StationInfo
from counter_app.store.models import CitizenNameCorrection, Request
from counter_protocol.columns import UtcDateTime

_FIND_CITIZEN = text("SELECT id, name, name_norm, phone FROM citizens WHERE national_id = :nid")
_INSERT_CITIZEN = text(
    "INSERT INTO citizens (national_id, name, name_norm, phone, created_at, updated_at) "
    "VALUES (:nid, :name, :norm, :phone, :now, :now) RETURNING id"
)
_UPDATE_CITIZEN = text(
    "UPDATE citizens SET name = :name, name_norm = :norm, phone = :phone, updated_at = :now "
    "WHERE id = :id"
)
# Typed, so the time is stored as the ORM stores it and compares with received_at as text.
_INSERT_CORRECTION = text(
    "INSERT INTO citizen_name_corrections (citizen_id, old_name, new_name, at, user_id, actor) "
    "VALUES (:cid, :old, :new, :now, :uid, :actor) RETURNING id"
).bindparams(bindparam("now", type_=UtcDateTime()))
# The words tolerant search may look up (one statement, whatever the number of words).
_ADD_TERMS = text(
    "INSERT OR IGNORE INTO name_terms (term) SELECT value FROM json_each(:terms) WHERE value != ''"
)
_LINK_CORRECTION = text("UPDATE citizen_name_corrections SET request_id = :rid WHERE id = :id")


@dataclass(frozen=True)
class NameCorrection:
    old_name: str
    new_name: str
    at: dt.datetime
    actor: str
    receipt_no: str | None  # the request whose intake made it


def search_key_after_rename(new_name: str, old_key: str) -> str:
    """The search key of a renamed citizen: the new name first, then the words of the earlier
    names it lacks, so a clerk who knows the citizen by the old name still finds them."""
    key = normalize_for_search(new_name)
    words = key.split(" ")
    extra = [w for w in dict.fromkeys(old_key.split(" ")) if w and w not in words]
    return " ".join([key, *extra])


def upsert_citizen(
    session: Session,
    actor: Actor,
    national_id: str,
    name: str,
    phone: str,
    now: dt.datetime,
) -> tuple[int, int | None]:
    """The citizen's id, and the id of the name correction this intake made (None if none).

    The latest intake is the freshest knowledge of the citizen's name and phone; earlier
    requests keep their own copy of both, so nothing they printed changes."""
    conn = session.connection()
    row = conn.execute(_FIND_CITIZEN, {"nid": national_id}).first()
    if row is None:
        norm = normalize_for_search(name)
        params = {"nid": national_id, "name": name, "norm": norm, "phone": phone, "now": now}
        citizen = int(conn.execute(_INSERT_CITIZEN, params).scalar_one())
        conn.execute(_ADD_TERMS, {"terms": json.dumps(norm.split(" "), ensure_ascii=False)})
        return citizen, None
    if (row.name, row.phone) == (name, phone):
        return int(row.id), None
    correction: int | None = None
    norm = row.name_norm
    if row.name != name:
        norm = search_key_after_rename(name, row.name_norm)
        params = {
            "cid": row.id,
            "old": row.name,
            "new": name,
            "now": now,
            "uid": actor.user_id,
            "actor": actor.username,
        }
        correction = int(conn.execute(_INSERT_CORRECTION, params).scalar_one())
        conn.execute(_ADD_TERMS, {"terms": json.dumps(norm.split(" "), ensure_ascii=False)})
    conn.execute(
        _UPDATE_CITIZEN, {"id": row.id, "name": name, "norm": norm, "phone": phone, "now": now}
    )
    return int(row.id), correction


def record_correction(
    session: Session,
    actor: Actor,
    station: StationInfo,
    correction: int,
    request_id: int,
    receipt: str,
    now: dt.datetime,
) -> None:
    """Tie the correction to the request that made it and audit it. The names stay out of the
    audit details (the correction row holds them; audit rows travel and are printed)."""
    session.connection().execute(_LINK_CORRECTION, {"rid": request_id, "id": correction})
    append_audit(
        session,
        at=now,
        user_id=actor.user_id,
        username=actor.username,
        station=station.label,
        action="citizen.name_corrected",
        entity="request",
        entity_ref=receipt,
        details={"correction": correction},
    )


def corrections_since(session: Session, req: Request) -> list[NameCorrection]:
    """The corrections of the citizen's name made at or after this request's intake, oldest
    first: what a person looking at this request must know about the name on its receipt."""
    rows = session.execute(
        select(CitizenNameCorrection, Request.receipt_no)
        .outerjoin(Request, Request.id == CitizenNameCorrection.request_id)
        .where(
            CitizenNameCorrection.citizen_id == req.citizen_id,
            CitizenNameCorrection.at >= req.received_at,
        )
        .order_by(CitizenNameCorrection.id)
    ).all()
    return [NameCorrection(c.old_name, c.new_name, c.at, c.actor, ref) for c, ref in rows]
