"""Build the development set into one graph and time each stage per report.

Usage::

    .venv/bin/python benchmarks/build_devset.py PDF_FOLDER [TEXT_FOLDER]

``PDF_FOLDER`` holds the development PDFs (every ``*.pdf`` in it); ``TEXT_FOLDER``
(default: the project's bundled ``reports/``) holds the ``.txt`` reports. For each report
it prints wall-clock seconds for

* **extract**: reading the file into a :class:`~ofsted_kg.source.text.SourceText`
  (PDF text extraction, or text decoding, plus normalisation);
* **parse**: :func:`ofsted_kg.parse.parse_text`;
* **graph**: :func:`ofsted_kg.rdf.graph.report_graph`, the report's own triples;
* **validate**: SHACL validation of the report's triples with its authority's reference
  triples (so each report is checked alone);

then what was found (judgements, recommendations, team) and the coverage gaps
(:mod:`ofsted_kg.model.expectations`), the totals, and the time to assemble and validate the
combined graph of every report that parsed, with its verdict. A report that fails to
read or parse is listed with its error and left out of the graph, and so is the second
file of an inspection already in it (as ``ofsted-kg build`` refuses such pairs).
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

from rdflib import Graph

from ofsted_kg import __version__
from ofsted_kg.errors import OfstedKGError
from ofsted_kg.model import namespaces as ns
from ofsted_kg.model.councils import resolve_authority
from ofsted_kg.model.expectations import gaps
from ofsted_kg.model.namespaces import OFS
from ofsted_kg.model.records import Report
from ofsted_kg.parse import parse_text
from ofsted_kg.rdf.graph import build_graph, reference_graph, report_graph
from ofsted_kg.source.files import read_source
from ofsted_kg.validate.validator import validate_graph

DEFAULT_TEXTS = Path(__file__).resolve().parents[1] / "reports"
STAGES = ("extract", "parse", "graph", "validate")


def _timed(func, *args):
    start = time.perf_counter()
    value = func(*args)
    return value, time.perf_counter() - start


def _authority_triples(reference: Graph, report: Report, iris: ns.IRIs) -> Graph:
    """The reference triples about ``report``'s council and (neighbours aside) its neighbours."""
    node = iris.authority(resolve_authority(report.authority.name, report.source).gss)
    graph = Graph()
    for triple in reference.triples((node, None, None)):
        graph.add(triple)
    for neighbour in reference.objects(node, OFS.statisticalNeighbour):
        for triple in reference.triples((neighbour, None, None)):
            if triple[1] != OFS.statisticalNeighbour:
                graph.add(triple)
    return graph


def run(files: list[Path]) -> int:
    iris = ns.IRIs()
    reference = reference_graph(iris)
    header = ("report", "framework", *STAGES, "judg", "recs", "team", "coverage gaps")
    rows: list[tuple[str, ...]] = []
    totals = dict.fromkeys(STAGES, 0.0)
    reports: list[Report] = []
    failures = 0
    for path in files:
        try:
            text, t_extract = _timed(read_source, path)
            report, t_parse = _timed(parse_text, text, path.name)
            graph, t_graph = _timed(report_graph, report, iris)
            alone = graph + _authority_triples(reference, report, iris)
            result, t_validate = _timed(validate_graph, alone)
        except OfstedKGError as exc:
            failures += 1
            rows.append((path.name, "FAILED", "", "", "", "", "", "", "", str(exc)[:90]))
            continue
        reports.append(report)
        times = dict(zip(STAGES, (t_extract, t_parse, t_graph, t_validate), strict=True))
        for stage, seconds in times.items():
            totals[stage] += seconds
        missing = "; ".join(gaps(report)) or "-"
        if not result.conforms:
            missing += f" [{len(result.violations)} SHACL violation(s) alone]"
        rows.append(
            (
                path.name,
                report.framework,
                *(f"{times[s]:.3f}" for s in STAGES),
                str(len(report.judgements)),
                str(len(report.recommendations)),
                str(len(report.team)),
                missing,
            )
        )
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header) - 1)]
    for row in [header, *rows]:
        cells = [
            c.rjust(w) if 2 <= i < 9 else c.ljust(w)
            for i, (c, w) in enumerate(zip(row[:-1], widths, strict=True))
        ]
        print("  ".join([*cells, row[-1]]).rstrip())
    parsed = len(reports)
    print()
    print(f"{parsed} of {len(files)} reports parsed; {failures} failed")
    if parsed:
        print("seconds      " + "  ".join(f"{s:>9}" for s in STAGES) + "      total")
        total = sum(totals.values())
        print("  all        " + "  ".join(f"{totals[s]:9.3f}" for s in STAGES) + f"  {total:9.3f}")
        print(
            "  per report "
            + "  ".join(f"{totals[s] / parsed:9.3f}" for s in STAGES)
            + f"  {total / parsed:9.3f}"
        )
    # Two files of one inspection (trafford-2015-05-12.pdf is the PDF of
    # trafford-2015-sif.txt) would merge into one inspection node; like `ofsted-kg build`,
    # the combined graph takes only the first.
    unique: dict[tuple[str, str], Report] = {}
    for report in reports:
        key = (
            resolve_authority(report.authority.name, report.source).gss,
            report.start.value.isoformat(),
        )
        if key in unique:
            print(
                f"{report.source}: same inspection as {unique[key].source}; "
                "left out of the combined graph"
            )
        else:
            unique[key] = report
    combined, t_build = _timed(build_graph, list(unique.values()))
    result, t_check = _timed(validate_graph, combined)
    verdict = "conforms" if result.conforms else f"{len(result.violations)} violation(s)"
    print(
        f"combined graph: {len(combined)} triples, built in {t_build:.2f} s, "
        f"validated in {t_check:.2f} s: {verdict}"
    )
    print(f"ofsted-kg {__version__}, Python {platform.python_version()}, {platform.machine()}")
    return 0 if result.conforms and not failures else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pdf_folder", type=Path, help="folder of development PDFs")
    parser.add_argument(
        "text_folder",
        type=Path,
        nargs="?",
        default=DEFAULT_TEXTS,
        help="folder of .txt reports (default: the bundled reports/)",
    )
    args = parser.parse_args(argv)
    for folder in (args.pdf_folder, args.text_folder):
        if not folder.is_dir():
            parser.error(f"{folder} is not a folder")
    files = sorted(args.pdf_folder.glob("*.pdf")) + sorted(args.text_folder.glob("*.txt"))
    if not files:
        parser.error(f"no .pdf files in {args.pdf_folder} and no .txt in {args.text_folder}")
    return run(files)


if __name__ == "__main__":
    sys.exit(main())
