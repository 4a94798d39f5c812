"""``export --format jsonld --frame inspection``: the framing, beside pyld framing the same
graph report by report (the baseline), measured in the same run.

    .venv/bin/python benchmarks/jsonld_frame.py GRAPH [--runs 5]

GRAPH is a built graph file, e.g. the development corpus's
(``ofsted-kg build ../shared/pdfs reports -o /tmp/corpus`` then ``/tmp/corpus/ofsted.ttl``).
Three figures: framing the graph's N-Triples lines (what a build holds), framing an rdflib
graph (what ``export`` holds after loading the file: it adds writing the lines), and
loading the file, which ``export`` does first.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from rdflib.namespace import RDF

from ofsted_kg.export.formats import framed_lines, jsonld_framed, jsonld_framed_pyld
from ofsted_kg.model.namespaces import OFS
from ofsted_kg.rdf.ntriples import ntriples_lines
from ofsted_kg.store.disk import load_graph


def median_seconds(func, runs: int) -> tuple[float, float, object]:
    """Median wall seconds and median CPU seconds of this process (the machine may be
    shared: CPU time is what the work costs, wall time what a user waits)."""
    result = func()  # warm-up
    walls, cpus = [], []
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        result = func()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("graph", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    start = time.perf_counter()
    graph = load_graph(args.graph)
    loading = time.perf_counter() - start
    lines = ntriples_lines(graph)
    kind = f"<{RDF.type}> <{OFS.Inspection}> ."
    inspections = sum(1 for line in lines if line.endswith(kind))
    print(f"{args.graph}: {len(lines)} triples, {inspections} inspections")

    wall, cpu, fast = median_seconds(lambda: framed_lines(lines), args.runs)
    print(
        f"  framing the N-Triples lines: {wall:.2f} s wall, {cpu:.2f} s CPU (median of {args.runs})"
    )
    wall, cpu, _ = median_seconds(lambda: jsonld_framed(graph, "inspection"), args.runs)
    print(
        f"  framing an rdflib graph:     {wall:.2f} s wall, {cpu:.2f} s CPU (median of {args.runs})"
    )
    start, cpu_start = time.perf_counter(), time.process_time()
    reference = jsonld_framed_pyld(graph)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    same = "the same bytes" if fast == reference else "DIFFERENT documents"
    print(f"  baseline, pyld report by report: {wall:.1f} s wall, {cpu:.1f} s CPU; {same}")
    print(f"  (loading the file into rdflib first: {loading:.1f} s wall)")


if __name__ == "__main__":
    main()
