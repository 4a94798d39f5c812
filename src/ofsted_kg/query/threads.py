"""Run a call in a worker thread kept for the next one, the calling thread waiting.

A local query runs in a worker thread so that Ctrl-C reaches the waiting caller
(:func:`ofsted_kg.query.timeout.answer_interruptibly`). A thread made for each query paid
3-7 ms a query on England's graph (450 reports) that the calling thread did not: glibc
gives a new thread a malloc arena of its own, whose freed memory is handed back to the
system between queries, so every query's working memory is paged in again
(``MALLOC_ARENA_MAX=1`` made the difference vanish, measured). So an idle worker is
reused, and a new one is started only when every worker is busy (callers in several
threads still run at once). Workers are daemon threads: one still running an abandoned
query does not hold up the interpreter's exit, and it goes back to the idle ones when its
call ends. A forked child starts with none (a worker is a thread of the parent).
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable
from typing import Any

_IDLE: list[_Worker] = []
_IDLE_LOCK = threading.Lock()


class _Worker:
    """A daemon thread that runs the calls put to it, one at a time."""

    def __init__(self) -> None:
        self.calls: queue.SimpleQueue = queue.SimpleQueue()
        threading.Thread(target=self._serve, daemon=True, name="ofsted-kg query").start()

    def _serve(self) -> None:
        while True:
            call, outcome, done = self.calls.get()
            try:
                outcome.append((True, call()))
            except BaseException as exc:  # handed to the waiting thread, which raises it
                outcome.append((False, exc))
            # Idle again before the caller hears: its next query finds this worker.
            with _IDLE_LOCK:
                _IDLE.append(self)
            done.set()
            del call, outcome, done  # hold nothing of the last call while idle


def run_interruptibly(call: Callable[[], Any]) -> Any:
    """``call()`` in a worker thread while this one waits (Ctrl-C is not held up): its
    value, or the exception it raised."""
    with _IDLE_LOCK:
        worker = _IDLE.pop() if _IDLE else None
    worker = worker or _Worker()
    outcome: list[tuple[bool, Any]] = []
    done = threading.Event()
    worker.calls.put((call, outcome, done))
    while not done.wait(0.1):
        pass
    ok, value = outcome[0]
    if not ok:
        raise value
    return value


def _forget_workers() -> None:
    """In a forked child: the parent's workers are not threads of this process."""
    global _IDLE_LOCK
    _IDLE_LOCK = threading.Lock()
    _IDLE.clear()


if hasattr(os, "register_at_fork"):  # POSIX
    os.register_at_fork(after_in_child=_forget_workers)
