"""A sample station — the Mazzeh center, with an admin and the staff asked for — for the
screenshot scripts, the benchmarks and demonstrations: one definition instead of a copy in each.
"""

from __future__ import annotations

from collections.abc import Sequence

from counter_app.domain.catalog import FieldType, Service
from counter_app.services.context import Actor, AppContext
from counter_app.services.setup import setup_station
from counter_app.services.users import add_user

CENTER_CODE = "MZH"
CENTER_NAME = "مركز خدمة المواطن - المزة"
# username, role, full name
CLERK = ("clerk1", "clerk", "سامر الكيلاني")
ARCHIVIST = ("archive1", "archive", "هدى المصري")


def sample_station(
    ctx: AppContext,
    password: str,
    *,
    station_no: int = 2,
    staff: Sequence[tuple[str, str, str]] = (CLERK,),
) -> dict[str, Actor]:
    """Set the station up (idempotent setup) with ``staff``; every account has ``password``.
    Returns the actors by username, the admin's included."""
    setup_station(
        ctx,
        center_code=CENTER_CODE,
        center_name=CENTER_NAME,
        station_no=station_no,
        admin_username="admin",
        admin_password=password,
    )
    with ctx.store.read() as session:
        admin = ctx.actor(session, "admin")
    for username, role, full_name in staff:
        add_user(ctx, admin, username=username, role=role, password=password, full_name=full_name)
    with ctx.store.read() as session:
        return {name: ctx.actor(session, name) for name in ("admin", *(s[0] for s in staff))}


def sample_fields(svc: Service, *, text: str = "المزة") -> dict[str, str]:
    """Plausible values for a service's required fields (``text`` for free-text ones)."""
    values = {
        FieldType.TEXT: text,
        FieldType.NATIONAL_ID: "01020304050",
        FieldType.PHONE: "0944123456",
        FieldType.DATE: "2020-05-01",
        FieldType.ORGANIZATION: "جمعية البر الخيرية",
    }
    out: dict[str, str] = {}
    for f in svc.fields:
        if not f.required:
            continue
        if f.type is FieldType.CHOICE:
            out[f.key] = f.choices[0].value
        elif f.type is FieldType.NUMBER:
            out[f.key] = str(int(f.min if f.min is not None else 1))
        else:
            out[f.key] = values[f.type]
    return out
