"""Rebuilds: nothing re-read or rewritten when nothing changed, a changed report re-read
alone, a refused file remembered by its bytes' hash until it (or the parser) changes."""

from __future__ import annotations

import hashlib
import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from conftest import correct_trafford_2022
from ofsted_kg.build.cache import CACHE_DIR
from ofsted_kg.build.pipeline import build
from ofsted_kg.build.previous import GRAPH_JSONLD, GRAPH_TURTLE, outputs_match
from ofsted_kg.build.summary import build_summary
from ofsted_kg.rdf.documents import BlockWriter, render_documents
from ofsted_kg.rdf.jsonld import jsonld_from_lines
from ofsted_kg.rdf.ntriples import turtle_from_lines
from ofsted_kg.rdf.serialise import PREFIX_MAP, jsonld_context
from ofsted_kg.rdf.vocabulary import standalone_lines
from ofsted_kg.source.files import MAX_TEXT_BYTES
from ofsted_kg.store.disk import open_store

REPORTS = Path(__file__).resolve().parents[1] / "reports"
BOLTON = "bolton-2014-sif.txt"
TRAFFORD = "trafford-2022-ilacs.txt"


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "inputs"
    folder.mkdir()
    for name in (BOLTON, TRAFFORD):
        shutil.copy(REPORTS / name, folder)
    # Not a report of any council: refused.
    (folder / "minutes.txt").write_text("Minutes of the meeting held on 3 May 2019.\n", "utf-8")
    return folder


def _stamps(out: Path) -> dict[str, int]:
    files = [out / GRAPH_TURTLE, out / GRAPH_JSONLD, *sorted((out / CACHE_DIR).iterdir())]
    return {path.name: path.stat().st_mtime_ns for path in files}


def _outcome(result, name: str):
    return next(o for o in result.outcomes if o.name == name)


def test_an_unchanged_rebuild_reads_nothing_again_and_writes_nothing(inputs, tmp_path):
    out = tmp_path / "graphs"
    first = build([inputs], out)
    assert first.validation is not None and first.validation.conforms
    before = _stamps(out)
    again = build([inputs], out)
    assert again.up_to_date
    assert _stamps(out) == before  # not one file rewritten, the cache's included
    # The records come from the cache, without their triples.
    bolton = _outcome(again, BOLTON)
    assert bolton.cached and bolton.lines is None
    assert bolton.report is not None and bolton.report.start.value == date(2014, 1, 14)
    trafford = _outcome(again, TRAFFORD).report
    assert trafford is not None
    assert [j.grade for j in trafford.judgements if j.area == "overall-effectiveness"] == [
        "requires-improvement-to-be-good"
    ]
    assert _outcome(again, "minutes.txt").status == "refused"


