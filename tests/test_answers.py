"""Answers an analyst can trust (issue 15): every stored query on real reports of every
framework, the April 2026 framework's missing overall grade said in words, comparisons by
area, typed results for Python, output files by suffix, and answers that say when the build
did not read a file that may change them.

The framework graph is built from development PDFs of every framework (../shared/pdfs,
skipped when absent) and two bundled texts; expected grades come from the golden records
(tests/golden/<stem>.json, written by people who read the reports).
"""

from __future__ import annotations

import json
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import REPORTS, ROOT
from ofsted_kg.cli import main
from ofsted_kg.errors import QueryError
from ofsted_kg.model import vocab
from ofsted_kg.query.catalogue import catalogue, example_params, load_query, run_query
from ofsted_kg.store.disk import open_engine
from ofsted_kg.store.engines import RdflibEngine

PDFS = ROOT.parent / "shared" / "pdfs"
GOLDEN = Path(__file__).resolve().parent / "golden"
needs_pdfs = pytest.mark.skipif(
    not PDFS.is_dir(), reason="the development PDFs (../shared/pdfs) are not here"
)
# Development PDFs of every framework: 2013 looked after children, SIF, a stand-alone LSCB
# review, a SIF re-inspection, ILACS standard (with the one children in care and care leavers
# row, and split), ILACS short and the April 2026 framework.
FRAMEWORK_PDFS = (
    "kent-2013-08-23.pdf",
    "devon-2015-05-12.pdf",
    "lancashire-2015-11-27.pdf",
    "surrey-2015-06-03.pdf",
    "trafford-2015-05-12.pdf",
    "surrey-2015-08-03.pdf",
    "surrey-2018-05-16.pdf",
    "devon-2020-03-17.pdf",
    "surrey-2022-03-09.pdf",
    "devon-2025-05-13.pdf",
    "kent-2026-02-02.pdf",
    "brent-2026-06-17.pdf",
    "lancashire-2026-08-20.pdf",
    "trafford-2026-08-03.pdf",
)
TEXTS = ("tameside-2012-safeguarding-lac.txt", "trafford-2022-ilacs.txt")
NOT_JUDGED = "not judged under this framework"
TWO_OVERALL = "two overall grades (safeguarding; looked after children)"
RI = "Requires improvement"
RIBG = "Requires improvement to be good"
QUERIES = catalogue()


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def framework_graph(tmp_path_factory):
    """The graph of the framework PDFs and texts (``ofsted.ttl``), built as users build."""
    if not PDFS.is_dir():
        pytest.skip("the development PDFs (../shared/pdfs) are not here")
    from ofsted_kg.build.pipeline import build

    out = tmp_path_factory.mktemp("frameworks")
    inputs = [PDFS / name for name in FRAMEWORK_PDFS] + [REPORTS / name for name in TEXTS]
    result = build(inputs, out)
    assert result.complete and result.written, [o.error for o in result.failures]
    return out / "ofsted.ttl"


@pytest.fixture(scope="module")
def engine(framework_graph):
    return open_engine(framework_graph)


def rows(engine, name, **params):
    answer = run_query(QUERIES[name], engine, params)
    assert answer.columns == list(QUERIES[name].columns), name
    return [dict(zip(answer.columns, row, strict=True)) for row in answer.rows]


def golden(stem: str) -> dict:
    return json.loads((GOLDEN / f"{stem}.json").read_text(encoding="utf-8"))


def golden_grades(record: dict) -> dict[str, str]:
    """The report's grades (as the golden record has them, read by people) by the common
    area each speaks for, as labels; "overall-effectiveness" only where printed."""
    framework = record["framework"]
    scheme = vocab.FRAMEWORK_AREAS[framework]
    scale = vocab.GRADE_SCALES[vocab.FRAMEWORK_SCALE[framework]]
    grades = {}
    for scope, area, grade in record["judgements"]:
        # A SIF report's LSCB review judges the board in the LSCB review's scheme.
        area_scheme = "lscb-review" if scope == "lscb" else scheme
        for common in vocab.COMMON_AREA_OF.get((area_scheme, area), ()):
            grades[common] = scale[grade].label
    return grades


