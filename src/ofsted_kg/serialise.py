"""Deterministic serialisations and atomic file writes.

The same graph always gives the same bytes (no blank nodes, sorted output), so the
committed ``graphs/`` diff meaningfully. Files are written to a temporary file in the
target folder and renamed into place, so a crash never leaves a half-written file.
"""

from __future__ import annotations

import json
import os
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

from rdflib import Graph


def turtle_bytes(graph: Graph) -> bytes:
    """Turtle with sorted subjects, predicates and objects."""
    return graph.serialize(format="turtle", encoding="utf-8")


def ntriples_bytes(graph: Graph) -> bytes:
    """N-Triples, one triple a line, lines sorted."""
    lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
    return ("\n".join(sorted(set(line for line in lines if line.strip()))) + "\n").encode()


def jsonld_context() -> dict[str, Any]:
    """The shipped ``ontology/context.jsonld`` as a dict (its ``@context`` value)."""
    text = resources.files("ofsted_kg").joinpath("resources/ontology/context.jsonld").read_text(
        encoding="utf-8")
    return json.loads(text)["@context"]


def jsonld_bytes(graph: Graph) -> bytes:
    """Compact JSON-LD under the shipped context, canonically ordered (pyld compaction).

    The document refers to the context by value so it loads without network access.
    """
    from .export import jsonld

    return jsonld(graph)


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file and an atomic rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
