"""Per-report build cache, keyed by the report's bytes and the code that reads them.

A rebuild re-reads only reports whose bytes changed: every other report's parsed records
and N-Triples come from ``graphs/.cache/``. The key also covers the package's own code
and data (parsers, vocabularies, the council table), so upgrading ofsted-kg or editing a
parser invalidates everything, never silently mixing old and new output.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .atomic import atomic_write
from .errors import OfstedKGError
from .records import Report

CACHE_DIR = ".cache"
_FORMAT = 1


@cache
def code_fingerprint() -> str:
    """SHA-256 over the package's Python files and shipped data (vocabulary, councils)."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(f"format {_FORMAT}".encode())
    for path in sorted(package.rglob("*")):
        if (
            path.is_file()
            and path.suffix in (".py", ".csv", ".ttl")
            and "__pycache__" not in path.parts
        ):
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass
class Processed:
    """One input file's outcome: its records and N-Triples lines, why it failed, or why
    it was skipped (not an inspection report)."""

    path: Path
    sha256: str
    report: Report | None = None
    lines: list[str] | None = None
    error: str | None = None
    cached: bool = False
    skipped: str | None = None


class ReportCache:
    """Pickled :class:`Processed` results under ``folder`` (``graphs/.cache``)."""

    def __init__(self, folder: Path, base: str) -> None:
        self.folder = folder
        self.salt = hashlib.sha256(f"{code_fingerprint()} {base}".encode()).hexdigest()[:16]

    def _path(self, name: str, sha256: str) -> Path:
        # The file name is part of the key: it is the report's dcterms:source.
        key = hashlib.sha256(f"{name}\0{sha256}\0{self.salt}".encode()).hexdigest()[:40]
        return self.folder / f"{key}.pickle"

    def get(self, path: Path, sha256: str) -> Processed | None:
        entry = self._path(path.name, sha256)
        try:
            with entry.open("rb") as handle:
                stored = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            return None
        if not isinstance(stored, Processed) or stored.sha256 != sha256:
            return None
        stored.path, stored.cached = path, True
        return stored

    def put(self, processed: Processed) -> None:
        if processed.report is None and processed.skipped is None:
            return  # failures are cheap to repeat and their message names the file
        # The cache only saves time; writing the graph itself names an unwritable folder.
        with contextlib.suppress(OfstedKGError):
            atomic_write(
                self._path(processed.path.name, processed.sha256),
                pickle.dumps(processed, protocol=5),
            )

    def prune(self, keep: list[Processed]) -> None:
        """Delete entries of reports no longer in the build or of older code."""
        if not self.folder.is_dir():
            return
        wanted = {self._path(p.path.name, p.sha256).name for p in keep}
        for entry in self.folder.glob("*.pickle"):
            if entry.name not in wanted:
                try:
                    entry.unlink(missing_ok=True)
                except OSError:
                    return  # a read-only cache: stale entries are only wasted space
