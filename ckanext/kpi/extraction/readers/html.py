"""HTML pages (an agency's web report such as OPDC's e-SAR) rendered into the text layout with lxml.

Headings ``h1``–``h6`` keep their level; paragraphs and ``div`` text are paragraphs; ``ul``/``ol`` items
are list items (numbered ones counted); tables expand ``colspan``/``rowspan`` with the merged text written
once; a table inside a cell stays inline HTML in that cell. Scripts, styles, navigation, page headers and
footers, forms and hidden elements are not content and are skipped.
"""

from __future__ import annotations

import re
from typing import Any

from .base import ReaderError, ReaderLimits, Rendition
from .layout import (
    CellParagraph,
    InlineRun,
    LayoutWriter,
    cell_text,
    is_bold_only,
    nested_table_html,
    runs_text,
)

_SKIPPED = {
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "button",
    "select", "option", "iframe", "object", "embed", "svg", "canvas", "head", "menu",
}  # fmt: skip
_SKIPPED_ROLES = {"navigation", "banner", "contentinfo", "search", "menu", "menubar"}
_HEADINGS = {f"h{level}": level for level in range(1, 7)}
_BLOCKS = {"p", "div", "section", "article", "main", "blockquote", "pre", "address", "figure", "figcaption",
           "dl", "dt", "dd", "center", "body", "html", "li", "ul", "ol", "table", "br", "hr"}  # fmt: skip
_BOLD = {"b", "strong"}


