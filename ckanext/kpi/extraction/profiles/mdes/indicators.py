"""KPI tables of 003: strategy KPIs (layout S) and project KPIs (T, T-multi, R, R-multi, R-flat, R-split).

Each value column gets a (fiscal year, role) from its header keys: ``ปี พ.ศ. ๒๕๖๗ / ผลที่ได้`` is the 2567
actual, ``ค่าเป้าหมาย (รายปี) / ๒๕๖๘`` the 2568 target. Rows are told apart before they become KPIs: group
rows (เชิงปริมาณ / เชิงคุณภาพ) set the measure type, project-weight rows (ค่าน้ำหนักของโครงการ, 003:3886)
become a ``project_weight_pct`` series of their own, year labels (``ปี ๒๕๖๗``, 003:3099) are skipped, and a
label with no values is the parent of the bulleted rows under it (003:4976-4979). A KPI of a result table
joins the same KPI of the target table by its enumerator, then by name (H24).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ...checks import info, warning
from ...grid import Column, Grid, GridRow
from ...model import ExtractionResult, Indicator, Observation, Project, lines_text
from ...text_similarity import similarity
from ...thai import expand_two_digit_be, parse_value, thai_to_arabic_digits
from .activities import is_plan_table, is_result_table
from .sections import StrategySection

_YEAR_RE = re.compile(r"(?:^|[^0-9])(25[0-9]{2})(?![0-9])")
_ENUMERATOR_RE = re.compile(r"^\(?([0-9]{1,2})[.)]\s*(?![0-9])")
_MEASURE_TYPES = {"เชิงปริมาณ": "quantitative", "เชิงคุณภาพ": "qualitative"}
_MEASURE_PREFIX_RE = re.compile(r"^(เชิงปริมาณ|เชิงคุณภาพ)\s*:\s*-?\s*")
_YEAR_LABEL_RE = re.compile(r"^ปี\s*(?:พ\.ศ\.)?\s*25[0-9]{2}$")
_WEIGHT_LABEL_RE = re.compile(r"ค่าน้ำหนัก|^ทั้งโครงการ")
_WEIGHT_NAME_SIMILARITY = 0.6
_SAME_KPI_SIMILARITY = 0.5
_SAME_TEXT_SIMILARITY = 0.8
_MAX_CHUNK_GAP = 3
_RULE_LABEL_RE = re.compile(r"^[-–—]{2,}$")
_PCT_NAME = "ร้อยละ"
# หน่วยผลิตภัณฑ์ is an OCR variant of หน่วยผลักดัน (003:2140); the collecting label may lack หน่วยงาน (003:2136).
_PUSHING_RE = re.compile(r"หน่วย(?:ผลักดัน|ผลิตภัณฑ์)\s*ตัวชี้วัด\s*:?\s*(.*?)\s*(?=(?:หน่วยงาน\s*)?จัดเก็บ\s*ตัวชี้วัด|$)")
_COLLECTING_RE = re.compile(r"จัดเก็บ\s*ตัวชี้วัด\s*:?\s*(.*)$")
# "(1) … 170 ราย  (2) … ร้อยละ 10" (003:74): several targets in one cell (H22).
_PART_RE = re.compile(r"\(([0-9])\)\s*")
_PREVIOUS_ACTUAL_RE = re.compile(r"(?:ข้อมูล|รายงาน)\s*ปี\s*([0-9]{2,4})\s*=\s*(.+?)(?=\s+[0-9]\)|$)")


@dataclass(frozen=True)
class ValueColumn:
    index: int
    fiscal_year_be: int | None
    role: str  # target or actual


def _year_of(text: str) -> int | None:
    match = _YEAR_RE.search(thai_to_arabic_digits(text))
    return int(match.group(1)) if match else None


def value_columns(columns: list[Column], default_year: int | None) -> list[ValueColumn]:
    """(year, role) of every column after the first; a column without a year takes the previous one's."""
    found = []
    year = default_year
    for column in columns[1:]:
        label = column.label
        if "ผู้รับผิดชอบ" in label or "หมายเหตุ" in label:
            continue
        year = _year_of(label) or year
        role = "actual" if "ผลที่ได้" in label else "target"
        found.append(ValueColumn(column.index, year, role))
    return found


def is_kpi_table(grid: Grid) -> bool:
    labels = grid.column_labels()
    return bool(labels) and labels[0].startswith("ตัวชี้วัด") and len(labels) >= 2


def is_strategy_kpi_table(grid: Grid) -> bool:
    return is_kpi_table(grid) and any("ผู้รับผิดชอบ" in label for label in grid.column_labels())


