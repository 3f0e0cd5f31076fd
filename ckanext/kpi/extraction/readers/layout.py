"""Writing the text layout of :mod:`.base` with one source reference per line, for every format reader.

Readers describe what they see (a heading, a paragraph, a list item, a table as a grid of cell texts with
merged positions already empty) and this writer turns it into lines: the same layout the seed text
extractions use, so :mod:`..blocks` reads a DOCX, an HTML page or a spreadsheet like a text file.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from .base import Rendition

_SPACE_RE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u3000]+")
_THAI_CHAR_RE = re.compile(r"[\u0e00-\u0e7f]")
_MAX_HEADING_LEVEL = 6


def _join_pieces(pieces: list[str]) -> str:
    """Pieces of one cell or paragraph joined by one space, except between two Thai letters: Thai has no
    spaces between words, so a line wrapped inside a Thai word is joined without one."""
    joined = ""
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        if joined and not (_THAI_CHAR_RE.match(joined[-1]) and _THAI_CHAR_RE.match(piece[0])):
            joined += " "
        joined += piece
    return joined


def one_line(text: str) -> str:
    """A text that must stay on one line of the layout: TABs and line breaks become one space (none
    between two Thai letters); the spaces inside a line are kept as written."""
    return _join_pieces(re.split(r"[\t\r\n\v\f\u2028\u2029]+", text))


def clean_spaces(text: str) -> str:
    return _SPACE_RE.sub(" ", text).strip()


@dataclass
class InlineRun:
    """A run of text with its emphasis, as read from a DOCX/ODT run or an HTML element."""

    text: str
    bold: bool = False


def runs_text(runs: list[InlineRun]) -> str:
    return clean_spaces("".join(run.text for run in runs))


def is_bold_only(runs: list[InlineRun]) -> bool:
    """Every visible character is bold (a bold-only paragraph reads as a heading in the text layout)."""
    visible = [run for run in runs if run.text.strip()]
    return bool(visible) and all(run.bold for run in visible)


def runs_html(runs: list[InlineRun]) -> str:
    """Inline HTML of runs: text escaped, bold stretches in ``<b>…</b>`` (the cell markup of the seeds)."""
    parts: list[str] = []
    bold_open = False
    for run in runs:
        text = html.escape(_SPACE_RE.sub(" ", re.sub(r"[\r\n\v\f\u2028\u2029]+", " ", run.text)), quote=False)
        if run.bold and run.text.strip() and not bold_open:
            parts.append("<b>")
            bold_open = True
        elif not run.bold and run.text.strip() and bold_open:
            parts.append("</b>")
            bold_open = False
        parts.append(text)
    if bold_open:
        parts.append("</b>")
    return clean_spaces("".join(parts).replace("<b> ", " <b>").replace(" </b>", "</b> "))


@dataclass
class CellParagraph:
    """One paragraph inside a table cell: its runs and whether it is a list item (``ordered`` for a
    numbered one)."""

    runs: list[InlineRun]
    list_kind: str = ""  # "", "bullet", "ordered"


def cell_text(paragraphs: list[CellParagraph], nested_tables: list[str] | None = None) -> str:
    """One table cell in the layout. A single plain paragraph is its text; bold stretches, several
    paragraphs and list items are written as the inline HTML the seed extractions use in cells (``<p>``,
    ``<ul style="list-style-type: none"><li>``, ``<b>``), which :mod:`..cells` parses."""
    paragraphs = [p for p in paragraphs if runs_text(p.runs)]
    nested_tables = nested_tables or []
    if not nested_tables and len(paragraphs) == 1 and not paragraphs[0].list_kind:
        runs = paragraphs[0].runs
        if not any(run.bold and run.text.strip() for run in runs):
            return one_line(runs_text(runs))
        return runs_html(runs)
    parts: list[str] = []
    open_list = ""
    for paragraph in paragraphs:
        kind = paragraph.list_kind
        if open_list and kind != open_list:
            parts.append("</ul>" if open_list == "bullet" else "</ol>")
            open_list = ""
        if kind and not open_list:
            tag = "ul" if kind == "bullet" else "ol"
            parts.append(f'<{tag} style="list-style-type: none">')
            open_list = kind
        body = runs_html(paragraph.runs)
        parts.append(f"<li>{body}</li>" if kind else f"<p>{body}</p>")
    if open_list:
        parts.append("</ul>" if open_list == "bullet" else "</ol>")
    parts.extend(nested_tables)
    return " ".join(parts)


def nested_table_html(rows: list[list[tuple[str, int, int]]]) -> str:
    """A table inside a cell as one line of HTML (``<table border="1">``, as in the seeds): each cell is
    (text, colspan, rowspan); a merged cell appears once."""
    out = ['<table border="1">']
    for row in rows:
        out.append("<tr>")
        for text, colspan, rowspan in row:
            attributes = (f' colspan="{colspan}"' if colspan > 1 else "") + (
                f' rowspan="{rowspan}"' if rowspan > 1 else ""
            )
            out.append(f"<td{attributes}>{html.escape(one_line(text), quote=False)}</td>")
        out.append("</tr>")
    out.append("</table>")
    return "".join(out)


@dataclass
class LayoutWriter:
    """Accumulates lines and their source references; :meth:`rendition` checks the one-to-one pairing."""

    source_format: str
    lines: list[str] = field(default_factory=list)
    refs: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    _last_kind: str = ""

    def _blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")
            self.refs.append("")

    def _add(self, line: str, ref: str) -> None:
        self.lines.append(line)
        self.refs.append(ref)

    def heading(self, level: int, text: str, ref: str) -> None:
        text = one_line(text)
        if not text:
            return
        self._blank()
        self._add(f"{'#' * max(1, min(level, _MAX_HEADING_LEVEL))} {text}", ref)
        self._blank()
        self._last_kind = "heading"

    def bold_heading(self, text: str, ref: str) -> None:
        """A bold-only paragraph: ``**text**`` on its own line, as the text extractions write it."""
        text = one_line(text).replace("**", "")
        if not text:
            return
        self._blank()
        self._add(f"**{text}**", ref)
        self._blank()
        self._last_kind = "heading"

    def paragraph(self, text: str, ref: str) -> None:
        """Body text. A line break inside the paragraph (Word's Shift+Enter, ``<br>``) is written as a
        markdown hard break (two spaces at the end of the line), which keeps the lines one block, as the
        text extractions do; TABs become spaces so that no paragraph is taken for a table row."""
        pieces = [piece.replace("\t", " ").strip() for piece in re.split(r"[\r\n\v\u2028\u2029]+", text)]
        pieces = [piece for piece in pieces if piece]
        for number, piece in enumerate(pieces):
            self._add(piece + ("  " if number < len(pieces) - 1 else ""), ref)
        self._last_kind = "paragraph"

    def list_item(self, marker: str, text: str, ref: str) -> None:
        text = one_line(text)
        if not text:
            return
        self._add(f"{marker} {text}", ref)
        self._last_kind = "list"

    def table(self, rows: list[list[str]], refs: list[str]) -> None:
        """A table: one TAB-separated line per row; a row of one cell gets an empty second cell so that
        it stays a table line. Fully empty rows are left out."""
        kept = [(row, ref) for row, ref in zip(rows, refs, strict=True) if any(cell.strip() for cell in row)]
        if not kept:
            return
        self._blank()
        for row, ref in kept:
            cells = [one_line(cell) for cell in row]
            if len(cells) == 1:
                cells.append("")
            self._add("\t".join(cells), ref)
        # No blank line after the table: the next paragraph ends it anyway, and a label printed right
        # under a table (a unit under a value) stays next to it, as in the text extractions.
        self._last_kind = "table"

    def rendition(self, *, page_count: int | None = None) -> Rendition:
        lines, refs = list(self.lines), list(self.refs)
        while lines and lines[-1] == "":
            lines.pop()
            refs.pop()
        if not lines:
            lines, refs = [""], [""]
        return Rendition(
            text="\n".join(lines),
            source_refs=tuple(refs),
            source_format=self.source_format,
            warnings=tuple(self.warnings),
            page_count=page_count,
        )
