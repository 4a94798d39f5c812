"""Children never outlive their parent, even one killed between the fork and the child's
request to die with it (a reader of a build SIGKILLed as it started stayed for ever)."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ofsted_kg.processes import die_with_parent, start_child

ROOT = Path(__file__).resolve().parents[1]


def _serve_after(parent: int) -> None:
    die_with_parent(parent)
    time.sleep(30)  # a worker waiting for work


def test_a_child_whose_parent_is_gone_before_it_asks_ends_at_once():
    context = multiprocessing.get_context("fork")
    gone = context.Process(target=_serve_after, args=(os.getpid() + 1,))  # not its parent
    gone.start()
    gone.join(5)
    assert gone.exitcode == 1


def test_a_child_whose_parent_lives_keeps_working():
    context = multiprocessing.get_context("fork")
    child = context.Process(target=_serve_after, args=(os.getpid(),))
    child.start()
    child.join(1.5)
    assert child.is_alive()
    child.kill()
    child.join()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_a_grandchild_ends_within_seconds_of_its_parent_being_killed():
    """A parent that forks a child and is then killed with SIGKILL: the child is gone."""
    program = (
        "import multiprocessing, os, sys, time\n"
        "from ofsted_kg.processes import die_with_parent\n"
        "def serve(parent):\n"
        "    die_with_parent(parent)\n"
        "    time.sleep(60)\n"
        "child = multiprocessing.get_context('fork').Process(target=serve, args=(os.getpid(),))\n"
        "child.start()\n"
        "print(child.pid, flush=True)\n"
        "time.sleep(60)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    parent = subprocess.Popen(
        [sys.executable, "-c", program], env=env, stdout=subprocess.PIPE, text=True
    )
    child = int(parent.stdout.readline())
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and _running(child):
        time.sleep(0.1)
    assert not _running(child)


def _running(pid: int) -> bool:
    stat = Path(f"/proc/{pid}/stat")
    try:
        return stat.read_text().split()[2] != "Z"
    except OSError:
        return False


_STARTING: list = []  # the child being started
_SEEN: list[bool] = []  # for each Ctrl-C handled: whether that child had been made


def _on_interrupt(signum, frame) -> None:
    _SEEN.append(_STARTING[0].pid is not None)


def _answer_after(parent: int, pipe) -> None:
    die_with_parent(parent)
    pipe.send(signal.getsignal(signal.SIGINT) is _on_interrupt)


def test_ctrl_c_during_a_child_start_waits_until_the_child_is_known():
    """A SIGINT sent in the middle of start() (here: at its first step, where multiprocessing
    begins making the child) is handled once start() has returned, with the child known to
    the caller; the child gets the caller's handler back."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    class Interrupted(context.Process):  # type: ignore[name-defined,misc]
        def start(self) -> None:
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.05)  # time for the signal to arrive, in this thread or another
            super().start()

    child = Interrupted(target=_answer_after, args=(os.getpid(), send), daemon=True)
    _STARTING[:], _SEEN[:] = [child], []
    previous = signal.signal(signal.SIGINT, _on_interrupt)
    try:
        start_child(child)
    finally:
        signal.signal(signal.SIGINT, previous)
    try:
        assert _SEEN == [True]  # handled once, after the child was made
        assert receive.poll(10) and receive.recv() is True  # the caller's handler again
    finally:
        child.kill()
        child.join()
