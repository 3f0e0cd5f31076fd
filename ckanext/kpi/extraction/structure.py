"""Stage 1 as one object: the source, its blocks and its grids, plus a lossless JSON form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .blocks import Block, split_blocks
from .cells import has_html, parse_cell
from .grid import Grid, GridCell, GridRow, build_grids
from .reading import SourceText
from .thai import digit_system


@dataclass
class Document:
    source: SourceText
    blocks: list[Block]
    grids: list[Grid]

    def text_blocks(self) -> list[Block]:
        return [block for block in self.blocks if not block.is_table]

    def grid_of_block(self, block: Block) -> Grid | None:
        """The grid a table block belongs to (page-break chunks share their first chunk's grid)."""
        return next(
            (grid for grid in self.grids if grid.line_start <= block.line_start <= grid.line_end), None
        )

    def digit_system(self) -> str:
        return digit_system(self.source.text)


def parse_document(source: SourceText) -> Document:
    blocks = split_blocks(source)
    return Document(source, blocks, build_grids(blocks))


def _cell_json(cell: GridCell) -> dict[str, Any]:
    """Text, raw parts and lines; for HTML cells also the parsed segments (paragraphs, list items, bold)."""
    data: dict[str, Any] = {"text": cell.text, "raw": cell.raw_parts, "lines": cell.lines}
    if any(has_html(part) for part in cell.raw_parts):
        data["segments"] = [
            {"kind": s.kind, "text": s.text, "bold": s.bold_only, "depth": s.depth, "line": line}
            for part, line in zip(cell.raw_parts, cell.lines, strict=True)
            for s in parse_cell(part).segments
        ]
    return data


def _row_json(row: GridRow) -> dict[str, Any]:
    return {
        "lines": row.lines,
        "cells": [_cell_json(cell) for cell in row.cells],
        **({"glue_confidence": row.glue_confidence} if row.glue_confidence else {}),
    }


def _grid_json(grid: Grid) -> dict[str, Any]:
    return {
        "index": grid.index,
        "line_start": grid.line_start,
        "line_end": grid.line_end,
        "source_format": grid.source_format,
        "columns": [{"index": c.index, "group": c.group, "sub": c.sub} for c in grid.columns],
        "header": [_row_json(row) for row in grid.header],
        "rows": [_row_json(row) for row in grid.rows],
        "dropped_header_lines": grid.dropped_header_lines,
        "skipped_lines": grid.skipped_lines,
        "glues": [{"line": g.line, "onto_line": g.onto_line, "confidence": g.confidence} for g in grid.glues],
        "ragged_lines": grid.ragged_lines,
        "nested_tables": [{"host_line": line, "rows": rows} for line, rows in grid.nested_tables],
    }


def structure_json(document: Document) -> dict[str, Any]:
    """Every block with its lines and raw text, and every grid: nothing of the source is lost."""
    blocks = [
        {
            "kind": block.kind,
            "line_start": block.line_start,
            "line_end": block.line_end,
            **({"text": block.text, "raw": block.raw} if not block.is_table else {}),
            **({"heading_level": block.heading_level} if block.kind == "heading" else {}),
            **(
                {"grid_index": grid.index}
                if block.is_table and (grid := document.grid_of_block(block))
                else {}
            ),
        }
        for block in document.blocks
    ]
    return {"blocks": blocks, "grids": [_grid_json(grid) for grid in document.grids]}
