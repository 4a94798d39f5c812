"""A rebuild's graph lines made from the last build's, when few reports changed.

A graph's lines are the union of its *sources*: each kept report's lines, the common lines
(the reference data, the inspectors' names, the build record) and the vocabulary. Each
build keeps, beside its files, which reports it kept (name and hash), its common lines and
how many sources hold each line that more than one holds (``graphs/.cache/sources.json``,
:class:`Sources`). A rebuild in which a few reports changed then reads the old lines of
those reports (their cache entries) and their new ones, and the common lines old and new,
counts which lines come and which go, and edits the last build's lines: no unchanged
report's lines are read, merged or compared (at 450 reports, 0.7 s of 2.7 s).

The counts make the edit exact: a line goes only when no source holds it any more (an
inspector named in two reports stays while either names them). When the kept state does
not add up, or too many reports changed for an edit to pay, :func:`update` answers None
and the build merges every report's lines as on a first build; a test holds the two to
the same bytes. The edited lines are logged beside the last base file of lines
(:class:`LineLog`) rather than 68 MB written again, and the query store is copied from the
last one with the changed subjects' lines replaced, then validated on the nodes the edit
can affect (:meth:`Update.scope`).
"""

from __future__ import annotations

import bisect
import itertools
import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ofsted_kg.rdf.ntriples import subject_key, subject_run
from ofsted_kg.rdf.vocabulary import vocabulary_lines
from ofsted_kg.validate.scope import change_scope

SOURCES = "sources.json"  # under graphs/.cache/: the last graph's sources
LINES_LOG = "documents-edits.json"  # the lines edited since documents.nt was written
_FORMAT = 1
# An edit pays while the reports changed (old and new versions counted apart) are at most
# this share of those kept, or a few: beyond, merging every report's lines is as quick.
EDIT_AT_MOST = 0.1
EDIT_ALWAYS_UP_TO = 4
# The log of lines edited since the base file was written is kept up to this many lines,
# or a twentieth of the graph's (17,500 lines, some 3 MB, at 450 reports).
LOG_UP_TO = 10_000


@dataclass
class Sources:
    """What a graph's lines came from: the kept ``reports`` (file name to SHA-256), the
    ``common`` lines (sorted) and, for each line more than one source holds (the vocabulary
    counted as one), how many hold it."""

    reports: dict[str, str]
    common: list[str]
    shared: dict[str, int]

    def to_bytes(self) -> bytes:
        return _dumped(
            reports=sorted(self.reports.items()),
            common=self.common,
            shared=sorted(self.shared.items()),
        )

    @classmethod
    def from_bytes(cls, data: bytes) -> Sources | None:
        """The sources written by :meth:`to_bytes`, or None for anything else."""
        try:
            stored = _loaded(data)
            reports = {str(name): str(sha) for name, sha in stored["reports"]}
            common = [str(line) for line in stored["common"]]
            shared = {str(line): int(count) for line, count in stored["shared"]}
        except (ValueError, KeyError, TypeError):
            return None
        if common != sorted(common) or any(count < 2 for count in shared.values()):
            return None
        return cls(reports, common, shared)


def merge(common: list[str], runs: Iterable[list[str]]) -> tuple[list[str], dict[str, int]]:
    """The sorted unique lines of the ``common`` lines and the reports' ``runs`` (each
    sorted and unique), and how many sources hold each line held by more than one (the
    vocabulary, written beside them, counted as one more)."""
    # Sorting the sorted runs end to end merges them (Python's sort finds the runs):
    # three times faster than heapq.merge's line-by-line comparisons.
    merged = sorted(itertools.chain(common, *runs))
    unique = [line for at, line in enumerate(merged) if not at or merged[at - 1] != line]
    shared: dict[str, int] = {}
    if len(unique) < len(merged):
        for line in [line for at, line in enumerate(merged) if at and merged[at - 1] == line]:
            shared[line] = shared.get(line, 1) + 1
    for line in vocabulary_lines():
        if _holds(unique, line):
            shared[line] = shared.get(line, 1) + 1
    return unique, shared


@dataclass
class Update:
    """A graph's lines made by editing the last build's: the ``data`` lines, those
    ``written`` (with the vocabulary), the lines ``removed`` and ``added``, and the new
    :class:`Sources`."""

    data: list[str]
    written: list[str]
    removed: list[str]
    added: list[str]
    sources: Sources

    def subjects(self) -> set[str]:
        """The subjects (:func:`subject_key`) whose lines changed."""
        return {subject_key(line) for line in itertools.chain(self.removed, self.added)}

    def scope(self, last_written: list[str], base: str) -> tuple[set[str], set[str]] | None:
        """The changed subjects and the IRIs their lines name, last or now, as
        :func:`~ofsted_kg.validate.scope.change_scope` says it (None: check in full)."""
        subjects = self.subjects()
        lines = [
            line
            for subject in subjects
            for run in (subject_run(last_written, subject), subject_run(self.written, subject))
            for line in run
        ]
        return change_scope(subjects, lines, base)


