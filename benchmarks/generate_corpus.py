"""Make a realistic corpus of N inspection reports by varying the five real ones.

Each generated report is a real report's text with another council's name, shifted
inspection and publication dates within its framework's years, other inspectors' names and
its recommendations in another order, so it parses like the real thing and builds a graph
of realistic shape: N reports spread over England's councils, several per council.

    python benchmarks/generate_corpus.py OUT_FOLDER [-n 450] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import re
from datetime import date, timedelta
from pathlib import Path

from ofsted_kg.model.councils import load_authorities
from ofsted_kg.parse import parse_report

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "reports"

# Years each framework's inspections took place in.
YEARS = {
    "safeguarding-lac-2012": range(2009, 2013),
    "sif": range(2014, 2018),
    "ilacs-standard": range(2018, 2026),
    "ilacs-short": range(2018, 2026),
}
# How often each template is used (ILACS dominates the real corpus since 2018).
WEIGHTS = {
    "tameside-2012-safeguarding-lac.txt": 1,
    "bolton-2014-sif.txt": 1,
    "trafford-2015-sif.txt": 1,
    "cheshire-west-and-chester-2015-sif.txt": 1,
    "trafford-2022-ilacs.txt": 3,
}
FIRST = (
    "Alison",
    "Brenda",
    "Carl",
    "Deborah",
    "Emma",
    "Farhan",
    "Grace",
    "Hugh",
    "Imran",
    "Joanne",
    "Kate",
    "Liam",
    "Maria",
    "Nadia",
    "Owen",
    "Priya",
    "Rachel",
    "Steve",
    "Tanya",
    "Usha",
    "Victor",
    "Wendy",
    "Yusuf",
    "Zoe",
)
LAST = (
    "Ahmed",
    "Baker",
    "Clarke",
    "Davies",
    "Evans",
    "Fletcher",
    "Green",
    "Hughes",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "Morgan",
    "Nolan",
    "Owusu",
    "Patel",
    "Quinn",
    "Roberts",
    "Singh",
    "Taylor",
    "Underwood",
    "Vaughan",
    "Walsh",
    "Young",
)
GAP_DAYS = 90
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _long(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def vary(
    template: str, name: str, rng: random.Random, council: str, start: date, people: dict[str, str]
) -> str:
    """One variant of ``template`` (file ``name``) for ``council`` starting on ``start``."""
    report = parse_report(template, name)
    text = template
    # Dates: the printed range, then the publication date, in the template's own style.
    length = (report.end.value - report.start.value).days
    end = start + timedelta(days=length)
    quote = report.start.span.quote
    if "to" in quote.split():
        new_range = f"{start.day} {MONTHS[start.month - 1]} to {_long(end)}"
    else:
        new_range = f"{_long(start)} – {_long(end)}"
    text = text.replace(quote, new_range, 1)
    if report.published is not None:
        published = end + timedelta(days=rng.randint(40, 80))
        text = text.replace(report.published.span.quote, _long(published), 1)
    # The council: every printed name of the template's council.
    names = sorted({report.authority.name, *report.authority.aliases}, key=len, reverse=True)
    for printed in names:
        text = re.sub(rf"\b{re.escape(printed)}\b", council, text)
    # Inspectors: each real name becomes a generated one (the same across the corpus).
    for member in report.team:
        key = member.name + str(start.year % 3)
        if key not in people:
            first, last = divmod(len(people), len(FIRST))
            people[key] = f"{FIRST[last]} {LAST[first % len(LAST)]}"
        text = text.replace(member.name, people[key])
    return text


def generate(out: Path, count: int, seed: int = 1) -> list[Path]:
    """Write ``count`` reports to ``out``; deterministic for a seed."""
    rng = random.Random(seed)
    templates = {path.name: path.read_text(encoding="utf-8") for path in REPORTS.glob("*.txt")}
    frameworks = {name: parse_report(text, name).framework for name, text in templates.items()}
    councils = [a for a in load_authorities() if a.current]
    pool = [name for name, weight in WEIGHTS.items() for _ in range(weight)]
    out.mkdir(parents=True, exist_ok=True)
    used: dict[str, list[date]] = {}  # each council's inspections so far
    people: dict[str, str] = {}
    written = []
    for index in range(count):
        name = pool[index % len(pool)]
        council = councils[(index * 7) % len(councils)]
        year = rng.choice(list(YEARS[frameworks[name]]))
        start = date(year, rng.randint(1, 11), rng.randint(1, 28))
        # A council's inspections at least three months apart, as real ones are: two
        # that overlap are quarantined by the build (overlapping-inspections-violation).
        while any(abs((start - other).days) < GAP_DAYS for other in used.get(council.gss, ())):
            start += timedelta(days=GAP_DAYS + 7)
        used.setdefault(council.gss, []).append(start)
        text = vary(templates[name], name, rng, council.name, start, people)
        path = out / f"{council.gss}-{start.isoformat()}-{name}"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("-n", "--count", type=int, default=450)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    paths = generate(args.out, args.count, args.seed)
    print(f"wrote {len(paths)} reports to {args.out}")


if __name__ == "__main__":
    main()
