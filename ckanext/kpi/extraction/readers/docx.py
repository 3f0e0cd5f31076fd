"""DOCX: Word documents rendered into the text layout (python-docx for the package, styles and numbering;
the body XML walked in document order).

- headings from the paragraph style (``Heading n``, ``Title``) or an outline level (direct or inherited
  from the style); a bold-only paragraph becomes a ``**bold**`` line, as in the text extractions;
- list items from numbering (direct ``w:numPr`` or the style's): bullets ``- ``, numbered items with their
  number counted per list and level;
- tables: ``w:gridSpan`` (horizontal) and ``w:vMerge`` (vertical) merges written once, in the first grid
  position, the covered positions empty (python-docx repeats a merged cell at every position, #344: we read
  the ``w:tc`` elements ourselves); ``w:gridBefore``/``w:gridAfter`` keep columns aligned; a table inside a
  cell becomes inline ``<table>`` HTML in that cell;
- text boxes (``w:txbxContent``) are written as paragraphs after the paragraph that anchors them;
- headers, footers, footnotes, comments and deleted text (tracked changes) are not part of the body.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from ..thai import arabic_to_thai_digits
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

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W_NS}}}"
_SKIPPED_SUBTREES = {f"{_W}del", f"{_W}txbxContent", f"{_W}moveFrom", f"{_W}instrText", f"{_W}delText"}
_FALSE_VALUES = {"0", "false", "off", "none"}
_BULLET_FORMATS = {"bullet", "none"}
# Relationship types that make Word fetch content from elsewhere when the file is opened.
_LINKED_CONTENT_TYPES = (
    "/image",
    "/oleObject",
    "/subDocument",
    "/attachedTemplate",
    "/aFChunk",
    "/frame",
    "/package",
    "/externalLinkPath",
)


def _on(element: Any) -> bool | None:
    """The value of a toggle property element (``<w:b/>``, ``<w:b w:val="0"/>``); None when absent."""
    if element is None:
        return None
    return element.get(f"{_W}val", "true").lower() not in _FALSE_VALUES


@dataclass
class _Styles:
    """Paragraph and character style facts, resolved through ``basedOn`` once per style id."""

    document: Any
    _bold: dict[str, bool] = field(default_factory=dict)
    _outline: dict[str, int | None] = field(default_factory=dict)
    _numpr: dict[str, tuple[str, int] | None] = field(default_factory=dict)

    def _style(self, style_id: str | None) -> Any:
        if not style_id:
            return None
        styles = self.document.styles.element
        return styles.find(f"{_W}style[@{_W}styleId='{style_id}']")

    def _chain(self, style_id: str | None) -> Iterator[Any]:
        seen: set[str] = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            style = self._style(style_id)
            if style is None:
                return
            yield style
            based = style.find(f"{_W}basedOn")
            style_id = based.get(f"{_W}val") if based is not None else None

    def name(self, style_id: str | None) -> str:
        style = self._style(style_id)
        name = style.find(f"{_W}name") if style is not None else None
        return (name.get(f"{_W}val") if name is not None else style_id or "") or ""

    def bold(self, style_id: str | None) -> bool:
        if not style_id:
            return False
        if style_id not in self._bold:
            value = False
            for style in self._chain(style_id):
                found = _on(style.find(f"{_W}rPr/{_W}b"))
                if found is not None:
                    value = found
                    break
            self._bold[style_id] = value
        return self._bold[style_id]

    def outline_level(self, style_id: str | None) -> int | None:
        if not style_id:
            return None
        if style_id not in self._outline:
            level = None
            for style in self._chain(style_id):
                element = style.find(f"{_W}pPr/{_W}outlineLvl")
                if element is not None:
                    level = int(element.get(f"{_W}val", "9"))
                    break
            name = self.name(style_id).lower()
            if level is None and name.startswith("heading ") and name[8:].strip().isdigit():
                level = int(name[8:].strip()) - 1
            if level is None and name == "title":
                level = 0
            self._outline[style_id] = level if level is not None and level < 9 else None
        return self._outline[style_id]

    def numbering(self, style_id: str | None) -> tuple[str, int] | None:
        if not style_id:
            return None
        if style_id not in self._numpr:
            found = None
            for style in self._chain(style_id):
                numpr = style.find(f"{_W}pPr/{_W}numPr")
                if numpr is not None:
                    found = _numpr_values(numpr)
                    break
            self._numpr[style_id] = found
        return self._numpr[style_id]


def _numpr_values(numpr: Any) -> tuple[str, int] | None:
    num_id = numpr.find(f"{_W}numId")
    level = numpr.find(f"{_W}ilvl")
    if num_id is None or num_id.get(f"{_W}val") in (None, "0"):
        return None
    return num_id.get(f"{_W}val"), int(level.get(f"{_W}val", "0")) if level is not None else 0


_THAI_LETTERS = "กขคงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))  # fmt: skip
_LEVEL_TEXT_RE = re.compile(r"%([1-9])")


def _roman(number: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while number >= value:
            out += letters
            number -= value
    return out


def format_number(number: int, fmt: str) -> str:
    """One level's number as Word shows it: decimal, Thai digits or letters, Latin letters, Roman."""
    if fmt == "thaiNumbers":
        return arabic_to_thai_digits(str(number))
    if fmt == "thaiLetters" and number > 0:
        return _THAI_LETTERS[(number - 1) % len(_THAI_LETTERS)]
    if fmt in ("lowerLetter", "upperLetter") and number > 0:
        letter = chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman") and number > 0:
        return _roman(number).upper() if fmt == "upperRoman" else _roman(number)
    return str(number)