def few_changed(before: dict[str, str], now: dict[str, str]) -> bool:
    """Whether few enough files changed between two maps of names to hashes for an edit
    of the last lines to pay (a file changed counts twice: its old and new versions)."""
    changed = sum(before.get(name) != sha for name, sha in now.items())
    changed += sum(now.get(name) != sha for name, sha in before.items())
    return changed <= max(EDIT_ALWAYS_UP_TO, EDIT_AT_MOST * len(now))


def update(
    last: Sources,
    last_written: list[str],
    kept: dict[str, str],
    common: list[str],
    lines_of: Callable[[str, str], list[str] | None],
) -> Update | None:
    """The lines of the graph whose sources are the ``kept`` reports (name to SHA-256) and
    the ``common`` lines, made from the ``last`` sources and the lines they gave
    (``last_written``, with the vocabulary); ``lines_of(name, sha)`` gives a report's lines
    (None if they cannot be had). None when an edit does not pay or cannot be made."""
    if not few_changed(last.reports, kept):
        return None
    change: Counter[str] = Counter()
    for name, sha in last.reports.items():
        if kept.get(name) != sha:
            lines = lines_of(name, sha)
            if lines is None:
                return None
            change.subtract(lines)
    for name, sha in kept.items():
        if last.reports.get(name) != sha:
            lines = lines_of(name, sha)
            if lines is None:
                return None
            change.update(lines)
    old_common, new_common = set(last.common), set(common)
    change.update(new_common - old_common)
    change.subtract(old_common - new_common)
    shared = dict(last.shared)
    removed, added = [], []
    for line, delta in change.items():
        if not delta:
            continue
        before = shared.get(line) or (1 if _holds(last_written, line) else 0)
        after = before + delta
        if after < 0:
            return None  # the last sources do not add up to the last lines
        if before and not after:
            removed.append(line)
        elif after and not before:
            added.append(line)
        if after >= 2:
            shared[line] = after
        else:
            shared.pop(line, None)
    removed.sort()
    added.sort()
    written = edited(last_written, removed, added)
    only_vocabulary = [line for line in vocabulary_lines() if line not in shared]
    data = edited(written, only_vocabulary, [])
    return Update(data, written, removed, added, Sources(dict(kept), common, shared))


def edited(lines: list[str], removed: Sequence[str], added: Sequence[str]) -> list[str]:
    """Sorted ``lines`` without the ``removed`` ones (each among them) and with the
    ``added`` ones (none among them), still sorted: copied in slices between the edits."""
    edits = [(bisect.bisect_left(lines, line), 1, line) for line in removed]
    edits += [(bisect.bisect_left(lines, line), 0, line) for line in added]
    edits.sort()
    result: list[str] = []
    done = 0
    for at, remove, line in edits:
        result += lines[done:at]
        if remove:
            done = at + 1
        else:
            result.append(line)
            done = at
    result += lines[done:]
    return result


def _holds(lines: list[str], line: str) -> bool:
    at = bisect.bisect_left(lines, line)
    return at < len(lines) and lines[at] == line


@dataclass
class LineLog:
    """The lines removed from and added to the base file of a graph's lines
    (``documents.nt``) since it was written (``documents-edits.json``): a rebuild that
    edits a few lines writes them here, not the 68 MB file again, until they are many."""

    removed: list[str]  # sorted, each in the base
    added: list[str]  # sorted, none in the base

    def then(self, removed: Iterable[str], added: Iterable[str]) -> LineLog:
        """The log after the lines ``removed`` and ``added`` by one more edit."""
        removed, added = set(removed), set(added)
        was_removed, was_added = set(self.removed), set(self.added)
        return LineLog(
            sorted((was_removed - added) | (removed - was_added)),
            sorted((was_added - removed) | (added - was_removed)),
        )

    def applied(self, base: list[str]) -> list[str]:
        """The sorted lines of the ``base`` with the log's edits."""
        return edited(base, self.removed, self.added) if self.removed or self.added else base

    def is_long(self, lines: int) -> bool:
        """Whether the log has grown long enough, for a graph of ``lines``, that the base
        should be written anew (reading it would cost more than the writes it saves)."""
        return len(self.removed) + len(self.added) > max(LOG_UP_TO, lines // 20)

    def to_bytes(self) -> bytes:
        return _dumped(removed=self.removed, added=self.added)

    @classmethod
    def from_bytes(cls, data: bytes) -> LineLog | None:
        """The log written by :meth:`to_bytes`, or None for anything else."""
        try:
            stored = _loaded(data)
            removed = [str(line) for line in stored["removed"]]
            added = [str(line) for line in stored["added"]]
        except (ValueError, KeyError, TypeError):
            return None
        if removed != sorted(removed) or added != sorted(added):
            return None
        return cls(removed, added)


def _dumped(**fields: object) -> bytes:
    """Compact JSON of ``fields`` with this module's format number."""
    stored = {"format": _FORMAT, **fields}
    return json.dumps(stored, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _loaded(data: bytes) -> dict:
    """JSON written by :func:`_dumped` (KeyError for another format; ValueError, TypeError
    for what is not such JSON)."""
    stored = json.loads(data)
    if stored["format"] != _FORMAT:
        raise KeyError("format")
    return stored
