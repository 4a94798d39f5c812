"""Rebuilds: nothing re-read or rewritten when nothing changed, a changed report re-read
alone, a refused file remembered by its bytes' hash until it (or the parser) changes."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from ofsted_kg.build.cache import CACHE_DIR
from ofsted_kg.build.pipeline import GRAPH_JSONLD, GRAPH_TURTLE, build

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
