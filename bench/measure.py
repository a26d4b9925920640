"""What every benchmark reports beside wall time: the CPU the work itself used, and the load.

Wall time on a shared 2-core machine measures the neighbours as much as the code. Thread CPU
time (``time.thread_time_ns``) counts only what the measuring thread ran, so a figure cannot be
hidden by a quiet machine or faked by a busy one; a child process's CPU comes from the kernel's
accounting of that process (``os.wait4``). The load average, sampled at the start and the end of
each benchmark, says how busy the machine was while the wall times were taken.
"""

from __future__ import annotations

import math
import os
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")


def load_average() -> tuple[float, float, float]:
    return os.getloadavg()


def load_text(before: Sequence[float], after: Sequence[float]) -> str:
    """``0.42 → 1.10`` (1-minute load average at the start and at the end)."""
    return f"{before[0]:.2f} → {after[0]:.2f}"


@dataclass(frozen=True)
class Sample:
    wall_ns: int
    cpu_ns: int


def timed(fn: Callable[[], T]) -> tuple[T, Sample]:
    """Run ``fn`` once; its wall time and the CPU time of this thread while it ran."""
    c0 = time.thread_time_ns()
    w0 = time.perf_counter_ns()
    value = fn()
    w1 = time.perf_counter_ns()
    c1 = time.thread_time_ns()
    return value, Sample(w1 - w0, c1 - c0)


def pct(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..1) of unsorted values."""
    xs = sorted(values)
    if not xs:
        return float("nan")
    return xs[min(len(xs) - 1, max(0, math.ceil(q * len(xs)) - 1))]


@dataclass
class Series:
    """Samples of one operation: wall and thread-CPU percentiles in milliseconds."""

    samples: list[Sample] = field(default_factory=list)

    def add(self, sample: Sample) -> None:
        self.samples.append(sample)

    def stats(self) -> dict[str, float]:
        wall = [s.wall_ns / 1e6 for s in self.samples]
        cpu = [s.cpu_ns / 1e6 for s in self.samples]
        return {
            "n": float(len(self.samples)),
            "wall_p50": pct(wall, 0.50),
            "wall_p95": pct(wall, 0.95),
            "wall_p99": pct(wall, 0.99),
            "wall_max": max(wall) if wall else float("nan"),
            "cpu_p50": pct(cpu, 0.50),
            "cpu_p95": pct(cpu, 0.95),
            "cpu_p99": pct(cpu, 0.99),
            "cpu_max": max(cpu) if cpu else float("nan"),
        }


@dataclass(frozen=True)
class ChildRun:
    """A child process timed from spawn: wall until ``marker`` was printed, and its CPU."""

    wall_ms: float
    cpu_ms: float  # user + system of the child, all its threads, until it exited
    line: str  # the marker line (it may carry the child's own figures)


def spawn_until(
    cmd: Sequence[str], marker: str, *, env: dict[str, str] | None = None, timeout: float = 60
) -> ChildRun:
    """Spawn ``cmd``; wall time from just before spawn to the first stdout line starting with
    ``marker``; CPU time of the whole child (rusage via wait4), which should exit soon after."""
    start = time.perf_counter()
    proc = subprocess.Popen(list(cmd), stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None
    seen: str | None = None
    wall = 0.0
    for line in proc.stdout:
        if seen is None and line.startswith(marker):
            wall = (time.perf_counter() - start) * 1000
            seen = line.strip()
    status, usage = wait_exit(proc, timeout)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if seen is None:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode} without printing {marker!r}")
    return ChildRun(wall, (usage.ru_utime + usage.ru_stime) * 1000, seen)


def wait_exit(proc: subprocess.Popen[str], timeout: float) -> tuple[int, Any]:
    """Reap ``proc`` (killed after ``timeout`` s): its wait status and its rusage (all its
    threads' CPU), which ``Popen.wait`` does not give."""
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            return status, usage
        if time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(f"{proc.args!r} did not exit")
        time.sleep(0.002)


def machine_line() -> dict[str, Any]:
    return {"cpus": os.cpu_count(), "load": load_average()}
