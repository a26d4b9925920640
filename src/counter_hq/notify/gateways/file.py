"""A gateway for development: each message one JSON line appended to a file, fsynced.

Nothing is delivered; a developer (or a test) reads the file. A message resent after a crash
appears again with the same ``ref``, as a real gateway would see it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from pathlib import Path

from counter_hq.notify.gateways import GatewayError


class FileGateway:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()  # the sender's workers append whole lines, one at a time

    def send(self, *, to: str, text: str, ref: str) -> str | None:
        line = json.dumps(
            {"to": to, "text": text, "ref": ref, "at": dt.datetime.now(dt.UTC).isoformat()},
            ensure_ascii=False,
        )
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._lock:
                fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
                try:
                    os.write(fd, (line + "\n").encode("utf-8"))
                    os.fsync(fd)
                finally:
                    os.close(fd)
        except OSError as exc:  # a full disk passes; try again later
            raise GatewayError(
                f"cannot write {self.path.name}: {exc.strerror}", retryable=True
            ) from None
        return ref

    def close(self) -> None:
        return None
