"""What every family profile provides, and small helpers shared by the profiles."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from ..cells import CellItem, split_glued_items
from ..checks import info
from ..grid import Column, Grid, GridCell
from ..model import ExtractionResult
from ..structure import Document
from ..thai import fiscal_year_bounds


class Profile:
    """A document family: recognised by content, mapped from grids to the tidy model."""

    name = ""
    doc_type = ""
    description = ""
    anchors: ClassVar[tuple[str, ...]] = ()  # phrases every document of the family contains

    def score(self, document: Document) -> float:
        """0 … 1: the share of anchor phrases found, halved when the family's key table is missing."""
        found = anchor_score(document.source.text, self.anchors)
        return found * (1.0 if self.has_key_table(document) else 0.5)

    def has_key_table(self, document: Document) -> bool:
        """True when the table the family is built around is present."""
        raise NotImplementedError

    def extract(self, document: Document, result: ExtractionResult) -> None:
        """Fill ``result`` from the document; raise ExtractionError when a required anchor is missing."""
        raise NotImplementedError


def anchor_score(text: str, anchors: tuple[str, ...]) -> float:
    """Share of the anchor phrases that occur in the text."""
    return sum(1 for anchor in anchors if anchor in text) / len(anchors)


def find_column(grid: Grid, predicate: Callable[[Column], bool]) -> Column | None:
    return next((column for column in grid.columns if predicate(column)), None)


def cell_items(cell: GridCell) -> list[tuple[CellItem, list[int]]]:
    """The list items of a (possibly glued) cell, each with the lines it comes from."""
    items = []
    for item in split_glued_items(cell.raw_parts):
        lines = [cell.lines[item.part_index]]
        if item.continued_on_part is not None:
            lines.append(cell.lines[item.continued_on_part])
        items.append((item, lines))
    return items


def document_metadata(title: str, doc_type: str, fiscal_year_be: int | None) -> dict[str, object]:
    """Title, type and the fiscal year with its CE period (FY n BE = 1 Oct n-1 … 30 Sep n)."""
    metadata: dict[str, object] = {"title": title, "doc_type": doc_type, "fiscal_year_be": fiscal_year_be}
    if fiscal_year_be:
        start, end = fiscal_year_bounds(fiscal_year_be)
        metadata.update(
            fiscal_year_ce=fiscal_year_be - 543, period_start=start.isoformat(), period_end=end.isoformat()
        )
    return metadata


def explain_ragged_rows(result: ExtractionResult, grid: Grid, rule: str, message: str) -> None:
    """Replace a grid's generic ragged_row warnings by one note when the profile knows the layout."""
    lines = set(grid.ragged_lines)
    kept = [f for f in result.findings if not (f.rule == "ragged_row" and f.source_line in lines)]
    result.tables["findings"] = kept
    result.add("findings", info(rule, message, grid.line_start))
