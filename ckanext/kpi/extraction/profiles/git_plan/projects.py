"""The rows of the GIT action plan: strategy items, projects and their activities."""

from __future__ import annotations

import re

from ...checks import warning
from ...grid import GridRow
from ...model import (
    Activity,
    ExtractionResult,
    PlanElement,
    Project,
    lines_text,
)
from ...thai import (
    expand_two_digit_be,
)
from ..base import cell_items
from .common import _STRATEGY_ITEM_RE, _STRATEGY_TOTAL_RE, PROJECT_CODE_RE, _Columns, _Node, _State


class ProjectRowsReader:
    """The rows of the plan table: strategy items, projects and their activities."""

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
