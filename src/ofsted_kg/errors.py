"""Every error ofsted-kg raises on purpose, in one tree under :class:`OfstedKGError`, and
the exit code of each (:data:`EXIT_CODES`, the one table the CLI reads).

The CLI turns exactly these into one readable line and their exit code; anything else is
a bug and keeps its traceback. :class:`Interrupted` (Ctrl-C, a :class:`KeyboardInterrupt`)
says what was cleaned up; :class:`DeadlineExpired` never leaves the package.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """The command's exit codes: pySHACL's 0/1/2, 3 for a partial build, 130 for Ctrl-C."""

    OK = 0  # complete: every report read, the graph conforms and was written
    VIOLATIONS = 1  # SHACL violations (validate, a *-violation query); build: nothing written
    ERROR = 2  # an error: nothing written
    PARTIAL = 3  # build: the graph was written, but some files were refused or quarantined
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT), as shells report it


class OfstedKGError(Exception):
    """Base class of every error ofsted-kg raises on purpose."""


class ReadError(OfstedKGError):
    """A file could not be read as a report (missing, empty, binary, unreadable PDF)."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class ParseError(OfstedKGError):
    """The text is not a report we recognise, or lacks something its framework must have."""

    def __init__(self, source: str, reason: str, line: int | None = None) -> None:
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {reason}")
        self.source = source
        self.line = line
        self.reason = reason


class NotAReport(ParseError):
    """An Ofsted document that is not an inspection report (a monitoring or focused visit
    letter, ...): a build skips it with a note instead of failing."""

    def __init__(self, source: str, kind: str) -> None:
        super().__init__(source, f"{kind}, not an inspection report")
        self.kind = kind


class QueryError(OfstedKGError):
    """A stored query is unknown, malformed, or given bad parameters."""


class EndpointError(OfstedKGError):
    """A SPARQL server could not be reached or answered with an error."""


class RedirectRefused(EndpointError):
    """A server redirected a request to a URL the request may not go to (another site)."""


class NoAnswer(EndpointError):
    """A request may have reached the server, but no answer came back (a time-out, a
    dropped connection): the server may have acted on it."""


class ConfigError(OfstedKGError, ValueError):
    """An environment variable or setting holds a value ofsted-kg cannot use."""


class Interrupted(KeyboardInterrupt):
    """Ctrl-C, with what was cleaned up (or may be left) said in the message."""


class GraphError(OfstedKGError):
    """A graph file is missing or cannot be loaded."""


class SiteError(OfstedKGError):
    """Ofsted's reports site gave a page ``sync`` cannot read (its markup changed), or
    refused every try (HTTP 403/429)."""


class SiteRefused(SiteError):
    """The site refused every try of a request (HTTP 403/429): going on would only be
    refused again, so the run stops; what it downloaded is kept."""


class ModelError(OfstedKGError):
    """The embedding model is not installed, or its shipped files are missing."""


class SearchError(OfstedKGError):
    """A search was given a bad parameter, or its index cannot be built or read."""


class WriteError(OfstedKGError):
    """An output file or folder cannot be written (read-only, full, not a folder, locked by
    another build)."""


class UnknownAuthority(OfstedKGError):
    """A printed authority name that matches no council in the table."""

    def __init__(self, printed: str, source: str) -> None:
        super().__init__(f"{source}: authority {printed!r} is not one of England's councils")
        self.printed = printed
        self.source = source


class ValidationSetupError(OfstedKGError):
    """Validation was asked for with a validator, or an input, it cannot use."""


class UnsupportedShape(OfstedKGError):
    """A shape uses a SHACL feature the SPARQL compiler does not handle."""


class ExportError(OfstedKGError):
    """An export was asked for something the graph cannot give (format, authority, frame)."""


class TableError(ExportError):
    """The graph cannot be written as tables (an IRI outside the dataset, a query that gives
    no such column, two rows with one key, no dataset node)."""


class CsvwError(ExportError):
    """A CSV on the Web folder or metadata file ofsted-kg cannot write or read."""


class WebsiteError(OfstedKGError):
    """The static website cannot be written where it was asked for."""


class DrawError(OfstedKGError):
    """A drawing was asked for something the graph or the file name cannot give."""


class DeadlineExpired(Exception):
    """A connection was about to be opened after a request's deadline. Internal to the
    HTTP transport, which turns it into :class:`NoAnswer`; never retried by urllib3."""


# The one table of exit codes, most specific class first; the CLI reads it.
EXIT_CODES: tuple[tuple[type[BaseException], ExitCode], ...] = (
    (KeyboardInterrupt, ExitCode.INTERRUPTED),  # Interrupted is one
    (OfstedKGError, ExitCode.ERROR),
)


NAMED_ERRORS = tuple(cls for cls, _ in EXIT_CODES)


def exit_code(exc: BaseException) -> ExitCode:
    """The exit code of a named error (one of :data:`NAMED_ERRORS`)."""
    for cls, code in EXIT_CODES:
        if isinstance(exc, cls):
            return code
    raise TypeError(f"{type(exc).__name__} is not a named error: {exc}")
