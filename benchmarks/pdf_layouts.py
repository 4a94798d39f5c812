"""Print the raw lines of each PDF report that a parser has to match (per-file survey).

Usage::

    .venv/bin/python benchmarks/pdf_layouts.py /path/to/pdfs > /tmp/entries.md

Uses :func:`ofsted_kg.source.files.read_pdf_pages`, so every quoted line is exactly a line of the
page text the package produces (``repr`` shows trailing spaces). The output is the raw
material of the per-file entries in ``docs/pdf-layouts.md``; the family descriptions there
are written by hand.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from ofsted_kg.source.files import read_pdf_pages

KEYS = {
    "dates": re.compile(r"^(Inspection dates?:|Inspection dates)"),
    "inspectors": re.compile(
        r"^(Lead inspector|Reporting inspector|Deputy lead inspector|Team inspectors?|"
        r"Shadow inspectors?|Senior data analysts?|Quality assurance manager|"
        r"Her Majesty’s Inspector|His Majesty’s Inspector)"
    ),
    "recommendations": re.compile(
        r"^(What needs to improve\??|Recommendations|Areas for improvement|"
        r"What does the (local authority|Local Authority|LSCB) need to improve\?|"
        r"Immediately:|Within (three|six) months:)\s*$"
    ),
    "judgements": re.compile(
        r"^(\d(\.\d)?\.? ?[A-Z].*(Good|Outstanding|Inadequate|Requires|Adequate) ?$|"
        r"Judgement Grade|Overall effectiveness|The overall judgement|Children’s services in|"
        r"The (Local Safeguarding Children Board|LSCB) (is|requires)|"
        r"The (judgement for the )?effectiveness of the Local Safeguarding|"
        r"Record of main findings|Grade \d \()"
    ),
}
FAMILY_RULES = (
    ("LAC-2013", re.compile(r"Inspection of looked after children")),
    ("SIF re-inspection", re.compile(r"Re-inspection of services")),
    ("LSCB review only", re.compile(r"\A[^\n]*\n?[^\n]*\nReview of the effectiveness")),
    (
        "SIF + LSCB review",
        re.compile(
            r"Inspection of services for children in need[\s\S]*"
            r"Review of the effectiveness"
        ),
    ),
    ("SIF", re.compile(r"Inspection of services for children in need")),
    ("ILACS", re.compile(r"children.s\s+(social\s+care\s+)?services")),
)


def family(first_page: str) -> str:
    for name, pattern in FAMILY_RULES:
        if pattern.search(first_page):
            return name
    return "unknown"


GRADE_WORD = re.compile(
    r"^(Good|Outstanding|Inadequate|Adequate|Requires|Improvement|"
    r"improvement|to be good|good|inadequate|outstanding)\b"
)
TABLE_END = re.compile(
    r"^(Overall effectiveness|3\. Leadership|Leadership and management|"
    r"The Local Safeguarding Children Board (is|requires))"
)
LSCB_ON_PAGE_1 = re.compile(
    r"^The (judgement for the )?effectiveness of the Local Safeguarding", re.M
)


def head_block(pages: list[str]) -> list[tuple[int, str]]:
    """Page 1 from the top to the end of the judgement table (or the LAC-2013 findings)."""
    lines = pages[0].split("\n")
    if family(pages[0]) == "LAC-2013":
        first = [(1, line) for line in lines[:8]]
        for number, page in enumerate(pages, 1):
            if page.split("\n")[1:2] == ["Record of main findings"]:
                return first + [(number, line) for line in page.split("\n")[:14]]
        return first
    lscb_here = LSCB_ON_PAGE_1.search(pages[0]) is not None
    block: list[tuple[int, str]] = []
    for index, line in enumerate(lines[:40]):
        block.append((1, line))
        if LSCB_ON_PAGE_1.search(line):
            block += [(1, follow) for follow in lines[index + 1 : index + 3]]
            break
        if TABLE_END.search(line):
            for follow in lines[index + 1 : index + 3]:
                if not GRADE_WORD.search(follow):
                    break
                block.append((1, follow))
            if not lscb_here:
                break
    return block


def entry(path: Path) -> str:
    pages = read_pdf_pages(path)
    out = [
        f"### {path.name}",
        "",
        f"{len(pages)} pages; family by rule: {family(pages[0])}",
        "",
        "```",
    ]
    out += [f"p{number}: {line!r}" for number, line in head_block(pages)]
    out.append("...")
    for key, pattern in KEYS.items():
        hits = [
            (number, line)
            for number, page in enumerate(pages, 1)
            for line in page.split("\n")
            if pattern.search(line)
        ]
        for number, line in hits[:14]:
            out.append(f"[{key}] p{number}: {line!r}")
    for number in (3, len(pages) - 1):
        lines = pages[number - 1].split("\n")
        out.append(f"[page top] p{number}: {lines[:2]!r}")
        out.append(f"[page end] p{number}: {lines[-1]!r}")
    breaks = sum(page.count("-\n") for page in pages)
    out += ["```", "", f'line-end hyphens ("-\\n"): {breaks}', ""]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    for path in sorted(args.folder.glob("*.pdf")):
        print(entry(path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
