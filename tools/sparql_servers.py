"""Throw-away SPARQL servers on 127.0.0.1 for the tests and benchmarks: ``oxigraph serve``
and Debian's Virtuoso (``virtuoso-t``), each in its own folder on free ports, started and
stopped by a context manager.

    with virtuoso(Path("/tmp/v")) as server:   # server.sparql, server.store, server.user...
        ...

Virtuoso runs from a ``virtuoso.ini`` written into the folder (database, log and ports its
own; no row limit, no time limit, so no answer is cut short), and its ``dba`` password is
changed to a random one with ``isql-vt`` before the first request. Run this file to start
one by hand: ``python tools/sparql_servers.py virtuoso /tmp/v`` (Ctrl-C stops it).
"""

from __future__ import annotations

import contextlib
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

START_SECONDS = 60  # Virtuoso creates its database at the first start: about 3 s here
DEBIAN_PACKAGE = "virtuoso-opensource"


class Unavailable(RuntimeError):
    """The server program is not installed here (the tests skip, saying which)."""


@dataclass(frozen=True)
class Server:
    """A running server: its query, update and Graph Store URLs (credentials in the URLs
    that need them), and its process."""

    name: str
    query: str
    update: str
    store: str
    process: subprocess.Popen
    folder: Path
    user: str = ""
    password: str = ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, OSError):
            if process.poll() is not None or time.monotonic() > deadline:
                _stop(process)
                said = log.read_text(errors="replace")[-800:] if log.exists() else ""
                raise RuntimeError(f"{url} did not start: {said}") from None
            time.sleep(0.2)


def _stop(process: subprocess.Popen, grace: float = 30) -> None:
    if process.poll() is None:
        process.terminate()  # Virtuoso checkpoints and exits on SIGTERM
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def oxigraph_program() -> str:
    """The ``oxigraph`` CLI (PyPI package ``oxigraph``), beside this Python or on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise Unavailable("the oxigraph CLI (PyPI package 'oxigraph') is not installed")
    return found


@contextlib.contextmanager
def oxigraph(folder: Path, union: bool = False) -> Iterator[Server]:
    """``oxigraph serve`` on a store in ``folder``: as it comes, or ``union`` of its graphs."""
    program = oxigraph_program()
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = folder.parent / f"{folder.name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [program, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"]
            + (["--union-default-graph"] if union else []),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    _wait(f"{base}/query?query=ASK%7B%7D", process, log)
    try:
        yield Server(
            "oxigraph-union" if union else "oxigraph",
            f"{base}/query",
            f"{base}/update",
            f"{base}/store",
            process,
            folder,
        )
    finally:
        _stop(process)


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
DirsAllowed = ., {folder}
CheckpointInterval = 60

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
ServerThreads = 4
MaxClientConnections = 8

[SPARQL]
; Debian's virtuoso.ini stops at 10,000 rows and 60 s, and says so only in headers
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = 0
MaxQueryCostEstimationTime = 0
"""


def virtuoso_program() -> tuple[str, str]:
    """``virtuoso-t`` and ``isql-vt`` (Debian package virtuoso-opensource)."""
    server, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if not (server and isql):
        raise Unavailable(
            f"Virtuoso is not installed (Debian: apt-get install {DEBIAN_PACKAGE}, which "
            "provides virtuoso-t and isql-vt)"
        )
    return server, isql


@contextlib.contextmanager
def virtuoso(folder: Path) -> Iterator[Server]:
    """Virtuoso with its database in ``folder``, on two free 127.0.0.1 ports; the DBA's
    password a fresh random one (in the store URL, for Digest authentication)."""
    program, isql = virtuoso_program()
    folder = folder.resolve()
    folder.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(
        VIRTUOSO_INI.format(folder=folder, sql_port=sql_port, http_port=http_port),
        encoding="utf-8",
    )
    log = folder / "virtuoso.log"
    with (folder / "stdout.log").open("wb") as out:
        process = subprocess.Popen(
            [program, "-f", "-c", str(ini)], cwd=folder, stdout=out, stderr=subprocess.STDOUT
        )
    base = f"http://127.0.0.1:{http_port}"
    try:
        _wait(f"{base}/sparql?query=ASK%7B%7D", process, log)
        password = secrets.token_hex(8)
        sql = f"127.0.0.1:{sql_port}"
        for user, said, command in (
            ("dba", "dba", f"USER_SET_PASSWORD ('dba', '{password}');"),
            ("dba", password, "SELECT 1;"),  # isql exits 0 after a failed statement
        ):
            subprocess.run(
                [isql, sql, user, said, f"exec={command}"],
                check=True,
                capture_output=True,
                timeout=30,
            )
        secret = f"dba:{password}@"
        yield Server(
            "virtuoso",
            f"{base}/sparql",
            f"http://{secret}127.0.0.1:{http_port}/sparql-auth",
            f"http://{secret}127.0.0.1:{http_port}/sparql-graph-crud-auth",
            process,
            folder,
            "dba",
            password,
        )
    finally:
        _stop(process)


def main() -> None:
    kind, folder = sys.argv[1], Path(sys.argv[2])
    start = {"virtuoso": virtuoso, "oxigraph": oxigraph}[kind]
    with start(folder) as server:
        print(f"query  {server.query}\nupdate {server.update}\nstore  {server.store}")
        with contextlib.suppress(KeyboardInterrupt):
            server.process.wait()


if __name__ == "__main__":
    main()
