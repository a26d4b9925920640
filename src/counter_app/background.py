"""Background threads that share the process with the desktop window (sync, hot-folder filing)
and must not take the GUI thread's turn.

A counter PC has two cores, and the window, the sync worker and the hot folder are threads of
one Python process. Two things decide how late the GUI thread gets to run:

- the CPU: when both cores are busy (the filing's picture work, other programs), the kernel
  shares them by priority. ``lower_this_thread()`` makes a background thread give way to the
  GUI thread (and to the clerk's other programs) whenever they want to run; it still gets
  every idle cycle, so its throughput on a quiet machine does not change;
- the GIL: a thread running Python holds it until it blocks or the switch interval (CPython's
  default 5 ms) makes it hand over. ``ui.operations`` shortens the interval for the GUI's
  process (see ``GUI_SWITCH_INTERVAL`` there).
"""

from __future__ import annotations

import logging
import os
import sys
import threading

log = logging.getLogger(__name__)

# Unix niceness added to a background thread. Measured (bench/bench_ui.py: lookup search as
# you type on 1M requests, sync pushing a backlog and the hot folder filing all along, two CPU
# burners, load 7-8): the GUI's longest stall 566 ms with the workers at normal priority,
# 283 ms at +10, the hot folder's CPU during late beats 1.7 s -> 0.5 s. The switch interval
# alone (1 ms instead of 5) did not move it on a saturated machine: there the GUI thread waits
# for a core, not for the GIL.
BACKGROUND_NICE = 10
_THREAD_PRIORITY_BELOW_NORMAL = -1  # Windows SetThreadPriority


def lower_this_thread(nice: int = BACKGROUND_NICE) -> bool:
    """Lower the calling thread's scheduling priority (only this thread: on Linux a thread has
    its own nice value, threads it starts inherit it; on Windows, below normal). False when the
    system has no per-thread priority or refused; the thread then runs as before."""
    try:
        if sys.platform == "win32":
            import ctypes

            kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]
            handle = kernel32.GetCurrentThread()
            return bool(kernel32.SetThreadPriority(handle, _THREAD_PRIORITY_BELOW_NORMAL))
        if sys.platform.startswith("linux"):
            tid = threading.get_native_id()
            current = os.getpriority(os.PRIO_PROCESS, tid)
            os.setpriority(os.PRIO_PROCESS, tid, min(19, current + nice))
            return True
    except (OSError, AttributeError) as exc:  # never a reason not to sync or file
        log.warning("could not lower the priority of %s: %s", threading.current_thread().name, exc)
    return False
