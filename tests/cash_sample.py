"""A hand-computed day of fees at the Mazzeh center, for the cash sheet's tests and screenshots.

The local day is Sunday 2026-11-22 (Damascus, UTC+3). Six payments fall in it, one on the
evening before and one just after its midnight fall outside:

    local  clerk   service                     SYP     method
    09:10  clerk1  MOI-CRIMINAL-RECORD          5,000  bank receipt CBS-2026/00123
    09:45  clerk2  GEH-ARCHITECTURAL-PLAN      10,000  bank desk
    10:20  clerk1  MOI-INDIVIDUAL-STATEMENT     3,000  bank desk
    11:05  clerk2  GEH-RIGHT-OF-BENEFIT         2,000  bank receipt CBS-2026/00187
    12:30  clerk1  GEH-SITE-PLAN               10,000  bank receipt REB-55120
    14:15  clerk2  MOI-FAMILY-STATEMENT         3,000  bank receipt CBS-2026/00231

By method: bank receipt 4 payments, 20,000; bank desk 2 payments, 13,000.
By clerk: clerk1 3 payments, 18,000; clerk2 3 payments, 15,000. The day: 6 payments, 33,000.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from counter_app.domain.payment import PaymentInput, PaymentMethod
from counter_app.services.catalog import active_catalog
from counter_app.services.context import Actor, AppContext
from counter_app.services.intake import IntakeInput, submit_request
from counter_app.services.payments import record_payment
from counter_app.services.sample import sample_fields
from counter_app.services.users import add_user

DAY = dt.date(2026, 11, 22)
CLERK2 = ("clerk2", "ليلى حداد")
BANK = PaymentMethod.BANK_RECEIPT
DESK = PaymentMethod.BANK_DESK
UTC = dt.UTC

# (UTC moment, clerk username, service, amount, method, bank receipt number)
PAID: tuple[tuple[dt.datetime, str, str, int, PaymentMethod, str | None], ...] = (
    (dt.datetime(2026, 11, 22, 6, 10, tzinfo=UTC), "clerk1", "MOI-CRIMINAL-RECORD", 5000, BANK,
     "CBS-2026/00123"),
    (dt.datetime(2026, 11, 22, 6, 45, tzinfo=UTC), "clerk2", "GEH-ARCHITECTURAL-PLAN", 10000,
     DESK, None),
    (dt.datetime(2026, 11, 22, 7, 20, tzinfo=UTC), "clerk1", "MOI-INDIVIDUAL-STATEMENT", 3000,
     DESK, None),
    (dt.datetime(2026, 11, 22, 8, 5, tzinfo=UTC), "clerk2", "GEH-RIGHT-OF-BENEFIT", 2000, BANK,
     "CBS-2026/00187"),
    (dt.datetime(2026, 11, 22, 9, 30, tzinfo=UTC), "clerk1", "GEH-SITE-PLAN", 10000, BANK,
     "REB-55120"),
    (dt.datetime(2026, 11, 22, 11, 15, tzinfo=UTC), "clerk2", "MOI-FAMILY-STATEMENT", 3000, BANK,
     "CBS-2026/00231"),
)  # fmt: skip
# Outside the day: 23:30 local on the 21st, 00:05 local on the 23rd.
OUTSIDE = (
    (dt.datetime(2026, 11, 21, 20, 30, tzinfo=UTC), "clerk1", "MOI-CRIMINAL-RECORD", 5000, DESK,
     None),
    (dt.datetime(2026, 11, 22, 21, 5, tzinfo=UTC), "clerk2", "MOI-CRIMINAL-RECORD", 5000, DESK,
     None),
)  # fmt: skip

BY_METHOD = {"bank_receipt": 20000, "bank_desk": 13000}
COUNTS = {"bank_receipt": 4, "bank_desk": 2}
BY_CLERK = {"clerk1": 18000, "clerk2": 15000}
TOTAL = 33000


class Clock:
    """A clock set by hand (the sample moves it to each payment's moment)."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


@dataclass(frozen=True)
class CashDay:
    receipts: list[str]  # the day's six, in the order paid
    clerk2: Actor


def _intake(ctx: AppContext, code: str, n: int) -> IntakeInput:
    svc = active_catalog(ctx).service(code)
    assert svc is not None, code
    fields = sample_fields(svc, text="نص تجريبي")
    docs = {
        d.type: "copy_kept" if d.requirement.value != "scan_required" else "scan_pending"
        for d in svc.documents_for(fields)
    }
    return IntakeInput(code, f"0102030{n:04d}", "أحمد محمد الخطيب", "0944123456", fields, docs)


def make_cash_day(
    ctx: AppContext, admin: Actor, clerk1: Actor, clock: Clock, *, after: dt.datetime | None = None
) -> CashDay:
    """Record the sample's payments (and the two outside the day) with ``ctx.clock`` set to
    ``clock``; the clock is left at ``after`` (default 16:00 local on the day)."""
    moments = sorted([*PAID, *OUTSIDE], key=lambda p: p[0])
    # Time only moves forward: a clock set back behind the records is a warning at intake.
    clock.now = min(clock.now, moments[0][0] - dt.timedelta(hours=1))
    ctx.clock = clock
    add_user(
        ctx, admin, username=CLERK2[0], role="clerk", password="clerk-pass-222", full_name=CLERK2[1]
    )
    with ctx.store.read() as session:
        clerk2 = ctx.actor(session, CLERK2[0])
    actors = {"clerk1": clerk1, "clerk2": clerk2}
    receipts: list[str] = []
    for n, (when, user, code, amount, method, bank_no) in enumerate(moments):
        clock.now = when
        receipt = submit_request(ctx, actors[user], _intake(ctx, code, n)).receipt_no
        record_payment(ctx, actors[user], receipt, PaymentInput(amount, method, bank_no))
        if any(when == p[0] for p in PAID):
            receipts.append(receipt)
    clock.now = after or dt.datetime(2026, 11, 22, 13, 0, tzinfo=UTC)
    return CashDay(receipts, clerk2)
