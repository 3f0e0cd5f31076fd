"""Family 001: the OPDC public-organisation assessment form (แบบประเมินองค์การมหาชน).

* the KPI summary table in page chunks: objective refs, code + name under one header (H2), weight,
  actuals for three fiscal years, FY targets at the 50/75/100-point levels; in one chunk the objective
  column is missing (H3), so columns are found from the code cell, not by position;
* the monitoring KPI table with unequal year groups;
* per-KPI detail blocks: 5-year plan targets, baselines (several series, ratio cells), the FY target
  table (checked against the summary), PMQA group thresholds, also in the revised annex (Thai digits).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..blocks import Block
from ..cells import collapse_whitespace, plain_text
from ..checks import check_average, check_sum, check_weights, info, warning
from ..grid import Column, Grid, GridCell, GridRow
from ..model import ExtractionResult, Finding, Indicator, Observation, PlanElement, lines_text
from ..reading import ExtractionError
from ..structure import Document
from ..thai import (
    ParsedValue,
    accumulation_in_text,
    fiscal_year_in_text,
    format_decimal,
    matching_key,
    parse_number,
    parse_thai_date,
    parse_value,
    thai_to_arabic_digits,
)
from .base import Profile, cell_items, document_metadata, explain_ragged_rows

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


class OpdcAssessmentProfile(Profile):
    name = "opdc_assessment"
    doc_type = "assessment_form"
    description = (
        "OPDC public-organisation assessment form: KPI summary, monitoring KPI, KPI details (seed 001)"
    )
    anchors = (
        "แบบประเมินองค์การมหาชน",
        "องค์ประกอบ/ตัวชี้วัด",
        "น้ำหนัก",
        "เป้าหมายขั้นต่ำ",
        "เป้าหมายขั้นสูง",
    )

    def has_key_table(self, document: Document) -> bool:
        return any(self._is_summary(grid) for grid in document.grids)

    @staticmethod
    def _is_summary(grid: Grid) -> bool:
        labels = " ".join(grid.column_labels())
        return "องค์ประกอบ/ตัวชี้วัด" in labels and "น้ำหนัก" in labels

    def extract(self, document: Document, result: ExtractionResult) -> None:
        summaries = [grid for grid in document.grids if self._is_summary(grid)]
        if not summaries:
            raise ExtractionError(
                "no KPI summary table (header องค์ประกอบ/ตัวชี้วัด, น้ำหนัก) found", path=document.source.path
            )
        fiscal_year = fiscal_year_in_text(" ".join(block.text for block in document.text_blocks()[:40]))
        entries: dict[str, _SummaryEntry] = {}
        context: dict[str, str] = {}
        for grid in summaries:
            self._read_summary(grid, entries, context, result)
        self._check_summary(entries, summaries[0].line_start, result)
        for grid in document.grids:
            if self._is_monitoring(grid):
                self._read_monitoring(grid, result)
        self._read_details(document, summaries[-1].line_end, entries, fiscal_year, result)
        result.add("findings", *plan_outside_levels(result.tables["observations"], fiscal_year))
        result.metadata.update(self._metadata(document, fiscal_year))
        scope = data_catalog_scope(document)
        if scope:
            result.extras["data_catalog_scope"] = scope

    # --- summary table --------------------------------------------------------------------------------

    def _read_summary(
        self, grid: Grid, entries: dict[str, _SummaryEntry], context: dict[str, str], result: ExtractionResult
    ) -> None:
        weight_column = next(c.index for c in grid.columns if column_role(c) == ("weight", None))
        roles = [column_role(column) for column in grid.columns[weight_column:]]
        if grid.ragged_lines:
            explain_ragged_rows(
                result,
                grid,
                "code_and_name_share_a_header",
                "the header องค์ประกอบ/ตัวชี้วัด spans the code and the name (H2): KPI rows are one cell "
                "wider than the header; columns are found from the code cell",
            )
        for row in grid.rows:
            texts = row.texts()
            component = next((_COMPONENT_RE.match(text) for text in texts if _COMPONENT_RE.match(text)), None)
            if component:
                context.update(component=component.group(1), sub_group="")
                result.add(
                    "plan_elements",
                    PlanElement(
                        f"C{component.group(1)}",
                        "component",
                        component.group(1),
                        component.group(2).strip(),
                        row.line,
                    ),
                )
                continue
            code_index = self._code_index(texts)
            if code_index is None:
                if any(texts):
                    result.add(
                        "findings",
                        warning("unrecognised_row", f"summary row not recognised: {texts}", row.line),
                    )
                continue
            self._read_summary_row(row, code_index, roles, entries, context, result)

    @staticmethod
    def _code_index(texts: list[str]) -> int | None:
        """The code cell is the one followed by a Thai name; a code before it is an objective ref (H3)."""
        for index, text in enumerate(texts[:-1]):
            following = texts[index + 1]
            if (
                _KPI_CODE_RE.match(text)
                and _has_thai_letters(following)
                and not _KPI_CODE_RE.match(following)
            ):
                return index
        return None

    def _read_summary_row(
        self,
        row: GridRow,
        code_index: int,
        roles: list,
        entries: dict[str, _SummaryEntry],
        context: dict[str, str],
        result: ExtractionResult,
    ) -> None:
        texts = row.texts()
        code, name = texts[code_index], texts[code_index + 1]
        values = [
            (role, column)
            for role, column in zip(roles, range(code_index + 2, len(row.cells)), strict=False)
            if role
        ]
        weight_text = next((texts[column] for (role, _), column in values if role == "weight"), "")
        weight = parse_number(weight_text) if weight_text else None
        is_sub = code.endswith(")")
        if not is_sub and code.count(".") == 1 and weight is None:
            context["sub_group"] = code
            result.add(
                "plan_elements",
                PlanElement(
                    f"G{code}", "sub_group", code, name, row.line, parent_code=context.get("component", "")
                ),
            )
            return
        indicator_id = f"{context.get('kpi', '')}-{code}" if is_sub else code
        if not is_sub:
            context["kpi"] = code
        owner_code = context.get("sub_group", "")
        if not (is_sub or code.startswith(owner_code + ".")):
            owner_code = ""
        indicator = Indicator(
            indicator_id=indicator_id,
            code=code,
            name=name,
            source_line=row.line,
            owner_type="sub_group" if owner_code else "component",
            owner_code=owner_code or context.get("component", ""),
            weight_pct=weight.value if weight else None,
            level="sub_indicator" if is_sub else "agency_assessment",
            parent_code=context.get("kpi", "") if is_sub else "",
            source_lines=lines_text(row.lines),
            objective_refs=self._objective_refs(
                texts[code_index - 1] if code_index else "", indicator_id, row, result
            ),
        )
        entry = entries[indicator_id] = _SummaryEntry(indicator)
        result.add("indicators", indicator)
        for (role, year), column in values:
            if role == "weight":
                continue
            cell = row.cells[column]
            entry.targets[role] = cell.text
            observations = self._cell_observations(
                indicator_id, role, year, cell.text, cell.lines, "summary_table"
            )
            result.add("observations", *observations)
        self._describe_indicator(entry, result)

    def _objective_refs(self, text: str, indicator_id: str, row: GridRow, result: ExtractionResult) -> str:
        """``1.2`` in the objective column means objectives 1 and 2: a comma read as a point (001:85)."""
        if not text:
            return ""
        refs = thai_to_arabic_digits(text).replace(".", ",")
        if refs != text:
            result.add(
                "findings",
                info(
                    "objective_refs_decimal_comma",
                    f"{indicator_id}: objective refs printed " f"{text!r} read as {refs!r}",
                    row.line,
                    owner_code=indicator_id,
                    stated=text,
                ),
            )
        return refs

    def _cell_observations(
        self,
        indicator_id: str,
        role: str,
        year: int | None,
        text: str,
        lines: list[int],
        section: str,
        series: str = "",
    ) -> list[Observation]:
        """One observation for a value cell; one per criterion for a text-criteria cell."""
        common = {"fiscal_year_be": year, "source_section": section, "series": series}
        if not text.strip():
            return []  # a blank cell carries no value
        if not _CRITERION_END_RE.search(text):
            return [Observation.from_value(indicator_id, role, parse_value(text), lines, **common)]
        return [
            Observation.from_value(
                indicator_id,
                role,
                ParsedValue(piece, status="text", comparator="text"),
                lines,
                score_points=points,
                **common,
            )
            for piece, points in split_criteria(text)
        ]

    def _describe_indicator(self, entry: _SummaryEntry, result: ExtractionResult) -> None:
        """Unit, direction and measure type from the indicator's own observations."""
        indicator = entry.indicator
        own = [o for o in result.tables["observations"] if o.indicator_id == indicator.indicator_id]
        _set_unit(indicator, own, result)
        levels = {o.value_role: o for o in own if o.value_role.startswith("target_level")}
        indicator.measure_type = (
            "quantitative"
            if any(o.value_num is not None for o in levels.values())
            else ("qualitative" if levels else "")
        )
        indicator.direction = _direction(levels.get("target_level_50"), levels.get("target_level_100"))

    def _check_summary(self, entries: dict[str, _SummaryEntry], line: int, result: ExtractionResult) -> None:
        weights = [
            entry.indicator.weight_pct for entry in entries.values() if entry.indicator.weight_pct is not None
        ]
        finding = check_weights(weights, line=line, label="KPI summary table")
        if finding:
            result.add("findings", finding)

    # --- monitoring KPI -------------------------------------------------------------------------------

    @staticmethod
    def _is_monitoring(grid: Grid) -> bool:
        groups = {column.group for column in grid.columns}
        return any(_YEAR_RE.match(group) for group in groups) and any(
            "เป้าหมาย" in c.sub for c in grid.columns
        )

    def _read_monitoring(self, grid: Grid, result: ExtractionResult) -> None:
        for number, row in enumerate(grid.rows, start=1):
            indicator_id = f"M{number}"
            result.add(
                "indicators",
                Indicator(
                    indicator_id,
                    "",
                    row.text(0),
                    "organisation",
                    "",
                    row.line,
                    level="monitoring",
                    source_lines=lines_text(row.lines),
                ),
            )
            for column in grid.columns[1:]:
                role, year, period = self._monitoring_role(column)
                cell = row.cells[column.index]
                _add_cell_value(
                    result,
                    indicator_id,
                    role,
                    cell,
                    fiscal_year_be=year,
                    period_type=period,
                    source_section="monitoring_table",
                )
            indicator = result.tables["indicators"][-1]
            _set_unit(
                indicator,
                [o for o in result.tables["observations"] if o.indicator_id == indicator_id],
                result,
            )
            self._check_monitoring_totals(row, indicator_id, result)

    @staticmethod
    def _monitoring_role(column: Column) -> tuple[str, int | None, str]:
        year = _YEAR_RE.match(column.group)
        role = "target" if "เป้าหมาย" in column.sub else "actual"
        return role, int(year.group(1)) if year else None, "FY" if year else "multi_year_total"

    def _check_monitoring_totals(self, row: GridRow, indicator_id: str, result: ExtractionResult) -> None:
        """``72 ราย ปี 63 = 20 ราย ปี 64 = 32 ราย …`` sums its parts;
        ``เฉลี่ยร้อยละ 50.62`` averages the actuals (001:134)."""
        texts = [thai_to_arabic_digits(text) for text in row.texts()]
        actual_pcts = [
            o.value_num
            for o in result.tables["observations"]
            if o.indicator_id == indicator_id
            and o.value_role == "actual"
            and o.period_type == "FY"
            and o.unit == "pct"
            and o.value_num
        ]
        for text in texts:
            parts = [Decimal(number.replace(",", "")) for _, number in _PART_SUM_RE.findall(text)]
            stated = parse_value(text.split("ปี")[0])
            finding = (
                check_sum(
                    "stated_sum",
                    f"{indicator_id} multi-year total",
                    stated.value_num,
                    parts,
                    line=row.line,
                    owner_code=indicator_id,
                )
                if parts
                else None
            )
            average = _AVERAGE_RE.search(text)
            if average:
                finding = finding or check_average(
                    Decimal(average.group(1)),
                    actual_pcts,
                    line=row.line,
                    label=f"{indicator_id} 3-year result",
                    owner_code=indicator_id,
                )
            if finding:
                result.add("findings", finding)

    # --- per-KPI detail blocks ------------------------------------------------------------------------

    def _read_details(
        self,
        document: Document,
        after_line: int,
        entries: dict[str, _SummaryEntry],
        fiscal_year: int | None,
        result: ExtractionResult,
    ) -> None:
        state = _DetailState()
        seen: set[int] = set()
        for block in document.blocks:
            if block.line_start <= after_line:
                continue
            if not block.is_table:
                self._read_detail_text(block, state, entries, result)
                continue
            grid = document.grid_of_block(block)
            if grid is None or grid.index in seen or self._is_monitoring(grid):
                continue
            seen.add(grid.index)
            self._read_detail_table(grid, state, entries, fiscal_year, result)

    def _read_detail_text(
        self, block: Block, state: _DetailState, entries: dict[str, _SummaryEntry], result: ExtractionResult
    ) -> None:
        text = thai_to_arabic_digits(block.text)
        if "ฉบับปรับปรุง" in text and state.code:
            state.section = "revised_annex"  # the Dec 2564 annex after the form (001:551-724)
        heading = _KPI_HEADING_RE.match(text)
        sub = _SUB_KPI_HEADING_RE.match(text)
        if sub and state.code:
            state.code = f"{state.kpi}-{sub.group(1)}"
        elif heading and (heading.group(1) in entries or text.startswith("ตัวชี้วัดที่")):
            state.start_kpi(heading.group(1))
        group = _GROUP_RE.search(text)
        if group:
            state.group = f"กลุ่มที่ {group.group(1)}"
        accumulation = accumulation_in_text(text)
        if accumulation and state.kpi in entries and not entries[state.kpi].indicator.accumulation:
            entries[state.kpi].indicator.accumulation = accumulation  # (นับแบบสะสม) in the criteria, 001:208
        if text.startswith("คำอธิบาย"):
            if state.described:
                state.pending_line, state.code = block.line_start, ""
            state.described = True
        self._check_heading_facts(text, block.line_start, state, entries, result)

    def _check_heading_facts(
        self,
        text: str,
        line: int,
        state: _DetailState,
        entries: dict[str, _SummaryEntry],
        result: ExtractionResult,
    ) -> None:
        """Weights and objective refs printed in the detail blocks, against the summary table."""
        entry = entries.get(state.kpi)
        if entry is None:
            return
        weight = _WEIGHT_IN_HEADING_RE.search(text)
        if (
            weight
            and entry.indicator.weight_pct is not None
            and Decimal(weight.group(1)) != entry.indicator.weight_pct
        ):
            result.add(
                "findings",
                warning(
                    "summary_detail_mismatch",
                    f"{state.code}: weight {weight.group(1)} in "
                    f"the detail block, {entry.indicator.weight_pct} in the summary",
                    line,
                    owner_code=state.code,
                ),
            )
        objectives = _OBJECTIVES_RE.search(text)
        if objectives and entry.indicator.objective_refs:
            stated = objectives.group(1).replace(" ", "")
            if stated != entry.indicator.objective_refs:
                result.add(
                    "findings",
                    warning(
                        "summary_detail_mismatch",
                        f"{state.code}: objectives {stated} in "
                        f"the detail block, {entry.indicator.objective_refs} in the summary",
                        line,
                        owner_code=state.code,
                    ),
                )

    def _read_detail_table(
        self,
        grid: Grid,
        state: _DetailState,
        entries: dict[str, _SummaryEntry],
        fiscal_year: int | None,
        result: ExtractionResult,
    ) -> None:
        header = [thai_to_arabic_digits(text) for text in grid.header_texts()]
        levels = [level_role(column.label) for column in grid.columns]
        is_target_table = any(levels) and "น้ำหนัก" in " ".join(header)
        if state.pending_line is not None and not is_target_table:
            state.deferred.append(grid)  # replayed once the target table tells which KPI this is
            return
        if (
            header
            and all(_YEAR_RE.match(text) or text == "เป้าหมายรวม" for text in header if text)
            and _YEAR_RE.match(header[0])
        ):
            self._read_plan_table(grid, state, result)
        elif (
            header
            and header[0] in ("", "ปีงบประมาณ")
            and all(_YEAR_RE.match(text) for text in header[1:] if text)
        ):
            self._read_baseline_table(grid, state, result)
        elif is_target_table:
            self._check_target_table(grid, levels, state, entries, fiscal_year, result)
        elif any(levels) and state.group:
            self._read_group_thresholds(grid, levels, state, fiscal_year, result)
        elif any(levels) and state.code in entries:
            self._check_criteria_points(grid, levels, entries[state.code], result)

    def _check_criteria_points(
        self, grid: Grid, levels: list[str | None], entry: _SummaryEntry, result: ExtractionResult
    ) -> None:
        """The criteria table of a sub-indicator (001:412-413) against the points in the summary (001:113)."""
        if not grid.rows:
            return
        row = grid.rows[0]
        for column, role in enumerate(levels):
            if not role or column >= len(row.cells):
                continue
            detail = [points for _, points in split_criteria(row.text(column))]
            summary = [points for _, points in split_criteria(entry.targets.get(role, ""))]
            if detail != summary:
                result.add(
                    "findings",
                    warning(
                        "summary_detail_mismatch",
                        f"{entry.indicator.indicator_id} {role}: criteria points "
                        f"{_points_text(detail)} in the detail, {_points_text(summary)} in the summary",
                        row.line,
                        owner_code=entry.indicator.indicator_id,
                    ),
                )

    def _indicator_for_table(self, state: _DetailState) -> str:
        return state.kpi

    def _read_plan_table(self, grid: Grid, state: _DetailState, result: ExtractionResult) -> None:
        indicator_id = self._indicator_for_table(state)
        if not indicator_id or not grid.rows:
            return
        row = grid.rows[0]
        yearly: list[Decimal] = []
        total: Observation | None = None
        for column, label in enumerate(thai_to_arabic_digits(text) for text in grid.header_texts()):
            year = _YEAR_RE.match(label)
            cell = row.cells[column]
            observation = _add_cell_value(
                result,
                indicator_id,
                "plan_target",
                cell,
                fiscal_year_be=int(year.group(1)) if year else None,
                period_type="FY" if year else "plan_total",
                source_section=state.section,
            )
            if observation is None:
                continue
            if year and observation.value_num is not None:
                yearly.append(observation.value_num)
            elif not year:
                total = observation
        if total is not None and total.value_num is not None and yearly:
            self._check_plan_total(indicator_id, total, yearly, result)

    def _check_plan_total(
        self, indicator_id: str, total: Observation, yearly: list[Decimal], result: ExtractionResult
    ) -> None:
        """'เป้าหมายรวม' is the last value for cumulative KPIs and the sum for annual ones (H26)."""
        stated, total_of_years = total.value_num, sum(yearly, Decimal(0))
        if stated in (yearly[-1], total_of_years):
            # The total tells the accumulation when the text did not: last value cumulative, sum annual.
            indicator = next(i for i in result.tables["indicators"] if i.indicator_id == indicator_id)
            if not indicator.accumulation and yearly[-1] != total_of_years:
                indicator.accumulation = "cumulative" if stated == yearly[-1] else "annual"
            return
        result.add(
            "findings",
            warning(
                "plan_total_mismatch",
                f"{indicator_id}: plan total {format_decimal(stated)} "
                f"is neither the sum ({format_decimal(sum(yearly, Decimal(0)))}) nor the last "
                f"year ({format_decimal(yearly[-1])})",
                total.source_line,
                owner_code=indicator_id,
                stated=format_decimal(stated),
                computed=format_decimal(sum(yearly, Decimal(0))),
            ),
        )

    def _read_baseline_table(self, grid: Grid, state: _DetailState, result: ExtractionResult) -> None:
        indicator_id = self._indicator_for_table(state)
        if not indicator_id:
            return
        years = [_YEAR_RE.match(thai_to_arabic_digits(text)) for text in grid.header_texts()]
        for row in grid.rows:
            label = row.text(0)
            if label == "ปีงบประมาณ":  # a sub-table repeats its year header (001:318)
                years = [_YEAR_RE.match(thai_to_arabic_digits(text)) for text in row.texts()]
                continue
            for column, year in enumerate(years):
                if year is None or column >= len(row.cells):
                    continue
                cell = row.cells[column]
                _add_cell_value(
                    result,
                    indicator_id,
                    "baseline",
                    cell,
                    _ratio_value(cell.text),
                    fiscal_year_be=int(year.group(1)),
                    series=label,
                    source_section=state.section,
                )

    def _check_target_table(
        self,
        grid: Grid,
        levels: list[str | None],
        state: _DetailState,
        entries: dict[str, _SummaryEntry],
        fiscal_year: int | None,
        result: ExtractionResult,
    ) -> None:
        """The FY target table repeats the summary's levels; it is checked, not emitted twice."""
        if not grid.rows:
            return
        if state.pending_line is not None:
            self._resolve_missing_heading(grid, levels, state, entries, result)
            deferred, state.deferred = state.deferred, []
            for earlier in deferred:
                self._read_detail_table(earlier, state, entries, fiscal_year, result)
        entry = entries.get(self._indicator_for_table(state))
        if entry is None:
            return
        row = grid.rows[-1]
        for column, role in enumerate(levels):
            if role and column < len(row.cells) and entry.targets.get(role) is not None:
                if not _same_value(row.text(column), entry.targets[role]):
                    result.add(
                        "findings",
                        warning(
                            "summary_detail_mismatch",
                            f"{entry.indicator.indicator_id} "
                            f"{role}: detail {row.text(column)!r}, summary {entry.targets[role]!r}",
                            row.line,
                            owner_code=entry.indicator.indicator_id,
                        ),
                    )

    def _resolve_missing_heading(
        self,
        grid: Grid,
        levels: list[str | None],
        state: _DetailState,
        entries: dict[str, _SummaryEntry],
        result: ExtractionResult,
    ) -> None:
        """A detail block without its heading (001:282) is matched to the summary by its target levels."""
        row = grid.rows[-1]
        found = {role: _comparable(row.text(column)) for column, role in enumerate(levels) if role}
        matches = [
            code
            for code, entry in entries.items()
            if found and all(_comparable(entry.targets.get(role, "")) == text for role, text in found.items())
        ]
        line, state.pending_line = state.pending_line, None
        if len(matches) == 1:
            state.code = matches[0]
            result.add(
                "findings",
                warning(
                    "missing_heading",
                    f"a KPI detail block has no heading; its target table "
                    f"matches KPI {matches[0]} of the summary",
                    line,
                    owner_code=matches[0],
                ),
            )
        else:
            result.add(
                "findings",
                warning(
                    "missing_heading",
                    "a KPI detail block has no heading and its target "
                    "table matches no single summary KPI; its tables are skipped",
                    line,
                ),
            )

    def _read_group_thresholds(
        self,
        grid: Grid,
        levels: list[str | None],
        state: _DetailState,
        fiscal_year: int | None,
        result: ExtractionResult,
    ) -> None:
        """PMQA 4.0 thresholds per group of organisations (001:447-460, again in Thai digits 001:665-716)."""
        indicator_id = self._indicator_for_table(state)
        if not indicator_id or not grid.rows:
            return
        row = grid.rows[0]
        for column, role in enumerate(levels):
            if role and column < len(row.cells):
                cell = row.cells[column]
                _add_cell_value(
                    result,
                    indicator_id,
                    role,
                    cell,
                    fiscal_year_be=fiscal_year,
                    series=state.group,
                    source_section=state.section,
                )

    # --- document metadata ----------------------------------------------------------------------------

    def _metadata(self, document: Document, fiscal_year: int | None) -> dict[str, object]:
        blocks = document.text_blocks()
        title_block = next((b for b in blocks if b.text.startswith("แบบประเมินองค์การมหาชน")), None)
        metadata = document_metadata(title_block.text if title_block else "", self.doc_type, fiscal_year)
        if title_block and title_block.line_end + 1 <= len(document.source.lines):
            metadata["subject_org"] = document.source.line(title_block.line_start + 1).strip()
        reference = next((m for b in blocks[:10] if (m := _REFERENCE_NO_RE.match(b.text))), None)
        if reference:
            metadata["issuer_org"] = next(
                (b.text for b in blocks[:10] if "ก.พ.ร." in b.text and "ที่" not in b.text), ""
            )
            metadata["reference_no"] = reference.group(1)
            issued = next(
                (d for b in blocks[:10] if (d := parse_thai_date(b.text)) and d.day and d.year_be), None
            )
            if issued:
                metadata["issued_date"] = issued.to_date().isoformat() if issued.to_date() else ""
                metadata["issued_date_text"] = issued.text
        return metadata


