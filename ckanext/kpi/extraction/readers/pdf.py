"""PDF with a text layer → the text layout of :mod:`.base`, one source_ref per line.

Library: PyMuPDF (see docs/extraction.md for the measurement): every glyph with its box, font size and
weight, and the page's vector drawings (the table rulings), at about 25 ms a page.

What the reader does, page by page:
- glyphs are cut into *pieces* (runs without a wide gap, never across a vertical ruling);
- ruled tables: the horizontal and vertical rulings that touch each other form a grid; a grid position
  with no ruling between it and its neighbour is part of a merged cell, whose text is written once, in
  its first position (so a two-row header reads as in the text path);
- unruled tables: runs of lines made of several pieces; the columns are the x-ranges covered by text in
  most lines, so a number is given to the column it stands under, not to its neighbour;
- text wrapped inside a cell or a paragraph is joined without a space between two Thai letters (Thai
  puts none between words) and with one elsewhere;
- lines repeated in the top or bottom band of many pages (running headers, footers) and page numbers
  are dropped; a table continued on the next page is joined (its repeated header dropped, a row cut by
  the page break glued back);
- headings come from the font size (larger than the body text), a whole bold line becomes ``**…**``.
Every line of text passes :func:`.thai_repair.repair_thai`.
"""

from __future__ import annotations

import html
import itertools
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field

from .base import ReaderError, ReaderLimits, Rendition
from .thai_repair import join_wrapped, repair_thai

_PAGE_NUMBER_RE = re.compile(
    r"^\s*(?:(?:หน้า|หน้าที่|page|p\.)\s*)?[-–—(\[]?\s*[0-9๐-๙]{1,4}\s*[-–—)\]]?"
    r"(?:\s*(?:/|จาก|of)\s*[0-9๐-๙]{1,4})?\s*$",
    re.IGNORECASE,
)
_DIGITS_RE = re.compile(r"[0-9๐-๙]+")
_LETTERS_RE = re.compile(r"[A-Za-z\u0E01-\u0E2E]")
_NUMBER_CELL_RE = re.compile(r"^[\s(]*[-+]?[0-9๐-๙][0-9๐-๙,.\s]*%?[)\s]*$")
_BAND = 0.09  # share of the page height searched for running headers and footers
_RULE_TOLERANCE = 1.5  # points


