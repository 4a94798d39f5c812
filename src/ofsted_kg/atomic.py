"""Never lose a graph: atomic writes and one build at a time per output folder.

Each output is written to a temporary file in its target folder, flushed to disk, then
renamed over the old file; a set of outputs is renamed only once every one of them is
safely on disk, so a crash (even SIGKILL) leaves either the old files or the new ones.
Builds into the same folder take an exclusive lock (``.ofsted-kg.lock``): a second build
says it is waiting, then waits its turn.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from .errors import OfstedKGError

LOCK_NAME = ".ofsted-kg.lock"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_temp(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); give it the mode a plain open() would.
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def _sync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_many(outputs: Mapping[Path, bytes]) -> None:
    """Write several files so that a crash leaves all old or (per file) complete new ones."""
    temps: dict[Path, Path] = {}
    try:
        for path, data in outputs.items():
            temps[Path(path)] = _write_temp(Path(path), data)
    except BaseException:
        for temp in temps.values():
            temp.unlink(missing_ok=True)
        raise
    for path, temp in temps.items():
        os.replace(temp, path)
    for folder in {path.parent for path in temps}:
        _sync_dir(folder)


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file and an atomic rename."""
    atomic_write_many({Path(path): data})


def remove_stale_temps(folder: Path) -> list[Path]:
    """Delete temporary files a killed build left behind in ``folder``."""
    removed = []
    if folder.is_dir():
        for temp in folder.glob(".*.tmp"):
            temp.unlink(missing_ok=True)
            removed.append(temp)
    return removed


@contextlib.contextmanager
def build_lock(
    folder: Path, notify: Callable[[str], None] | None = None, wait: bool = True
) -> Iterator[None]:
    """Hold the exclusive build lock of ``folder``; wait (saying so) if another build has it."""
    folder.mkdir(parents=True, exist_ok=True)
    lock_path = folder / LOCK_NAME
    with open(lock_path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            message = f"another build is writing {folder} (pid {holder}); " + (
                "waiting for it to finish" if wait else "try again when it is done"
            )
            if not wait:
                raise OfstedKGError(message) from None
            (notify or (lambda text: print(text, file=sys.stderr)))(message)
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            remove_stale_temps(folder)
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)
