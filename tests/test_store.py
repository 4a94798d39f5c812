"""Opening a built graph: every format by its extension, any folder, one error per bad file."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT
from ofsted_kg.cli import main
from ofsted_kg.errors import GraphError
from ofsted_kg.store.disk import STORE_DIR, load_graph, open_engine, open_store

GRAPHS = ROOT / "graphs"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def graphs(tmp_path_factory):
    """The shipped graph as Turtle, JSON-LD and N-Triples, in a folder of its own."""
    folder = tmp_path_factory.mktemp("graphs")
    shutil.copy(GRAPHS / "ofsted.ttl", folder)
    shutil.copy(GRAPHS / "ofsted.jsonld", folder)
    load_graph(folder / "ofsted.ttl").serialize(folder / "ofsted.nt", format="nt", encoding="utf-8")
    return folder


def _quads(store):
    return {(q.subject, q.predicate, q.object, q.graph_name) for q in store}


def _inspections(graph):
    result = run("query", "inspections", "--graph", graph, "--format", "csv")
    assert result.exit_code == 0, result.output
    return result.output


# --- JSON-LD and N-Triples by extension -------------------------------------------------------


def test_jsonld_and_ntriples_load_like_turtle(graphs):
    """Regression: the store read every file as Turtle ('{ is not a valid subject')."""
    turtle = _quads(open_store(graphs / "ofsted.ttl"))
    assert len(turtle) > 6000
    assert _quads(open_store(graphs / "ofsted.jsonld")) == turtle
    assert _quads(open_store(graphs / "ofsted.nt")) == turtle


def test_query_a_jsonld_graph_through_the_cli(graphs):
    expected = _inspections(graphs / "ofsted.ttl")
    assert len(expected.splitlines()) == 6  # a header and the five bundled reports
    assert _inspections(graphs / "ofsted.jsonld") == expected
    assert _inspections(graphs / "ofsted.nt") == expected


def test_each_format_keeps_its_own_store(graphs):
    """ofsted.ttl and ofsted.jsonld share a stem, not a store (no rebuild when alternating)."""
    open_store(graphs / "ofsted.ttl")
    open_store(graphs / "ofsted.jsonld")
    stamps = {p.parent.name for p in (graphs / STORE_DIR).glob("*/stamp.json")}
    assert {"ofsted", "ofsted.jsonld"} <= stamps


def test_the_rdflib_engine_reads_jsonld_too(graphs):
    engine = open_engine(graphs / "ofsted.jsonld", engine="rdflib")
    assert engine.ask("ASK { ?s a <https://w3id.org/ofsted-kg/ontology#Inspection> }")


# --- a folder the store cannot be written to: in memory, silently -----------------------------


def _copy_graph(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(GRAPHS / "ofsted.ttl", folder)
    return folder / "ofsted.ttl"


def test_a_read_only_folder_falls_back_to_memory(tmp_path, monkeypatch):
    """Regression: OSError 'Read-only file system: /ro/.store' (only PermissionError was
    caught). The graph folder refuses new folders with EROFS, as a read-only mount does."""
    graph = _copy_graph(tmp_path / "ro")
    expected = _inspections(GRAPHS / "ofsted.ttl")
    real_mkdir = Path.mkdir

    def read_only_mkdir(self, *args, **kwargs):
        if self.is_relative_to(tmp_path / "ro"):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(self))
        return real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", read_only_mkdir)
    assert len(_quads(open_store(graph))) > 6000
    assert _inspections(graph) == expected
    assert sorted(p.name for p in graph.parent.iterdir()) == ["ofsted.ttl"]


def test_a_file_in_place_of_the_store_folder_falls_back_to_memory(tmp_path):
    """Not a PermissionError either (NotADirectoryError/FileExistsError): any OSError."""
    graph = _copy_graph(tmp_path / "g")
    (graph.parent / STORE_DIR).write_bytes(b"not a folder")
    assert _inspections(graph) == _inspections(GRAPHS / "ofsted.ttl")
    assert (graph.parent / STORE_DIR).read_bytes() == b"not a folder"


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_a_folder_without_write_permission_falls_back_to_memory(tmp_path):
    graph = _copy_graph(tmp_path / "ro")
    graph.parent.chmod(0o555)
    try:
        assert _inspections(graph) == _inspections(GRAPHS / "ofsted.ttl")
        assert sorted(p.name for p in graph.parent.iterdir()) == ["ofsted.ttl"]
    finally:
        graph.parent.chmod(0o755)


def test_a_full_disk_while_building_the_store_falls_back_and_cleans_up(tmp_path, monkeypatch):
    """The disk fills up while the store is built (ENOSPC): the query still runs, from
    memory, and no half-built store is left behind."""
    import ofsted_kg.store.disk as store_module

    graph = _copy_graph(tmp_path / "g")
    expected = _inspections(GRAPHS / "ofsted.ttl")

    def full_disk(store):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(store_module, "load_ontology", full_disk)
    store = graph.parent / STORE_DIR / "ofsted"
    with pytest.raises(OSError):
        store_module._open_or_build(graph, store, graph.read_bytes(), "x" * 32, [0, 0, 0, 0])
    assert not list(store.glob("tmp-*")) and not list(store.glob("db-*"))
    monkeypatch.undo()
    assert _inspections(graph) == expected


def test_parallel_queries_after_the_graph_changes_all_see_the_new_graph(tmp_path):
    """Regression: two queries rebuilding the store at once could leave the old database
    under a stamp of the new file (5 inspections instead of 36 from then on), and six
    parallel queries crashed half their processes ('MANIFEST may be corrupted')."""
    import subprocess
    import sys

    folder = tmp_path / "g"
    graph = _copy_graph(folder)
    assert len(_inspections(graph).splitlines()) == 6
    # The new graph: the bundled one without Bolton's inspection (4 rows), replaced as
    # a build replaces it (a new file renamed over the old one).
    text = graph.read_text(encoding="utf-8")
    smaller = load_graph(graph)
    from rdflib import URIRef

    bolton = URIRef("https://w3id.org/ofsted-kg/id/inspection/E08000001/2014-01-14")
    smaller.remove((bolton, None, None))
    (folder / "new.ttl").write_text(smaller.serialize(format="turtle"), encoding="utf-8")
    os.replace(folder / "new.ttl", graph)
    assert graph.read_text(encoding="utf-8") != text
    command = [
        sys.executable,
        "-m",
        "ofsted_kg.cli",
        "query",
        "inspections",
        "--graph",
        str(graph),
        "--format",
        "csv",
    ]
    processes = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
        for _ in range(6)
    ]
    outputs = [process.communicate(timeout=120) for process in processes]
    assert [p.returncode for p in processes] == [0] * 6, [err for _, err in outputs]
    assert {len(out.decode().splitlines()) for out, _ in outputs} == {5}
    # And from then on too: the store on disk is the new graph's.
    assert len(_inspections(graph).splitlines()) == 5
    store = folder / STORE_DIR / "ofsted"
    assert not list(store.glob("tmp-*"))


def test_a_killed_store_build_leaves_nothing_the_next_one_keeps(tmp_path):
    """Temporary stores of killed builds go; one a live build is staging stays."""
    import subprocess
    import sys

    graph = _copy_graph(tmp_path / "g")
    store = graph.parent / STORE_DIR / "ofsted"
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    killed = [store / "tmp-killed", store / f"tmp-{ended.stdout.strip()}-x1y2"]
    staging = store / f"tmp-{os.getpid()}-a1b2"  # this process is alive
    for folder in [*killed, staging]:
        folder.mkdir(parents=True)
        (folder / "000001.sst").write_bytes(b"half a store")
    assert len(_inspections(graph).splitlines()) == 6
    assert not any(folder.exists() for folder in killed)
    assert staging.is_dir()
    assert len(list(store.glob("db-*"))) == 1


# --- missing, broken and empty files: one GraphError each -------------------------------------


BROKEN = {
    "broken.ttl": (
        b"<http://a> <http://b> .\n",
        "cannot load graph: Parser error at line 1 column 23: . is not a valid RDF object",
    ),
    "broken.jsonld": (
        b"{\n",
        "cannot load graph: Parser error at line 2 column 1: Object keys must be strings",
    ),
    "broken.nt": (b"<a> <b> <c> .\n", "cannot load graph: Parser error at line 1"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_graph_is_one_graph_error(tmp_path, name):
    data, reason = BROKEN[name]
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(GraphError) as excinfo:
        open_store(path)
    assert str(excinfo.value).startswith(f"{path}: {reason}")
    assert "\n" not in str(excinfo.value)
    with pytest.raises(GraphError, match=r"cannot load graph: "):
        load_graph(path)
    # A failed load leaves no half-built store behind.
    assert not list((tmp_path / STORE_DIR).glob("*/db*"))
    result = run("query", "inspections", "--graph", path)
    assert result.exit_code == 2 and result.output.startswith(f"Error: {path}: cannot load graph")
    assert len(result.output.splitlines()) == 1


EMPTY = {
    "zero.ttl": b"",
    "zero.jsonld": b"",
    "zero.nt": b"",
    "prefixes.ttl": b"@prefix ofs: <https://w3id.org/ofsted-kg/ontology#> .\n# nothing else\n",
    "list.jsonld": b"[]\n",
    "comment.nt": b"# no triples\n",
}


@pytest.mark.parametrize("name", sorted(EMPTY))
def test_an_empty_graph_is_refused(tmp_path, name):
    """Regression: ``validate`` of a 0-byte or triple-less file said 'conforms'."""
    path = tmp_path / name
    path.write_bytes(EMPTY[name])
    message = f"{path}: the graph is empty"
    with pytest.raises(GraphError) as excinfo:
        load_graph(path)
    assert str(excinfo.value) == message
    with pytest.raises(GraphError) as excinfo:
        open_store(path)
    assert str(excinfo.value) == message
    for args in (["validate", path], ["query", "inspections", "--graph", path]):
        result = run(*args)
        assert (result.exit_code, result.output) == (2, f"Error: {message}\n")


@pytest.mark.parametrize("opener", [load_graph, open_store])
def test_a_missing_graph_says_to_build(tmp_path, opener):
    with pytest.raises(GraphError) as excinfo:
        opener(tmp_path / "nothing.ttl")
    assert str(excinfo.value) == (
        f"{tmp_path / 'nothing.ttl'}: no such graph file; run 'ofsted-kg build' first"
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
@pytest.mark.parametrize("opener", [load_graph, open_store])
def test_an_unreadable_graph_is_one_graph_error(tmp_path, opener):
    path = _copy_graph(tmp_path / "g")
    path.chmod(0o000)
    try:
        with pytest.raises(GraphError) as excinfo:
            opener(path)
        assert str(excinfo.value) == f"{path}: cannot load graph: Permission denied"
    finally:
        path.chmod(0o644)
