"""The stored-query catalogue: every query parses, is documented, runs alike on Oxigraph and
rdflib with its example parameters, and answers what the reports say."""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph
import pytest
from click.testing import CliRunner
from make_querydoc import catalogue_markdown
from rdflib import XSD, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from conftest import read_report
from ofsted_kg.cli import main
from ofsted_kg.errors import QueryError
from ofsted_kg.query.analysis import check_syntax
from ofsted_kg.query.catalogue import catalogue, example_params, prepare, run_query
from ofsted_kg.query.params import PARAM_TYPES
from ofsted_kg.resources import resource
from ofsted_kg.store.engines import OxigraphEngine, RdflibEngine, SelectResult
from test_remote import branched

QUERIES = catalogue()
NAMES = sorted(QUERIES)
VIOLATIONS = [name for name in NAMES if name.endswith("-violation")]
ID = "https://w3id.org/ofsted-kg/id/"
TRAFFORD_2022_OVERALL = (
    f"{ID}inspection/E08000009/2022-11-21/judgement/local-authority/overall-effectiveness"
)


@pytest.fixture(scope="session")
def oxigraph(built_graph):
    return OxigraphEngine.from_graph(built_graph)


@pytest.fixture(scope="session")
def rdflib_engine(built_graph):
    return RdflibEngine(built_graph)


def canonical(graph: Graph) -> Graph:
    """``graph`` with numbers by value: Oxigraph stores "23.0" as 23 and reads
    xsd:nonNegativeInteger as xsd:integer, rdflib keeps both as written."""
    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and type(o.value) in (int, float, Decimal):
            o = Literal(Decimal(str(o.value)).normalize(), datatype=XSD.decimal)
        out.add((s, p, o))
    return out


def rows(engine, name: str, **params: str) -> list[list[str | None]]:
    answer = run_query(QUERIES[name], engine, params)
    assert isinstance(answer, SelectResult)
    assert answer.columns == list(QUERIES[name].columns)
    return answer.rows


def test_catalogue_has_at_least_twenty_queries():
    assert len(QUERIES) >= 20
    assert VIOLATIONS == ["overlapping-inspections-violation"]  # the rest are shapes
    assert {"construct-authority", "provenance", "grade-history"} <= set(QUERIES)
    assert any(query.form == "ask" for query in QUERIES.values())


@pytest.mark.parametrize("name", NAMES)
def test_query_has_a_complete_header(name):
    query = QUERIES[name]
    assert query.title and query.question.endswith(("?", ".")), name
    assert query.examples, f"{name}: no '# example:' line"
    assert all(e.startswith(f"ofsted-kg query {name}") for e in query.examples)
    assert query.columns, f"{name}: no '# columns:' line"
    assert all(p.type in PARAM_TYPES and p.doc for p in query.params)
    if query.form == "select":
        assert "ORDER BY" in query.text, f"{name}: rows need a deterministic order"
    declared = {p.name for p in query.params}
    used = set(__import__("re").findall(r"\?param_([a-z0-9_]+)", query.text))
    assert used == declared, f"{name}: parameters used {used} but declared {declared}"


@pytest.mark.parametrize("name", NAMES)
def test_query_parses_with_every_example(name):
    query = QUERIES[name]
    for params in example_params(query):
        check_syntax(prepare(query, params), name)


@pytest.mark.parametrize("name", NAMES)
def test_query_gives_the_same_answer_on_oxigraph_and_rdflib(name, oxigraph, rdflib_engine):
    query = QUERIES[name]
    examples = example_params(query)
    if query.form == "construct":  # a minute on rdflib each; the examples differ in syntax
        examples = examples[:1]
    for params in examples:
        ox = run_query(query, oxigraph, params)
        rd = run_query(query, rdflib_engine, params)
        if isinstance(ox, Graph):
            assert len(ox) > 0 and isomorphic(canonical(ox), canonical(rd)), name
        elif isinstance(ox, bool):
            assert ox == rd
        else:
            assert ox.columns == list(query.columns), name
            assert ox.columns == rd.columns
            assert ox.rows == rd.rows, f"{name} {params}"