@dataclass
class Piece:
    """A run of glyphs on one baseline without a wide gap."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool

    @property
    def baseline(self) -> float:
        return self.bottom


@dataclass
class TextLine:
    pieces: list[Piece]
    page: int

    @property
    def top(self) -> float:
        return min(p.top for p in self.pieces)

    @property
    def bottom(self) -> float:
        return max(p.bottom for p in self.pieces)

    @property
    def x0(self) -> float:
        return self.pieces[0].x0

    @property
    def size(self) -> float:
        return max(p.size for p in self.pieces)

    @property
    def bold(self) -> bool:
        return all(p.bold for p in self.pieces if p.text.strip())

    @property
    def text(self) -> str:
        """The line's text; a space the layout engine left at its end is kept (the line was broken at a
        word gap, so joining the next line needs that space)."""
        text = ""
        previous: Piece | None = None
        for piece in self.pieces:
            piece_text = piece.text.strip()
            if not piece_text:
                continue
            # Pieces that touch are one word the producer wrote as separate text lines (LibreOffice
            # does so around Thai runs): "๖," + "๕๐๐" is 6,500, not "6, 500".
            touching = previous is not None and piece.x0 - previous.x1 <= 0.1 * max(piece.size, previous.size)
            text += piece_text if not text or touching else " " + piece_text
            previous = piece
        return text + " " if self.pieces[-1].text.endswith(" ") else text


@dataclass
class Table:
    rows: list[list[str]]
    page: int
    top: float
    bottom: float
    columns: list[float]  # column left edges
    ruled: bool
    row_pages: list[int] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)  # 1-based row numbers as printed per page


@dataclass
class PageContent:
    number: int
    height: float
    width: float
    items: list[TextLine | Table]
    has_text: bool
    has_image: bool = False


# ---------------------------------------------------------------------------------------------- glyphs


def _pieces_of_page(page, vertical_rules: list[tuple[float, float, float]]) -> list[Piece]:
    """Cut every text line of the page into pieces at wide gaps and at vertical rulings."""
    pieces: list[Piece] = []
    rules = sorted(vertical_rules)
    rule_xs = [rule[0] for rule in rules]
    raw = page.get_text("rawdict", flags=0)
    for block in raw["blocks"]:
        for line in block.get("lines", ()):
            if line.get("dir", (1, 0))[0] < 0.5:
                continue  # vertical or rotated text: not part of a table or paragraph
            pieces.extend(_line_pieces(line, rules, rule_xs))
    return pieces


# One glyph: character, x0, x1, top, bottom, font size, bold.
_Glyph = tuple[str, float, float, float, float, float, bool]


def _line_pieces(line: dict, rules: list[tuple[float, float, float]], rule_xs: list[float]) -> list[Piece]:
    runs: list[list[_Glyph]] = [[]]
    last_x1: float | None = None
    slack = 0.0  # the advance a zero-width sara am glyph did not report
    for span in line["spans"]:
        size = float(span["size"])
        bold = bool(span["flags"] & 16) or "bold" in span["font"].lower()
        for char in span["chars"]:
            x0, y0, x1, y1 = char["bbox"]
            c = char["c"]
            run = runs[-1]
            if last_x1 is not None:
                gap = x0 - last_x1 - slack
                # Rulings standing in the gap (found by bisection: a page has hundreds of them).
                first = bisect_left(rule_xs, last_x1 - 0.5)
                last = bisect_right(rule_xs, x0 + 0.5)
                crosses = any(y0 - 1 <= bottom and top <= y1 + 1 for _, top, bottom in rules[first:last])
                if crosses or gap > max(size * 0.9, 5.0):
                    runs.append([])
                    run, last_x1 = runs[-1], None
                elif gap > size * 0.3 and run and run[-1][0] != " " and c != " ":
                    run.append((" ", *run[-1][1:]))  # a gap drawn without a space character
            run.append((c, x0, x1, y0, y1, size, bold))
            if c != " " or last_x1 is None:
                last_x1 = max(x1, last_x1 or x1)
            # A font whose sara am is nikhahit + sara aa may give ำ the nikhahit's zero width.
            slack = size * 0.55 if c == "\u0e33" and x1 - x0 < 0.5 else 0.0
    return [_piece(run) for run in runs if "".join(glyph[0] for glyph in run).strip()]


def _piece(run: list[_Glyph]) -> Piece:
    inked = [glyph for glyph in run if glyph[0].strip()] or run
    return Piece(
        "".join(glyph[0] for glyph in run),
        run[0][1],
        max(glyph[2] for glyph in run),
        min(glyph[3] for glyph in inked),
        max(glyph[4] for glyph in inked),
        run[0][5],
        all(glyph[6] for glyph in inked),
    )


def _lines_of(pieces: list[Piece], page: int) -> list[TextLine]:
    """Pieces on one baseline form a visual line, left to right."""
    lines: list[TextLine] = []
    for piece in sorted(pieces, key=lambda p: (round(p.baseline), p.x0)):
        for line in reversed(lines[-3:]):
            reference = line.pieces[0]
            if abs(reference.baseline - piece.baseline) <= 0.35 * max(reference.size, piece.size):
                line.pieces.append(piece)
                line.pieces.sort(key=lambda p: p.x0)
                break
        else:
            lines.append(TextLine([piece], page))
    lines.sort(key=lambda line: (line.top, line.x0))
    return lines


# ----------------------------------------------------------------------------------------- ruled tables


def _rulings(page) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """Horizontal (y, x0, x1) and vertical (x, y0, y1) rulings: stroked lines and thin filled boxes."""
    horizontal: list[tuple[float, float, float]] = []
    vertical: list[tuple[float, float, float]] = []
    for drawing in page.get_drawings():
        for item in drawing["items"]:
            kind = item[0]
            if kind == "l":
                a, b = item[1], item[2]
                if abs(a.y - b.y) <= 1.0 and abs(a.x - b.x) > 2:
                    horizontal.append(((a.y + b.y) / 2, min(a.x, b.x), max(a.x, b.x)))
                elif abs(a.x - b.x) <= 1.0 and abs(a.y - b.y) > 2:
                    vertical.append(((a.x + b.x) / 2, min(a.y, b.y), max(a.y, b.y)))
            elif kind == "re":
                rect = item[1]
                if rect.height <= 2.5 and rect.width > 2:
                    horizontal.append(((rect.y0 + rect.y1) / 2, rect.x0, rect.x1))
                elif rect.width <= 2.5 and rect.height > 2:
                    vertical.append(((rect.x0 + rect.x1) / 2, rect.y0, rect.y1))
                elif rect.width > 2 and rect.height > 2 and drawing.get("color") is not None:
                    # A stroked rectangle: its four sides.
                    horizontal += [(rect.y0, rect.x0, rect.x1), (rect.y1, rect.x0, rect.x1)]
                    vertical += [(rect.x0, rect.y0, rect.y1), (rect.x1, rect.y0, rect.y1)]
    return horizontal, vertical


def _cluster(values: list[float], tolerance: float = _RULE_TOLERANCE) -> list[float]:
    out: list[float] = []
    for value in sorted(values):
        if out and value - out[-1] <= tolerance:
            continue
        out.append(value)
    return out


def _grids(horizontal, vertical) -> list[tuple[list, list]]:
    """Groups of rulings that touch one another (a table each)."""
    segments = [("h", s) for s in horizontal] + [("v", s) for s in vertical]
    parent = list(range(len(segments)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    t = 2.0
    hs = [i for i, (kind, _) in enumerate(segments) if kind == "h"]
    vs = [i for i, (kind, _) in enumerate(segments) if kind == "v"]
    for i in hs:
        y, hx0, hx1 = segments[i][1]
        for j in vs:
            x, vy0, vy1 = segments[j][1]
            if hx0 - t <= x <= hx1 + t and vy0 - t <= y <= vy1 + t:
                parent[find(i)] = find(j)
    groups: dict[int, tuple[list, list]] = {}
    for i, (kind, segment) in enumerate(segments):
        group = groups.setdefault(find(i), ([], []))
        group[0 if kind == "h" else 1].append(segment)
    out = []
    for group in groups.values():
        for part in _split_stacked(group):
            if len(_cluster([s[0] for s in part[0]])) >= 2 and len(_cluster([s[0] for s in part[1]])) >= 2:
                out.append(part)
    return out


def _split_stacked(group: tuple[list, list]) -> list[tuple[list, list]]:
    """Two tables printed one right under the other share a ruling; their column rulings differ both
    ways (a merged cell only removes rulings), so the group is cut there."""
    horizontal, vertical = group
    ys = _cluster([s[0] for s in horizontal])
    if len(ys) < 3:
        return [group]
    bands = []
    for top, bottom in itertools.pairwise(ys):
        mid = (top + bottom) / 2
        bands.append(_cluster([s[0] for s in vertical if s[1] - 1 <= mid <= s[2] + 1]))

    def within(a: list[float], b: list[float]) -> bool:
        return all(any(abs(x - y) <= 2.0 for y in b) for x in a)

    cuts = [ys[0]]
    for index in range(1, len(bands)):
        above, below = bands[index - 1], bands[index]
        if not within(above, below) and not within(below, above):
            cuts.append(ys[index])
    cuts.append(ys[-1])
    if len(cuts) == 2:
        return [group]
    parts = []
    for top, bottom in itertools.pairwise(cuts):
        part_h = [s for s in horizontal if top - 1 <= s[0] <= bottom + 1]
        part_v = [
            (s[0], max(s[1], top), min(s[2], bottom))
            for s in vertical
            if s[1] < bottom - 1 and s[2] > top + 1
        ]
        parts.append((part_h, part_v))
    return parts


def _covered(segments, position: float, at: float) -> bool:
    """Is there a ruling at ``position`` (y of a horizontal / x of a vertical) covering ``at``?"""
    return any(abs(s[0] - position) <= _RULE_TOLERANCE and s[1] - 1 <= at <= s[2] + 1 for s in segments)


def _ruled_table(group, pieces: list[Piece], page: int) -> tuple[Table, list[Piece]]:
    horizontal, vertical = group
    ys = _cluster([s[0] for s in horizontal])
    xs = _cluster([s[0] for s in vertical])
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    # Union-find over grid positions: no ruling between two neighbours means one merged cell.
    parent = {(r, c): (r, c) for r in range(n_rows) for c in range(n_cols)}

    def find(key):
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for r in range(n_rows):
        mid_y = (ys[r] + ys[r + 1]) / 2
        for c in range(n_cols):
            mid_x = (xs[c] + xs[c + 1]) / 2
            if c + 1 < n_cols and not _covered(vertical, xs[c + 1], mid_y):
                parent[find((r, c + 1))] = find((r, c))
            if r + 1 < n_rows and not _covered(horizontal, ys[r + 1], mid_x):
                parent[find((r + 1, c))] = find((r, c))
    # The first (top-left) position of each merged cell holds its text.
    anchor: dict[tuple[int, int], tuple[int, int]] = {}
    for key in sorted(parent):
        anchor.setdefault(find(key), key)
    inside: dict[tuple[int, int], list[Piece]] = {}
    rest: list[Piece] = []
    for piece in pieces:
        cx, cy = (piece.x0 + piece.x1) / 2, (piece.top + piece.bottom) / 2
        if not (xs[0] <= cx <= xs[-1] and ys[0] <= cy <= ys[-1]):
            rest.append(piece)
            continue
        r = max(i for i in range(n_rows) if ys[i] <= cy) if cy > ys[0] else 0
        c = max(i for i in range(n_cols) if xs[i] <= cx) if cx > xs[0] else 0
        inside.setdefault(anchor[find((min(r, n_rows - 1), min(c, n_cols - 1)))], []).append(piece)
    rows = [["" for _ in range(n_cols)] for _ in range(n_rows)]
    for (r, c), cell_pieces in inside.items():
        rows[r][c] = _cell_text(cell_pieces, page)
    # Grid rows that only carry the lower parts of cells merged from above are not rows of their own.
    keep = [r for r in range(n_rows) if any(anchor.get(find((r, c))) == (r, c) for c in range(n_cols))]
    table_rows = [rows[r] for r in keep]
    table = Table(table_rows, page, ys[0], ys[-1], xs[:-1], ruled=True)
    return table, rest


def _cell_text(pieces: list[Piece], page: int) -> str:
    """A cell's lines joined; paragraphs (separated by more than the cell's line spacing) are written
    as ``<p>`` items, the form the grid reads list items in a cell from."""
    lines = _lines_of(pieces, page)
    gaps = [b.top - a.bottom for a, b in itertools.pairwise(lines)]
    line_gap = min(gaps) if len(gaps) >= 2 else None
    paragraphs: list[str] = []
    text = ""
    for index, line in enumerate(lines):
        if index and line_gap is not None and gaps[index - 1] > line_gap + 0.8 * line.size:
            paragraphs.append(text)
            text = ""
        text = join_wrapped(text, repair_thai(line.text))
    paragraphs.append(text)
    paragraphs = [paragraph.replace("\t", " ").strip() for paragraph in paragraphs if paragraph.strip()]
    if len(paragraphs) <= 1:
        return paragraphs[0] if paragraphs else ""
    return " ".join(f"<p>{html.escape(paragraph, quote=False)}</p>" for paragraph in paragraphs)


# --------------------------------------------------------------------------------------- unruled tables


def _unruled_tables(lines: list[TextLine], page: int) -> list[TextLine | Table]:
    """Runs of lines with two or more pieces that line up become tables; other lines stay text."""
    items: list[TextLine | Table] = []
    run: list[TextLine] = []

    def close_run() -> None:
        if len(run) >= 2 and sum(len(line.pieces) >= 2 for line in run) >= 2:
            items.append(_table_from_lines(run, page))
        else:
            items.extend(run)
        run.clear()

    for line in lines:
        multi = len(line.pieces) >= 2
        if run:
            gap = line.top - run[-1].bottom
            if gap > 2.2 * line.size or (not multi and not _continues_row(line, run)):
                close_run()
        if multi or (run and _continues_row(line, run)):
            run.append(line)
        else:
            items.append(line)
    close_run()
    return items


def _continues_row(line: TextLine, run: list[TextLine]) -> bool:
    """A one-piece line inside a table run (a wrapped cell) starts right of the run's first column."""
    first_x = min(line_.x0 for line_ in run)
    if line.top - run[-1].bottom >= 0.8 * line.size:
        return False
    if line.x0 > first_x + 3 * line.size:
        return True
    # A wrapped cell of the first column (a narrow indicator column): the line starts at the column's
    # left edge and ends before the second column begins on every multi-piece line of the run.
    second_starts = [line_.pieces[1].x0 for line_ in run if len(line_.pieces) >= 2]
    return (
        bool(second_starts)
        and abs(line.x0 - first_x) <= line.size
        and max(piece.x1 for piece in line.pieces) < min(second_starts) - 0.3 * line.size
    )


