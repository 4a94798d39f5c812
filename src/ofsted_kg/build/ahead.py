"""Work done on each report as it comes in from the readers, not after the last one.

While the readers go on, the build's own process would mostly wait; after the last report
everything left is in the way of the written files. So each report's part of the graph
files (its subjects' Turtle and JSON-LD blocks, :class:`~ofsted_kg.rdf.documents.BlockWriter`)
is written as its answer arrives, and the files are then put together from the blocks
(:func:`~ofsted_kg.rdf.documents.render_documents` uses a block only if the subject's lines
in the whole graph are those it was written from).
"""

from __future__ import annotations

from ofsted_kg.build.cache import Processed
from ofsted_kg.model.councils import inspection_key
from ofsted_kg.rdf.documents import Block, BlockWriter
from ofsted_kg.rdf.serialise import PREFIX_MAP, jsonld_context


class BlocksAhead:
    """The graph files' blocks of each report read, written as it comes in. One report of
    each inspection: the others are duplicates, whose blocks would not be used."""

    def __init__(self) -> None:
        self.writer = BlockWriter(PREFIX_MAP, jsonld_context())
        self.blocks: dict[str, Block] = {}
        self.inspections: set[tuple[str, str]] = set()

    def add(self, processed: Processed) -> None:
        """Write the blocks of a file just read (nothing for a refused or skipped one)."""
        report = processed.report
        if report is None or not processed.lines:
            return
        key = inspection_key(report, processed.name)
        if key not in self.inspections:
            self.inspections.add(key)
            self.blocks.update(self.writer.blocks(processed.lines))