BRANCHED = branched(QUERIES)


def test_the_queries_with_a_branch_for_one_council_are_found():
    assert {"judgements", "recommendations", "area-over-time", "themes-by-authority"} <= set(
        BRANCHED
    )


@pytest.mark.parametrize("name", BRANCHED)
def test_a_councils_rows_are_its_rows_among_every_councils(name, oxigraph, rdflib_engine):
    """The branch that looks one council's rows up gives what the branch that reads every
    council's gives for it, on Oxigraph (which plans each) and on rdflib."""
    query = QUERIES[name]
    everyone = run_query(query, oxigraph, {})
    at = everyone.columns.index("authority")
    councils = sorted({row[at] for row in everyone.rows})
    assert councils == ["Bolton", "Cheshire West and Chester", "Tameside", "Trafford"]
    for council in councils:
        own = run_query(query, oxigraph, {"authority": council}).rows
        assert own and own == [row for row in everyone.rows if row[at] == council], council
    trafford = run_query(query, rdflib_engine, {"authority": "Trafford"}).rows
    assert trafford == [row for row in everyone.rows if row[at] == "Trafford"]


def test_same_themes_on_one_theme_are_its_rows_among_every_theme(oxigraph, rdflib_engine):
    """Its branch for a theme asked for gives what its branch for every theme gives it."""
    query = QUERIES["same-themes"]
    every = run_query(query, oxigraph, {"authority": "Trafford"})
    at = every.columns.index("theme")
    themes = sorted({row[at] for row in every.rows})
    assert len(themes) >= 3 and "care-leavers" in themes
    for theme in themes:
        own = run_query(query, oxigraph, {"authority": "Trafford", "theme": theme}).rows
        assert own and own == [row for row in every.rows if row[at] == theme], theme
    assert run_query(query, rdflib_engine, {"authority": "Trafford"}).rows == every.rows


@pytest.mark.parametrize("name", VIOLATIONS)
def test_violation_query_finds_nothing_on_the_built_graph(name, oxigraph):
    assert rows(oxigraph, name) == []


# --- one home per integrity rule: the shapes own the per-fact rules ----------------------------


def _without(graph: Graph, predicate: URIRef, subject: URIRef | None = None) -> Graph:
    broken = Graph()
    broken += graph
    broken.remove((subject, predicate, None))
    return broken


def _messages(graph: Graph) -> set[str]:
    from ofsted_kg.validate.validator import validate_graph

    return {v.message for v in validate_graph(graph).violations}


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        (
            lambda g: _without(g, URIRef("http://www.w3.org/ns/prov#hadRole")),
            "The inspection has no lead inspector in its team and does not record the gap "
            "(ofs:coverageGap).",
        ),
        (
            lambda g: _without(g, URIRef("https://schema.org/text")),
            "A recommendation needs its text (one non-empty string of at least 10 characters).",
        ),
        (
            lambda g: _without(g, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")),
            "A recommendation must quote the report.",
        ),
        (
            lambda g: _without(g, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")),
            "An inspection must quote where its report prints its dates.",
        ),
    ],
)
def test_a_shape_finds_broken_data(breakage, message, built_graph):
    assert message in _messages(breakage(built_graph))


def test_empty_quote_is_a_violation(built_graph):
    broken = Graph()
    broken += built_graph
    quote = URIRef(f"{TRAFFORD_2022_OVERALL}/evidence/quote")
    broken.set((quote, URIRef("http://www.w3.org/ns/oa#exact"), Literal("  ")))
    assert _messages(broken) == {"A text quote needs its exact, non-empty quotation."}


def test_evidence_without_quote_selector_is_a_violation(built_graph):
    evidence = URIRef(f"{TRAFFORD_2022_OVERALL}/evidence")
    broken = Graph()
    broken += built_graph
    broken.remove(
        (evidence, URIRef("http://www.w3.org/ns/oa#hasSelector"), URIRef(f"{evidence}/quote"))
    )
    assert _messages(broken) == {"Evidence needs exactly one text quote selector."}


