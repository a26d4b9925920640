"""How long an old station database takes to upgrade, and to come back from a failed upgrade.

A station as the first release left it (schema 0001 and the rows its code wrote, made by
tests/fixtures/make_old_db.py with ``--requests`` requests: every status, checklists, outbox,
the audit chain) is opened by the current program (``open_database``: the verified pre-upgrade
backup, then every migration in one transaction), once plain and once encrypted (the same file
converted by ``store.encrypt.encrypt_file`` first, as `counter-app db encrypt` does: what later
upgrades start from). Each migration's time comes from store/migrate.py's ``applied`` hook.
Then the same upgrade made to fail at the last migration: the time from the failure to the
message (the rollback, the integrity check and the row-by-row comparison with the backup).

    .venv/bin/python bench/bench_upgrade.py --requests 30000
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
OUT = BENCH / "out"
_WORK = Path(tempfile.mkdtemp(prefix="upgrade-", dir=OUT if OUT.is_dir() else None))
os.environ["PYTHON_KEYRING_BACKEND"] = "keyrings.alt.file.PlaintextKeyring"
os.environ["XDG_DATA_HOME"] = str(_WORK / "keyring")
sys.path.insert(0, str(BENCH.parent))  # tests.fixtures

from tests.fixtures.make_old_db import build  # noqa: E402

from counter_app.domain.errors import StoreError  # noqa: E402
from counter_app.store import migrate  # noqa: E402
from counter_app.store.database import open_database  # noqa: E402
from counter_app.store.migrate import head_revision  # noqa: E402


def _upgrade(path: Path, fail_at: str | None = None) -> dict[str, float]:
    steps: dict[str, float] = {}
    failed: list[float] = []

    def applied(revision: str, seconds: float) -> None:
        steps[revision] = seconds
        if revision == fail_at:
            failed.append(time.monotonic())
            raise RuntimeError("made to fail")

    migrate.applied = applied
    started = time.monotonic()
    try:
        opened = open_database(path, backup_dir=path.parent / "backups")
        opened.store.dispose()
    except StoreError as exc:
        if not failed:
            raise
        print(f"    {type(exc).__name__}")
    total = time.monotonic() - started
    figures = {"total": total, "migrations": sum(steps.values())}
    figures.update({f"step {k}": v for k, v in steps.items()})
    if failed:
        figures["failure to message"] = time.monotonic() - failed[0]
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30000)
    args = parser.parse_args()
    from counter_app.store.encrypt import encrypt_file
    from counter_app.store.keys import store_new_key

    made = _WORK / "old.sqlite3"
    started = time.monotonic()
    build(made, requests=args.requests)
    size = made.stat().st_size / 2**20
    print(f"old database: {args.requests} requests, {size:.1f} MiB, built in "
          f"{time.monotonic() - started:.1f} s; upgraded to {head_revision()}")  # fmt: skip
    for encrypted in (False, True):
        for fail in (None, head_revision()):
            folder = _WORK / f"{'enc' if encrypted else 'plain'}-{'fail' if fail else 'ok'}"
            folder.mkdir()
            path = folder / "counter.sqlite3"
            shutil.copyfile(made, path)
            if encrypted:
                encrypt_file(path, store_new_key())
            figures = _upgrade(path, fail)
            slow = sorted((k for k in figures if k.startswith("step")), key=lambda k: -figures[k])
            shown = ["total", "migrations", "failure to message", *slow[:3]]
            words = ", ".join(f"{k} {figures[k]:.2f} s" for k in shown if k in figures)
            kind = "encrypted" if encrypted else "plain"
            print(
                f"  {kind}, {'made to fail at the last migration' if fail else 'upgrade'}: {words}"
            )
    shutil.rmtree(_WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
