"""The benchmark tools keep working: a small generated database is a valid station database
and the runner measures it (speed itself is judged in docs/BENCHMARKS.md, never here)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def test_generated_database_passes_db_check_and_is_measured(tmp_path: Path) -> None:
    out = tmp_path / "db"
    gen = _run("bench/generate.py", "--out", str(out), "--requests", "3000", "--check", cwd=ROOT)
    assert gen.returncode == 0, gen.stderr[-2000:]
    db = out / "counter.sqlite3"
    status = _run("-m", "counter_app", "--db", str(db), "status", "--json", cwd=ROOT)
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout)["requests"] == 3000
    bench = _run("bench/run.py", "--db", str(db), "--samples", "40", cwd=ROOT)
    assert bench.returncode == 0, bench.stderr[-2000:]
    assert "Intake save" in bench.stdout and "Name search" in bench.stdout


def test_rewriting_the_benchmarks_page_keeps_the_other_benchmarks_sections(
    tmp_path: Path,
) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    assert spec and spec.loader
    run = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = run  # its dataclasses look their module up
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        spec.loader.exec_module(run)
    finally:
        sys.path.remove(str(ROOT / "bench"))
    page = tmp_path / "BENCHMARKS.md"
    page.write_text(
        "# Benchmarks\n\n## Results (2026-01-01)\nold\n## Misses\nnone\n"
        "## Sync\nsync table\n## Where an intake save spends its time\nprofile\n"
        "## Archive scanning\nscan table\n## Machine\ncpu\n",
        "utf-8",
    )
    assert run.other_sections(page) == "## Sync\nsync table\n## Archive scanning\nscan table"
    assert run.other_sections(tmp_path / "missing.md") == ""
