"""The reception desk's required-documents slip: what to bring for a service, before queuing."""

from __future__ import annotations

from dataclasses import dataclass, field

from counter_app.i18n import Translator
from counter_app.printing.documents.common import header, money, new_flow
from counter_app.printing.text import ltr


@dataclass(frozen=True)
class SlipDocument:
    name_ar: str
    name_en: str
    requirement: str  # a Requirement value


@dataclass(frozen=True)
class SlipCase:
    """One value of the field the documents depend on (a case of the service), and the
    documents it adds to the ones always asked for (none: nothing more to bring)."""

    label_ar: str
    label_en: str
    documents: list[SlipDocument] = field(default_factory=list)


@dataclass(frozen=True)
class SlipData:
    center_name: str
    service_code: str
    service_name_ar: str
    service_name_en: str
    agency_name_ar: str
    agency_name_en: str
    sla_days: int
    fee_syp: int
    documents: list[SlipDocument] = field(default_factory=list)
    fields_ar: list[str] = field(default_factory=list)  # information the citizen should know
    fields_en: list[str] = field(default_factory=list)
    route: str | None = None  # ticket number or counter to go to
    # Documents that depend on a field (the cases of certifying a personal record card): the
    # field's label and, per value, what it adds; ``documents`` then holds the ones always asked.
    case_field_ar: str = ""
    case_field_en: str = ""
    cases: list[SlipCase] = field(default_factory=list)


def render_slip(data: SlipData, tr: Translator, *, paper: str = "80mm") -> bytes:
    ar = tr.language == "ar"
    flow = new_flow(tr.language, paper, tr("Required documents") + " " + data.service_code)
    header(flow, data.center_name, tr("Required documents"), roll=paper == "80mm")
    flow.text(
        data.service_name_ar if ar else data.service_name_en, size=11, bold=True, align="center"
    )
    flow.text(data.service_name_en if ar else data.service_name_ar, size=8, align="center")
    flow.field(tr("Agency"), data.agency_name_ar if ar else data.agency_name_en)
    flow.field(tr("Service code"), ltr(data.service_code))
    flow.field(tr("Takes"), tr.tr_n("{n} working days", data.sla_days).format(n=data.sla_days))
    flow.field(tr("Fee"), money(data.fee_syp, tr))
    if data.route:
        flow.field(tr("Go to"), data.route, size=11)
    flow.rule(dashed=True)
    flow.text(tr("Bring these documents"), bold=True)
    if data.cases:
        flow.text(tr("In every case:"), size=8.5, bold=True)
    if not data.documents and not data.cases:
        flow.text(tr("No documents are needed besides your identity card."), size=8.5)
    for doc in data.documents:
        flow.checkbox(f"{doc.name_ar if ar else doc.name_en}: {tr(doc.requirement)}")
    if data.cases:
        flow.rule(dashed=True)
        flow.text(
            tr("Also, depending on {field}:").format(
                field=data.case_field_ar if ar else data.case_field_en
            ),
            bold=True,
        )
    for case in data.cases:
        flow.spacer(2)
        flow.text(f"• {case.label_ar if ar else case.label_en}", size=9, bold=True)
        if not case.documents:
            flow.text(tr("Nothing more."), size=8.5)
        for doc in case.documents:
            flow.checkbox(f"{doc.name_ar if ar else doc.name_en}: {tr(doc.requirement)}")
    fields = data.fields_ar if ar else data.fields_en
    if fields:
        flow.rule(dashed=True)
        flow.text(tr("Information you will be asked for"), bold=True)
        for name in fields:
            flow.text(f"• {name}", size=8.5)
    flow.spacer(6)
    return flow.render()
