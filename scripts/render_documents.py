"""Write a PNG of every printed document, in Arabic and in English, to docs/screenshots/.

The documents come from the real path: a station set up in a temporary folder, a request saved
through the intake service, each document rendered by the print service and rasterised with
pdftoppm, the way a person checks them. The thermal-printer raster is written as well.

    python scripts/render_documents.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as home:
        os.environ["COUNTER_APP_HOME"] = home
        sys.path.insert(0, str(ROOT / "src"))
        from counter_app.domain.payment import PaymentInput, PaymentMethod
        from counter_app.i18n import Translator
        from counter_app.paths import AppPaths
        from counter_app.printing.documents.handover import (
            HandoverData,
            HandoverItem,
            render_handover,
        )
        from counter_app.printing.raster import pdf_to_raster
        from counter_app.services.catalog import active_catalog
        from counter_app.services.context import AppContext
        from counter_app.services.intake import IntakeInput, submit_request
        from counter_app.services.printing import render_document
        from counter_app.services.sample import sample_station

        ctx = AppContext.open(AppPaths.default())
        clerk = sample_station(ctx, "screenshots-1")["clerk1"]
        svc = active_catalog(ctx).service("GEH-PROPERTY-DATA")
        assert svc is not None
        fields = {
            f.key: (f.choices[0].value if f.choices else "12") for f in svc.fields if f.required
        }
        fields.update(
            {
                f.key: "المزة - فيلات غربية"
                for f in svc.fields
                if f.required and f.type.value == "text"
            }
        )
        docs = {d.type: "copy_kept" for d in svc.documents}
        # Its fee paid at a bank, the bank's receipt shown at intake (the receipt says so).
        paid = PaymentInput(svc.fee.amount_syp, PaymentMethod.BANK_RECEIPT, "CBS-118452")
        saved = submit_request(
            ctx,
            clerk,
            IntakeInput(
                svc.code,
                "01020304050",
                "فاطمة عبد الله الأحمد",
                "0933123456",
                fields,
                docs,
                payment=paid,
            ),
        )
        # Another citizen's, its fee not paid yet (paid later): the receipt says "not paid".
        unpaid = submit_request(
            ctx,
            clerk,
            IntakeInput(svc.code, "02020304050", "سامر خالد الحلبي", "0944123456", fields, docs),
        )
        shots = [
            ("receipt", saved.receipt_no, "80mm", 0),
            ("receipt", saved.receipt_no, "a5", 2),
            ("receipt", unpaid.receipt_no, "80mm", 0),
            ("slip", "MOI-CRIMINAL-RECORD", "80mm", 0),
            # Documents per case (the five cases of certifying a personal record card).
            ("slip", "MOAD-ID-CARD-CERTIFICATION", "80mm", 0),
            ("cover", saved.receipt_no, "a4", 0),
        ]
        for lang in ("ar", "en"):
            for kind, ref, paper, copy_no in shots:
                pdf = render_document(
                    ctx, clerk, kind, ref, paper=paper, language=lang, copy_no=copy_no
                )
                cases = "-cases" if ref == "MOAD-ID-CARD-CERTIFICATION" else ""
                cases = "-unpaid" if ref == unpaid.receipt_no else cases
                name = f"print-{kind}{cases}-{paper}{'-copy' if copy_no else ''}-{lang}"
                src = Path(home) / f"{name}.pdf"
                src.write_bytes(pdf)
                subprocess.run(
                    [
                        "pdftoppm",
                        "-r",
                        "110",
                        "-png",
                        "-singlefile",
                        str(src),
                        str(args.out / name),
                    ],
                    check=True,
                )
                print(args.out / f"{name}.png")
            # Handover batches arrive with the archive issue; the slip itself exists already.
            tr = Translator.for_language(lang)
            item = HandoverItem(saved.receipt_no, "فاطمة عبد الله الأحمد", svc.name_ar, svc.name_en)
            handover = render_handover(
                HandoverData(
                    "HO-MZH-02-261125-01",
                    "مركز خدمة المواطن - المزة",
                    "MZH-02",
                    "سامر الكيلاني",
                    saved.received_at,
                    ctx.calendar.tz,
                    [item] * 3,
                ),
                tr,
            )
            src = Path(home) / "handover.pdf"
            src.write_bytes(handover)
            subprocess.run(
                [
                    "pdftoppm",
                    "-r",
                    "110",
                    "-png",
                    "-singlefile",
                    str(src),
                    str(args.out / f"print-handover-a4-{lang}"),
                ],
                check=True,
            )
            pdf = render_document(
                ctx, clerk, "receipt", saved.receipt_no, paper="80mm", language=lang
            )
            raster = pdf_to_raster(pdf, width_dots=576)[0]
            path = args.out / f"print-receipt-escpos-576-{lang}.png"
            raster.save(path)
            print(path)
        ctx.close()


if __name__ == "__main__":
    main()