def _skipped(element: Any) -> bool:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag.lower() in _SKIPPED:
        return True
    if (element.get("role") or "").lower() in _SKIPPED_ROLES:
        return True
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    style = (element.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


_WHITESPACE_RE = re.compile(r"\s+")
LINE_BREAK = "\n"  # only a <br> breaks a line: a newline in the page's source is just a space


def _text(text: str | None) -> str:
    return _WHITESPACE_RE.sub(" ", text) if text else ""


def _inline_runs(element: Any, bold: bool = False, *, stop_at_blocks: bool = False) -> list[InlineRun]:
    """The text of an element as runs with their emphasis; ``stop_at_blocks`` leaves nested block
    elements (paragraphs, lists, tables) to the caller."""
    runs: list[InlineRun] = []
    if element.text:
        runs.append(InlineRun(_text(element.text), bold))
    for child in element:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag and not _skipped(child):
            if tag == "br":
                runs.append(InlineRun(LINE_BREAK, bold))
            elif stop_at_blocks and (tag in _BLOCKS or tag in _HEADINGS):
                pass
            else:
                runs.extend(_inline_runs(child, bold or tag in _BOLD))
        if child.tail:
            runs.append(InlineRun(_text(child.tail), bold))
    return runs


class _HtmlRenderer:
    def __init__(self, file_name: str, limits: ReaderLimits) -> None:
        self.writer = LayoutWriter("html")
        self.file_name = file_name
        self.limits = limits
        self.table_count = 0
        self.paragraph_count = 0

    def ref(self) -> str:
        self.paragraph_count += 1
        return f"paragraph {self.paragraph_count}"

    def flow(self, element: Any) -> None:
        """Block-level walk: text directly inside a container becomes a paragraph of its own."""
        pending: list[InlineRun] = []
        if element.text:
            pending.append(InlineRun(_text(element.text)))
        for child in element:
            tag = child.tag.lower() if isinstance(child.tag, str) else ""
            if not tag or _skipped(child):
                pass
            elif tag in _HEADINGS or (tag in _BLOCKS and tag != "br"):
                self.emit_runs(pending)
                pending = []
                self.block(child, tag)
            elif tag == "br":
                pending.append(InlineRun(LINE_BREAK))
            else:
                pending.extend(_inline_runs(child, tag in _BOLD))
            if child.tail:
                pending.append(InlineRun(_text(child.tail)))
        self.emit_runs(pending)

    def emit_runs(self, runs: list[InlineRun]) -> None:
        if not runs_text(runs):
            return
        if is_bold_only(runs) and "\n" not in "".join(run.text for run in runs).strip():
            self.writer.bold_heading(runs_text(runs), self.ref())
        else:
            self.writer.paragraph("".join(run.text for run in runs), self.ref())

    def block(self, element: Any, tag: str) -> None:
        if tag in _HEADINGS:
            self.writer.heading(_HEADINGS[tag], runs_text(_inline_runs(element)), self.ref())
        elif tag in ("ul", "ol"):
            self.list(element, ordered=tag == "ol")
        elif tag == "table":
            self.table(element)
        elif tag == "hr":
            return
        else:
            self.flow(element)

    def list(self, element: Any, *, ordered: bool) -> None:
        start = element.get("start")
        number = int(start) if start and start.isdigit() else 1
        for item in element:
            if not isinstance(item.tag, str) or item.tag.lower() != "li" or _skipped(item):
                continue
            marker = f"{number}." if ordered else "-"
            number += 1
            self.writer.list_item(marker, runs_text(_inline_runs(item, stop_at_blocks=True)), self.ref())
            for child in item:
                tag = child.tag.lower() if isinstance(child.tag, str) else ""
                if tag in ("ul", "ol"):
                    self.list(child, ordered=tag == "ol")
                elif tag == "table":
                    self.table(child)

    def rows(self, table: Any) -> list[Any]:
        """The rows of this table, not of tables nested in its cells."""
        found = []
        for child in table:
            tag = child.tag.lower() if isinstance(child.tag, str) else ""
            if tag == "tr":
                found.append(child)
            elif tag in ("thead", "tbody", "tfoot"):
                found.extend(row for row in child if isinstance(row.tag, str) and row.tag.lower() == "tr")
        return found

    def grid(self, table: Any) -> list[list[tuple[Any, int, int] | None]]:
        """Rows of (cell element, colspan, rowspan) at the first grid position of each cell; the positions
        a merged cell covers are None."""
        grid: list[list[tuple[Any, int, int] | None]] = []
        covered: set[tuple[int, int]] = set()
        cells = 0
        for row_index, tr in enumerate(self.rows(table)):
            row: list[tuple[Any, int, int] | None] = []
            column = 0
            for cell in tr:
                if not isinstance(cell.tag, str) or cell.tag.lower() not in ("td", "th"):
                    continue
                while (row_index, column) in covered:
                    row.append(None)
                    column += 1
                colspan = _span(cell.get("colspan"))
                rowspan = _span(cell.get("rowspan"))
                cells += colspan * rowspan
                if cells > self.limits.max_cells:
                    raise ReaderError(
                        f"a table with more than {self.limits.max_cells} cells / ตารางใหญ่เกินกำหนด",
                        path=self.file_name,
                    )
                row.append((cell, colspan, rowspan))
                for r in range(row_index, row_index + rowspan):
                    for c in range(column, column + colspan):
                        if (r, c) != (row_index, column):
                            covered.add((r, c))
                row.extend([None] * (colspan - 1))
                column += colspan
            while (row_index, column) in covered:
                row.append(None)
                column += 1
            grid.append(row)
        return grid

    def cell(self, element: Any) -> str:
        paragraphs: list[CellParagraph] = []
        nested: list[str] = []
        pending: list[InlineRun] = []
        bold = False

        def flush() -> None:
            nonlocal pending
            if runs_text(pending):
                paragraphs.append(CellParagraph(pending))
            pending = []

        if element.text:
            pending.append(InlineRun(_text(element.text), bold))
        for child in element:
            tag = child.tag.lower() if isinstance(child.tag, str) else ""
            if not tag or _skipped(child):
                pass
            elif tag == "table":
                flush()
                nested.append(self.nested(child))
            elif tag in ("ul", "ol"):
                flush()
                kind = "bullet" if tag == "ul" else "ordered"
                for item in child:
                    if isinstance(item.tag, str) and item.tag.lower() == "li":
                        paragraphs.append(CellParagraph(_inline_runs(item, bold), kind))
            elif tag in ("p", "div") or tag in _HEADINGS:
                flush()
                paragraphs.append(CellParagraph(_inline_runs(child, bold or tag in _HEADINGS)))
            elif tag == "br":
                pending.append(InlineRun(LINE_BREAK, bold))
            else:
                pending.extend(_inline_runs(child, bold or tag in _BOLD))
            if child.tail:
                pending.append(InlineRun(_text(child.tail), bold))
        flush()
        return cell_text(paragraphs, nested)

    def nested(self, table: Any) -> str:
        rows = [
            [
                (runs_text(_inline_runs(cell)), colspan, rowspan)
                for cell, colspan, rowspan in filter(None, row)
            ]
            for row in self.grid(table)
        ]
        return nested_table_html(rows)

    def table(self, table: Any) -> None:
        self.table_count += 1
        grid = self.grid(table)
        width = max((len(row) for row in grid), default=0)
        texts = []
        for row in grid:
            cells = [self.cell(entry[0]) if entry else "" for entry in row]
            texts.append(cells + [""] * (width - len(cells)))
        refs = [f"table {self.table_count} · row {number}" for number in range(1, len(texts) + 1)]
        caption = next((c for c in table if isinstance(c.tag, str) and c.tag.lower() == "caption"), None)
        if caption is not None:
            self.writer.paragraph(runs_text(_inline_runs(caption)), f"table {self.table_count} · caption")
        self.writer.table(texts, refs)


def _span(value: str | None) -> int:
    try:
        return min(max(int(value or "1"), 1), 1000)
    except ValueError:
        return 1


_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)
_XML_DECLARATION_RE = re.compile(r"^\s*<\?xml[^>]*>")


def decode_html(data: bytes) -> str:
    """The page's text: a BOM or the declared ``<meta charset>`` first, then UTF-8, then the Thai legacy
    encoding (TIS-620/cp874) that older agency pages still use."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    declared = _CHARSET_RE.search(data[:4096])
    candidates = [declared.group(1).decode("ascii").lower()] if declared else []
    candidates += ["utf-8", "cp874"]
    for encoding in candidates:
        encoding = {"tis-620": "cp874", "windows-874": "cp874", "x-windows-874": "cp874"}.get(
            encoding, encoding
        )
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("utf-8", "replace")


def render_html(data: bytes, file_name: str, limits: ReaderLimits) -> Rendition:
    from lxml import etree, html  # lxml: a forgiving HTML parser that does not resolve entities or fetch

    try:
        parser = html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
        root = html.document_fromstring(_XML_DECLARATION_RE.sub("", decode_html(data)), parser=parser)
    except (etree.ParserError, ValueError) as error:
        raise ReaderError(f"not a readable HTML page ({error}) / อ่านหน้า HTML ไม่ได้", path=file_name) from None
    body = root.find("body")
    renderer = _HtmlRenderer(file_name, limits)
    renderer.flow(body if body is not None else root)
    return renderer.writer.rendition()