MATRIX_COLUMNS = {
    "help_and_protection": "help-and-protection",
    "children_in_care": "children-in-care",
    "care_leavers": "care-leavers",
    "adoption": "adoption",
    "leadership": "leadership",
    "lscb": "lscb",
}


# --- every stored query, on reports of every framework ------------------------------------


@pytest.fixture(scope="module")
def rdflib_frameworks(framework_graph):
    from ofsted_kg.store.disk import load_graph

    return RdflibEngine(load_graph(framework_graph))


@needs_pdfs
@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_query_runs_alike_on_every_framework(name, engine, rdflib_frameworks):
    """Each example of each SELECT and ASK: the declared columns, the same rows on Oxigraph
    and rdflib, on a graph with reports of all eight frameworks (tests/test_queries.py
    compares the CONSTRUCTs' graphs, which take rdflib a minute)."""
    query = QUERIES[name]
    for params in example_params(query):
        mine = run_query(query, engine, params)
        if not isinstance(mine, bool) and not hasattr(mine, "rows"):
            assert len(mine) > 0, name
            continue
        theirs = run_query(query, rdflib_frameworks, params)
        if isinstance(mine, bool):
            assert mine == theirs
        elif hasattr(mine, "rows"):
            assert mine.columns == list(query.columns), name
            assert mine.rows == theirs.rows, f"{name} {params}"


@needs_pdfs
@pytest.mark.parametrize("stem", [name.removesuffix(".pdf") for name in FRAMEWORK_PDFS])
def test_grade_matrix_has_every_graded_area_of_every_framework(stem, engine):
    """Regression: children in care was blank for every ILACS report since the 2023 split,
    though 'judgements' had the grade."""
    record = golden(stem)
    [row] = [
        r
        for r in rows(engine, "grade-matrix", authority=record["gss"])
        if r["start"] == record["start"]
    ]
    grades = golden_grades(record)
    for column, common in MATRIX_COLUMNS.items():
        assert row[column] == grades.get(common), (stem, column)
    if record["framework"] in vocab.NO_OVERALL_JUDGEMENT:
        assert row["overall"] == NOT_JUDGED
    elif record["framework"] == "lac-2013":
        assert row["overall"] == row["looked_after_overall"] == "Adequate"
    else:
        assert row["overall"] == grades["overall-effectiveness"]


@needs_pdfs
def test_devon_2024_children_in_care_is_in_every_answer(engine):
    # devon-2025-05-13.pdf: "The experiences and progress of children in care  Inadequate",
    # "The experiences and progress of care leavers  Inadequate" (judged apart since 2023).
    [matrix] = [
        r for r in rows(engine, "grade-matrix", authority="Devon") if r["start"] == "2024-09-30"
    ]
    assert (matrix["children_in_care"], matrix["care_leavers"]) == ("Inadequate", "Inadequate")
    [latest] = rows(engine, "latest-judgements", authority="Devon")
    assert latest["children_in_care"] == latest["care_leavers"] == "Inadequate"
    over_time = rows(engine, "area-over-time", authority="Devon", area="children-in-care")
    assert [(r["start"], r["grade"]) for r in over_time] == [
        ("2015-02-24", RI),  # SIF: "Children looked after and achieving permanence"
        ("2020-01-20", "Inadequate"),  # ILACS: the one row for children in care and leavers
        ("2024-09-30", "Inadequate"),
    ]


# --- the April 2026 framework: no overall grade, by design ----------------------------------


@needs_pdfs
@pytest.mark.parametrize(
    "name", ["inspections", "grade-matrix", "grade-history", "latest-judgements"]
)
def test_april_2026_overall_is_not_judged_not_blank(name, engine):
    found = {r["start"]: r["overall"] for r in rows(engine, name, authority="Trafford")}
    # trafford-2015-05-12.pdf "Overall judgement: Good"; trafford-2022-ilacs.txt "Overall
    # effectiveness Requires improvement to be good"; trafford-2026-08-03.pdf grades four
    # areas and no overall effectiveness.
    expected = {"2015-01-27": "Good", "2022-11-21": RIBG, "2026-06-08": NOT_JUDGED}
    assert found == ({"2026-06-08": NOT_JUDGED} if name == "latest-judgements" else expected)


