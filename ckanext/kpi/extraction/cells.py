"""HTML inside table cells: paragraphs, list items, bold labels and nested tables.

The seeds encode lists inside a cell in eight ways (seed analysis §1.1, H10): inline ``1. … 2. …``,
``<p>1. …</p>``, ``<ol><li>1. …</li>``, ``<li>`` without numbers, bold sub-headings followed by a list,
``<ul>`` with ``- `` bullets, ``กิจกรรมที่ 1 … กิจกรรมที่ 2 …`` run inline, and bold ``กิจกรรมที่ n`` labels
continued on the next page. :func:`split_items` turns all of them into one list of :class:`CellItem`.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from itertools import pairwise

from .thai import thai_to_arabic_digits

_BLOCK_TAGS = {"p", "li", "ul", "ol", "div", "br", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}
_BOLD_TAGS = {"b", "strong"}
_WHITESPACE_RE = re.compile(r"\s+")
_TAG_HINT_RE = re.compile(r"<\s*/?\s*(?:p|li|ul|ol|b|strong|u|br|a|table|div|span|i|em)\b", re.IGNORECASE)


def collapse_whitespace(text: str) -> str:
    """Single spaces, no leading or trailing space; NBSP counts as a space."""
    return _WHITESPACE_RE.sub(" ", text.replace("\u00a0", " ")).strip()


@dataclass
class Segment:
    """A run of text inside one block element (``li``, ``p``) or between blocks (``text``)."""

    kind: str
    text: str
    bold_only: bool
    depth: int


@dataclass
class ParsedCell:
    segments: list[Segment]
    nested_tables: list[list[list[str]]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return collapse_whitespace(" ".join(segment.text for segment in self.segments))


class _CellParser(HTMLParser):
    """Flattens cell HTML into segments; nested ``<table>`` elements are collected, not flattened."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.segments: list[Segment] = []
        self.tables: list[list[list[str]]] = []
        self._containers: list[str] = []
        self._list_depth = 0
        self._bold_depth = 0
        self._buffer: list[tuple[str, bool]] = []
        self._table_depth = 0
        self._table_cell: list[str] | None = None

    # Text outside a nested table goes to the buffer; inside it goes to the current table cell.
    def handle_data(self, data: str) -> None:
        if self._table_depth:
            if self._table_cell is not None:
                self._table_cell.append(data)
            return
        self._buffer.append((data, self._bold_depth > 0))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" or self._table_depth:
            self._start_table_tag(tag, dict(attrs))
            return
        if tag in _BOLD_TAGS:
            self._bold_depth += 1
        elif tag in _BLOCK_TAGS:
            self._flush()
            if tag in ("ul", "ol"):
                self._list_depth += 1
            elif tag in ("li", "p"):
                self._containers.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._table_depth:
            self._end_table_tag(tag)
            return
        if tag in _BOLD_TAGS:
            self._bold_depth = max(0, self._bold_depth - 1)
        elif tag in _BLOCK_TAGS:
            self._flush()
            if tag in ("ul", "ol"):
                self._list_depth = max(0, self._list_depth - 1)
            elif tag in ("li", "p") and tag in self._containers:
                while self._containers and self._containers.pop() != tag:
                    pass

    def close(self) -> None:
        super().close()
        self._flush()

    def _flush(self) -> None:
        text = collapse_whitespace("".join(chunk for chunk, _ in self._buffer))
        if text:
            bold_text = collapse_whitespace("".join(chunk for chunk, bold in self._buffer if bold))
            kind = self._containers[-1] if self._containers else "text"
            self.segments.append(Segment(kind, text, bold_text == text, self._list_depth))
        self._buffer = []

    def _start_table_tag(self, tag: str, attrs: dict[str, str | None]) -> None:
        if tag == "table":
            if self._table_depth == 0:
                self._flush()
                self.tables.append([])
            self._table_depth += 1
        elif tag == "tr" and self._table_depth == 1:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self._table_depth == 1:
            self._table_cell = []
            self._table_colspan = int(attrs.get("colspan") or 1)

    def _end_table_tag(self, tag: str) -> None:
        if tag == "table":
            self._table_depth -= 1
        elif tag in ("td", "th") and self._table_cell is not None and self.tables and self.tables[-1]:
            row = self.tables[-1][-1]
            row.append(collapse_whitespace("".join(self._table_cell)))
            row.extend([""] * (self._table_colspan - 1))
            self._table_cell = None


def has_html(raw: str) -> bool:
    return bool(_TAG_HINT_RE.search(raw))


def parse_cell(raw: str) -> ParsedCell:
    """Parse one cell's raw text. Plain text becomes a single ``text`` segment."""
    if not has_html(raw):
        text = collapse_whitespace(html.unescape(raw))
        return ParsedCell([Segment("text", text, False, 0)] if text else [])
    parser = _CellParser()
    parser.feed(raw)
    parser.close()
    return ParsedCell(parser.segments, parser.tables)


def plain_text(raw: str) -> str:
    """The cell's text without markup, entities decoded, whitespace collapsed."""
    return parse_cell(raw).text


# --- items --------------------------------------------------------------------------------------------

