"""The files of complaint answers pulled from HQ, fetched after the pull that brought them.

An answer arrives with its file named (digest, name, size); the bytes come on this or a later
round, checked against the digest and size, kept under the station's blobs like scans (by
their SHA-256), and the answer row then says where (``file_path``). A file HQ does not give
(404) or that does not match stays to be fetched on a later round; HQ being away ends the
round as any other call would.
"""

from __future__ import annotations

import hashlib
import logging

from sqlalchemy import select

from counter_app.services.context import AppContext
from counter_app.services.files import blob_path, put_blob
from counter_app.store.models_pulled import ComplaintAnswerRow as Answer
from counter_app.sync.client import HqClient, HqRefused

PER_ROUND = 20  # a round's share: the answers' files are small and few
log = logging.getLogger(__name__)


def fetch_answer_files(ctx: AppContext, client: HqClient, *, limit: int = PER_ROUND) -> int:
    """Fetch up to ``limit`` answers' files not held yet; how many were kept."""
    with ctx.store.read() as session:
        wanted = session.execute(
            select(Answer.id, Answer.file_sha256, Answer.file_size)
            .where(
                Answer.file_sha256.is_not(None),
                Answer.file_path.is_(None),
            )
            .order_by(Answer.id)
            .limit(limit)
        ).all()
    kept = 0
    for row_id, sha256, size in wanted:
        if sha256 is None:
            continue
        try:
            data = client.answer_file(sha256)
        except HqRefused as exc:
            log.warning("an answer's file was not given by HQ (%s %s)", exc.status, exc.code)
            continue
        if hashlib.sha256(data).hexdigest() != sha256 or (size is not None and len(data) != size):
            log.warning("an answer's file from HQ does not match its digest or size")
            continue
        put_blob(ctx, data)  # under ``sha256``, checked above; sealed on an encrypted station
        path = blob_path(ctx.paths.data_dir, sha256)
        with ctx.store.write() as session:
            row = session.get(Answer, row_id)
            if row is not None and row.file_path is None:
                row.file_path = str(path.relative_to(ctx.paths.data_dir))
                kept += 1
    return kept
