"""Family 000: the GIT strategy-KPI plan table (หลักเกณฑ์ตัวชี้วัดตามยุทธศาสตร์).

Strategies → strategy items (กลยุทธ์) → projects, each with activities, indicators whose targets are
embedded in the text, and a budget in million baht split into government (งปม.) and off-budget (เงินนอก)
columns. Subtotals and totals are kept as stated and recomputed from the project rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..checks import check_sum, info, plausibility, warning
from ..grid import Grid, GridRow
from ..model import (
    Activity,
    BudgetLine,
    ExtractionResult,
    Indicator,
    Observation,
    PlanElement,
    Project,
    lines_text,
)
from ..reading import ExtractionError
from ..structure import Document
from ..thai import (
    ParsedValue,
    accumulation_in_text,
    baseline_year_in_text,
    expand_two_digit_be,
    find_embedded_target,
    fiscal_year_in_text,
    parenthesised_alternate,
    parse_number,
    parse_value,
    thai_to_arabic_digits,
    unit_from_word,
)
from .base import Profile, cell_items, document_metadata, explain_ragged_rows, find_column

PROJECT_CODE_RE = re.compile(r"^[A-Z]{3}[0-9]{3}(?:_([0-9]+))?/([0-9]{2})$")
_STRATEGY_RE = re.compile(r"^ยุทธศาสตร์ที่\s*([0-9]+)\s*(.*)$")
_STRATEGY_TOTAL_RE = re.compile(r"งบประมาณรวม\s*ยุทธศาสตร์ที่\s*([0-9]+)")
_STRATEGY_ITEM_RE = re.compile(r"^กลยุทธ์ที่\s*([0-9]+\.[0-9]+)\s*(.*)$")
_BREAKDOWN_RE = re.compile(r"(งบลงทุน|งบดำเนินงาน|ดำเนินงาน)\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*(ลบ\.|ล้านบาท)")
_ACTIVITY_BUDGET_RE = re.compile(r"ใช้งบประมาณ\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*(บ\.|บาท|ลบ\.|ล้านบาท)")
_HEADER_UNIT_RE = re.compile(r"\((ลบ\.|ล้านบาท|บาท)\)")
_EXPENSE_TYPES = {"งบลงทุน": "investment", "งบดำเนินงาน": "operating", "ดำเนินงาน": "operating"}
_FUNDS = ("gov_budget", "off_budget")
_NOT_A_NUMBER = "..", "…"


@dataclass
class _Columns:
    code: int
    name: int
    activities: int
    indicators: int
    funds: dict[str, int]
    responsible: int
    amount_unit: str


@dataclass
class _Node:
    """A strategy or strategy item: its stated amounts per fund and the projects under it."""

    code: str
    line: int
    stated: dict[str, Decimal | None] = field(default_factory=dict)
    stated_text: dict[str, str] = field(default_factory=dict)
    projects: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)


@dataclass
class _State:
    fiscal_year_be: int | None
    strategy: _Node | None = None
    item: _Node | None = None
    strategies: dict[str, _Node] = field(default_factory=dict)
    items: dict[str, _Node] = field(default_factory=dict)
    project_amounts: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    project_lines: dict[str, int] = field(default_factory=dict)


class GitPlanProfile(Profile):
    name = "git_plan"
    doc_type = "strategy_kpi_plan"
    description = "GIT strategy-KPI plan: strategies, strategy items, projects, budgets (seed 000)"
    anchors = (
        "รหัส",
        "ชื่อโครงการ",
        "ตัวชี้วัด",
        "งบประมาณ (ลบ.)",
        "เงินนอก",
        "กลยุทธ์ที่",
        "ยุทธศาสตร์ที่",
    )

    def has_key_table(self, document: Document) -> bool:
        codes = sum(1 for grid in document.grids for row in grid.rows if PROJECT_CODE_RE.match(row.text(0)))
        return codes >= 3

    def extract(self, document: Document, result: ExtractionResult) -> None:
        title = next((block.text for block in document.text_blocks() if "ตัวชี้วัด" in block.text), "")
        state = _State(fiscal_year_in_text(title))
        grids_seen: set[int] = set()
        for block in document.blocks:
            if not block.is_table:
                self._read_heading(block.text, block.line_start, state, result)
                continue
            grid = document.grid_of_block(block)
            if grid is None or grid.index in grids_seen:
                continue
            grids_seen.add(grid.index)
            columns = self._locate_columns(grid, result)
            if columns is not None:
                for row in grid.rows:
                    self._read_row(row, columns, state, result)
        if not state.project_lines:
            raise ExtractionError(
                "no project rows (codes such as STR111/65) found", path=document.source.path
            )
        self._inherit_responsible_units(result)
        self._check_totals(state, result)
        self._metadata(result, title, state)

    # --- headings and columns -------------------------------------------------------------------------

    def _read_heading(self, text: str, line: int, state: _State, result: ExtractionResult) -> None:
        match = _STRATEGY_RE.match(text)
        if not match:
            return
        code = match.group(1)
        state.strategy = state.strategies.setdefault(code, _Node(code, line))
        state.item = None
        result.add("plan_elements", PlanElement(f"S{code}", "strategy", code, match.group(2).strip(), line))

    def _locate_columns(self, grid: Grid, result: ExtractionResult) -> _Columns | None:
        """Columns by header content, not position; a header shifted by one column (000:25) is repaired."""

        def by_group(phrase: str) -> int | None:
            column = find_column(grid, lambda c: phrase in c.group and not c.sub)
            return column.index if column else None

        funds = {
            "gov_budget": find_column(grid, lambda c: c.sub.startswith("งปม")),
            "off_budget": find_column(grid, lambda c: c.sub.startswith("เงินนอก")),
        }
        code, name = by_group("รหัส"), by_group("ชื่อโครงการ")
        if code is None or name is None or funds["gov_budget"] is None or funds["off_budget"] is None:
            return None
        responsible = by_group("ฝ่ายที่รับผิดชอบ")
        if responsible is None:
            shifted = find_column(grid, lambda c: "ฝ่ายที่รับผิดชอบ" in c.group)
            responsible = grid.width - 1 if shifted is None else max(shifted.index + 1, grid.width - 1)
            explain_ragged_rows(
                result,
                grid,
                "header_shifted",
                "the responsible-unit header sits over the off-budget column; "
                f"its data is read from column {responsible + 1}",
            )
        unit_match = _HEADER_UNIT_RE.search(" ".join(grid.column_labels()))
        return _Columns(
            code=code,
            name=name,
            activities=by_group("กิจกรรม") or name + 1,
            indicators=by_group("ตัวชี้วัด") or name + 2,
            funds={fund: column.index for fund, column in funds.items() if column is not None},
            responsible=responsible,
            amount_unit=unit_match.group(1) if unit_match else "ลบ.",
        )

    # --- rows -----------------------------------------------------------------------------------------

    def _read_row(self, row: GridRow, columns: _Columns, state: _State, result: ExtractionResult) -> None:
        first = row.text(columns.code)
        total = _STRATEGY_TOTAL_RE.search(first)
        item = _STRATEGY_ITEM_RE.match(first)
        if total:
            state.strategy = state.strategies.setdefault(total.group(1), _Node(total.group(1), row.line))
            state.strategy.line = row.line  # findings point at the total row, not the heading
            self._read_stated_amounts(row, columns, state.strategy, "strategy", "total", state, result)
        elif item:
            self._read_strategy_item(row, item, columns, state, result)
        elif PROJECT_CODE_RE.match(first):
            self._read_project(row, columns, state, result)
        elif any(text for _, text in row.non_empty()):
            result.add(
                "findings", warning("unrecognised_row", f"row not recognised: {first[:60]!r}", row.line)
            )

    def _read_strategy_item(
        self, row: GridRow, match: re.Match[str], columns: _Columns, state: _State, result: ExtractionResult
    ) -> None:
        code = match.group(1)
        state.item = state.items.setdefault(code, _Node(code, row.line))
        strategy_code = code.split(".")[0]
        state.strategies.setdefault(strategy_code, _Node(strategy_code, row.line)).items.append(code)
        result.add(
            "plan_elements",
            PlanElement(
                f"S{code}", "strategy_item", code, match.group(2).strip(), row.line, parent_code=strategy_code
            ),
        )
        self._read_stated_amounts(row, columns, state.item, "strategy_item", "subtotal", state, result)

    def _read_stated_amounts(
        self,
        row: GridRow,
        columns: _Columns,
        node: _Node,
        owner_type: str,
        role: str,
        state: _State,
        result: ExtractionResult,
    ) -> None:
        for fund, column in columns.funds.items():
            text = row.text(column)
            node.stated_text[fund] = text
            if text in _NOT_A_NUMBER:
                node.stated[fund] = None
                result.add(
                    "findings",
                    warning(
                        "malformed_total",
                        f"{owner_type} {node.code}: the {fund} {role} " f"is printed as {text!r}",
                        row.line,
                        owner_code=node.code,
                        stated=text,
                    ),
                )
                continue
            value = parse_value(text, default_unit=unit_from_word(columns.amount_unit))
            node.stated[fund] = value.value_num if value.status == "value" else (Decimal(0) if text else None)
            if value.status == "value":
                result.add(
                    "budget",
                    self._budget_line(
                        owner_type, node.code, role, fund, value, row.line, state, columns.amount_unit
                    ),
                )

    def _budget_line(
        self,
        owner_type: str,
        owner_code: str,
        role: str,
        fund: str,
        value: ParsedValue,
        line: int,
        state: _State,
        unit_text: str,
        expense_type: str = "",
    ) -> BudgetLine:
        amount = value.scaled_value
        return BudgetLine(
            owner_type=owner_type,
            owner_code=owner_code,
            role=role,
            fund_source=fund,
            amount_text_original=value.text_original,
            source_line=line,
            amount_thb=amount,
            fiscal_year_be=state.fiscal_year_be,
            plausibility=plausibility(amount, malformed=value.malformed),
            unit_original=unit_text,
            expense_type=expense_type,
            source_lines=str(line),
        )

    def _read_project(self, row: GridRow, columns: _Columns, state: _State, result: ExtractionResult) -> None:
        code = row.text(columns.code)
        match = PROJECT_CODE_RE.match(code)
        assert match is not None
        parent = re.sub(r"_[0-9]+/", "/", code) if match.group(1) else ""
        fiscal_year = expand_two_digit_be(int(match.group(2)))
        state.project_lines[code] = row.line
        if state.item is not None:
            state.item.projects.append(code)
        if state.strategy is not None:
            state.strategy.projects.append(code)
        result.add(
            "projects",
            Project(
                project_id=code,
                code=code,
                name=row.text(columns.name),
                source_line=row.line,
                parent_code=parent,
                strategy_code=state.strategy.code if state.strategy else "",
                strategy_item_code=state.item.code if state.item else "",
                responsible_unit=row.text(columns.responsible),
                source_lines=lines_text(row.lines),
            ),
        )
        state.project_amounts[code] = self._read_project_budget(row, columns, code, fiscal_year, result)
        self._read_activities(row, columns.activities, code, fiscal_year, result)
        self._read_indicators(row, columns.indicators, code, fiscal_year, result)

    def _read_project_budget(
        self, row: GridRow, columns: _Columns, code: str, fiscal_year: int, result: ExtractionResult
    ) -> dict[str, Decimal]:
        amounts: dict[str, Decimal] = {}
        unit = unit_from_word(columns.amount_unit)
        year_state = _State(fiscal_year)
        for fund, column in columns.funds.items():
            text = row.text(column)
            main = parse_value(text.split("(")[0].strip(), default_unit=unit)
            if main.status != "value" or main.value_num is None:
                continue
            amounts[fund] = main.value_num
            result.add(
                "budget",
                self._budget_line(
                    "project", code, "allocated", fund, main, row.line, year_state, columns.amount_unit
                ),
            )
            parts = []
            for breakdown in _BREAKDOWN_RE.finditer(thai_to_arabic_digits(text)):
                part = parse_value(f"{breakdown.group(2)} {breakdown.group(3)}")
                part.text_original = text[breakdown.start() : breakdown.end()]
                parts.append(part.value_num or Decimal(0))
                result.add(
                    "budget",
                    self._budget_line(
                        "project",
                        code,
                        "breakdown",
                        fund,
                        part,
                        row.line,
                        year_state,
                        breakdown.group(3),
                        _EXPENSE_TYPES[breakdown.group(1)],
                    ),
                )
            finding = (
                check_sum(
                    "breakdown_mismatch",
                    f"{code} budget breakdown",
                    main.value_num,
                    parts,
                    line=row.line,
                    owner_code=code,
                )
                if parts
                else None
            )
            if finding:
                result.add("findings", finding)
        return amounts

    def _read_activities(
        self, row: GridRow, column: int, code: str, fiscal_year: int, result: ExtractionResult
    ) -> None:
        if column >= len(row.cells):
            return
        for position, (item, lines) in enumerate(cell_items(row.cells[column]), start=1):
            activity_id = f"{code}#A{position}"
            result.add(
                "activities",
                Activity(
                    activity_id,
                    code,
                    item.text,
                    lines[0],
                    seq=item.marker,
                    group_label=item.group,
                    is_group=item.is_group,
                    source_lines=lines_text(lines),
                ),
            )
            self._read_activity_budget(item.text, activity_id, fiscal_year, lines[0], result)

    def _read_activity_budget(
        self, text: str, activity_id: str, fiscal_year: int, line: int, result: ExtractionResult
    ) -> None:
        match = _ACTIVITY_BUDGET_RE.search(thai_to_arabic_digits(text))
        if not match:
            return
        number = parse_number(match.group(1))
        unit = unit_from_word(match.group(2))
        if number is None or unit is None:
            return
        amount = number.value * unit.multiplier
        original = text[match.start() : match.end()]
        result.add(
            "budget",
            BudgetLine(
                "activity",
                activity_id,
                "allocated",
                original,
                line,
                fiscal_year,
                amount_thb=amount,
                plausibility=plausibility(amount),
                unit_original=match.group(2),
                source_lines=str(line),
            ),
        )

    def _read_indicators(
        self, row: GridRow, column: int, code: str, fiscal_year: int, result: ExtractionResult
    ) -> None:
        items = [(item, lines) for item, lines in cell_items(row.cells[column]) if not item.is_group]
        if not items:
            result.add(
                "findings",
                info("project_without_indicator", f"{code} has no indicator", row.line, owner_code=code),
            )
        for position, (item, lines) in enumerate(items, start=1):
            self._read_indicator(item.text, f"{code}#{position}", code, fiscal_year, lines, result)

    def _read_indicator(
        self,
        text: str,
        indicator_id: str,
        project_code: str,
        fiscal_year: int,
        lines: list[int],
        result: ExtractionResult,
    ) -> None:
        target, name = find_embedded_target(text)
        comparator = (target.comparator or "=") if target else ""
        change = comparator in ("increase_by", "decrease_by")
        result.add(
            "indicators",
            Indicator(
                indicator_id=indicator_id,
                code=indicator_id,
                name=name,
                owner_type="project",
                owner_code=project_code,
                source_line=lines[0],
                unit=target.unit.code if target and target.unit else "",
                unit_noun=target.unit.noun if target and target.unit else "",
                measure_type="quantitative" if target else "qualitative",
                direction=_direction(comparator),
                level="project",
                accumulation=accumulation_in_text(text),
                name_text_original=text,
                source_lines=lines_text(lines),
            ),
        )
        if target is None:
            return
        alternate = parenthesised_alternate(text, target)
        result.add(
            "observations",
            Observation(
                indicator_id=indicator_id,
                value_role="target",
                source_line=lines[0],
                value_text_original=text,
                fiscal_year_be=fiscal_year,
                fiscal_year_ce=fiscal_year - 543,
                comparator=comparator,
                value_num=target.number.value,
                unit=target.unit.code if target.unit else "",
                unit_noun=target.unit.noun if target.unit else "",
                status="value",
                source_section="indicator_text",
                target_semantics="change_vs_baseline" if change else "level",
                baseline_year_be=baseline_year_in_text(text),
                value_num_alt=alternate.number.value if alternate else None,
                unit_alt=alternate.unit.noun if alternate and alternate.unit else "",
                source_lines=lines_text(lines),
            ),
        )
        if change:
            result.add(
                "findings",
                info(
                    "ambiguous_change_target",
                    f"{indicator_id}: 'เพิ่มขึ้น/ลดลง' before the target "
                    "may mean a level or a change against a baseline (H14); review",
                    lines[0],
                    owner_code=indicator_id,
                    stated=text,
                ),
            )

    # --- after all rows -------------------------------------------------------------------------------

    def _inherit_responsible_units(self, result: ExtractionResult) -> None:
        """Child projects print no unit (000:57, 000:62); they take their parent's."""
        units = {project.code: project.responsible_unit for project in result.tables["projects"]}
        for project in result.tables["projects"]:
            if project.parent_code not in units:
                project.parent_code = ""  # implied by the code only; reported as parent_missing
            if not project.responsible_unit and units.get(project.parent_code):
                project.responsible_unit = units[project.parent_code]
                project.responsible_unit_inherited = True

    def _check_totals(self, state: _State, result: ExtractionResult) -> None:
        parents = set(state.project_lines)

        def counted(codes: list[str]) -> list[str]:
            # A child whose parent is counted in the same sum would be counted twice (strategy 4, 000:55-62).
            return [
                code
                for code in codes
                if _parent_of(code) == code or _parent_of(code) not in set(codes) & parents
            ]

        for node in state.items.values():
            self._check_node(
                node, counted(node.projects), "subtotal_mismatch", "strategy item", state, result
            )
        for node in state.strategies.values():
            self._check_node(node, counted(node.projects), "total_mismatch", "strategy", state, result)
            self._check_total_against_subtotals(node, state, result)
        self._check_parents(state, result)

    def _check_node(
        self, node: _Node, codes: list[str], rule: str, label: str, state: _State, result: ExtractionResult
    ) -> None:
        for fund in _FUNDS:
            parts = [
                state.project_amounts[code][fund] for code in codes if fund in state.project_amounts[code]
            ]
            finding = check_sum(
                rule,
                f"{label} {node.code} ({fund})",
                node.stated.get(fund),
                parts,
                line=node.line,
                owner_code=node.code,
            )
            if finding:
                result.add("findings", finding)

    def _check_total_against_subtotals(self, node: _Node, state: _State, result: ExtractionResult) -> None:
        for fund in _FUNDS:
            subtotals = [state.items[code].stated.get(fund) for code in node.items]
            stated = node.stated.get(fund)
            if stated is None or not subtotals or any(value is None for value in subtotals):
                continue
            finding = check_sum(
                "total_vs_subtotals",
                f"strategy {node.code} ({fund}) total against its item subtotals",
                stated,
                [value for value in subtotals if value is not None],
                line=node.line,
                owner_code=node.code,
                severity="info",
            )
            if finding:
                result.add("findings", finding)

    def _check_parents(self, state: _State, result: ExtractionResult) -> None:
        children: dict[str, list[str]] = {}
        for code in state.project_lines:
            if _parent_of(code) != code:
                children.setdefault(_parent_of(code), []).append(code)
        for parent, codes in children.items():
            if parent not in state.project_amounts:
                result.add(
                    "findings",
                    info(
                        "parent_missing",
                        f"child projects {', '.join(codes)} have no parent row " f"{parent}",
                        state.project_lines[codes[0]],
                        owner_code=parent,
                    ),
                )
                continue
            for fund in _FUNDS:
                parts = [
                    state.project_amounts[code][fund] for code in codes if fund in state.project_amounts[code]
                ]
                finding = check_sum(
                    "parent_child_mismatch",
                    f"{parent} against its child projects ({fund})",
                    state.project_amounts[parent].get(fund),
                    parts,
                    line=state.project_lines[parent],
                    owner_code=parent,
                )
                if finding:
                    result.add("findings", finding)

    def _metadata(self, result: ExtractionResult, title: str, state: _State) -> None:
        grand = {
            fund: sum((node.stated.get(fund) or Decimal(0) for node in state.strategies.values()), Decimal(0))
            for fund in _FUNDS
        }
        result.add(
            "findings",
            info(
                "no_grand_total",
                "the document prints no grand total (it ends after the last "
                "project row, probably truncated); computed from the strategy totals: "
                + ", ".join(f"{fund} {grand[fund]} million baht" for fund in _FUNDS),
            ),
        )
        result.metadata.update(document_metadata(title, self.doc_type, state.fiscal_year_be))
        result.extras["computed_grand_total_million_thb"] = {
            fund: str(value) for fund, value in grand.items()
        }


def _parent_of(code: str) -> str:
    return re.sub(r"_[0-9]+/", "/", code)


def _direction(comparator: str) -> str:
    if comparator in ("decrease_by", "<=", "<"):
        return "lower_better"
    if comparator in ("increase_by", ">=", ">"):
        return "higher_better"
    return ""