def _sub_header_years(grid: Grid) -> tuple[list[Column], list[GridRow]]:
    """A year row read as data (``⇥ปี พ.ศ. ๒๕๖๗`` under a one-cell ``ค่าเป้าหมาย``) becomes header keys."""
    columns, rows = grid.columns, grid.rows
    if rows and not rows[0].text(0) and any(_year_of(text) for text in rows[0].texts()[1:]):
        sub = rows[0].texts()
        columns = [
            Column(c.index, c.group, sub[c.index] if c.index < len(sub) else c.sub) for c in grid.columns
        ]
        rows = rows[1:]
    return columns, rows


@dataclass
class _TableState:
    """What the rows above say about the row being read."""

    measure_type: str = ""
    parent_code: str = ""
    parent_label: str = ""


@dataclass
class ProjectKpis:
    """The KPIs read so far for one project, to join result-table rows to target-table rows."""

    project: Project
    indicators: list[Indicator] = field(default_factory=list)
    targets: dict[tuple[str, int | None], Observation] = field(default_factory=dict)
    weight_indicator: Indicator | None = None
    weights: dict[int | None, Decimal | None] = field(default_factory=dict)

    def find(self, code: str, name: str) -> Indicator | None:
        by_code = [i for i in self.indicators if code and i.code == code]
        if len(by_code) == 1 and similarity(by_code[0].name, name) >= _SAME_KPI_SIMILARITY / 2:
            return by_code[0]
        scored = [(similarity(i.name, name), i) for i in self.indicators]
        best = max(scored, key=lambda item: item[0], default=(0.0, None))
        return best[1] if best[0] >= _SAME_KPI_SIMILARITY else None

    def new_indicator(self, code: str, name: str, row: GridRow, state: _TableState) -> Indicator:
        number = len(self.indicators) + 1
        indicator = Indicator(
            indicator_id=f"{self.project.project_id}#K{number}",
            code=code or str(number),
            name=name,
            owner_type="project",
            owner_code=self.project.project_id,
            source_line=row.line,
            measure_type=state.measure_type,
            level="project",
            parent_code=state.parent_code,
            name_text_original=row.cells[0].text,
        )
        self.indicators.append(indicator)
        return indicator


def _label_and_code(text: str) -> tuple[str, str, str]:
    """(measure type from a prefix, enumerator, name) of a KPI label."""
    measure = ""
    prefix = _MEASURE_PREFIX_RE.match(text)
    if prefix:
        measure = _MEASURE_TYPES[prefix.group(1)]
        text = text[prefix.end() :]
    enumerator = _ENUMERATOR_RE.match(thai_to_arabic_digits(text))
    if enumerator:
        return measure, enumerator.group(1), text[enumerator.end() :].strip()
    return measure, "", text.strip()


def _values(texts: list[str], columns: list[ValueColumn]) -> list[tuple[ValueColumn, str]]:
    """The non-empty value cells of a row (cell texts are parsed once per row: HTML parsing is costly)."""
    return [
        (column, texts[column.index])
        for column in columns
        if column.index < len(texts) and texts[column.index]
    ]


def _is_weight_row(label: str, project: Project, values: list[tuple[ValueColumn, str]]) -> bool:
    if _WEIGHT_LABEL_RE.search(label):
        return True
    if not values or similarity(label, project.name) < _WEIGHT_NAME_SIMILARITY:
        return False
    parsed = [parse_value(text) for _, text in values]
    return all(value.value_num is not None and value.unit is None for value in parsed)


@dataclass
class _Layout:
    """How a KPI table's value columns read, kept for a headerless chunk that continues it."""

    columns: list[ValueColumn]
    section: str
    state: _TableState
    line_end: int


def read_project_indicators(
    project: Project, grids: list[Grid], result: ExtractionResult, report_year: int | None
) -> None:
    kpis = ProjectKpis(project)
    layout: _Layout | None = None
    for grid in grids:
        if is_kpi_table(grid) and not is_strategy_kpi_table(grid):
            layout = _read_kpi_table(grid, kpis, result, report_year)
        elif layout is not None and _is_headerless_chunk(grid, layout):
            _read_headerless_chunk(grid, layout, kpis, result)
        else:
            layout = None


def _is_headerless_chunk(grid: Grid, layout: _Layout) -> bool:
    """A chunk of a KPI table printed without its header, after nothing but a blank line or a rule
    (003:10556, 11093); the health-system tables further down a section are not (003:8092)."""
    close = grid.line_start - layout.line_end <= _MAX_CHUNK_GAP
    return close and not (is_plan_table(grid) or is_result_table(grid) or is_kpi_table(grid))


