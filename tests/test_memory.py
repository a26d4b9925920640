"""The desktop's allocator setting: large blocks are mapped apart (and given back when freed)
even after a larger block was freed, which makes glibc keep such blocks in its heaps."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc only")


_CHECK = """
import ctypes, sys
from counter_app.memory import give_back_large_blocks

class MallInfo2(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
        "fordblks", "keepcost")]

try:
    libc = ctypes.CDLL("libc.so.6")
    libc.mallinfo2.restype = MallInfo2
except (OSError, AttributeError):
    sys.exit(77)  # not glibc 2.33 or later
libc.malloc.restype = ctypes.c_void_p
libc.malloc.argtypes = [ctypes.c_size_t]
libc.free.argtypes = [ctypes.c_void_p]
# A scan page's picture: freeing it makes glibc raise its threshold to its size, so a block of
# 1 MiB would come from the heap (and stay there when freed) from then on.
libc.free(libc.malloc(8 * 1024 * 1024))
assert give_back_large_blocks()
before = libc.mallinfo2().hblks
block = libc.malloc(1024 * 1024)
mapped = libc.mallinfo2().hblks
libc.free(block)
after = libc.mallinfo2().hblks
print(before, mapped, after)
"""


def test_a_large_block_is_mapped_apart_after_a_larger_one_was_freed() -> None:
    # In a new process: a long test session leaves free chunks of a megabyte in the heap, and
    # glibc serves a request from those before it maps anything, whatever the threshold.
    done = subprocess.run(
        [sys.executable, "-c", _CHECK], capture_output=True, text=True, timeout=60, check=False
    )
    if done.returncode == 77:
        pytest.skip("not glibc 2.33 or later")
    assert done.returncode == 0, done.stderr
    before, mapped, after = (int(x) for x in done.stdout.split())
    assert mapped == before + 1  # mapped on its own
    assert after == before  # and unmapped: given back at once
