"""Every kind of record the services put in the outbox is one the sync protocol knows: an
unknown kind would be quarantined on every station instead of reaching HQ."""

from __future__ import annotations

import ast
from pathlib import Path

from counter_protocol.wire import ItemKind

SERVICES = Path(__file__).resolve().parents[2] / "src" / "counter_app" / "services"
_OUTBOX_WRITERS = {"enqueue", "record_change"}


def _kinds_written() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted(SERVICES.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in _OUTBOX_WRITERS:
                continue
            for kw in node.keywords:
                if kw.arg == "kind" and isinstance(kw.value, ast.Constant):
                    found[str(kw.value.value)] = path.name
    return found


def test_every_outbox_kind_is_in_the_protocol() -> None:
    written = _kinds_written()
    assert {"request.created", "request.event", "attachment"} <= set(written)
    unknown = {k: where for k, where in written.items() if k not in set(ItemKind)}
    assert unknown == {}
