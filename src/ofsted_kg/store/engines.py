"""Where queries run: Oxigraph (the embedded default), rdflib's Memory store, or a server.

Every engine answers the same three calls (``select``, ``construct``, ``ask``) with plain
Python values, so results compare across engines: a SELECT gives column names and rows of
lexical strings (``None`` for unbound), a CONSTRUCT an rdflib :class:`~rdflib.Graph`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Protocol

import pyoxigraph as ox

from ofsted_kg.errors import QueryError
from ofsted_kg.model.namespaces import XSD_NS

if TYPE_CHECKING:  # rdflib is imported only where needed: it costs 0.3 s at start-up
    from rdflib import Graph


@dataclass
class SelectResult:
    """Column names and rows (lexical forms; ``None`` for unbound), and for an engine asked
    for them (``engine.typed = True``) each literal's datatype IRI, ``None`` otherwise."""

    columns: list[str]
    rows: list[list[str | None]]
    datatypes: list[list[str | None]] | None = None


class Engine(Protocol):
    """What a query engine offers."""

    name: str

    typed: bool

    def select(self, text: str) -> SelectResult: ...

    def construct(self, text: str) -> Graph: ...

    def ask(self, text: str) -> bool: ...

    def run(self, text: str) -> SelectResult | Graph | bool: ...


_PLAIN_TERMS = frozenset((ox.Literal, ox.NamedNode, ox.BlankNode))


def _ox_lexical(term: object) -> str | None:
    if term is None:
        return None
    if isinstance(term, ox.Literal | ox.NamedNode | ox.BlankNode):
        return term.value
    return str(term)


def load_ontology(store: ox.Store) -> None:
    """Add the shipped ontology and concept schemes to an Oxigraph store."""
    from ofsted_kg.resources import ontology_turtle

    store.bulk_load(ontology_turtle(), ox.RdfFormat.TURTLE)


@contextmanager
def _oxigraph_errors() -> Iterator[None]:
    """Oxigraph's failures while parsing or evaluating a query as one :class:`QueryError`:
    a SyntaxError, and the OSError or RuntimeError it raises for what it cannot evaluate."""
    try:
        yield
    except SyntaxError as exc:
        raise QueryError(f"malformed SPARQL: {_first_line(exc)}") from None
    except (OSError, RuntimeError) as exc:
        raise QueryError(f"Oxigraph cannot evaluate this query: {_first_line(exc)}") from None


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0][:300] if lines else type(exc).__name__


class OxigraphEngine:
    """Queries on an in-memory Oxigraph store loaded with the data and the ontology."""

    name = "oxigraph"
    typed = True  # SELECT results carry each literal's datatype (typed values); False is faster

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    @classmethod
    def from_graph(cls, graph: Graph, with_ontology: bool = True) -> OxigraphEngine:
        from ofsted_kg.store.bridge import load_into

        store = ox.Store()
        load_into(store, graph)
        if with_ontology:
            load_ontology(store)
        return cls(store)

    def _run(self, text: str):
        with _oxigraph_errors():
            return self.store.query(text)

    def run(self, text: str) -> SelectResult | Graph | bool:
        """The answer of any query form, told by what Oxigraph returns."""
        answer = self._run(text)
        if isinstance(answer, ox.QuerySolutions):
            return self._solutions(answer)
        if isinstance(answer, ox.QueryTriples):
            return self._graph(answer)
        return bool(answer)

    def select(self, text: str) -> SelectResult:
        solutions = self._run(text)
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryError("not a SELECT query")
        return self._solutions(solutions)

    def _solutions(self, solutions: ox.QuerySolutions) -> SelectResult:
        with _oxigraph_errors():  # solutions are computed as they are read
            return self._read_solutions(solutions)

    def _read_solutions(self, solutions: ox.QuerySolutions) -> SelectResult:
        columns = [v.value for v in solutions.variables]
        # A solution iterates its values in column order: one pass, no lookups by name
        # (4x cheaper than solution[name] on thousands of rows), each term's kind told by
        # identity (half the time of isinstance on a union, measured on co-inspectors).
        plain = _PLAIN_TERMS
        if not self.typed:
            rows = [
                [term.value if type(term) in plain else _ox_lexical(term) for term in solution]
                for solution in solutions
            ]
            return SelectResult(columns, rows)
        literal = ox.Literal
        rows, datatypes = [], []
        for solution in solutions:
            row: list[str | None] = []
            kinds: list[str | None] = []
            for term in solution:
                kind = type(term)
                if kind is literal:
                    row.append(term.value)
                    kinds.append(term.datatype.value)
                else:
                    row.append(term.value if kind in plain else _ox_lexical(term))
                    kinds.append(None)
            rows.append(row)
            datatypes.append(kinds)
        return SelectResult(columns, rows, datatypes)

    def construct(self, text: str) -> Graph:
        triples = self._run(text)
        if not isinstance(triples, ox.QueryTriples):
            raise QueryError("not a CONSTRUCT or DESCRIBE query")
        return self._graph(triples)

    def _graph(self, triples: ox.QueryTriples) -> Graph:
        from ofsted_kg.store.bridge import rdflib_graph

        with _oxigraph_errors():  # triples are computed as they are read
            return rdflib_graph(triples)

    def ask(self, text: str) -> bool:
        answer = self._run(text)
        if not isinstance(answer, ox.QueryBoolean):
            raise QueryError("not an ASK query")
        return bool(answer)