@needs_pdfs
def test_every_framework_says_why_there_is_no_overall_grade(engine):
    overall = {(r["authority"], r["framework"]): r["overall"] for r in rows(engine, "inspections")}
    assert overall[("Surrey", "lscb-review")] == NOT_JUDGED  # an LSCB review judges the board
    assert overall[("Tameside", "safeguarding-lac-2012")] == TWO_OVERALL
    assert overall[("Brent", "ilacs-2026")] == overall[("Lancashire", "ilacs-2026")] == NOT_JUDGED
    assert None not in overall.values()


@needs_pdfs
def test_latest_judgements_of_april_2026_councils_have_their_area_grades(engine):
    # brent-2026-06-17.pdf: all four areas "Good"; lancashire-2026-08-20.pdf: leaders
    # "Outstanding", help and protection "Good", children in care "Good", care leavers
    # "Outstanding".
    latest = {r["authority"]: r for r in rows(engine, "latest-judgements", framework="ilacs-2026")}
    assert sorted(latest) == ["Brent", "Lancashire", "Trafford"]
    lancashire = latest["Lancashire"]
    assert (lancashire["overall"], lancashire["rank"]) == (NOT_JUDGED, None)
    areas = ("leadership", "help_and_protection", "children_in_care", "care_leavers")
    assert [lancashire[c] for c in areas] == ["Outstanding", "Good", "Good", "Outstanding"]
    assert [latest["Brent"][c] for c in ("leadership", "children_in_care")] == ["Good", "Good"]


@needs_pdfs
def test_improved_and_declined_by_area_across_the_2026_framework(engine):
    # Lancashire: help and protection "Inadequate" (SIF 2015) -> "Good" (April 2026):
    # improved two grades. Trafford: help and protection "Good" (2015) -> "Requires
    # improvement to be good" (2022) -> "Inadequate" (2026).
    improved = rows(engine, "overall-improved", area="help-and-protection")
    assert [(r["authority"], r["previous_grade"], r["grade"], r["change"], r["change_in_words"])
            for r in improved if r["authority"] == "Lancashire"] == [
        ("Lancashire", "Inadequate", "Good", "2", "improved by two grades")
    ]  # fmt: skip
    declined = rows(engine, "overall-declined", authority="Trafford", area="help-and-protection")
    assert [(r["previous_start"], r["start"], r["change"]) for r in declined] == [
        ("2015-01-27", "2022-11-21", "-1"),
        ("2022-11-21", "2026-06-08", "-1"),
    ]
    # Overall: the 2026 inspection gave none, so 2015 -> 2022 is the only comparison.
    overall = rows(engine, "overall-declined", authority="Trafford")
    assert [(r["previous_grade"], r["grade"], r["change"]) for r in overall] == [
        ("Good", RIBG, "-1")
    ]


@needs_pdfs
def test_grade_filter_matches_grades_of_equal_rank(engine):
    # "requires improvement" (rank 3) finds SIF "Requires improvement" and ILACS "Requires
    # improvement to be good" alike; the latest of Devon (2024) and Surrey (2022).
    found = rows(engine, "latest-judgements", grade="requires improvement")
    assert [(r["authority"], r["overall"]) for r in found] == [("Surrey", RIBG)]
    care = rows(engine, "latest-judgements", area="children-in-care", grade="4")
    assert [r["authority"] for r in care] == ["Devon"]
    north_west = rows(engine, "latest-judgements", region="north west")
    assert [r["authority"] for r in north_west] == ["Lancashire", "Tameside", "Trafford"]


