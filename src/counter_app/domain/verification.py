"""The short verification code printed on a receipt.

It is a digest of what the receipt promises (number, service, citizen, dates, documents), so
HQ or a supervisor can recompute it from the stored request and tell a genuine receipt from an
altered one. Eight base-32 characters (40 bits): short enough to read over the phone.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Sequence


def verification_code(
    *,
    receipt_no: str,
    service_code: str,
    national_id: str,
    received_at_utc: str,
    due_date: str,
    documents: Sequence[tuple[str, str]],
) -> str:
    body = json.dumps(
        {
            "receipt_no": receipt_no,
            "service": service_code,
            "national_id": national_id,
            "received_at": received_at_utc,
            "due_date": due_date,
            "documents": sorted([list(d) for d in documents]),
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    code = base64.b32encode(digest)[:8].decode("ascii")
    return f"{code[:4]}-{code[4:]}"
