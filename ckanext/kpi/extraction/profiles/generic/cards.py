"""KPI detail pages: a heading names the indicator (``ตัวชี้วัดที่ 1.1.2 ความสำเร็จ …``) and the small
tables under it have no indicator column, only years or roles (``2565 2566 … 2569`` under a caption
เป้าหมายตามแผน…; ``ผลการดำเนินงาน | - | - | 3 แห่ง`` under ข้อมูลพื้นฐาน; น้ำหนัก | 50 | 75 | 100).

The indicator is the heading's; the role comes from the column header, else the row label, else the
caption; a caption naming baseline data (ข้อมูลพื้นฐาน, ค่าฐาน) makes past results baselines and a
caption naming a plan's targets (เป้าหมายตามแผน) makes yearly targets plan targets. In a table whose
columns name years, a column without a year (a plan total) is not given the caption's year: it is left out.
A row labelled with something other than a role (a component series such as จำนวนตัวอย่างที่ตรวจสอบ) is
not the indicator's value and is left out too.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from decimal import Decimal

from ...grid import Grid
from ...model import Observation
from ...structure import Document
from ...thai import parse_number, thai_to_arabic_digits
from .context import TableContext
from .reader import GenericReading, review, split_name
from .values import read_cell
from .vocabulary import ColumnMeaning, is_header_label, role_of_label

_HEADING_KPI_RE = re.compile(r"^\s*ตัวชี้วัด(?:ที่)?\s*([0-9]+(?:\.[0-9]+)*)?\s*[:：]?\s+(?P<name>[^/].{5,300})$")
_BASELINE_CAPTION_RE = re.compile(r"ข้อมูลพื้นฐาน|ค่าฐาน|ข้อมูลฐาน|baseline", re.IGNORECASE)
_PLAN_CAPTION_RE = re.compile(r"เป้าหมาย.{0,40}แผน|แผน.{0,40}เป้าหมาย")
_MAX_HEADING_DISTANCE = 80
HEADING_FACTOR = 0.8  # the indicator is named above the table, not in it


def heading_indicator(document: Document, line_start: int) -> tuple[str, str, int] | None:
    """(code, name, line) of the nearest ``ตัวชี้วัด(ที่ n) name`` heading or paragraph above the table."""
    # The blocks are in line order: start at the last one above the table and walk back.
    position = bisect_left(document.blocks, line_start, key=lambda block: block.line_start)
    for block in reversed(document.blocks[max(0, position - _MAX_HEADING_DISTANCE) : position]):
        if line_start - block.line_start > _MAX_HEADING_DISTANCE:
            return None
        if block.is_table:
            continue
        match = _HEADING_KPI_RE.match(thai_to_arabic_digits(block.text))
        if match and not is_header_label(match.group("name")):
            code = match.group(1) or ""
            _code, name = split_name(block.text[match.start("name") :])
            return code, name.strip(), block.line_start
    return None


def _caption_role(context: TableContext, grid: Grid, meanings: list[ColumnMeaning]) -> str:
    caption = context.caption
    if _BASELINE_CAPTION_RE.search(caption):
        return "baseline"
    years = sum(1 for meaning in meanings if meaning.fiscal_year_be)
    if _PLAN_CAPTION_RE.search(caption) and years >= 2:
        return "plan_target"
    return role_of_label(caption)


def read_card_table(
    document: Document,
    grid: Grid,
    meanings: list[ColumnMeaning],
    heading: tuple[str, str, int],
    context: TableContext,
    reading: GenericReading,
    layout_factor: float,
) -> int:
    """Observations of one table under a KPI heading; returns how many were read."""
    code, name, heading_line = heading
    caption_role = _caption_role(context, grid, meanings)
    has_year_columns = any(meaning.fiscal_year_be for meaning in meanings)
    label_column = 0 if meanings and meanings[0].kind in ("unknown", "ignored") else None
    year_factor = 1.0 if context.fiscal_year_near else 0.9 if context.fiscal_year_be else 0.75
    confidence = layout_factor * HEADING_FACTOR
    indicator = None
    read = 0
    for row in grid.rows:
        label = row.text(label_column) if label_column is not None else ""
        row_role = role_of_label(label) if label else ""
        if label and not row_role:
            continue  # a row of another series (its own label, not a role): not the indicator's value
        for index, meaning in enumerate(meanings):
            if index == label_column or index >= len(row.cells) or row.cells[index].is_empty:
                continue
            cell = row.cells[index]
            if meaning.kind == "weight":
                number = parse_number(cell.text.replace("%", "").strip())
                if number and Decimal(0) <= number.value <= Decimal(100):
                    indicator = indicator or reading.indicator_for(
                        name, name, code, [heading_line], f"H{heading_line}"
                    )
                    indicator.weight_pct = indicator.weight_pct or number.value
                continue
            if meaning.kind != "value":
                continue
            role = meaning.role or row_role or caption_role
            if caption_role == "baseline" and role == "actual":
                role = "baseline"
            if caption_role == "plan_target" and role in ("target", ""):
                role = "plan_target"
            year = meaning.fiscal_year_be
            if not role or (
                has_year_columns and not year and not role.startswith(("target_level", "score_level"))
            ):
                continue  # no role said, or a total over the years of a plan
            value = read_cell(cell.text)
            score = confidence * (1.0 if year else year_factor)
            if not value.clear or score < reading.settings.min_confidence:
                reading.findings.append(
                    review(
                        f"{name[:60]}: {meaning.label} cell {cell.text!r} not read "
                        f"({value.reason or f'confidence {score:.2f}'})",
                        cell.line,
                        stated=cell.text,
                    )
                )
                continue
            indicator = indicator or reading.indicator_for(
                name, name, code, [heading_line], f"H{heading_line}"
            )
            reading.add_observation(
                Observation.from_value(
                    indicator.indicator_id,
                    role,
                    value.value,
                    list(cell.lines),
                    fiscal_year_be=year or context.fiscal_year_be,
                    quarter=meaning.quarter,
                    source_section=f"H{heading_line}:{meaning.label or role}"[:120],
                )
            )
            read += 1
    return read