@needs_pdfs
def test_neighbour_comparison_counts_graded_neighbours(engine):
    # Trafford's neighbours in this graph: none inspected but Surrey (ILACS 2022:
    # help and protection "Requires improvement to be good", rank 3); Trafford 2026 is
    # "Inadequate" (rank 4): worse than the one graded neighbour.
    [trafford] = rows(
        engine, "neighbour-comparison", authority="Trafford", area="help-and-protection"
    )
    assert (trafford["grade"], trafford["rank"], trafford["neighbours_graded"]) == (
        "Inadequate",
        "4",
        "1",
    )
    assert (trafford["neighbours_better"], trafford["neighbours_worse"]) == ("1", "0")
    assert trafford["compared"] == "worse than its neighbours' mean"
    [overall] = rows(engine, "neighbour-comparison", authority="Trafford")
    assert (overall["grade"], overall["rank"], overall["compared"]) == (NOT_JUDGED, None, None)


@needs_pdfs
def test_post_tenure_says_which_holders_were_interim(engine):
    # surrey-2018-05-16.pdf, page 5: "The interim director of children's services (DCS) has
    # been in post since October 2017"; surrey-2015-08-03.pdf: "The Director of Children's
    # Services has been in post since" (not interim).
    surrey = {
        (r["start"], r["in_post_since"], r["interim"])
        for r in rows(engine, "post-tenure", authority="Surrey")
    }
    assert ("2018-02-26", "2017-10", "yes") in surrey
    earlier = [interim for start, _, interim in surrey if start < "2018"]
    assert earlier and all(interim is None for interim in earlier)


@pytest.fixture(scope="module")
def trusts_engine(tmp_path_factory):
    """Richmond upon Thames 2025 (its services delegated to a trust) and Doncaster 2025
    (its trust decommissioned), built as users build."""
    if not PDFS.is_dir():
        pytest.skip("the development PDFs (../shared/pdfs) are not here")
    from ofsted_kg.build.pipeline import build

    out = tmp_path_factory.mktemp("trusts")
    stems = ("richmond-upon-thames-2025-08-12", "doncaster-2025-03-18")
    result = build([PDFS / f"{stem}.pdf" for stem in stems], out)
    assert result.complete and result.written
    return open_engine(out / "ofsted.ttl")


def test_trusts_names_each_trust_and_quotes_the_report(trusts_engine):
    # richmond-upon-thames-2025-08-12.pdf, page 1: "The local authority has delegated its
    # statutory children's social care functions to a trust arrangement with Achieving for
    # Children (AFC)"; inspected from 30 June 2025, overall effectiveness "Outstanding".
    # Doncaster 2025 decommissioned its trust: no row.
    [richmond] = rows(trusts_engine, "trusts")
    assert (richmond["authority"], richmond["start"], richmond["trust"]) == (
        "Richmond upon Thames",
        "2025-06-30",
        "Achieving for Children",
    )
    assert richmond["overall"] == "Outstanding"
    assert " ".join(richmond["quote"].split()) == (
        "delegated its statutory children’s social care functions to a trust arrangement "
        "with Achieving for Children (AFC)"
    )


# --- typed values for Python -------------------------------------------------------------------


@needs_pdfs
def test_python_api_gives_typed_values_and_dicts(engine):
    result = run_query(load_query("latest-judgements"), engine, {"authority": "Devon"})
    [devon] = list(result)
    # devon-2025-05-13.pdf: inspected 30 September 2024 to 16 January 2025, "Inadequate".
    assert devon["start"] == date(2024, 9, 30)
    assert (devon["overall"], devon["rank"]) == ("Inadequate", 4)
    assert len(result) == 1 and result.records() == [devon]
    figures = run_query(load_query("looked-after-rate"), engine, {"minimum_rate": "0"})
    # devon-2015-05-12.pdf, page 11: "At 16 March 2015, 684 children are being looked after
    # by the LA (a rate of 48.3 per 10,000 children)".
    devon = {(r["as_at"], r["children_looked_after"], r["rate_per_10000"]) for r in figures
             if r["authority"] == "Devon"}  # fmt: skip
    assert (date(2015, 3, 16), 684, 48.3) in devon  # numbers, not text
    assert all(isinstance(rate, float) for _, _, rate in devon)
    assert run_query(load_query("ask-inspected"), engine, {"authority": "Brent"}) is True


