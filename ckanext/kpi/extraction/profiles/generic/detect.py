"""Finding tables beyond the TAB and pipe rows of stage 1.

Each detector turns what it finds into the stage-1 :class:`Grid` (through the same :func:`build_grids`
where the rows are physical lines), so the header reading downstream is one code path for every layout:

* ``html``: ``<table>`` elements in the text (web pages saved as text, HTML exports); a cell spanning
  columns is written once and the positions it covers stay empty, as the reader contract says;
* ``space_aligned``: runs of lines whose cells are separated by two or more spaces (``pdftotext -layout``,
  text copied from a fixed-width report);
* ``cell_per_line``: a web table copied from a browser, one cell per line: a run of header labels
  (ตัวชี้วัด, เป้าหมาย, ผลงาน …) followed by rows of as many lines;
* ``key_value``: a two-column table whose first column holds the labels (a KPI card: ชื่อตัวชี้วัด | …,
  ค่าเป้าหมาย | 80) read as a one-row table.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser

from ...blocks import Block, Row
from ...grid import Column, Grid, GridCell, GridRow, build_grids
from ...structure import Document
from ...thai import thai_to_arabic_digits
from .vocabulary import classify_column, is_header_label

_SPACE_SPLIT_RE = re.compile(r"\s{2,}")
_VALUE_LIKE_RE = re.compile(r"[0-9]")
_STATUS_LIKE_RE = re.compile(r"^(?:[-–—.]+|อยู่ระหว่าง.*|ยังไม่.*|ไม่มี.*|N/?A)$", re.IGNORECASE)
_MAX_VALUE_CELL = 40
_MAX_VALUE_LETTERS = 16
_LETTERS_RE = re.compile(r"[A-Za-z\u0e01-\u0e4e]")


@dataclass
class Candidate:
    """A table the generic reader may read, with the layout it was found in."""

    grid: Grid
    kind: str  # tsv, pipe, html, space_aligned, cell_per_line, key_value


def _table_lines(document: Document) -> set[int]:
    lines: set[int] = set()
    for block in document.blocks:
        if block.is_table:
            lines.update(range(block.line_start, block.line_end + 1))
    return lines


# --- HTML ---------------------------------------------------------------------------------------------


class _HtmlTableParser(HTMLParser):
    """Rows of (cell text, line) per top-level <table>; nested tables are read as text of their cell."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[tuple[str, int, int]]]] = []
        self._depth = 0
        self._row: list[tuple[str, int, int]] | None = None
        self._cell: list[str] | None = None
        self._cell_line = 0
        self._colspan = 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._depth += 1
            if self._depth == 1:
                self.tables.append([])
        elif self._depth == 1 and tag == "tr":
            self._row = []
        elif self._depth == 1 and tag in ("td", "th") and self._row is not None:
            self._cell = []
            self._cell_line = self.getpos()[0]
            span = dict(attrs).get("colspan") or "1"
            self._colspan = int(span) if span.isdigit() and 0 < int(span) < 50 else 1
        elif tag in ("br", "p", "li", "div") and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._depth = max(0, self._depth - 1)
        elif self._depth == 1 and tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append((" ".join("".join(self._cell).split()), self._cell_line, self._colspan))
            self._cell = None
        elif self._depth == 1 and tag == "tr" and self._row is not None:
            if self._row:
                self.tables[-1].append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def html_tables(document: Document) -> list[Candidate]:
    text = document.source.text
    if "<table" not in text.lower():
        return []
    parser = _HtmlTableParser()
    parser.feed(text)
    parser.close()
    candidates = []
    for rows in parser.tables:
        table_rows = []
        for cells in rows:
            line = cells[0][1]
            expanded: list[str] = []
            for cell_text, _line, span in cells:
                expanded.append(cell_text)
                expanded.extend([""] * (span - 1))
            table_rows.append(Row(line, expanded))
        if len(table_rows) >= 2:
            candidates.append(Candidate(_grid_of_rows(table_rows, "html"), "html"))
    return candidates


def _grid_of_rows(rows: list[Row], source_format: str) -> Grid:
    block = Block(
        "table",
        rows[0].line,
        rows[-1].line,
        "",
        source_format=source_format,
        rows=rows,
    )
    return build_grids([block])[0]


# --- space-aligned columns ----------------------------------------------------------------------------


def _display_width(text: str) -> int:
    """Columns a line takes on screen: Thai vowels and tone marks above or below a letter take none."""
    return sum(0 if unicodedata.category(char) == "Mn" else 1 for char in text)


def _cells_with_positions(line: str) -> list[tuple[int, str]]:
    cells = []
    position = 0
    for piece in _SPACE_SPLIT_RE.split(line.rstrip()):
        start = line.index(piece, position) if piece else position
        if piece.strip():
            cells.append((_display_width(line[:start]), piece.strip()))
        position = start + len(piece)
    return cells


def _align_to_header(header: list[tuple[int, str]], cells: list[tuple[int, str]]) -> list[str] | None:
    """Cells placed under the header column whose start is nearest to theirs; None when two cells collide."""
    starts = [start for start, _text in header]
    placed = [""] * len(header)
    for start, text in cells:
        column = min(range(len(starts)), key=lambda index: abs(starts[index] - start))
        if placed[column]:
            return None
        placed[column] = text
    return placed


