"""A build's graph files, Turtle and JSON-LD, reusing the text of every unchanged subject.

Both writers give each subject a block that depends on that subject's N-Triples lines
alone (Turtle: its statements, :func:`~ofsted_kg.rdf.ntriples.turtle_block`; JSON-LD: its
node object in ``@graph``, :class:`~ofsted_kg.rdf.jsonld.NodeWriter`), in the same order
of subjects. So a build keeps an :class:`Index` of where each subject's blocks sit in the
files it wrote, with a digest of the subject's lines, and the next build copies the
bytes of every subject whose lines are unchanged and writes only the others: one
changed report rewrites a few hundred subjects, not the whole graph. Unchanged subjects
next to each other are copied as one slice. The bytes are those
:func:`~ofsted_kg.rdf.ntriples.turtle_from_lines` and
:func:`~ofsted_kg.rdf.jsonld.jsonld_from_lines` give (a test holds them equal).
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ofsted_kg.rdf.jsonld import NodeWriter, document_ends, jsonld_from_lines
from ofsted_kg.rdf.ntriples import (
    Compactor,
    statements,
    subject_groups,
    subject_key,
    subject_run,
    turtle_block,
    turtle_from_lines,
    turtle_header,
)

# A subject's blocks written ahead (:class:`BlockWriter`): the digest of its lines, its
# Turtle block, its JSON-LD node object and the prefixes the Turtle block uses.
Block = tuple[str, bytes, bytes, list[str]]
_COLUMNS = ("subjects", "digests", "turtle_lengths", "jsonld_lengths", "prefixes")


@dataclass
class Index:
    """Where each subject's blocks sit in a graph's documents, in columns (one entry per
    subject, in the files' order): the subject's sort key, the digest of its lines, the
    lengths of its Turtle and JSON-LD blocks and the prefixes its Turtle block uses
    (space-separated). The blocks follow the documents' heads (``turtle_start`` and
    ``jsonld_start`` bytes), a blank line between Turtle blocks, ``,\\n`` between
    JSON-LD ones."""

    turtle_start: int = 0
    jsonld_start: int = 0
    subjects: list[str] = field(default_factory=list)
    digests: list[str] = field(default_factory=list)
    turtle_lengths: list[int] = field(default_factory=list)
    jsonld_lengths: list[int] = field(default_factory=list)
    prefixes: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.subjects)

    @cached_property
    def position(self) -> dict[str, int]:
        """Each subject's place in the columns."""
        return dict(zip(self.subjects, range(len(self.subjects)), strict=True))

    @cached_property
    def turtle_offsets(self) -> list[int]:
        """Where each subject's Turtle block starts (and, last, where the blocks end + 1)."""
        return _offsets(self.turtle_start, self.turtle_lengths, 1)

    @cached_property
    def jsonld_offsets(self) -> list[int]:
        return _offsets(self.jsonld_start, self.jsonld_lengths, 2)

    def to_json(self) -> dict[str, Any]:
        return {
            "turtle_start": self.turtle_start,
            "jsonld_start": self.jsonld_start,
            **{name: getattr(self, name) for name in _COLUMNS},
        }

    @classmethod
    def from_json(cls, data: object) -> Index | None:
        """An index read back from JSON, or None if it does not have an index's shape."""
        if not isinstance(data, dict):
            return None
        turtle_start, jsonld_start = data.get("turtle_start"), data.get("jsonld_start")
        if not isinstance(turtle_start, int) or not isinstance(jsonld_start, int):
            return None
        columns = [data.get(name) for name in _COLUMNS]
        lists = [column for column in columns if isinstance(column, list)]
        if len(lists) != len(columns) or len({len(column) for column in lists}) != 1:
            return None
        subjects, digests, turtle_lengths, jsonld_lengths, prefixes = lists
        lengths = list(itertools.chain(turtle_lengths, jsonld_lengths))
        # Each value's type by map(type), not a test per value: 0.06 -> 0.01 s at 450 reports.
        if not (
            _count(turtle_start)
            and _count(jsonld_start)
            and set(map(type, itertools.chain(subjects, digests, prefixes))) <= {str}
            and set(map(type, lengths)) <= {int}
            and min(lengths, default=0) >= 0
        ):
            return None
        return cls(
            turtle_start, jsonld_start, subjects, digests, turtle_lengths, jsonld_lengths, prefixes
        )


