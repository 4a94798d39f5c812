"""One HTTP path for every request ofsted-kg sends: to a SPARQL server, to Ofsted's site.

requests sends the request and does HTTP basic auth; urllib3's :class:`~urllib3.util.Retry`
decides what is tried again and how long to pause. This module adds what neither offers:

* **No redirects.** A 3xx answer is an error naming the endpoint and where it pointed:
  following it would send the credentials (and a push's data) to another address, and a
  push would report success for a request that never reached the store. A request sent
  without credentials (a download from Ofsted's public site) may follow a few.
* **A total deadline per request**, retries and pauses included. urllib3's time-outs bound
  each socket operation, so a server sending a byte a second never times out; urllib3's own
  documentation advises a watcher thread. Here each socket is registered as it is opened
  and a timer shuts it down when the deadline passes (``_Deadline``); a connection opened
  after the deadline is refused. Name resolution (``getaddrinfo``) is not covered.
* **A response size limit** (:data:`MAX_RESPONSE_BYTES`), checked on the decoded bytes.
* **Credentials** from the URL's userinfo (``http://user:password@host/...``) or the
  environment (``OFSTED_KG_USER``, ``OFSTED_KG_PASSWORD``), sent only to the URL's own host
  and only when it asks (HTTP 401), in the scheme it asks for: Basic (Fuseki, a proxy) or
  Digest (Virtuoso's ``/sparql-auth`` and ``/sparql-graph-crud-auth``), answered by
  requests' own auth classes (:class:`_Challenged`). The scheme a host asked for is
  remembered for the process, so later requests to it carry the credentials at once (a
  password is never sent as Basic to a host that asks for Digest); every URL this module
  or :mod:`ofsted_kg.server.remote` shows goes through :func:`redact`.

Retries (:func:`retry_policy`): a connection that could not be made is tried again for any
request (nothing was sent); an idempotent request (a read query, Graph Store ``PUT`` and
``DELETE``) also after HTTP 429, 502, 503 or 504; a request whose answer did not come (a
time-out, a dropped connection) never, nor a SPARQL Update after any answer.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.util import Retry

from ofsted_kg.errors import DeadlineExpired, EndpointError, NoAnswer, RedirectRefused

DEFAULT_TIMEOUT = 30.0  # seconds for one request, retries included
MAX_RESPONSE_BYTES = 256 * 2**20  # a bigger answer is refused, not read into memory
RETRIES = 3  # tries after the first: no pause, then BACKOFF * 2, BACKOFF * 4 seconds
BACKOFF = 0.2
RETRY_STATUS = frozenset({429, 502, 503, 504})  # busy, or a gateway with no server behind
USER_ENV, PASSWORD_ENV = "OFSTED_KG_USER", "OFSTED_KG_PASSWORD"
_CHUNK = 1 << 16
_USERINFO_RE = re.compile(r"(?<=//)[^/?#]*@")  # to the authority's last @


def redact(url: str) -> str:
    """``url`` with any userinfo (``user:password@``) replaced by ``***@``."""
    return _USERINFO_RE.sub("***@", url, count=1)


def check_url(url: str) -> str:
    """``url`` if it is an http(s) URL with a host, else one :class:`EndpointError` line."""
    try:
        url.encode("utf-8")  # a command-line argument may hold undecodable bytes
        parts = urllib.parse.urlsplit(url)
        host, _ = parts.hostname, parts.port  # .port raises ValueError when not a number
        ok = parts.scheme in ("http", "https") and bool(host)
    except (ValueError, UnicodeError):
        ok = False
    if not ok:
        shown = redact(url).encode("utf-8", "backslashreplace").decode("utf-8")
        raise EndpointError(
            f"{shown!r} is not a valid http(s) URL (e.g. http://127.0.0.1:7878/query)"
        )
    return url


def credentials(url: str | None = None) -> tuple[str, str] | None:
    """(user, password) from ``url``'s userinfo, else from the environment, else None."""
    if url is not None:
        parts = urllib.parse.urlsplit(url)
        if parts.username is not None:
            return (
                urllib.parse.unquote(parts.username),
                urllib.parse.unquote(parts.password or ""),
            )
    user = os.environ.get(USER_ENV)
    return (user, os.environ.get(PASSWORD_ENV, "")) if user else None


