"""The baseline build for benchmarks/run.py: the straightforward rdflib way, one core.

Sequential parsing (one process), an rdflib Memory graph, rdflib's own Turtle and JSON-LD
serialisers, no cache and no validation (pySHACL would take many minutes at this size).

    python benchmarks/baseline_build.py CORPUS_FOLDER
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from ofsted_kg.build.reading import process_all
from ofsted_kg.rdf.graph import build_graph
from ofsted_kg.rdf.serialise import jsonld_context
from ofsted_kg.source.files import iter_inputs


def main() -> None:
    processed = process_all(iter_inputs([Path(sys.argv[1])]), jobs=1)
    graph = build_graph([p.report for p in processed if p.report is not None])
    with tempfile.TemporaryDirectory() as tmp:
        graph.serialize(Path(tmp) / "ofsted.ttl", format="turtle")
        graph.serialize(
            Path(tmp) / "ofsted.jsonld",
            format="json-ld",
            context=jsonld_context(),
            auto_compact=True,
        )
    print(f"{len(graph)} triples")


if __name__ == "__main__":
    main()
