"""Writing an export so that it appears whole or not at all."""

from __future__ import annotations

from pathlib import Path

from counter_app.domain.errors import N_, ValidationError
from counter_protocol.durable import write_durably


def write_whole(out: Path, data: bytes) -> None:
    """``data`` into ``out`` through a temporary file in the same folder, renamed into place
    (write_durably removes the temporary file when anything fails). Any failure of the
    file system (full disk, permissions changed meanwhile, a read-only mount) is the same
    translated error as a folder refused up front; the old file, if any, is left as it was."""
    try:
        write_durably(out, data)
    except OSError as exc:
        raise ValidationError(
            N_("Cannot write {path}: {detail}"),
            field="out",
            path=str(out),
            detail=exc.strerror or type(exc).__name__,
        ) from exc