@needs_pdfs
def test_to_dataframe_types_its_columns(engine):
    pandas = pytest.importorskip("pandas")
    frame = run_query(load_query("grade-history"), engine, {"authority": "Surrey"}).to_dataframe()
    assert list(frame["framework"]) == ["sif", "lscb-review", "sif-reinspection", "ilacs-standard"]
    assert pandas.api.types.is_datetime64_any_dtype(frame["start"])
    assert frame["rank"].tolist()[0] == 4


# --- output files by suffix ---------------------------------------------------------------------


@needs_pdfs
@pytest.mark.parametrize(
    ("suffix", "starts"),
    [
        (".csv", "authority,start,framework,overall,rank,grade_as_printed\n"),
        (".json", '[\n  {\n    "authority": "Trafford",'),
        (".md", "| authority | start | framework | overall | rank | grade_as_printed |\n"),
        (".txt", "authority  start       framework"),
    ],
)
def test_output_format_follows_the_file_suffix(suffix, starts, framework_graph, tmp_path):
    out = tmp_path / f"history{suffix}"
    result = run("query", "grade-history", "-p", "authority=Trafford", "--graph", framework_graph,
                 "-o", out)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith(starts)


@needs_pdfs
def test_xlsx_has_typed_cells_and_the_same_bytes_each_time(framework_graph, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    for out in (first, second):
        result = run("query", "grade-history", "-p", "authority=Trafford", "--graph",
                     framework_graph, "-o", out)  # fmt: skip
        assert result.exit_code == 0, result.output
    assert first.read_bytes() == second.read_bytes()
    assert zipfile.is_zipfile(first)
    sheet = openpyxl.load_workbook(first)["answer"]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == ["authority", "start", "framework", "overall", "rank", "grade_as_printed"]
    # trafford-2015-05-12.pdf: started 27 January 2015, "Good", rank 2.
    assert values[1][1].date() == date(2015, 1, 27) and values[1][3:5] == ["Good", 2]
    assert values[3][3:5] == [NOT_JUDGED, None]


def test_output_format_mistakes_are_one_line(tmp_path):
    graph = ROOT / "graphs" / "ofsted.ttl"
    mismatch = run("query", "inspections", "--graph", graph, "-f", "csv", "-o", tmp_path / "x.json")
    assert mismatch.exit_code == 2
    assert mismatch.output.startswith("Error: --format csv does not match the file name")
    unknown = run("query", "inspections", "--graph", graph, "-o", tmp_path / "x.dat")
    assert unknown.exit_code == 2 and "cannot tell the format from the suffix '.dat'" in (
        unknown.output
    )
    stdout = run("query", "inspections", "--graph", graph, "-f", "xlsx")
    assert stdout.exit_code == 2 and "give the file, e.g. -o answer.xlsx" in stdout.output
    assert not list(tmp_path.iterdir())


# --- friendlier mistakes ---------------------------------------------------------------------


def test_misspelt_names_get_a_suggestion():
    graph = ROOT / "graphs" / "ofsted.ttl"
    query = run("query", "latest-judgments", "--graph", graph)
    assert query.exit_code == 2
    assert query.output == (
        "Error: unknown query 'latest-judgments'; did you mean 'latest-judgements'?\n"
    )
    council = run("query", "grade-history", "-p", "authority=Traford", "--graph", graph)
    assert council.output == (
        "Error: parameter authority='Traford' names none of England's councils; did you mean "
        "'Trafford' or 'Bradford'?\n"
    )
    area = run("query", "latest-judgements", "-p", "area=children in cair", "--graph", graph)
    assert "did you mean 'children-in-care'?" in area.output and area.exit_code == 2


def test_missing_prefix_is_named_with_the_line_to_add(tmp_path):
    mine = tmp_path / "mine.rq"
    mine.write_text("SELECT ?i WHERE { ?i a ofs:Inspection } ORDER BY ?i\n", encoding="utf-8")
    result = run("query", mine, "--graph", ROOT / "graphs" / "ofsted.ttl")
    assert result.exit_code == 2
    assert result.output == (
        f"Error: {mine}: missing PREFIX: the prefix 'ofs:' is used but not declared; add "
        "PREFIX ofs: <https://w3id.org/ofsted-kg/ontology#>\n"
    )


def test_queries_are_listed_by_topic_one_line_each():
    result = run("queries")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    headings = [line for line in lines if line and not line.startswith(" ")]
    assert headings[:2] == ["Grades and comparisons", "Inspections and reports"]
    assert "Data checks (must return no rows)" in headings
    listed = [line.split()[0] for line in lines if line.startswith("  ")]
    assert sorted(listed) == sorted(QUERIES)
    checks = lines.index("Data checks (must return no rows)")
    assert lines[checks + 1].split()[0] == "overlapping-inspections-violation"
    one = run("queries", "recommendations")
    assert "-p phrase=<string>" in one.output and "repeat -p for several" in one.output


def test_several_phrases_find_any_of_them(built_graph):
    from ofsted_kg.store.engines import OxigraphEngine

    engine = OxigraphEngine.from_graph(built_graph)
    query = load_query("recommendations")

    def texts(*phrases):
        return [r["text"] for r in run_query(query, engine, {"phrase": list(phrases)})]

    # bolton-2014-sif.txt: "Ensure that all children in care and care leavers know and
    # understand their entitlements."; each phrase alone, and both at once, in report order.
    leavers, adopters = texts("care leavers"), texts("adopters")
    assert leavers and adopters
    both = texts("care leavers", "adopters")
    assert sorted(both) == sorted(set(leavers) | set(adopters))
    assert len(texts("care leavers", "CARE LEAVERS")) == len(leavers)
    with pytest.raises(QueryError, match="parameter 'authority' given twice"):
        run_query(query, engine, {"authority": ["Bolton", "Trafford"]})


# --- silent staleness: an answer names the files the build did not read ------------------------


@pytest.fixture(scope="module")
def devon_with_a_refused_report(tmp_path_factory):
    """Devon's 2015 and 2020 reports, and its 2025 report cut short, named as Ofsted's
    downloads are: the 2025 report is refused, the graph of the others written."""
    if not PDFS.is_dir():
        pytest.skip("the development PDFs (../shared/pdfs) are not here")
    from ofsted_kg.build.pipeline import build

    folder = tmp_path_factory.mktemp("downloads")
    council = folder / "80461_devon"
    council.mkdir()
    shutil.copy(PDFS / "devon-2015-05-12.pdf", council / "devon-2015-05-12.pdf")
    shutil.copy(PDFS / "devon-2020-03-17.pdf", council / "devon-2020-03-17.pdf")
    data = (PDFS / "devon-2025-05-13.pdf").read_bytes()
    (council / "children's services inspection - 13 may 2025.pdf").write_bytes(
        data[: len(data) // 3]
    )
    shutil.copy(REPORTS / "trafford-2022-ilacs.txt", folder / "trafford-2022-ilacs.txt")
    out = tmp_path_factory.mktemp("graphs")
    result = build([folder], out)
    assert [o.name for o in result.failures] == [
        "80461_devon/children's services inspection - 13 may 2025.pdf"
    ]
    assert result.written
    return out / "ofsted.ttl"


NOTE = "note: 80461_devon/children's services inspection - 13 may 2025.pdf was refused"


def test_latest_judgement_names_the_refused_report_of_that_council(devon_with_a_refused_report):
    graph = devon_with_a_refused_report
    table = run("query", "latest-judgements", "-p", "authority=Devon", "--graph", graph)
    assert table.exit_code == 0
    # devon-2020-03-17.pdf: overall effectiveness "Inadequate", the latest read.
    assert "2020-01-20" in table.stdout and "Inadequate" in table.stdout
    [note] = [line for line in table.stdout.splitlines() if line.startswith("note:")]
    assert note.startswith(NOTE)
    assert note.endswith("its name suggests it is about Devon: this answer may be incomplete")
    assert table.stderr == ""  # the footer is on screen already
    as_csv = run(
        "query", "latest-judgements", "-p", "authority=Devon", "-f", "csv", "--graph", graph
    )
    assert "note:" not in as_csv.stdout and as_csv.stderr.startswith(NOTE)
    other = run("query", "latest-judgements", "-p", "authority=Trafford", "--graph", graph)
    assert "note:" not in other.output  # no file about Trafford was left unread


def test_ask_says_false_and_why_it_may_be_wrong(devon_with_a_refused_report):
    result = run("query", "ask-inspected", "-p", "authority=Devon", "-p", "since=2024-01-01",
                 "--graph", devon_with_a_refused_report)  # fmt: skip
    assert result.exit_code == 1
    assert result.stdout == "false\n"
    assert result.stderr.startswith(NOTE)


def test_python_api_carries_the_unread_files(devon_with_a_refused_report):
    engine = open_engine(devon_with_a_refused_report)
    result = run_query(load_query("grade-history"), engine, {"authority": "Devon"})
    [unread] = result.unread
    assert (unread.status, unread.about, unread.guessed) == ("refused", ("Devon",), True)
    workbook = run_query(load_query("inspections"), engine, {"authority": "Trafford"})
    assert workbook.unread == []


def test_quarantined_report_is_named_as_about_its_council(tmp_path):
    """A quarantined report's council is a fact of the build record, not a guess."""
    from ofsted_kg.build.pipeline import build

    inputs = tmp_path / "inputs"
    inputs.mkdir()
    text = (REPORTS / "trafford-2022-ilacs.txt").read_text(encoding="utf-8")
    shutil.copy(REPORTS / "trafford-2022-ilacs.txt", inputs)
    shutil.copy(REPORTS / "bolton-2014-sif.txt", inputs)
    moved = text.replace("21 November to 2 December 2022", "22 November to 3 December 2022")
    (inputs / "copy.txt").write_text(moved, encoding="utf-8")
    result = build([inputs], tmp_path / "out")
    assert len(result.quarantined) == 2
    answer = run("query", "grade-history", "-p", "authority=Trafford", "--graph",
                 tmp_path / "out" / "ofsted.ttl")  # fmt: skip
    notes = [line for line in answer.stdout.splitlines() if line.startswith("note:")]
    assert [n.split(" was ")[0] for n in notes] == [
        "note: copy.txt",
        "note: trafford-2022-ilacs.txt",
    ]
    assert all("; it is about Trafford: this answer may be incomplete" in n for n in notes)
    bolton = run("query", "grade-history", "-p", "authority=Bolton", "--graph",
                 tmp_path / "out" / "ofsted.ttl")  # fmt: skip
    assert "note:" not in bolton.output


# --- following the README does not break the repository ---------------------------------------


def test_readme_writes_outputs_outside_the_committed_files():
    """Regression: the README's PDF example wrote over the committed graphs/ (so the stale
    graph test failed) and its tour wrote pictures into the repository's root."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = [
        line.strip().removeprefix("$ ")
        for line in readme.splitlines()
        if line.strip().removeprefix("$ ").startswith("ofsted-kg ")
    ]
    outputs = []
    for command in commands:
        words = command.split("#")[0].split()
        for flag, value in zip(words, words[1:], strict=False):
            if flag in ("-o", "--output", "--out"):
                outputs.append((command, value))
    assert outputs
    for command, value in outputs:
        allowed = (
            value.startswith("out/")
            or (value == "graphs/" and command.startswith("ofsted-kg build reports/ "))
            # sync downloads into the reports folder, as the user asks it to
            or (value == "reports/" and command.startswith("ofsted-kg sync "))
        )
        assert allowed or value == "docs/ontology/", command
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert {"/out/", "graphs/.store/", "graphs/.cache/"} <= set(ignored)
