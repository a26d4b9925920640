"""What the day's cash sheet shares between its CSV, its PDF and the desktop screen: the
words of a payment method, the local time of a payment, amounts as read, the totals per clerk.

The same figures everywhere: the sheet's totals are the cash report's (services/payments), the
payments counted per clerk here from its lines.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from counter_app.domain.errors import N_
from counter_app.domain.payment import PaymentMethod
from counter_app.services.payments import CashReport, PaymentRecord

TITLE = N_("Cash report of {day}")
METHOD_WORDS = {
    PaymentMethod.BANK_RECEIPT.value: N_("Bank receipt"),
    PaymentMethod.BANK_DESK.value: N_("Bank desk"),
}
ONLY_OWN = N_("Only your own payments ({user}): the whole day's needs view_reports")
NOTHING = N_("No payments were recorded on this day.")
BY_METHOD = N_("Totals by payment method")
BY_CLERK = N_("Totals by clerk")
OVERALL = N_("Total of the day")


@dataclass(frozen=True)
class ClerkTotal:
    username: str
    name: str  # full name, else the username
    payments: int
    amount_syp: int


def method_word(method: str) -> str:
    """The msgid of a method (an unknown value is shown as stored)."""
    return METHOD_WORDS.get(method, method)


def paid_local(payment: PaymentRecord, tz: dt.tzinfo | None) -> dt.datetime:
    """When a payment was made, in the center's time (stored moments are UTC)."""
    moment = payment.paid_at
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(tz) if tz is not None else moment.astimezone()


def amount_text(amount: int) -> str:
    """An amount of Syrian pounds as read on paper and screen: thousands grouped."""
    return f"{amount:,}"


def clerk_totals(report: CashReport) -> list[ClerkTotal]:
    """Per clerk, in the report's order of usernames: name, payments and amount (the amount
    is the report's own by_clerk figure, so the sheet never disagrees with the report)."""
    names: dict[str, str] = {}
    counts: dict[str, int] = {}
    for p in report.payments:
        names.setdefault(p.actor, p.clerk or p.actor)
        counts[p.actor] = counts.get(p.actor, 0) + 1
    return [
        ClerkTotal(user, names.get(user, user), counts.get(user, 0), amount)
        for user, amount in sorted(report.by_clerk.items())
    ]


# Python's weekday(): Monday 0 ... Sunday 6. The sheet names its day: a cash count is filed
# and looked up by date and weekday at the counter.
WEEKDAY_NAMES = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)
