"""The cost of sealing the station's files (issue 17.4): a typical scan written and read
sealed (store/filecrypt.py, AES-256-GCM in 1 MiB chunks) against the same scan plain.

The scans: a 10-page stack as a network scanner writes it (``tests/scanning/scanstack.py``:
printed pages at 200 dpi grey with scanner noise, one JPEG per page, one PDF) and 2 MB of
random bytes (a typical scan's size; the cipher's cost does not depend on the content). In the
same process and run, in pairs whose order is drawn at random, each call timed by wall clock
and by this thread's CPU clock:

- *read*: what ``services.files.read_blob`` does: the file read, opened if sealed, its SHA-256
  checked against its name (the page cache is warm: the disk is the same for both);
- *write*: what ``put_blob`` does for a new scan: sealed or not, written through a temporary
  file, fsynced, renamed (``store.blob_files.store_blob``);
- *seal* and *open* alone, in memory: the cipher's share.

    .venv/bin/python bench/bench_file_encryption.py [--samples 40] [--sizes 0 2000000]
                                                    [--write-docs]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import random
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docs_section import put_section  # bench/, beside this script
from measure import Sample, load_average, load_text, pct, timed

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
DOCS = ROOT / "docs" / "BENCHMARKS.md"
SECTION = "## Scans encrypted at rest (issue 17)"
AFTER = "## Archive scanning"
KEY = hashlib.sha256(b"bench file key").digest()


def typical_scan(size: int) -> bytes:
    if size:
        return random.Random(size).randbytes(size)
    from tests.scanning.scanstack import StackMaker

    return StackMaker(seed=4).stack([(None, 10)]).pdf


def measure(
    pairs: dict[str, tuple[Callable[[], object], Callable[[], object]]], samples: int
) -> dict[str, dict[str, list[Sample]]]:
    """Each operation's plain and sealed form, in pairs of random order after a warm-up."""
    rng = random.Random(1)
    found: dict[str, dict[str, list[Sample]]] = {}
    for name, (plain, sealed) in pairs.items():
        plain(), sealed()
        found[name] = {"plain": [], "sealed": []}
        for _ in range(samples):
            order = [("plain", plain), ("sealed", sealed)]
            rng.shuffle(order)
            for label, fn in order:
                found[name][label].append(timed(fn)[1])
    return found


def ms(values: list[int], q: float) -> float:
    return pct([v / 1e6 for v in values], q)


