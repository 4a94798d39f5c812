"""The command line, through click's CliRunner, on the real reports and on bad input."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import REPORT_FILES, REPORTS
from ofsted_kg.cli import main


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A graphs/ folder built from the bundled reports by the CLI."""
    out = tmp_path_factory.mktemp("graphs")
    result = CliRunner().invoke(main, ["build", str(REPORTS), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_build_prints_a_summary_and_writes_both_files(built):
    result = run("build", REPORTS, "-o", built)
    assert result.exit_code == 0
    assert "5 of 5 reports read" in result.output
    assert "validation: conforms to the SHACL shapes" in result.output
    tameside = next(
        line
        for line in result.output.splitlines()
        if line.startswith("tameside-2012-safeguarding-lac.txt")
    )
    # framework, authority, start, judgements, recommendations, team, figures, warnings
    assert tameside.split()[1:] == [
        "safeguarding-lac-2012",
        "Tameside",
        "2012-03-19",
        "22",
        "16",
        "1",
        "5",
        "1",
    ]
    assert (built / "ofsted.ttl").stat().st_size > 100_000
    assert (built / "ofsted.jsonld").stat().st_size > 100_000


def test_judgements_csv_lists_every_graded_judgement_of_all_five_reports(built):
    result = run("query", "judgements", "--graph", built / "ofsted.ttl", "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert list(rows[0]) == ["authority", "start", "scope", "area", "grade"]
    # 7 per SIF report (3), 22 for Tameside 2012, 4 for Trafford 2022 ILACS.
    assert len(rows) == 7 * 3 + 22 + 4
    assert {
        "authority": "Tameside",
        "start": "2012-03-19",
        "scope": "local-authority",
        "area": "The contribution of health agencies to keeping children and young people safe",
        "grade": "Outstanding",
    } in rows
    assert {
        "authority": "Bolton",
        "start": "2014-01-14",
        "scope": "lscb",
        "area": "The effectiveness of the Local Safeguarding Children Board",
        "grade": "Requires improvement",
    } in rows


def test_inspections_columns_and_rows(built):
    result = run("query", "inspections", "--graph", built / "ofsted.ttl", "--format", "json")
    assert result.exit_code == 0
    import json

    rows = json.loads(result.output)
    assert list(rows[0]) == [
        "authority",
        "framework",
        "start",
        "end",
        "published",
        "overall",
        "lead_inspector",
        "source",
    ]
    assert rows[3] == {
        "authority": "Trafford",
        "framework": "sif",
        "start": "2015-01-27",
        "end": "2015-02-18",
        "published": "2015-05-12",
        "overall": "Good",
        "lead_inspector": "Gary Lamb",
        "source": "trafford-2015-sif.txt",
    }


def test_validate_exit_codes(built, tmp_path):
    assert run("validate", built / "ofsted.ttl").exit_code == 0
    broken = tmp_path / "broken.ttl"
    text = (built / "ofsted.ttl").read_text(encoding="utf-8")
    broken.write_text(
        text.replace('"2012-03-26"^^xsd:date', '"2012-03-01"^^xsd:date'), encoding="utf-8"
    )
    result = run("validate", broken)
    assert result.exit_code == 1
    assert result.output.startswith("tameside-2012-safeguarding-lac.txt [chars 95-113")
    missing = run("validate", tmp_path / "nothing.ttl")
    assert missing.exit_code == 2
    assert "nothing.ttl: no such graph file" in missing.output


BAD_INPUTS = {
    "empty.txt": (b"", "empty.txt: the file is empty"),
    "binary.txt": (
        bytes(range(256)) * 4,
        "binary.txt: binary file (contains NUL bytes), not a text report",
    ),
    "recipe.txt": (
        b"Victoria sponge\n\nCream the butter and sugar.\n" * 20,
        "recipe.txt: not an Ofsted children's services inspection report",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_file_is_refused_in_one_line_and_the_others_are_written(built, tmp_path, name):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for path in REPORT_FILES[:2]:
        shutil.copy(path, inputs / path.name)
    data, expected = BAD_INPUTS[name]
    (inputs / name).write_bytes(data)
    out = tmp_path / "graphs"
    shutil.copytree(built, out)
    result = run("build", inputs, "-o", out)
    assert result.exit_code == 3, result.output
    refused = [line for line in result.output.splitlines() if line.startswith("refused:")]
    assert refused == [f"refused: {expected}"] or (len(refused) == 1 and expected in refused[0])
    assert "2 of 3 reports read" in result.output
    assert "1 refused of 3 files; wrote the graph of the others." in result.output
    # The good reports are in the new graph, and its build record names the refused file.
    rows = run("query", "build-record", "--graph", out / "ofsted.ttl", "--format", "csv")
    assert f"{name},refused,," in rows.output
    inspections = run("query", "inspections", "--graph", out / "ofsted.ttl", "--format", "csv")
    assert inspections.stdout.count("\n") == 3  # the header and Bolton's and Cheshire's rows
    # The answer says it may be incomplete, on stderr (the CSV stays plain data).
    assert f"note: {name} was refused" in inspections.stderr


def _break_trafford_2015(inputs: Path) -> None:
    """A real report, edited so its first recommendation is too short to be one: the parser
    accepts it (a numbered line under "Recommendations"), the shapes do not."""
    report = inputs / "trafford-2015-sif.txt"
    text = report.read_text(encoding="utf-8")
    first = (
        "1. Ensure delay is eliminated for prospective adopters at stages one and two "
        "of the recruitment process."
    )
    assert text.count(first) == 1
    report.write_text(text.replace(first, "1. Act now."), encoding="utf-8")


QUARANTINE_LINE = (
    "quarantined: trafford-2015-sif.txt: violation [chars 4552-4560, 'Act now.']: A "
    "recommendation needs its text (one non-empty string of at least 10 characters). "
    "(https://schema.org/text) <https://w3id.org/ofsted-kg/id/inspection/E08000009/"
    "2015-01-27/recommendation/local-authority/1>"
)


def test_report_that_breaks_a_shape_is_quarantined_and_the_others_written(built, tmp_path):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for path in REPORT_FILES:
        shutil.copy(path, inputs / path.name)
    _break_trafford_2015(inputs)
    out = tmp_path / "graphs"
    result = run("build", inputs, "-o", out)
    assert result.exit_code == 3, result.output
    assert QUARANTINE_LINE in result.output.splitlines()
    assert "4 of 5 reports read (ilacs-standard: 1, safeguarding-lac-2012: 1, sif: 2); " in (
        result.output
    )
    assert "validation: conforms to the SHACL shapes" in result.output
    graph = out / "ofsted.ttl"
    trafford = run("query", "inspections", "-p", "authority=Trafford", "--graph", graph)
    assert "2015-01-27" not in trafford.output and "2022-11-21" in trafford.output
    record = run("query", "build-record", "-p", "status=quarantined", "--graph", graph)
    assert "trafford-2015-sif.txt" in record.output and "Trafford" in record.output
    assert run("validate", graph).exit_code == 0


def test_strict_build_writes_nothing_when_a_report_is_quarantined(built, tmp_path):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for path in REPORT_FILES:
        shutil.copy(path, inputs / path.name)
    _break_trafford_2015(inputs)
    out = tmp_path / "graphs"
    shutil.copytree(built, out)
    before = {path.relative_to(out): path.read_bytes() for path in out.rglob("*") if path.is_file()}
    result = run("build", inputs, "-o", out, "--strict")
    assert result.exit_code == 1, result.output
    assert QUARANTINE_LINE in result.output.splitlines()
    assert "--strict: 1 quarantined of 5 files; nothing written." in result.output
    after = {path.relative_to(out): path.read_bytes() for path in out.rglob("*") if path.is_file()}
    assert {name: after.get(name) for name in before} == before  # every old file as it was


def test_truncated_report_is_refused(tmp_path):
    text = (REPORTS / "trafford-2022-ilacs.txt").read_text(encoding="utf-8")
    truncated = tmp_path / "trafford-truncated.txt"
    truncated.write_text(text[:40], encoding="utf-8")
    result = run("build", truncated, "-o", tmp_path / "graphs")
    assert result.exit_code == 2
    assert "refused: trafford-truncated.txt" in result.output
    assert "no report read; nothing written" in result.output
    assert not (tmp_path / "graphs" / "ofsted.ttl").exists()


def test_parse_prints_records_as_json():
    result = run("parse", REPORTS / "trafford-2022-ilacs.txt")
    assert result.exit_code == 0
    import json

    record = json.loads(result.output)
    assert record["framework"] == "ilacs-standard"
    assert record["team"][0]["name"] == "Nick Bennison"


def test_help_and_version():
    assert "Example:" in run("build", "--help").output
    assert run("--version").output.startswith("ofsted-kg, version")
    assert run("-h").exit_code == 0


def test_the_same_inspection_as_text_and_pdf_is_kept_once(tmp_path):
    """The PDF of Trafford 2015 and its bundled text give one inspection, from the PDF."""
    from conftest import FIXTURES

    inputs = tmp_path / "inputs"
    inputs.mkdir()
    shutil.copy(REPORTS / "trafford-2015-sif.txt", inputs)
    shutil.copy(FIXTURES / "pdfs" / "trafford-2015-05-12.pdf", inputs)
    result = run("build", inputs, "-o", tmp_path / "graphs")
    assert result.exit_code == 0, result.output
    assert (
        "note: trafford-2015-sif.txt is the same inspection as trafford-2015-05-12.pdf "
        "(same judgements); used trafford-2015-05-12.pdf"
    ) in result.output
    rows = run(
        "query", "inspections", "--graph", tmp_path / "graphs" / "ofsted.ttl", "--format", "csv"
    ).output.splitlines()
    assert len(rows) == 2 and rows[1].endswith(",trafford-2015-05-12.pdf")


def test_build_of_a_missing_or_empty_folder_is_an_error(tmp_path):
    result = run("build", tmp_path / "nope", "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "nope: no such file or folder" in result.output
    (tmp_path / "empty").mkdir()
    result = run("build", tmp_path / "empty", "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "empty: no .txt or .pdf reports in this folder" in result.output
    assert not (tmp_path / "out").exists()


def test_build_reads_one_folder_per_council(tmp_path):
    for name in ("trafford-2022-ilacs.txt", "bolton-2014-sif.txt"):
        council = tmp_path / "downloads" / name.split("-")[0]
        council.mkdir(parents=True)
        shutil.copy(REPORTS / name, council / name)
    result = run("build", tmp_path / "downloads", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "2 of 2 reports read (ilacs-standard: 1, sif: 1)" in result.output
    # Ofsted's folder-per-council layout: the folder is part of each report's name.
    assert "trafford/trafford-2022-ilacs.txt" in result.output


def test_build_and_rebuild_into_folders_named_from_the_working_folder(tmp_path, monkeypatch):
    """As `make demo` runs it (`build reports/ -o graphs/`): the graph files, written
    while the graph is validated, reach the folder, and a changed report rebuilds there."""
    monkeypatch.chdir(tmp_path)
    Path("reports").mkdir()
    shutil.copy(REPORTS / "trafford-2022-ilacs.txt", "reports")
    first = run("build", "reports/", "-o", "graphs/")
    assert first.exit_code == 0, first.output
    assert "wrote graphs/ofsted.ttl" in first.output
    assert "Trafford" in Path("graphs/ofsted.ttl").read_text("utf-8")
    shutil.copy(REPORTS / "bolton-2014-sif.txt", "reports")
    second = run("build", "reports/", "-o", "graphs/")
    assert second.exit_code == 0, second.output
    assert "Bolton" in Path("graphs/ofsted.ttl").read_text("utf-8")


def test_build_with_nothing_parsed_prints_no_graph_verdict(tmp_path):
    (tmp_path / "letter.txt").write_text("Dear Sir or Madam,\n" * 20, encoding="utf-8")
    result = run("build", tmp_path / "letter.txt", "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "0 of 1 reports read; 1 refused\n" in result.output
    assert "triples" not in result.output and "conforms" not in result.output


def test_bad_base_iri_is_refused(tmp_path):
    result = run("build", REPORTS, "--base", "not a url", "-o", tmp_path)
    assert result.exit_code == 2
    assert "'not a url' is not an http(s) IRI" in result.output


def test_construct_authority_by_name_alias_or_code(built):
    graph = built / "ofsted.ttl"
    by_code = run("query", "construct-authority", "-p", "authority=E08000009", "--graph", graph)
    assert by_code.exit_code == 0 and "Nick Bennison" in by_code.output
    for name in ("Trafford", "trafford", "Trafford Metropolitan Borough Council"):
        by_name = run("query", "construct-authority", "-p", f"authority={name}", "--graph", graph)
        assert by_name.output == by_code.output
    unknown = run("query", "construct-authority", "-p", "authority=Trafordd", "--graph", graph)
    assert unknown.exit_code == 2
    assert "authority='Trafordd' names none of England's councils" in unknown.output


def test_query_format_and_parameter_mistakes(built):
    graph = built / "ofsted.ttl"
    csv_of_triples = run(
        "query", "construct-authority", "-p", "authority=Trafford", "-f", "csv", "--graph", graph
    )
    assert csv_of_triples.exit_code == 2
    assert "--format csv is for SELECT queries" in csv_of_triples.output
    twice = run(
        "query", "grade-history", "-p", "authority=Trafford", "-p", "authority=Bolton",
        "--graph", graph,
    )  # fmt: skip
    assert twice.exit_code == 2 and "parameter 'authority' given twice" in twice.output


def test_table_keeps_iris_whole(built):
    result = run("query", "inspections", "--graph", built / "ofsted.ttl", "-f", "table")
    own = run("query", "provenance", "--graph", built / "ofsted.ttl", "-p",
              "fact=https://w3id.org/ofsted-kg/id/inspection/E08000009/2022-11-21/judgement/"
              "local-authority/overall-effectiveness")  # fmt: skip
    assert result.exit_code == 0 and own.exit_code == 0
    assert "https://w3id.org/ofsted-kg/id/inspection/E08000009/2022-11-21/judgement/" in own.output


def test_own_query_file_needs_no_header(built, tmp_path):
    mine = tmp_path / "mine.rq"
    mine.write_text(
        "SELECT ?s WHERE { ?s a <https://w3id.org/ofsted-kg/ontology#Inspection> } "
        "ORDER BY ?s LIMIT 1\n",
        encoding="utf-8",
    )
    result = run("query", mine, "--graph", built / "ofsted.ttl")
    assert result.exit_code == 0
    assert "https://w3id.org/ofsted-kg/id/inspection/E06000050/2015-11-24\n" in result.output


def test_violation_query_that_finds_rows_exits_1(built, tmp_path):
    """Trafford's 2022 inspection moved to start inside its 2015 one (2015-01-27 to
    2015-02-18): the data check across reports finds the pair both ways round."""
    broken = tmp_path / "broken.ttl"
    text = (built / "ofsted.ttl").read_text(encoding="utf-8")
    start = 'ofs:startDate "2022-11-21"^^xsd:date'
    assert text.count(start) == 1
    broken.write_text(text.replace(start, 'ofs:startDate "2015-02-01"^^xsd:date'), "utf-8")
    result = run("query", "overlapping-inspections-violation", "--graph", broken)
    assert result.exit_code == 1
    assert "(2 rows)" in result.output
    assert "2015-02-01" in result.output and "2015-01-27" in result.output
    clean = run("query", "overlapping-inspections-violation", "--graph", built / "ofsted.ttl")
    assert clean.exit_code == 0 and "(0 rows)" in clean.output


def test_json_gives_numbers_as_numbers_and_csv_as_text(built):
    # trafford-2022-ilacs.txt: overall effectiveness "Requires improvement to be good",
    # rank 3 on the shared scale.
    graph = built / "ofsted.ttl"
    as_json = run("query", "latest-judgements", "-p", "authority=Trafford", "-f", "json",
                  "--graph", graph)  # fmt: skip
    [row] = json.loads(as_json.output)
    assert (row["overall"], row["rank"], row["start"]) == (
        "Requires improvement to be good",
        3,
        "2022-11-21",
    )
    as_csv = run("query", "latest-judgements", "-p", "authority=Trafford", "-f", "csv",
                 "--graph", graph)  # fmt: skip
    assert ",Requires improvement to be good,3," in as_csv.output.splitlines()[1]
    for engine in ("oxigraph", "rdflib"):
        again = run("query", "latest-judgements", "-p", "authority=Trafford", "-f", "json",
                    "--graph", graph, "--engine", engine)  # fmt: skip
        assert json.loads(again.output) == [row]


def test_misspelt_authority_is_an_error_in_every_query(built):
    graph = built / "ofsted.ttl"
    for name in ("grade-history", "inspections", "statistical-neighbours"):
        result = run("query", name, "-p", "authority=Trafordd", "--graph", graph)
        assert result.exit_code == 2, name
        assert "authority='Trafordd' names none of England's councils" in result.output


def test_broken_turtle_gives_the_parser_reason(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("garbage <<\n", encoding="utf-8")
    for command in (["validate", bad], ["export", "--graph", bad]):
        result = run(*command)
        assert result.exit_code == 2
        assert result.output == (
            f"Error: {bad}: cannot load graph: Parser error at line 1 between columns 1 and 8:"
            " garbage is not a valid subject or graph name (line 1)\n"
        )


def test_option_mistakes_are_one_line(tmp_path):
    base = run("build", REPORTS, "--base", "not a url", "-o", tmp_path)
    assert base.exit_code == 2
    assert base.output == (
        "Error: --base: 'not a url' is not an http(s) IRI such as "
        "https://example.org/ofsted/ (no spaces)\n"
    )
    push = run("push", "--endpoint", "http://127.0.0.1:9/store", "--graph-iri", "not an iri")
    assert push.exit_code == 2
    assert push.output.splitlines() == [
        "Error: graph IRI 'not an iri' is not an absolute IRI "
        "(e.g. https://w3id.org/ofsted-kg/graph/data)"
    ]


def test_two_reports_of_one_council_at_once_are_both_quarantined(tmp_path):
    """The check across reports (overlapping-inspections-violation) runs in the build too: a
    second copy of Trafford's 2022 report with its dates misprinted a day later overlaps
    the first, and neither can be trusted over the other."""
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    text = (REPORTS / "trafford-2022-ilacs.txt").read_text(encoding="utf-8")
    shutil.copy(REPORTS / "trafford-2022-ilacs.txt", inputs)
    shutil.copy(REPORTS / "bolton-2014-sif.txt", inputs)
    assert text.count("21 November to 2 December 2022") == 1
    moved = text.replace("21 November to 2 December 2022", "22 November to 3 December 2022")
    (inputs / "trafford-2022-copy.txt").write_text(moved, encoding="utf-8")
    result = run("build", inputs, "-o", tmp_path / "out")
    assert result.exit_code == 3, result.output
    quarantined = [
        line.split(":")[1].strip()
        for line in result.output.splitlines()
        if line.startswith("quarantined:")
    ]
    assert sorted(set(quarantined)) == ["trafford-2022-copy.txt", "trafford-2022-ilacs.txt"]
    assert "Two inspections of one council at once (overlapping-inspections-violation)" in (
        result.output
    )
    assert "1 of 3 reports read (sif: 1); 2 quarantined" in result.output
