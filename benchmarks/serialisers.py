"""Our own writers, bridge and SHACL compiler beside the libraries that could replace them,
each measured in the same run on the same graph.

    .venv/bin/python benchmarks/serialisers.py [-n 450] [--pyshacl-reports 50]

The project keeps hand-written code only where the library cannot meet a target (the full
build of 450 reports in <= 20 s, SHACL validation of them in <= 10 s: ``run.py``) or cannot
give the committed bytes. For a generated corpus of N reports (``generate_corpus.py``) it
prints seconds for:

1. sorted N-Triples: ``rdf/ntriples.py`` against rdflib's ``nt`` serialiser and
   pyoxigraph's N-Triples serialiser, their lines then sorted (pyoxigraph's time includes
   converting the rdflib terms the graph builder makes);
2. Turtle: ``rdf/ntriples.py`` against rdflib's and pyoxigraph's Turtle serialisers
   (neither writes the committed layout: subjects sorted, ``a`` first, our prefixes);
3. compact JSON-LD under the shipped context: ``rdf/jsonld.py`` against pyld's compaction
   (the reference, ``export.formats.jsonld_pyld``) and rdflib's ``json-ld`` serialiser;
4. the graph read back into rdflib: ``store/bridge.py`` against oxrdflib's ``ox-turtle``
   parser (when installed) and rdflib's Turtle parser; into Oxigraph: the bridge against
   oxrdflib's store;
5. SHACL validation: the compiled shapes on Oxigraph (``validate/compiler.py``) at N
   reports and at ``--pyshacl-reports``, pySHACL at ``--pyshacl-reports`` only (it grows
   super-linearly: minutes at N = 450).

Each figure is the least CPU time of ``--repeat`` runs (default 3; pySHACL, pyld and
rdflib's JSON-LD once).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate_corpus import generate  # noqa: E402


def best(func: Callable[[], object], repeat: int) -> float:
    """The least CPU time of ``repeat`` runs, in seconds (CPU time, not wall time: every
    step runs on one core, and other work on a shared machine then barely moves it)."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        func()
        times.append(time.process_time() - start)
    return min(times)


def show(what: str, ours: float, others: dict[str, float | None]) -> None:
    cells = "  ".join(
        f"{name} {seconds:6.2f} s" if seconds is not None else f"{name} (not installed)"
        for name, seconds in others.items()
    )
    print(f"  {what:34s} ours {ours:6.2f} s   {cells}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--count", type=int, default=450)
    parser.add_argument("--pyshacl-reports", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--steps",
        nargs="+",
        choices=("writers", "bridge", "shacl"),
        default=["writers", "bridge", "shacl"],
        help="which comparisons to run (default: all)",
    )
    args = parser.parse_args()

    import pyoxigraph as ox
    from rdflib import BNode, Graph, Literal, URIRef

    from ofsted_kg.rdf.ntriples import bnode_label

    def to_ox(term):
        if isinstance(term, URIRef):
            return ox.NamedNode(term)
        if isinstance(term, Literal):
            if term.language:
                return ox.Literal(term, language=term.language)
            return ox.Literal(term, datatype=ox.NamedNode(term.datatype) if term.datatype else None)
        if isinstance(term, BNode):
            return ox.BlankNode(bnode_label(term))
        raise TypeError(term)

    from ofsted_kg.build.check import load_store
    from ofsted_kg.build.pipeline import build
    from ofsted_kg.export.formats import jsonld_pyld
    from ofsted_kg.rdf.serialise import (
        PREFIX_MAP,
        jsonld_bytes,
        jsonld_context,
        ntriples_bytes,
        turtle_bytes,
    )
    from ofsted_kg.store.bridge import load_into
    from ofsted_kg.store.disk import load_graph
    from ofsted_kg.validate.validator import validate_graph

    with tempfile.TemporaryDirectory(prefix="ofsted-kg-serialisers-") as tmp:
        work = Path(tmp)
        generate(work / "corpus", args.count)
        built = build([work / "corpus"], None, validate=False)
        graph = built.graph
        print(f"{args.count} reports, {len(graph):,} triples; CPU seconds, best of {args.repeat}")

        if "writers" in args.steps:

            def ox_quads() -> list[ox.Quad]:
                """The graph's triples as Oxigraph quads: the build's triples are rdflib terms,
                so a pyoxigraph writer pays for converting them."""
                return [ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph]

            def ox_nt() -> bytes:
                text = ox.serialize(ox_quads(), format=ox.RdfFormat.N_TRIPLES)
                return b"\n".join(sorted(set(text.splitlines())))

            def rdflib_nt() -> bytes:
                text = graph.serialize(format="nt", encoding="utf-8")
                return b"\n".join(sorted(set(text.splitlines())))

            show(
                "sorted N-Triples",
                best(lambda: ntriples_bytes(graph), args.repeat),
                {
                    "rdflib+sort": best(rdflib_nt, args.repeat),
                    "pyoxigraph+sort": best(ox_nt, args.repeat),
                },
            )
            show(
                "Turtle",
                best(lambda: turtle_bytes(graph), args.repeat),
                {
                    "rdflib": best(lambda: graph.serialize(format="turtle"), args.repeat),
                    "pyoxigraph": best(
                        lambda: ox.serialize(
                            ox_quads(), format=ox.RdfFormat.TURTLE, prefixes=PREFIX_MAP
                        ),
                        args.repeat,
                    ),
                },
            )
            context = jsonld_context()
            show(
                "compact JSON-LD",
                best(lambda: jsonld_bytes(graph), args.repeat),
                {
                    "pyld": best(lambda: jsonld_pyld(graph), 1),
                    "rdflib": best(
                        lambda: graph.serialize(
                            format="json-ld", context=context, auto_compact=True
                        ),
                        1,
                    ),
                },
            )
        if "bridge" in args.steps:
            path = work / "ofsted.ttl"
            path.write_bytes(turtle_bytes(graph))
            try:
                import oxrdflib  # noqa: F401

                ox_parse: float | None = best(
                    lambda: Graph().parse(path, format="ox-turtle"), args.repeat
                )

                def ox_store() -> None:
                    target = Graph(store="Oxigraph")
                    target.addN((s, p, o, target) for s, p, o in graph)

                ox_load: float | None = best(ox_store, args.repeat)
            except ImportError:
                ox_parse = ox_load = None
            show(
                "graph file -> rdflib",
                best(lambda: load_graph(path), args.repeat),
                {
                    "oxrdflib": ox_parse,
                    "rdflib": best(lambda: Graph().parse(path, format="turtle"), args.repeat),
                },
            )
            show(
                "rdflib graph -> Oxigraph",
                best(lambda: load_into(ox.Store(), graph), args.repeat),
                {"oxrdflib": ox_load},
            )
        if "shacl" in args.steps:
            compiled_n = best(
                lambda: validate_graph(None, store=load_store(built.lines)), args.repeat
            )
            generate(work / "small", args.pyshacl_reports)
            small = build([work / "small"], None, validate=False)
            compiled_small = best(
                lambda: validate_graph(None, store=load_store(small.lines)), args.repeat
            )
            pyshacl_small = best(lambda: validate_graph(small.graph, validator="pyshacl"), 1)
            print(
                f"  {'SHACL validation':34s} ours {compiled_n:6.2f} s at {args.count} reports, "
                f"{compiled_small:.2f} s at {args.pyshacl_reports}   "
                f"pySHACL {pyshacl_small:6.2f} s at {args.pyshacl_reports} reports",
                flush=True,
            )


if __name__ == "__main__":
    main()
