"""Never lose a graph: atomic writes and one build at a time per output folder.

Each output is written to a temporary file in its target folder, flushed to disk, then
renamed over the old file; a set of outputs is renamed only once every one of them is
safely on disk, so a crash (even SIGKILL) leaves either the old files or the new ones.
Temporary files carry a prefix of ours and the writer's process id
(``.ofsted-kg.<pid>.<random>.<name>.tmp``): the next write into the folder removes those
of processes that are gone, and never touches anyone else's files. Builds into the same
folder take an exclusive lock (``.ofsted-kg.lock``, a :mod:`filelock` lock, on every
platform): a second build says it is waiting, then waits its turn.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import re
import secrets
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from ofsted_kg.errors import WriteError

LOCK_NAME = ".ofsted-kg.lock"
OWNER_NAME = ".ofsted-kg.lock.owner"  # the pid of the build holding the lock, for messages
TEMP_PREFIX = ".ofsted-kg."
# Our temporary files: prefix, writer's pid, random part, target name.
_TEMP_RE = re.compile(r"\.ofsted-kg\.(?P<pid>\d+)\.[0-9a-z_]+\..*\.tmp")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _reason(exc: OSError) -> str:
    """``Read-only file system``: the OS's words for an error, without errno or path."""
    if exc.errno is not None and not exc.strerror:
        return os.strerror(exc.errno)
    return exc.strerror or str(exc) or type(exc).__name__


def cannot_write(path: Path, exc: OSError) -> WriteError:
    """The one-line error for an output that cannot be written, naming it and why."""
    return WriteError(f"{path}: cannot write: {_reason(exc)}")


def _is_folder(path: Path) -> bool:
    """Whether ``path`` is a directory, or a symlink to one."""
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except OSError:
        return False


def _target(path: Path) -> Path:
    """Where to write ``path``: a symlink's target (the link stays a link), else itself."""
    return path.resolve() if path.is_symlink() else path


def _make_folder(folder: Path) -> None:
    """Create ``folder``; if it cannot be, name the path in the way (``README.md``: a file)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        for ancestor in (folder, *folder.parents):
            if os.path.lexists(ancestor):
                if not ancestor.is_dir():
                    raise cannot_write(ancestor, NotADirectoryError(errno.ENOTDIR, "")) from None
                break
        raise cannot_write(Path(exc.filename or folder), exc) from None


def _write_temp(path: Path, data: bytes) -> Path:
    _make_folder(path.parent)
    fd, name = tempfile.mkstemp(
        prefix=f"{TEMP_PREFIX}{os.getpid()}.", suffix=f".{path.name}.tmp", dir=path.parent
    )
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
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # the renames are done; a folder we cannot open we cannot sync either
    try:
        os.fsync(fd)
    except OSError as exc:
        # Some filesystems (network, FUSE) cannot fsync a folder: the files are in place.
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF, errno.EACCES):
            raise cannot_write(folder, exc) from None
    finally:
        os.close(fd)


def _backup(path: Path) -> Path | None:
    """A hard link to the current ``path`` (to put it back if a later rename fails)."""
    if not path.is_file() or path.is_symlink():
        return None
    backup = path.with_name(
        f"{TEMP_PREFIX}{os.getpid()}.{secrets.token_hex(4)}.{path.name}.bak.tmp"
    )
    try:
        os.link(path, backup)
    except OSError:
        return None  # no hard links here: a failed rename cannot be undone, only reported
    return backup


def _unlink_all(paths: Iterable[Path | None]) -> None:
    for path in paths:
        if path is not None:
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)


def refuse_others_files(paths: Iterable[Path], ours: Callable[[Path], bool]) -> None:
    """:class:`WriteError` for the first of ``paths`` (files an output comes with, that the
    user did not name) that is there and that ofsted-kg did not write (``ours`` tells):
    an export never replaces a user's own ``metadata.yml`` or ``councils.csv``."""
    for path in paths:
        if path.exists() and not ours(path):
            raise WriteError(
                f"{path}: a file ofsted-kg did not write is in the way of the export; "
                "move it, or write the export to another folder"
            )


def atomic_write_many(outputs: Mapping[Path, bytes]) -> None:
    """Write several files so that a crash leaves all old or (per file) complete new ones.

    All or nothing: when any output cannot be written (a folder in its place, a read-only
    or full filesystem, a file where a folder should be) no file is replaced, no temporary
    file is left, and an :class:`WriteError` names the output and the reason.
    """
    PendingWrite(outputs).commit()


_PENDING: set[Path] = set()  # this process's temporary files waiting to be put in place


def _absolute(path: Path) -> Path:
    """One spelling of a path, whichever folder it was named from (``graphs/x`` or
    ``/work/graphs/x``), to know a pending temporary file when a clean-up lists it."""
    return Path(os.path.abspath(path))


