"""The archive cover sheet: placed on top of a request's paper so a scanned stack can be split
and filed by its codes. A scanned page with the cover mark but no readable number is "a cover
I cannot read" (scanning/covers.py), so its pages never join the previous request."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportlab.lib.units import mm

from counter_app.i18n import Translator
from counter_app.printing.codes import barcode, cover_band
from counter_app.printing.documents.common import header, local, new_flow
from counter_app.printing.text import ltr


@dataclass(frozen=True)
class CoverData:
    receipt_no: str
    center_name: str
    service_name_ar: str
    service_name_en: str
    citizen_name: str
    received_at: dt.datetime
    documents: int
    tz: dt.tzinfo


def render_cover(data: CoverData, tr: Translator, *, paper: str = "a4") -> bytes:
    ar = tr.language == "ar"
    label = paper == "80mm"
    flow = new_flow(tr.language, paper, tr("Archive cover sheet") + " " + data.receipt_no)
    header(flow, data.center_name, tr("Archive cover sheet"), roll=label)
    flow.spacer(2 * mm if label else 8 * mm)
    # Three ways to know this sheet: the mark (survives fax quality, says only "a cover"),
    # the QR code (error-correcting) and the Code128 the counter's barcode guns read.
    cover_band(flow, data.receipt_no)
    flow.spacer(2 * mm if label else 6 * mm)
    barcode(flow, data.receipt_no, height=24 * mm)
    flow.number(ltr(data.receipt_no), size=16 if label else 24)
    flow.spacer(2 * mm if label else 8 * mm)
    flow.field(tr("Service"), data.service_name_ar if ar else data.service_name_en, size=11)
    flow.field(tr("Citizen"), data.citizen_name, size=11)
    flow.field(tr("Received"), local(data.received_at, data.tz), size=11)
    flow.field(tr("Documents"), ltr(str(data.documents)), size=11)
    flow.spacer(4 * mm if label else 14 * mm)
    flow.text(
        tr("Put this sheet on top of the request's papers, face up, before scanning."),
        size=9,
        align="center",
    )
    return flow.render()
