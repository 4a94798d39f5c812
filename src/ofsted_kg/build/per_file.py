"""One file's work, the unit a build runs in parallel: read, parse, build its triples.

:func:`process` runs in a worker process and returns plain data (records and sorted
N-Triples lines) that pickles cheaply; the build merges the lines of every report.
The parsers and the graph builder are imported when a file is first read (:func:`load`),
so a build that finds nothing changed never compiles their patterns (0.2 s).
"""

from __future__ import annotations

from pathlib import Path

from ofsted_kg.build.cache import Processed
from ofsted_kg.errors import NotAReport, OfstedKGError
from ofsted_kg.model.namespaces import IRIs
from ofsted_kg.model.records import Report
from ofsted_kg.source.files import InputFile, read_source


def load() -> None:
    """Import the parsers and the graph builder, to read files in this process (worker
    processes import them on their first file, while the build loads its cache)."""
    import ofsted_kg.parse
    import ofsted_kg.rdf.graph
    import ofsted_kg.rdf.ntriples  # noqa: F401


def parse_file(path: Path, name: str | None = None) -> Report:
    """Read and parse one ``.txt`` or ``.pdf`` report; ``name`` (default: the file's name)
    names it in messages and provenance."""
    from ofsted_kg.parse import parse_text

    return parse_text(read_source(path), name or path.name)


def process(file: InputFile, sha256: str, base: str | None = None) -> Processed:
    """Read, parse and turn one file into N-Triples lines; failures and skipped files
    (letters that are not reports, unsupported types) are recorded."""
    from ofsted_kg.rdf.graph import report_lines

    if file.unsupported:
        shown = f"'{file.path.suffix}'" if file.path.suffix else "no extension"
        return Processed(
            file.path, sha256, file.name, skipped=f"not a .txt or .pdf report ({shown})"
        )
    try:
        report = parse_file(file.path, file.name)
        if sha256:
            report.source_sha256 = sha256
        lines = report_lines(report, IRIs(base))
    except NotAReport as exc:
        return Processed(file.path, sha256, file.name, skipped=exc.reason)
    except OfstedKGError as exc:
        return Processed(file.path, sha256, file.name, error=str(exc))
    return Processed(file.path, sha256, file.name, report=report, lines=lines)
