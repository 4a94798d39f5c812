"""Build every report in a folder and say, per layout, what was read, refused, quarantined
and which coverage gaps remain: the habit that keeps the parsers honest on real reports.

    python tools/corpus.py [FOLDER ...]      (default ../shared/pdfs; ``make corpus``)

Exit 0 when every file was read and kept, 1 otherwise. Nothing is written.
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from pathlib import Path

from ofsted_kg.build.pipeline import build
from ofsted_kg.model.expectations import missing

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "pdfs"


def main(argv: list[str]) -> int:
    folders = [Path(a) for a in argv] or [DEFAULT]
    result = build(folders, None)
    by_layout: dict[str, list] = defaultdict(list)
    for outcome in result.outcomes:
        if outcome.report is not None:
            by_layout[outcome.report.framework].append(outcome)
    print(f"{'layout':<18} {'files':>5} {'read':>5} {'quarant.':>8}  gaps (reports)")
    for layout, outcomes in sorted(by_layout.items()):
        read = [o for o in outcomes if o.ok]
        gaps = Counter(g.slug for o in read if o.report for g in missing(o.report))
        shown = ", ".join(f"{gap} ({count})" for gap, count in sorted(gaps.items())) or "-"
        quarantined = sum(o.status == "quarantined" for o in outcomes)
        print(f"{layout:<18} {len(outcomes):>5} {len(read):>5} {quarantined:>8}  {shown}")
    print(
        f"\n{len(result.reports)} of {len(result.outcomes) - len(result.skipped)} reports read; "
        f"{len(result.failures)} refused; {len(result.quarantined)} quarantined; "
        f"{len(result.skipped)} skipped"
    )
    for outcome in result.failures:
        print(f"refused: {outcome.error}")
    for outcome in result.quarantined:
        for reason in outcome.quarantined:
            print(f"quarantined: {outcome.name}: {reason}")
    for outcome in result.skipped:
        print(f"skipped: {outcome.name}: {outcome.skipped}")
    for layout, outcomes in sorted(by_layout.items()):
        for outcome in outcomes:
            if outcome.ok and outcome.report is not None:
                for gap in missing(outcome.report):
                    print(f"gap: {layout}: {outcome.name}: {gap.missing}")
    return 0 if result.complete else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
