"""Named errors. The CLI turns exactly these into one readable line and exit code 2
(:class:`Interrupted`, a :class:`KeyboardInterrupt`, into exit code 130)."""

from __future__ import annotations


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


class DrawError(OfstedKGError):
    """A drawing was asked for something the graph or the file name cannot give."""