def plan_outside_levels(observations: list[Observation], fiscal_year: int | None) -> list[Finding]:
    """The 5-year plan's target for the assessed year outside the 50–100 point levels (1.1.2: plan 8,410,
    levels 10,774–11,851): two series that must stay apart, worth a note (seed analysis §1.2)."""
    findings = []
    plans = [o for o in observations if o.value_role == "plan_target" and o.fiscal_year_be == fiscal_year]
    for plan in plans:
        levels = {
            o.value_role: o.value_num
            for o in observations
            if o.indicator_id == plan.indicator_id
            and o.source_section == "summary_table"
            and o.value_num is not None
        }
        bounds = sorted(levels[role] for role in ("target_level_50", "target_level_100") if role in levels)
        if plan.value_num is None or len(bounds) != 2 or bounds[0] <= plan.value_num <= bounds[1]:
            continue
        low, high = bounds
        findings.append(
            info(
                "plan_outside_levels",
                f"{plan.indicator_id}: the plan target for {fiscal_year} is "
                f"{format_decimal(plan.value_num)}, outside the assessment levels "
                f"{format_decimal(low)}–{format_decimal(high)}",
                plan.source_line,
                owner_code=plan.indicator_id,
                stated=format_decimal(plan.value_num),
            )
        )
    return findings


