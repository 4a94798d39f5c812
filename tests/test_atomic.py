"""No lost data: atomic outputs survive SIGKILL; concurrent builds take turns."""

from __future__ import annotations

import errno
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import REPORTS, ROOT
from ofsted_kg.atomic import (
    PendingWrite,
    atomic_write,
    atomic_write_many,
    build_lock,
    remove_stale_temps,
)
from ofsted_kg.errors import OfstedKGError
from ofsted_kg.store.disk import load_graph


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
    with pytest.raises(OfstedKGError) as excinfo:
        atomic_write_many({good: b"new", bad: b"new"})
    assert str(excinfo.value) == f"{tmp_path / 'missing'}: cannot write: Not a directory"
    assert good.read_bytes() == b"old"
    assert _leftovers(tmp_path) == []


# --- outputs that cannot be written: one named error, nothing replaced, nothing left ----------


def _leftovers(folder):
    """Temporary files (``.name.*.tmp``) anywhere under ``folder``."""
    return sorted(str(p) for p in folder.rglob(".*.tmp"))


def _message(excinfo):
    return str(excinfo.value)


def test_a_folder_in_place_of_an_output_replaces_nothing(tmp_path):
    """Regression: ofsted.ttl was replaced, then the rename over ofsted.jsonld/ failed."""
    ttl, jsonld = tmp_path / "ofsted.ttl", tmp_path / "ofsted.jsonld"
    ttl.write_bytes(b"old ttl")
    jsonld.mkdir()
    with pytest.raises(OfstedKGError) as excinfo:
        atomic_write_many({ttl: b"new ttl", jsonld: b"new jsonld"})
    assert _message(excinfo) == f"{jsonld}: cannot write: Is a directory"
    assert ttl.read_bytes() == b"old ttl"
    assert jsonld.is_dir() and not any(jsonld.iterdir())
    assert _leftovers(tmp_path) == []


def test_atomic_write_to_a_folder_names_it(tmp_path):
    with pytest.raises(OfstedKGError) as excinfo:
        atomic_write(tmp_path, b"rows")
    assert _message(excinfo) == f"{tmp_path}: cannot write: Is a directory"
    assert _leftovers(tmp_path) == []


def test_a_file_where_the_output_folder_should_be(tmp_path):
    """``build -o README.md``: the output folder is a file."""
    readme = tmp_path / "README.md"
    readme.write_bytes(b"# read me")
    with pytest.raises(OfstedKGError) as excinfo:
        atomic_write_many({readme / "ofsted.ttl": b"x", readme / "ofsted.jsonld": b"x"})
    assert _message(excinfo) == f"{readme}: cannot write: Not a directory"
    with pytest.raises(OfstedKGError) as excinfo:
        atomic_write(readme / "deeper" / "still" / "out.csv", b"x")
    assert _message(excinfo) == f"{readme}: cannot write: Not a directory"
    assert readme.read_bytes() == b"# read me"
    assert _leftovers(tmp_path) == []


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs Linux /proc")
def test_a_folder_that_cannot_be_created_is_named():
    """``build -o /proc/gx``: /proc refuses new folders, even to root."""
    with pytest.raises(OfstedKGError) as excinfo:
        atomic_write(Path("/proc/ofsted-kg-test/ofsted.ttl"), b"x")
    assert _message(excinfo) == "/proc/ofsted-kg-test: cannot write: No such file or directory"


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_a_folder_without_write_permission(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "ofsted.ttl").write_bytes(b"old")
    folder.chmod(0o555)
    try:
        with pytest.raises(OfstedKGError) as excinfo:
            atomic_write_many({folder / "ofsted.ttl": b"new", folder / "ofsted.jsonld": b"new"})
        assert _message(excinfo) == f"{folder / 'ofsted.ttl'}: cannot write: Permission denied"
        assert (folder / "ofsted.ttl").read_bytes() == b"old"
        assert _leftovers(tmp_path) == []
    finally:
        folder.chmod(0o755)


def _fail_on_call(monkeypatch, module, name, number, error):
    """Make ``module.name`` raise ``error`` on its ``number``-th call (1-based)."""
    real = getattr(module, name)
    calls = []

    def fake(*args, **kwargs):
        calls.append(args)
        if len(calls) == number:
            raise error
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, fake)
    return calls


def test_a_read_only_filesystem_replaces_nothing(tmp_path, monkeypatch):
    """The second output's temporary file cannot be created (EROFS): the first one's goes."""
    import tempfile

    ttl, jsonld = tmp_path / "ofsted.ttl", tmp_path / "ofsted.jsonld"
    ttl.write_bytes(b"old ttl")
    jsonld.write_bytes(b"old jsonld")
    erofs = OSError(errno.EROFS, os.strerror(errno.EROFS), str(tmp_path / ".x.tmp"))
    _fail_on_call(monkeypatch, tempfile, "mkstemp", 2, erofs)
    with pytest.raises(OfstedKGError) as excinfo:
        atomic_write_many({ttl: b"new ttl", jsonld: b"new jsonld"})
    assert _message(excinfo) == f"{jsonld}: cannot write: Read-only file system"
    assert (ttl.read_bytes(), jsonld.read_bytes()) == (b"old ttl", b"old jsonld")
    assert _leftovers(tmp_path) == []


