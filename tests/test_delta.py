"""Rebuilds that edit the last build's lines (:mod:`ofsted_kg.build.delta`) give what a
fresh build of the same reports gives, byte for byte, whatever comes and goes: a line two
reports hold stays while either is kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import correct_trafford_2022
from ofsted_kg.build import delta
from ofsted_kg.build.cache import CACHE_DIR
from ofsted_kg.build.delta import LINES_LOG, SOURCES, LineLog, Sources, edited, merge
from ofsted_kg.build.pipeline import build
from ofsted_kg.build.previous import (
    DOCUMENTS_LINES,
    GRAPH_JSONLD,
    GRAPH_TURTLE,
    previous_documents,
    previous_log,
    read_manifest,
)
from ofsted_kg.rdf.vocabulary import vocabulary_lines
from ofsted_kg.store.disk import open_store

REPORTS = Path(__file__).resolve().parents[1] / "reports"
BOLTON = "bolton-2014-sif.txt"  # team inspector: Shirley Bailey
CHESHIRE = "cheshire-west-and-chester-2015-sif.txt"  # Shirley Bailey and Ali Mekki
TRAFFORD_2015 = "trafford-2015-sif.txt"  # Ali Mekki
PERSON = "<https://w3id.org/ofsted-kg/id/person/{}>"
INSPECTOR = (
    PERSON
    + " <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
    + ("<https://w3id.org/ofsted-kg/ontology#Inspector> .")
)


def _lines(out: Path) -> list[str]:
    """The lines the graph files of ``out`` were rendered from, as the next build reads
    them (the base file edited by the log)."""
    manifest = read_manifest(out / CACHE_DIR)
    log = previous_log(out / CACHE_DIR, manifest)
    documents = previous_documents(out, out / CACHE_DIR, manifest, log)
    assert documents is not None and documents.lines is not None
    return documents.lines


def _same_as_fresh(inputs: Path, out: Path, fresh: Path) -> None:
    """The graph files, the lines and the sources kept, and the query store of ``out``
    are those of a fresh build of ``inputs`` into ``fresh``."""
    first = build([inputs], fresh, use_cache=True)
    assert first.edited is None and first.reused == 0
    for name in (GRAPH_TURTLE, GRAPH_JSONLD, f"{CACHE_DIR}/{SOURCES}"):
        assert (out / name).read_bytes() == (fresh / name).read_bytes(), name
    assert _lines(out) == _lines(fresh)
    assert sorted(map(str, open_store(out / GRAPH_TURTLE))) == sorted(
        map(str, open_store(fresh / GRAPH_TURTLE))
    )
    shutil.rmtree(fresh)


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "inputs"
    folder.mkdir()
    for path in sorted(REPORTS.glob("*.txt")):
        shutil.copy(path, folder)
    return folder


def test_reports_come_and_go_and_the_edited_graph_is_a_fresh_builds(inputs, tmp_path):
    out, fresh = tmp_path / "graphs", tmp_path / "fresh"
    first = build([inputs], out)
    assert first.edited is None  # nothing to edit on a first build
    bailey, mekki = INSPECTOR.format("shirley-bailey"), INSPECTOR.format("ali-mekki")
    assert bailey in _lines(out) and mekki in _lines(out)
    # Cheshire West goes: Bolton still names Shirley Bailey, Trafford 2015 Ali Mekki.
    cheshire = (inputs / CHESHIRE).read_bytes()
    (inputs / CHESHIRE).unlink()
    gone = build([inputs], out)
    # Its inspection's hundreds of lines go (and its file's record); none comes.
    assert gone.edited is not None and gone.edited[0] > 500 and gone.edited[1] == 0
    assert bailey in _lines(out) and mekki in _lines(out)
    assert "/E06000050/" not in (out / GRAPH_TURTLE).read_text("utf-8")
    _same_as_fresh(inputs, out, fresh)
    # Bolton goes too: no report names Shirley Bailey any more, nor her name.
    bolton = (inputs / BOLTON).read_bytes()
    (inputs / BOLTON).unlink()
    assert build([inputs], out).edited is not None
    assert not any("shirley-bailey" in line for line in _lines(out))
    assert mekki in _lines(out)
    _same_as_fresh(inputs, out, fresh)
    # Both come back while Ofsted corrects Trafford 2022: overall effectiveness good.
    (inputs / CHESHIRE).write_bytes(cheshire)
    (inputs / BOLTON).write_bytes(bolton)
    build([inputs], out)
    merged = tmp_path / "merged"  # the same folder without its sources: merged anew
    shutil.copytree(out, merged)
    (merged / CACHE_DIR / SOURCES).unlink()
    correct_trafford_2022(inputs)
    again = build([inputs], out)
    assert again.edited is not None
    assert again.validation is not None and again.validation.conforms
    # Only the nodes the change can affect were checked: the same ones as when the
    # changes are found by comparing the rendered files.
    assert again.validation.checked is not None
    by_merge = build([inputs], merged)
    assert by_merge.edited is None and by_merge.validation is not None
    assert again.validation.checked == by_merge.validation.checked
    assert bailey in _lines(out)
    _same_as_fresh(inputs, out, fresh)


def test_a_report_broken_on_a_rebuild_is_quarantined_as_on_a_fresh_build(inputs, tmp_path):
    out, fresh = tmp_path / "graphs", tmp_path / "fresh"
    build([inputs], out)
    report = inputs / TRAFFORD_2015
    first = (
        "1. Ensure delay is eliminated for prospective adopters at stages one and two "
        "of the recruitment process."
    )
    text = report.read_text("utf-8")
    assert text.count(first) == 1
    report.write_text(text.replace(first, "1. Act now."), "utf-8")  # too short to be one
    again = build([inputs], out)
    assert again.edited is not None
    outcome = next(o for o in again.outcomes if o.name == TRAFFORD_2015)
    assert outcome.status == "quarantined"
    assert "'Act now.'" in outcome.quarantined[0]
    inspection = "<https://w3id.org/ofsted-kg/id/inspection/E08000009/2015-01-27> "
    assert not any(line.startswith(inspection) for line in _lines(out))
    _same_as_fresh(inputs, out, fresh)
    # Mended, it is read again, and the graph is the five reports' once more.
    report.write_text(text, "utf-8")
    assert build([inputs], out).edited is not None
    assert any(line.startswith(inspection) for line in _lines(out))
    _same_as_fresh(inputs, out, fresh)


def test_sources_tampered_with_are_not_trusted(inputs, tmp_path):
    """A sources file edited by hand (its hash no longer the manifest's) is ignored: the
    rebuild merges every report's lines and the graph is still right."""
    out, fresh = tmp_path / "graphs", tmp_path / "fresh"
    build([inputs], out)
    sources = out / CACHE_DIR / SOURCES
    kept = Sources.from_bytes(sources.read_bytes())
    assert kept is not None and sorted(kept.reports) == sorted(p.name for p in inputs.iterdir())
    kept.shared.clear()  # as if no line were shared: an edit would drop Shirley Bailey
    sources.write_bytes(kept.to_bytes())
    (inputs / CHESHIRE).unlink()
    again = build([inputs], out)
    assert again.edited is None
    assert INSPECTOR.format("shirley-bailey") in _lines(out)
    _same_as_fresh(inputs, out, fresh)


def test_too_many_changes_are_merged_not_edited(inputs, tmp_path):
    out = tmp_path / "graphs"
    build([inputs], out)
    for name in (BOLTON, CHESHIRE, TRAFFORD_2015):  # three of five changed: six versions
        path = inputs / name
        path.write_text(path.read_text("utf-8") + "\n", "utf-8")
    assert build([inputs], out).edited is None
    _same_as_fresh(inputs, out, tmp_path / "fresh")


def test_merge_counts_the_sources_of_each_line_held_twice():
    vocabulary = vocabulary_lines()[0]
    common = sorted(["<a> <p> <b> .", vocabulary])
    lines, shared = merge(common, [["<a> <p> <b> .", "<c> <p> <d> ."], ["<c> <p> <d> ."]])
    assert lines == sorted({"<a> <p> <b> .", "<c> <p> <d> .", vocabulary})
    assert shared == {"<a> <p> <b> .": 2, "<c> <p> <d> .": 2, vocabulary: 2}


def test_edited_lines_are_the_sorted_lines_with_and_without_the_edits():
    lines = ["b", "d", "f", "h"]
    assert edited(lines, ["d"], ["a", "e", "g", "i"]) == ["a", "b", "e", "f", "g", "h", "i"]
    assert edited(lines, ["b", "h"], ["c"]) == ["c", "d", "f"]
    assert edited(lines, [], []) == lines


def test_the_lines_edited_are_logged_until_the_log_is_long(inputs, tmp_path, monkeypatch):
    """A rebuild by edit writes the lines it edits to a log beside the base file of lines
    (a few KB, not the whole file again), until the log is long: the base is then
    written anew and the log emptied."""
    out, fresh = tmp_path / "graphs", tmp_path / "fresh"
    build([inputs], out)
    base = out / CACHE_DIR / DOCUMENTS_LINES
    written = base.read_bytes()
    (inputs / CHESHIRE).unlink()
    gone = build([inputs], out)
    assert gone.edited is not None
    log = LineLog.from_bytes((out / CACHE_DIR / LINES_LOG).read_bytes())
    assert log is not None and (len(log.removed), len(log.added)) == gone.edited
    assert base.read_bytes() == written  # the base kept as it was
    _same_as_fresh(inputs, out, fresh)
    # Bolton goes too, with a log of at most 1,000 lines: too many now, all written anew.
    monkeypatch.setattr(delta, "LOG_UP_TO", 1000)
    (inputs / BOLTON).unlink()
    assert build([inputs], out).edited is not None
    assert LineLog.from_bytes((out / CACHE_DIR / LINES_LOG).read_bytes()) == LineLog([], [])
    assert base.read_bytes() != written
    _same_as_fresh(inputs, out, fresh)


def test_a_log_undone_is_empty():
    log = LineLog(["<b> <p> <c> ."], ["<a> <p> <c> ."])
    assert log.then(["<a> <p> <c> ."], ["<b> <p> <c> ."]) == LineLog([], [])
    assert log.then([], ["<z> <p> <c> ."]) == LineLog(
        ["<b> <p> <c> ."], ["<a> <p> <c> .", "<z> <p> <c> ."]
    )
    base = ["<b> <p> <c> .", "<c> <p> <c> ."]
    assert log.applied(base) == ["<a> <p> <c> .", "<c> <p> <c> ."]


def test_an_edit_without_the_last_store_or_verdict_is_validated_whole(inputs, tmp_path):
    """The query store deleted between builds (the README says it may be): the edit's
    store is loaded whole, and checked; the last build not validated: the edited graph
    is checked whole, not only the nodes the change can affect."""
    out, fresh = tmp_path / "graphs", tmp_path / "fresh"
    build([inputs], out)
    shutil.rmtree(out / ".store")
    (inputs / CHESHIRE).unlink()
    gone = build([inputs], out)
    assert gone.edited is not None
    assert gone.validation is not None and gone.validation.conforms
    _same_as_fresh(inputs, out, fresh)
    unchecked = build([inputs], tmp_path / "unchecked", validate=False)
    assert unchecked.validation is None
    correct_trafford_2022(inputs)
    again = build([inputs], tmp_path / "unchecked")
    assert again.edited is not None
    assert again.validation is not None and again.validation.conforms
    assert again.validation.checked is None  # every node


def test_a_base_file_another_build_rewrote_meanwhile_is_not_trusted(inputs, tmp_path, monkeypatch):
    """Two builds into one folder: this one keeps the last base file of lines (its log of
    edits is relative to it) while another rewrites that file between this one reading and
    committing. The file's new identity is not recorded as the one this build's log edits,
    so the next build hashes it, finds it is not that base, and merges every report."""
    from ofsted_kg.build import pipeline

    out, fresh = tmp_path / "graphs", tmp_path / "fresh"
    build([inputs], out)
    base = out / CACHE_DIR / DOCUMENTS_LINES
    read = pipeline.previous_documents

    def read_then_rewritten(*args):
        documents = read(*args)
        line = "<{0}x> <{0}p> <{0}y> .\n".format("https://w3id.org/ofsted-kg/id/")
        other = base.read_bytes() + line.encode()
        base.unlink()  # another build's base file: a new file
        base.write_bytes(other)
        return documents

    monkeypatch.setattr(pipeline, "previous_documents", read_then_rewritten)
    (inputs / CHESHIRE).unlink()
    assert build([inputs], out).edited is not None
    monkeypatch.undo()
    (inputs / BOLTON).unlink()
    assert build([inputs], out).edited is None  # the base is not the one the log edits
    assert not any("/id/x>" in line for line in _lines(out))
    _same_as_fresh(inputs, out, fresh)