def _count(value: object) -> bool:
    return type(value) is int and value >= 0


def _offsets(start: int, lengths: list[int], gap: int) -> list[int]:
    return list(itertools.accumulate((n + gap for n in lengths), initial=start))


@dataclass
class Documents:
    """The Turtle and JSON-LD bytes of a graph and the index of their subjects' blocks."""

    turtle: bytes
    jsonld: bytes
    index: Index = field(default_factory=Index)
    reused: int = 0  # subjects whose blocks were copied from the previous documents
    # What changed since the previous documents: the lines of every subject written anew,
    # and every subject whose lines changed or are gone.
    fresh_lines: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    # The sorted N-Triples lines the documents were rendered from, when known.
    lines: list[str] | None = None


def _digest(lines: list[str]) -> str:
    return hashlib.blake2b("\n".join(lines).encode("utf-8"), digest_size=16).hexdigest()


class BlockWriter:
    """Writes subjects' blocks as :func:`render_documents` does, to write them ahead: a
    build writes each report's as it comes in, while the other reports are being read."""

    def __init__(self, prefixes: Mapping[str, str], context: Mapping[str, Any]) -> None:
        self.compact, self.writer = Compactor(prefixes), NodeWriter(context)

    def block(self, subject: str, group: list[str], digest: str | None = None) -> Block:
        """The blocks of ``subject`` whose lines are ``group``."""
        self.compact.used = set()
        pairs = statements(group)
        return (
            digest or _digest(group),
            turtle_block(subject, pairs, self.compact).encode("utf-8"),
            self.writer.text(subject, pairs).encode("utf-8"),
            sorted(self.compact.used),
        )

    def blocks(self, lines: Iterable[str]) -> dict[str, Block]:
        """The blocks of every subject of ``lines`` (its lines all among them)."""
        return {
            subject: self.block(subject, group) for subject, group in subject_groups(lines).items()
        }


def render_documents(
    lines: Iterable[str],
    prefixes: Mapping[str, str],
    context: Mapping[str, Any],
    previous: Documents | None = None,
    ahead: Mapping[str, Block] | None = None,
    touched: set[str] | None = None,
) -> Documents:
    """Turtle and JSON-LD of the sorted N-Triples ``lines``, each subject's blocks copied
    from ``previous`` (documents written by this code, with their index) when its lines
    have not changed, or else taken from ``ahead`` (:class:`BlockWriter`) when written
    there from the same lines. When ``previous`` kept the lines it was rendered from, the
    subjects that changed (``touched``, if the caller knows them) are found by comparing
    the two sets of lines, and only theirs are grouped and digested (a tenth of the time,
    for one report changed among 450)."""
    lines = lines if isinstance(lines, list) else list(lines)
    if previous is not None and previous.lines is not None:
        return _render_changes(lines, prefixes, context, previous, ahead or {}, touched)
    groups = subject_groups(lines)
    parts = _Parts(BlockWriter(prefixes, context), ahead or {}, previous)
    old = previous.index.position if previous is not None else {}
    parts.changed = sorted(set(old) - set(groups))
    digests = previous.index.digests if previous is not None else []
    for subject in sorted(groups):
        group = groups[subject]
        digest = _digest(group)
        at = old.get(subject)
        if at is not None and digests[at] == digest:
            parts.reuse(at, at + 1)
        else:
            parts.write(subject, group, digest, at is not None)
    return parts.documents(prefixes, context, lines)


def _render_changes(
    lines: list[str],
    prefixes: Mapping[str, str],
    context: Mapping[str, Any],
    previous: Documents,
    ahead: Mapping[str, Block],
    touched: set[str] | None,
) -> Documents:
    """:func:`render_documents` given the lines ``previous`` was rendered from: the
    subjects of the lines added or gone (``touched``) are written anew, the runs of
    subjects between them copied."""
    if touched is None:
        before = previous.lines or []
        old_set, new_set = set(before), set(lines)
        touched = {subject_key(line) for line in lines if line not in old_set}
        touched.update(subject_key(line) for line in before if line not in new_set)
    old = previous.index
    parts = _Parts(BlockWriter(prefixes, context), ahead, previous)
    done = 0  # the old subjects before this one are placed
    for subject in sorted(touched):
        at = bisect.bisect_left(old.subjects, subject, done)
        parts.reuse(done, at)
        known = at < len(old) and old.subjects[at] == subject
        done = at + 1 if known else at
        group = subject_run(lines, subject)
        if group:
            parts.write(subject, group, _digest(group), known)
        elif known:
            parts.changed.append(subject)  # gone
    parts.reuse(done, len(old))
    return parts.documents(prefixes, context, lines)


