"""The handover slip: the paper files a counter sends to the archive in one batch."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from reportlab.lib.units import mm

from counter_app.i18n import Translator
from counter_app.printing.codes import barcode
from counter_app.printing.documents.common import header, local, new_flow
from counter_app.printing.text import ltr


@dataclass(frozen=True)
class HandoverItem:
    receipt_no: str
    citizen_name: str
    service_name_ar: str
    service_name_en: str


@dataclass(frozen=True)
class HandoverData:
    batch_id: str
    center_name: str
    station: str
    sender: str
    created_at: dt.datetime
    tz: dt.tzinfo
    items: list[HandoverItem] = field(default_factory=list)


def render_handover(data: HandoverData, tr: Translator, *, paper: str = "a4") -> bytes:
    ar = tr.language == "ar"
    flow = new_flow(tr.language, paper, tr("Handover slip") + " " + data.batch_id)
    header(flow, data.center_name, tr("Handover slip to the archive"), roll=paper == "80mm")
    barcode(flow, data.batch_id, height=16 * mm, qr=True)
    flow.number(ltr(data.batch_id), size=12)
    flow.spacer(2 * mm)
    flow.field(tr("Station"), ltr(data.station))
    flow.field(tr("Sent by"), data.sender)
    flow.field(tr("Prepared"), local(data.created_at, data.tz))
    flow.field(tr("Files"), ltr(str(len(data.items))))
    flow.rule()
    for number, item in enumerate(data.items, start=1):
        service = item.service_name_ar if ar else item.service_name_en
        flow.checkbox(f"{number}. {ltr(item.receipt_no)} — {item.citizen_name} — {service}")
    flow.rule()
    flow.spacer(6 * mm)
    flow.field(tr("Handed over by"), "....................")
    flow.spacer(4 * mm)
    flow.field(tr("Received by (archive)"), "....................")
    return flow.render()