@dataclass(frozen=True)
class _Level:
    fmt: str = "decimal"
    start: int = 1
    text: str = ""  # w:lvlText, e.g. "%1.%2."


class _Numbering:
    """List formats from the numbering part and running counters per list: a numbered paragraph gets the
    number Word shows (``1.``, ``1.2.``, ``ก.``, ``๓)``), built from the level's ``lvlText``."""

    def __init__(self, document: Any) -> None:
        self._levels: dict[tuple[str, int], _Level] = {}
        self._counters: dict[str, list[int]] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[int, _Level]] = {}
        for element in numbering.findall(f"{_W}abstractNum"):
            levels = {}
            for lvl in element.findall(f"{_W}lvl"):
                fmt = lvl.find(f"{_W}numFmt")
                start = lvl.find(f"{_W}start")
                text = lvl.find(f"{_W}lvlText")
                levels[int(lvl.get(f"{_W}ilvl", "0"))] = _Level(
                    fmt.get(f"{_W}val", "decimal") if fmt is not None else "decimal",
                    int(start.get(f"{_W}val", "1")) if start is not None else 1,
                    text.get(f"{_W}val", "") if text is not None else "",
                )
            abstract[element.get(f"{_W}abstractNumId", "")] = levels
        for num in numbering.findall(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            levels = abstract.get(ref.get(f"{_W}val", "") if ref is not None else "", {})
            for level, value in levels.items():
                self._levels[(num.get(f"{_W}numId", ""), level)] = value

    def marker(self, num_id: str, level: int) -> tuple[str, str]:
        """(kind, marker): ``("bullet", "-")`` or ``("ordered", "1.2.")``."""
        spec = self._levels.get((num_id, level), _Level("bullet"))
        if spec.fmt in _BULLET_FORMATS:
            return "bullet", "-"
        counters = self._counters.setdefault(num_id, [])
        while len(counters) <= level:
            counters.append(0)
        del counters[level + 1 :]
        counters[level] = counters[level] + 1 if counters[level] else spec.start
        text = spec.text or f"%{level + 1}."

        def number(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            if index > level:
                return ""
            level_spec = self._levels.get((num_id, index), _Level())
            return format_number(counters[index] or level_spec.start, level_spec.fmt)

        marker = _LEVEL_TEXT_RE.sub(number, text).strip()
        return "ordered", marker or f"{counters[level]}."


class _DocxRenderer:
    def __init__(self, document: Any, file_name: str, limits: ReaderLimits) -> None:
        self.document = document
        self.file_name = file_name
        self.limits = limits
        self.styles = _Styles(document)
        self.numbering = _Numbering(document)
        self.writer = LayoutWriter("docx")
        self.paragraph_count = 0
        self.table_count = 0

    # -- runs -------------------------------------------------------------------------------------------
    def runs(self, paragraph: Any) -> list[InlineRun]:
        ppr_style = paragraph.find(f"{_W}pPr/{_W}pStyle")
        style_bold = self.styles.bold(ppr_style.get(f"{_W}val") if ppr_style is not None else None)
        runs: list[InlineRun] = []
        self._collect(paragraph, runs, style_bold)
        return runs

    def _collect(self, element: Any, runs: list[InlineRun], style_bold: bool) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIPPED_SUBTREES or tag == f"{_W}pPr":
                continue
            if tag == f"{_W}r":
                runs.extend(self._run(child, style_bold))
            else:  # hyperlinks, fields, inserted text, smart tags, content controls
                self._collect(child, runs, style_bold)

    def _run(self, run: Any, style_bold: bool) -> list[InlineRun]:
        rpr = run.find(f"{_W}rPr")
        bold = style_bold
        if rpr is not None:
            rstyle = rpr.find(f"{_W}rStyle")
            if rstyle is not None and self.styles.bold(rstyle.get(f"{_W}val")):
                bold = True
            direct = _on(rpr.find(f"{_W}b"))
            if direct is None:
                direct = _on(rpr.find(f"{_W}bCs"))
            if direct is not None:
                bold = direct
        pieces: list[str] = []
        for child in run:
            tag = child.tag
            if tag == f"{_W}t":
                pieces.append(child.text or "")
            elif tag in (f"{_W}tab", f"{_W}ptab"):
                pieces.append("\t")
            elif tag in (f"{_W}br", f"{_W}cr"):
                pieces.append("\n")
            elif tag == f"{_W}noBreakHyphen":
                pieces.append("-")
        return [InlineRun("".join(pieces), bold)] if pieces else []

    def text_boxes(self, paragraph: Any) -> list[Any]:
        # mc:AlternateContent holds the same box twice (DrawingML and VML): read the first choice only.
        return _TEXT_BOXES(paragraph)

    # -- blocks -----------------------------------------------------------------------------------------
    def body(self, container: Any) -> None:
        for child in container:
            if child.tag == f"{_W}p":
                self.paragraph(child)
            elif child.tag == f"{_W}tbl":
                self.table(child)
            elif child.tag in (f"{_W}sdt", f"{_W}customXml"):
                content = child.find(f"{_W}sdtContent")
                self.body(content if content is not None else child)

    def paragraph_numbering(self, paragraph: Any, style_id: str | None) -> tuple[str, int] | None:
        numpr = paragraph.find(f"{_W}pPr/{_W}numPr")
        if numpr is not None:
            return _numpr_values(numpr)
        return self.styles.numbering(style_id)

    def paragraph(self, paragraph: Any) -> None:
        self.paragraph_count += 1
        ref = f"paragraph {self.paragraph_count}"
        ppr = paragraph.find(f"{_W}pPr")
        style = ppr.find(f"{_W}pStyle") if ppr is not None else None
        style_id = style.get(f"{_W}val") if style is not None else None
        runs = self.runs(paragraph)
        text = runs_text(runs)
        if text:
            outline = ppr.find(f"{_W}outlineLvl") if ppr is not None else None
            level = (
                int(outline.get(f"{_W}val", "9"))
                if outline is not None
                else self.styles.outline_level(style_id)
            )
            numbering = self.paragraph_numbering(paragraph, style_id)
            if level is not None and level < 9:
                if numbering is not None:  # a numbered heading shows its number (1.2 ตัวชี้วัด …)
                    kind, marker = self.numbering.marker(*numbering)
                    text = f"{marker} {text}" if kind == "ordered" else text
                self.writer.heading(level + 1, text, ref)
            elif numbering is not None:
                kind, marker = self.numbering.marker(*numbering)
                self.writer.list_item(marker, text, ref)
            elif is_bold_only(runs) and "\n" not in "".join(run.text for run in runs).strip():
                self.writer.bold_heading(text, ref)
            else:
                self.writer.paragraph("".join(run.text for run in runs), ref)
        for box in self.text_boxes(paragraph):
            self.body(box)

    # -- tables -----------------------------------------------------------------------------------------
    def grid(self, table: Any) -> list[list[tuple[Any, int, int]]]:
        """Rows of (w:tc or None, colspan, rowspan) with vertical continuations as None: a merged cell is
        kept once, at its first grid position."""
        rows: list[list[tuple[Any, int, int]]] = []
        open_vertical: dict[int, list[int]] = {}  # column → [row index, position] of the merge's first cell
        for row_index, tr in enumerate(self._rows(table)):
            row: list[tuple[Any, int, int]] = []
            column = 0
            trpr = tr.find(f"{_W}trPr")
            before = trpr.find(f"{_W}gridBefore") if trpr is not None else None
            for _ in range(int(before.get(f"{_W}val", "0")) if before is not None else 0):
                row.append((None, 1, 1))
                column += 1
            for tc in self._cells(tr):
                tcpr = tc.find(f"{_W}tcPr")
                span_element = tcpr.find(f"{_W}gridSpan") if tcpr is not None else None
                span = max(1, int(span_element.get(f"{_W}val", "1"))) if span_element is not None else 1
                vmerge = tcpr.find(f"{_W}vMerge") if tcpr is not None else None
                continues = vmerge is not None and vmerge.get(f"{_W}val", "continue") == "continue"
                if continues and column in open_vertical:
                    first_row, position = open_vertical[column]
                    cell, colspan, rowspan = rows[first_row][position]
                    rows[first_row][position] = (cell, colspan, rowspan + 1)
                    row.append((None, 1, 1))
                else:
                    if vmerge is not None and not continues:
                        open_vertical[column] = [row_index, len(row)]
                    else:
                        open_vertical.pop(column, None)
                    row.append((tc, span, 1))
                for _ in range(span - 1):
                    row.append((None, 1, 1))
                column += span
            rows.append(row)
        return rows

    def _rows(self, table: Any) -> Iterator[Any]:
        """The table's rows, also those wrapped in content controls or custom XML."""
        return self._wrapped_children(table, f"{_W}tr")

    def _cells(self, tr: Any) -> Iterator[Any]:
        return self._wrapped_children(tr, f"{_W}tc")

    def _wrapped_children(self, parent: Any, tag: str) -> Iterator[Any]:
        """The ``tag`` children of ``parent``, looking inside content controls and custom XML."""
        for child in parent:
            if child.tag == tag:
                yield child
            elif child.tag in (f"{_W}sdt", f"{_W}customXml"):
                content = child.find(f"{_W}sdtContent")
                yield from self._wrapped_children(content if content is not None else child, tag)

    def cell_content(self, tc: Any) -> tuple[list[CellParagraph], list[str]]:
        paragraphs: list[CellParagraph] = []
        nested: list[str] = []
        for child in tc:
            if child.tag == f"{_W}p":
                ppr_style = child.find(f"{_W}pPr/{_W}pStyle")
                style_id = ppr_style.get(f"{_W}val") if ppr_style is not None else None
                numbering = self.paragraph_numbering(child, style_id)
                kind = self.numbering.marker(*numbering)[0] if numbering else ""
                paragraphs.append(CellParagraph(self.runs(child), kind))
                for box in self.text_boxes(child):
                    paragraphs.extend(CellParagraph(self.runs(p)) for p in box.iter(f"{_W}p"))
            elif child.tag == f"{_W}tbl":
                nested.append(self.nested_table(child))
            elif child.tag == f"{_W}sdt":
                content = child.find(f"{_W}sdtContent")
                if content is not None:
                    inner, inner_nested = self.cell_content(content)
                    paragraphs.extend(inner)
                    nested.extend(inner_nested)
        return paragraphs, nested

    def nested_table(self, table: Any) -> str:
        rows = []
        for row in self.grid(table):
            cells = []
            for tc, colspan, rowspan in row:
                if tc is None:
                    continue
                paragraphs, inner = self.cell_content(tc)
                text = " ".join([runs_text(p.runs) for p in paragraphs] + inner)
                cells.append((text, colspan, rowspan))
            rows.append(cells)
        return nested_table_html(rows)

    def table(self, table: Any) -> None:
        self.table_count += 1
        texts: list[list[str]] = []
        refs: list[str] = []
        grid = self.grid(table)
        if sum(len(row) for row in grid) > self.limits.max_cells:
            raise ReaderError(f"a table with more than {self.limits.max_cells} cells", path=self.file_name)
        width = max((len(row) for row in grid), default=0)
        for row_number, row in enumerate(grid, start=1):
            cells = []
            for tc, _colspan, _rowspan in row:
                if tc is None:
                    cells.append("")
                    continue
                paragraphs, nested = self.cell_content(tc)
                cells.append(cell_text(paragraphs, nested))
            cells.extend([""] * (width - len(cells)))
            texts.append(cells)
            refs.append(f"table {self.table_count} · row {row_number}")
        self.writer.table(texts, refs)


_NAMESPACES = {
    "w": W_NS,
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
}


# Text boxes of a paragraph: mc:AlternateContent holds each box twice (DrawingML and a VML fallback), so
# the fallback is skipped, and a box inside a box is read with its outer box.
_TEXT_BOXES = etree.XPath(
    ".//w:txbxContent[not(ancestor::mc:Fallback)][not(ancestor::w:txbxContent)]", namespaces=_NAMESPACES
)


def linked_content(archive: zipfile.ZipFile) -> list[str]:
    """Targets of external relationships that pull content into the document when it is opened (linked
    images, OLE objects, sub-documents, templates); hyperlinks are ordinary links and allowed."""
    from defusedxml import ElementTree

    found: list[str] = []
    for name in archive.namelist():
        if not name.endswith(".rels"):
            continue
        root = ElementTree.fromstring(archive.read(name))
        for relationship in root:
            if relationship.get("TargetMode") != "External":
                continue
            kind = relationship.get("Type", "")
            if kind.endswith(_LINKED_CONTENT_TYPES):
                found.append(relationship.get("Target", ""))
    return found


def _plain_body(data: bytes, document: Any, file_name: str) -> Any:
    """The body parsed again as plain lxml elements: python-docx's element classes make every child
    access several times slower, and the walk touches each element of a 400-page report. The parser
    resolves no entities and fetches nothing."""
    part_name = str(document.part.partname).lstrip("/")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read(part_name)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=True)
    root = etree.fromstring(xml, parser)
    body = root.find(f"{_W}body")
    if body is None:
        raise ReaderError("a Word document without a body / ไฟล์ Word ไม่มีเนื้อหา", path=file_name)
    return body


def render_docx(data: bytes, file_name: str, limits: ReaderLimits) -> Rendition:
    import docx  # python-docx; imported here so the text path does not need it
    from docx.opc.exceptions import PackageNotFoundError

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        linked = linked_content(archive)
    if linked:
        raise ReaderError(
            "the document pulls content from outside the file when opened (linked "
            f"{', '.join(sorted(set(linked))[:3])}); embed it or remove the link "
            "/ เอกสารดึงเนื้อหาจากภายนอกไฟล์ (ลิงก์ภายนอก) กรุณาฝังเนื้อหาไว้ในไฟล์หรือลบลิงก์ออก",
            path=file_name,
        )
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as error:
        raise ReaderError(
            f"not a readable Word document ({type(error).__name__}: {error}) " "/ ไม่ใช่ไฟล์ Word ที่อ่านได้",
            path=file_name,
        ) from None
    except Exception as error:  # lxml raises XMLSyntaxError for a damaged part
        raise ReaderError(
            f"damaged Word document ({type(error).__name__}: {error}) / ไฟล์ Word เสียหาย", path=file_name
        ) from None
    renderer = _DocxRenderer(document, file_name, limits)
    renderer.body(_plain_body(data, document, file_name))
    return renderer.writer.rendition()
