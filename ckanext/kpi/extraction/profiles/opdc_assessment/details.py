"""The per-KPI detail blocks of the OPDC assessment form: 5-year plan targets, baselines, the FY target
table checked against the summary, PMQA group thresholds (also in the revised annex)."""

from __future__ import annotations

from decimal import Decimal

from ...blocks import Block
from ...checks import warning
from ...grid import Grid
from ...model import ExtractionResult, Observation
from ...structure import Document
from ...thai import (
    accumulation_in_text,
    format_decimal,
    thai_to_arabic_digits,
)
from .common import (
    _GROUP_RE,
    _KPI_HEADING_RE,
    _OBJECTIVES_RE,
    _SUB_KPI_HEADING_RE,
    _WEIGHT_IN_HEADING_RE,
    _YEAR_RE,
    _add_cell_value,
    _comparable,
    _DetailState,
    _points_text,
    _ratio_value,
    _same_value,
    _SummaryEntry,
    level_role,
    split_criteria,
)


class DetailBlockReader:
    """The per-KPI detail blocks: plan targets, baselines, the FY target table, group thresholds."""

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
