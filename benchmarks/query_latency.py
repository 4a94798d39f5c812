"""Median latency of every stored query (with its first example's parameters) on the embedded
Oxigraph store, rdflib's Memory store (the baseline) and an ``oxigraph serve`` server.

    .venv/bin/python benchmarks/query_latency.py [--graph graphs/ofsted.ttl] [--runs 7]
        [--endpoint http://127.0.0.1:7878]   # an existing server; else one is started

The server is started on a free 127.0.0.1 port with a temporary store (and stopped at the
end) unless --endpoint names a running one, which then gets the graph pushed to it.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from ofsted_kg.query.catalogue import catalogue, example_params, run_query
from ofsted_kg.server.remote import RemoteEngine, push
from ofsted_kg.store.disk import load_graph
from ofsted_kg.store.engines import OxigraphEngine, RdflibEngine


def median_ms(func, runs: int) -> float:
    func()  # warm-up (parsing, caches)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def start_server(store: str) -> tuple[subprocess.Popen, str]:
    exe = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [exe, "serve", "--location", store, "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1):
                return process, base
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    process.terminate()
    raise SystemExit("oxigraph serve did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graph", type=Path, default=Path("graphs/ofsted.ttl"))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--endpoint", help="base URL of a running oxigraph server")
    args = parser.parse_args()

    graph = load_graph(args.graph)
    engines = {"oxigraph": OxigraphEngine.from_graph(graph), "rdflib": RdflibEngine(graph)}
    process = None
    with tempfile.TemporaryDirectory() as store:
        if args.endpoint:
            base = args.endpoint.rstrip("/")
        else:
            process, base = start_server(store)
        try:
            push(graph, f"{base}/store", timeout=120)
            engines["server"] = RemoteEngine(f"{base}/query", timeout=120)
            print(f"{len(graph)} triples; median of {args.runs} runs, milliseconds; server {base}")
            print(f"{'query':42} {'oxigraph':>9} {'rdflib':>9} {'server':>9}")
            totals = dict.fromkeys(engines, 0.0)
            for name, query in catalogue().items():
                params = (example_params(query) or [{}])[0]
                cells = []
                for key, engine in engines.items():
                    ms = median_ms(
                        lambda e=engine, q=query, p=params: run_query(q, e, p), args.runs
                    )
                    totals[key] += ms
                    cells.append(f"{ms:9.1f}")
                print(f"{name:42} {' '.join(cells)}")
            print(f"{'total':42} {' '.join(f'{v:9.1f}' for v in totals.values())}")
        finally:
            if process is not None:
                process.terminate()
                process.wait(timeout=10)


if __name__ == "__main__":
    main()