def summary(found: dict[str, dict[str, list[Sample]]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, forms in found.items():
        row: dict[str, Any] = {}
        for label, got in forms.items():
            row[label] = {
                "wall_p50": ms([s.wall_ns for s in got], 0.5),
                "wall_p95": ms([s.wall_ns for s in got], 0.95),
                "cpu_p50": ms([s.cpu_ns for s in got], 0.5),
                "cpu_p95": ms([s.cpu_ns for s in got], 0.95),
            }
        out[name] = row
    return out


def run(samples: int, size: int) -> dict[str, Any]:
    from counter_app.services.files import decode
    from counter_app.store.blob_files import blob_path, store_blob
    from counter_app.store.filecrypt import open_sealed, seal

    data = typical_scan(size)
    sha = hashlib.sha256(data).hexdigest()
    work = Path(tempfile.mkdtemp(prefix="files-", dir=ROOT / "bench" / "out"))
    plain_dir, sealed_dir = work / "plain", work / "sealed"
    store_blob(plain_dir, data)
    store_blob(sealed_dir, data, KEY)
    plain_path, sealed_path = blob_path(plain_dir, sha), blob_path(sealed_dir, sha)
    sealed_bytes = sealed_path.read_bytes()
    write_plain, write_sealed = work / "w-plain", work / "w-sealed"

    def write(folder: Path, key: bytes | None) -> None:
        blob_path(folder, sha).unlink(missing_ok=True)  # a new scan each time
        store_blob(folder, data, key)

    before = load_average()
    found = measure(
        {
            "read": (
                lambda: decode(plain_path.read_bytes(), None, sha),
                lambda: decode(sealed_path.read_bytes(), KEY, sha),
            ),
            "write": (lambda: write(write_plain, None), lambda: write(write_sealed, KEY)),
            "cipher": (lambda: seal(data, KEY, sha), lambda: open_sealed(sealed_bytes, KEY, sha)),
        },
        samples,
    )
    after = load_average()
    for folder in (plain_dir, sealed_dir, write_plain, write_sealed):
        for path in folder.rglob("*"):
            if path.is_file():
                path.unlink()
    return {
        "bytes": len(data),
        "sealed_bytes": len(sealed_bytes),
        "kind": "Random bytes (a scan's size)" if size else "A 10-page scanned stack (PDF)",
        "samples": samples,
        "load": load_text(before, after),
        "results": summary(found),
        "python": platform.python_version(),
    }


def _cell(row: dict[str, Any], key: str) -> str:
    return f"{row[key]:.2f}"


def table(found: dict[str, Any]) -> list[str]:
    r = found["results"]
    mib = found["bytes"] / 2**20
    lines = [
        f"**{found['kind']}**, {found['bytes']:,} bytes ({mib:.2f} MiB; sealed "
        f"+{found['sealed_bytes'] - found['bytes']} bytes); load average {found['load']}:",
        "",
        "| Operation | plain wall | sealed wall | plain CPU | sealed CPU "
        "| sealed/plain wall, CPU |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    names = {
        "read": "Read (read_blob: read, opened if sealed, SHA-256 checked)",
        "write": "Keep a new scan (put_blob: written, fsynced, renamed)",
        "cipher": "Seal (plain column) / open (sealed column), in memory",
    }
    for name, label in names.items():
        p, s = r[name]["plain"], r[name]["sealed"]
        ratios = (
            ""
            if name == "cipher"
            else f"{s['wall_p50'] / p['wall_p50']:.2f}x, {s['cpu_p50'] / p['cpu_p50']:.2f}x"
        )
        lines.append(
            f"| {label} | {_cell(p, 'wall_p50')} / {_cell(p, 'wall_p95')} | "
            f"{_cell(s, 'wall_p50')} / {_cell(s, 'wall_p95')} | "
            f"{_cell(p, 'cpu_p50')} / {_cell(p, 'cpu_p95')} | "
            f"{_cell(s, 'cpu_p50')} / {_cell(s, 'cpu_p95')} | {ratios} |"
        )
    opened = r["cipher"]["sealed"]["cpu_p50"]
    lines += ["", f"Opening alone: about {mib / (opened / 1000):.0f} MiB per CPU-second.", ""]
    return lines


def docs(runs: list[dict[str, Any]]) -> str:
    import cryptography

    first = runs[0]
    lines = [
        SECTION,
        "",
        f"Measured by `bench/bench_file_encryption.py` (Python {first['python']}, cryptography "
        f"{cryptography.__version__}, AES-256-GCM in 1 MiB chunks; {os.cpu_count()} CPUs "
        "shared with other work). Milliseconds, median / 95th percentile of "
        f"{first['samples']} calls each, plain and sealed interleaved in random order in the "
        "same run; wall clock and this thread's CPU time.",
        "",
    ]
    for found in runs:
        lines += table(found)
    lines += [
        "The thread CPU time is the cost; the wall time also holds the waits of a loaded "
        "machine and, for the write, the fsync both forms pay. A scan's pages are drawn "
        "(rendered, tens of milliseconds a page) far slower than they are opened. No target "
        "was set for files; the database's (the intake save) is in *Encryption at rest*.",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--samples", type=int, default=40)
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[0, 2_000_000],
        help="0: the 10-page stack; any other: random bytes of that size",
    )
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    text = docs([run(args.samples, size) for size in args.sizes])
    print(text)
    if args.write_docs:
        put_section(DOCS, text, after=AFTER)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
