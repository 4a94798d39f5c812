"""Real reports laid out again (:mod:`rewrapping`): the same facts however a PDF breaks
its lines.

The parsers were written on the development PDFs; an unseen report of the same layout
breaks its lines elsewhere. Each report here is read as printed and again with its
paragraphs broken at other widths; the two readings must state the same facts. The
fixture PDFs always; every development PDF (``../shared/pdfs``) when it is here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import DEV_PDFS, FIXTURES, read_report
from ofsted_kg.errors import ParseError
from ofsted_kg.parse import parse_text
from ofsted_kg.source.files import read_pdf_pages
from ofsted_kg.source.text import SourceText
from rewrapping import as_pdf_pages, facts, move_page_breaks, rewrap_page

WIDTHS = (0, 50, 62, 68, 75, 82, 90, 100, 120)
FIXTURE_PDFS = sorted((FIXTURES / "pdfs").glob("*.pdf"))
DEV = sorted(DEV_PDFS.glob("*.pdf"))


def _read(pages: list[str], name: str):
    return parse_text(SourceText.from_pages(pages), name)


def _differences(path: Path) -> list[str]:
    pages = read_pdf_pages(path)
    printed = facts(_read(pages, path.name))
    found = []
    for width in WIDTHS:
        again = facts(_read([rewrap_page(page, width) for page in pages], path.name))
        found += _changes(f"{path.name} at width {width}", printed, again)
    return found


def _changes(label: str, printed: dict, again: dict) -> list[str]:
    """Each fact ``again`` states otherwise than ``printed``: what it lost and gained."""
    return [
        f"{label}: {key} lost {_missing(printed[key], again[key])!r}"
        f", gained {_missing(again[key], printed[key])!r}"
        for key in printed
        if again[key] != printed[key]
    ]


def _missing(these, those) -> object:
    """What of ``these`` is not in ``those`` (for a list), or ``these``."""
    return [x for x in these if x not in those] if isinstance(these, list) else these


@pytest.mark.parametrize("path", FIXTURE_PDFS, ids=lambda p: p.stem)
def test_a_fixture_pdf_says_the_same_however_its_lines_break(path):
    assert _differences(path) == []


@pytest.mark.skipif(not DEV, reason="the development PDFs (../shared/pdfs) are not here")
def test_every_development_pdf_says_the_same_however_its_lines_break():
    found = [difference for path in DEV for difference in _differences(path)]
    assert found == [], "\n".join(found[:20])


def _dev_pages(name: str) -> list[str]:
    if not (DEV_PDFS / name).exists():
        pytest.skip("the development PDFs (../shared/pdfs) are not here")
    return read_pdf_pages(DEV_PDFS / name)


def _team_laid_out(name: str, width: int) -> list[tuple[str, str, bool]]:
    """The team of development report ``name`` with its lines broken at ``width``."""
    report = _read([rewrap_page(p, width) for p in _dev_pages(name)], name)
    return [(m.name, m.role, m.additional_inspector) for m in report.team]


def test_a_marker_broken_over_lines_stays_with_its_name():
    """Havering 2016 prints "Shadow inspectors: Nicola Bennett, Sandra Jacobs-Walls
    (regulatory inspector)"; laid out narrower, "(regulatory" ends a line. Wokingham 2016
    prints "... and Michael McCracken additional inspector"; broken after "additional".
    Before, the list stopped there and the roles below it were lost."""
    team = _team_laid_out("havering-2016-12-09.pdf", 75)
    assert ("Sandra Jacobs-Walls", "shadow-inspector", False) in team
    assert ("Patrick Thomson", "senior-data-analyst", False) in team
    assert ("Carolyn Adcock", "quality-assurance-manager", False) in team
    team = _team_laid_out("wokingham-2016-01-05.pdf", 68)
    assert ("Michael McCracken", "team-inspector", True) in team
    assert ("Ali Mekki", "team-inspector", False) in team
    assert ("Margaret Burke", "shadow-inspector", False) in team


def test_a_marker_on_a_line_of_its_own_stays_with_its_name():
    """Worcestershire 2017's "John Roughton HMI" broken before "HMI": before, the list
    ended at the lone "HMI" and the shadow inspector, analyst and QA manager were lost."""
    team = _team_laid_out("worcestershire-2017-01-24.pdf", 75)
    assert ("John Roughton", "team-inspector", False) in team
    assert ("Rachel Griffiths", "shadow-inspector", False) in team
    assert ("Chris Sands", "quality-assurance-manager", False) in team


def test_a_wrapped_contents_entry_is_not_the_heading_it_names():
    """Cambridgeshire 2014's contents entry "Section 2: The effectiveness of the Local
    Safeguarding Children Board 31" broken before "Children Board 31": its first line
    read as the LSCB section's heading, so the local authority's nine recommendations
    (all before it in the body) were looked for in the contents page and lost."""
    pages = _dev_pages("cambridgeshire-2014-08-08.pdf")
    report = _read([rewrap_page(p, 62) for p in pages], "cambridgeshire-2014-08-08.pdf")
    to_la = [r for r in report.recommendations if r.addressee == "local-authority"]
    assert len(to_la) == 9
    assert to_la[0].number == 13
    assert to_la[0].text.startswith("Ensure that statutory child protection guidance is")
    assert "no recommendations to the local authority found" not in report.warnings


def test_an_items_second_sentence_on_a_line_of_its_own_does_not_end_the_list():
    """Halton 2024's sixth item ends "... permanence without delay. This includes the
    effectiveness of independent reviewing officers (IROs), ..."; broken at the full stop,
    the capitalised line ended the list and the last six of its twelve items were lost."""
    pages = _dev_pages("halton-2024-07-12.pdf")
    report = _read([rewrap_page(p, 82) for p in pages], "halton-2024-07-12.pdf")
    items = report.recommendations
    assert len(items) == 12
    assert items[5].text.endswith(
        "so that concerns relating to care planning are identified, escalated and quickly resolved."
    )
    assert items[6].text.startswith("The sufficiency of suitable placements")
    assert items[11].text.startswith("The quality of supervision and oversight")


# --- spaces --------------------------------------------------------------------------


@pytest.mark.parametrize("path", FIXTURE_PDFS, ids=lambda p: p.stem)
def test_doubled_spaces_inside_lines_change_nothing(path):
    """Justified text and other converters print two spaces between some words ("Lead
    inspector:  Jane Smith", "Overall  effectiveness"); every word gap doubled here."""
    pages = read_pdf_pages(path)
    doubled = [re.sub(r"(?<=\S) (?=\S)", "  ", page) for page in pages]
    assert facts(_read(doubled, path.name)) == facts(_read(pages, path.name))


@pytest.mark.parametrize("path", FIXTURE_PDFS, ids=lambda p: p.stem)
def test_ligatures_change_nothing(path):
    """A font whose text layer keeps its ligatures prints "Overall eﬀectiveness", "oﬃcer",
    "ﬁndings": every "ffi", "ff", "fi" and "fl" of the fixture PDFs so."""
    pages = read_pdf_pages(path)
    table = {"ffi": "\ufb03", "ff": "\ufb00", "fi": "\ufb01", "fl": "\ufb02"}
    ligatured = [re.sub("ffi|ff|fi|fl", lambda m: table[m.group()], page) for page in pages]
    assert ligatured != pages
    assert facts(_read(ligatured, path.name)) == facts(_read(pages, path.name))


@pytest.mark.parametrize("path", FIXTURE_PDFS, ids=lambda p: p.stem)
def test_zero_width_spaces_change_nothing(path):
    """A zero-width space inside words ("eff\u200bectiveness"), as some converters leave at
    a font change: one after every "e" of the fixture PDFs."""
    pages = read_pdf_pages(path)
    spaced = [page.replace("e", "e\u200b") for page in pages]
    assert facts(_read(spaced, path.name)) == facts(_read(pages, path.name))


@pytest.mark.parametrize("path", FIXTURE_PDFS, ids=lambda p: p.stem)
def test_indented_bullets_change_nothing(path):
    """A bullet glyph after an indent ("  \u25fc The quality of ...") is still that bullet:
    the normaliser turns only the glyph into "-", so a list whose items are indented, some
    of them, is not read as one item with sub-bullets. Every other bullet indented here."""
    pages = read_pdf_pages(path)
    glyph = re.compile("(?m)^(?=[\uf06e\uf0a7\uf02d\u25fc])")
    count = iter(range(10**6))
    indented = [glyph.sub(lambda _: "  " * (next(count) % 2), page) for page in pages]
    assert facts(_read(indented, path.name)) == facts(_read(pages, path.name))


# --- a judgement table's narrow grade column ------------------------------------------

_GRADE_CELL_RE = re.compile(r"(?m)^Requires improvement to be good[ \t]*$")


@pytest.mark.skipif(not DEV, reason="the development PDFs (../shared/pdfs) are not here")
def test_a_grade_cell_over_three_lines_is_one_grade():
    """An ILACS table whose grade column is narrower breaks "Requires improvement to be
    good" over three lines ("Requires" / "improvement to" / "be good"). Before, the row
    took "Requires improvement" and the table ended at "be good", losing the rows below
    (Knowsley 2021 lost all four). Every development report printing that cell on a line
    of its own, read with it broken so, gives the same judgements."""
    found, tabled = [], 0
    for path in DEV:
        pages = read_pdf_pages(path)
        if not re.search(r"-20(?:19|2\d)-", path.name) or not _GRADE_CELL_RE.search(pages[0]):
            continue
        tabled += 1
        narrow = [_GRADE_CELL_RE.sub("Requires\nimprovement to\nbe good", pages[0]), *pages[1:]]
        printed, again = _read(pages, path.name), _read(narrow, path.name)
        if facts(again)["judgements"] != facts(printed)["judgements"]:
            found.append(path.name)
    assert tabled >= 10
    assert found == []


# --- a judgement table's cells in another order ---------------------------------------

_NOTTS = FIXTURES / "pdfs" / "nottinghamshire-2024-07-12.pdf"
_NOTTS_TABLE_RE = re.compile(r"Judgement Grade\n.*?Overall effectiveness Good \n", re.S)
_NOTTS_GRADES = [
    ("leaders-impact", "outstanding"),
    ("help-and-protection", "good"),
    ("children-in-care", "good"),
    ("care-leavers", "good"),
]


def _notts_with_table(table: str):
    pages = read_pdf_pages(_NOTTS)
    return _read([_NOTTS_TABLE_RE.sub(table, pages[0]), *pages[1:]], _NOTTS.name)


def test_a_table_given_column_by_column_is_read():
    """Nottinghamshire 2024's table as a PDF may hold it: the five labels, then the five
    grades, in the same order."""
    table = (
        "Judgement Grade\nThe impact of leaders on social work \npractice with children and "
        "families\nThe experiences and progress of \nchildren who need help and protection\n"
        "The experiences and progress of \nchildren in care\nThe experiences and progress of "
        "care \nleavers\nOverall effectiveness\nOutstanding \nGood \nGood \nGood \nGood \n"
    )
    report = _notts_with_table(table)
    assert [(j.area, j.grade) for j in report.judgements] == [
        *_NOTTS_GRADES,
        ("overall-effectiveness", "good"),
    ]
    assert report.warnings == ["judgement table read as its text orders its cells (labels, grades)"]


def test_without_a_table_the_section_headings_give_the_grades():
    """Nottinghamshire 2024 with no table that can be read: its four section headings
    ("The experiences and progress of children in care: good") give the area grades; the
    overall grade, printed only in the table, is a warning."""
    report = _notts_with_table("Judgement Grade\n")
    assert sorted((j.area, j.grade) for j in report.judgements) == sorted(_NOTTS_GRADES)
    assert report.judgements[0].span.quote.startswith("The experiences and progress of")
    assert "judgement table: no row for overall-effectiveness" in report.warnings


# --- a SIF report whose front-page grade table cannot be read --------------------------

_GRADE = r"(?:Requires\s+improvement(?:\s+to\s+be\s+good)?|Inadequate|Good|Outstanding)"


def _without_table_grades(page: str) -> str:
    """The front page with every grade cut from its table rows ("2.1 Adoption performance
    Requires improvement" -> "2.1 Adoption performance") and grade-only lines dropped."""
    page = re.sub(rf"(?m)^((?:\d\.(?:\d)?\s+)?[A-Z][^\n]*?)\s+{_GRADE}[ \t]*$", r"\1", page)
    return re.sub(rf"(?m)^{_GRADE}[ \t]*$", "", page)


def _differences_without_table_grades(paths, framework: str, table_only=()) -> list[str]:
    """Reports of ``framework`` whose grades differ when the front page's table has lost
    its grades; ``table_only``: the areas only the table prints."""
    found = []
    for path in paths:
        pages = read_pdf_pages(path)
        printed = _read(pages, path.name)
        if not printed.framework.startswith(framework):
            continue
        again = _read([_without_table_grades(pages[0]), *pages[1:]], path.name)

        def graded(report):
            return [j for j in facts(report)["judgements"] if j[0] not in table_only]

        if graded(again) != graded(printed):
            found.append(f"{path.name}: {facts(again)['judgements']}")
    return found


def _sif_differences(paths) -> list[str]:
    return _differences_without_table_grades(paths, "sif")


def test_sif_grades_without_the_front_page_table_come_from_the_body():
    """Trafford 2015 and Doncaster 2018 without their front-page grades: each area's
    section heading ("Leadership, management and governance requires improvement") or
    graded sentence ("The graded judgement about the experience and progress of care
    leavers is that it requires improvement") gives the same grades."""
    assert _sif_differences(FIXTURE_PDFS) == []


@pytest.mark.skipif(not DEV, reason="the development PDFs (../shared/pdfs) are not here")
def test_every_sif_development_pdf_without_its_front_page_table():
    """Before, 13 reports lost a care leavers' or adoption grade ("... is that it requires
    improvement"), and Swindon 2014 took the next line's LSCB sentence ("... is good") as
    its leadership row's grade."""
    assert _sif_differences(DEV) == []


def _ilacs_differences(paths) -> list[str]:
    """Overall effectiveness is printed in the table alone."""
    return _differences_without_table_grades(paths, "ilacs", ("overall-effectiveness",))


def test_ilacs_grades_without_the_front_page_table_come_from_the_body():
    """Newham 2019, Coventry 2022 and Nottinghamshire 2024 without their front-page grades:
    each area's section heading gives its grade."""
    assert _ilacs_differences(FIXTURE_PDFS) == []


@pytest.mark.skipif(not DEV, reason="the development PDFs (../shared/pdfs) are not here")
def test_every_ilacs_development_pdf_without_its_front_page_grades():
    """Before, a table read in part was not completed from the section headings: Bristol
    2018, Derbyshire 2019 and Devon 2020 lost their help and protection and children in
    care and care leavers grades, Windsor and Maidenhead 2020 the latter."""
    assert _ilacs_differences(DEV) == []


# --- a PDF's text saved by another tool -----------------------------------------------


@pytest.mark.parametrize("path", FIXTURE_PDFS, ids=lambda p: p.stem)
def test_a_text_file_with_form_feeds_reads_as_its_pdf(path, tmp_path):
    """A PDF's text saved as a .txt by a converter that splits pages with form feeds (as
    ``pdftotext`` does) is read page by page: running headers and page numbers are known
    as such (before, "1 London Borough of Enfield" was the council's printed name and
    footers ran into the last items), and every quote is a slice of its page."""
    from ofsted_kg.build.per_file import parse_file

    pages = read_pdf_pages(path)
    saved = tmp_path / f"{path.stem}.txt"
    saved.write_text("\f".join(pages), encoding="utf-8")
    report = parse_file(saved)
    assert facts(report) == facts(_read(pages, path.name))
    for judgement in report.judgements:
        span = judgement.span
        assert span.page is not None
        assert pages[span.page - 1][span.start : span.end] == span.quote


# --- the bundled texts as their PDFs would give them ------------------------------------


@pytest.mark.parametrize("width", range(55, 121, 5))
def test_a_2009_2012_report_laid_out_as_a_pdf_says_the_same(width):
    """No 2009-2012 PDF is among the development reports; the bundled Tameside 2012 text,
    laid out as its PDF would be (:func:`rewrapping.as_pdf_pages`), must read as the text
    does. Before, a name wrapped in the masthead ("Reporting inspector Marie" /
    "McGuinness HMI") lost the lead inspector, "at the time of the" / "inspection" lost a
    figure's date, and page 1's running footer, kept as text, broke the sentence naming
    the unannounced inspection of February 2011."""
    text = read_report("tameside-2012-safeguarding-lac.txt")
    printed = facts(parse_text(SourceText(text), "tameside.txt"))
    again = facts(_read(as_pdf_pages(text, width), "tameside.pdf"))
    assert again == printed
    assert ("Marie McGuinness", "lead-inspector", False) in again["team"]


@pytest.mark.parametrize("width", (60, 75, 90, 105, 120))
@pytest.mark.parametrize(
    "name",
    ("bolton-2014-sif.txt", "cheshire-west-and-chester-2015-sif.txt", "trafford-2022-ilacs.txt"),
)
def test_a_bundled_text_laid_out_as_a_pdf_says_the_same(name, width):
    """Bolton 2014 prints "Contents" on its first entry's line and its last two entries
    without page numbers; laid out as a PDF, "Section 2: The effectiveness local
    safeguarding children board" in the contents was taken for the LSCB section, and the
    local authority's twelve recommendations were read as the LSCB's. The contents list
    now ends where the body prints its first entry again."""
    text = read_report(name)
    printed = facts(parse_text(SourceText(text), name))
    assert facts(_read(as_pdf_pages(text, width), name)) == printed


# --- a heading left at the foot of a page ---------------------------------------------


@pytest.mark.skipif(not DEV, reason="the development PDFs (../shared/pdfs) are not here")
def test_a_heading_at_the_foot_of_a_page_keeps_the_items_after_the_page_break():
    """Hartlepool 2014's LSCB section with its heading lines ("Section 2: ...", "The
    effectiveness of the LSCB requires improvement", "Areas for improvement") at the foot
    of page 27 and its six items on page 28. A heading that ends its page was always read
    as PDFium's boxed heading, its items at the top of its own page: there were none, and
    the six were lost. The page top is still tried first (Redbridge 2016's boxed
    "Recommendations" follows its three items)."""
    name = "hartlepool-2014-02-11.pdf"
    pages = _dev_pages(name)
    heading = pages[27].index("\uf06e The Hartlepool Safeguarding Children Board")
    top, rest = pages[27][:heading], pages[27][heading:]
    moved = [*pages[:26], pages[26] + "\n" + top.split("\n", 1)[1], "28\n" + rest, *pages[28:]]
    to_lscb = [r for r in _read(moved, name).recommendations if r.addressee == "lscb"]
    assert len(to_lscb) == 6
    assert to_lscb[0].text.startswith("The Hartlepool Safeguarding Children Board (HSCB) must")
    redbridge = _read(_dev_pages("redbridge-2016-11-25.pdf"), "redbridge-2016-11-25.pdf")
    assert [r.number for r in redbridge.recommendations if r.addressee == "lscb"] == [123, 124, 125]


# Redbridge 2016 prints its LSCB "Recommendations" heading boxed, after its page's text: only
# the page break says its items are above it.
_NEEDS_ITS_PAGES = {"redbridge-2016-11-25.pdf"}


def _read_as_printed(paths):
    """Each PDF's name, pages and facts as printed, but those that need their pages."""
    for path in paths:
        if path.name not in _NEEDS_ITS_PAGES:
            pages = read_pdf_pages(path)
            yield path.name, pages, facts(_read(pages, path.name))


def _pasted_differences(paths) -> list[str]:
    found = []
    for name, pages, printed in _read_as_printed(paths):
        again = facts(parse_text(SourceText.from_text("\n".join(pages)), name))
        found += [f"{name}: {key}" for key in printed if again[key] != printed[key]]
    return found


def _one_line_first_page_differences(paths) -> list[str]:
    found = []
    for name, pages, printed in _read_as_printed(paths):
        again = facts(_read([" ".join(pages[0].split()), *pages[1:]], name))
        found += _changes(name, printed, again)
    return found


def test_a_fixture_pdf_with_its_first_page_on_one_line_says_the_same():
    """Page 1 with its lines joined into one, as a copy of a report's text may print it
    ("1 London Borough of Lambeth Inspection of services ... Inspection date: 29 January
    to 22 February 2018 Report published: 9 May 2018 ... 1. Children who need help and
    protection Requires Improvement 2. Children looked after ..."): the council, the dates,
    every grade of the table and the lead inspector as printed. Before, a SIF council was
    "1 Trafford", its grade table read as one row of the adoption area with the last
    row's grade, and the publication date lost; an ILACS table's overall effectiveness,
    a 2018-2020 council and its lead inspector lost."""
    assert _one_line_first_page_differences(FIXTURE_PDFS) == []


@pytest.mark.skipif(not DEV, reason="the development PDFs (../shared/pdfs) are not here")
def test_every_development_pdf_with_its_first_page_on_one_line_says_the_same():
    """Before, 62 of the 108 differed (19 still, once the tables were read: the 2013 and
    2018-2020 councils and lead inspectors; West Northamptonshire 2026 gained "North
    Northamptonshire" as a lead inspector, a name in page 1's prose)."""
    assert _one_line_first_page_differences(DEV) == []


def _joined(page: str) -> str:
    """A page's lines joined into one, a word hyphenated over a line end made whole (as a
    copy of a report's text on the web prints it)."""
    return " ".join(re.sub(r"(?<=[a-z])-[ \t]*\n[ \t]*(?=[A-Za-z])", "-", page).split())


def _joined_pages_findings(paths) -> tuple[list[str], list[str]]:
    """For each PDF read with every page joined into one line: the facts it states that
    the PDF as printed does not (a council, dates or framework otherwise; a judgement,
    team member, item, post, earlier inspection (kind, year, grade) or figure not printed
    so), and what of the teams, the judgements (2013-2026 frameworks but the 2013 looked
    after children's) and ILACS items is not read as printed."""
    gained, lost = [], []
    for name, pages, printed in _read_as_printed(paths):
        report = _read([_joined(page) for page in pages], name)
        again = facts(report)
        for key, value in again.items():
            if key == "previous":
                value, known = (
                    {(kind, when[:4], grade) for kind, when, grade, _ in facts_[key]}
                    for facts_ in (again, printed)
                )
                gained += [f"{name}: {key} {x!r}" for x in sorted(value - known)]
            elif isinstance(value, list):
                gained += [f"{name}: {key} {x!r}" for x in value if x not in printed[key]]
            elif value != printed[key]:
                gained += [f"{name}: {key} {value!r}, printed {printed[key]!r}"]
        must = ["team"] + (["judgements"] if report.framework != "lac-2013" else [])
        must += ["recommendations"] if report.framework.startswith("ilacs") else []
        lost += [f"{name}: {key}" for key in must if again[key] != printed[key]]
    return gained, lost


def test_a_fixture_pdf_with_every_page_on_one_line_states_nothing_it_does_not_print():
    """Every page's lines joined into one (a copy of a report's text that drops its line
    breaks): what is read by lines (SIF figures and sections) may be lost, never read
    otherwise; the council, the dates, every grade (the LSCB's inside its page's line),
    the team (its roles cut apart inside the line) and an ILACS report's "What needs to
    improve" items are read as printed (their bullets, and the numbers of items and
    paragraphs, start lines again; a page's running header and number are known by
    opening every page). Before, every report's items, every SIF report's LSCB grade and
    team were lost."""
    assert _joined_pages_findings(FIXTURE_PDFS) == ([], [])


@pytest.mark.skipif(not DEV, reason="the development PDFs (../shared/pdfs) are not here")
def test_every_development_pdf_with_every_page_on_one_line_states_nothing_it_does_not_print():
    """Before, the 65 ILACS reports lost every item, 35 SIF reports their LSCB grade, 40
    reports their team; Cambridgeshire 2014's last item ran on into the next page's
    section (its heading opens the joined page's line)."""
    assert _joined_pages_findings(DEV) == ([], [])


def test_a_fixture_pdf_pasted_without_page_breaks_says_the_same():
    """A PDF's text pasted or converted with no page breaks: its page numbers and running
    headers ("Kent County Council Inspection of looked after children services 19") are
    known by recurring, and left out as a PDF's are."""
    assert _pasted_differences(FIXTURE_PDFS) == []


@pytest.mark.skipif(not DEV, reason="the development PDFs (../shared/pdfs) are not here")
def test_every_development_pdf_pasted_without_page_breaks_says_the_same():
    """Before, 45 of them differed: 40 SIF reports named the council "1 ...", and five
    lists ran into a running header ("... life-story work. Inspection of Halton local
    authority children's services 13 to 24 May 2024 3")."""
    assert _pasted_differences(DEV) == []


def test_a_text_without_page_breaks_names_the_council_without_its_page_number():
    """Trafford 2015's PDF text pasted with no page breaks: page 1's number ("1") is the
    line above the council's name, and was read as part of it ("1 Trafford Metropolitan
    Borough Council")."""
    pages = read_pdf_pages(FIXTURES / "pdfs" / "trafford-2015-05-12.pdf")
    assert pages[0].startswith("1\n")
    report = parse_text(SourceText.from_text("\n".join(pages)), "trafford.txt")
    assert report.authority.name == "Trafford Metropolitan Borough Council"


# --- lines and pages broken elsewhere at once ------------------------------------------

_RELAID = ((70, 4), (95, -4), (0, 7))


@pytest.mark.skipif(not DEV, reason="the development PDFs (../shared/pdfs) are not here")
def test_every_development_pdf_with_its_lines_and_pages_broken_elsewhere():
    """Each report re-broken at a width and its page breaks moved a few lines, as on paper
    of another size. A heading then lands at a page's foot: Cambridgeshire, Hartlepool and
    North Yorkshire read their strengths as recommendations (taken from their page's top as
    for a boxed heading), East Riding its "Recommendations" heading as a theme. Redbridge
    2016 is left out: moving its breaks moves its boxed heading off its page's foot."""
    found = []
    for name, pages, printed in _read_as_printed(DEV):
        for width, shift in _RELAID:
            relaid = move_page_breaks([rewrap_page(page, width) for page in pages], shift)
            again = facts(_read(relaid, name))
            found += [
                f"{name} {width}/{shift}: {key}" for key in printed if again[key] != printed[key]
            ]
    assert found == []


@pytest.mark.parametrize(
    "heading", ("Inspection team", "The inspection team:", "The inspection team (all HMI)")
)
def test_the_team_heading_printed_otherwise(heading):
    """Trafford 2015's "The inspection team" printed as another layout might: before,
    anything but those exact words lost the whole team of nine."""
    pages = read_pdf_pages(FIXTURES / "pdfs" / "trafford-2015-05-12.pdf")
    renamed = [page.replace("\nThe inspection team\n", f"\n{heading}\n") for page in pages]
    assert renamed != pages
    report = _read(renamed, "trafford-2015-05-12.pdf")
    assert len(report.team) == 9
    assert ("Gary Lamb", "lead-inspector") in [(m.name, m.role) for m in report.team]


# --- headings punctuated otherwise -----------------------------------------------------

_PUNCTUATED_OTHERWISE = (
    (r"need to improve\?\n", "need to improve\n"),
    (r"need to improve\? \n", "need to improve \n"),
    (r"What needs to improve\?", "What needs to improve"),
    (r"Recommendations\n", "Recommendations:\n"),
    (r"Areas for improvement\n", "Areas for improvement:\n"),
    (r"Priority and immediate action\n", "Priority and immediate action:\n"),
)


def _printed_otherwise(paths, variants, *, first_page: bool = False) -> list[str]:
    """Each report of ``paths`` read as printed and again with each of ``variants`` (a
    pattern and what to print in its place: every match, or the first page's first one):
    the variants whose facts differ, or that the parser refuses."""
    found = []
    for path in paths:
        pages = read_pdf_pages(path)
        printed = facts(_read(pages, path.name))
        for pattern, printed_otherwise in variants:
            if first_page:
                changed = [re.sub(pattern, printed_otherwise, pages[0], count=1), *pages[1:]]
            else:
                changed = [re.sub(pattern, printed_otherwise, page) for page in pages]
            if changed == pages:
                continue
            try:
                differs = facts(_read(changed, path.name)) != printed
            except ParseError as error:
                found.append(f"{path.name}: {printed_otherwise!r}: {error}")
                continue
            if differs:
                found.append(f"{path.name}: {printed_otherwise!r}")
    return found


def test_recommendation_headings_punctuated_otherwise_in_the_fixtures():
    """A section heading printed without its "?" or with a colon ("What does the local
    authority need to improve", "Recommendations:", "Areas for improvement:")."""
    assert _printed_otherwise(FIXTURE_PDFS, _PUNCTUATED_OTHERWISE) == []


@pytest.mark.skipif(not DEV, reason="the development PDFs (../shared/pdfs) are not here")
def test_recommendation_headings_punctuated_otherwise_in_every_development_pdf():
    """Before, 53 (report, heading) cases lost some or all recommendations: 26 on
    "Recommendations:", 14 without the "?", 13 on "Areas for improvement:"."""
    assert _printed_otherwise(DEV, _PUNCTUATED_OTHERWISE) == []


def test_a_title_in_capitals_is_read():
    """Kent 2013's title printed in capitals ("INSPECTION OF LOOKED AFTER CHILDREN
    SERVICES"), as a cover page may: before, the report was refused as not an Ofsted
    report."""
    pages = read_pdf_pages(FIXTURES / "pdfs" / "kent-2013-08-23.pdf")
    title = "Inspection of looked after children \nservices"
    assert pages[0].startswith(title)
    capitals = [pages[0].replace(title, title.upper(), 1), *pages[1:]]
    assert facts(_read(capitals, "kent.pdf")) == facts(_read(pages, "kent.pdf"))


_SECTION_HEADINGS_OTHERWISE = (
    (
        r"(?m)^The Local Safeguarding Children Board \(LSCB\)[ \t]*$",
        "Local Safeguarding Children Board (LSCB)",
    ),
    (
        r"(?m)^The Local Safeguarding Children Board \(LSCB\)[ \t]*$",
        "The Local Safeguarding Children Board:",
    ),
    (r"(?m)^Information about this local authority area[ \t]*$", "Information about the area:"),
    (r"(?m)^Information about this inspection[ \t]*$", "Information about this inspection:"),
    (
        r"(?m)^Summary for children and young people[ \t]*$",
        "Summary for children and young people:",
    ),
    (r"(?m)^Record of main findings[ \t]*$", "Record of main findings:"),
    (r"(?m)^Service information[ \t]*$", "Service information:"),
)


def test_section_headings_printed_otherwise_in_the_fixtures():
    """The headings that open and close sections, printed with a colon or without "The"."""
    assert _printed_otherwise(FIXTURE_PDFS, _SECTION_HEADINGS_OTHERWISE) == []


@pytest.mark.skipif(not DEV, reason="the development PDFs (../shared/pdfs) are not here")
def test_section_headings_printed_otherwise_in_every_development_pdf():
    """Before, 87 (report, heading) cases lost recommendations: the LSCB section heading
    without "The" or with a colon (29 reports each; the LSCB's items were read as the
    local authority's or lost), "Summary for children and young people:" (25: the list
    ran on into it) and "Information about this inspection:" (4)."""
    assert _printed_otherwise(DEV, _SECTION_HEADINGS_OTHERWISE) == []


# --- page 1's labels printed otherwise ---------------------------------------------------

_LABELS_OTHERWISE = (
    (r"Inspection dates?:", "Inspection dates"),
    (r"Inspection dates?:", "Dates of inspection:"),
    (r"Inspection dates?:", "Inspection dates -"),
    (r"Report published:", "Published:"),
    (r"Report published:", "Report published"),
    (r"Lead inspector:", "Lead inspector -"),
)


def test_page_one_labels_printed_otherwise_in_the_fixtures():
    """Page 1's labels with a dash, no colon, or in other words ("Dates of inspection",
    "Published:")."""
    assert _printed_otherwise(FIXTURE_PDFS, _LABELS_OTHERWISE, first_page=True) == []


@pytest.mark.skipif(not DEV, reason="the development PDFs (../shared/pdfs) are not here")
def test_page_one_labels_printed_otherwise_in_every_development_pdf():
    """Before, 150 (report, label) cases lost a fact or the report: "Lead inspector -"
    lost the ILACS lead inspector (63), "Published:" or "Report published" without its
    colon the SIF publication date (39 each), "Dates of inspection:" refused the 2013
    reports, and a SIF "Inspection dates" without its colon two reports."""
    assert _printed_otherwise(DEV, _LABELS_OTHERWISE, first_page=True) == []


@pytest.mark.parametrize("case", (str.upper, str.title), ids=("upper", "title"))
def test_table_grades_in_another_case(case):
    """Nottinghamshire 2024's table with its grades printed "GOOD" or "Good"."""
    pages = read_pdf_pages(_NOTTS)
    grade = re.compile(r"(?m)(?<=\s)(Outstanding|Good)(?=[ \t]*$)")
    cased = [grade.sub(lambda m: case(m.group(1)), pages[0]), *pages[1:]]
    report = _read(cased, _NOTTS.name)
    assert [(j.area, j.grade) for j in report.judgements] == [
        *_NOTTS_GRADES,
        ("overall-effectiveness", "good"),
    ]


def test_table_grades_in_lower_case_are_read_whole_or_not_at_all():
    """Grades in lower case under labels are also how section headings print theirs
    (Oxfordshire 2018: "... who need help and protection" / "requires improvement to be
    good"). Before, the column-by-column reading made a one-row table of the first label
    and grade; then a whole table was needed and the section headings gave the four area
    grades, without the overall one. Read as streams of cells (as many labels as grades,
    in the head of the report only), the table gives all five, as printed."""
    pages = read_pdf_pages(_NOTTS)
    grade = re.compile(r"(?m)(?<=\s)(Outstanding|Good)(?=[ \t]*$)")
    lower = [grade.sub(lambda m: m.group(1).lower(), pages[0]), *pages[1:]]
    report = _read(lower, _NOTTS.name)
    assert sorted((j.area, j.grade) for j in report.judgements) == sorted(
        [*_NOTTS_GRADES, ("overall-effectiveness", "good")]
    )


# --- bullets printed with other glyphs --------------------------------------------------------

# The list bullets the development PDFs print (Symbol and Wingdings private-use glyphs, and
# U+25FC from 2019), and glyphs Word's other bullet styles print as.
_PRINTED_BULLETS = re.compile("^([ \t]*)[\uf06e\uf0a7\uf02d\uf0be\u25fc]", re.M)
_OTHER_BULLETS = ("\uf0b7", "\u2022", "\u25aa", "\u25cf", "\u27a2", "\uf0d8")
# Symbol fonts' other glyphs (none in BULLET_GLYPHS): a Wingdings glyph in the private use
# area, an arrow, a shape, a dingbat, and Symbol's bullet and Wingdings' square as a text
# layer without their font's map gives them ("·", "§"). Before, the lists bulleted so
# were lost.
_SYMBOL_BULLETS = ("\uf0e0", "\u2192", "\u25d8", "\u2756", "\u00b7", "\u00a7")


@pytest.mark.parametrize("glyph", _OTHER_BULLETS + _SYMBOL_BULLETS, ids=lambda g: f"U+{ord(g):04X}")
def test_every_fixture_pdf_with_its_bullets_printed_otherwise(glyph):
    """Each fixture report with every list bullet printed as another glyph gives the same
    facts: recommendations (ILACS "What needs to improve", 2013 "Areas for improvement"),
    key figures and team lists are bulleted. Before, only the printed glyphs were bullets
    in the SIF and 2013 readers, and the ILACS reader knew its own set."""
    changed = 0
    for path in FIXTURE_PDFS:
        pages = read_pdf_pages(path)
        other = [_PRINTED_BULLETS.sub(lambda m: m.group(1) + glyph, page) for page in pages]
        changed += other != pages
        assert facts(_read(other, path.name)) == facts(_read(pages, path.name)), path.name
    assert changed == len(FIXTURE_PDFS)  # every fixture prints bullets


def _without_bullets(pages: list[str]) -> list[str]:
    """The pages with every list bullet dropped, as a text layer that draws them as shapes
    or a copy pasted from a viewer gives them."""
    return [_PRINTED_BULLETS.sub(lambda m: m.group(1), page) for page in pages]


def _ilacs_items_without_bullets(paths) -> dict[str, tuple[int, int]]:
    """ILACS reports whose "What needs to improve" items differ with the bullets dropped:
    the items read, as printed and without bullets."""
    found = {}
    for path in paths:
        pages = read_pdf_pages(path)
        printed = _read(pages, path.name)
        if not printed.framework.startswith("ilacs") or not printed.recommendations:
            continue
        again = _read(_without_bullets(pages), path.name)
        if [r.text for r in again.recommendations] != [r.text for r in printed.recommendations]:
            found[path.name] = (len(printed.recommendations), len(again.recommendations))
        else:
            count = len(printed.recommendations)
            assert again.warnings[-1:] == [
                f"'What needs to improve' is printed without bullets: {count} item(s) read "
                "one to a line"
            ], path.name
    return found


def test_ilacs_items_printed_without_bullets_are_read_one_to_a_line():
    """Coventry 2022 (4 items), Newham 2019 (6) and Nottinghamshire 2024 (3) with their
    bullets dropped: each item starts a line with a capital after the last one's full stop.
    Before, none was read ("printed without bulleted items")."""
    assert _ilacs_items_without_bullets(FIXTURE_PDFS) == {}


@pytest.mark.skipif(not DEV, reason="the development PDFs (../shared/pdfs) are not here")
def test_every_ilacs_development_pdf_without_bullets():
    """Every ILACS development report's items without bullets, the same items as printed,
    but two: Hackney 2019's fifth item prints no full stop ("... is safeguarded"), so the
    sixth runs on into it; Devon 2020's sub-bullets ("- sufficiency of accommodation"),
    kept as bullets, are taken for the list. Trafford 2026's items end at their framework
    tags, without full stops."""
    assert _ilacs_items_without_bullets(DEV) == {
        "devon-2020-03-17.pdf": (8, 3),
        "hackney-2019-12-20.pdf": (6, 5),
    }


# --- other characters for the same marks -----------------------------------------------------


def _other_marks(page: str) -> str:
    """The page as another font or producer might print its marks: every apostrophe as the
    modifier letter U+02BC, a dash between spaces with thin spaces round it, the space
    after a full stop as an em space, and after a colon as a tab."""
    page = re.sub("['\u2019]", "\u02bc", page)
    page = re.sub(" ([-\u2013]) ", "\u2009\\1\u2009", page)
    page = page.replace(": ", ":\t")
    return re.sub(r"\. (?=[A-Z])", ".\u2003", page)


def test_every_fixture_pdf_with_other_characters_for_its_marks():
    """An apostrophe printed as U+02BC broke every title ("children's services"); a thin
    or em space was a letter to every pattern, and a tab after "Section 2:" hid the LSCB
    section (Swindon 2014 lost its board's recommendations so)."""
    for path in FIXTURE_PDFS:
        pages = read_pdf_pages(path)
        other = [_other_marks(page) for page in pages]
        assert other != pages
        assert facts(_read(other, path.name)) == facts(_read(pages, path.name)), path.name


# --- words printed above the council's name ------------------------------------------------


@pytest.mark.parametrize("above", ["Ofsted", "Reference no: 140127", "OFFICIAL"])
def test_every_fixture_pdf_with_words_printed_above_its_councils_name(above):
    """A logo's words or a reference printed at the top of each page: the SIF and LSCB
    readers took the block of lines above the title for the council's name, so "Ofsted
    Trafford Metropolitan Borough Council" named no council and the report was refused.
    The name now starts at the first line from which the block names a council."""
    for path in FIXTURE_PDFS:
        pages = read_pdf_pages(path)
        other = [f"{above}\n{page}" for page in pages]
        assert facts(_read(other, path.name)) == facts(_read(pages, path.name)), path.name


@pytest.mark.parametrize("name", ["coventry-2022-08-12.pdf", "trafford-2015-05-12.pdf"])
def test_a_judgement_table_with_ampersands_for_and(name):
    """Coventry 2022's "The experiences and progress of children in care and care leavers"
    and Trafford 2015's "Leadership, management and governance" printed with "&": before,
    the ILACS row (and the overall effectiveness row under it) was lost, an "&" ending the
    table as prose does."""
    pages = read_pdf_pages(FIXTURES / "pdfs" / name)
    joined = re.compile(r"\b(care|help|management) and (care leavers|protection|governance)")
    first = joined.sub(r"\1 & \2", pages[0])
    assert first != pages[0]
    printed = _read(pages, name)
    again = _read([first, *pages[1:]], name)
    grades = sorted((j.area, j.grade) for j in printed.judgements)
    assert sorted((j.area, j.grade) for j in again.judgements) == grades
    assert len(grades) >= 4


def test_a_councils_name_parted_by_a_blank_line_is_whole():
    """A text that spaces every line of page 1 with a blank one (as some copies and
    converters do): Trafford 2015's and Doncaster 2018's names stood above their titles
    as blocks, so "Doncaster Metropolitan Borough" / "" / "Council" was "Council" (no
    council: the report was refused)."""
    for name in ("doncaster-2018-01-19.pdf", "trafford-2015-05-12.pdf", "surrey-2015-08-03.pdf"):
        pages = read_pdf_pages(FIXTURES / "pdfs" / name)
        spaced = [pages[0].replace("\n", "\n\n"), *pages[1:]]
        assert _read(spaced, name).authority.name == _read(pages, name).authority.name, name


def test_the_kent_2013_title_in_title_case():
    """ "Inspection Of Looked After Children Services", as a title-case heading prints it:
    before, the 2013 and 2009-2012 titles were known with "of" or "OF" only, and the
    report was refused as no report."""
    pages = read_pdf_pages(FIXTURES / "pdfs" / "kent-2013-08-23.pdf")
    title = re.compile(r"^(Inspection of [^\n]*)$", re.M)
    first = title.sub(lambda m: " ".join(w[:1].upper() + w[1:] for w in m[1].split(" ")), pages[0])
    assert "Inspection Of Looked" in first
    assert facts(_read([first, *pages[1:]], "kent.pdf")) == facts(_read(pages, "kent.pdf"))


def test_an_ilacs_table_with_a_full_stop_after_each_grade():
    """Coventry 2022's table with "Good." for "Good": before, no row was read, the grades
    came from the section headings and the overall effectiveness one was lost."""
    pages = read_pdf_pages(FIXTURES / "pdfs" / "coventry-2022-08-12.pdf")
    first = re.sub(r"(?m)(Good)[ \t]*$", r"\1.", pages[0])
    assert first.count("Good.") >= 4
    again = _read([first, *pages[1:]], "coventry.pdf")
    printed = _read(pages, "coventry.pdf")
    assert [(j.area, j.grade) for j in again.judgements] == [
        (j.area, j.grade) for j in printed.judgements
    ]
    assert "overall-effectiveness" in {j.area for j in again.judgements}
    assert again.warnings == printed.warnings


@pytest.mark.skipif(not DEV, reason="the development PDFs (../shared/pdfs) are not here")
def test_every_development_pdf_printed_by_another_producer():
    """Every development PDF with, at once, its bullets as the Symbol font's U+F0B7, its
    apostrophes as U+02BC, thin and em spaces and tabs for spaces (as `_other_marks`), and
    a word printed above each page: the same facts."""
    found = []
    for name, pages, printed in _read_as_printed(DEV):
        other = [
            "OFFICIAL\n" + _other_marks(_PRINTED_BULLETS.sub(r"\1" + "\uf0b7", page))
            for page in pages
        ]
        again = facts(_read(other, name))
        found += [f"{name}: {key}" for key in printed if again[key] != printed[key]]
    assert found == []


def test_a_sif_team_list_printed_one_name_to_a_line():
    """Trafford 2015's "Team inspectors: Sheena Doyle, Simon Rushall, ..." printed one
    name to a line, where "Dean" / "Jennings" was already wrapped: before, "Katheryn Gethin
    Dean Jennings" was no name and two inspectors were lost."""
    pages = read_pdf_pages(FIXTURES / "pdfs" / "trafford-2015-05-12.pdf")
    listed = re.compile(r"(?m)^(Team inspectors?:?)([^\n]*)$")
    other = [listed.sub(lambda m: m[1] + m[2].replace(", ", "\n"), page) for page in pages]
    assert other != pages
    printed, again = _read(pages, "trafford.pdf"), _read(other, "trafford.pdf")
    assert [(m.name, m.role, m.additional_inspector) for m in again.team] == [
        (m.name, m.role, m.additional_inspector) for m in printed.team
    ]
    assert "Dean Jennings" in {m.name for m in again.team}


# --- inspection dates in figures -------------------------------------------------------------

_DATES_LABEL_RE = re.compile(r"Inspection dates?:?|Dates? of (?:the )?inspection:?", re.I)


def _in_figures(pages: list[str], report) -> list[str] | None:
    """The pages with the masthead's date range printed in figures, day first
    ("08/07/2019 to 12/07/2019"); None for a range printed in parts."""
    from ofsted_kg.parse.common import DATE_RANGE_RE

    label = _DATES_LABEL_RE.search(pages[0])
    found = label and DATE_RANGE_RE.search(pages[0], label.end(), label.end() + 200)
    if not found or re.match(r"\s*(?:and|,)\s*\d", pages[0][found.end() :]):
        return None
    first, last = report.start.value, report.end.value
    figures = f"{first:%d/%m/%Y} to {last:%d/%m/%Y}"
    return [pages[0][: found.start()] + figures + pages[0][found.end() :], *pages[1:]]


@pytest.mark.skipif(not DEV, reason="the development PDFs (../shared/pdfs) are not here")
def test_every_development_pdf_with_its_dates_in_figures_says_the_same():
    """Before, a masthead printing "19/06/2017 to 30/06/2017" refused the report."""
    found, tried = [], 0
    for path in DEV:
        pages = read_pdf_pages(path)
        printed = _read(pages, path.name)
        figures = _in_figures(pages, printed)
        if figures is None:
            continue
        tried += 1
        if facts(_read(figures, path.name)) != facts(printed):
            found.append(path.name)
    assert (found, tried >= 70) == ([], True)
