"""catalog list / import."""

from __future__ import annotations

import argparse

from counter_app.cli.output import emit_json, emit_table
from counter_app.cli.runtime import Runtime
from counter_app.services.catalog import active_catalog, import_catalog


def list_services(rt: Runtime, args: argparse.Namespace) -> int:
    catalog = active_catalog(rt.context())
    if args.json:
        emit_json(
            {
                "version": catalog.version,
                "agencies": [a.model_dump(mode="json") for a in catalog.agencies],
                "services": [s.model_dump(mode="json") for s in catalog.services],
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
        for s in catalog.services
        if s.active
    ]
    print(tr("Catalog version {version}").format(version=catalog.version))
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
            rt.tr("Catalog {version} installed ({count} services).").format(
                version=result.version, count=result.services
            )
        )
    else:
        print(rt.tr("Catalog {version} is already installed.").format(version=result.version))
    return 0
