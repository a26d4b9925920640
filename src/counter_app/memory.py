"""Giving memory back: the C allocator of a process that runs all day (the desktop window).

glibc serves a large request (128 KiB and up) with its own mapping and unmaps it when freed,
until the first such block is freed: then it raises that threshold to the block's size, so
later blocks of that size come from the heap instead, where freed memory stays with the
process. The counter's scan filing allocates and frees pages of a 200 dpi picture (about 4 MB
each) on its own thread, printing makes PDF buffers on the operation workers: after the first
scans every later page lands in some thread's heap, and what it leaves when freed is kept.
Measured by bench/bench_soak.py (a working day of intakes, prints, lookups and scans on the 1M
station): the allocator kept 9-46 MB freed but resident; with the threshold fixed, 7-14 MB.
The price: each page picture is a fresh mapping the kernel fills page by page, about 15 % more
CPU for the hot folder's filing (943 -> 1,090-1,123 ms per file of four requests, measured
alone; docs/BENCHMARKS.md, "Memory over a working day").

``give_back_large_blocks()`` fixes the threshold (no dynamic raise), so every large block is
mapped on its own and returned when freed. Elsewhere than glibc it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter number
LARGE_BLOCK = 256 * 1024  # blocks from this size are mapped apart and unmapped when freed


def give_back_large_blocks(threshold: int = LARGE_BLOCK) -> bool:
    """True when the allocator now maps every block of ``threshold`` bytes or more apart."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc (musl has no mallopt)
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(M_MMAP_THRESHOLD, threshold))