@dataclass
class _Parts:
    """The blocks of a graph's documents as they are chosen: runs of the previous
    documents' subjects, copied as one slice each, and subjects written anew."""

    writer: BlockWriter
    ahead: Mapping[str, Block]
    previous: Documents | None
    turtle: list[bytes] = field(default_factory=list)
    json: list[bytes] = field(default_factory=list)
    index: Index = field(default_factory=Index)
    reused: int = 0
    fresh_lines: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    _run: list[int] = field(default_factory=list)  # [start, stop) of the run being copied

    def reuse(self, start: int, stop: int) -> None:
        """Copy the previous documents' subjects ``start`` to ``stop`` (their places)."""
        if start >= stop:
            return
        if self._run and self._run[1] == start:
            self._run[1] = stop
            return
        self._flush()
        self._run = [start, stop]

    def _flush(self) -> None:
        if not self._run or self.previous is None:
            return
        (start, stop), old = self._run, self.previous.index
        self._run = []
        turtle_at, jsonld_at = old.turtle_offsets, old.jsonld_offsets
        # The run's blocks with their separators: the next one's start less the gap.
        self.turtle.append(self.previous.turtle[turtle_at[start] : turtle_at[stop] - 1])
        self.json.append(self.previous.jsonld[jsonld_at[start] : jsonld_at[stop] - 2])
        for name in _COLUMNS:
            getattr(self.index, name).extend(getattr(old, name)[start:stop])
        self.reused += stop - start

    def write(self, subject: str, group: list[str], digest: str, was_there: bool) -> None:
        """Write the subject's blocks anew (or take those written ahead of the same lines)."""
        self._flush()
        written = self.ahead.get(subject)
        if written is None or written[0] != digest:
            written = self.writer.block(subject, group, digest)
        _, turtle, json, block_prefixes = written
        self.turtle.append(turtle)
        self.json.append(json)
        index = self.index
        index.subjects.append(subject)
        index.digests.append(digest)
        index.turtle_lengths.append(len(turtle))
        index.jsonld_lengths.append(len(json))
        index.prefixes.append(" ".join(block_prefixes))
        self.fresh_lines += group
        if was_there:
            self.changed.append(subject)

    def documents(
        self, prefixes: Mapping[str, str], context: Mapping[str, Any], lines: list[str]
    ) -> Documents:
        self._flush()
        index = self.index
        if not index.subjects:  # nothing to index: the plain writers' empty documents
            return Documents(turtle_from_lines([], prefixes), jsonld_from_lines([], context))
        used = {name for names in set(index.prefixes) for name in names.split()}
        head = turtle_header(prefixes, used).encode("utf-8")
        json_head, json_tail = (part.encode("utf-8") for part in document_ends(context))
        index.turtle_start, index.jsonld_start = len(head), len(json_head)
        return Documents(
            head + b"\n".join(self.turtle),
            json_head + b",\n".join(self.json) + json_tail,
            index,
            self.reused,
            self.fresh_lines,
            self.changed,
            lines,
        )


def previous_lines(previous: Documents, subjects: Iterable[str]) -> list[str]:
    """The N-Triples lines ``previous`` held for these subjects (read back from their
    Turtle blocks; a subject it did not hold has none)."""
    import pyoxigraph as ox

    index = previous.index
    places = sorted({index.position[s] for s in subjects if s in index.position})
    if not places:
        return []
    at = index.turtle_offsets
    header = previous.turtle[: index.turtle_start]
    blocks = b"\n".join(previous.turtle[at[i] : at[i] + index.turtle_lengths[i]] for i in places)
    return [
        f"{quad.subject} {quad.predicate} {quad.object} ."
        for quad in ox.parse(header + blocks, ox.RdfFormat.TURTLE)
    ]
