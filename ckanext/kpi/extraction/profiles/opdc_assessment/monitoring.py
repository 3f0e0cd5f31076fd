"""The monitoring KPI table of the OPDC assessment form, with its unequal year groups."""

from __future__ import annotations

from decimal import Decimal

from ...checks import check_average, check_sum
from ...grid import Column, Grid, GridRow
from ...model import ExtractionResult, Indicator, lines_text
from ...thai import (
    parse_value,
    thai_to_arabic_digits,
)
from .common import _AVERAGE_RE, _PART_SUM_RE, _YEAR_RE, _add_cell_value, _set_unit


class MonitoringTableReader:
    """The monitoring KPI table with its unequal year groups."""

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
