"""Golden records: the parser's records of every development PDF against the facts a person
read in it (``tests/golden/*.json``, format in ``tests/golden/README.md``).

The PDFs live in ``../shared/pdfs`` (beside the project in CI); the tests skip without them.
``python tests/test_golden.py [stem ...]`` prints every difference, for work on parsers.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "golden"
PDFS = ROOT.parent / "shared" / "pdfs"
GOLDEN_FILES = sorted(GOLDEN.glob("*.json"))


def _words(text: str) -> str:
    """Text compared loosely: straight quotes and dashes, squashed spaces, no accents."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub("[\u2018\u2019\u02bc`]", "'", text)
    text = re.sub("[\u201c\u201d]", '"', text)
    text = re.sub("[\u2010\u2011\u2012\u2013\u2014]", "-", text)
    return " ".join(text.split())


def _starts(text: str, count: int = 5) -> str:
    """The first words, numbering and bullet marks ("- ") aside."""
    words = re.sub(r"^\s*(?:\d{1,2}[.)]|[a-z][.)])\s+", "", _words(text)).split()
    words = [w for w in words if re.search(r"\w", w)]
    return " ".join(words[:count])


def _person(name: str) -> str:
    return _words(name).casefold()


def differences(golden: dict, report) -> list[str]:
    """Every way ``report`` (a parsed Report) differs from its golden record."""
    from ofsted_kg.errors import UnknownAuthority
    from ofsted_kg.model.councils import council_of

    diffs: list[str] = []

    def check(key: str, expected, actual) -> None:
        if expected != actual:
            diffs.append(f"{key}: expected {expected!r}, parsed {actual!r}")

    if "framework" in golden:
        check("framework", golden["framework"], report.framework)
    if "gss" in golden:
        try:
            gss = council_of(report).gss
        except UnknownAuthority as exc:
            gss = f"unresolved ({exc})"
        check("gss", golden["gss"], gss)
    if "trust" in golden:
        check("trust", golden["trust"], getattr(report.authority, "trust", None))
    for key in ("start", "end", "published"):
        if key in golden:
            fact = getattr(report, key)
            check(key, golden[key], fact.value.isoformat() if fact else None)
    if "lead_inspectors" in golden:
        leads = sorted(_person(m.name) for m in report.team if m.role == "lead-inspector")
        check("lead_inspectors", sorted(_person(n) for n in golden["lead_inspectors"]), leads)
    if golden.get("team") is not None:
        team = sorted({(_person(m.name), m.role) for m in report.team})
        check("team", sorted({(_person(n), r) for n, r in golden["team"]}), team)
    if "judgements" in golden:
        check(
            "judgements",
            sorted(tuple(j) for j in golden["judgements"]),
            sorted((j.scope, j.area, j.grade) for j in report.judgements),
        )
    if "recommendations" in golden:
        expected = golden["recommendations"]
        parsed = report.recommendations
        if len(expected) != len(parsed):
            diffs.append(f"recommendations: expected {len(expected)}, parsed {len(parsed)}")
        for index, (want, got) in enumerate(zip(expected, parsed, strict=False), start=1):
            where = f"recommendation {index}"
            check(f"{where} to", want["to"], got.addressee)
            check(f"{where} starts", _starts(want["starts"]), _starts(got.text))
            if "national_framework" in want:
                check(
                    f"{where} national_framework",
                    list(want["national_framework"]),
                    list(getattr(got, "national_framework", ())),
                )
            if "theme" in want:
                theme = getattr(got, "theme", None)
                check(
                    f"{where} theme",
                    _words(want["theme"]) if want["theme"] else None,
                    _words(theme) if theme else None,
                )
        if len(expected) != len(parsed):
            missing = [_starts(w["starts"]) for w in expected]
            got_starts = [_starts(r.text) for r in parsed]
            diffs.append(f"  expected starts: {missing}")
            diffs.append(f"  parsed starts:   {got_starts}")
    if "posts" in golden:
        check(
            "posts",
            sorted(tuple(p) for p in golden["posts"]),
            sorted((p.post, p.since) for p in report.posts),
        )
    if "previous" in golden:
        # [kind, when, grade], or with a fourth item: the month its report was published,
        # where a report prints that instead of when the inspection was.
        check(
            "previous",
            sorted(tuple(p) + (None,) * (4 - len(p)) for p in golden["previous"]),
            sorted((p.kind, p.when, p.grade, p.published) for p in report.previous),
        )
    if "figures" in golden:
        check(
            "figures",
            {k: Decimal(str(v)) for k, v in sorted(golden["figures"].items())},
            {f.measure: f.value for f in sorted(report.figures, key=lambda f: f.measure)},
        )
    return diffs


def _parse(stem: str):
    from ofsted_kg.build.pipeline import parse_file

    return parse_file(PDFS / f"{stem}.pdf")


@pytest.mark.skipif(not PDFS.is_dir(), reason="the development PDFs (../shared/pdfs) are not here")
@pytest.mark.parametrize("golden_file", GOLDEN_FILES, ids=[p.stem for p in GOLDEN_FILES])
def test_parser_matches_golden_record(golden_file: Path) -> None:
    golden = json.loads(golden_file.read_text(encoding="utf-8"))
    pdf = PDFS / golden["file"]
    if not pdf.is_file():
        pytest.skip(f"{pdf} is not here")
    diffs = differences(golden, _parse(golden_file.stem))
    assert not diffs, "\n".join(diffs)


@pytest.mark.skipif(not PDFS.is_dir(), reason="the development PDFs (../shared/pdfs) are not here")
def test_every_development_pdf_has_a_golden_record() -> None:
    pdfs = {p.stem for p in PDFS.glob("*.pdf")}
    assert pdfs - {p.stem for p in GOLDEN_FILES} == set()


def main(stems: list[str]) -> int:
    from ofsted_kg.errors import OfstedKGError

    files = [GOLDEN / f"{s}.json" for s in stems] if stems else GOLDEN_FILES
    failing = 0
    for path in files:
        golden = json.loads(path.read_text(encoding="utf-8"))
        try:
            diffs = differences(golden, _parse(path.stem))
        except OfstedKGError as exc:
            diffs = [f"refused: {exc}"]
        if diffs:
            failing += 1
            print(f"== {path.stem}")
            for line in diffs:
                print(f"   {line}")
    print(f"{len(files) - failing} of {len(files)} golden records match")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
