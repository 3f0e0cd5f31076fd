"""Stage 1a: the document as blocks (headings, paragraphs, list items, tables) with 1-based line numbers.

Nothing is normalised or dropped here: every block keeps its raw lines. Tables are runs of TAB-separated
lines (or markdown pipe rows); HTML inside their cells is parsed later, in :mod:`.grid`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .cells import collapse_whitespace, parse_cell
from .reading import SourceText

_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BOLD_LINE_RE = re.compile(r"^\*\*(.+?)\*\*:?$", re.DOTALL)
_LIST_ITEM_RE = re.compile(r"^\s*(?:[-*•▶➤➢]\s+|[0-9๐-๙]{1,2}[.)]\s*|\([0-9๐-๙]{1,2}\)\s*)")
_PIPE_ROW_RE = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_RULE_RE = re.compile(r"^\s*\|?[\s:|-]*-{3,}[\s:|-]*\|?\s*$")
_DASH_CELL_RE = re.compile(r"^\s*-{3,}\s*$")
_MARKDOWN_ESCAPE_RE = re.compile(r"\\([*_#`\\])")
_HARD_BREAK = "  "


@dataclass
class Row:
    """One physical table line split into raw cells."""

    line: int
    cells: list[str]
    is_rule: bool = False  # a markdown rule such as ``-----⇥-----`` (003:10801)
    echo_of_line: int | None = None  # an echoed row of a nested HTML table (003:9490)


@dataclass
class Block:
    kind: str  # heading, paragraph, list_item, table
    line_start: int
    line_end: int
    raw: str
    text: str = ""
    heading_level: int = 0  # 1–6 for markdown headings, 0 for a whole-line bold heading
    rows: list[Row] = field(default_factory=list)
    source_format: str = ""  # tsv or pipe, for tables
    blank_lines_before: int = 0
    # Nested HTML tables found in cells: (row index, column index) → grid of texts.
    nested_tables: dict[tuple[int, int], list[list[str]]] = field(default_factory=dict)

    @property
    def is_table(self) -> bool:
        return self.kind == "table"


def strip_markdown(text: str) -> str:
    """Visible text of one markdown line: no heading hashes, bold stars or backslash escapes."""
    heading = _HEADING_RE.match(text)
    if heading:
        text = heading.group(2)
    text = text.replace("**", "")
    return collapse_whitespace(_MARKDOWN_ESCAPE_RE.sub(r"\1", text))


def _classify_text(raw: str) -> tuple[str, int]:
    stripped = raw.strip()
    heading = _HEADING_RE.match(stripped)
    if heading:
        return "heading", len(heading.group(1))
    if _BOLD_LINE_RE.match(stripped):
        return "heading", 0
    if _LIST_ITEM_RE.match(stripped):
        return "list_item", 0
    return "paragraph", 0


def _is_table_line(line: str) -> bool:
    return "\t" in line or bool(_PIPE_ROW_RE.match(line))


def _is_blank(line: str) -> bool:
    return not line.strip()


def _split_row(line: str, number: int) -> Row:
    if "\t" in line:
        cells = line.split("\t")
    else:
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
    is_rule = (
        bool(cells)
        and all(_DASH_CELL_RE.match(cell) or not cell.strip() for cell in cells)
        and any(cell.strip() for cell in cells)
    )
    return Row(number, cells, is_rule=is_rule or ("\t" not in line and bool(_PIPE_RULE_RE.match(line))))


def _text_block(lines: list[str], first_line: int, blank_before: int) -> Block:
    raw = "\n".join(lines)
    kind, level = _classify_text(" ".join(line.strip() for line in lines))
    return Block(
        kind,
        first_line,
        first_line + len(lines) - 1,
        raw,
        strip_markdown(" ".join(lines)),
        level,
        blank_lines_before=blank_before,
    )


def _table_block(lines: list[str], first_line: int, blank_before: int) -> Block:
    rows = [_split_row(line, first_line + offset) for offset, line in enumerate(lines) if not _is_blank(line)]
    block = Block(
        "table",
        first_line,
        first_line + len(lines) - 1,
        "\n".join(lines),
        source_format="tsv" if "\t" in lines[0] else "pipe",
        rows=rows,
        blank_lines_before=blank_before,
    )
    _mark_nested_tables(block)
    return block


def _mark_nested_tables(block: Block) -> None:
    """Parse HTML tables nested in cells once and mark the rows that echo them (H8, 003:9489-9493)."""
    for row_index, row in enumerate(block.rows):
        for column, cell in enumerate(row.cells):
            if "<table" not in cell.lower():
                continue
            for nested in parse_cell(cell).nested_tables:
                block.nested_tables[(row_index, column)] = nested
                _mark_echo_rows(block, row_index, nested)


def _non_empty_texts(cells: list[str]) -> list[str]:
    texts = (collapse_whitespace(cell) for cell in cells)
    return [text for text in texts if text]


def _mark_echo_rows(block: Block, host_index: int, nested: list[list[str]]) -> None:
    expected = [texts for texts in (_non_empty_texts(row) for row in nested) if texts]
    candidates = block.rows[host_index + 1 :]
    for nested_texts, row in zip(expected, candidates, strict=False):
        if _non_empty_texts(row.cells) != nested_texts:
            return
        row.echo_of_line = block.rows[host_index].line


def _join_hard_breaks(lines: list[str], start: int) -> int:
    """Index after a paragraph whose lines end with a markdown hard break (two spaces)."""
    end = start + 1
    while (
        end < len(lines)
        and lines[end - 1].endswith(_HARD_BREAK)
        and not _is_blank(lines[end])
        and not _is_table_line(lines[end])
    ):
        end += 1
    return end


def _unclosed_bold_end(lines: list[str], start: int) -> int:
    """A ``**`` opened on one line and closed on a later one (000:64-65) makes one block."""
    if lines[start].count("**") % 2 == 0:
        return start + 1
    for end in range(start + 1, min(start + 4, len(lines))):
        if _is_blank(lines[end]) or _is_table_line(lines[end]):
            break
        if lines[end].count("**") % 2 == 1:
            return end + 1
    return start + 1


def _table_end(lines: list[str], start: int) -> int:
    """Index after a run of table lines. A markdown rule row followed by one blank line does not end the
    table: the sub-header comes after it (003:10800-10803, H6)."""
    end = start
    while True:
        while end < len(lines) and _is_table_line(lines[end]):
            end += 1
        resumes = end + 1 < len(lines) and _is_blank(lines[end]) and _is_table_line(lines[end + 1])
        if not (resumes and _split_row(lines[end - 1], end).is_rule):
            return end
        end += 1  # the blank line joins the block but gives no row (see _table_block)


def split_blocks(source: SourceText) -> list[Block]:
    """Split a document into blocks; line numbers are 1-based positions in the source file."""
    lines = list(source.lines)
    blocks: list[Block] = []
    index = 0
    blank_run = 0
    while index < len(lines):
        line = lines[index]
        if _is_blank(line):
            blank_run += 1
            index += 1
            continue
        if _is_table_line(line):
            end = _table_end(lines, index)
            blocks.append(_table_block(lines[index:end], index + 1, blank_run))
        else:
            end = max(_join_hard_breaks(lines, index), _unclosed_bold_end(lines, index))
            blocks.append(_text_block(lines[index:end], index + 1, blank_run))
        blank_run = 0
        index = end
    return blocks