def _read_headerless_chunk(grid: Grid, layout: _Layout, kpis: ProjectKpis, result: ExtractionResult) -> None:
    rows = [*grid.header, *grid.rows]
    first = rows[0].texts()
    if (
        kpis.indicators
        and not _values(first, layout.columns)
        and not _ENUMERATOR_RE.match(thai_to_arabic_digits(first[0]))
    ):
        # The label of the KPI above runs on after a blank line (H6).
        indicator = kpis.indicators[-1]
        indicator.name = f"{indicator.name} {first[0]}"
        indicator.source_lines = lines_text([indicator.source_line, rows[0].line])
        rows = rows[1:]
    result.add(
        "findings",
        info(
            "headerless_table_chunk",
            f"{kpis.project.project_id}: the table at line {grid.line_start} has no header; read with the "
            "columns of the KPI table before it",
            grid.line_start,
            owner_code=kpis.project.project_id,
        ),
    )
    _read_rows(rows, layout, kpis, result)
    layout.line_end = grid.line_end


def _read_kpi_table(
    grid: Grid, kpis: ProjectKpis, result: ExtractionResult, report_year: int | None
) -> _Layout:
    columns, rows = _sub_header_years(grid)
    value_cols = value_columns(columns, report_year)
    section = "result_table" if any(c.role == "actual" for c in value_cols) else "target_table"
    layout = _Layout(value_cols, section, _TableState(), grid.line_end)
    _read_rows(rows, layout, kpis, result)
    return layout


def _read_rows(rows: list[GridRow], layout: _Layout, kpis: ProjectKpis, result: ExtractionResult) -> None:
    for row in rows:
        texts = row.texts()
        label = texts[0] if texts else ""
        values = _values(texts, layout.columns)
        if not label or _RULE_LABEL_RE.match(label):  # "--⇥-----" (003:11094): a rule, two dashes short
            continue
        bare = label.rstrip(" :")
        if bare in _MEASURE_TYPES and not values:
            layout.state = _TableState(_MEASURE_TYPES[bare])
            continue
        if _YEAR_LABEL_RE.match(thai_to_arabic_digits(bare)) and not values:
            continue
        if _is_weight_row(label, kpis.project, values):
            _add_weights(kpis, row, values, result)
            continue
        _add_kpi_row(kpis, row, values, layout.state, layout.section, result)


def _add_kpi_row(
    kpis: ProjectKpis,
    row: GridRow,
    values: list[tuple[ValueColumn, str]],
    state: _TableState,
    section: str,
    result: ExtractionResult,
) -> None:
    measure, code, name = _label_and_code(row.text(0))
    is_child = name.startswith("-") and state.parent_code
    if not is_child and not name.startswith("-"):
        state.parent_code = ""
    row_state = _TableState(measure or state.measure_type, state.parent_code if is_child else "")
    indicator = kpis.find(code, name) if section == "result_table" else None
    if indicator is None:
        indicator = kpis.new_indicator(code, name.lstrip("- ").strip(), row, row_state)
        result.add("indicators", indicator)
    if not values:  # a label whose bulleted rows follow (003:4976): the parent of those rows
        state.parent_code = indicator.code
        return
    for column, text in values:
        _add_observation(kpis, indicator, column, text, row, section, result)
    if not indicator.unit:
        indicator.unit = next((o.unit for o in result.tables["observations"][-len(values) :] if o.unit), "")
    if not indicator.unit and indicator.name.startswith(_PCT_NAME):
        indicator.unit = "pct"  # "ร้อยละความถูกต้อง…" with bare numbers (003:6970): the name gives the unit


def _add_observation(
    kpis: ProjectKpis,
    indicator: Indicator,
    column: ValueColumn,
    text: str,
    row: GridRow,
    section: str,
    result: ExtractionResult,
) -> None:
    cell = row.cells[column.index]
    observation = Observation.from_value(
        indicator.indicator_id,
        column.role,
        parse_value(text),
        cell.lines,
        fiscal_year_be=column.fiscal_year_be,
        source_section=section,
    )
    key = (indicator.indicator_id, column.fiscal_year_be)
    if column.role == "target":
        earlier = kpis.targets.get(key)
        if earlier is not None:
            if _same_target(earlier, observation):
                return  # the result table repeats the target table's value (perhaps without its unit)
            result.add("findings", _target_differs(indicator, earlier, observation))
        else:
            kpis.targets[key] = observation
    result.add("observations", observation)


def _same_target(earlier: Observation, later: Observation) -> bool:
    if earlier.value_num is not None or later.value_num is not None:
        return (earlier.value_num, earlier.value_num_alt) == (later.value_num, later.value_num_alt)
    return similarity(earlier.value_text_original, later.value_text_original) >= _SAME_TEXT_SIMILARITY


def _target_differs(indicator: Indicator, earlier: Observation, later: Observation) -> object:
    return warning(
        "target_differs_between_tables",
        f"{indicator.indicator_id} FY{later.fiscal_year_be}: the target table says "
        f"{earlier.value_text_original!r} (line {earlier.source_line}), the result table says "
        f"{later.value_text_original!r}; both are kept",
        later.source_line,
        owner_code=indicator.indicator_id,
        stated=earlier.value_text_original,
        computed=later.value_text_original,
    )


