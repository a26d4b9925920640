"""The desktop's allocator setting: large blocks are mapped apart (and given back when freed)
even after a larger block was freed, which makes glibc keep such blocks in its heaps."""

from __future__ import annotations

import ctypes
import sys

import pytest

from counter_app.memory import give_back_large_blocks

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc only")


class _MallInfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost",
        )
    ]


def _libc() -> ctypes.CDLL:
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallinfo2.restype = _MallInfo2
    except (OSError, AttributeError):
        pytest.skip("not glibc 2.33 or later")
    libc.malloc.restype = ctypes.c_void_p
    libc.malloc.argtypes = [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    return libc


def test_a_large_block_is_mapped_apart_after_a_larger_one_was_freed() -> None:
    libc = _libc()
    # A scan page's picture: freeing it makes glibc raise its threshold to its size, so a
    # block of 1 MiB would come from the heap (and stay there when freed) from then on.
    libc.free(libc.malloc(8 * 1024 * 1024))
    assert give_back_large_blocks()
    before = libc.mallinfo2().hblks
    block = libc.malloc(1024 * 1024)
    try:
        assert libc.mallinfo2().hblks == before + 1  # mapped on its own
    finally:
        libc.free(block)
    assert libc.mallinfo2().hblks == before  # and unmapped: given back at once
