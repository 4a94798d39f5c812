"""One home for each thing (STYLE.md): every error class in ``errors.py``, every IRI in
``namespaces.py``, every SPARQL text in a ``.rq`` file, and no ``assert`` as a runtime
check. Read from the source itself, so a new module that breaks a rule fails here."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from ofsted_kg import errors
from ofsted_kg.query.catalogue import catalogue
from ofsted_kg.resources import internal_query, resource

SRC = Path(__file__).resolve().parents[1] / "src" / "ofsted_kg"
MODULES = sorted(SRC.rglob("*.py"))
VOCABULARY_IRI = re.compile(r"https?://(w3id\.org/ofsted-kg|www\.w3\.org|purl\.org|schema\.org)")
SPARQL = re.compile(r"\b(SELECT|CONSTRUCT|ASK|DESCRIBE)\b.*\{", re.S)


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), str(path))


def _docstrings(tree: ast.Module) -> set[int]:
    """The ids of the string constants that are docstrings."""
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            value = body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                found.add(id(value))
    return found


def _strings(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every string constant that is code, not a docstring or a --help."""
    tree = _tree(path)
    skip = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "help":
            skip.update(id(n) for n in ast.walk(node.value))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
    ]


def test_modules_are_found():
    names = {p.relative_to(SRC).as_posix() for p in MODULES}
    assert {"errors.py", "model/namespaces.py", "validate/compiler.py"} <= names


def test_every_error_class_is_in_errors_py():
    outside = [
        f"{path.relative_to(SRC)}:{node.lineno} {node.name}"
        for path in MODULES
        if path.name != "errors.py"
        for node in ast.walk(_tree(path))
        if isinstance(node, ast.ClassDef)
        and any(
            isinstance(base, ast.Name)
            and base.id.endswith(("Error", "Exception", "Interrupt"))
            or isinstance(base, ast.Attribute)
            and base.attr.endswith(("Error", "Exception"))
            for base in node.bases
        )
    ]
    assert outside == []


def test_every_named_error_has_an_exit_code():
    named = [
        value
        for value in vars(errors).values()
        if isinstance(value, type) and issubclass(value, errors.OfstedKGError)
    ]
    assert len(named) >= 14
    for cls in named:
        error = cls.__new__(cls)  # the class alone decides the code, not its message
        assert errors.exit_code(error) == errors.ExitCode.ERROR, cls
    assert errors.exit_code(errors.Interrupted("stopped")) == errors.ExitCode.INTERRUPTED
    with pytest.raises(TypeError):
        errors.exit_code(ValueError("a bug"))


def test_no_assert_as_a_runtime_check():
    found = [
        f"{path.relative_to(SRC)}:{node.lineno}"
        for path in MODULES
        for node in ast.walk(_tree(path))
        if isinstance(node, ast.Assert)
    ]
    assert found == []


def test_every_iri_is_written_in_namespaces_py():
    found = [
        f"{path.relative_to(SRC)}:{line} {text[:60]!r}"
        for path in MODULES
        if path.name != "namespaces.py"
        for line, text in _strings(path)
        if VOCABULARY_IRI.search(text)
    ]
    assert found == []


def test_every_sparql_text_is_in_a_rq_file():
    """The SHACL compiler writes SPARQL from the shapes: its texts are made, not stored."""
    found = [
        f"{path.relative_to(SRC)}:{line} {text[:60]!r}"
        for path in MODULES
        if path.name != "compiler.py"
        for line, text in _strings(path)
        if SPARQL.search(text) and "WHERE" in text.upper()
    ]
    assert found == []


def test_internal_queries_ship_but_are_not_stored_queries():
    internal = sorted(p.name[:-3] for p in resource("queries", "internal").iterdir()
                      if p.name.endswith(".rq"))  # fmt: skip
    assert "locate-violation" in internal and "draw-authority-team" in internal
    assert not set(internal) & set(catalogue())
    for name in internal:
        text = internal_query(name)
        assert text.startswith("# Run by: ofsted_kg."), name
    assert "oa:TextQuoteSelector" in internal_query("locate-violation")
