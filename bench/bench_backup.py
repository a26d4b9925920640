"""The rolling daily backup of a large station database, as the nightly job runs it.

Times `counter-app db backup --daily` (the documented launcher, a new process each run, the
command the systemd timer's `sync --nightly` and the desktop's watcher reach through
store/rolling_backups.py) on the generated database (bench/generate.py, 1M requests by
default), plain and encrypted (SQLCipher, a copy converted once before timing), against a
baseline measured in the same run: copying the same file with fsync (what any backup must at
least do). Reports wall time, the child's CPU time (user + system) and the load average.

    PYTHONPATH=src .venv/bin/python bench/bench_backup.py \
        --db bench/out/db-1000000-seed1/counter.sqlite3
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAUNCHER = ROOT / ".venv" / "bin" / "counter-app"


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _copy_baseline(db: Path, target: Path) -> dict[str, float]:
    started, cpu = time.perf_counter(), time.process_time()
    with db.open("rb") as src, target.open("wb") as dst:
        shutil.copyfileobj(src, dst, 4 * 1024 * 1024)
        dst.flush()
        os.fsync(dst.fileno())
    result = {"wall_s": time.perf_counter() - started, "cpu_s": time.process_time() - cpu}
    target.unlink()
    return result


def _backup(db: Path, home: Path, out: Path) -> dict[str, float]:
    env = {**os.environ, "COUNTER_APP_HOME": str(home), "COUNTER_APP_LANG": "en"}
    shutil.rmtree(out, ignore_errors=True)
    before = _child_cpu()
    started = time.perf_counter()
    done = subprocess.run(
        [str(LAUNCHER), "--db", str(db), "db", "backup", "--daily", "--to", str(out)],
        env=env,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - started
    if done.returncode != 0 or "Daily backup written" not in done.stdout:
        raise SystemExit(f"backup failed: {done.stdout}{done.stderr}")
    made = next(out.glob("counter-daily-*.sqlite3"))
    size = made.stat().st_size
    shutil.rmtree(out)
    return {"wall_s": wall, "cpu_s": _child_cpu() - before, "size_gb": size / 1e9}


def _encrypted_copy(db: Path, folder: Path) -> Path:
    """A SQLCipher copy of ``db`` with its key in the credential store (made once, untimed)."""
    from counter_app.store import sqlite_driver
    from counter_app.store.keys import store_new_key, write_key_id
    from counter_app.store.sqlite_driver import key_literal

    target = folder / "counter.sqlite3"
    if target.exists():
        return target
    folder.mkdir(parents=True, exist_ok=True)
    key = store_new_key()
    conn = sqlite_driver.connect(db, key=None, isolation_level=None)
    try:
        literal = key_literal(key.secret)
        conn.execute(f"ATTACH DATABASE '{target}' AS enc KEY {literal}")
        conn.execute("SELECT sqlcipher_export('enc')")
        conn.execute("DETACH DATABASE enc")
    finally:
        conn.close()
    write_key_id(target, key.key_id)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "out" / "backup-bench")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    args.work.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("XDG_DATA_HOME", str(args.work / "keyring"))
    home = Path(tempfile.mkdtemp(prefix="home-", dir=args.work))
    encrypted = _encrypted_copy(args.db, args.work / "encrypted-db")
    rows: dict[str, list[dict[str, float]]] = {"copy": [], "plain": [], "encrypted": []}
    for _ in range(args.rounds):  # interleaved, so a busy moment hurts all three alike
        rows["copy"].append(_copy_baseline(args.db, args.work / "copy.tmp"))
        rows["plain"].append(_backup(args.db, home, args.work / "out-plain"))
        rows["encrypted"].append(_backup(encrypted, home, args.work / "out-enc"))
    best = {k: min(v, key=lambda r: r["wall_s"]) for k, v in rows.items()}
    report = {
        "db": str(args.db),
        "db_gb": args.db.stat().st_size / 1e9,
        "rounds": rows,
        "best": best,
        "ratio_plain_to_copy": best["plain"]["wall_s"] / best["copy"]["wall_s"],
        "ratio_encrypted_to_plain": best["encrypted"]["wall_s"] / best["plain"]["wall_s"],
        "loadavg": os.getloadavg(),
        "cpus": os.cpu_count(),
    }
    text = json.dumps(report, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
