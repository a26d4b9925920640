"""file save: a request's scan or answer file, written as plain bytes where the person chose.

On an encrypted station the stored files are sealed: this is how one leaves the app readable
(services/open_files.py reads, checks and audits it). The copy is not encrypted; the message
says so, so that it is not left lying on the PC.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from counter_app.cli.output import emit_json
from counter_app.cli.runtime import Runtime
from counter_app.services.open_files import save_copy


def save(rt: Runtime, args: argparse.Namespace) -> int:
    actor = rt.actor(args.as_user)
    out = Path(args.out).expanduser()
    saved = save_copy(rt.context(), actor, args.name, out)
    if args.json:
        emit_json(
            {
                "receipt_no": saved.receipt_no,
                "kind": saved.kind,
                "sha256": saved.sha256,
                "size": saved.size,
                "out": str(out),
            }
        )
        return 0
    tr = rt.tr
    print(
        tr("Saved {name} of request {receipt} ({size} bytes) to {path}").format(
            name=saved.label, receipt=saved.receipt_no, size=saved.size, path=str(out)
        )
    )
    print(tr("This copy is not encrypted: delete it when it is no longer needed."))
    return 0