def data_catalog_scope(document: Document) -> dict[str, list[dict[str, object]]]:
    """What the agency chose for the Data Catalog KPI (001:421-434): the numbered facts (focus area, issue,
    intended use and users) and the mission → process → sub-process → candidate datasets table."""
    table_block = next(
        (
            b
            for b in document.blocks
            if b.is_table and plain_text(b.rows[0].cells[0]).startswith(_SCOPE_TABLE_HEADER)
        ),
        None,
    )
    grid = document.grid_of_block(table_block) if table_block else None
    if table_block is None or grid is None:
        return {}
    facts = []
    for block in reversed(document.blocks[: document.blocks.index(table_block)]):
        match = _SCOPE_FACT_RE.match(block.text) if not block.is_table else None
        if match is None:
            break
        facts.insert(0, {"label": match.group(1), "value": match.group(2), "line": block.line_start})
    processes = []
    mission = main_process = ""
    for row in grid.rows:
        mission, main_process = row.text(0) or mission, row.text(1) or main_process  # blank: as above
        datasets = [item.text for item, _ in cell_items(row.cells[3])] if len(row.cells) > 3 else []
        processes.append(
            {
                "line": row.line,
                "mission": mission,
                "main_process": main_process,
                "sub_process": row.text(2),
                "datasets": datasets,
            }
        )
    return {"facts": facts, "processes": processes}


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
