"""The speed and memory targets of ofsted-kg, each measured beside a baseline in the same run.

    .venv/bin/python benchmarks/run.py [-n 450] [--pdfs FOLDER] [--scaling] [--quick]

Steps (whole-process wall time on this machine; memory is the peak resident set of the
build and its worker processes):

1. a generated corpus of N text reports (``generate_corpus.py``, default 450);
2. full build, text in, validated Turtle + JSON-LD out (target <= 20 s), against the same
   build on one core without the cache (baseline);
3. with ``--pdfs FOLDER``: the same from PDFs, the folder's files repeated under other
   names up to N (target <= 40 s), beside pypdf's extraction of the same pages (baseline);
4. rebuild with no changed input (target <= 3 s);
5. peak memory of the full build (target <= 1.5 GB);
6. SHACL validation of the N-report graph (target <= 10 s), beside plain pySHACL on the
   whole graph of a 50-report corpus (baseline: pySHACL grows super-linearly and would take
   many minutes at N);
7. every stored query on the N-report graph, median (target <= 50 ms each) on the embedded
   Oxigraph store, beside rdflib's Memory store (baseline);
8. ``ofsted-kg --help`` and ``ofsted-kg query`` start-up (target <= 0.5 s);
9. with ``--scaling``: build time and memory at N = 50, 150, 450, 1350.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate_corpus import generate  # noqa: E402

BIN = Path(sys.executable).parent
CLI = (
    [str(BIN / "ofsted-kg")]
    if (BIN / "ofsted-kg").exists()
    else [sys.executable, "-m", "ofsted_kg.cli"]
)
ROWS: list[tuple[str, str, str, str, str]] = []


def timed(
    args: list[str], env: dict[str, str] | None = None, ok_codes: tuple[int, ...] = (0, 1)
) -> tuple[float, float]:
    """Wall seconds and peak memory (MB) of a command and its children."""
    wrapper = ["/usr/bin/time", "-f", "%M"] if Path("/usr/bin/time").exists() else []
    start = time.perf_counter()
    done = subprocess.run(wrapper + args, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    if done.returncode not in ok_codes:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr[-2000:]}")
    memory = float(done.stderr.strip().splitlines()[-1]) / 1024 if wrapper else float("nan")
    return seconds, memory


def print_table() -> None:
    """Every target measured, as a Markdown table; exit 1 when one was missed."""
    print("\n| target | measured | goal | baseline (same run) | |")
    print("|---|---|---|---|---|")
    for what, measured, target, baseline, verdict in ROWS:
        print(f"| {what} | {measured} | {target} | {baseline} | {verdict} |")
    if any(verdict == "MISSED" for *_, verdict in ROWS):
        sys.exit(1)


def row(what: str, measured: str, target: str, baseline: str, ok: bool | None) -> None:
    """One line of the table; ``ok`` None for a measurement that is not a target (what
    bounds one: a cost the target's own code cannot go under), shown as "bound"."""
    verdict = "bound" if ok is None else "met" if ok else "MISSED"
    ROWS.append((what, measured, target, baseline, verdict))
    print(f"  {what}: {measured} (target {target}; baseline {baseline})", flush=True)


def build_times(corpus: Path, work: Path, count: int) -> None:
    out = work / "graphs"
    seconds, memory = timed(CLI + ["build", str(corpus), "-o", str(out), "--no-progress"])
    base_s, base_mb = timed([sys.executable, str(HERE / "baseline_build.py"), str(corpus)])
    row(
        f"full build, {count} text reports",
        f"{seconds:.1f} s",
        "<= 20 s",
        f"one core, no cache, rdflib serialisers: {base_s:.1f} s",
        seconds <= 20,
    )
    row(
        "peak memory of the full build",
        f"{memory:.0f} MB",
        "<= 1536 MB",
        f"baseline build {base_mb:.0f} MB",
        memory <= 1536,
    )
    again, _ = timed(CLI + ["build", str(corpus), "-o", str(out), "--no-progress"])
    row(
        "rebuild with no changed input",
        f"{again:.2f} s",
        "<= 3 s",
        f"full build {seconds:.1f} s",
        again <= 3,
    )


def pdf_times(folder: Path, work: Path, count: int) -> None:
    pdfs = sorted(folder.glob("*.pdf"))
    corpus = work / "pdfs"
    corpus.mkdir()
    for index in range(count):
        source = pdfs[index % len(pdfs)]
        (corpus / f"{index:04d}-{source.name}").symlink_to(source.resolve())
    seconds, _ = timed(
        CLI
        + ["build", str(corpus), "-o", str(work / "pdf-graphs"), "--no-progress", "--allow-partial"]
    )
    from pypdf import PdfReader

    start = time.perf_counter()
    for path in sorted(corpus.iterdir()):
        for page in PdfReader(path).pages:
            page.extract_text()
    pypdf_seconds = time.perf_counter() - start
    row(
        f"full build, {count} PDFs",
        f"{seconds:.1f} s",
        "<= 40 s",
        f"pypdf text extraction alone: {pypdf_seconds:.1f} s",
        seconds <= 40,
    )


def validation_times(corpus: Path, work: Path, count: int) -> None:
    from ofsted_kg.build.check import load_store
    from ofsted_kg.build.pipeline import build
    from ofsted_kg.validate.validator import validate_graph

    result = build([corpus], None, validate=False)
    start = time.perf_counter()
    verdict = validate_graph(None, store=load_store(result.lines))
    seconds = time.perf_counter() - start
    small = work / "corpus-50"
    generate(small, 50)
    small_graph = build([small], None, validate=False).graph
    start = time.perf_counter()
    validate_graph(small_graph, validator="pyshacl")
    pyshacl_seconds = time.perf_counter() - start
    row(
        f"SHACL validation, {count} reports ({result.triple_count:,} triples)",
        f"{seconds:.1f} s ({'conforms' if verdict.conforms else 'violations'})",
        "<= 10 s",
        f"plain pySHACL on 50 reports: {pyshacl_seconds:.1f} s",
        seconds <= 10,
    )


def _rdflib_once(engine, query, params, queue) -> None:
    from ofsted_kg.query.catalogue import run_query

    start = time.perf_counter()
    run_query(query, engine, params)
    queue.put((time.perf_counter() - start) * 1000)


def rdflib_ms(engine, query, params, limit: float) -> float:
    """One rdflib run in a forked child, stopped after ``limit`` seconds (then inf)."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_rdflib_once, args=(engine, query, params, queue))
    child.start()
    child.join(limit)
    if child.is_alive():
        child.terminate()
        child.join()
        return float("inf")
    return queue.get() if not queue.empty() else float("inf")


def query_times(graph: Path, runs: int, limit: float) -> None:
    """Every stored query on the embedded store, then (the baseline) on rdflib's Memory store,
    each rdflib query in a forked child stopped after ``limit`` seconds."""
    from ofsted_kg.query.catalogue import catalogue, example_params, run_query
    from ofsted_kg.store.disk import load_graph, open_engine
    from ofsted_kg.store.engines import RdflibEngine

    oxigraph = open_engine(graph)
    queries = {
        name: (query, example_params(query)[0] if example_params(query) else {})
        for name, query in catalogue().items()
    }
    medians = {}
    for name, (query, params) in queries.items():
        run_query(query, oxigraph, params)  # warm-up
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            run_query(query, oxigraph, params)
            samples.append((time.perf_counter() - start) * 1000)
        medians[name] = statistics.median(samples)
    rdflib_engine = RdflibEngine(load_graph(graph))
    baselines = {}
    for name, (query, params) in queries.items():
        baselines[name] = rdflib_ms(rdflib_engine, query, params, limit)
        theirs = baselines[name]
        shown = f"{theirs:10.1f} ms" if theirs != float("inf") else f"  > {limit:.0f} s"
        print(f"    {name:40s} oxigraph {medians[name]:8.1f} ms   rdflib {shown}", flush=True)
    worst = max(medians, key=medians.__getitem__)
    over = sum(b == float("inf") for b in baselines.values())
    baseline_median = statistics.median(baselines.values())
    shown_median = (
        f"{baseline_median:.0f} ms" if baseline_median != float("inf") else f"over {limit:.0f} s"
    )
    row(
        f"stored queries ({len(medians)}), median latency",
        f"slowest {medians[worst]:.1f} ms ({worst}), "
        f"median {statistics.median(medians.values()):.1f} ms",
        "<= 50 ms each",
        f"rdflib Memory median {shown_median}, {over} queries over {limit:.0f} s",
        medians[worst] <= 50,
    )


def start_times(graph: Path) -> None:
    help_s = min(timed(CLI + ["--help"])[0] for _ in range(3))
    timed(CLI + ["query", "inspections", "--graph", str(graph)])  # builds the store once
    query_s = min(timed(CLI + ["query", "inspections", "--graph", str(graph)])[0] for _ in range(3))
    baseline = min(timed([sys.executable, "-c", "import rdflib, pyshacl"])[0] for _ in range(3))
    row(
        "ofsted-kg --help",
        f"{help_s:.2f} s",
        "<= 0.5 s",
        f"importing rdflib and pyshacl alone: {baseline:.2f} s",
        help_s <= 0.5,
    )
    row(
        "ofsted-kg query on the built graph",
        f"{query_s:.2f} s",
        "<= 0.5 s",
        f"importing rdflib and pyshacl alone: {baseline:.2f} s",
        query_s <= 0.5,
    )


def scaling(work: Path) -> None:
    print("\nHow cost grows (full build, text in):")
    print(f"  {'N':>6} {'seconds':>8} {'s/report':>9} {'peak MB':>8}")
    for count in (50, 150, 450, 1350):
        corpus = work / f"scale-{count}"
        generate(corpus, count)
        seconds, memory = timed(
            CLI + ["build", str(corpus), "-o", str(work / f"g-{count}"), "--no-progress"]
        )
        print(f"  {count:>6} {seconds:>8.1f} {seconds / count:>9.3f} {memory:>8.0f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--count", type=int, default=450)
    parser.add_argument("--pdfs", type=Path, help="a folder of real report PDFs")
    parser.add_argument("--scaling", action="store_true", help="N = 50, 150, 450, 1350")
    parser.add_argument("--runs", type=int, default=15, help="runs per query median")
    parser.add_argument(
        "--rdflib-limit",
        type=float,
        default=20.0,
        help="seconds an rdflib baseline query may take before it is stopped",
    )
    args = parser.parse_args()
    print(f"ofsted-kg benchmarks on {os.cpu_count()} cores, N = {args.count}")
    with tempfile.TemporaryDirectory(prefix="ofsted-kg-bench-") as tmp:
        work = Path(tmp)
        corpus = work / "corpus"
        generate(corpus, args.count)
        build_times(corpus, work, args.count)
        if args.pdfs:
            pdf_times(args.pdfs, work, args.count)
        validation_times(corpus, work, args.count)
        query_times(work / "graphs" / "ofsted.ttl", args.runs, args.rdflib_limit)
        start_times(work / "graphs" / "ofsted.ttl")
        if args.scaling:
            scaling(work)
        shutil.rmtree(work, ignore_errors=True)
    print_table()


if __name__ == "__main__":
    main()
