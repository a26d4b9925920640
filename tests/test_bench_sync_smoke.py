"""The sync benchmark keeps working: at tiny sizes it starts HQ and the floor server, measures
every figure and writes its section of BENCHMARKS.md in place (speed itself is judged in
docs/BENCHMARKS.md, never here). Needs PostgreSQL like the HQ tests: missing, it fails in CI
(``CI`` set) and is skipped elsewhere."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[1]
PG_DSN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=3"

DOC = """# Benchmarks

## Printing

printing text

## Desktop

desktop text

## Where an intake save spends its time

profile text
"""


@pytest.fixture
def postgres() -> None:
    try:
        psycopg.connect(PG_DSN).close()
    except psycopg.OperationalError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI and unreachable: {exc}")
        pytest.skip(f"PostgreSQL unreachable at 127.0.0.1:5432: {exc}")


def _bench(tmp_path: Path, docs: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    args = [
        *("--requests", "150", "--catchup-requests", "12", "--catchup-mb", "1"),
        *("--blob-mb", "1", "--scan-kb", "128", "--large-scan-kb", "256"),
        *("--check-requests", "200", "--enrollments", "3"),
        *("--workdir", str(tmp_path), "--out", str(tmp_path / "out")),
        *("--write-docs", "--docs", str(docs)),
    ]
    return subprocess.run(
        [sys.executable, "bench/bench_sync.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_sync_benchmark_measures_every_figure_and_writes_its_section(
    postgres: None, tmp_path: Path
) -> None:
    docs = tmp_path / "BENCHMARKS.md"
    docs.write_text(DOC, "utf-8")
    run = _bench(tmp_path, docs)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "## Sync" in run.stdout and "| Figure | app | floor |" in run.stdout
    for figure in ("Push, outbox", "HQ ingest of a batch", "Blob upload", "Catch-up after 7"):
        assert figure in run.stdout

    [raw] = (tmp_path / "out").glob("sync-*.json")
    res = json.loads(raw.read_text("utf-8"))
    assert res["push"]["outbox_after"] == {"sent": 150}
    assert res["push"]["app_rate"] > 0 and res["push"]["floor_rate"] > 0
    assert res["blobs"]["app_mb_s"] > 0 and res["blobs"]["floor_mb_s"] > 0
    assert res["blobs_large"]["files"] == 4 and res["blobs_large"]["file_bytes"] == 256 * 1024
    assert res["catchup"]["outbox_after"] == {"sent": 24}  # 12 requests + 12 scans
    assert res["catchup"]["scans"] == 12 and res["catchup"]["app_seconds"] > 0
    # two blob figures (small scans, multi-page PDFs), HQ's per-station checks, enrollment
    assert len(res["verdicts"]) == 7
    assert res["checks"]["batches"] == 2 and len(res["checks"]["check_ms"]) == 2
    assert res["enroll"]["stations"] == 3 and res["enroll"]["ms_p95"] > 0
    # over TLS, with CPU time and load beside the wall times
    assert "over TLS on loopback" in run.stdout and "counter thread" in run.stdout
    assert res["push"]["app_cpu_s"]["server"] > 0

    text = docs.read_text("utf-8")
    # after "## Desktop", before the next section; nothing else touched
    assert text.index("## Desktop") < text.index("## Sync") < text.index("## Where an intake")
    assert text.replace(text[text.index("## Sync") : text.index("## Where an intake")], "") == DOC
    assert not list(tmp_path.glob("bench-sync-*"))  # the working folder is removed
