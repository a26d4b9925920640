"""Pieces every document shares: masking, money, local times, the header."""

from __future__ import annotations

import datetime as dt

from counter_app.i18n import Translator
from counter_app.printing.layout import PAPERS, Flow
from counter_app.printing.text import Typesetter, ltr


def mask_national_id(nid: str) -> str:
    """Enough to recognise one's own number, not enough to copy it from a lost receipt."""
    return nid[:3] + "*" * max(0, len(nid) - 5) + nid[-2:] if len(nid) > 5 else "*" * len(nid)


def mask_phone(phone: str) -> str:
    return phone[:4] + "***" + phone[-3:] if len(phone) >= 8 else "*" * len(phone)


def money(amount_syp: int, tr: Translator) -> str:
    if amount_syp == 0:
        return tr("free of charge")
    return ltr(f"{amount_syp:,}") + " " + tr("SYP")


def local(moment: dt.datetime, tz: dt.tzinfo) -> str:
    return ltr(moment.astimezone(tz).strftime("%Y-%m-%d %H:%M"))


def day(value: dt.date) -> str:
    return ltr(value.isoformat())


def new_flow(language: str, paper: str, title: str) -> Flow:
    return Flow(Typesetter.for_language(language), PAPERS[paper], title)


def header(
    flow: Flow, center_name: str, title: str, *, roll: bool, logo: bytes | None = None
) -> None:
    if logo:
        flow.image(logo)
    flow.text(center_name, size=12 if roll else 14, bold=True, align="center")
    flow.text(title, size=10 if roll else 12, align="center")
    flow.rule()
