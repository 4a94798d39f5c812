"""Child processes that never outlive the process that started them.

A parent killed with SIGKILL cannot stop its children, so each child ends itself: on
Linux the kernel sends it SIGKILL when the parent dies (``prctl(PR_SET_PDEATHSIG)``), and
on every system a thread in the child ends it within :data:`PARENT_CHECK` seconds of
finding itself orphaned, including when the parent died before the child could ask (the
moment between the fork and the ``prctl``). Used by the build's readers
(:mod:`ofsted_kg.build.workers`) and a query's time-limited child
(:mod:`ofsted_kg.query.timeout`). :func:`start_child` starts them with Ctrl-C held for
the moment of the start.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time
from typing import Any

PARENT_CHECK = 0.5  # seconds between the child's looks at its parent
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with_parent(parent: int) -> None:
    """End this (forked) process when process ``parent`` ends, whatever kills it; and
    release Ctrl-C, which :func:`start_child` held when it forked this process."""
    handler = signal.getsignal(signal.SIGINT)
    if isinstance(handler, _HeldInterrupt):  # forked while start_child held Ctrl-C
        signal.signal(signal.SIGINT, handler.previous)
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


class _HeldInterrupt:
    """A SIGINT handler that notes the signal and lets it wait (:func:`start_child`)."""

    def __init__(self, previous: Any) -> None:
        self.previous, self.caught = previous, False

    def __call__(self, _signum: int, _frame: Any) -> None:
        self.caught = True


def start_child(process: Any) -> None:
    """``process.start()`` (a multiprocessing process) with Ctrl-C held until it returns.

    A Ctrl-C in the middle of ``start()`` interrupts multiprocessing while it makes the
    child's finaliser, which then prints "Exception ignored ... no attribute '_key'" as
    the interpreter exits: a second error line after ours. Held, the signal is raised
    again just after the start, when the caller's clean-up knows the child. (A handler,
    not a signal mask: Python runs handlers in the main thread whichever thread the
    signal reaches.) The child is forked with the holding handler and puts the caller's
    back in :func:`die_with_parent`."""
    previous = signal.getsignal(signal.SIGINT)
    if threading.current_thread() is not threading.main_thread() or previous is None:
        process.start()  # only the main thread sets handlers; None: not set from Python
        return
    held = _HeldInterrupt(previous)
    signal.signal(signal.SIGINT, held)
    try:
        process.start()
    finally:
        signal.signal(signal.SIGINT, previous)
    if held.caught:
        signal.raise_signal(signal.SIGINT)


def cpu_count() -> int:
    """Cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1