XSD_DOUBLE, XSD_DECIMAL, XSD_INTEGER = (XSD_NS + name for name in ("double", "decimal", "integer"))


def canonical_lexical(text: str, datatype: str | None) -> str:
    """A literal's text as Oxigraph prints it: integers, decimals and doubles in canonical
    form (rdflib keeps "16.0" and "007" as written and Virtuoso prints "540.0"; Oxigraph
    prints "16", "7" and "540"), so every engine gives the same rows."""
    if datatype == XSD_DOUBLE:
        try:
            real = float(text)
        except ValueError:
            return text
        return str(int(real)) if real.is_integer() and abs(real) < 1e15 else repr(real)
    if datatype in (XSD_DECIMAL, XSD_INTEGER):
        try:
            number = Decimal(text)
        except InvalidOperation:
            return text
        if number == number.to_integral_value():
            return str(int(number))
        return format(number.normalize(), "f")
    return text


def _canonical(term) -> str:
    datatype = getattr(term, "datatype", None)
    return canonical_lexical(str(term), str(datatype) if datatype else None)


class RdflibEngine:
    """Queries on an rdflib Memory graph (the reference engine for cross-engine tests)."""

    name = "rdflib"
    typed = True

    def __init__(self, graph: Graph, with_ontology: bool = True) -> None:
        from rdflib import Graph

        from ofsted_kg.resources import ontology_graph

        self.graph = Graph()
        self.graph += graph
        if with_ontology:
            self.graph += ontology_graph()

    def _query(self, text: str):
        """rdflib's answer; its parser's failures (a ParseException, or a TypeError on
        "-0.0") as one :class:`QueryError`."""
        from pyparsing import ParseException

        try:
            return self.graph.query(text)
        except (ParseException, TypeError) as exc:
            reason = str(exc).splitlines()[0][:300]
            raise QueryError(f"rdflib cannot run this query: {reason}") from None
        except RecursionError:
            raise QueryError(
                "rdflib cannot run this query: it is nested too deeply (brackets or braces "
                "inside one another)"
            ) from None

    def select(self, text: str) -> SelectResult:
        result = self._query(text)
        if result.type != "SELECT":
            raise QueryError("not a SELECT query")
        return self._rows(result)

    def _rows(self, result) -> SelectResult:
        from rdflib.query import ResultRow

        columns = [str(v) for v in result.vars or []]
        solutions = [row for row in result if isinstance(row, ResultRow)]  # all of them
        rows: list[list[str | None]] = [
            [None if value is None else _canonical(value) for value in row] for row in solutions
        ]
        if not self.typed:
            return SelectResult(columns, rows)
        datatypes = [
            [str(getattr(value, "datatype", None) or "") or None for value in row]
            for row in solutions
        ]
        return SelectResult(columns, rows, datatypes)

    def construct(self, text: str) -> Graph:
        result = self._query(text)
        if result.type not in ("CONSTRUCT", "DESCRIBE") or result.graph is None:
            raise QueryError("not a CONSTRUCT or DESCRIBE query")
        return self._graph(result)

    @staticmethod
    def _graph(result) -> Graph:
        from rdflib import Graph

        graph = Graph()
        graph += result.graph
        return graph

    def ask(self, text: str) -> bool:
        result = self._query(text)
        if result.type != "ASK":
            raise QueryError("not an ASK query")
        return bool(result.askAnswer)

    def run(self, text: str) -> SelectResult | Graph | bool:
        """The answer of any query form, told by rdflib's result type."""
        result = self._query(text)
        if result.type == "SELECT":
            return self._rows(result)
        if result.type == "ASK":
            return bool(result.askAnswer)
        return self._graph(result)
