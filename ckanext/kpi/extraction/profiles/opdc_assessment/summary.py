"""The KPI summary table of the OPDC assessment form, read in page chunks (objective refs, code and
name under one header, weight, actuals, the 50/75/100-point targets)."""

from __future__ import annotations

from ...checks import check_weights, info, warning
from ...grid import Grid, GridRow
from ...model import ExtractionResult, Indicator, Observation, PlanElement, lines_text
from ...thai import (
    ParsedValue,
    parse_number,
    parse_value,
    thai_to_arabic_digits,
)
from ..base import explain_ragged_rows
from .common import (
    _COMPONENT_RE,
    _CRITERION_END_RE,
    _KPI_CODE_RE,
    _direction,
    _has_thai_letters,
    _set_unit,
    _SummaryEntry,
    column_role,
    split_criteria,
)


class SummaryTableReader:
    """The KPI summary table in page chunks: codes, names, weights, actuals and the level targets."""

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
