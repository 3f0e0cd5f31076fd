"""What the parts of the OPDC assessment form share: its patterns, column and level roles, the
summary entries and detail state, and the small value helpers."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ...cells import collapse_whitespace
from ...checks import warning
from ...grid import Column, Grid, GridCell
from ...model import ExtractionResult, Indicator, Observation
from ...thai import (
    ParsedValue,
    format_decimal,
    matching_key,
    parse_value,
    thai_to_arabic_digits,
)

_KPI_CODE_RE = re.compile(r"^(?:[0-9]+(?:\.[0-9]+)+|[0-9]+\))$")
_COMPONENT_RE = re.compile(r"^องค์ประกอบที่\s*([0-9]+)\s*(.*)$")
_YEAR_RE = re.compile(r"^(?:ปี\s*)?(?:พ\.ศ\.\s*)?(25[0-9]{2})$")
_YEAR_IN_LABEL_RE = re.compile(r"(25[0-9]{2})")
_CRITERION_END_RE = re.compile(r"\(\s*([0-9]+)\s*คะแนน\s*\)")
_BULLET_RE = re.compile(r"^[•\-–]\s*")
_KPI_HEADING_RE = re.compile(r"^(?:ตัวชี้วัดที่\s*)?([0-9]+(?:\.[0-9]+)+)\s+\S")
_SUB_KPI_HEADING_RE = re.compile(r"^ตัวชี้วัดย่อยที่\s*([0-9]+\))")
_WEIGHT_IN_HEADING_RE = re.compile(r"\((?:น้ำหนัก|นำหน้า)\s*ร้อยละ\s*([0-9.]+)\s*\)")
_OBJECTIVES_RE = re.compile(r"วัตถุประสงค์การจัดตั้ง\s*ข้อที่\s*([0-9, ]+)")
_GROUP_RE = re.compile(r"กลุ่มที่\s*([0-9]+)")
_RATIO_RE = re.compile(r"^(.+?)\s*=\s*(.+)$")
_PART_SUM_RE = re.compile(r"ปี\s*([0-9]{2})\s*=\s*(?:ประมาณการ\s*)?([0-9][0-9,]*(?:\.[0-9]+)?)")
_AVERAGE_RE = re.compile(r"เฉลี่ย\s*ร้อยละ\s*([0-9]+(?:\.[0-9]+)?)")
_REFERENCE_NO_RE = re.compile(r"^ที่\s+(นร\s*[0-9๐-๙]+/[0-9๐-๙ว]+)")
_SCOPE_FACT_RE = re.compile(r"^[0-9]+\.\s*(.+?)\s*:\s*(.+)$")
_SCOPE_TABLE_HEADER = "ภารกิจหลักที่เกี่ยวข้องกับประเด็น"
_LEVELS = (("50", "ขั้นต่ำ"), ("75", "มาตรฐาน"), ("100", "ขั้นสูง"))


def level_role(label: str) -> str | None:
    """``เป้าหมายขั้นต่ำ (50 คะแนน)``, ``เป้าหมายมาตรฐาน (๗๕)``, ``เป้าหมายขั้นสูง`` → target_level_50/75/100."""
    normalised = thai_to_arabic_digits(label)
    for points, word in _LEVELS:
        if f"({points}" in normalised or word in normalised:
            return f"target_level_{points}"
    return None


def column_role(column: Column) -> tuple[str, int | None] | None:
    """(value_role, fiscal_year_be) of a summary-table column from its merged header."""
    label = thai_to_arabic_digits(column.label)
    if "น้ำหนัก" in label:
        return "weight", None
    level = level_role(label)
    year_match = _YEAR_IN_LABEL_RE.search(thai_to_arabic_digits(column.sub)) or _YEAR_IN_LABEL_RE.search(
        label
    )
    year = int(year_match.group(1)) if year_match else None
    if level:
        return level, year
    if "ผลการดำเนินงาน" in label and year:
        return "actual", year
    return None


def _has_thai_letters(text: str) -> bool:
    return any("\u0e01" <= ch <= "\u0e2e" for ch in text)


def split_criteria(text: str) -> list[tuple[str, Decimal | None]]:
    """Text criteria with their points: ``… (15 คะแนน) … (10 คะแนน)`` → two criteria (001:113, 001:413)."""
    criteria = []
    position = 0
    for match in _CRITERION_END_RE.finditer(text):
        criteria.append((text[position : match.end()], Decimal(match.group(1))))
        position = match.end()
    rest = text[position:]
    if rest.strip():
        criteria.append((rest, None))
    return [
        (_BULLET_RE.sub("", collapse_whitespace(piece)), points)
        for piece, points in criteria
        if piece.strip()
    ]


@dataclass
class _SummaryEntry:
    indicator: Indicator
    targets: dict[str, str] = field(default_factory=dict)  # value_role → cell text


@dataclass
class _DetailState:
    code: str = ""
    section: str = "kpi_detail"
    described: bool = False
    group: str = ""  # the PMQA group (กลุ่มที่ n) named most recently
    pending_line: int | None = None  # a คำอธิบาย with no heading before it (001:282)
    deferred: list[Grid] = field(default_factory=list)  # tables met before that KPI is known

    @property
    def kpi(self) -> str:
        """The KPI code without a sub-indicator suffix (3.1.1 for 3.1.1-1))."""
        return self.code.split("-")[0]

    def start_kpi(self, code: str) -> None:
        if code != self.kpi:
            self.code, self.described, self.pending_line, self.group = code, False, None, ""


def _direction(low: Observation | None, high: Observation | None) -> str:
    """higher_better when the 100-point target is above the 50-point one, lower_better when below."""
    if low is None or high is None:
        return ""
    if low.value_num is not None and high.value_num is not None and low.value_num != high.value_num:
        return "higher_better" if high.value_num > low.value_num else "lower_better"
    if low.comparator == "<" and high.comparator == ">":
        return "higher_better"
    return ""


def _add_cell_value(
    result: ExtractionResult,
    indicator_id: str,
    role: str,
    cell: GridCell,
    value: ParsedValue | None = None,
    **extra: Any,
) -> Observation | None:
    """One observation for a non-blank cell; a blank cell carries no value and gives none."""
    if not cell.text:
        return None
    observation = Observation.from_value(
        indicator_id, role, value or parse_value(cell.text), cell.lines, **extra
    )
    result.add("observations", observation)
    return observation


def _points_text(points: list[Decimal | None]) -> str:
    return ", ".join(format_decimal(value) if value is not None else "-" for value in points) or "none"


def _set_unit(indicator: Indicator, observations: list[Observation], result: ExtractionResult) -> None:
    """The indicator's unit is its values' most common unit; values printed without one are reported (H19)."""
    numeric = [o for o in observations if o.value_num is not None]
    units = Counter(o.unit for o in numeric if o.unit)
    if not units:
        return
    indicator.unit = units.most_common(1)[0][0]
    indicator.unit_noun = next(o.unit_noun for o in numeric if o.unit == indicator.unit)
    unitless = [o for o in numeric if not o.unit]
    if unitless:
        result.add(
            "findings",
            warning(
                "unit_missing",
                f"{indicator.indicator_id}: {len(unitless)} values print no "
                f"unit while the others use {indicator.unit_noun}",
                unitless[0].source_line,
                owner_code=indicator.indicator_id,
            ),
        )


def _same_value(detail: str, summary: str) -> bool:
    """Equal numbers and comparators count as the same target even when a unit is missing or misspelt."""
    left, right = parse_value(detail), parse_value(summary)
    if left.value_num is not None and right.value_num is not None:
        return (left.value_num, left.comparator) == (right.value_num, right.comparator)
    return _comparable(detail) == _comparable(summary)


def _comparable(text: str) -> str:
    return matching_key(text)


def _ratio_value(text: str) -> ParsedValue:
    """``6,933,463.58 = 250.71`` (total cost = cost per sample, 001:316): value and alternate."""
    match = _RATIO_RE.match(text)
    if not match:
        return parse_value(text)
    left, right = parse_value(match.group(1)), parse_value(match.group(2))
    if left.value_num is None or right.value_num is None:
        return parse_value(text)
    left.text_original = text
    left.value_num_alt = right.value_num
    return left
