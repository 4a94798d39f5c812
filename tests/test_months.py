"""Month names come from the standard library's calendar, and dates parse the same in any
locale: reports are printed in English whatever the machine's language."""

from __future__ import annotations

import json
import locale
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DEV_PDFS
from ofsted_kg.parse import parse_text
from ofsted_kg.parse.common import MONTHS, month_number
from ofsted_kg.source.files import read_pdf_pages
from ofsted_kg.source.text import SourceText
from rewrapping import facts

ROOT = Path(__file__).resolve().parents[1]
FRENCH = "fr_FR.UTF-8"

# Run in a process whose locale is French from the start, as a French user's would be.
PROGRAM = """
import calendar, json, locale, sys
locale.setlocale(locale.LC_ALL, "")
from ofsted_kg.parse import parse_report
text = open(sys.argv[1], encoding="utf-8").read()
report = parse_report(text, "tameside-2012-safeguarding-lac.txt")
print(json.dumps({
    "locale_month": calendar.month_name[3],
    "start": report.start.value.isoformat(),
    "end": report.end.value.isoformat(),
    "published": report.published.value.isoformat(),
    "lc_time": locale.setlocale(locale.LC_TIME),
}))
"""


def _has_locale(name: str) -> bool:
    saved = locale.setlocale(locale.LC_TIME)
    try:
        locale.setlocale(locale.LC_TIME, name)
    except locale.Error:
        return False
    finally:
        locale.setlocale(locale.LC_TIME, saved)
    return True


def test_month_table_is_english():
    assert list(MONTHS) == [
        "january", "february", "march", "april", "may", "june",
        "july", "august", "september", "october", "november", "december",
    ]  # fmt: skip
    assert month_number("March") == 3 and month_number("DECEMBER") == 12


@pytest.mark.skipif(
    not _has_locale(FRENCH),
    reason=f"no {FRENCH} locale here (make one: localedef -i fr_FR -f UTF-8 {FRENCH}, "
    "as .ci/run does)",
)
def test_dates_parse_the_same_in_a_french_locale():
    """Tameside 2012 prints "Inspection dates: 19 – 26 March 2012" and "Published: 14 May
    2012"; in French "March" is "mars", and the parse must not care."""
    env = {**os.environ, "LC_ALL": FRENCH, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, str(ROOT / "reports/tameside-2012-safeguarding-lac.txt")],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    seen = json.loads(done.stdout)
    assert seen["locale_month"] == "mars"  # the process really ran in French
    assert (seen["start"], seen["end"], seen["published"]) == (
        "2012-03-19",
        "2012-03-26",
        "2012-05-14",
    )
    assert seen["lc_time"].startswith("fr_FR")  # and reading the table left it French


# --- month names abbreviated ----------------------------------------------------------

_CUT = [m.capitalize() for m in MONTHS if m != "may"]
_FULL_MONTH_RE = re.compile(r"\b(?:" + "|".join(_CUT) + r")\b")


def _abbreviated(text: str) -> str:
    """``text`` with every month's name cut as a table or a form cuts it: "Jan", "Sept"."""
    return _FULL_MONTH_RE.sub(lambda m: "Sept" if m.group() == "September" else m.group()[:3], text)


def _dated_facts(report) -> dict:
    """The facts a month's name is read in (recommendations' words aside)."""
    return {k: v for k, v in facts(report).items() if k != "recommendations"}


def test_abbreviated_month_names_are_months():
    assert [month_number(m) for m in ("Jan", "Feb", "Sept", "Sep", "Oct.", "Dec")] == [
        1, 2, 9, 9, 10, 12,
    ]  # fmt: skip


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "reports").glob("*.txt")))
def test_a_bundled_report_with_its_months_abbreviated_says_the_same(name):
    """Every date of the bundled reports (the inspection's, a post's start, an earlier
    inspection's, a key figure's) printed "19 - 26 Mar 2012", "since Sept 2014": the same
    facts. Before, the dates could not be read and the report was refused."""
    text = (ROOT / "reports" / name).read_text(encoding="utf-8")
    assert _FULL_MONTH_RE.search(text)
    printed = parse_text(SourceText(text), name)
    again = parse_text(SourceText(_abbreviated(text)), name)
    assert _dated_facts(again) == _dated_facts(printed)


@pytest.mark.skipif(not DEV_PDFS.is_dir(), reason="no development PDFs (../shared/pdfs) here")
def test_every_development_pdf_with_its_months_abbreviated_says_the_same():
    found = []
    for path in sorted(DEV_PDFS.glob("*.pdf")):
        pages = read_pdf_pages(path)
        printed = parse_text(SourceText.from_pages(pages), path.name)
        again = parse_text(SourceText.from_pages([_abbreviated(p) for p in pages]), path.name)
        if _dated_facts(again) != _dated_facts(printed):
            found.append(path.name)
    assert found == []
