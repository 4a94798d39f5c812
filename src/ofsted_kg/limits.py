"""Stop a runaway local query after a time limit (``ofsted-kg query ... --timeout S``).

Oxigraph and rdflib cannot be interrupted from Python, so a query with a time limit runs
in a child process forked from this one: the child shares the open store (no copying, no
reloading) and sends back plain values (a :class:`~ofsted_kg.engines.SelectResult`, the
N-Triples of a CONSTRUCT's graph, or a bool). When the limit passes first the child is
killed and :class:`~ofsted_kg.errors.QueryError` says so. Without a limit the query runs
in this process, as fast as ever. A server (``--endpoint``) has its own HTTP time-out.
"""

from __future__ import annotations

import multiprocessing
from multiprocessing.connection import Connection
from typing import Any

from .errors import OfstedKGError, QueryError

# Query form -> the engine method that answers it.
METHODS = {"select": "select", "construct": "construct", "describe": "construct", "ask": "ask"}


def answer(engine: Any, form: str, text: str) -> Any:
    """Run ``text`` (a prepared query of ``form``) on ``engine`` in this process."""
    return getattr(engine, METHODS[form])(text)


def _child(engine: Any, form: str, text: str, send: Connection) -> None:
    """In the forked child: answer and send ("ok", value) or ("error", message) back.

    Anything but a named error is a bug: it escapes, the child prints its traceback and
    exits non-zero, and the parent sees the pipe close without an answer.
    """
    try:
        result = answer(engine, form, text)
    except OfstedKGError as exc:
        send.send(("error", str(exc)))
        return
    if METHODS[form] == "construct":
        from .serialise import ntriples_bytes

        result = ntriples_bytes(result)
    send.send(("ok", result))


def run_with_timeout(
    engine: Any, form: str, text: str, timeout: float | None, label: str = "query"
) -> Any:
    """Answer the query, or raise :class:`QueryError` once ``timeout`` seconds have passed.

    ``timeout=None`` runs in this process (no fork). ``label`` names the query in errors.
    """
    if timeout is None:
        return answer(engine, form, text)
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(
        target=_child, args=(engine, form, text, send), daemon=True, name=f"ofsted-kg query {label}"
    )
    child.start()
    send.close()  # the child holds the only sending end: its exit ends the pipe
    try:
        if not receive.poll(timeout):
            raise QueryError(f"{label}: query stopped after {timeout:g} s (--timeout)")
        try:
            kind, value = receive.recv()
        except EOFError:
            child.join()
            raise RuntimeError(
                f"the query process for {label} ended (exit code "
                f"{child.exitcode}) without an answer; see its traceback above"
            ) from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receive.close()
    if kind == "error":
        raise QueryError(value)
    if METHODS[form] == "construct":
        from rdflib import Graph

        graph = Graph()
        graph.parse(data=value.decode("utf-8"), format="nt")
        return graph
    return value
