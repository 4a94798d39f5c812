"""Built graph files for the table, database, CSVW and website tests, made once per run:
the committed graph of the five bundled reports, and (when ../shared/pdfs is here) the
whole development corpus."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path

from conftest import REPORTS, ROOT

PDFS = ROOT.parent / "shared" / "pdfs"


@cache
def small_graph() -> Path:
    """A copy of graphs/ofsted.ttl (the five bundled reports), so its store is made in a
    temporary folder, not in the repository."""
    folder = Path(tempfile.mkdtemp(prefix="ofsted-kg-small-"))
    atexit.register(shutil.rmtree, folder, True)
    shutil.copy(ROOT / "graphs" / "ofsted.ttl", folder / "ofsted.ttl")
    return folder / "ofsted.ttl"


@cache
def corpus_graph() -> Path:
    """The graph of the 108 development PDFs and the five texts (about 15 s to build)."""
    from ofsted_kg.build.pipeline import build

    folder = Path(tempfile.mkdtemp(prefix="ofsted-kg-corpus-"))
    atexit.register(shutil.rmtree, folder, True)
    result = build([PDFS, REPORTS], folder)
    assert result.validation is not None and result.validation.conforms
    return folder / "ofsted.ttl"