# A marker at the start of an item: bullets, "1.", "๑.", "1)", "(1)".
_LEADING_MARKER_RE = re.compile(r"^(?:[-–•➤➢▶]\s*|\(?[0-9]{1,2}[.)](?![0-9])\s*)")
_ACTIVITY_LABEL_RE = re.compile(r"กิจกรรม(?:ที่)?\s*[0-9]{1,2}(?![0-9.])\s*:?")
_INLINE_BULLET_RE = re.compile(r"(?:(?<=\s)|^)[•➤➢▶](?=\s)")
_INLINE_ENUMERATOR_RE = re.compile(r"(?:(?<=\s)|^)([0-9]{1,2})\.(?![0-9])")


@dataclass
class CellItem:
    """One list item in a cell, with its marker removed and the group label it sits under."""

    text: str
    marker: str = ""
    group: str = ""
    is_group: bool = False
    part_index: int = 0  # which physical line of a glued cell the item starts on
    continued_on_part: int | None = None  # set when the item's text runs on into a later part


def _strip_marker(text: str) -> tuple[str, str]:
    normalised = thai_to_arabic_digits(text)
    match = _LEADING_MARKER_RE.match(normalised)
    if not match:
        return "", text
    return text[: match.end()].strip(), text[match.end() :].strip()


def sequential_enumerator_offsets(text: str, *, first_number: int | None = None) -> list[int]:
    """Offsets of inline enumerators ``1. … 2. … 3.`` that count up by one.

    Only a strictly sequential chain counts, so "ISO 9001", "10.5 ลบ." and "Thailand 4.0" never split a
    cell. The chain starts at 1, or at ``first_number`` (a list continued after a page break), or at any
    number when the text begins with it.
    """
    candidates = [
        (match.start(), int(match.group(1)))
        for match in _INLINE_ENUMERATOR_RE.finditer(thai_to_arabic_digits(text))
    ]
    offsets: list[int] = []
    expected: int | None = None
    for offset, number in candidates:
        if expected is None:
            if number == 1 or number == first_number or offset == 0:
                offsets, expected = [offset], number + 1
        elif number == expected:
            offsets.append(offset)
            expected += 1
    return offsets if len(offsets) > 1 or offsets == [0] else []


def _split_at(text: str, offsets: list[int]) -> list[str]:
    if not offsets:
        return [text]
    pieces = [text[: offsets[0]]] if offsets[0] > 0 else []
    bounds = [*offsets, len(text)]
    pieces.extend(text[start:end] for start, end in pairwise(bounds))
    return [piece.strip() for piece in pieces if piece.strip()]


def _split_running_text(text: str) -> list[str]:
    """Split a paragraph by ``กิจกรรมที่ n`` labels, else by inline bullets ``• a • b`` (001:429), else by a
    sequential inline enumeration."""
    labels = [match.start() for match in _ACTIVITY_LABEL_RE.finditer(thai_to_arabic_digits(text))]
    if labels:
        return _split_at(text, labels)
    bullets = [match.start() for match in _INLINE_BULLET_RE.finditer(text)]
    if len(bullets) > 1 or bullets == [0]:
        return _split_at(text, bullets)
    return _split_at(text, sequential_enumerator_offsets(text))


def _items_of_segment(segment: Segment, group: str) -> tuple[list[CellItem], str]:
    """Items of one segment and the group label that applies after it."""
    if segment.kind == "li":
        marker, text = _strip_marker(segment.text)
        return [CellItem(text, marker, group)], group
    items = []
    for piece in _split_running_text(segment.text):
        label_match = _ACTIVITY_LABEL_RE.match(thai_to_arabic_digits(piece))
        if label_match:
            marker = piece[: label_match.end()].rstrip(" :")
            rest = piece[label_match.end() :].strip()
            group = marker if not rest else f"{marker} {rest}"
            items.append(CellItem(rest or marker, marker, "", is_group=not rest))
        elif segment.bold_only:
            group = piece
            items.append(CellItem(piece, "", "", is_group=True))
        else:
            marker, text = _strip_marker(piece)
            items.append(CellItem(text, marker, group))
    return items, group


def split_items(raw: str, *, part_index: int = 0) -> list[CellItem]:
    """All list items of one cell's raw text (see the module docstring for the encodings)."""
    items: list[CellItem] = []
    group = ""
    for segment in parse_cell(raw).segments:
        new_items, group = _items_of_segment(segment, group)
        for item in new_items:
            item.part_index = part_index
        items.extend(new_items)
    return items


def split_glued_items(parts: list[str]) -> list[CellItem]:
    """Items of a cell glued from several physical lines (page-break continuation).

    An unmarked first item in a later part continues the previous part's last item mid-sentence
    (``…สินค้าผ่าน Temp`` + ``Pop-up Store จำนวน 12 ราย``, 000:57/61); a marked one starts a new item.
    """
    items: list[CellItem] = []
    for index, raw in enumerate(parts):
        part_items = split_items(raw, part_index=index)
        if index and items and part_items and not part_items[0].marker and not part_items[0].is_group:
            head = part_items.pop(0)
            items[-1].text = f"{items[-1].text} {head.text}".strip()
            items[-1].continued_on_part = index
        if items and items[-1].group:
            _inherit_group(items[-1].group, part_items)
        items.extend(part_items)
    return items


def _inherit_group(group: str, items: list[CellItem]) -> None:
    """The leading items of a later part stay in the previous part's group until a new group starts."""
    for item in items:
        if item.group or item.is_group or item.marker.startswith("กิจกรรม"):
            return
        item.group = group


def starts_with_marker(raw: str) -> bool:
    """True when a cell's first item is numbered, bulleted or an activity label."""
    items = split_items(raw)
    return bool(items) and (bool(items[0].marker) or items[0].is_group)