class PendingWrite:
    """Files written now to temporary files beside their targets (on disk, flushed), put
    in place together by :meth:`commit`, with any others given then, or dropped by
    :meth:`discard`: a build writes its graph files while the graph is validated, and
    renames them over the old ones only if it conforms. Raises :class:`WriteError` as
    :func:`atomic_write_many` does, leaving no temporary file."""

    def __init__(self, outputs: Mapping[Path, bytes]) -> None:
        self.temps: dict[Path, Path] = {}
        self._add(outputs)

    def _add(self, outputs: Mapping[Path, bytes]) -> None:
        targets = [_target(Path(path)) for path in outputs]
        for given, path in zip(outputs, targets, strict=True):
            if _is_folder(path):
                self.discard()
                raise cannot_write(Path(given), IsADirectoryError(errno.EISDIR, ""))
        for folder in {path.parent for path in targets}:
            remove_stale_temps(folder)
        try:
            for path, data in zip(targets, outputs.values(), strict=True):
                try:
                    self.temps[path] = temp = _write_temp(path, data)
                    _PENDING.add(_absolute(temp))
                except OSError as exc:
                    raise cannot_write(path, exc) from None
        except BaseException:
            self.discard()
            raise

    def commit(self, more: Mapping[Path, bytes] | None = None) -> None:
        """Write ``more`` the same way, then rename every file over its target."""
        if more:
            self._add(more)
        temps, self.temps = self.temps, {}
        _PENDING.difference_update(map(_absolute, temps.values()))
        _replace_all(temps)
        for folder in {path.parent for path in temps}:
            _sync_dir(folder)

    def discard(self) -> None:
        """Remove the temporary files: nothing is replaced."""
        temps, self.temps = self.temps, {}
        _PENDING.difference_update(map(_absolute, temps.values()))
        _unlink_all(temps.values())


def _replace_all(temps: Mapping[Path, Path]) -> None:
    """Rename every temporary file over its target; if one rename fails, undo the others."""
    backups: dict[Path, Path | None] = {}
    replaced: list[Path] = []
    try:
        if len(temps) > 1:
            backups = {path: _backup(path) for path in temps}
        for path, temp in temps.items():
            try:
                os.replace(temp, path)
            except OSError as exc:
                for done in reversed(replaced):
                    backup = backups.get(done)
                    if backup is not None:
                        with contextlib.suppress(OSError):
                            os.replace(backup, done)
                raise cannot_write(path, exc) from None
            replaced.append(path)
    finally:
        _unlink_all([temp for path, temp in temps.items() if path not in replaced])
        _unlink_all(backups.values())


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file and an atomic rename.

    An output that cannot be written raises :class:`WriteError` naming it and why.
    """
    atomic_write_many({Path(path): data})


def write_checked(path: Path, data: bytes) -> None:
    """Write a file that is only ever read through a check of its content (a cache
    entry): atomically, via a temporary file and a rename, but without waiting for the
    disk or sweeping the folder of stale temporary files, which a build does once
    (:func:`remove_stale_temps`). After a crash the file may be old, new or empty, and
    its check then refuses it. Raises :class:`WriteError` as :func:`atomic_write` does."""
    path = _target(Path(path))
    # Our temporary name (pid, then a number of this process's own); O_EXCL never opens
    # another's file, and the mode is what a plain open() gives (umask applied).
    temp = path.with_name(f"{TEMP_PREFIX}{os.getpid()}.{next(_COUNTER)}.{path.name}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
        except BaseException:
            with contextlib.suppress(OSError):
                temp.unlink(missing_ok=True)
            raise
        os.replace(temp, path)
    except FileNotFoundError:  # no folder yet: written the careful way, which makes it
        atomic_write(path, data)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        raise cannot_write(path, exc) from None


_COUNTER = itertools.count()


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # our own leftovers (a write that failed half-way)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's live process
    return True


def remove_stale_temps(folder: Path) -> list[Path]:
    """Delete the temporary files that writes of processes now gone left in ``folder``
    (ours only: our prefix, and a process id that is not running)."""
    removed: list[Path] = []
    try:
        entries = list(folder.iterdir()) if folder.is_dir() else []
    except OSError:
        return removed
    for temp in entries:
        match = _TEMP_RE.fullmatch(temp.name)
        if match and not _alive(int(match["pid"])) and _absolute(temp) not in _PENDING:
            with contextlib.suppress(OSError):
                temp.unlink()
                removed.append(temp)
    return removed


@contextlib.contextmanager
def build_lock(
    folder: Path, notify: Callable[[str], None] | None = None, wait: bool = True
) -> Iterator[None]:
    """Hold the exclusive build lock of ``folder``; wait (saying so) if another build has it."""
    from filelock import FileLock, Timeout

    _make_folder(folder)
    lock = FileLock(str(folder / LOCK_NAME))
    try:
        try:
            lock.acquire(timeout=0)
        except Timeout:
            try:
                holder = (folder / OWNER_NAME).read_text(encoding="utf-8").strip()
            except OSError:
                holder = ""
            who = f" (pid {holder})" if holder.isdigit() else ""
            message = f"another build is writing {folder}{who}; " + (
                "waiting for it to finish" if wait else "try again when it is done"
            )
            if not wait:
                raise WriteError(message) from None
            (notify or (lambda text: print(text, file=sys.stderr)))(message)
            lock.acquire()
    except OSError as exc:
        raise cannot_write(folder, exc) from None
    try:
        with contextlib.suppress(OSError):
            (folder / OWNER_NAME).write_text(str(os.getpid()), encoding="utf-8")
        remove_stale_temps(folder)
        yield
    finally:
        with contextlib.suppress(OSError):
            (folder / OWNER_NAME).unlink()
        lock.release()
