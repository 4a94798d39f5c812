"""A build's graph files, Turtle and JSON-LD, reusing the text of every unchanged subject.

Both writers give each subject a block that depends on that subject's N-Triples lines
alone (Turtle: its statements, :func:`~ofsted_kg.rdf.ntriples.turtle_block`; JSON-LD: its
node object in ``@graph``, :class:`~ofsted_kg.rdf.jsonld.NodeWriter`), in the same order
of subjects. So a build keeps an :class:`Index` of where each subject's blocks sit in the
files it wrote, with a digest of the subject's lines, and the next build copies the
bytes of every subject whose lines are unchanged and writes only the others: one
changed report rewrites a few hundred subjects, not the whole graph. The bytes are those
:func:`~ofsted_kg.rdf.ntriples.turtle_from_lines` and
:func:`~ofsted_kg.rdf.jsonld.jsonld_from_lines` give (a test holds them equal).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ofsted_kg.rdf.jsonld import NodeWriter, document_ends, jsonld_from_lines
from ofsted_kg.rdf.ntriples import (
    Compactor,
    statements,
    subject_groups,
    turtle_block,
    turtle_from_lines,
    turtle_header,
)

# Per subject: digest of its lines, Turtle offset and length, JSON-LD offset and length,
# and the prefixes its Turtle block uses.
Entry = tuple[str, int, int, int, int, list[str]]
# A subject's blocks written ahead (:class:`BlockWriter`): the digest of its lines, its
# Turtle block, its JSON-LD node object and the prefixes the Turtle block uses.
Block = tuple[str, bytes, bytes, list[str]]


@dataclass
class Documents:
    """The Turtle and JSON-LD bytes of a graph and the index of their subjects' blocks."""

    turtle: bytes
    jsonld: bytes
    index: dict[str, Entry] = field(default_factory=dict)
    reused: int = 0  # subjects whose blocks were copied from the previous documents
    # What changed since the previous documents: the lines of every subject written anew,
    # and every subject whose lines changed or are gone.
    fresh_lines: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)


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
) -> Documents:
    """Turtle and JSON-LD of the N-Triples ``lines``, each subject's blocks copied from
    ``previous`` (documents written by this code, with their index) when its lines have
    not changed, or else taken from ``ahead`` (:class:`BlockWriter`) when written there
    from the same lines."""
    groups = subject_groups(lines)
    writer = BlockWriter(prefixes, context)
    ahead = ahead or {}
    old = previous.index if previous is not None else {}
    turtle_blocks: list[bytes] = []
    json_blocks: list[bytes] = []
    entries: list[tuple[str, str, list[str]]] = []
    used: set[str] = set()
    reused = 0
    fresh_lines: list[str] = []
    changed = sorted(set(old) - set(groups))
    for subject in sorted(groups):
        group = groups[subject]
        digest = _digest(group)
        known = old.get(subject)
        if previous is not None and known is not None and known[0] == digest:
            _, t_at, t_len, j_at, j_len, block_prefixes = known
            turtle_blocks.append(previous.turtle[t_at : t_at + t_len])
            json_blocks.append(previous.jsonld[j_at : j_at + j_len])
            reused += 1
        else:
            written = ahead.get(subject)
            if written is None or written[0] != digest:
                written = writer.block(subject, group, digest)
            _, turtle, json, block_prefixes = written
            turtle_blocks.append(turtle)
            json_blocks.append(json)
            fresh_lines += group
            if subject in old:
                changed.append(subject)
        used.update(block_prefixes)
        entries.append((subject, digest, block_prefixes))
    if not groups:  # nothing to index: the plain writers' empty documents
        return Documents(turtle_from_lines([], prefixes), jsonld_from_lines([], context))
    head = turtle_header(prefixes, used).encode("utf-8")
    json_head, json_tail = (part.encode("utf-8") for part in document_ends(context))
    index: dict[str, Entry] = {}
    t_at, j_at = len(head), len(json_head)
    for (subject, digest, block_prefixes), t_block, j_block in zip(
        entries, turtle_blocks, json_blocks, strict=True
    ):
        index[subject] = (digest, t_at, len(t_block), j_at, len(j_block), block_prefixes)
        t_at += len(t_block) + 1  # the blank line (Turtle) or ",\n" (JSON) between blocks
        j_at += len(j_block) + 2
    return Documents(
        head + b"\n".join(turtle_blocks),
        json_head + b",\n".join(json_blocks) + json_tail,
        index,
        reused,
        fresh_lines,
        changed,
    )


def previous_lines(previous: Documents, subjects: Iterable[str]) -> list[str]:
    """The N-Triples lines ``previous`` held for these subjects (read back from their
    Turtle blocks; a subject it did not hold has none)."""
    import pyoxigraph as ox

    entries = [previous.index[s] for s in sorted(set(subjects)) if s in previous.index]
    if not entries:
        return []
    header = previous.turtle[: min(entry[1] for entry in previous.index.values())]
    blocks = b"\n".join(previous.turtle[at : at + length] for _, at, length, *_ in entries)
    return [
        f"{quad.subject} {quad.predicate} {quad.object} ."
        for quad in ox.parse(header + blocks, ox.RdfFormat.TURTLE)
    ]


def index_from_json(data: object) -> dict[str, Entry] | None:
    """An index read back from JSON, or None if it does not have an index's shape."""
    if not isinstance(data, dict):
        return None
    index: dict[str, Entry] = {}
    for subject, entry in data.items():
        if not (
            isinstance(entry, list)
            and len(entry) == 6
            and isinstance(entry[0], str)
            and all(isinstance(n, int) and n >= 0 for n in entry[1:5])
            and isinstance(entry[5], list)
            and all(isinstance(prefix, str) for prefix in entry[5])
        ):
            return None
        index[subject] = (entry[0], entry[1], entry[2], entry[3], entry[4], entry[5])
    return index
