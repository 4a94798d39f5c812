"""A read-only SPARQL endpoint over the built graph, on this machine (``ofsted-kg serve``).

The graph's on-disk Oxigraph store (``graphs/.store/<name>/db-<hash>/``, the one
``ofsted-kg query`` reads; see :func:`~ofsted_kg.store.disk.store_folder`) is served by
the ``oxigraph`` program (PyPI package ``oxigraph``) in read-only mode: the SPARQL 1.1
Protocol at ``/query`` and Oxigraph's query page (YASGUI) at ``/``. The graph and the
ontology are both in the store's default graph, so a query needs no dataset.

The user's port, ``127.0.0.1:<port>``, is answered by a front in this process
(:mod:`ofsted_kg.server.guard`); oxigraph listens on another free port of 127.0.0.1 that
only the front talks to. Oxigraph alone would run any query, ``SERVICE`` (a call to any
URL, which any web page the user visits could ask for) included, whatever the Host
header. The front refuses what ``ofsted-kg query`` refuses (``SERVICE``, ``LOAD``,
updates), dataset clauses and parameters, ``/update`` and every write, another Host
header (DNS rebinding) and another site's Origin, each with one line, and passes the
rest to oxigraph unchanged.

Oxigraph is a child process that never outlives this one: on Linux the kernel sends it
SIGTERM when its parent dies, however it dies (``prctl(PR_SET_PDEATHSIG)``); the front is
a daemon thread of this process. :meth:`LocalEndpoint.stop` closes the front and ends
oxigraph (SIGTERM, then SIGKILL after a grace period).
The store is the graph as it was when the endpoint started; after a rebuild, start the
endpoint again (a build keeps the previous store, so the running endpoint still works).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ofsted_kg.errors import EndpointError
from ofsted_kg.net import send
from ofsted_kg.server.guard import HOST, Front
from ofsted_kg.store.disk import store_folder

DEFAULT_PORT = 7878
START_SECONDS = 30.0  # the store opens in well under a second; a loaded machine is slower
STOP_SECONDS = 10.0
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def oxigraph_program() -> str:
    """The ``oxigraph`` program: beside this Python (a virtual environment) or on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if not found:
        raise EndpointError(
            "the oxigraph server program is not installed: pip install oxigraph "
            "(it comes with ofsted-kg; is this the same Python?)"
        )
    return found


def _die_with_parent() -> None:
    """Run in the child before ``exec``: SIGTERM when the parent dies (Linux only)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)


def _listen(port: int) -> Front:
    """The front, listening on ``127.0.0.1:port`` (0: any free port), or an error naming
    the port when it cannot listen there."""
    try:
        return Front(port)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise EndpointError(
                f"{HOST}:{port} is in use (another server?); give another --port"
            ) from None
        raise EndpointError(f"cannot listen on {HOST}:{port}: {exc.strerror}") from None


def _free_port() -> int:
    """A port of 127.0.0.1 that nothing listens on (oxigraph's, behind the front)."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@dataclass
class LocalEndpoint:
    """A running read-only endpoint: oxigraph's process, the front on the user's port,
    and the store it serves."""

    process: subprocess.Popen  # oxigraph
    front: Front
    store: Path
    log: IO[bytes]  # oxigraph's stderr (a temporary file: a pipe could fill and block it)

    @property
    def port(self) -> int:
        """The user's port: the front's."""
        return self.front.port

    @property
    def oxigraph_port(self) -> int:
        """Oxigraph's own port, which only the front talks to."""
        return self.front.upstream_port

    @property
    def query_url(self) -> str:
        """The SPARQL 1.1 Protocol endpoint (GET or POST ``query=``)."""
        return f"http://{HOST}:{self.port}/query"

    @property
    def ui_url(self) -> str:
        """Oxigraph's query page (YASGUI), already pointed at :attr:`query_url`."""
        return f"http://{HOST}:{self.port}/"

    def wait(self) -> int:
        """Block until oxigraph ends; its exit status."""
        return self.process.wait()

    def stop(self) -> None:
        """Close the front, then end oxigraph: SIGTERM, then SIGKILL after
        :data:`STOP_SECONDS`."""
        self.front.stop()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def said(self) -> str:
        """The last line oxigraph wrote to stderr."""
        self.log.seek(0)
        lines = self.log.read().decode("utf-8", "replace").strip().splitlines()
        return lines[-1][:300] if lines else ""


def start_endpoint(graph: Path, port: int = DEFAULT_PORT) -> LocalEndpoint:
    """Serve the graph file's store read-only on ``127.0.0.1:port`` (0: a free port) and
    return once it answers a query through the front; :class:`EndpointError` naming the
    port or the server's own words when it cannot start,
    :class:`~ofsted_kg.errors.GraphError` for the graph."""
    store = store_folder(Path(graph))
    program = oxigraph_program()
    front = _listen(port)
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed by LocalEndpoint.stop()
    try:
        upstream = _free_port()
        process = subprocess.Popen(
            [program, "serve-read-only", "--location", str(store), "--bind", f"{HOST}:{upstream}"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=log,
            preexec_fn=_die_with_parent,  # before exec; the front's thread starts after it
        )
    except BaseException:
        front.stop()
        log.close()
        raise
    front.start(upstream)
    endpoint = LocalEndpoint(process, front, store, log)
    try:
        _wait_until_up(endpoint)
    except BaseException:
        endpoint.stop()
        raise
    return endpoint


def _wait_until_up(endpoint: LocalEndpoint) -> None:
    deadline = time.monotonic() + START_SECONDS
    while True:
        if endpoint.process.poll() is not None:
            said = endpoint.said()
            raise EndpointError(
                f"the endpoint on {HOST}:{endpoint.port} did not start"
                + (f": {said}" if said else f" (exit status {endpoint.process.returncode})")
            )
        try:
            send(
                "GET",
                f"{endpoint.query_url}?query=ASK%7B%7D",
                timeout=2,
                idempotent=True,
                retries=0,
            )
            return
        except EndpointError:
            if time.monotonic() > deadline:
                raise EndpointError(
                    f"the endpoint on {HOST}:{endpoint.port} did not answer within "
                    f"{START_SECONDS:g} s"
                ) from None
            time.sleep(0.1)
