"""The budget amounts of the GIT action plan: stated totals and investment/operating breakdowns."""

from __future__ import annotations

from decimal import Decimal

from ...checks import check_sum, plausibility, warning
from ...grid import GridRow
from ...model import (
    BudgetLine,
    ExtractionResult,
)
from ...thai import (
    ParsedValue,
    parse_number,
    parse_value,
    thai_to_arabic_digits,
    unit_from_word,
)
from .common import _ACTIVITY_BUDGET_RE, _BREAKDOWN_RE, _EXPENSE_TYPES, _NOT_A_NUMBER, _Columns, _Node, _State


class BudgetReader:
    """The budget amounts of strategies, projects and activities (stated totals and breakdowns)."""

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