def test_graph_files_bigger_than_any_report_are_still_recognised(tmp_path):
    """England's graph is some 30 MB, over the 10 MB a text report may be. The files a
    build wrote were hashed as if they were reports to read, found "too large" (an empty
    hash), and so every rebuild of 440 reports wrote everything again: 5 s, not 0.6."""
    line = b"<https://w3id.org/ofsted-kg/id/authority/E08000009> a <https://schema.org/Place> .\n"
    data = line * (MAX_TEXT_BYTES // len(line) + 1000)
    (tmp_path / GRAPH_TURTLE).write_bytes(data)
    assert len(data) > MAX_TEXT_BYTES
    assert outputs_match(tmp_path, {GRAPH_TURTLE: hashlib.sha256(data).hexdigest()})
    assert not outputs_match(tmp_path, {GRAPH_TURTLE: hashlib.sha256(data[1:]).hexdigest()})


def test_a_refused_file_is_remembered_by_its_hash_until_it_changes(inputs, tmp_path):
    out = tmp_path / "graphs"
    first = build([inputs], out)
    refused = _outcome(first, "minutes.txt")
    assert refused.status == "refused" and not refused.cached
    # Another report changes: it alone is read again; the refused file is not.
    bolton = inputs / BOLTON
    bolton.write_text(bolton.read_text("utf-8") + "\n", "utf-8")
    second = build([inputs], out)
    assert not second.up_to_date
    assert not _outcome(second, BOLTON).cached
    assert _outcome(second, TRAFFORD).cached
    remembered = _outcome(second, "minutes.txt")
    assert remembered.cached and remembered.error == refused.error
    # The refused file changes: it is read again.
    (inputs / "minutes.txt").write_text("Minutes of the meeting held on 4 May 2019.\n", "utf-8")
    third = build([inputs], out)
    again = _outcome(third, "minutes.txt")
    assert again.status == "refused" and not again.cached


def _store_triples(graph_file: Path) -> set[str]:
    return {str(quad) for quad in open_store(graph_file)}


def test_a_corrected_report_rewrites_its_own_text_and_the_files_match_a_fresh_build(
    inputs, tmp_path
):
    out = tmp_path / "graphs"
    first = build([inputs], out)
    assert first.reused == 0  # nothing to reuse on a first build
    # Ofsted corrects Trafford's 2022 report: overall effectiveness becomes good.
    correct_trafford_2022(inputs)
    again = build([inputs], out)
    report = _outcome(again, TRAFFORD).report
    assert report is not None
    assert [j.grade for j in report.judgements if j.area == "overall-effectiveness"] == ["good"]
    # The shapes checked only the nodes the correction can affect (the judgement, its
    # inspection and report, the file's record...), not the graph's thousands.
    assert again.validation is not None and again.validation.conforms
    assert first.validation is not None and first.validation.checked is None
    assert again.validation.checked is not None and 0 < again.validation.checked < 200
    said = f"the {again.validation.checked} nodes this rebuild's changes can affect"
    assert said in build_summary(again) and "rebuild's" not in build_summary(first)
    # Most subjects' Turtle and JSON-LD were copied from the last files, not written anew...
    turtle = (out / GRAPH_TURTLE).read_text("utf-8")
    assert again.reused > 0.8 * turtle.count(" .\n")
    # ...and the files and the query store (copied and changed) are what a fresh build
    # of the same reports gives, byte for byte.
    fresh = build([inputs], tmp_path / "fresh")
    assert fresh.reused == 0
    for name in (GRAPH_TURTLE, GRAPH_JSONLD):
        assert (out / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes()
    assert _store_triples(out / GRAPH_TURTLE) == _store_triples(tmp_path / "fresh" / GRAPH_TURTLE)
    ilacs = "https://w3id.org/ofsted-kg/concept/grade/ilacs/"
    grades = {
        str(quad.object).strip("<>").removeprefix(ilacs)
        for quad in open_store(out / GRAPH_TURTLE)
        if str(quad.object).startswith(f"<{ilacs}") and "ontology#grade" in str(quad.predicate)
    }
    assert "good" in grades  # the store answers with the corrected grade


def test_an_edit_that_keeps_size_and_time_is_still_seen(inputs, tmp_path):
    """Files whose identity (inode, size, times) is unchanged are not hashed again; an
    edit that keeps the size and puts the modification time back changes the inode's
    change time, so it is still read."""
    out = tmp_path / "graphs"
    build([inputs], out)
    bolton = inputs / BOLTON
    before = bolton.stat()
    text = bolton.read_text("utf-8")
    assert "Bolton" in text
    bolton.write_text(text.replace("Bolton", "Boltom", 1), "utf-8")  # same size
    os.utime(bolton, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert bolton.stat().st_size == before.st_size
    assert bolton.stat().st_mtime_ns == before.st_mtime_ns
    again = build([inputs], out)
    assert not again.up_to_date
    assert not _outcome(again, BOLTON).cached
    assert _outcome(again, TRAFFORD).cached


def test_graph_files_edited_by_hand_are_not_reused(inputs, tmp_path):
    """A build copies text only from files it wrote itself: an edited ofsted.ttl (its hash
    no longer the manifest's) is written afresh, and a deleted query store is rebuilt."""
    import shutil as sh

    out = tmp_path / "graphs"
    build([inputs], out)
    (out / GRAPH_TURTLE).write_text(
        (out / GRAPH_TURTLE).read_text("utf-8").replace("Trafford", "Trafalgar"), "utf-8"
    )
    sh.rmtree(out / ".store")
    bolton = inputs / BOLTON
    bolton.write_text(bolton.read_text("utf-8") + "\n", "utf-8")
    again = build([inputs], out)
    assert again.reused == 0
    fresh = build([inputs], tmp_path / "fresh")
    assert (out / GRAPH_TURTLE).read_bytes() == (tmp_path / "fresh" / GRAPH_TURTLE).read_bytes()
    assert "Trafalgar" not in (out / GRAPH_TURTLE).read_text("utf-8")
    assert fresh.reused == 0
    assert _store_triples(out / GRAPH_TURTLE) == _store_triples(tmp_path / "fresh" / GRAPH_TURTLE)


def test_blocks_written_ahead_give_the_plain_writers_bytes(inputs, tmp_path):
    """A cold build writes each report's Turtle and JSON-LD blocks as the report comes in
    (before the last is read); the files are still what the plain writers give."""
    out = tmp_path / "graphs"
    result = build([inputs], out)
    written = standalone_lines(result.lines)
    assert (out / GRAPH_TURTLE).read_bytes() == turtle_from_lines(written, PREFIX_MAP)
    assert (out / GRAPH_JSONLD).read_bytes() == jsonld_from_lines(written, jsonld_context())


def test_a_block_written_ahead_is_used_only_for_the_same_lines():
    judgement = "https://w3id.org/ofsted-kg/id/judgement/1"
    lines = [
        f'<{judgement}> <http://www.w3.org/2000/01/rdf-schema#label> "Good" .',
        f"<{judgement}> <http://www.w3.org/ns/prov#wasGeneratedBy> <https://example.org/i> .",
    ]
    context = jsonld_context()
    plain = render_documents(lines, PREFIX_MAP, context)
    assert plain.turtle == turtle_from_lines(lines, PREFIX_MAP)
    # Written ahead from the same lines: used as it stands (marked here to tell).
    digest, _, json, prefixes = BlockWriter(PREFIX_MAP, context).blocks(lines)[judgement]
    marked = {judgement: (digest, b"# written ahead\n", json, prefixes)}
    assert b"# written ahead" in render_documents(lines, PREFIX_MAP, context, ahead=marked).turtle
    # Written ahead from one of its two lines (another report added the second): not used.
    stale = BlockWriter(PREFIX_MAP, context).blocks(lines[:1])
    assert render_documents(lines, PREFIX_MAP, context, ahead=stale).turtle == plain.turtle


@pytest.mark.parametrize("kept_lines", [True, False], ids=["lines-compared", "digests-compared"])
def test_reused_documents_are_the_plain_writers_bytes_whatever_changed(inputs, kept_lines):
    """Rendering Trafford's and Bolton's graph again after edits that change a subject
    (the ILACS grade's label), remove one (the text position of a Bolton recommendation's
    evidence) and add one: the same bytes and index as the plain writers give, whether the
    changes are found by comparing the lines or each subject's digest, every other
    subject copied."""
    context = jsonld_context()
    before = standalone_lines(build([inputs], None, validate=False).lines)
    previous = render_documents(before, PREFIX_MAP, context)
    assert previous.lines == before
    if not kept_lines:
        previous.lines = None
    overall = next(line for line in before if '"Requires improvement to be good"' in line)
    gone = next(line for line in before if "/recommendation/" in line).split(" ")[0]
    new = "<https://w3id.org/ofsted-kg/id/note/1> <http://www.w3.org/2000/01/rdf-schema#label> "
    after = sorted(
        {line for line in before if not line.startswith(gone + " ")} - {overall}
        | {overall.replace("Requires improvement to be good", "Good"), new + '"added" .'}
    )
    again = render_documents(after, PREFIX_MAP, context, previous)
    assert again.turtle == turtle_from_lines(after, PREFIX_MAP)
    assert again.jsonld == jsonld_from_lines(after, context)
    assert again.index == render_documents(after, PREFIX_MAP, context).index
    subject = overall.split(" ")[0].strip("<>")
    assert sorted(again.changed) == sorted([subject, gone.strip("<>")])
    assert again.reused == len(previous.index) - 2
    assert sorted(again.fresh_lines) == sorted(
        [line for line in after if line.split(" ")[0] in (f"<{subject}>", new.split(" ")[0])]
    )


def test_a_graph_folder_copied_elsewhere_is_still_up_to_date_and_reused(inputs, tmp_path):
    """The last build's files are known unchanged by the identities it recorded (no
    hashing), or else by their hashes: copied to another folder (new inodes and times),
    they are still current, and a later change still reuses their text."""
    first = tmp_path / "graphs"
    build([inputs], first)
    copy = tmp_path / "copied"
    shutil.copytree(first, copy)
    again = build([inputs], copy)
    assert again.up_to_date and not again.written
    bolton = inputs / BOLTON
    bolton.write_text(bolton.read_text("utf-8") + "\n", "utf-8")
    changed = build([inputs], copy)
    assert changed.reused > 0 and not changed.up_to_date
    build([inputs], tmp_path / "fresh")
    for name in (GRAPH_TURTLE, GRAPH_JSONLD):
        assert (copy / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes()


def test_repeated_rebuilds_keep_the_query_store_compact_and_right(inputs, tmp_path):
    """Each rebuild copies the last query store and applies its changes without
    compacting it (0.3-0.45 s at 450 reports), which leaves a few small data files each:
    after eight changes they have not piled up (5 when compacted; RocksDB compacts them
    itself) and the store holds what a fresh build's does."""
    out = tmp_path / "graphs"
    build([inputs], out)
    trafford = inputs / TRAFFORD
    text = trafford.read_text("utf-8")
    for round_ in range(8):
        trafford.write_text(text + "\n" * (round_ + 1), "utf-8")
        assert build([inputs], out).reused > 0
    for store in (out / ".store" / "ofsted").glob("db-*"):  # the last and a spare
        assert len(list(store.glob("*.sst"))) <= 16
    build([inputs], tmp_path / "fresh")
    assert _store_triples(out / GRAPH_TURTLE) == _store_triples(tmp_path / "fresh" / GRAPH_TURTLE)


def test_an_index_of_the_wrong_shape_is_not_read():
    """``documents.json`` is read back only with the shape of an index: columns of equal
    length, subjects, digests and prefixes as text, lengths as counts (not negative, not
    true or false)."""
    from ofsted_kg.rdf.documents import Index

    good = {
        "turtle_start": 10,
        "jsonld_start": 20,
        "subjects": ["https://w3id.org/ofsted-kg/id/a", "https://w3id.org/ofsted-kg/id/b"],
        "digests": ["0f", "1e"],
        "turtle_lengths": [120, 80],
        "jsonld_lengths": [200, 0],
        "prefixes": ["ofs", "ofs skos"],
    }
    index = Index.from_json(good)
    assert index is not None and index.turtle_offsets == [10, 131, 212]
    for name, value in [
        ("turtle_lengths", [120, -1]),
        ("jsonld_lengths", [200, True]),
        ("subjects", ["https://w3id.org/ofsted-kg/id/a", 7]),
        ("digests", ["0f"]),
        ("turtle_start", "10"),
    ]:
        assert Index.from_json(good | {name: value}) is None, name
