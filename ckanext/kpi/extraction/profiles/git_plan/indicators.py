"""The indicators of the GIT action plan's projects, with their targets."""

from __future__ import annotations

from ...checks import info
from ...grid import GridRow
from ...model import (
    ExtractionResult,
    Indicator,
    Observation,
    lines_text,
)
from ...thai import (
    accumulation_in_text,
    baseline_year_in_text,
    find_embedded_target,
    parenthesised_alternate,
)
from ..base import cell_items
from .common import _direction


class IndicatorsReader:
    """The indicators a project states, with their targets."""

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