def space_aligned_tables(document: Document, taken: set[int]) -> list[Candidate]:
    lines = document.source.lines
    candidates = []
    index = 0
    while index < len(lines):
        number = index + 1
        header = (
            _cells_with_positions(lines[index]) if number not in taken and "\t" not in lines[index] else []
        )
        labels = sum(1 for _start, text in header if is_header_label(text))
        if len(header) < 3 or labels < 2:
            index += 1
            continue
        rows = [Row(number, [text for _start, text in header])]
        end = index + 1
        while end < len(lines) and lines[end].strip() and (end + 1) not in taken and "\t" not in lines[end]:
            cells = _cells_with_positions(lines[end])
            if len(cells) < 2:
                break
            texts = [text for _start, text in cells]
            if len(cells) != len(header):
                aligned = _align_to_header(header, cells)
                if aligned is None:
                    break
                texts = aligned
            rows.append(Row(end + 1, texts))
            end += 1
        if len(rows) >= 2:
            candidates.append(Candidate(_grid_of_rows(rows, "space_aligned"), "space_aligned"))
        index = max(end, index + 1)
    return candidates


# --- one cell per line ----------------------------------------------------------------------------------


def _is_value_cell(text: str) -> bool:
    stripped = text.strip()
    if not stripped or len(stripped) > _MAX_VALUE_CELL:
        return False
    if _STATUS_LIKE_RE.match(stripped):
        return True
    # A number with at most a comparator and a unit around it (ร้อยละ 75, ไม่เกิน 17, 12,000 แปลง).
    letters = _LETTERS_RE.findall(stripped)
    return bool(_VALUE_LIKE_RE.search(thai_to_arabic_digits(stripped))) and len(letters) <= _MAX_VALUE_LETTERS


def _label_run(lines: list[str], start: int, taken: set[int]) -> int:
    end = start
    while end < len(lines) and (end + 1) not in taken and is_header_label(lines[end]):
        end += 1
    return end


def cell_per_line_tables(document: Document, taken: set[int]) -> list[Candidate]:
    lines = document.source.lines
    candidates = []
    index = 0
    while index < len(lines):
        end = _label_run(lines, index, taken)
        width = end - index
        meanings = [classify_column(lines[i]) for i in range(index, end)]
        kinds = [meaning.kind for meaning in meanings]
        if width < 2 or kinds.count("indicator") != 1 or not any(k in ("value", "weight") for k in kinds):
            index = max(end, index + 1)
            continue
        name_position = kinds.index("indicator")
        rows = [Row(index + 1, [lines[i].strip() for i in range(index, end)])]
        cursor = end
        while cursor + width <= len(lines):
            group = lines[cursor : cursor + width]
            if any(not line.strip() for line in group) or any(
                (cursor + i + 1) in taken for i in range(width)
            ):
                break
            fits = all(
                (position == name_position and not _is_value_cell(text) and len(text.strip()) > 3)
                or (
                    position != name_position
                    and (_is_value_cell(text) or kinds[position] in ("unit", "ignored"))
                )
                for position, text in enumerate(group)
            )
            if not fits:
                break
            # One Row per table row; every cell keeps its own line through the GridCell built below.
            rows.append(Row(cursor + 1, [text.strip() for text in group]))
            cursor += width
        if len(rows) >= 2:
            grid = _grid_of_rows(rows, "cell_per_line")
            for row in grid.rows + grid.header:
                first = row.line
                for offset, cell in enumerate(row.cells):
                    cell.lines = [first + offset]
            candidates.append(Candidate(grid, "cell_per_line"))
            index = cursor
        else:
            index = max(end, index + 1)
    return candidates


# --- key / value cards ----------------------------------------------------------------------------------


def key_value_table(grid: Grid) -> Candidate | None:
    """A two-column grid whose first column names an indicator and at least one value: one row."""
    pairs = [(row.cells[0], row.cells[1]) for row in grid.header + grid.rows if len(row.cells) >= 2]
    if grid.width != 2 or len(pairs) < 3:
        return None
    kinds = [classify_column(label.text).kind for label, _value in pairs]
    if "indicator" not in kinds or not any(kind == "value" for kind in kinds):
        return None
    # A card's labels are in its first column; a table whose header row is two labels is a table.
    if is_header_label(pairs[0][1].text) or sum(is_header_label(label.text) for label, _ in pairs) < 3:
        return None
    columns = [Column(index, label.text, "") for index, (label, _value) in enumerate(pairs)]
    header = GridRow(
        [GridCell([label.text], list(label.lines)) for label, _value in pairs], [pairs[0][0].line]
    )
    row = GridRow(
        [GridCell(list(value.raw_parts), list(value.lines)) for _label, value in pairs],
        [value.line for _label, value in pairs],
    )
    card = Grid(
        grid.index, grid.line_start, grid.line_end, [header], columns, [row], source_format="key_value"
    )
    return Candidate(card, "key_value")


def find_tables(document: Document) -> list[Candidate]:
    """Every table of the document, the stage-1 grids first, then the layouts stage 1 does not see."""
    candidates: list[Candidate] = []
    for grid in document.grids:
        card = key_value_table(grid)
        candidates.append(card or Candidate(grid, grid.source_format))
    taken = _table_lines(document)
    for candidate in html_tables(document):
        if candidate.grid.line_start in taken:
            continue  # an HTML table nested in a TAB cell belongs to that table (stage 1 reads it)
        candidates.append(candidate)
        taken.update(range(candidate.grid.line_start, candidate.grid.line_end + 1))
    for candidate in space_aligned_tables(document, taken):
        candidates.append(candidate)
        taken.update(range(candidate.grid.line_start, candidate.grid.line_end + 1))
    candidates.extend(cell_per_line_tables(document, taken))
    return candidates