@pytest.mark.parametrize(("start", "end"), [(40, 40), (41, 40), (-1, 40), (40, None)])
def test_bad_offsets_are_a_violation(built_graph, start, end):
    oa = "http://www.w3.org/ns/oa#"
    position = URIRef(f"{TRAFFORD_2022_OVERALL}/evidence/position")
    broken = Graph()
    broken += built_graph
    broken.set((position, URIRef(f"{oa}start"), Literal(start)))
    if end is None:
        broken.remove((position, URIRef(f"{oa}end"), None))
    else:
        broken.set((position, URIRef(f"{oa}end"), Literal(end)))
    found = _messages(broken)
    assert found & {
        "A text position needs one start offset, before its end.",
        "A text position needs one end offset.",
    }
    assert found <= {
        "A text position needs one start offset, before its end.",
        "A text position needs one end offset.",
    }


def test_wrong_scale_grade_is_a_violation(built_graph):
    broken = Graph()
    broken += built_graph
    broken.set(
        (
            URIRef(TRAFFORD_2022_OVERALL),
            URIRef("https://w3id.org/ofsted-kg/ontology#grade"),
            URIRef("https://w3id.org/ofsted-kg/concept/grade/sif/good"),
        )
    )
    assert _messages(broken) == {"The judgement's grade is not on its framework's grade scale."}


def test_overlapping_inspections_of_one_council_are_found(built_graph):
    """The cross-report check: Trafford's 2022 inspection moved to start within its 2015
    one's dates (as a second, misread copy of that report would)."""
    from datetime import date

    from rdflib.namespace import XSD

    broken = Graph()
    broken += built_graph
    inspection = URIRef(TRAFFORD_2022_OVERALL.rsplit("/judgement/", 1)[0])
    broken.set(
        (
            inspection,
            URIRef("https://w3id.org/ofsted-kg/ontology#startDate"),
            Literal(date(2015, 2, 1), datatype=XSD.date),
        )
    )
    found = rows(OxigraphEngine.from_graph(broken), "overlapping-inspections-violation")
    trafford_2015 = "https://w3id.org/ofsted-kg/id/inspection/E08000009/2015-01-27"
    assert [row[:3] for row in found] == [
        [trafford_2015, str(inspection), "Trafford"],
        [str(inspection), trafford_2015, "Trafford"],
    ]
    assert "Two inspections of one council at once (overlapping-inspections-violation)" in (
        _messages(broken)
    )


# --- expected rows, written from the reports --------------------------------------------------


def test_trafford_grade_history(oxigraph):
    # trafford-2015-sif.txt: overall effectiveness "good"; trafford-2022-ilacs.txt:
    # "Overall effectiveness  Requires improvement to be good".
    assert rows(oxigraph, "grade-history", authority="Trafford") == [
        ["Trafford", "2015-01-27", "sif", "Good", "2", "good"],
        [
            "Trafford",
            "2022-11-21",
            "ilacs-standard",
            "Requires improvement to be good",
            "3",
            "Requires improvement to be good",
        ],
    ]


def test_grade_history_by_gss_code_and_alias(oxigraph):
    by_name = rows(oxigraph, "grade-history", authority="Trafford")
    assert rows(oxigraph, "grade-history", authority="E08000009") == by_name
    assert (
        rows(oxigraph, "grade-history", authority="Trafford Metropolitan Borough Council")
        == by_name
    )