def _without_userinfo(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    netloc = parts.netloc.rpartition("@")[2]
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


def retry_policy(idempotent: bool, retries: int = RETRIES) -> Retry:
    """What urllib3 tries again (see the module notes); the last answer is returned."""
    return Retry(
        total=retries,
        connect=retries,
        read=False,  # no answer: the server may have acted on it; never sent again
        status=retries if idempotent else 0,
        other=0,
        redirect=0,
        allowed_methods=None,  # the caller says what is idempotent
        status_forcelist=RETRY_STATUS if idempotent else (),
        backoff_factor=BACKOFF,
        backoff_max=4 * BACKOFF,
        respect_retry_after_header=False,  # a hostile Retry-After could pause for days
        raise_on_status=False,
    )


# --- the deadline: sockets registered as they are opened, shut down when time is up -------


class _Deadline:
    """One request's deadline: a timer shuts down every socket it opened once time is up."""

    def __init__(self, seconds: float) -> None:
        self.at = time.monotonic() + seconds
        self.expired = False
        self.sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        _local.deadline = self
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        _local.deadline = None

    def left(self) -> float:
        return self.at - time.monotonic()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            if self.expired:
                sock.close()
                raise DeadlineExpired
            self.sockets.append(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self.sockets:
                with contextlib.suppress(OSError):  # already closed
                    sock.shutdown(socket.SHUT_RDWR)  # wakes a recv() blocked in another thread


_local = threading.local()


class _Watched:
    """A urllib3 connection whose socket the current request's deadline watches."""

    timeout: Any

    def _new_conn(self) -> socket.socket:
        deadline: _Deadline | None = getattr(_local, "deadline", None)
        if deadline is not None:
            left = deadline.left()
            if left <= 0:
                raise DeadlineExpired
            if self.timeout is None or self.timeout > left:
                self.timeout = left  # the connect time-out, too, ends at the deadline
        sock: socket.socket = super()._new_conn()  # type: ignore[misc]
        if deadline is not None:
            deadline.watch(sock)
        return sock


class _HTTPConnection(_Watched, HTTPConnection):
    pass


class _HTTPSConnection(_Watched, HTTPSConnection):
    pass


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


_POOLS = {"http": _HTTPPool, "https": _HTTPSPool}


class _Adapter(HTTPAdapter):
    """requests' adapter with watched connections (also through a proxy)."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _POOLS

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        manager.pool_classes_by_scheme = _POOLS
        return manager


# --- credentials: sent when the server asks, in the scheme it asks for ---------------------


_SCHEMES: dict[tuple[str, str, str], requests.auth.AuthBase] = {}  # what each host asked for
_SCHEMES_LOCK = threading.Lock()


class _Challenged(requests.auth.AuthBase):
    """Credentials for one host, sent once it answers 401 with a challenge: Digest through
    :class:`requests.auth.HTTPDigestAuth` (which resends the request itself), Basic by
    resending it here. The host's scheme is then remembered (:data:`_SCHEMES`): a Basic host
    gets the header at once, a Digest host the next nonce count, with no 401 first."""

    def __init__(self, url: str, user: str, password: str) -> None:
        parts = urllib.parse.urlsplit(url)
        self.key = (f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}", user, password)
        self.user, self.password = user, password

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        with _SCHEMES_LOCK:
            known = _SCHEMES.get(self.key)
        if known is not None:
            return known(request)
        request.register_hook("response", self._answer_challenge)
        return request

    def _answer_challenge(self, response: requests.Response, **kwargs: Any) -> requests.Response:
        challenge = response.headers.get("WWW-Authenticate", "").lower()
        if response.status_code != 401:
            return response
        auth: requests.auth.AuthBase
        if challenge.startswith("digest") or ", digest" in challenge:
            digest = requests.auth.HTTPDigestAuth(self.user, self.password)
            digest(response.request)  # per-thread state; the body to resend is bytes
            auth = digest
            answered = digest.handle_401(response, **kwargs)
        elif "basic" in challenge:
            auth = requests.auth.HTTPBasicAuth(self.user, self.password)
            answered = _resend(response, auth, **kwargs)
        else:
            return response
        if answered.status_code != 401:
            with _SCHEMES_LOCK:
                _SCHEMES[self.key] = auth
        return answered


def _resend(response: requests.Response, auth: requests.auth.AuthBase, **kwargs: Any):
    """``response``'s request sent again with ``auth`` (as requests' digest auth does)."""
    response.content  # noqa: B018 - read the 401's body, so its connection can be released
    response.close()
    again = response.request.copy()
    auth(again)
    answer = response.connection.send(again, **kwargs)  # type: ignore[attr-defined]
    answer.history.append(response)
    answer.request = again
    return answer


# --- one request -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """A successful (2xx, or an accepted status) answer, read whole."""

    status: int
    body: bytes
    content_type: str
    headers: dict[str, str] = field(default_factory=dict)  # names in lower case


def _mebibytes(size: int) -> str:
    return f"{size / 2**20:g} MiB" if size >= 2**20 else f"{size:,} bytes"


def _chain(exc: BaseException) -> list[BaseException]:
    """``exc`` and what it wraps (``reason``, ``args[0]``, cause, context), outermost first."""
    seen: list[BaseException] = []
    todo: list[BaseException | None] = [exc]
    while todo:
        item = todo.pop(0)
        if item is None or any(item is s for s in seen):
            continue
        seen.append(item)
        inner = getattr(item, "reason", None)
        todo += [
            inner if isinstance(inner, BaseException) else None,
            item.args[0] if item.args and isinstance(item.args[0], BaseException) else None,
            item.__cause__,
            item.__context__,
        ]
    return seen


def _reason(exc: BaseException) -> tuple[str, bool]:
    """Why a request failed, in a few words, and whether it was certainly never sent."""
    chain = _chain(exc)
    if any(isinstance(e, ConnectionRefusedError) for e in chain):
        return "connection refused (is the server running?)", True
    if any(isinstance(e, socket.gaierror) for e in chain):
        return "the host name cannot be resolved", True
    if any(isinstance(e, requests.ConnectTimeout | urllib3.exceptions.ConnectTimeoutError)
           for e in chain):  # fmt: skip
        return "timed out", True
    if any(isinstance(e, requests.Timeout | TimeoutError) for e in chain):
        return "timed out", False
    if any(isinstance(e, requests.exceptions.SSLError) for e in chain):
        return "TLS error: " + _first_line(chain[-1]), True
    return _first_line(chain[-1]), False


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0][:300] if lines else type(exc).__name__


def _read(response: requests.Response, what: str, deadline: _Deadline, limit: int) -> bytes:
    """The whole (decoded) body, or :class:`EndpointError` once it passes ``limit`` bytes."""
    too_big = f"{what}: the answer is larger than the limit of {_mebibytes(limit)}"
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise EndpointError(f"{too_big} (Content-Length {int(declared):,})")
    body = bytearray()
    for chunk in response.iter_content(_CHUNK):
        body += chunk
        if len(body) > limit:
            raise EndpointError(too_big)
        if deadline.expired:
            break
    if deadline.expired:  # the socket was shut down: what came is not the whole answer
        raise NoAnswer(f"{what}: timed out")
    return bytes(body)


def _status_error(what: str, response: requests.Response, body: bytes) -> EndpointError:
    lines = body.decode("utf-8", "replace").strip().splitlines()
    retries = getattr(response.raw, "retries", None)
    attempts = len(retries.history) + 1 if retries is not None and retries.history else 1
    tries = f" (gave up after {attempts} attempts)" if attempts > 1 else ""
    said = f": {lines[0][:200]}" if lines else ""
    return EndpointError(f"{what}: HTTP {response.status_code} {response.reason}{said}{tries}")


def _redirect_check(what: str, allowed: Callable[[str], bool] | None):
    """A requests response hook: a redirect to a URL ``allowed`` refuses is an error
    before it is followed."""

    def check(response, *_args, **_kwargs):
        location = response.headers.get("Location") if response.is_redirect else None
        if location and allowed is not None:
            target = urllib.parse.urljoin(response.url, location)
            if not allowed(target):
                raise RedirectRefused(
                    f"{what}: the server redirected the request to {redact(target)}, "
                    "another site; not followed"
                )
        return response

    return check


def send(
    method: str,
    url: str,
    *,
    what: str | None = None,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    idempotent: bool,
    retries: int = RETRIES,
    max_bytes: int = MAX_RESPONSE_BYTES,
    accept_status: frozenset[int] = frozenset(),
    send_credentials: bool = True,
    max_redirects: int = 0,
    redirect_allowed: Callable[[str], bool] | None = None,
) -> Answer:
    """Send one request and read its answer within ``timeout`` seconds, retries included.

    A 2xx answer (or one in ``accept_status``) comes back whole; anything else is one
    :class:`EndpointError` line starting with ``what`` (default: the URL, without its
    password). :class:`NoAnswer` (an :class:`EndpointError`) means the request may have
    reached the server but its answer did not come back. ``send_credentials=False`` sends
    none (a public site must never see a SPARQL server's password from the environment);
    only then may ``max_redirects`` allow following that many redirects, and only to URLs
    ``redirect_allowed`` accepts (when given; another is :class:`RedirectRefused`).
    """
    if max_redirects and send_credentials:
        raise ValueError("redirects are followed only for requests without credentials")
    check_url(url)
    what = redact(what or url)
    creds = credentials(url) if send_credentials else None
    auth = _Challenged(url, *creds) if creds else None
    with requests.Session() as session:
        if max_redirects:  # (0 would make requests raise on any 3xx, followed or not)
            session.max_redirects = max_redirects
        adapter = _Adapter(max_retries=retry_policy(idempotent, retries))
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        with _Deadline(timeout) as deadline:
            try:
                hooks = {"response": _redirect_check(what, redirect_allowed)}
                response = session.request(
                    method,
                    _without_userinfo(url),
                    hooks=hooks if redirect_allowed and max_redirects else None,
                    data=body,
                    # one connection per request: each has its own deadline (see _Deadline)
                    headers={"Connection": "close", **(headers or {})},
                    auth=auth,
                    timeout=timeout,
                    allow_redirects=max_redirects > 0,
                    stream=True,
                )
                with response:
                    if 300 <= response.status_code < 400:
                        target = redact(response.headers.get("Location", "(no Location)"))
                        raise EndpointError(
                            f"{what}: the server redirected the request (HTTP "
                            f"{response.status_code}) to {target}; redirects are not followed "
                            "(they could carry credentials or data elsewhere): give the final URL"
                        )
                    data = _read(response, what, deadline, max_bytes)
            except DeadlineExpired:
                raise NoAnswer(f"{what}: timed out") from None
            except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
                if deadline.expired:
                    raise NoAnswer(f"{what}: timed out") from None
                reason, unsent = _reason(exc)
                tries = (
                    f" (gave up after {retries + 1} attempts)"
                    if unsent and retries and isinstance(exc, requests.ConnectionError)
                    else ""
                )
                error = EndpointError if unsent else NoAnswer
                raise error(f"{what}: {reason}{tries}") from None
    if response.ok or response.status_code in accept_status:
        return Answer(
            response.status_code,
            data,
            response.headers.get("Content-Type", ""),
            {name.lower(): value for name, value in response.headers.items()},
        )
    raise _status_error(what, response, data)
