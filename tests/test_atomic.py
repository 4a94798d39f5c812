"""No lost data: atomic outputs survive SIGKILL; concurrent builds take turns."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time

import pytest

from conftest import REPORTS, ROOT
from ofsted_kg.atomic import atomic_write_many, build_lock, remove_stale_temps
from ofsted_kg.store import load_graph


def _build_cmd(out):
    return [sys.executable, "-m", "ofsted_kg.cli", "build", str(REPORTS), "-o", str(out)]


def test_sigkill_at_random_points_leaves_the_previous_graph_intact(tmp_path):
    out = tmp_path / "graphs"
    shutil.copytree(ROOT / "graphs", out)
    # Make the previous graph different from what a build writes, to tell them apart.
    previous = (out / "ofsted.ttl").read_bytes() + b"\n# previous build\n"
    (out / "ofsted.ttl").write_bytes(previous)
    fresh = (ROOT / "graphs" / "ofsted.ttl").read_bytes()
    rng = random.Random(20261124)
    outcomes = set()
    for _ in range(6):
        process = subprocess.Popen(
            _build_cmd(out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT
        )
        time.sleep(rng.uniform(0.2, 6.0))
        process.send_signal(signal.SIGKILL)
        process.wait()
        current = (out / "ofsted.ttl").read_bytes()
        assert current in (previous, fresh)
        outcomes.add("previous" if current == previous else "fresh")
        assert len(load_graph(out / "ofsted.ttl")) > 6000
        load_graph(out / "ofsted.jsonld")
    # A later build cleans up the temporary files the killed ones left behind.
    remove_stale_temps(out)
    assert not list(out.glob(".*.tmp"))


def test_atomic_write_many_keeps_old_files_when_a_write_fails(tmp_path):
    good, bad = tmp_path / "a.ttl", tmp_path / "missing" / "b.ttl"
    good.write_bytes(b"old")
    (tmp_path / "missing").write_bytes(b"a file where a folder should be")
    with pytest.raises(OSError):
        atomic_write_many({good: b"new", bad: b"new"})
    assert good.read_bytes() == b"old"
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_second_build_waits_for_the_first_and_says_so(tmp_path):
    messages = []
    order = []
    with build_lock(tmp_path):

        def second():
            with build_lock(tmp_path, notify=messages.append):
                order.append("second")

        thread = threading.Thread(target=second)
        thread.start()
        time.sleep(0.5)
        order.append("first")
    thread.join(timeout=10)
    assert order == ["first", "second"]
    assert messages == [
        f"another build is writing {tmp_path} (pid {os.getpid()}); waiting for it to finish"
    ]


def test_outputs_get_the_usual_file_mode_not_a_private_one(tmp_path):
    """Regression: files written through mkstemp stayed 0600, unreadable to others."""
    import stat

    path = tmp_path / "ofsted.ttl"
    old = os.umask(0o022)
    try:
        atomic_write_many({path: b"x"})
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