def _add_weights(
    kpis: ProjectKpis, row: GridRow, values: list[tuple[ValueColumn, str]], result: ExtractionResult
) -> None:
    """Project-weight rows form their own series, never a KPI's (H28, 003:3886, 4970, 3554, 3098)."""
    if kpis.weight_indicator is None:
        project = kpis.project
        kpis.weight_indicator = Indicator(
            indicator_id=f"{project.project_id}#weight",
            code="weight",
            name=row.text(0),
            owner_type="project",
            owner_code=project.project_id,
            source_line=row.line,
            unit="pct",
            level="project_weight",
            name_text_original=row.cells[0].text,
        )
        result.add("indicators", kpis.weight_indicator)
    for column, text in values:
        value = parse_value(text)
        known = kpis.weights.get(column.fiscal_year_be)
        # A result table repeats the weights next to a "-" actual: only new target weights count.
        if column.role != "target" or (known is not None and known == value.value_num):
            continue
        kpis.weights[column.fiscal_year_be] = value.value_num
        observation = Observation.from_value(
            kpis.weight_indicator.indicator_id,
            "project_weight_pct",
            value,
            row.cells[column.index].lines,
            fiscal_year_be=column.fiscal_year_be,
            source_section="target_table",
        )
        observation.unit = "pct"
        result.add("observations", observation)


# --- strategy KPIs (layout S) ---------------------------------------------------------------------------


def read_strategy_indicators(strategy: StrategySection, grids: list[Grid], result: ExtractionResult) -> None:
    number = 0
    for grid in grids:
        if not is_strategy_kpi_table(grid):
            continue
        labels = grid.column_labels()
        responsible = next(i for i, label in enumerate(labels) if "ผู้รับผิดชอบ" in label)
        notes = next((i for i, label in enumerate(labels) if "หมายเหตุ" in label), None)
        target_column = ValueColumn(1, _year_of(labels[1]), "target")
        for row in grid.rows:
            if not row.text(0):
                continue
            number += 1
            indicator = _strategy_indicator(strategy, row, number, row.text(responsible))
            result.add("indicators", indicator)
            for series, text in target_parts(row.text(1)):
                value = parse_value(text)
                observation = Observation.from_value(
                    indicator.indicator_id,
                    "target",
                    value,
                    row.cells[1].lines,
                    fiscal_year_be=target_column.fiscal_year_be,
                    source_section="strategy_kpi_table",
                    series=series,
                )
                result.add("observations", observation)
                indicator.unit = indicator.unit or observation.unit
            if notes is not None:
                result.add("observations", *_previous_actuals(indicator, row, notes))


def target_parts(text: str) -> list[tuple[str, str]]:
    """(series, text) per target in a cell: ``(1) …  (2) …`` gives two, anything else one with no series."""
    normalised = thai_to_arabic_digits(text)
    starts = list(_PART_RE.finditer(normalised))
    if len(starts) < 2:
        return [("", text)] if text else []
    bounds = [match.start() for match in starts] + [len(text)]
    return [
        (f"({match.group(1)})", text[match.end() : bounds[index + 1]].strip())
        for index, match in enumerate(starts)
    ]


def _strategy_indicator(strategy: StrategySection, row: GridRow, number: int, responsible: str) -> Indicator:
    _, code, name = _label_and_code(row.text(0))
    pushing = _PUSHING_RE.search(responsible)
    collecting = _COLLECTING_RE.search(responsible)
    return Indicator(
        indicator_id=f"S{strategy.code}#K{code or number}",
        code=code or str(number),
        name=name,
        owner_type="strategy",
        owner_code=strategy.code,
        source_line=row.line,
        level="ministry_strategy",
        name_text_original=row.cells[0].text,
        pushing_units=pushing.group(1).strip() if pushing else "",
        collecting_units=collecting.group(1).strip() if collecting else "",
    )


def _previous_actuals(indicator: Indicator, row: GridRow, notes: int) -> list[Observation]:
    """``ข้อมูล ปี ๖๖ = …`` in the notes: the previous year's actual, the only actual of a strategy KPI."""
    observations = []
    text = row.text(notes)
    for match in _PREVIOUS_ACTUAL_RE.finditer(thai_to_arabic_digits(text)):
        value = parse_value(text[match.start(2) : match.end(2)])
        observations.append(
            Observation.from_value(
                indicator.indicator_id,
                "previous_actual",
                value,
                row.cells[notes].lines,
                fiscal_year_be=expand_two_digit_be(int(match.group(1))),
                source_section="strategy_kpi_notes",
            )
        )
    return observations