def test_bolton_beside_its_statistical_neighbours(oxigraph, rdflib_engine):
    # bolton-2014-sif.txt: overall effectiveness "requires improvement"; "1. Children who
    # need help and protection Requires improvement", "2. Children looked after and
    # achieving permanence Good", "2.2 Experiences and progress of care leavers Good",
    # "3. Leadership, management and governance Requires improvement". Tameside, one of
    # Bolton's ten DfE statistical neighbours, was last inspected in March 2012 under a
    # framework that graded safeguarding and looked after children's services apart.
    found = rows(oxigraph, "statistical-neighbours", authority="Bolton")
    ri = "Requires improvement"
    assert found[0] == [
        "Bolton", "authority", "E08000001", "North West", "sif", "2014-01-14",
        ri, "3", ri, ri, "Good", "Good",
    ]  # fmt: skip
    neighbours = {row[0]: row[4:] for row in found[1:]}
    assert len(neighbours) == 10
    assert {row[1] for row in found[1:]} == {"statistical neighbour"}
    two = "two overall grades (safeguarding; looked after children)"
    assert neighbours["Tameside"] == ["safeguarding-lac-2012", "2012-03-19", two] + [None] * 5
    assert neighbours["Oldham"] == [None] * 8
    assert rows(rdflib_engine, "statistical-neighbours", authority="E08000001") == found


def test_statistical_neighbours_needs_an_authority(oxigraph):
    with pytest.raises(QueryError, match="needs parameter 'authority'"):
        rows(oxigraph, "statistical-neighbours")


def test_trafford_declined_and_nobody_improved(oxigraph):
    # trafford-2015-sif.txt: overall "Good"; trafford-2022-ilacs.txt: "Requires improvement
    # to be good", one grade worse: a change of -1.
    assert rows(oxigraph, "overall-declined") == [
        [
            "Trafford",
            "Overall effectiveness",
            "2015-01-27",
            "sif",
            "Good",
            "2022-11-21",
            "ilacs-standard",
            "Requires improvement to be good",
            "-1",
            "declined by one grade",
        ]
    ]
    assert rows(oxigraph, "overall-improved") == []


def test_latest_judgements(oxigraph):
    assert [(r[0], r[4], r[6]) for r in rows(oxigraph, "latest-judgements")] == [
        ("Bolton", "2014-01-14", "Requires improvement"),
        ("Cheshire West and Chester", "2015-11-24", "Good"),
        # the 2009-2012 framework graded safeguarding and looked after children apart
        ("Tameside", "2012-03-19", "two overall grades (safeguarding; looked after children)"),
        ("Trafford", "2022-11-21", "Requires improvement to be good"),
    ]


def test_bolton_lscb_requires_improvement(oxigraph):
    # bolton-2014-sif.txt: "The effectiveness of the Local Safeguarding Children Board:
    # Requires improvement"; Cheshire West and Chester's and Trafford's boards were good.
    assert rows(oxigraph, "lscb-below-good") == [
        [
            "Bolton",
            "2014-01-14",
            "Bolton Local Safeguarding Children Board",
            "Requires improvement",
            "3",
        ]
    ]


def test_grade_matrix_aligns_sif_and_ilacs_areas(oxigraph):
    matrix = rows(oxigraph, "grade-matrix", authority="Trafford")
    assert matrix[0][:9] == [
        "Trafford",
        "2015-01-27",
        "sif",
        "Good",
        "Good",
        "Good",
        "Outstanding",
        "Good",
        "Outstanding",
    ]
    # trafford-2022-ilacs.txt grades children in care and care leavers in one row, which
    # speaks for both columns.
    ri = "Requires improvement to be good"
    assert matrix[1][:9] == ["Trafford", "2022-11-21", "ilacs-standard", ri, ri, ri, ri, None, ri]


def test_nobody_led_two_inspections(oxigraph):
    # Lead inspectors: Robert Hackeson (Bolton), Sue Myers (Cheshire West and Chester),
    # Marie McGuinness (Tameside), Gary Lamb (Trafford 2015), Nick Bennison (Trafford 2022).
    assert rows(oxigraph, "repeat-lead-inspectors") == []
    assert [r[0] for r in rows(oxigraph, "repeat-lead-inspectors", minimum="1")] == [
        "Gary Lamb",
        "Marie McGuinness",
        "Nick Bennison",
        "Robert Hackeson",
        "Sue Myers",
    ]
    assert rows(oxigraph, "inspectors-same-authority") == []


