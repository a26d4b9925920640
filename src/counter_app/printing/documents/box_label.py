"""The label stuck on an archive box: its code as a barcode (scanned when a file is put in the
box), the shelf where the box stands and what it holds."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm

from counter_app.i18n import Translator
from counter_app.printing.codes import barcode
from counter_app.printing.documents.common import header, new_flow
from counter_app.printing.text import ltr


@dataclass(frozen=True)
class BoxLabelData:
    code: str
    shelf: str
    label: str
    center_name: str


def render_box_label(data: BoxLabelData, tr: Translator, *, paper: str = "80mm") -> bytes:
    roll = paper == "80mm"
    flow = new_flow(tr.language, paper, tr("Archive box") + " " + data.code)
    header(flow, data.center_name, tr("Archive box"), roll=roll)
    flow.spacer(3 * mm if roll else 10 * mm)
    barcode(flow, data.code, height=(14 if roll else 24) * mm, qr=True)
    flow.number(ltr(data.code), size=20 if roll else 32)
    flow.spacer(2 * mm if roll else 8 * mm)
    flow.field(tr("Shelf"), ltr(data.shelf) if data.shelf.isascii() else data.shelf, size=12)
    if data.label:
        flow.text(data.label, size=11 if roll else 14, align="center")
    return flow.render()
