"""Recommendation themes: precision and recall per theme on the hand-labelled set, against a
keyword-only baseline measured in the same run, and what theme assignment costs a build.

    .venv/bin/python benchmarks/themes.py [--corpus ../shared/pdfs]

1. Quality: the 262 labelled recommendations (``tests/fixtures/themes/labelled.csv``) are
   classified by the keyword-only baseline (a theme's keywords found in the text), by the
   phrase rules alone, by the model alone (nearest theme at or above the threshold), and by
   the assignment the graph uses (rules, then the model where no rule matched).
2. Cost: the development corpus's reports are parsed (from the build cache), then their
   triples are made with and without theme links; the difference, scaled to 450 reports.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LABELLED = ROOT / "tests" / "fixtures" / "themes" / "labelled.csv"


def scores(predicted: list[set[str]], gold: list[set[str]], themes: list[str]):
    tp, fp, fn = Counter(), Counter(), Counter()
    for guess, truth in zip(predicted, gold, strict=True):
        for t in guess & truth:
            tp[t] += 1
        for t in guess - truth:
            fp[t] += 1
        for t in truth - guess:
            fn[t] += 1
    per = {}
    for t in themes:
        p = tp[t] / (tp[t] + fp[t]) if tp[t] + fp[t] else 0.0
        r = tp[t] / (tp[t] + fn[t]) if tp[t] + fn[t] else 0.0
        per[t] = (p, r, tp[t] + fn[t])
    total_tp, total_fp, total_fn = sum(tp.values()), sum(fp.values()), sum(fn.values())
    micro_p = total_tp / (total_tp + total_fp)
    micro_r = total_tp / (total_tp + total_fn)
    micro_f = 2 * total_tp / (2 * total_tp + total_fp + total_fn)
    macro_f = statistics.mean(2 * p * r / (p + r) if p + r else 0.0 for p, r, _ in per.values())
    return per, (micro_p, micro_r, micro_f, macro_f)


def quality() -> None:
    from ofsted_kg.model.themes import THEMES
    from ofsted_kg.themes.classify import (
        MODEL_THRESHOLD,
        classify_many,
        keyword_themes,
        model_scores,
    )
    from ofsted_kg.themes.rules import rule_matches

    with LABELLED.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    gold = [set(row["themes"].split()) for row in rows]
    themes = list(THEMES)
    baseline = [keyword_themes(row["text"]) for row in rows]
    rules = [set(rule_matches(row["text"], row["addressee"])) for row in rows]
    model = []
    for table in model_scores([row["text"] for row in rows]):
        best = max(table, key=lambda s: (table[s], s))
        model.append({best} if table[best] >= MODEL_THRESHOLD else set())
    links = classify_many([(row["text"], row["addressee"]) for row in rows])
    ours = [{link.theme for link in found} for found in links]
    by_model = [(link.theme, truth) for found, truth in zip(links, gold, strict=True)
                for link in found if link.method == "model"]  # fmt: skip
    runs = {
        "keyword baseline": scores(baseline, gold, themes),
        "rules only": scores(rules, gold, themes),
        "model only": scores(model, gold, themes),
        "rules + model (the graph's)": scores(ours, gold, themes),
    }
    print(f"labelled recommendations: {len(rows)}, theme labels: {sum(map(len, gold))}")
    print(f"\n{'method':30} {'micro P':>8} {'micro R':>8} {'micro F1':>8} {'macro F1':>8}")
    for name, (_, (p, r, f, mf)) in runs.items():
        print(f"{name:30} {p:8.3f} {r:8.3f} {f:8.3f} {mf:8.3f}")
    right = sum(theme in truth for theme, truth in by_model)
    print(f"\nmodel links (texts no rule matched): {len(by_model)}, {right} correct")
    print(f"\n{'theme':28} {'n':>3}  {'baseline P/R':>12}  {'rules+model P/R':>15}")
    for t in themes:
        bp, br, n = runs["keyword baseline"][0][t]
        op, orr, _ = runs["rules + model (the graph's)"][0][t]
        print(f"{t:28} {n:3}  {bp:5.2f} {br:5.2f}   {op:7.2f} {orr:6.2f}")


def cost(corpus: Path) -> None:
    import ofsted_kg.rdf.graph as graph_module
    from ofsted_kg.build.pipeline import build
    from ofsted_kg.model.namespaces import IRIs
    from ofsted_kg.rdf.graph import report_lines

    out = Path(tempfile.mkdtemp(prefix="themes-bench-"))
    result = build([corpus, ROOT / "reports"], out, validate=False)
    reports = result.reports
    recommendations = sum(len(r.recommendations) for r in reports)
    iris = IRIs()
    real = graph_module.theme_statements

    def timed() -> float:
        start = time.perf_counter()
        for report in reports:
            report_lines(report, iris)
        return time.perf_counter() - start

    timed()  # warm-up: the model loaded once, as in a build's worker
    with_themes = min(timed() for _ in range(3))
    graph_module.theme_statements = lambda _iris, _items: []  # the baseline: no theme links
    try:
        without = min(timed() for _ in range(3))
    finally:
        graph_module.theme_statements = real
    extra = with_themes - without
    scale = 450 / len(reports)
    print(f"\nreports: {len(reports)}, recommendations: {recommendations}")
    print(f"triples of every report, with theme links:    {with_themes:6.2f} s")
    print(f"triples of every report, without (baseline):  {without:6.2f} s")
    print(
        f"theme assignment: {extra:.2f} s ({1000 * extra / recommendations:.2f} ms a "
        f"recommendation); for 450 reports about {extra * scale:.1f} s of CPU, spread over "
        "the build's workers, plus one model load per worker"
    )
    start = time.perf_counter()
    from ofsted_kg.themes.embed import embed

    embed(["warm"])
    print(f"model load (once per process, measured warm here): {time.perf_counter() - start:.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "pdfs")
    args = parser.parse_args()
    quality()
    if args.corpus.is_dir():
        cost(args.corpus)
    else:
        print(f"\n{args.corpus}: not here; build cost not measured", file=sys.stderr)


if __name__ == "__main__":
    main()
