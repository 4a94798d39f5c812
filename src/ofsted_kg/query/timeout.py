"""Stop a runaway local query after a time limit (``ofsted-kg query ... --timeout S``).

Oxigraph and rdflib cannot be interrupted from Python, so a query with a time limit runs
in a child process forked from this one: the child shares the open store (no copying, no
reloading) and sends back plain values (a :class:`~ofsted_kg.store.engines.SelectResult`, the
N-Triples of a CONSTRUCT's graph, or a bool). When the limit passes first the child is
killed and :class:`~ofsted_kg.errors.QueryError` says so. Without a limit the query runs
in this process, as fast as ever, in a worker thread: Oxigraph releases the GIL while it
evaluates but returns to Python only when done, so the calling thread waits for the worker
and Ctrl-C reaches it (the worker, which cannot be stopped, is abandoned; workers are kept
for the next query, :mod:`ofsted_kg.query.threads`). A server
(``--endpoint``) has its own HTTP time-out.

The child never outlives its parent (a parent killed with SIGKILL cannot kill it):
:func:`ofsted_kg.processes.die_with_parent`.
"""

from __future__ import annotations

import multiprocessing
import os
from multiprocessing.connection import Connection
from typing import Any

from ofsted_kg.errors import OfstedKGError, QueryError
from ofsted_kg.processes import die_with_parent, start_child

# Query form -> the engine method that answers it ("any": the engine tells the form).
METHODS = {
    "select": "select",
    "construct": "construct",
    "describe": "construct",
    "ask": "ask",
    "any": "run",
}


def answer(engine: Any, form: str, text: str) -> Any:
    """Run ``text`` (a prepared query of ``form``) on ``engine`` in this thread."""
    return getattr(engine, METHODS[form])(text)


def answer_interruptibly(engine: Any, form: str, text: str) -> Any:
    """:func:`answer` in a worker thread, this one waiting, so Ctrl-C is not held up
    (the worker is kept for the next query: :mod:`ofsted_kg.query.threads`)."""
    from ofsted_kg.query.threads import run_interruptibly

    return run_interruptibly(lambda: answer(engine, form, text))


def _child(engine: Any, form: str, text: str, send: Connection, parent: int) -> None:
    """In the forked child: answer and send ("ok" or "graph", value) or ("error", message).

    Anything but a named error is a bug: it escapes, the child prints its traceback and
    exits non-zero, and the parent sees the pipe close without an answer.
    """
    die_with_parent(parent)
    try:
        result = answer(engine, form, text)
    except OfstedKGError as exc:
        send.send(("error", str(exc)))
        return
    from ofsted_kg.store.engines import SelectResult

    if isinstance(result, SelectResult | bool):
        send.send(("ok", result))
        return
    from ofsted_kg.rdf.serialise import ntriples_bytes

    send.send(("graph", ntriples_bytes(result)))  # a CONSTRUCT's rdflib graph


def run_with_timeout(
    engine: Any, form: str, text: str, timeout: float | None, label: str = "query"
) -> Any:
    """Answer the query, or raise :class:`QueryError` once ``timeout`` seconds have passed.

    ``timeout=None`` runs in this process (no fork). ``label`` names the query in errors.
    """
    if timeout is None:
        return answer_interruptibly(engine, form, text)
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(
        target=_child,
        args=(engine, form, text, send, os.getpid()),
        daemon=True,
        name=f"ofsted-kg query {label}",
    )
    start_child(child)
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
    if kind == "graph":
        from rdflib import Graph

        graph = Graph()
        graph.parse(data=value.decode("utf-8"), format="nt")
        return graph
    return value
