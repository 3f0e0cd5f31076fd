"""Stage 1b: table blocks as cell grids.

* multi-row headers merged across spans into (group, sub-header) column keys (H1);
* a header repeated after a page break dropped, the two chunks joined into one logical table (H4);
* a continuation row right after such a repeated header (empty first cell) glued onto the row before
  it, with a confidence flag (high: mid-sentence; medium: a new numbered item; low: otherwise);
* markdown rule rows and echoed rows of nested HTML tables skipped (H6, H8);
* rows wider than the header reported as ragged, never truncated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import Block, Row
from .cells import collapse_whitespace, plain_text, starts_with_marker

_MAX_SUB_HEADER_CELL = 80
_MAX_SHIFTED_LABEL = 20
_VALUE_LIKE_RE = re.compile(r"^[-–.0-9๐-๙,\s%]+$")


@dataclass
class GridCell:
    """One logical cell: one raw part per physical line it was glued from."""

    raw_parts: list[str]
    lines: list[int]

    @property
    def raw(self) -> str:
        return " ".join(part for part in self.raw_parts if part.strip())

    @property
    def text(self) -> str:
        return collapse_whitespace(" ".join(plain_text(part) for part in self.raw_parts))

    @property
    def line(self) -> int:
        return self.lines[0]

    @property
    def is_empty(self) -> bool:
        return not any(part.strip() for part in self.raw_parts)


@dataclass
class GridRow:
    cells: list[GridCell]
    lines: list[int]
    glue_confidence: str = ""  # set on rows that absorbed a continuation row

    @property
    def line(self) -> int:
        return self.lines[0]

    def text(self, column: int) -> str:
        return self.cells[column].text if column < len(self.cells) else ""

    def texts(self) -> list[str]:
        return [cell.text for cell in self.cells]

    def non_empty(self) -> list[tuple[int, str]]:
        return [(index, cell.text) for index, cell in enumerate(self.cells) if cell.text]


@dataclass(frozen=True)
class Column:
    index: int
    group: str
    sub: str

    @property
    def label(self) -> str:
        return " / ".join(part for part in (self.group, self.sub) if part)


@dataclass(frozen=True)
class Glue:
    line: int  # the continuation line
    onto_line: int  # the row it was glued onto
    confidence: str


@dataclass
class Grid:
    """A logical table: header rows, column keys and data rows, with provenance."""

    index: int
    line_start: int
    line_end: int
    header: list[GridRow]
    columns: list[Column]
    rows: list[GridRow]
    source_format: str = "tsv"
    dropped_header_lines: list[int] = field(default_factory=list)
    skipped_lines: list[int] = field(default_factory=list)  # rule rows and nested-table echoes
    glues: list[Glue] = field(default_factory=list)
    ragged_lines: list[int] = field(default_factory=list)
    nested_tables: list[tuple[int, list[list[str]]]] = field(default_factory=list)

    @property
    def width(self) -> int:
        return len(self.columns)

    def header_texts(self) -> list[str]:
        return self.header[0].texts() if self.header else []

    def column_labels(self) -> list[str]:
        return [column.label for column in self.columns]


def _trimmed_length(cells: list[str]) -> int:
    length = len(cells)
    while length and not cells[length - 1].strip():
        length -= 1
    return length


def _plain_cells(row: Row) -> list[str]:
    return [plain_text(cell) for cell in row.cells]


def _is_sub_header(first: list[str], second: list[str]) -> bool:
    """A second header row: empty first cell, short cells, at least one sitting under a spanned cell."""
    if not second or second[0] or not any(second):
        return False
    if any(len(text) > _MAX_SUB_HEADER_CELL for text in second):
        return False
    for index, text in enumerate(second):
        spanned = index >= len(first) or not first[index]
        if text and spanned and any(first[:index]):
            return True
    # A header whose span was shifted by one column (000:25-26): only short labels, no values.
    labels = [text for text in second if text]
    return len(labels) >= 2 and all(
        len(text) <= _MAX_SHIFTED_LABEL and not _VALUE_LIKE_RE.match(text) for text in labels
    )


def _merge_header(first: list[str], second: list[str] | None, width: int) -> list[Column]:
    """(group, sub) per column; a group cell spans to the right over empty cells that have a sub-header."""
    columns = []
    group = ""
    for index in range(width):
        own = first[index] if index < len(first) else ""
        sub = second[index] if second and index < len(second) else ""
        if own:
            group = own
        elif not sub:
            group = ""
        columns.append(Column(index, group if (own or sub) else "", sub))
    return columns


def header_row_count(rows: list[Row]) -> int:
    """1 or 2 header rows (rule rows between them are skipped by the caller)."""
    content = [row for row in rows if not row.is_rule]
    if len(content) >= 2 and _is_sub_header(_plain_cells(content[0]), _plain_cells(content[1])):
        return 2
    return 1 if content else 0


def _header_signature(rows: list[Row], count: int) -> tuple[tuple[str, ...], ...]:
    content = [row for row in rows if not row.is_rule][:count]
    return tuple(tuple(_plain_cells(row)[: _trimmed_length(_plain_cells(row))]) for row in content)


def _grid_row(row: Row, width: int) -> GridRow:
    cells = [GridCell([raw], [row.line]) for raw in row.cells]
    cells.extend(GridCell([""], [row.line]) for _ in range(width - len(cells)))
    return GridRow(cells, [row.line])


def glue_confidence(continuation: GridRow) -> str:
    """How sure a continuation row belongs to the row before: high when every piece continues
    mid-sentence, medium when a piece starts a new numbered item, low when the first cell is not empty."""
    if not continuation.cells[0].is_empty:
        return "low"
    pieces = [cell.raw for cell in continuation.cells if not cell.is_empty]
    return "medium" if any(starts_with_marker(piece) for piece in pieces) else "high"


def glue_rows(target: GridRow, continuation: GridRow, confidence: str) -> None:
    """Append the continuation's non-empty cells to the target's cells, keeping one part per line."""
    for index, cell in enumerate(continuation.cells):
        if cell.is_empty:
            continue
        while index >= len(target.cells):
            target.cells.append(GridCell([""], [target.line]))
        target.cells[index].raw_parts.extend(cell.raw_parts)
        target.cells[index].lines.extend(cell.lines)
    target.lines.extend(continuation.lines)
    target.glue_confidence = confidence


class _GridBuilder:
    def __init__(self, block: Block, index: int) -> None:
        content = [row for row in block.rows if not row.is_rule]
        count = header_row_count(block.rows)
        header_rows = content[:count]
        self.signature = _header_signature(block.rows, count)
        plain = [_plain_cells(row) for row in header_rows]
        width = max([_trimmed_length(cells) for cells in plain] + [1])
        self.grid = Grid(
            index=index,
            line_start=block.line_start,
            line_end=block.line_end,
            header=[_grid_row(row, width) for row in header_rows],
            columns=_merge_header(plain[0] if plain else [], plain[1] if len(plain) > 1 else None, width),
            rows=[],
            source_format=block.source_format,
        )
        self._add_rows(block, content[count:], after_page_break=False)

    def accepts_continuation(self, block: Block) -> bool:
        """A block repeating this grid's header after blank lines only is a page-break chunk."""
        count = len(self.signature)
        return (
            count > 0
            and block.blank_lines_before > 0
            and _header_signature(block.rows, count) == self.signature
        )

    def add_page_break_chunk(self, block: Block) -> None:
        content = [row for row in block.rows if not row.is_rule]
        count = len(self.signature)
        self.grid.dropped_header_lines.extend(row.line for row in content[:count])
        self.grid.line_end = block.line_end
        self._add_rows(block, content[count:], after_page_break=True)

    def _add_rows(self, block: Block, rows: list[Row], *, after_page_break: bool) -> None:
        self.grid.skipped_lines.extend(row.line for row in block.rows if row.is_rule)
        for (row_index, _column), nested in block.nested_tables.items():
            self.grid.nested_tables.append((block.rows[row_index].line, nested))
        for position, row in enumerate(rows):
            if row.echo_of_line is not None:
                self.grid.skipped_lines.append(row.line)
                continue
            grid_row = _grid_row(row, self.grid.width)
            if _trimmed_length(row.cells) > self.grid.width:
                self.grid.ragged_lines.append(row.line)
            if after_page_break and position == 0 and self.grid.rows and grid_row.cells[0].is_empty:
                confidence = glue_confidence(grid_row)
                previous = self.grid.rows[-1]
                self.grid.glues.append(Glue(row.line, previous.line, confidence))
                glue_rows(previous, grid_row, confidence)
                continue
            self.grid.rows.append(grid_row)


def build_grids(blocks: list[Block]) -> list[Grid]:
    """One grid per logical table; page-break chunks with a repeated header are merged."""
    grids: list[Grid] = []
    builder: _GridBuilder | None = None
    for block in blocks:
        if not block.is_table:
            builder = None
            continue
        if builder is not None and builder.accepts_continuation(block):
            builder.add_page_break_chunk(block)
            continue
        builder = _GridBuilder(block, len(grids))
        grids.append(builder.grid)
    return grids
