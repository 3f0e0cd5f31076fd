"""The weighted text boxes (``(  8%)``) of the diagram: dimensions, groups and KPIs."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ...thai import thai_to_arabic_digits
from .framework import _KPI_HEADER_RE, _NUMBER_START_RE, _WEIGHT_RE, _clean


@dataclass
class Box:
    """A text box with a weight: its code (``1.3.1``, ``3``, or empty), its label and where it is."""

    code: str
    label: str
    weight: Decimal
    line: int
    first_line: int


def read_boxes(lines: tuple[str, ...]) -> list[Box]:
    """The boxes that carry a weight; text without one (criteria, captions) belongs to no box."""
    boxes: list[Box] = []
    buffer: list[tuple[int, str]] = []
    for number, raw in enumerate(lines, start=1):
        if not raw or "\t" in raw:  # an empty line or a table value ends a box; a line of spaces does not
            buffer = []
            continue
        text = _clean(raw)
        if not text:
            continue
        weight = _WEIGHT_RE.search(text)
        if weight is None:
            buffer.append((number, text))
            continue
        head = text[: weight.start()].strip()
        if head:
            buffer.append((number, head))
        boxes.append(_box(buffer, Decimal(weight.group(1)), number))
        buffer = []
    return boxes


def _start_of(text: str) -> tuple[str, str] | None:
    """(code, rest of the line) when the line opens a box: a KPI number first, a ตัวชี้วัด header next."""
    number = _NUMBER_START_RE.match(thai_to_arabic_digits(text))
    if number:
        rest = text[len(text) - len(number.group(2)) :] if number.group(2) else ""
        return number.group(1), rest
    header = _KPI_HEADER_RE.match(text)
    if header:
        return "", header.group(1) or ""
    return None


def _box(buffer: list[tuple[int, str]], weight: Decimal, line: int) -> Box:
    """The box label starts at its last numbered line, else at its last ตัวชี้วัด header; captions and
    criteria above it are not part of it."""
    starts = [(index, start) for index, (_, text) in enumerate(buffer) if (start := _start_of(text))]
    numbered = [item for item in starts if item[1][0]]
    chosen = (numbered or starts or [(0, None)])[-1]
    index, start = chosen
    texts = [text for _, text in buffer[index:]]
    code = ""
    if start is not None and texts:
        code, rest = start
        texts[0] = rest
    label = " ".join(text for text in texts if text).strip().strip("()").strip()
    first_line = buffer[index][0] if buffer else line
    return Box(code, label, weight, line, first_line)
