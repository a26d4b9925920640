"""bench/bench_scanning.py keeps working (its figures are judged in docs/BENCHMARKS.md)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_scanning_benchmark_runs_small() -> None:
    args = ["--covers", "3", "--hard-covers", "2", "--stacks", "1", "--requests", "2"]
    done = subprocess.run(
        [sys.executable, "bench/bench_scanning.py", *args, "--pages-per-request", "1"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.startswith("## Archive scanning")
    assert "| Pages filed under a wrong request | 0 of " in done.stdout
