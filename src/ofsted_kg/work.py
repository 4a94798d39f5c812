"""One report's work, the unit a build runs in parallel: read, parse, build its triples.

:func:`process` runs in a worker process and returns plain data (records and sorted
N-Triples lines) that pickles cheaply; the build merges the lines of every report.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .cache import Processed
from .errors import NotAReport, OfstedKGError
from .graph import report_triples
from .namespaces import IRIs
from .ntriples import ntriples_lines
from .parse import parse_text
from .read import read_source
from .records import Report


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes ('' if it cannot be read: reading will say why)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def parse_file(path: Path) -> Report:
    """Read and parse one ``.txt`` or ``.pdf`` report."""
    return parse_text(read_source(path), path.name)


def process(path: Path, sha256: str, base: str | None = None) -> Processed:
    """Read, parse and turn one report into N-Triples lines; failures and skipped
    letters (:class:`NotAReport`) are recorded."""
    try:
        report = parse_file(path)
        lines = ntriples_lines(report_triples(report, IRIs(base)))
    except NotAReport as exc:
        return Processed(path, sha256, skipped=exc.reason)
    except OfstedKGError as exc:
        return Processed(path, sha256, error=str(exc))
    return Processed(path, sha256, report=report, lines=lines)
