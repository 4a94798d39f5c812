"""Read and parse files in worker processes, each file within a time and memory limit.

A PDF can be built to inflate to gigabytes or to keep its reader busy for ever, and
PDFium cannot be interrupted from Python. So every file is read in a worker process that
the build can kill: a file that takes longer than :data:`FILE_SECONDS`, or makes its
worker exceed :data:`WORKER_MEMORY` of address space, or crashes it, is refused with a
reason naming it, the worker is replaced, and the other files go on. Workers die with
the build, even one killed the moment it started them
(:func:`ofsted_kg.processes.die_with_parent`), and ignore Ctrl-C, which the build handles
(no traceback per worker).
"""

from __future__ import annotations

import contextlib
import faulthandler
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

from ofsted_kg.processes import die_with_parent, start_child

FILE_SECONDS = 120.0  # a real report takes well under a second
# Tasks sent to a worker ahead of its answers: the next file is waiting in its pipe while
# this process takes in (and caches) the last one, so a worker never idles on it.
IN_FLIGHT = 2
WORKER_MEMORY = 3 * 1024**3  # address space of a worker: real reports need a few hundred MB


def _limit_memory(limit: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: no address-space limit, the time limit still holds
        return
    with contextlib.suppress(ValueError, OSError):
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (limit if hard < 0 else min(limit, hard), hard))


def _serve(
    tasks: Connection, results: Connection, func: Callable, memory: int, parent: int
) -> None:
    """A worker's loop: run ``func`` on each task until the pipe closes."""
    die_with_parent(parent)
    faulthandler.disable()  # a reader killed at its limit is expected: no dump for it
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _limit_memory(memory)
    while True:
        try:
            index, args = tasks.recv()
        except (EOFError, OSError):
            return
        try:
            results.send((index, "ok", func(*args)))
        except MemoryError:
            results.send((index, "memory", None))


@dataclass
class _Worker:
    process: Any
    tasks: Connection
    results: Connection
    sent: deque[int] = field(default_factory=deque)  # its tasks, in the order it runs them
    deadline: float = 0.0  # for the first of them


@dataclass(frozen=True)
class Failure:
    """A task whose worker was stopped: ``reason`` says why, in words."""

    reason: str


class WorkerPool:
    """``jobs`` worker processes running ``func``; see the module docstring."""

    def __init__(
        self,
        func: Callable,
        jobs: int,
        seconds: float | None = None,
        memory: int | None = None,
    ) -> None:
        methods = multiprocessing.get_all_start_methods()
        self.context: Any = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self.func, self.jobs = func, max(1, jobs)
        self.seconds = seconds or FILE_SECONDS
        self.memory = memory or WORKER_MEMORY
        self.workers: list[_Worker] = []

    def _start(self) -> _Worker:
        task_read, task_write = self.context.Pipe(duplex=False)
        result_read, result_write = self.context.Pipe(duplex=False)
        process = self.context.Process(
            target=_serve,
            args=(task_read, result_write, self.func, self.memory, os.getpid()),
            daemon=True,
            name="ofsted-kg reader",
        )
        start_child(process)
        task_read.close()
        result_write.close()
        return _Worker(process, task_write, result_read)

    def _stop(self, worker: _Worker) -> None:
        with contextlib.suppress(OSError):
            worker.tasks.close()
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        worker.results.close()

    def map(
        self, tasks: Sequence[tuple], while_waiting: Callable[[], None] | None = None
    ) -> Iterator[tuple[int, Any]]:
        """``(index, result)`` for every task as it finishes; ``result`` is a
        :class:`Failure` when the worker had to be stopped. ``while_waiting`` is called
        once the first tasks are sent: this process's own work, done as the workers run.
        A worker has up to :data:`IN_FLIGHT` tasks; the time limit runs from the moment
        it starts each one (its previous answer)."""
        pending = list(range(len(tasks)))
        pending.reverse()
        try:
            self.workers = [self._start() for _ in range(min(self.jobs, len(tasks)))]
            while True:
                for worker in self.workers:
                    while len(worker.sent) < IN_FLIGHT and pending:
                        if not worker.sent:
                            worker.deadline = time.monotonic() + self.seconds
                        index = pending.pop()
                        worker.sent.append(index)
                        worker.tasks.send((index, tasks[index]))
                if while_waiting is not None:
                    call, while_waiting = while_waiting, None
                    call()
                active = [w for w in self.workers if w.sent]
                if not active:
                    return
                soonest = min(w.deadline for w in active) - time.monotonic()
                ready = wait([w.results for w in active], timeout=max(0.0, soonest))
                for worker in active:
                    done = self._collect(worker, ready, pending)
                    if done is not None:
                        yield done
        finally:
            for worker in self.workers:
                self._stop(worker)
            self.workers = []

    def _collect(self, worker: _Worker, ready: list, pending: list[int]) -> tuple[int, Any] | None:
        """The task ``worker`` finished, if any. A stopped worker is replaced, its first
        task failed and the others given back to ``pending``."""
        if worker.results in ready:
            try:
                got, status, value = worker.results.recv()
            except (EOFError, OSError):
                worker.process.join()
                code = worker.process.exitcode
                return self._replace(worker, pending, _crash_reason(code, self.memory))
            if status == "memory":
                return self._replace(worker, pending, _memory_reason(self.memory))
            worker.sent.popleft()
            worker.deadline = time.monotonic() + self.seconds
            return got, value
        if time.monotonic() >= worker.deadline:
            return self._replace(
                worker, pending, f"reading it took longer than {self.seconds:g} s; stopped"
            )
        return None

    def _replace(self, worker: _Worker, pending: list[int], reason: str) -> tuple[int, Failure]:
        self._stop(worker)
        failed = worker.sent.popleft()
        pending.extend(reversed(worker.sent))  # sent but not started: next to go
        self.workers[self.workers.index(worker)] = self._start()
        return failed, Failure(reason)


def _memory_reason(limit: int) -> str:
    return f"reading it needed more than {limit / 1024**3:.2g} GB of memory; stopped"


def _crash_reason(code: int | None, limit: int) -> str:
    """Why a worker ended without an answer. PDFium aborts (SIGABRT) when an allocation
    fails under the address-space limit; the kernel's OOM killer sends SIGKILL."""
    if code is not None and code < 0:
        name = signal.Signals(-code).name
        if -code in (signal.SIGABRT, signal.SIGKILL, signal.SIGSEGV):
            return (
                f"its reader ran out of memory or crashed ({name}; the memory limit is "
                f"{limit / 1024**3:.2g} GB); stopped"
            )
        return f"its reader was stopped by {name}; stopped"
    return f"its reader crashed (exit code {code}); stopped"
