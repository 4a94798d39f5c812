"""Ofsted letters that are not inspection reports are skipped with a note, not failed.

The letters are real text PDFs made here with matplotlib (a first page as Ofsted writes
it: address block, addressee, the subject line, the opening paragraph) and text files.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import matplotlib
import pytest
from click.testing import CliRunner
from matplotlib.figure import Figure

from conftest import REPORTS, read_report
from ofsted_kg.build.pipeline import parse_file
from ofsted_kg.cli import main
from ofsted_kg.errors import NotAReport
from ofsted_kg.parse import parse_report

HEAD = [
    "Ofsted",
    "Piccadilly Gate",
    "Store Street",
    "Manchester",
    "M1 2WD",
    "T 0300 123 4231",
    "www.gov.uk/ofsted",
    "",
    "14 March 2023",
    "",
]
ADDRESSEE = [
    "Director of Children's Services",
    "Trafford Council",
    "Trafford Town Hall",
    "Talbot Road",
    "Stretford",
    "M32 0TH",
    "",
    "Dear Director",
    "",
]

# file name -> (first page lines, what it is)
LETTERS = {
    "monitoring-visit.pdf": (
        HEAD
        + ADDRESSEE
        + [
            "Monitoring visit to Trafford local authority children's services",
            "",
            "This letter summarises the findings of the monitoring visit to Trafford local",
            "authority children's services on 21 and 22 February 2023. This was the first",
            "monitoring visit since the local authority was judged inadequate. The visit was",
            "carried out under the inspection of local authority children's services (ILACS)",
            "framework.",
        ],
        "a monitoring visit letter",
    ),
    "focused-visit.pdf": (
        HEAD
        + ADDRESSEE
        + [
            "Focused visit to Trafford children's services",
            "",
            "This letter summarises the findings of the focused visit to Trafford children's",
            "services on 10 and 11 January 2023. Inspectors evaluated the local authority's",
            "arrangements for children in need and children subject to a child protection plan,",
            "under the inspection of local authority children's services (ILACS) framework.",
        ],
        "a focused visit letter",
    ),
    "jtai.pdf": (
        HEAD
        + ADDRESSEE
        + [
            "Joint targeted area inspection of the multi-agency response to children and",
            "families who need help in Trafford",
            "",
            "Between 16 and 20 January 2023, Ofsted, the Care Quality Commission (CQC) and His",
            "Majesty's Inspectorate of Constabulary and Fire & Rescue Services (HMICFRS) carried",
            "out a joint inspection of the multi-agency response to children and families who",
            "need help in Trafford.",
        ],
        "a joint targeted area inspection letter",
    ),
    "annual-engagement.txt": (
        HEAD
        + ADDRESSEE
        + [
            "Trafford children's services annual engagement meeting",
            "",
            "Thank you for meeting me and your colleagues on 2 March 2023 for the annual",
            "engagement meeting, as part of the inspection of local authority children's",
            "services (ILACS) framework. This letter sets out what we discussed.",
        ],
        "an annual engagement letter",
    ),
}


def write_letter(folder: Path, name: str, lines: list[str] | None = None) -> Path:
    """The letter (or first page ``lines``) as a one-page A4 PDF with a text layer, or as
    a text file."""
    lines = LETTERS[name][0] if lines is None else lines
    path = folder / name
    if path.suffix == ".txt":
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path
    figure = Figure(figsize=(8.27, 11.69))
    for number, line in enumerate(lines):
        figure.text(0.1, 0.94 - number * 0.022, line, fontsize=9, family="DejaVu Sans")
    with matplotlib.rc_context({"pdf.fonttype": 42}):  # TrueType: a text layer to read
        figure.savefig(path, format="pdf")
    return path


@pytest.mark.parametrize("name", sorted(LETTERS))
def test_letter_is_recognised_as_not_a_report(tmp_path, name):
    path = write_letter(tmp_path, name)
    with pytest.raises(NotAReport) as caught:
        parse_file(path)
    kind = LETTERS[name][1]
    assert str(caught.value) == f"{name}: {kind}, not an inspection report"
    assert caught.value.kind == kind


@pytest.mark.parametrize("name", sorted(LETTERS))
def test_letter_as_text_is_recognised_too(name):
    lines, kind = LETTERS[name]
    with pytest.raises(NotAReport, match=f"^letter.txt: {kind}, not an inspection report$"):
        parse_report("\n".join(lines), "letter.txt")


def test_report_that_mentions_visits_is_still_a_report():
    text = read_report("trafford-2022-ilacs.txt")
    title = "Inspection of Trafford local authority children's services"
    assert title in text
    mention = (
        "The monitoring visit to Trafford, the focused visit to Trafford and the joint "
        "targeted area inspection since the annual engagement meeting"
    )
    report = parse_report(text.replace(title, f"{title}\n{mention}", 1), "trafford.txt")
    assert report.framework == "ilacs-standard"


NOTES = [
    f"note: skipped {name}: {kind}, not an inspection report"
    for name, (_, kind) in sorted(LETTERS.items())
]


@pytest.fixture
def inputs(tmp_path):
    folder = tmp_path / "inputs"
    folder.mkdir()
    shutil.copy(REPORTS / "bolton-2014-sif.txt", folder)
    for name in LETTERS:
        write_letter(folder, name)
    return folder


@pytest.mark.parametrize("strict", [False, True], ids=["default", "strict"])
def test_build_skips_letters_with_a_note_and_exits_0(tmp_path, inputs, strict):
    out = tmp_path / "graphs"
    args = ["build", str(inputs), "-o", str(out)] + (["--strict"] if strict else [])
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [line for line in lines if line.startswith("note: skipped")] == NOTES
    assert "1 of 1 reports read (sif: 1); 4 file(s) skipped" in lines
    assert not [line for line in lines if line.startswith(("Error:", "refused:"))]
    assert next(line for line in lines if line.startswith("jtai.pdf")).split() == [
        "jtai.pdf",
        "SKIPPED",
    ]
    assert "validation: conforms to the SHACL shapes" in lines
    assert f"wrote {out / 'ofsted.ttl'}" in lines
    # The next build comes from the cache and still says what it skipped.
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 0, again.output
    assert [line for line in again.output.splitlines() if line.startswith("note: skipped")] == NOTES
    assert "graph up to date" in again.output


def test_skipped_letter_beside_a_bad_file_exits_3_with_the_graph_of_the_report(tmp_path, inputs):
    (inputs / "empty.txt").write_bytes(b"")
    out = tmp_path / "graphs"
    result = CliRunner().invoke(main, ["build", str(inputs), "-o", str(out)])
    assert result.exit_code == 3
    refused = [line for line in result.output.splitlines() if line.startswith("refused:")]
    assert refused == ["refused: empty.txt: the file is empty (0 bytes)"]
    assert "1 refused of 6 files; wrote the graph of the others." in result.output
    assert (out / "ofsted.ttl").is_file()


def test_strict_writes_nothing_for_a_bad_file_but_not_for_a_letter(tmp_path, inputs):
    (inputs / "empty.txt").write_bytes(b"")
    out = tmp_path / "graphs"
    result = CliRunner().invoke(main, ["build", str(inputs), "-o", str(out), "--strict"])
    assert result.exit_code == 2
    assert "refused: empty.txt: the file is empty (0 bytes)" in result.output.splitlines()
    assert result.output.endswith("--strict: 1 refused of 6 files; nothing written.\n")
    assert not (out / "ofsted.ttl").exists()


# A report of the 2012-2013 child protection inspections: its first page's title and
# masthead lines (no such report is in the development set, so the lines after the title
# are the masthead every framework of the time prints).
CHILD_PROTECTION_2012 = [
    "Inspection of local authority arrangements for the",
    "protection of children",
    "",
    "Rotherham",
    "",
    "Inspection dates: 2 July 2012 - 13 July 2012",
    "Lead inspector: Name Surname HMI",
    "",
    "Age group: All",
    "Published: 10 August 2012",
]


@pytest.mark.parametrize("suffix", [".txt", ".pdf"])
def test_a_child_protection_reports_first_page_is_read_not_refused(tmp_path, suffix):
    """Refused before as a framework not read; its masthead alone is read now, and what
    its framework always prints but this page lacks is told, never guessed."""
    name = f"rotherham-2012{suffix}"
    path = write_letter(tmp_path, name, CHILD_PROTECTION_2012)
    report = parse_file(path)
    assert report.framework == "child-protection-2012"
    assert report.authority.name == "Rotherham"
    assert (report.start.value, report.end.value) == (date(2012, 7, 2), date(2012, 7, 13))
    assert report.published.value == date(2012, 8, 10)
    assert report.judgements == []
    assert "no judgement found" in report.warnings
