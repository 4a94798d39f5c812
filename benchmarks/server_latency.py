"""Every stored query on the embedded store, on ``oxigraph serve`` and on Virtuoso, with the
whole development corpus loaded, side by side in one run; and ``push`` of that corpus timed
on both servers.

    .venv/bin/python benchmarks/server_latency.py [--pdfs ../shared/pdfs] [--runs 5]
        [--graph graphs/ofsted.ttl]   # a built graph instead of building the corpus

Steps: build the corpus (the PDFs and ``reports/``) into a temporary folder, unless
``--graph`` names a built graph; start ``oxigraph serve`` as it comes (an empty default
graph), ``oxigraph serve --union-default-graph`` and Virtuoso (``virtuoso-t``), each in a
temporary folder on free 127.0.0.1 ports (``tools/sparql_servers.py``); push the graph to
each, timed (the first push into an empty store, then a second that replaces it); then run
every stored query (its first example's parameters) on each, median of ``--runs`` runs
after one warm-up, and check each answers as the embedded store does. The embedded store
(the on-disk store ``ofsted-kg query`` opens) is the baseline. The union server answers
without dataset parameters (its default graph is the union), the others with them.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from rdflib import Graph

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tools"))

from sparql_servers import Unavailable, oxigraph, virtuoso  # noqa: E402

from ofsted_kg.query.catalogue import catalogue, example_params, run_query  # noqa: E402
from ofsted_kg.server.remote import RemoteEngine, push  # noqa: E402
from ofsted_kg.store.disk import load_graph, open_engine  # noqa: E402


def median_ms(func, runs: int) -> float:
    func()  # warm-up: caches, the engine's one question about the server's graphs
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def same(a, b) -> bool:
    if isinstance(b, Graph):
        return set(a) == set(b)
    if isinstance(b, bool):
        return a == b
    return (a.columns, a.rows) == (b.columns, b.rows)


def build_corpus(pdfs: Path, out: Path) -> Path:
    from ofsted_kg.build.pipeline import build

    started = time.perf_counter()
    result = build([pdfs, ROOT / "reports"], out)
    print(
        f"built {len(result.reports)} reports in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    return out / "ofsted.ttl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdfs", type=Path, default=ROOT.parent / "shared" / "pdfs")
    parser.add_argument("--graph", type=Path, help="a built graph (default: build the corpus)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="server-latency-") as work, ExitStack() as stack:
        work_dir = Path(work)
        path = args.graph or build_corpus(args.pdfs, work_dir / "graphs")
        graph = load_graph(path)
        embedded = open_engine(path)
        engines = {"embedded": embedded}
        servers = {
            "oxigraph serve": lambda: oxigraph(work_dir / "oxigraph"),
            "oxigraph union": lambda: oxigraph(work_dir / "oxigraph-union", union=True),
            "virtuoso": lambda: virtuoso(work_dir / "virtuoso"),
        }
        pushes = []
        for name, start in servers.items():
            try:
                server = stack.enter_context(start())
            except Unavailable as exc:
                print(f"{name}: skipped ({exc})", flush=True)
                continue
            timings = []
            for _ in range(2):  # into an empty store, then replacing the graph
                started = time.perf_counter()
                result = push(graph, server.store, timeout=1800)
                timings.append(time.perf_counter() - started)
            pushes.append((name, result.triples, *timings))
            print(f"{name}: pushed {result.triples:,} triples in {timings[0]:.1f} s, "
                  f"again in {timings[1]:.1f} s", flush=True)  # fmt: skip
            if "union" in name:  # its default graph is the union: no dataset parameters
                engines[name] = RemoteEngine(server.query, timeout=600, graph_iri=None)
            else:
                engines[name] = RemoteEngine(server.query, timeout=600)

        print(f"\n{len(graph):,} triples; median of {args.runs} runs, milliseconds")
        header = " | ".join(engines)
        print(f"| query | {header} |\n|---|" + "---:|" * len(engines))
        totals = dict.fromkeys(engines, 0.0)
        differ = []
        for name, query in catalogue().items():
            params = (example_params(query) or [{}])[0]
            here = run_query(query, embedded, params)
            cells = []
            for key, engine in engines.items():
                if key != "embedded" and not same(run_query(query, engine, params), here):
                    differ.append(f"{name} on {key}")
                ms = median_ms(lambda e=engine, q=query, p=params: run_query(q, e, p), args.runs)
                totals[key] += ms
                cells.append(f"{ms:.1f}")
            print(f"| {name} | {' | '.join(cells)} |", flush=True)
        print(f"| **total** | {' | '.join(f'**{v:.0f}**' for v in totals.values())} |")
        print(f"\nanswers differing from the embedded store: {', '.join(differ) or 'none'}")
        print("\n| server | triples pushed | first push (s) | push replacing it (s) |")
        print("|---|---:|---:|---:|")
        for name, triples, first, again in pushes:
            print(f"| {name} | {triples:,} | {first:.1f} | {again:.1f} |")


if __name__ == "__main__":
    main()
