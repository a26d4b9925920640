"""catalog list / show / import."""

from __future__ import annotations

import argparse

from counter_app.cli.output import emit_json, emit_table
from counter_app.cli.runtime import Runtime
from counter_app.domain.catalog import Catalog, FieldDef, FieldType, RequiredDocument, Service
from counter_app.domain.errors import N_, NotFound
from counter_app.services.catalog import active_catalog, center_offer, import_catalog

# A field's type in the reader's words (tr(TYPE_WORDS[type])).
TYPE_WORDS = {
    FieldType.TEXT: N_("Text"),
    FieldType.NATIONAL_ID: N_("National number"),
    FieldType.PHONE: N_("Phone"),
    FieldType.DATE: N_("Date"),
    FieldType.NUMBER: N_("Number"),
    FieldType.CHOICE: N_("Choice"),
    FieldType.ORGANIZATION: N_("Organization"),
}


def list_services(rt: Runtime, args: argparse.Namespace) -> int:
    """The services the station's center offers (--all: every active one); says when the
    catalog does not name the center, so that every service is listed."""
    ctx = rt.context()
    with ctx.store.read() as session:
        catalog = ctx.catalog(session)
        offer = center_offer(ctx, session)
    services = tuple(s for s in catalog.services if s.active) if args.all else offer.services
    if args.json:
        emit_json(
            {
                "version": catalog.version,
                "center": offer.center_code,
                "center_named": offer.named,
                "agencies": [a.model_dump(mode="json") for a in catalog.agencies],
                "services": [s.model_dump(mode="json") for s in services],
            }
        )
        return 0
    tr = rt.tr
    name = "name_ar" if rt.tr.language == "ar" else "name_en"
    rows = [
        (
            s.code,
            getattr(s, name),
            s.agency,
            tr(s.category.value),
            s.sla.working_days,
            s.fee.amount_syp,
        )
        for s in services
    ]
    print(tr("Catalog version {version}").format(version=catalog.version))
    if args.all:
        print(tr("Every service of the catalog, whichever center offers it."))
    elif offer.named:
        center = catalog.center(offer.center_code)
        assert center is not None
        print(
            tr("Services of center {center} ({name})").format(
                center=offer.center_code,
                name=center.name_ar if rt.tr.language == "ar" else center.name_en,
            )
        )
    else:
        print(
            tr(
                "The catalog does not name center {center}: its stations offer every service."
            ).format(center=offer.center_code)
        )
    emit_table(
        (tr("Code"), tr("Service"), tr("Agency"), tr("Category"), tr("SLA days"), tr("Fee (SYP)")),
        rows,
    )
    return 0


def import_file(rt: Runtime, args: argparse.Namespace) -> int:
    actor = rt.actor(args.as_user)
    raw = rt.read_file(args.file)
    result = import_catalog(rt.context(), actor, raw)
    if args.json:
        emit_json(result)
    elif result.changed:
        print(
            rt.tr.tr_n("Catalog {version} installed ({n} services).", result.services).format(
                version=result.version, n=result.services
            )
        )
    else:
        print(rt.tr("Catalog {version} is already installed.").format(version=result.version))
    return 0


def _service(catalog: Catalog, code: str) -> Service:
    svc = catalog.service(code.strip().upper())
    if svc is None:
        raise NotFound(N_("Unknown service {code}"), field="service", code=code[:60])
    return svc


def _service_json(catalog: Catalog, svc: Service) -> dict[str, object]:
    """The service as the catalog holds it, with each document's names beside its code."""
    data = svc.model_dump(mode="json")
    for doc in data["documents"]:
        kind = catalog.document_type(doc["type"])
        doc["name_ar"] = kind.name_ar if kind else doc["type"]
        doc["name_en"] = kind.name_en if kind else doc["type"]
    return {"version": catalog.version, "service": data}


def _condition(svc: Service, doc: RequiredDocument, arabic: bool) -> str:
    """``key = value (label), ...`` for a document asked for only in some cases; "" always."""
    if doc.when is None:
        return ""
    fdef = svc.field(doc.when.field)
    labels = {c.value: (c.label_ar if arabic else c.label_en) for c in fdef.choices} if fdef else {}
    values = ("، " if arabic else ", ").join(
        f"{v} ({labels[v]})" if v in labels else v for v in doc.when.values
    )
    return f"{doc.when.field} = {values}"


def show_service(rt: Runtime, args: argparse.Namespace) -> int:
    """One service's fields (the keys ``request new --field`` takes) and documents (the codes
    ``--doc`` takes). An unknown code is bad input (exit 2)."""
    catalog = active_catalog(rt.context())
    svc = _service(catalog, args.service)
    if args.json:
        emit_json(_service_json(catalog, svc))
        return 0
    tr = rt.tr
    arabic = tr.language == "ar"
    print(f"{svc.code} — {svc.name_ar if arabic else svc.name_en}")
    if not svc.active:
        print(tr("This service is retired: new requests cannot be taken for it."))
    print()

    def label(f: FieldDef) -> str:
        return f.label_ar if arabic else f.label_en

    emit_table(
        (tr("Key"), tr("Type"), tr("Label"), tr("Required"), tr("Choices")),
        [
            (
                f.key,
                tr(TYPE_WORDS[f.type]),
                label(f),
                tr("yes") if f.required else tr("no"),
                ("، " if arabic else ", ").join(
                    f"{c.value} ({c.label_ar if arabic else c.label_en})" for c in f.choices
                ),
            )
            for f in svc.fields
        ],
    )
    print()
    rows = []
    for doc in svc.documents:
        kind = catalog.document_type(doc.type)
        name = (kind.name_ar if arabic else kind.name_en) if kind else doc.type
        rows.append((doc.type, name, tr(doc.requirement.value), _condition(svc, doc, arabic)))
    emit_table((tr("Code"), tr("Document"), tr("Requirement"), tr("Only when")), rows)
    return 0
