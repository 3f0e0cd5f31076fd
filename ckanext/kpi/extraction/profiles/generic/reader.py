"""Tables to indicators and observations: the header says what each column is, each cell gives a value
with a confidence, and a row the reader is unsure of becomes a ``needs_review`` finding, never a value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ...checks import info, warning
from ...grid import Grid, GridCell, GridRow
from ...model import Finding, Indicator, Observation, lines_text
from ...structure import Document
from ...thai import ParsedValue, Unit, find_embedded_target, matching_key, parse_number, thai_to_arabic_digits
from ..base import cell_items
from .context import TableContext, table_context
from .detect import Candidate
from .settings import GenericSettings
from .values import read_cell, unit_of_label
from .vocabulary import ColumnMeaning, classify_column, year_in_label

_ENUMERATOR_RE = re.compile(r"^\s*(?:ตัวชี้วัด(?:ที่)?\s*)?(\(?[0-9]{1,2}(?:\.[0-9]{1,2}){0,3}[.)]?)\s+(?=\S)")
_TOTAL_RE = re.compile(r"^(?:รวม|รวมทั้งสิ้น|รวมทั้งหมด|ผลรวม|total|เฉลี่ย|ค่าเฉลี่ย)\b", re.IGNORECASE)
_NAME_UNIT_RE = re.compile(r"\s*\(([^()]{1,15})\)\s*$")
_ONLY_NUMBER_RE = re.compile(r"^[\s0-9.,%\-–()]+$")
_GROUP_LABEL_RE = re.compile(
    r"^(?:ผลผลิต|ผลลัพธ์|ยุทธศาสตร์|เป้าประสงค์|แผนงาน|โครงการ|กลยุทธ์|มิติ|ด้าน)\s*(?:ที่)?\s*[0-9]*\s*[:：]"
)

EMBEDDED_FACTOR = 0.8  # a target read out of an indicator's own text
LAYOUT_FACTOR = {
    "tsv": 1.0,
    "pipe": 1.0,
    "html": 1.0,
    "key_value": 1.0,
    "space_aligned": 0.9,
    "cell_per_line": 0.9,
    "statement": 0.9,
    "mapping": 1.0,
}


@dataclass
class ValueColumn:
    index: int
    meaning: ColumnMeaning
    role: str
    fiscal_year_be: int | None
    factor: float  # 1 when the header names the role, lower when it came from the caption
    unit: Unit | None = None  # a unit the header names: ค่าเป้าหมาย (ร้อยละ), ผลการดำเนินงาน (ล้านบาท)


@dataclass
class TablePlan:
    """How one table is read: the indicator column, the value columns and the columns around them."""

    indicator_column: int
    value_columns: list[ValueColumn]
    weight_column: int | None = None
    unit_column: int | None = None
    fiscal_year_column: int | None = None
    indicator_factor: float = 1.0
    skip_rows: frozenset[int] = frozenset()  # source lines an admin mapping says to skip
    fiscal_year_be: int | None = None  # from a mapping: overrides the caption
    default_unit: str = ""
    header_width: int = 0  # columns in the header; a row with more cells may carry an unlabelled code


@dataclass
class GenericReading:
    """Everything the generic reader produced for one document."""

    settings: GenericSettings
    indicators: list[Indicator] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    tables: list[dict[str, Any]] = field(default_factory=list)
    _by_key: dict[str, Indicator] = field(default_factory=dict)
    _observed: dict[tuple[str, str, int | None, int | None], Observation] = field(default_factory=dict)
    _per_table: dict[str, int] = field(default_factory=dict)

    def indicator_for(
        self, name: str, original: str, code: str, lines: list[int], table_id: str
    ) -> Indicator:
        # One indicator per name within a table: the same wording in another table may be another
        # project's KPI (a target table and its result table are joined later, in names.py).
        key = f"{table_id}|{matching_key(name)}"
        existing = self._by_key.get(key)
        if existing is not None:
            return existing
        indicator = Indicator(
            indicator_id=f"{table_id}#K{self._count_in(table_id) + 1}",
            code=code,
            name=name,
            owner_type="organisation",
            owner_code="",
            source_line=lines[0],
            name_text_original=original,
            source_lines=lines_text(lines),
            level="generic",
        )
        self._by_key[key] = indicator
        self.indicators.append(indicator)
        return indicator

    def _count_in(self, table_id: str) -> int:
        self._per_table[table_id] = self._per_table.get(table_id, 0) + 1
        return self._per_table[table_id] - 1

    def add_observation(self, observation: Observation) -> None:
        key = (
            observation.indicator_id,
            observation.value_role,
            observation.fiscal_year_be,
            observation.quarter,
        )
        previous = self._observed.get(key)
        if previous is None:
            self._observed[key] = observation
            self.observations.append(observation)
            return
        if (previous.value_num, previous.status) != (observation.value_num, observation.status):
            self.findings.append(
                warning(
                    "value_differs_between_tables",
                    f"{observation.indicator_id} {observation.value_role} "
                    f"{observation.fiscal_year_be or ''}: "
                    f"line {previous.source_line} says {previous.value_text_original!r}, line "
                    f"{observation.source_line} says {observation.value_text_original!r}; the first is kept",
                    observation.source_line,
                    owner_code=observation.indicator_id,
                    stated=observation.value_text_original,
                    computed=previous.value_text_original,
                )
            )


def review(rule_detail: str, line: int, *, owner: str = "", stated: str = "") -> Finding:
    return warning("needs_review", rule_detail, line, owner_code=owner, stated=stated)


def plan_table(grid: Grid, context: TableContext) -> tuple[TablePlan | None, list[ColumnMeaning]]:
    """The reading plan of a table, or None when it is not a KPI table (no indicator or no value column)."""
    meanings = [classify_column(column.group, column.sub) for column in grid.columns]
    indicator = next((index for index, meaning in enumerate(meanings) if meaning.kind == "indicator"), None)
    indicator_factor = 1.0
    if indicator is None:
        indicator = _text_column(grid, meanings)
        indicator_factor = 0.75
    values = []
    for index, meaning in enumerate(meanings):
        if meaning.kind != "value" or index == indicator:
            continue
        role = meaning.role or context.role_hint
        if not role:
            continue
        factor = 0.8 if meaning.role_from_context else 1.0
        suffix = _NAME_UNIT_RE.search(meaning.label)
        unit = unit_of_label(suffix.group(1)) if suffix else None
        values.append(ValueColumn(index, meaning, role, meaning.fiscal_year_be, factor, unit))
    weight = next((i for i, m in enumerate(meanings) if m.kind == "weight"), None)
    if indicator is None or (not values and weight is None):
        return None, meanings
    return (
        TablePlan(
            indicator_column=indicator,
            value_columns=values,
            weight_column=weight,
            unit_column=next((i for i, m in enumerate(meanings) if m.kind == "unit"), None),
            fiscal_year_column=next((i for i, m in enumerate(meanings) if m.kind == "fiscal_year"), None),
            indicator_factor=indicator_factor,
        ),
        meanings,
    )


def _text_column(grid: Grid, meanings: list[ColumnMeaning]) -> int | None:
    """Without an indicator label: the unlabelled column of long texts (most rows, no numbers)."""
    best, best_score = None, 0.0
    for index, meaning in enumerate(meanings):
        if meaning.kind not in ("unknown",):
            continue
        texts = [row.text(index) for row in grid.rows]
        long_texts = [
            t for t in texts if len(t) >= 12 and not _ONLY_NUMBER_RE.match(thai_to_arabic_digits(t))
        ]
        score = len(long_texts) / max(len(texts), 1)
        if score > best_score:
            best, best_score = index, score
    return best if best_score >= 0.6 else None


def split_name(text: str) -> tuple[str, str]:
    """(code, name): a leading enumerator (``1.``, ``๒.๑``, ``ตัวชี้วัดที่ 3``) becomes the code."""
    normalised = thai_to_arabic_digits(text)
    match = _ENUMERATOR_RE.match(normalised)
    if not match:
        return "", text.strip()
    code = match.group(1).strip("().")
    return code, text[match.end() :].strip()


def _default_unit(name: str, unit_text: str) -> Unit | None:
    if unit_text:
        return unit_of_label(unit_text)
    suffix = _NAME_UNIT_RE.search(name)
    if suffix:
        unit = unit_of_label(suffix.group(1))
        if unit and unit.code != "count":
            return unit
    if name.startswith("ร้อยละ") or name.startswith("สัดส่วนร้อยละ"):
        return Unit("pct", "ร้อยละ")
    return None


def _row_fiscal_year(row: GridRow, plan: TablePlan, context: TableContext) -> tuple[int | None, float]:
    if plan.fiscal_year_be:
        return plan.fiscal_year_be, 1.0
    if plan.fiscal_year_column is not None:
        year = year_in_label("ปี " + thai_to_arabic_digits(row.text(plan.fiscal_year_column)))
        if year:
            return year, 1.0
    if context.fiscal_year_be:
        return context.fiscal_year_be, 1.0 if context.fiscal_year_near else 0.9
    return None, 0.75


_CODE_CELL_RE = re.compile(r"^\(?[0-9]{1,2}(?:\.[0-9]{1,2}){0,3}[.)]?$")


def _unshift(row: GridRow, plan: TablePlan) -> tuple[GridRow, str]:
    """A row with a code cell the header has no column for (``1.1.3`` before the name): its cells from
    the indicator column on are moved back by the number of extra cells, and the code is kept."""
    width = 1 + max(
        [plan.indicator_column, *(c.index for c in plan.value_columns)]
        + [i for i in (plan.weight_column, plan.unit_column) if i is not None]
    )
    used = len(row.cells)
    while used and row.cells[used - 1].is_empty:
        used -= 1
    extra = used - max(width, plan.header_width)
    index = plan.indicator_column
    if extra <= 0 or index + extra >= used:
        return row, ""
    codes = [row.cells[i].text for i in range(index, index + extra)]
    if not all(_CODE_CELL_RE.match(thai_to_arabic_digits(code)) for code in codes):
        return row, ""
    cells = row.cells[:index] + row.cells[index + extra :]
    return GridRow(cells, row.lines, row.glue_confidence), codes[-1].strip("().")


def _cell(row: GridRow, index: int) -> GridCell | None:
    return row.cells[index] if index < len(row.cells) and not row.cells[index].is_empty else None


def read_table(
    document: Document,
    candidate: Candidate,
    table_id: str,
    reading: GenericReading,
    *,
    plan: TablePlan | None = None,
    reader: str = "generic",
    self_contained_only: bool = False,
) -> dict[str, Any]:
    """Read one table into ``reading``; returns its report for document.json."""
    grid = candidate.grid
    context = table_context(document, grid.line_start)
    meanings = [classify_column(column.group, column.sub) for column in grid.columns]
    if plan is None:
        plan, meanings = plan_table(grid, context)
    report: dict[str, Any] = {
        "table": table_id,
        "layout": candidate.kind,
        "line_start": grid.line_start,
        "line_end": grid.line_end,
        "reader": reader,
        "columns": [
            {
                "index": index,
                "label": column.label,
                "kind": meaning.kind,
                "role": meaning.role,
                "fiscal_year_be": meaning.fiscal_year_be,
                "quarter": meaning.quarter,
            }
            for index, (column, meaning) in enumerate(zip(grid.columns, meanings, strict=False))
        ],
        "fiscal_year_be": context.fiscal_year_be,
        "fiscal_year_line": context.fiscal_year_line,
    }
    names_column = next((i for i, m in enumerate(meanings) if m.kind == "indicator"), None)
    if names_column is None:
        names_column = _text_column(grid, meanings)
    if names_column is not None and not context.role_hint and reader == "generic":
        _note_roleless_columns(reading, grid, meanings, table_id, names_column)
    if plan is None:
        indicator = next((i for i, m in enumerate(meanings) if m.kind == "indicator"), None)
        if indicator is None:
            from .cards import heading_indicator, read_card_table

            heading = None if self_contained_only else heading_indicator(document, grid.line_start)
            has_values = any(m.kind in ("value", "weight") for m in meanings)
            if heading is None or not has_values:
                report.update(status="not_a_kpi_table", observations=0, rows_for_review=0)
                return report
            factor = LAYOUT_FACTOR.get(candidate.kind, 0.9)
            read = read_card_table(document, grid, meanings, heading, context, reading, factor)
            report.update(
                status="read", indicator_from_heading_line=heading[2], observations=read, rows_for_review=0
            )
            return report
        # An indicator column and no value column: the targets are written into the indicator texts.
        before = len(reading.observations)
        factor = LAYOUT_FACTOR.get(candidate.kind, 0.9) * EMBEDDED_FACTOR
        for row in grid.rows:
            _read_embedded(row, indicator, context, reading, table_id, factor)
        report.update(
            status="read",
            indicator_column=indicator,
            targets_in_indicator_text=True,
            observations=len(reading.observations) - before,
            rows_for_review=0,
        )
        return report
    plan.header_width = plan.header_width or grid.width
    report["indicator_column"] = plan.indicator_column
    observations_before, reviews = len(reading.observations), 0
    layout_factor = LAYOUT_FACTOR.get(candidate.kind, 0.9)
    for row in grid.rows:
        reviews += _read_row(row, plan, context, reading, table_id, layout_factor)
    report.update(
        status="read",
        observations=len(reading.observations) - observations_before,
        rows_for_review=reviews,
    )
    return report


def _read_row(
    row: GridRow,
    plan: TablePlan,
    context: TableContext,
    reading: GenericReading,
    table_id: str,
    layout_factor: float,
) -> int:
    """Observations of one row; returns the number of review findings it produced."""
    if set(row.lines) & plan.skip_rows:
        return 0
    row, shifted_code = _unshift(row, plan)
    name_cell = _cell(row, plan.indicator_column)
    if name_cell is None:
        return 0
    original = name_cell.text
    code, name = split_name(original.replace("**", "").strip())
    code = code or shifted_code
    if not name or _ONLY_NUMBER_RE.match(thai_to_arabic_digits(name)) or _TOTAL_RE.match(name):
        return 0
    unit_text = row.text(plan.unit_column) if plan.unit_column is not None else plan.default_unit
    default_unit = _default_unit(name, unit_text)
    fiscal_year, year_factor = _row_fiscal_year(row, plan, context)
    base = (
        layout_factor * plan.indicator_factor * (0.5 if len(name) < 4 or _GROUP_LABEL_RE.match(name) else 1.0)
    )
    pending: list[tuple[Observation, float]] = []
    reviews: list[Finding] = []
    weight: Decimal | None = None
    if plan.weight_column is not None and (weight_cell := _cell(row, plan.weight_column)) is not None:
        number = parse_number(weight_cell.text.replace("%", "").strip())
        if number and Decimal(0) <= number.value <= Decimal(100):
            weight = number.value
        elif weight_cell.text.strip() not in ("-", "–"):
            reviews.append(
                review(
                    f"weight cell {weight_cell.text!r} is not one number",
                    weight_cell.line,
                    stated=weight_cell.text,
                )
            )
    for column in plan.value_columns:
        cell = _cell(row, column.index)
        if cell is None:
            continue
        reading_ = read_cell(cell.text, default_unit=default_unit or column.unit)
        if not reading_.clear:
            reviews.append(
                review(
                    f"{name[:60]}: {column.meaning.label or column.role} cell {cell.text!r} not read "
                    f"({reading_.reason})",
                    cell.line,
                    stated=cell.text,
                )
            )
            continue
        year = column.fiscal_year_be or fiscal_year
        confidence = base * column.factor * (1.0 if column.fiscal_year_be else year_factor)
        observation = Observation.from_value(
            "",
            column.role,
            reading_.value,
            list(cell.lines),
            fiscal_year_be=year,
            quarter=column.meaning.quarter,
            source_section=f"{table_id}:{column.meaning.label or column.role}"[:120],
        )
        pending.append((observation, confidence))
    if not pending and weight is None:
        reading.findings.extend(reviews)
        return len(reviews)
    confident = [item for item in pending if item[1] >= reading.settings.min_confidence]
    for observation, confidence in pending:
        if confidence < reading.settings.min_confidence:
            reviews.append(
                review(
                    f"{name[:60]}: {observation.value_role} {observation.value_text_original!r} read with "
                    "confidence "
                    f"{confidence:.2f}, below the threshold {reading.settings.min_confidence}",
                    observation.source_line,
                    stated=observation.value_text_original,
                )
            )
    if not confident and weight is None:
        reading.findings.extend(reviews)
        return len(reviews)
    indicator = reading.indicator_for(name, original, code, list(name_cell.lines), table_id)
    if weight is not None and indicator.weight_pct is None:
        indicator.weight_pct = weight
    if default_unit and not indicator.unit:
        indicator.unit, indicator.unit_noun = default_unit.code, default_unit.noun
    for observation, _confidence in confident:
        observation.indicator_id = indicator.indicator_id
        reading.add_observation(observation)
    for finding in reviews:
        finding.owner_code = indicator.indicator_id
    reading.findings.extend(reviews)
    return len(reviews)


def _note_roleless_columns(
    reading: GenericReading, grid: Grid, meanings: list[ColumnMeaning], table_id: str, names_column: int
) -> None:
    """Year or quarter columns of a KPI-looking table that no header or caption gives a role: a finding
    (a mapping can say what they are), never a guessed value."""
    for index, meaning in enumerate(meanings):
        if meaning.kind == "value" and not meaning.role and index != names_column:
            reading.findings.append(
                info(
                    "generic_column_role_unknown",
                    f"table {table_id} at line {grid.line_start}: column {meaning.label!r} names a year or "
                    "quarter but neither the header nor the caption says target or result; not read (a "
                    "mapping can say it)",
                    grid.line_start,
                )
            )


def _read_embedded(
    row: GridRow, column: int, context: TableContext, reading: GenericReading, table_id: str, factor: float
) -> None:
    """Each item of an indicator cell whose text ends with its target (``… ไม่น้อยกว่าร้อยละ 80``)."""
    cell = _cell(row, column)
    if cell is None:
        return
    year_factor = 1.0 if context.fiscal_year_near else 0.9 if context.fiscal_year_be else 0.75
    for item, lines in cell_items(cell):
        if item.is_group:
            continue
        target, name = find_embedded_target(item.text)
        if target is None or target.in_parentheses or len(name) < 6:
            continue
        confidence = factor * year_factor
        if confidence < reading.settings.min_confidence:
            reading.findings.append(
                review(
                    f"{name[:60]}: target in the indicator text read with confidence {confidence:.2f}",
                    lines[0],
                    stated=item.text[:200],
                )
            )
            continue
        code, name = split_name(name)
        indicator = reading.indicator_for(name, item.text, code, lines, table_id)
        comparator = target.comparator or "="
        value = ParsedValue(item.text, comparator=comparator, value_num=target.number.value, unit=target.unit)
        observation = Observation.from_value(
            indicator.indicator_id,
            "target",
            value,
            lines,
            fiscal_year_be=context.fiscal_year_be,
            source_section=f"{table_id}:indicator_text",
        )
        if target.unit and not indicator.unit:
            indicator.unit, indicator.unit_noun = target.unit.code, target.unit.noun
        reading.add_observation(observation)


def note_unread(reading: GenericReading, report: dict[str, Any]) -> None:
    if report.get("status") == "read" and report.get("observations", 0) == 0:
        reading.findings.append(
            info(
                "generic_table_without_values",
                f"table {report['table']} at line {report['line_start']} has KPI columns but no value "
                "was read",
                report["line_start"],
            )
        )
