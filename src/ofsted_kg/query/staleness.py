"""Say when an answer may be incomplete: the files the build did not read.

A build that refused or quarantined some files still writes the graph of the others
(exit code 3), and its build record (:mod:`ofsted_kg.rdf.buildrecord`) says which files
those were. An answer about a council could be changed by any of them that is about that
council: ``latest-judgements`` would show an older grade, ``ask-inspected`` say false.
:func:`unread_files` lists the unread files that may matter to one query run:

- a quarantined file's council is in the record (``ofs:aboutAuthority``): a fact;
- a refused file's council is not known (it could not be read), so its path is matched
  against England's councils' names and Ofsted URNs ("80461_devon/children's services
  inspection - 13 may 2025.pdf", "devon-2025-05-13.pdf"): a file that *may* be about the
  council, said as such, never written into the graph.

A query run for one council (a bound ``authority`` parameter) hears of the files about
that council (and, for a query whose header says ``# unread: neighbours``, about its
statistical neighbours); a query over every council hears of every unread file. A query
whose header says ``# unread: none`` (the build record itself) hears of none.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from ofsted_kg.model.councils import AuthorityRecord, load_authorities, name_key
from ofsted_kg.resources import internal_query

if TYPE_CHECKING:
    from ofsted_kg.query.catalogue import StoredQuery

REASON_CHARS = 120  # a reason is cut to this many characters in a note
_FILLER = frozenset({"and", "pdf", "txt"})


@dataclass(frozen=True)
class UnreadFile:
    """A file the build refused or quarantined, and the councils it is (or may be) about."""

    file: str
    status: str  # refused or quarantined
    reason: str | None
    about: tuple[str, ...]  # council names: the build record's (quarantined) or guessed
    guessed: bool  # True: ``about`` comes from the file's name, not from its facts
    gss: tuple[str, ...] = ()  # the GSS codes of ``about``

    def note(self) -> str:
        """One line for a reader: which file, what happened, why it matters."""
        reason = " ".join((self.reason or "").split())
        if len(reason) > REASON_CHARS:
            reason = reason[: REASON_CHARS - 1] + "…"
        what = f"{self.file} was {self.status}" + (f" ({reason})" if reason else "")
        if not self.about:
            return f"{what}; its council is not known: this answer may be incomplete"
        councils = " or ".join(self.about)
        if self.guessed:
            return (
                f"{what}; its name suggests it is about {councils}: this answer may be incomplete"
            )
        return f"{what}; it is about {councils}: this answer may be incomplete"


@cache
def _council_keys() -> tuple[tuple[tuple[str, ...], AuthorityRecord], ...]:
    """Each council's name and other names as word tuples ("and" dropped)."""
    keys = []
    for record in load_authorities():
        for name in (record.name, *record.aliases):
            words = tuple(w for w in name_key(name).split() if w not in _FILLER)
            if words:
                keys.append((words, record))
    return tuple(keys)


def councils_in_path(path: str) -> tuple[AuthorityRecord, ...]:
    """The councils whose name (as whole words) or Ofsted URN a file path contains.

    A name inside a longer matched name does not count ("lincolnshire" in "north
    lincolnshire"); current councils come before former ones of the same name.
    """
    text = path.replace("_", " ").replace("/", " ").replace("\\", " ")
    words = [w for w in name_key(text).split() if w not in _FILLER]
    spans: list[tuple[int, int, AuthorityRecord]] = []
    for key, record in _council_keys():
        size = len(key)
        for start in range(len(words) - size + 1):
            if tuple(words[start : start + size]) == key:
                spans.append((start, start + size, record))
    for index, word in enumerate(words):
        if word.isdigit():
            spans += [(index, index + 1, r) for r in load_authorities() if r.ofsted_urn == word]
    kept = [
        record
        for s, e, record in sorted(spans, key=lambda span: (span[0], not span[2].current))
        if not any(s2 <= s and e <= e2 and (e2 - s2) > (e - s) for s2, e2, _ in spans)
    ]
    found = list({record.gss: record for record in kept}.values())
    current = {r.name for r in found if r.current}
    return tuple(r for r in found if r.current or r.name not in current)


@cache
def _unread_query() -> str:
    return internal_query("unread-files")


def unread_in_graph(engine) -> list[UnreadFile]:
    """Every file the graph's build record says was refused or quarantined."""
    with warnings.catch_warnings():  # a server's "no rows" warning is about the answer
        warnings.simplefilter("ignore")
        result = engine.select(_unread_query())
    files: dict[str, UnreadFile] = {}
    for file, status, reason, gss, authority in result.rows:
        if file is None or status is None:
            continue
        if authority is not None and gss is not None:
            files[file] = UnreadFile(file, status, reason, (authority,), False, (gss,))
        else:
            councils = councils_in_path(file)
            about, codes = tuple(r.name for r in councils), tuple(r.gss for r in councils)
            files[file] = UnreadFile(file, status, reason, about, True, codes)
    return [files[name] for name in sorted(files)]


def asked_councils(query: StoredQuery, bindings: dict) -> set[str] | None:
    """The GSS codes of the councils a run asks about; None for every council."""
    asked = {
        str(getattr(term, "value", term))
        for param in query.params
        if param.type == "authority"
        for term in _terms(bindings.get(param.name))
    }
    if not asked:
        return None
    if query.unread == "neighbours":
        from ofsted_kg.model.councils import by_gss

        for gss in list(asked):
            asked.update(by_gss(gss).stat_neighbours)
    return asked


def _terms(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def unread_files(engine, query: StoredQuery, bindings: dict) -> list[UnreadFile]:
    """The unread files that may change this run's answer (see the module docstring).

    ``bindings`` are the run's bound parameters
    (:func:`~ofsted_kg.query.params.bind_parameters`). A graph without a build record gives
    none.
    """
    if query.unread == "none":
        return []
    files = unread_in_graph(engine)
    asked = asked_councils(query, bindings)
    if asked is None:
        return files
    return [f for f in files if not f.gss or set(f.gss) & asked]