def test_gary_lamb_led_trafford_and_joined_cheshire_west(oxigraph):
    # trafford-2015-sif.txt: "Lead inspector: Gary Lamb"; cheshire-west-and-chester-2015:
    # Gary Lamb among the team inspectors, with Ali Mekki and Lynn Radley on both teams.
    assert rows(oxigraph, "inspector-record", inspector="lamb") == [
        ["Gary Lamb", "2", "2", "1", "2015-01-27", "2015-11-24"]
    ]
    pairs = rows(oxigraph, "co-inspectors", inspector="Gary Lamb")
    assert pairs[:2] == [
        ["Ali Mekki", "Gary Lamb", "2", "2015-01-27", "2015-11-24"],
        ["Gary Lamb", "Lynn Radley", "2", "2015-01-27", "2015-11-24"],
    ]
    assert {r[2] for r in pairs[2:]} == {"1"}


def test_dcs_tenure(oxigraph):
    # Trafford 2015: the DCS "has been in post since July 2010"; inspection from 27 January
    # to 18 February 2015: 55 months to its last day.
    assert [
        "Trafford",
        "2015-01-27",
        "Director of Children's Services",
        "2010-07",
        "55",
        None,  # not printed as interim or acting
    ] in rows(oxigraph, "post-tenure")


def test_children_looked_after_rates(oxigraph):
    assert rows(oxigraph, "looked-after-rate", minimum_rate="70") == [
        ["Bolton", "2014-01-14", "2013-03-31", "540", "83", "Requires improvement"],
        ["Cheshire West and Chester", "2015-11-24", "2015-10-31", "471", "71", "Good"],
    ]
    trafford = rows(oxigraph, "key-figures", authority="Trafford")
    assert [r[4:6] for r in trafford] == [["338", "63.8"]]


def test_tameside_recommendations_by_timescale(oxigraph):
    assert rows(oxigraph, "recommendations-by-timescale", authority="Tameside") == [
        ["Tameside", "2012-03-19", "Immediately", "6"],
        ["Tameside", "2012-03-19", "Within six months", "1"],
        ["Tameside", "2012-03-19", "Within three months", "9"],
    ]


def test_provenance_of_trafford_2022_overall_judgement(oxigraph):
    found = rows(oxigraph, "provenance", fact=TRAFFORD_2022_OVERALL)
    assert len(found) == 1
    fact, quote, start, end, page, report_file, sha256, _, ofsted_url = found[0]
    assert " ".join(quote.split()) == "Overall effectiveness Requires improvement to be good"
    assert report_file == "trafford-2022-ilacs.txt" and page is None and len(sha256) == 64
    assert ofsted_url is None  # a bundled text, not downloaded by ofsted-kg sync
    text = read_report("trafford-2022-ilacs.txt")
    assert text[int(start) : int(end)] == quote


def test_construct_authority_holds_only_that_authority(oxigraph):
    graph = run_query(QUERIES["construct-authority"], oxigraph, {"authority": "E08000008"})
    subjects = {str(s) for s in graph.subjects()}
    assert f"{ID}authority/E08000008" in subjects
    assert not any("E08000009" in s for s in subjects)  # nothing of Trafford
    assert any(s.endswith("/evidence/quote") for s in subjects)


def test_ask_inspected(oxigraph):
    ask = QUERIES["ask-inspected"]
    assert run_query(ask, oxigraph, {"authority": "Trafford", "framework": "ilacs-standard"})
    assert not run_query(ask, oxigraph, {"authority": "Bolton", "since": "2020-01-01"})


# --- parameters are values, never query text --------------------------------------------------

