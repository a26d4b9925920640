"""The day's cash sheet: the cash report (services/payments.cash_report) with what its paper
needs besides the figures: the center's name and code, the services' names and the moment it
was made. The CLI and the desktop's "Cash of the day" screen call ``cash_sheet`` and hand both
parts to ``counter_app.exports.write_cash`` (CSV or PDF).

Who sees what is cash_report's decision (VIEW_REPORTS: every payment of the day; a clerk: his
own, and the sheet says so); this module adds nothing a clerk could not see otherwise.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from counter_app.domain.roles import Permission
from counter_app.services.access import use_case
from counter_app.services.context import Actor, AppContext
from counter_app.services.payments import CashReport, cash_report


@dataclass(frozen=True)
class CashHeading:
    """The sheet's header and the names its table shows (codes when a name is unknown)."""

    center_name: str
    center_code: str
    generated_at: dt.datetime  # UTC
    services: dict[str, tuple[str, str]] = field(default_factory=dict)  # code -> (ar, en)

    def service_name(self, code: str, language: str) -> str:
        names = self.services.get(code)
        if names is None:
            return code
        return (names[0] if language == "ar" else names[1]) or code


def cash_heading(ctx: AppContext, report: CashReport) -> CashHeading:
    """The heading of ``report``'s sheet: this station's center, the active catalog's names
    of the services paid for (a service since removed from the catalog keeps its code)."""
    with ctx.store.read() as session:
        station = ctx.station(session)
        catalog = ctx.catalog(session)
        services: dict[str, tuple[str, str]] = {}
        for payment in report.payments:
            svc = catalog.service(payment.service_code)
            if svc is not None:
                services[svc.code] = (svc.name_ar, svc.name_en)
    return CashHeading(station.center_name, station.center_code, ctx.clock(), services)


@use_case(Permission.VIEW_CASH)
def cash_sheet(ctx: AppContext, actor: Actor, day: str = "today") -> tuple[CashReport, CashHeading]:
    """The cash report of the local day ``day`` (as cash_report takes it) and its heading."""
    report = cash_report(ctx, actor, day)
    return report, cash_heading(ctx, report)
