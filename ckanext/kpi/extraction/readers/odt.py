"""ODT (OpenDocument text, LibreOffice Writer) rendered into the text layout with odfpy.

``text:h`` headings keep their outline level; paragraphs whose (automatic) style is bold are bold
headings; ``text:list`` items are list items (numbered when the list style numbers them); tables expand
``number-columns-spanned``/``number-rows-spanned`` with the merged text written once (the covered cells
are ``table:covered-table-cell``); frames' text boxes are read where they are anchored; page headers and
footers live in styles.xml and are never read.
"""

from __future__ import annotations

import io
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

TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
STYLE_NS = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
FO_NS = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
DRAW_NS = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
_BOLD_WEIGHTS = {"bold", "600", "700", "800", "900"}
_MAX_REPEAT = 1000  # a repeated row/column beyond this is filler (LibreOffice writes 1 048 576 empty rows)


def _name(node: Any) -> tuple[str, str] | None:
    return node.qname if hasattr(node, "qname") else None


def _attr(node: Any, namespace: str, local: str) -> str:
    return node.attributes.get((namespace, local), "") if hasattr(node, "attributes") else ""


class _OdtRenderer:
    def __init__(self, document: Any, file_name: str, limits: ReaderLimits) -> None:
        self.file_name = file_name
        self.limits = limits
        self.writer = LayoutWriter("odt")
        self.bold_styles = self._bold_styles(document)
        self.paragraph_count = 0
        self.table_count = 0

    @staticmethod
    def _bold_styles(document: Any) -> set[str]:
        bold: set[str] = set()
        parents: dict[str, str] = {}
        for container in (document.styles, document.automaticstyles):
            for style in container.childNodes:
                name = _attr(style, STYLE_NS, "name")
                parents[name] = _attr(style, STYLE_NS, "parent-style-name")
                for props in style.childNodes:
                    weight = _attr(props, FO_NS, "font-weight")
                    if _name(props) == (STYLE_NS, "text-properties") and weight in _BOLD_WEIGHTS:
                        bold.add(name)
        for name in list(parents):
            seen = set()
            parent = parents.get(name, "")
            while parent and parent not in seen:
                seen.add(parent)
                if parent in bold:
                    bold.add(name)
                    break
                parent = parents.get(parent, "")
        return bold

    def runs(self, node: Any, bold: bool = False) -> list[InlineRun]:
        runs: list[InlineRun] = []
        for child in node.childNodes:
            if child.nodeType == child.TEXT_NODE:
                runs.append(InlineRun(str(child.data), bold))
                continue
            name = _name(child)
            if name == (TEXT_NS, "s"):
                runs.append(InlineRun(" " * int(_attr(child, TEXT_NS, "c") or "1"), bold))
            elif name == (TEXT_NS, "tab"):
                runs.append(InlineRun("\t", bold))
            elif name == (TEXT_NS, "line-break"):
                runs.append(InlineRun("\n", bold))
            elif name in ((TEXT_NS, "note"), (TEXT_NS, "tracked-changes")) or (name and name[0] == DRAW_NS):
                continue  # footnotes, change records and frames (frames are read as blocks)
            else:
                style = _attr(child, TEXT_NS, "style-name")
                runs.extend(self.runs(child, bold or style in self.bold_styles))
        return runs

    def frames(self, node: Any) -> list[Any]:
        boxes = []
        for child in node.childNodes:
            name = _name(child)
            if name == (DRAW_NS, "text-box"):
                boxes.append(child)
            elif name and child.childNodes:
                boxes.extend(self.frames(child))
        return boxes

    def ref(self) -> str:
        self.paragraph_count += 1
        return f"paragraph {self.paragraph_count}"

    def body(self, node: Any) -> None:
        for child in node.childNodes:
            name = _name(child)
            if name == (TEXT_NS, "h"):
                level = int(_attr(child, TEXT_NS, "outline-level") or "1")
                self.writer.heading(level, runs_text(self.runs(child)), self.ref())
                self.anchored(child)
            elif name == (TEXT_NS, "p"):
                self.paragraph(child)
            elif name == (TEXT_NS, "list"):
                self.list(child, ordered=False)
            elif name == (TABLE_NS, "table"):
                self.table(child)
            elif name in ((TEXT_NS, "section"), (TEXT_NS, "index-body"), (TEXT_NS, "soft-page-break")):
                self.body(child)
            elif name and name[0] == TEXT_NS and name[1].endswith("index"):
                self.body(child)

    def paragraph(self, node: Any) -> None:
        style = _attr(node, TEXT_NS, "style-name")
        runs = self.runs(node, style in self.bold_styles)
        ref = self.ref()
        if runs_text(runs):
            if is_bold_only(runs) and "\n" not in "".join(run.text for run in runs).strip():
                self.writer.bold_heading(runs_text(runs), ref)
            else:
                self.writer.paragraph("".join(run.text for run in runs), ref)
        self.anchored(node)

    def anchored(self, node: Any) -> None:
        for box in self.frames(node):
            self.body(box)

    def list(self, node: Any, *, ordered: bool, depth: int = 0) -> None:
        number = 0
        for item in node.childNodes:
            if _name(item) not in ((TEXT_NS, "list-item"), (TEXT_NS, "list-header")):
                continue
            number += 1
            for child in item.childNodes:
                name = _name(child)
                if name in ((TEXT_NS, "p"), (TEXT_NS, "h")):
                    marker = f"{number}." if ordered else "-"
                    self.writer.list_item(marker, runs_text(self.runs(child)), self.ref())
                elif name == (TEXT_NS, "list"):
                    self.list(child, ordered=ordered, depth=depth + 1)
                elif name == (TABLE_NS, "table"):
                    self.table(child)

    def rows(self, table: Any) -> list[Any]:
        found = []
        for child in table.childNodes:
            name = _name(child)
            if name == (TABLE_NS, "table-row"):
                repeat = min(int(_attr(child, TABLE_NS, "number-rows-repeated") or "1"), _MAX_REPEAT)
                found.extend([child] * repeat)
            elif name in (
                (TABLE_NS, "table-header-rows"),
                (TABLE_NS, "table-rows"),
                (TABLE_NS, "table-row-group"),
            ):
                found.extend(self.rows(child))
        return found

    def cells(self, row: Any) -> list[tuple[Any, int, int] | None]:
        cells: list[tuple[Any, int, int] | None] = []
        for cell in row.childNodes:
            name = _name(cell)
            repeat = min(int(_attr(cell, TABLE_NS, "number-columns-repeated") or "1"), _MAX_REPEAT)
            if name == (TABLE_NS, "table-cell"):
                colspan = int(_attr(cell, TABLE_NS, "number-columns-spanned") or "1")
                rowspan = int(_attr(cell, TABLE_NS, "number-rows-spanned") or "1")
                for _ in range(repeat):
                    cells.append((cell, colspan, rowspan))
            elif name == (TABLE_NS, "covered-table-cell"):
                cells.extend([None] * repeat)
            if len(cells) > self.limits.max_cells:
                raise ReaderError(
                    "a table row with too many cells / แถวตารางมีเซลล์มากเกินกำหนด", path=self.file_name
                )
        return cells

    def cell_content(self, cell: Any) -> tuple[list[CellParagraph], list[str]]:
        paragraphs: list[CellParagraph] = []
        nested: list[str] = []
        for child in cell.childNodes:
            name = _name(child)
            if name in ((TEXT_NS, "p"), (TEXT_NS, "h")):
                style = _attr(child, TEXT_NS, "style-name")
                paragraphs.append(CellParagraph(self.runs(child, style in self.bold_styles)))
            elif name == (TEXT_NS, "list"):
                for item in child.childNodes:
                    for paragraph in item.childNodes:
                        if _name(paragraph) == (TEXT_NS, "p"):
                            paragraphs.append(CellParagraph(self.runs(paragraph), "bullet"))
            elif name == (TABLE_NS, "table"):
                rows = [
                    [(" ".join(runs_text(p.runs) for p in self.cell_content(c[0])[0]), c[1], c[2])
                     for c in self.cells(row) if c]
                    for row in self.rows(child)
                ]  # fmt: skip
                nested.append(nested_table_html(rows))
        return paragraphs, nested

    def table(self, table: Any) -> None:
        self.table_count += 1
        texts: list[list[str]] = []
        for row in self.rows(table):
            texts.append(
                ["" if cell is None else cell_text(*self.cell_content(cell[0])) for cell in self.cells(row)]
            )
        # Trailing empty columns and rows are filler, not content.
        width = max((max((i + 1 for i, t in enumerate(row) if t), default=0) for row in texts), default=0)
        texts = [row[:width] + [""] * (width - len(row[:width])) for row in texts]
        refs = [f"table {self.table_count} · row {number}" for number in range(1, len(texts) + 1)]
        self.writer.table(texts, refs)


def render_odt(data: bytes, file_name: str, limits: ReaderLimits) -> Rendition:
    from odf.opendocument import load  # odfpy

    try:
        document = load(io.BytesIO(data))
    except Exception as error:  # odfpy raises zipfile, KeyError and SAX errors for damaged files
        raise ReaderError(
            f"not a readable OpenDocument text ({type(error).__name__}: {error}) / อ่านไฟล์ ODT ไม่ได้",
            path=file_name,
        ) from None
    renderer = _OdtRenderer(document, file_name, limits)
    renderer.body(document.text)
    return renderer.writer.rendition()