HOSTILE = [
    'Trafford"',
    "Traf'ford",
    "} ; DROP ALL ; {",
    '" } ; DROP ALL ; { "',
    "Trafford\n} DROP ALL {",
    "{{}}",
    "\\",
    '"""',
    "?param_authority",
    "<x>",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_parameter_is_a_plain_value(value, built_graph):
    engine = OxigraphEngine.from_graph(built_graph)
    before = len(engine.store)
    assert rows(engine, "recommendations", phrase=value) == []
    assert len(engine.store) == before
    text = prepare(QUERIES["recommendations"], {"phrase": value})
    # one literal, escaped by Oxigraph (the authority parameter is unbound)
    assert f"{{ (UNDEF {pyoxigraph.Literal(value)}) }}" in text
    # An authority is looked up before it is bound: refused, or (a stray quote after a
    # name) bound as the council's GSS code.
    try:
        bound = prepare(QUERIES["grade-history"], {"authority": value})
    except QueryError as exc:
        assert "names none of England's councils" in str(exc)
    else:
        assert '{ ("E08000009") }' in bound


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_parameter_through_the_cli(value, tmp_path, built_graph):
    path = tmp_path / "g.ttl"
    built_graph.serialize(path, format="turtle")
    size = path.stat().st_size
    result = CliRunner().invoke(
        main,
        [
            "query",
            "recommendations",
            "--graph",
            str(path),
            "-p",
            f"phrase={value}",
            "--format",
            "csv",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.output == "authority,start,addressee,number,timescale,text\n"
    assert path.stat().st_size == size


def test_hostile_iri_is_refused():
    with pytest.raises(QueryError, match="not a valid iri"):
        prepare(QUERIES["provenance"], {"fact": "http://x/> } ; DROP ALL ; { <y"})


def test_unknown_parameter_lists_the_query_parameters(tmp_path):
    result = CliRunner().invoke(main, ["query", "recommendations", "-p", "colour=red"])
    assert result.exit_code == 2
    assert "has no parameter colour" in result.output
    assert "authority (authority), phrase (string)" in result.output


def test_missing_required_parameter_is_named():
    result = CliRunner().invoke(main, ["query", "grade-history"])
    assert result.exit_code == 2
    assert "needs parameter 'authority'" in result.output


def test_badly_typed_parameter():
    result = CliRunner().invoke(
        main, ["query", "ask-inspected", "-p", "authority=E08000001", "-p", "since=last year"]
    )
    assert result.exit_code == 2 and "not a valid date" in result.output


# --- output formats through the CLI -----------------------------------------------------------


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory, built_graph):
    path = tmp_path_factory.mktemp("graph") / "ofsted.ttl"
    built_graph.serialize(path, format="turtle")
    return path


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        (
            "csv",
            "authority,start,framework,overall,rank,grade_as_printed\n"
            "Trafford,2015-01-27,sif,Good,2,good\n",
        ),
        ("markdown", "| authority | start | framework | overall | rank | grade_as_printed |\n"),
        ("json", '[\n  {\n    "authority": "Trafford",\n    "start": "2015-01-27"'),
        ("table", "authority  start       framework"),
    ],
)
def test_select_formats(fmt, expected, graph_file):
    result = CliRunner().invoke(
        main,
        [
            "query",
            "grade-history",
            "-p",
            "authority=Trafford",
            "--graph",
            str(graph_file),
            "--format",
            fmt,
        ],
    )
    assert result.exit_code == 0 and result.output.startswith(expected), result.output


@pytest.mark.parametrize("fmt", ["ttl", "jsonld"])
def test_construct_formats(fmt, graph_file):
    result = CliRunner().invoke(
        main,
        [
            "query",
            "construct-authority",
            "-p",
            "authority=E08000001",
            "--graph",
            str(graph_file),
            "--format",
            fmt,
        ],
    )
    assert result.exit_code == 0
    graph = Graph().parse(data=result.output, format="turtle" if fmt == "ttl" else "json-ld")
    assert (URIRef(f"{ID}authority/E08000001"), None, None) in graph


