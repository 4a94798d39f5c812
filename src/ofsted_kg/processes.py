"""Child processes that never outlive the process that started them.

A parent killed with SIGKILL cannot stop its children, so each child ends itself: on
Linux the kernel sends it SIGKILL when the parent dies (``prctl(PR_SET_PDEATHSIG)``), and
on every system a thread in the child ends it within :data:`PARENT_CHECK` seconds of
finding itself orphaned, including when the parent died before the child could ask (the
moment between the fork and the ``prctl``). Used by the build's readers
(:mod:`ofsted_kg.build.workers`) and a query's time-limited child
(:mod:`ofsted_kg.query.timeout`).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time

PARENT_CHECK = 0.5  # seconds between the child's looks at its parent
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with_parent(parent: int) -> None:
    """End this (forked) process when process ``parent`` ends, whatever kills it."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK)
        os._exit(1)  # orphaned: nobody is waiting for the answer

    threading.Thread(target=watch, daemon=True, name="watch parent").start()
    if os.getppid() != parent:  # the parent died before the watch began
        os._exit(1)


def cpu_count() -> int:
    """Cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1
