"""The GIT action plan's strategy headings and the columns of its budget table."""

from __future__ import annotations

from ...grid import Grid
from ...model import (
    ExtractionResult,
    PlanElement,
)
from ..base import explain_ragged_rows, find_column
from .common import _HEADER_UNIT_RE, _STRATEGY_RE, _Columns, _Node, _State


class HeadingsAndColumnsReader:
    """The plan's strategy headings and the columns of its budget table, found by their group phrases."""

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