@pytest.mark.parametrize(
    ("params", "output", "code"),
    [
        (["-p", "authority=Trafford", "-p", "framework=sif"], "true\n", 0),
        (["-p", "authority=Trafford", "-p", "framework=lac-2013"], "false\n", 1),
    ],
)
def test_ask_prints_and_exits(params, output, code, graph_file):
    result = CliRunner().invoke(
        main, ["query", "ask-inspected", "--graph", str(graph_file), *params]
    )
    assert (result.output, result.exit_code) == (output, code)


def test_queries_command_lists_every_query():
    result = CliRunner().invoke(main, ["queries"])
    assert result.exit_code == 0
    for name in NAMES:
        assert name in result.output


def test_update_is_refused_without_allow_update(tmp_path, graph_file):
    update = tmp_path / "drop.rq"
    update.write_text("DROP ALL\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["query", str(update), "--graph", str(graph_file)])
    assert result.exit_code == 2 and "SPARQL Update is refused" in result.output


def test_readme_documents_every_query():
    readme = resource("queries", "README.md").read_text(encoding="utf-8")
    assert "?param_" in readme
    for name in NAMES:
        assert f"`{name}`" in readme, f"queries/README.md does not document {name}"
    assert readme == catalogue_markdown(), "stale: run make docs"


def test_key_figure_dates_only_where_printed(oxigraph):
    # bolton-2014-sif.txt: "Approximately 65,250 children and young people under the age of
    # 18 years live in Bolton" (no date: the inspection's start stands in, flagged
    # ofs:refPeriodPrinted false) and "At 31 March 2013, 540 children were being looked
    # after by the local authority (a rate of 83 per 10,000 children)".
    under_18 = rows(oxigraph, "key-figures", authority="Bolton", measure="children-under-18")
    assert [r[2:5] for r in under_18] == [
        [None, "Children and young people under the age of 18", "65250"]
    ]
    looked_after = rows(oxigraph, "key-figures", authority="Bolton")
    assert [r[2] for r in looked_after] == ["2013-03-31"]


def test_own_query_numbers_print_alike_on_both_engines(built_graph, tmp_path):
    """rdflib keeps "16.0" and "007" as written; Oxigraph prints the canonical "16", "7"."""
    from ofsted_kg.query.catalogue import load_query

    path = tmp_path / "numbers.rq"
    path.write_text(
        "SELECT ?x WHERE { VALUES ?x { 16.0 63.80 0.5 "
        '"007"^^<http://www.w3.org/2001/XMLSchema#integer> "abc" } } ORDER BY ?x\n',
        encoding="utf-8",
    )
    query = load_query(str(path))
    expected = [["0.5"], ["7"], ["16"], ["63.8"], ["abc"]]
    assert run_query(query, OxigraphEngine.from_graph(Graph()), {}).rows == expected
    assert run_query(query, RdflibEngine(Graph()), {}).rows == expected


def test_query_rdflib_cannot_parse_is_one_error(tmp_path):
    path = tmp_path / "negative-zero.rq"
    path.write_text("SELECT ?x WHERE { VALUES ?x { -0.0 } }\n", encoding="utf-8")
    for engine in ("rdflib", "oxigraph"):  # not read, so not checked for SERVICE: refused
        result = CliRunner().invoke(main, ["query", str(path), "--engine", engine])
        assert result.exit_code == 2 and len(result.output.splitlines()) == 1
        assert result.output.startswith(
            f"Error: {path}: rdflib's SPARQL parser cannot read this query (Not a number"
        )


TYPED = """# title: typed
# question: each parameter type, echoed
# param: n integer "" a whole number
# param: minimum_rate decimal "" a decimal
# param: day date "" a date
SELECT ?n ?rate ?day WHERE {
  BIND(?param_n AS ?n) BIND(?param_minimum_rate AS ?rate) BIND(?param_day AS ?day)
}
"""
BAD_VALUES = [
    ("minimum_rate", "1e999999999"),  # Decimal() takes it; writing it out took 4.9 GB
    ("minimum_rate", "NaN"),
    ("minimum_rate", "Infinity"),
    ("minimum_rate", "-inf"),
    ("minimum_rate", "1_0"),
    ("minimum_rate", "\u0663.\u0665"),  # Arabic-Indic digits
    ("minimum_rate", "1.2.3"),
    ("minimum_rate", "."),
    ("n", "1_000"),
    ("n", "\u0661\u0662"),
    ("n", " 5"),
    ("n", "0x10"),
    ("n", "1234567890123456789"),  # 19 digits
    ("day", "20240101"),  # date.fromisoformat takes it since Python 3.11
    ("day", "2024-W01-1"),
    ("day", "2023-02-30"),
    ("day", "\u0662\u0660\u0662\u0664-01-01"),
]


@pytest.mark.parametrize(("name", "value"), BAD_VALUES)
def test_numbers_and_dates_are_read_strictly(tmp_path, name, value):
    path = tmp_path / "typed.rq"
    path.write_text(TYPED, encoding="utf-8")
    result = CliRunner().invoke(main, ["query", str(path), "-p", f"{name}={value}"])
    assert result.exit_code == 2 and len(result.output.splitlines()) == 1
    kind = {"n": "integer", "minimum_rate": "decimal", "day": "date"}[name]
    assert result.output.startswith(
        f"Error: parameter {name}={value!r} is not a valid {kind}: give"
    )


def test_good_numbers_and_dates(tmp_path):
    path = tmp_path / "typed.rq"
    path.write_text(TYPED, encoding="utf-8")
    for (n, rate, day), row in {
        ("42", "63.8", "2024-02-29"): "42,63.8,2024-02-29",
        ("-3", ".5", "1999-12-31"): "-3,0.5,1999-12-31",
        ("+7", "5.", "2000-01-01"): "7,5,2000-01-01",
        ("123456789012345678", "-0.25", "2013-03-31"): "123456789012345678,-0.25,2013-03-31",
    }.items():
        result = CliRunner().invoke(
            main,
            ["query", str(path), "-p", f"n={n}", "-p", f"minimum_rate={rate}", "-p", f"day={day}"]
            + ["-f", "csv"],
        )
        assert (result.exit_code, result.output) == (0, f"n,rate,day\n{row}\n"), result.output


def test_undecodable_parameter_is_one_error_line():
    """A command-line value that is not UTF-8 (Python keeps its bytes as surrogates)."""
    result = CliRunner().invoke(main, ["query", "recommendations", "-p", "phrase=caf\udce9"])
    assert (result.exit_code, result.output) == (
        2,
        "Error: parameter phrase='caf\\udce9' is not valid UTF-8 text\n",
    )


def test_a_parameter_named_in_a_sub_select_is_bound_there_too(built_graph, tmp_path):
    """A sub-SELECT sees no variable of the query around it, so each one that names a
    parameter gets the parameter's value too: Trafford (E08000009) was inspected twice
    among the bundled reports (2015 SIF, 2022 ILACS), Bolton once, all councils five times."""
    from ofsted_kg.query.catalogue import load_query

    path = tmp_path / "inspections-of.rq"
    path.write_text(
        '# param: gss string "" A council\'s GSS code; empty for all\n'
        "PREFIX ofs: <https://w3id.org/ofsted-kg/ontology#>\n"
        "SELECT ?inspections WHERE {\n"
        "  { SELECT (COUNT(?inspection) AS ?inspections) WHERE {\n"
        "      ?inspection ofs:inspectedAuthority/ofs:gssCode ?code .\n"
        "      FILTER (!BOUND(?param_gss) || ?code = ?param_gss) } }\n"
        "}\n",
        encoding="utf-8",
    )
    query = load_query(str(path))
    for engine in (OxigraphEngine.from_graph(built_graph), RdflibEngine(built_graph)):
        assert run_query(query, engine, {"gss": "E08000009"}).rows == [["2"]]
        assert run_query(query, engine, {"gss": "E08000001"}).rows == [["1"]]
        assert run_query(query, engine, {}).rows == [["5"]]
