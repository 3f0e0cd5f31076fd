"""The fiscal year and the role words a table inherits from the text around it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ...structure import Document
from ...thai import thai_to_arabic_digits

# A fiscal or calendar year named in a title or caption: ปีงบประมาณ พ.ศ. 2566, ประจำปี 2567, ปี พ.ศ. ๒๕๖๕.
# A span (พ.ศ. 2566-2570) names a plan period, not one year, and is skipped.
_YEAR_PHRASE_RE = re.compile(
    r"(?:ปีงบประมาณ|ปีงบฯ|ปี\s*งบประมาณ|ประจำปี|ปี|พ\.ศ\.|FY)\s*(?:พ\.ศ\.)?\s*(2[45][0-9]{2})(?!\s*[0-9])"
    r"(?!\s*[-–—]\s*(?:พ\.ศ\.)?\s*2[45][0-9]{2})",
    re.IGNORECASE,
)
_SPAN_BEFORE_RE = re.compile(r"2[45][0-9]{2}\s*[-–—]\s*$")
_TARGET_CONTEXT_RE = re.compile(r"เป้าหมาย|เกณฑ์การประเมิน|เกณฑ์การวัด|target", re.IGNORECASE)
_ACTUAL_CONTEXT_RE = re.compile(r"ผลการดำเนินงาน|ผลการปฏิบัติ|ผลงาน|รายงานผล|ผลการประเมิน|result", re.IGNORECASE)
_CONTEXT_LINES = 12
_MAX_LOOKBACK_LINES = 400  # a caption further up belongs to another part of the document


@dataclass(frozen=True)
class TableContext:
    fiscal_year_be: int | None
    fiscal_year_line: int | None
    fiscal_year_near: bool  # found in the lines just above the table, not only in the title
    role_hint: str  # target or actual when the caption names only one of them, else ''
    caption: str = ""  # the nearest text line above the table


_CE_PHRASE_RE = re.compile(r"(?:fiscal\s+year|FY|ค\.ศ\.)\s*(20[0-9]{2})(?![0-9])", re.IGNORECASE)


@lru_cache(maxsize=16384)
def year_of_line(text: str) -> int | None:
    normalised = thai_to_arabic_digits(text)
    common_era = _CE_PHRASE_RE.search(normalised)
    if common_era and not _YEAR_PHRASE_RE.search(normalised):
        return int(common_era.group(1)) + 543
    for match in _YEAR_PHRASE_RE.finditer(normalised):
        if _SPAN_BEFORE_RE.search(normalised[: match.start(1)]):
            continue
        return int(match.group(1))
    return None


def _is_table_row(line: str) -> bool:
    return "\t" in line or line.lstrip().startswith("|")


def table_context(document: Document, line_start: int) -> TableContext:
    """Look upwards from the table: the nearest caption line naming a year, then the document's start."""
    lines = document.source.lines
    year = year_line = None
    near = False
    hint_texts = []
    for number in range(line_start - 1, max(0, line_start - _MAX_LOOKBACK_LINES), -1):
        text = lines[number - 1]
        if not text.strip() or _is_table_row(text):
            continue
        if line_start - number <= _CONTEXT_LINES and len(hint_texts) < 3:
            hint_texts.append(text)
        found = year_of_line(text)
        if found:
            year, year_line = found, number
            near = line_start - number <= _CONTEXT_LINES
            break
    if year is None:
        for number, text in enumerate(lines[: min(len(lines), 30)], start=1):
            found = year_of_line(text)
            if found:
                year, year_line = found, number
                break
    hints = " ".join(hint_texts)
    has_target, has_actual = bool(_TARGET_CONTEXT_RE.search(hints)), bool(_ACTUAL_CONTEXT_RE.search(hints))
    role_hint = (
        "target" if has_target and not has_actual else "actual" if has_actual and not has_target else ""
    )
    return TableContext(year, year_line, near, role_hint, hint_texts[0].strip() if hint_texts else "")
