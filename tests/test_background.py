"""Background threads give way to the GUI thread: only the calling thread is lowered."""

from __future__ import annotations

import os
import sys
import threading

import pytest

from counter_app.background import lower_this_thread


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread nice is Linux's")
def test_only_the_calling_thread_is_lowered() -> None:
    seen: dict[str, int | bool] = {}

    def work() -> None:
        tid = threading.get_native_id()
        seen["before"] = os.getpriority(os.PRIO_PROCESS, tid)
        seen["lowered"] = lower_this_thread(5)
        seen["after"] = os.getpriority(os.PRIO_PROCESS, tid)

    main_before = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert seen["lowered"] is True
    assert seen["after"] == min(19, int(seen["before"]) + 5)
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == main_before