def test_a_full_disk_while_writing_leaves_no_temporary_file(tmp_path, monkeypatch):
    out = tmp_path / "out.csv"
    out.write_bytes(b"old")
    _fail_on_call(monkeypatch, os, "fsync", 1, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    with pytest.raises(OfstedKGError) as excinfo:
        atomic_write(out, b"new")
    assert _message(excinfo) == f"{out}: cannot write: No space left on device"
    assert out.read_bytes() == b"old"
    assert _leftovers(tmp_path) == []


def test_a_failed_rename_puts_back_the_files_already_replaced(tmp_path, monkeypatch):
    """Belt and braces: if the second rename fails anyway, the first output is restored."""
    ttl, jsonld = tmp_path / "ofsted.ttl", tmp_path / "ofsted.jsonld"
    ttl.write_bytes(b"old ttl")
    jsonld.write_bytes(b"old jsonld")
    error = OSError(errno.EPERM, os.strerror(errno.EPERM))
    _fail_on_call(monkeypatch, os, "replace", 2, error)
    with pytest.raises(OfstedKGError) as excinfo:
        atomic_write_many({ttl: b"new ttl", jsonld: b"new jsonld"})
    assert _message(excinfo) == f"{jsonld}: cannot write: Operation not permitted"
    assert (ttl.read_bytes(), jsonld.read_bytes()) == (b"old ttl", b"old jsonld")
    assert _leftovers(tmp_path) == []


def test_a_successful_write_leaves_no_backup_or_temporary_file(tmp_path):
    ttl, jsonld = tmp_path / "ofsted.ttl", tmp_path / "ofsted.jsonld"
    ttl.write_bytes(b"old ttl")
    atomic_write_many({ttl: b"new ttl", jsonld: b"new jsonld"})
    assert (ttl.read_bytes(), jsonld.read_bytes()) == (b"new ttl", b"new jsonld")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ofsted.jsonld", "ofsted.ttl"]


def test_build_lock_on_a_file_is_a_named_error(tmp_path):
    afile = tmp_path / "afile"
    afile.write_bytes(b"x")
    with pytest.raises(OfstedKGError) as excinfo, build_lock(afile):
        pass
    assert _message(excinfo) == f"{afile}: cannot write: Not a directory"
    with pytest.raises(OfstedKGError) as excinfo, build_lock(afile / "graphs"):
        pass
    assert _message(excinfo) == f"{afile}: cannot write: Not a directory"


# --- the same through the command line: one line, exit 2, no traceback ------------------------


def _cli(*args):
    from click.testing import CliRunner

    from ofsted_kg.cli import main

    return CliRunner().invoke(main, [str(a) for a in args])


def test_cli_build_into_a_file_is_one_line(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_bytes(b"# read me")
    result = _cli("build", REPORTS, "-o", readme)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.output == f"Error: {readme}: cannot write: Not a directory\n"
    assert readme.read_bytes() == b"# read me"


def test_cli_build_with_a_folder_in_place_of_an_output_keeps_the_old_graph(tmp_path):
    """``mkdir out/ofsted.jsonld; build reports/ -o out``: ofsted.ttl stays as it was."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "ofsted.ttl").write_bytes(b"# the previous graph\n")
    (out / "ofsted.jsonld").mkdir()
    result = _cli("build", REPORTS, "-o", out, "--no-cache")
    assert result.exit_code == 2, result.output
    assert result.output.splitlines()[-1] == (
        f"Error: {out / 'ofsted.jsonld'}: cannot write: Is a directory"
    )
    assert "Traceback" not in result.output
    assert (out / "ofsted.ttl").read_bytes() == b"# the previous graph\n"
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("command", ["query", "export"])
def test_cli_output_to_a_folder_is_one_line(tmp_path, command):
    graph = tmp_path / "ofsted.ttl"
    shutil.copy(ROOT / "graphs" / "ofsted.ttl", graph)
    folder = tmp_path / "x"
    folder.mkdir()
    args = ["query", "inspections"] if command == "query" else ["export"]
    result = _cli(*args, "--graph", graph, "-o", f"{folder}/")
    assert result.exit_code == 2, result.output
    assert result.output == f"Error: {folder}: cannot write: Is a directory\n"
    assert list(folder.iterdir()) == []
    assert _leftovers(tmp_path) == []


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


@pytest.mark.parametrize("named", ["absolute", "relative"])
def test_files_written_ahead_appear_only_when_committed(tmp_path, monkeypatch, named):
    """A build writes its graph files while the graph is validated: they wait under
    temporary names (which this process's other writes, cleaning up stale ones, leave
    alone, whether the folder is named from the root or, as `make demo` does, from the
    working folder), then replace the old files together with the manifest, or are
    dropped."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path if named == "absolute" else Path(".")
    graph, manifest = folder / "ofsted.ttl", folder / ".cache" / "manifest.json"
    graph.write_bytes(b"old graph\n")
    pending = PendingWrite({graph: b"new graph\n"})
    atomic_write(folder / "other.txt", b"written meanwhile\n")
    with build_lock(folder):
        assert graph.read_bytes() == b"old graph\n"
        pending.commit({manifest: b"{}\n"})
    assert graph.read_bytes() == b"new graph\n" and manifest.read_bytes() == b"{}\n"
    dropped = PendingWrite({graph: b"refused graph\n"})
    dropped.discard()
    assert graph.read_bytes() == b"new graph\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".cache",
        ".ofsted-kg.lock",
        "ofsted.ttl",
        "other.txt",
    ]