def _table_from_lines(run: list[TextLine], page: int) -> Table:
    # Columns: x-ranges covered by text in more than a quarter of the lines (a header spanning two
    # columns covers their gap in one line only).
    left = min(line.x0 for line in run)
    right = max(p.x1 for line in run for p in line.pieces)
    width = int(right - left) + 2
    coverage = [0] * width
    for line in run:
        for piece in line.pieces:
            for x in range(int(piece.x0 - left), int(piece.x1 - left) + 1):
                coverage[x] += 1
    threshold = max(1, len(run) // 4)
    columns: list[tuple[float, float]] = []
    start = None
    for x, count in enumerate([*coverage, 0]):
        if count >= threshold and start is None:
            start = x
        elif count < threshold and start is not None:
            columns.append((left + start, left + x))
            start = None
    if not columns:
        columns = [(left, right)]
    rows: list[list[str]] = []
    row_lines: list[int] = []
    previous_line: TextLine | None = None
    for line in run:
        tight = previous_line is not None and line.top - previous_line.bottom < 0.5 * line.size
        previous_line = line
        cells = ["" for _ in columns]
        for piece in line.pieces:
            # The first column the piece overlaps (a spanning header is written once, at its start).
            index = next(
                (i for i, (c0, c1) in enumerate(columns) if piece.x0 <= c1 and piece.x1 >= c0),
                len(columns) - 1,
            )
            cells[index] = (cells[index] + " " + repair_thai(piece.text.strip())).strip()
        numeric = any(_NUMBER_CELL_RE.match(cell) for cell in cells if cell)
        if rows and not cells[0] and not numeric and rows[-1][0]:
            # A wrapped cell: joined onto the row above.
            rows[-1] = [join_wrapped(a, b) for a, b in zip(rows[-1], cells, strict=True)]
            continue
        if rows and tight and cells[0] and not any(cells[1:]) and rows[-1][0] and any(rows[-1][1:]):
            # The first column's cell wrapped onto the next line at the cell's own line spacing (a
            # narrow indicator column): joined onto its row, the values stay where they are.
            rows[-1][0] = join_wrapped(rows[-1][0], cells[0])
            continue
        rows.append(cells)
        row_lines.append(len(rows))
    return Table(rows, page, run[0].top, run[-1].bottom, [c0 for c0, _ in columns], ruled=False)


# ------------------------------------------------------------------------------------------------ pages


def _read_page(page, number: int) -> PageContent:
    horizontal, vertical = _rulings(page)
    pieces = _pieces_of_page(page, vertical)
    items: list[TextLine | Table] = []
    tables: list[Table] = []
    for group in sorted(_grids(horizontal, vertical), key=lambda g: min(s[0] for s in g[0])):
        table, pieces = _ruled_table(group, pieces, number)
        if any(any(cell for cell in row) for row in table.rows):
            tables.append(table)
    lines = _lines_of(pieces, number)
    height = float(page.rect.height)
    band_lines = [line for line in lines if line.bottom < height * _BAND or line.top > height * (1 - _BAND)]
    in_band = {id(line) for line in band_lines}
    body_lines = [line for line in lines if id(line) not in in_band]
    # Lines between tables are read on their own, so a table never swallows a caption.
    items.extend(band_lines)
    bounds = sorted(tables, key=lambda t: t.top)
    segments: list[list[TextLine]] = [[] for _ in range(len(bounds) + 1)]
    for line in body_lines:
        index = sum(1 for table in bounds if line.top >= table.bottom - 1)
        segments[index].append(line)
    for index, segment in enumerate(segments):
        items.extend(_unruled_tables(segment, number))
        if index < len(bounds):
            items.append(bounds[index])
    items.sort(key=lambda item: item.top)
    has_text = bool(pieces) or bool(tables)
    # A page without text but with an image is a scan; one with neither is blank and passed over.
    has_image = not has_text and bool(page.get_images(full=False))
    return PageContent(number, height, float(page.rect.width), items, has_text, has_image)


def _running_keys(pages: list[PageContent]) -> set[str]:
    """Texts in the top or bottom band of many pages (digits ignored): running headers and footers."""
    counts: Counter[str] = Counter()
    for page in pages:
        seen = set()
        for item in page.items:
            if isinstance(item, TextLine) and _in_band(item, page):
                seen.add(_DIGITS_RE.sub("#", item.text).strip())
        counts.update(seen)
    minimum = max(2, len(pages) // 3)
    # A running header names something (three letters at least); "(#%)" repeated is content.
    return {key for key, count in counts.items() if count >= minimum and len(_LETTERS_RE.findall(key)) >= 3}


def _outermost(page: PageContent, line: TextLine) -> TextLine | Table:
    """The item nearest the page edge on the side of ``line``."""
    if line.top > page.height / 2:
        return max(page.items, key=lambda item: item.bottom)
    return min(page.items, key=lambda item: item.top)


def _top_margins(pages: list[PageContent]) -> dict[int, float]:
    """Where the body starts on pages of each width: the highest top of anything below the header band."""
    margins: dict[int, float] = {}
    for page in pages:
        for item in page.items:
            if not _in_band(item, page):
                key = round(page.width)
                margins[key] = min(margins.get(key, item.top), item.top)
    return margins


def _in_band(item: TextLine | Table, page: PageContent) -> bool:
    return item.bottom < page.height * _BAND or item.top > page.height * (1 - _BAND)


# ---------------------------------------------------------------------------------------------- output


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.refs: list[str] = []

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")
            self.refs.append("")

    def add(self, text: str, ref: str) -> None:
        self.lines.append(text)
        self.refs.append(ref)


def _same_columns(a: Table, b: Table) -> bool:
    if len(a.columns) != len(b.columns):
        return False
    return all(abs(x - y) <= 3.0 for x, y in zip(a.columns, b.columns, strict=True))


def render_pdf(data: bytes, file_name: str, limits: ReaderLimits) -> Rendition:
    """Render a PDF's text layer as the text layout; ReaderError for what cannot be read."""
    if len(data) > limits.max_bytes:
        raise ReaderError(
            f"file is {len(data):,} bytes, more than the {limits.max_bytes:,} allowed"
            f" / ไฟล์มีขนาด {len(data):,} ไบต์ เกินกว่าที่รับได้ {limits.max_bytes:,} ไบต์",
            path=file_name,
        )
    head = data[:1024].lstrip()
    if not head.startswith(b"%PDF-") and b"%PDF-" not in head:
        if head[:1] == b"<":
            raise ReaderError(
                "not a PDF: the file is an HTML or XML page / ไม่ใช่ไฟล์ PDF แต่เป็นหน้าเว็บ HTML หรือ XML",
                path=file_name,
            )
        raise ReaderError("not a PDF (no %PDF- header) / ไม่ใช่ไฟล์ PDF", path=file_name)
    import pymupdf  # imported here so the text path never pays for it

    pymupdf.TOOLS.mupdf_display_errors(False)
    try:
        document = pymupdf.open(stream=data, filetype="pdf")
    except Exception as error:
        raise ReaderError(
            f"corrupt PDF, cannot be opened ({error}) / ไฟล์ PDF เสียหาย เปิดไม่ได้", path=file_name
        ) from None
    with document:
        if document.needs_pass or document.is_encrypted:
            raise ReaderError(
                "the PDF is encrypted (password protected); send an unprotected copy"
                " / ไฟล์ PDF ถูกเข้ารหัส (มีรหัสผ่าน) กรุณาส่งไฟล์ที่ไม่มีรหัสผ่าน",
                path=file_name,
            )
        page_count = document.page_count
        if page_count == 0:
            raise ReaderError("the PDF has no pages / ไฟล์ PDF ไม่มีหน้าใดเลย", path=file_name)
        if page_count > limits.max_pages:
            raise ReaderError(
                f"the PDF has {page_count} pages, more than the {limits.max_pages} allowed"
                f" / ไฟล์ PDF มี {page_count} หน้า เกินกว่าที่รับได้ {limits.max_pages} หน้า",
                path=file_name,
                page=limits.max_pages + 1,
            )
        pages: list[PageContent] = []
        for index in range(page_count):
            try:
                pages.append(_read_page(document[index], index + 1))
            except Exception as error:
                raise ReaderError(
                    f"damaged page, cannot be read ({error}) / หน้านี้เสียหาย อ่านไม่ได้",
                    path=file_name,
                    page=index + 1,
                ) from None
    scanned = [page.number for page in pages if not page.has_text and page.has_image]
    warnings: list[str] = []
    if scanned and not any(page.has_text for page in pages):
        raise ReaderError(
            "no text layer on any page (a scanned document); OCR it or send the original file"
            " / ไม่มีชั้นข้อความในหน้าใดเลย (เอกสารสแกน) กรุณาทำ OCR หรือส่งไฟล์ต้นฉบับ",
            path=file_name,
            page=scanned[0],
        )
    if scanned:
        warnings.append(
            f"{file_name}: pages without a text layer (scanned images), not read: {_page_list(scanned)}"
            f" / หน้าที่ไม่มีข้อความ (ภาพสแกน) จึงไม่ได้อ่าน: {_page_list(scanned)}"
        )
    rendition = _render(pages, page_count, warnings)
    if rendition is None:
        raise ReaderError(
            "no text found (only page headers, footers or page numbers) / ไม่พบข้อความในเอกสาร",
            path=file_name,
            page=1,
        )
    return rendition


def _page_list(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers)


def _render(pages: list[PageContent], page_count: int, warnings: list[str]) -> Rendition | None:
    running = _running_keys(pages)
    sizes: Counter[float] = Counter()
    for page in pages:
        for item in page.items:
            if isinstance(item, TextLine):
                for piece in item.pieces:
                    sizes[round(piece.size)] += len(piece.text)
            else:
                sizes[11.0] += 0
    body_size = sizes.most_common(1)[0][0] if sizes else 11.0
    heading_sizes = sorted({s for s in sizes if s >= body_size * 1.15}, reverse=True)

    top_margins = _top_margins(pages)
    # Pass 1: drop running headers/footers and page numbers; join tables continued over a page break.
    flow: list[TextLine | Table] = []
    for page in pages:
        edge_lines = [item for item in page.items if isinstance(item, TextLine)]
        # A page number is the first or the last line of its page.
        edges = {id(edge_lines[0]), id(edge_lines[-1])} if edge_lines else set()
        for item in page.items:
            if isinstance(item, TextLine) and _in_band(item, page):
                if _DIGITS_RE.sub("#", item.text).strip() in running:
                    continue
                if id(item) in edges and _PAGE_NUMBER_RE.match(item.text) and item is _outermost(page, item):
                    continue
            if isinstance(item, Table):
                item.row_pages = [item.page] * len(item.rows)
                item.row_numbers = list(range(1, len(item.rows) + 1))
                previous = flow[-1] if flow else None
                if (
                    isinstance(previous, Table)
                    and previous.row_pages[-1] == item.page - 1
                    and _same_columns(previous, item)
                    # A continued table opens its page; one set lower (a paragraph gap above it) is a
                    # table of its own that happens to follow one ending the page before.
                    and item.top - top_margins.get(round(page.width), item.top) < 4.0
                ):
                    _continue_table(previous, item)
                    continue
            flow.append(item)

    # Pass 2: blocks.
    leading = _page_leading(pages)
    right_edges = _right_edges(pages)
    writer = _Writer()
    table_number = 0
    paragraph: list[TextLine] = []

    def flush_paragraph() -> None:
        if not paragraph:
            return
        # A line ending well short of the text's right edge was broken by hand: it stays a line of
        # its own, ended by a markdown hard break, as in the text layout.
        texts: list[str] = []
        text = ""
        for index, line in enumerate(paragraph):
            text = join_wrapped(text, repair_thai(line.text))
            if index + 1 < len(paragraph) and _ends_short(line, paragraph[index + 1], right_edges):
                texts.append(text + "  ")
                text = ""
        texts.append(text)
        text = "\n".join(texts)
        first = paragraph[0]
        size = round(first.size)
        ref = f"p. {first.page}"
        writer.blank()
        if size in heading_sizes and len(text) < 300:
            level = min(heading_sizes.index(size) + 1, 6)
            writer.add("#" * level + " " + text.replace("  \n", " "), ref)
        elif all(line.bold for line in paragraph) and len(text) < 300:
            writer.add("**" + text.replace("  \n", " ") + "**", ref)
        else:
            for part in text.split("\n"):
                writer.add(part, ref)
        paragraph.clear()

    for item in flow:
        if isinstance(item, Table):
            flush_paragraph()
            table_number += 1
            writer.blank()
            for row, page, number in zip(item.rows, item.row_pages, item.row_numbers, strict=True):
                cells = [cell.replace("\t", " ") for cell in row]
                if not any(cells):
                    continue
                if len(cells) == 1:
                    cells.append("")  # a TAB marks the line as a table row
                writer.add("\t".join(cells), f"p. {page} · table {table_number} · row {number}")
            writer.blank()
            continue
        if paragraph and _starts_new_block(paragraph, item, leading, right_edges):
            flush_paragraph()
        paragraph.append(item)
    flush_paragraph()
    while writer.lines and writer.lines[-1] == "":
        writer.lines.pop()
        writer.refs.pop()
    if not writer.lines:
        return None
    text = "\n".join(writer.lines) + "\n"
    return Rendition(text, (*writer.refs, ""), "pdf", tuple(warnings), page_count)


_LIST_START_RE = re.compile(r"^\s*(?:[-*•▶➤➢]\s|[0-9๐-๙]{1,2}[.)]\s|\([0-9๐-๙]{1,2}\)\s)")


def _starts_new_block(
    paragraph: list[TextLine], line: TextLine, leading: dict[int, float], right_edges: dict[int, float]
) -> bool:
    last = paragraph[-1]
    if round(line.size) != round(last.size) or line.bold != last.bold:
        return True
    if _LIST_START_RE.match(line.text) is not None:
        return True
    if line.page > last.page + 1:
        return True  # a page between (a scan, a figure) ends the paragraph
    if line.page != last.page:
        # A paragraph running on over the page break filled its last line and goes on at the same left edge.
        return abs(line.x0 - paragraph[0].x0) > 2 * line.size or _ends_short(last, line, right_edges)
    gap = line.top - last.bottom
    if gap < -0.5 * line.size or gap > 1.25 * line.size:
        return True  # no font sets its lines that far apart
    # A wrapped or hand-broken line keeps the usual line spacing; a new paragraph adds space.
    usual = leading.get(round(line.size), 0.5 * line.size)
    return gap > usual + 0.3 * line.size


def _page_leading(pages: list[PageContent]) -> dict[int, float]:
    """The gap between two lines of one paragraph, per font size, over the whole document: the smallest
    gap seen at least twice (rounded to a point), so it holds for any font's line spacing."""
    gaps: dict[int, Counter[int]] = {}
    for page in pages:
        lines = [item for item in page.items if isinstance(item, TextLine)]
        for a, b in itertools.pairwise(lines):
            gap = b.top - a.bottom
            if round(a.size) == round(b.size) and 0 <= gap < 2.5 * b.size:
                gaps.setdefault(round(b.size), Counter())[round(gap)] += 1
    leading: dict[int, float] = {}
    for size, counter in gaps.items():
        frequent = [gap for gap, count in counter.items() if count >= 2] or list(counter)
        leading[size] = float(min(frequent))
    return leading


_MARKS_RE = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")


def _ends_short(line: TextLine, following: TextLine, right_edges: dict[int, float]) -> bool:
    """Was the line broken by hand? Yes when the first word of the next line (up to its first space,
    at most eight letters: Thai words are not spaced) would still have fitted on it."""
    first_word = _MARKS_RE.sub("", following.text.split(" ")[0])[:8]
    room = right_edges.get(line.page, 0.0) - line.pieces[-1].x1
    return room > (len(first_word) * 0.5 + 1.0) * line.size


def _right_edges(pages: list[PageContent]) -> dict[int, float]:
    """The right edge of the text on each page: the furthest any line reaches on pages of its width
    (a page holding only short lines has the same margins as the others)."""
    by_width: dict[int, float] = {}
    for page in pages:
        for item in page.items:
            if isinstance(item, TextLine):
                key = round(page.width)
                by_width[key] = max(by_width.get(key, 0.0), item.pieces[-1].x1)
    return {page.number: by_width.get(round(page.width), 0.0) for page in pages}


_ROW_START_RE = re.compile(r"^\s*(?:[0-9๐-๙]{1,3}(?:[.)]|\s|$)|\([0-9๐-๙]{1,3}\)|[A-Z]{2,}[-_ ]?[0-9])")


_TOTAL_ROW_RE = re.compile(r"^\s*(?:รวม|ยอดรวม|total|sum)\b", re.IGNORECASE)


def _key_column(rows: list[list[str]]) -> int:
    """The leftmost column filled in most rows (the row's number or code; an often-empty first column,
    such as a reference to an objective, is passed over)."""
    body = rows[1:] or rows
    for column in range(len(rows[0])):
        if sum(1 for row in body if row[column].strip()) >= 0.6 * len(body):
            return column
    return 0


def _cut_by_page_break(previous: Table, first_row: list[str]) -> bool:
    """Is the first row on the new page the rest of the last row on the previous one? Yes when its key
    cell is empty while the last row's is not, or when the key cells of the table's rows start with a
    number or a code and this one does not (the cell's text was cut mid-sentence)."""
    if previous.rows[-1][0].strip() and not first_row[0].strip():
        return True  # the row's first cell is filled above the break and empty below it
    key = _key_column(previous.rows)
    if not previous.rows[-1][key].strip():
        return False
    first_cell = first_row[key].strip()
    if not first_cell:
        return True
    if _TOTAL_ROW_RE.match(first_cell):
        return False  # a total row opening the page is a row of its own
    starts = [bool(_ROW_START_RE.match(row[key])) for row in previous.rows[1:] if row[key].strip()]
    return len(starts) >= 2 and sum(starts) >= 0.6 * len(starts) and not _ROW_START_RE.match(first_cell)


def _join_cell_parts(before: str, after: str) -> str:
    """A cell cut by a page break joined back; the text runs on inside its last paragraph."""
    if not before or not after:
        return before or after
    if before.endswith("</p>"):
        if after.startswith("<p>"):
            first_end = after.index("</p>")
            return join_wrapped(before[:-4], after[3:first_end]) + "</p>" + after[first_end + 4 :]
        return join_wrapped(before[:-4], after) + "</p>"
    if after.startswith("<p>"):
        first_end = after.index("</p>")
        return "<p>" + join_wrapped(before, after[3:first_end]) + "</p>" + after[first_end + 4 :]
    return join_wrapped(before, after)


def _continue_table(previous: Table, continuation: Table) -> None:
    rows = continuation.rows
    pages = [continuation.page] * len(rows)
    numbers = list(range(1, len(rows) + 1))
    # The header printed again at the top of the page is dropped.
    header = 0
    while header < min(len(previous.rows), len(rows)) and rows[header] == previous.rows[header]:
        header += 1
    rows, pages, numbers = rows[header:], pages[header:], numbers[header:]
    only_header_before = header > 0 and header == len(previous.rows)
    if rows and not only_header_before and _cut_by_page_break(previous, rows[0]):
        # A row cut by the page break: its rest is glued back onto it.
        previous.rows[-1] = [_join_cell_parts(a, b) for a, b in zip(previous.rows[-1], rows[0], strict=True)]
        rows, pages, numbers = rows[1:], pages[1:], numbers[1:]
    previous.rows.extend(rows)
    previous.row_pages.extend(pages)
    previous.row_numbers.extend(numbers)
    previous.bottom = continuation.bottom
