"""Per-report build cache, keyed by the report's bytes and the code that reads them.

A rebuild re-reads only reports whose bytes changed: every other report's parsed records
and N-Triples come from ``graphs/.cache/``, and a refused file is remembered by its hash
until it or the parser changes. The key also covers the package's own code and data
(parsers, vocabularies, the council table), so upgrading ofsted-kg or editing a parser
invalidates everything, never silently mixing old and new output.

Entries are JSON (data only: a planted cache file can at worst be wrong, never run code),
and each is checked on load: its file name, bytes' hash and code key must be the ones
asked for, and its records must have the shape of a report, or it is ignored. A report's
N-Triples lines are kept beside its entry (``<key>.nt``, with the hash of its lines in the
entry), so a build that finds nothing changed loads the records alone: 5 MB of JSON for
450 reports instead of 70 MB.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ofsted_kg.atomic import write_checked
from ofsted_kg.errors import WriteError
from ofsted_kg.model.records import Report, report_from_data, report_to_data

CACHE_DIR = ".cache"
_FORMAT = 3
# Entry files, their lines (and the pickles of format 1, never loaded, only deleted).
_ENTRY_RE = re.compile(r"[0-9a-f]{40}\.(?:json|nt|pickle)")


def fingerprint_files() -> list[Path]:
    """The files the cache key covers: every stage's Python code and the shipped data,
    the ontology, shapes and queries under ``resources/`` too (links to the repository's
    folders in a checkout: followed)."""
    package = Path(__file__).resolve().parents[1]  # ofsted_kg/, not build/: every stage
    found = []
    for folder, folders, names in os.walk(package, followlinks=True):
        folders[:] = sorted(f for f in folders if f != "__pycache__")
        found += [
            Path(folder) / name
            for name in names
            if Path(name).suffix in (".py", ".csv", ".ttl", ".rq")
        ]
    return sorted(found, key=lambda path: path.relative_to(package).as_posix())


@cache
def code_fingerprint() -> str:
    """SHA-256 over the package's Python files and shipped data (vocabulary, councils), and
    the embedding model that links recommendations to themes."""
    from ofsted_kg.themes.embed import model_version

    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(f"format {_FORMAT} {model_version()}".encode())
    for path in fingerprint_files():
        digest.update(str(path.relative_to(package)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass
class Processed:
    """One input file's outcome: its records and N-Triples lines, why it failed, or why
    it was skipped (not an inspection report)."""

    path: Path
    sha256: str
    name: str = ""  # the file's name in the graph (its path under the input folder)
    report: Report | None = None
    lines: list[str] | None = None
    error: str | None = None
    cached: bool = False
    skipped: str | None = None


class ReportCache:
    """:class:`Processed` results as JSON files under ``folder`` (``graphs/.cache``)."""

    def __init__(self, folder: Path, base: str) -> None:
        self.folder = folder
        self.salt = hashlib.sha256(f"{code_fingerprint()} {base}".encode()).hexdigest()[:16]

    def _path(self, name: str, sha256: str) -> Path:
        # The name is part of the key: it is the report's dcterms:source.
        key = hashlib.sha256(f"{name}\0{sha256}\0{self.salt}".encode()).hexdigest()[:40]
        return self.folder / f"{key}.json"

    def has(self, name: str, sha256: str) -> bool:
        """Whether an entry for this file's name and bytes exists (:meth:`get` checks it)."""
        return self._path(name, sha256).is_file()

    def get(self, path: Path, name: str, sha256: str, *, lines: bool = True) -> Processed | None:
        """The stored result for this file's name and bytes, or None (missing, stale or
        not a well-formed entry); without its N-Triples ``lines`` if they are not asked for
        (``Processed.lines`` is then None)."""
        try:
            entry = self._path(name, sha256)
            stored = json.loads(entry.read_bytes())
            if (stored["salt"], stored["name"], stored["sha256"]) != (self.salt, name, sha256):
                return None
            report = report_from_data(stored["report"]) if stored["report"] else None
            triples = None
            if lines and stored["lines"] is not None:
                data = entry.with_suffix(".nt").read_bytes()
                if hashlib.sha256(data).hexdigest() != stored["lines"]:
                    return None
                triples = data.decode("utf-8").split("\n") if data else []
            return Processed(
                path,
                sha256,
                name,
                report=report,
                lines=triples,
                error=stored["error"],
                cached=True,
                skipped=stored["skipped"],
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def put(self, processed: Processed) -> None:
        if not processed.sha256:
            return  # unreadable: nothing stable to remember
        entry = {
            "salt": self.salt,
            "name": processed.name,
            "sha256": processed.sha256,
            "report": report_to_data(processed.report) if processed.report else None,
            "lines": None,
            "error": processed.error,
            "skipped": processed.skipped,
        }
        path = self._path(processed.name, processed.sha256)
        # The cache only saves time; writing the graph itself names an unwritable folder.
        with contextlib.suppress(WriteError):
            if processed.lines is not None:
                data = "\n".join(processed.lines).encode("utf-8")
                entry["lines"] = hashlib.sha256(data).hexdigest()
                write_checked(path.with_suffix(".nt"), data)
            write_checked(path, json.dumps(entry, ensure_ascii=False).encode("utf-8"))

    def prune(self, keep: list[Processed]) -> None:
        """Delete entries of files no longer in the build or of older code."""
        if not self.folder.is_dir():
            return
        wanted = {
            self._path(p.name, p.sha256).with_suffix(suffix).name
            for p in keep
            for suffix in (".json", ".nt")
        }
        for entry in self.folder.iterdir():
            if _ENTRY_RE.fullmatch(entry.name) and entry.name not in wanted:
                try:
                    entry.unlink(missing_ok=True)
                except OSError:
                    return  # a read-only cache: stale entries are only wasted space
