"""Every input file read: from the cache where its bytes are known, the rest in worker
processes (:mod:`ofsted_kg.build.workers`), each taken in as it comes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ofsted_kg.build.cache import Processed, ReportCache
from ofsted_kg.build.outcome import Outcome
from ofsted_kg.build.per_file import load, process
from ofsted_kg.build.workers import Failure, WorkerPool
from ofsted_kg.processes import cpu_count
from ofsted_kg.source.files import InputFile, file_sha256

PARALLEL_FROM = 8  # fewer text files than this are parsed in this process


def process_all(
    files: list[InputFile],
    *,
    base: str | None = None,
    cache: ReportCache | None = None,
    jobs: int | None = None,
    progress: Callable[[Path], None] | None = None,
    hashes: list[str] | None = None,
    on_read: Callable[[Processed], None] | None = None,
    cached_lines: bool = True,
) -> list[Processed]:
    """Process every file, from the cache where possible, the rest in parallel
    (``hashes``: the files' SHA-256, if known). The cached results are loaded while
    the workers read the others (without their N-Triples lines unless ``cached_lines``);
    ``on_read`` is called with each file read, as it comes in."""
    if hashes is None:
        hashes = [file_sha256(file.path) for file in files]
    done: dict[int, Processed] = {}
    hits: list[int] = []
    todo: list[int] = []
    for index, (file, sha) in enumerate(zip(files, hashes, strict=True)):
        known = cache is not None and sha and cache.has(file.name, sha)
        (hits if known else todo).append(index)
    missed: list[int] = []  # entries found broken when loaded: read those files too

    def load_hits() -> None:
        if cache is None:
            return
        for index in hits:
            file = files[index]
            hit = cache.get(file.path, file.name, hashes[index], lines=cached_lines)
            if hit is None:
                missed.append(index)
                continue
            done[index] = hit
            if progress:
                progress(file.path)

    finish = _Finish(cache, progress, on_read)
    _process(files, hashes, todo, done, base, jobs, finish, load_hits)
    _process(files, hashes, missed, done, base, jobs, finish, None)
    return [done[index] for index in range(len(files))]


def _process(
    files: list[InputFile],
    hashes: list[str],
    todo: list[int],
    done: dict[int, Processed],
    base: str | None,
    jobs: int | None,
    finish: _Finish,
    while_waiting: Callable[[], None] | None,
) -> None:
    """Read the files at ``todo`` into ``done``: PDFs, and many files, in worker
    processes (a hostile PDF costs its worker, never the build), while this process
    runs ``while_waiting``."""
    pdfs = any(files[i].path.suffix.lower() == ".pdf" for i in todo)
    if todo and (pdfs or len(todo) >= PARALLEL_FROM):
        # The largest files first: the last ones read are then short, so no worker is
        # left reading a long report while the others wait (results keep their places).
        todo = sorted(todo, key=lambda i: -_size(files[i].path))
        pool = WorkerPool(process, min(jobs or cpu_count(), len(todo)))
        tasks = [(files[i], hashes[i], base) for i in todo]
        for position, value in pool.map(tasks, while_waiting):
            index = todo[position]
            if isinstance(value, Failure):
                file = files[index]
                value = Processed(
                    file.path, hashes[index], file.name, error=f"{file.name}: {value.reason}"
                )
            done[index] = finish(value)
        return
    if while_waiting is not None:
        while_waiting()
    if todo:
        load()
    for index in todo:
        done[index] = finish(process(files[index], hashes[index], base))


def _size(path: Path) -> int:
    """A file's size in bytes (0 if it cannot be read: its worker says why)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


@dataclass
class _Finish:
    """What is done with each file read as it comes in: shown, cached, ``on_read``."""

    cache: ReportCache | None
    progress: Callable[[Path], None] | None
    on_read: Callable[[Processed], None] | None

    def __call__(self, processed: Processed) -> Processed:
        if self.progress:
            self.progress(processed.path)
        if self.cache is not None:
            self.cache.put(processed)
        if self.on_read is not None:
            self.on_read(processed)
        return processed


def cached_records(
    files: list[InputFile],
    hashes: list[str],
    cache: ReportCache,
    progress: Callable[[Path], None] | None,
) -> list[Processed] | None:
    """Every file's cached result without its N-Triples lines, or None if one is missing."""
    found = []
    for file, sha in zip(files, hashes, strict=True):
        hit = cache.get(file.path, file.name, sha, lines=False) if sha else None
        if hit is None:
            return None
        found.append(hit)
        if progress:
            progress(file.path)
    return found


def load_lines(
    outcomes: list[Outcome],
    files: list[InputFile],
    hashes: list[str],
    cache: ReportCache | None,
    base: str | None,
) -> None:
    """Give every kept outcome read from the cache without its lines its lines (from the
    cache, or the file read again if its entry has gone meanwhile)."""
    for index, outcome in enumerate(outcomes):
        if not outcome.ok or outcome.lines is not None:
            continue
        file = files[index]
        hit = cache.get(file.path, file.name, hashes[index]) if cache is not None else None
        if hit is None or hit.lines is None:
            hit = process(file, hashes[index], base)
            outcome.report, outcome.error = hit.report, hit.error
        outcome.lines = hit.lines or []
