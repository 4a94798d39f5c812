"""``ofsted-kg search`` speed on the whole development corpus: the one-off index build, then
each search, beside a baseline measured in the same run (no index: every passage embedded
again for each search).

    .venv/bin/python benchmarks/search.py [--corpus ../shared/pdfs] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = (
    "homeless young people",
    "children running away",
    "kids in care doing badly at school",
    "social workers have too many cases",
    "foster carers shortage",
    "management oversight and supervision",
    "care leavers in custody",
    "private fostering",
    "neglect",
    "help for families early on",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "pdfs")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from ofsted_kg.build.pipeline import build
    from ofsted_kg.search.index import Filters, SearchIndex, open_index, passages
    from ofsted_kg.themes.embed import embed

    out = Path(tempfile.mkdtemp(prefix="search-bench-"))
    inputs = [args.corpus, ROOT / "reports"] if args.corpus.is_dir() else [ROOT / "reports"]
    build(inputs, out)
    graph = out / "ofsted.ttl"

    start = time.perf_counter()
    index = open_index(graph)
    first = time.perf_counter() - start
    start = time.perf_counter()
    open_index(graph)
    again = time.perf_counter() - start
    print(f"passages: {len(index.passages)} (recommendations and judgements)")
    print(f"index build, once per graph: {first:.2f} s; opening it again: {1000 * again:.0f} ms")

    times = []
    for _ in range(args.runs):
        for words in QUESTIONS:
            start = time.perf_counter()
            index.search(words, Filters(), 10)
            times.append(1000 * (time.perf_counter() - start))
    filtered = []
    for words in QUESTIONS:
        start = time.perf_counter()
        index.search(words, Filters(years=(2018, 2026), region="North West"), 10)
        filtered.append(1000 * (time.perf_counter() - start))
    items = passages(graph)
    baseline = []
    for words in QUESTIONS[:3]:
        start = time.perf_counter()
        SearchIndex(items, embed([p.text for p in items])).search(words, Filters(), 10)
        baseline.append(1000 * (time.perf_counter() - start))
    print(
        f"search, {len(times)} runs of {len(QUESTIONS)} questions: median "
        f"{statistics.median(times):.1f} ms, slowest {max(times):.1f} ms (goal: under 100 ms)"
    )
    print(f"with year and region filters: median {statistics.median(filtered):.1f} ms")
    print(f"baseline, no index (embed every passage per search): "
          f"median {statistics.median(baseline):.0f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
