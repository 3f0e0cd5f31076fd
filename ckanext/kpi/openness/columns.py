"""Column checks that need a whole column: Thai digits and thousands separators in numeric columns,
Buddhist/Christian-Era mix-ups in year columns, a header spread over two rows, merged-cell blanks.

:class:`ColumnProfile` is a frictionless ``Check``: it collects the cells while frictionless reads the table
and turns them into findings at the end (one per column, not one per cell)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from frictionless import Check

from ckanext.kpi.extraction.thai import BE_CE_OFFSET, THAI_DIGITS, parse_number, thai_to_arabic_digits

from .findings import WARNING, Finding, row_list

# A column is numeric when this share of its filled cells reads as a number.
NUMERIC_SHARE = 0.8
MIN_NUMERIC_CELLS = 2
CE_YEARS = range(1900, 2101)
BE_YEARS = range(CE_YEARS.start + BE_CE_OFFSET, CE_YEARS.stop + BE_CE_OFFSET)
YEAR_LABEL = re.compile(r"ปี|พ\.\s*ศ\.|ค\.\s*ศ\.|\byear\b|\bB\.?E\.?\b|\bC\.?E\.?\b", re.IGNORECASE)
THOUSANDS = re.compile(r"^[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$")
# Merged cells leave a grouping column blank in this many otherwise filled rows before we say so.
MIN_MERGED_BLANKS = 2


# Only text that starts like a number is parsed: most text cells are skipped at one character's cost.
NUMBER_START = frozenset("+-0123456789" + THAI_DIGITS)


PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")


def as_number(text: str) -> Decimal | None:
    """The value of a cell that is one number (Thai digits and separators included), else None."""
    if text[0] not in NUMBER_START:
        return None
    if PLAIN_NUMBER.fullmatch(text):  # the common case, without the full Thai parser
        return Decimal(text)
    parsed = parse_number(text)
    return parsed.value if parsed else None


@dataclass
class Column:
    number: int
    label: str
    cells: list[tuple[int, str]] = field(default_factory=list)  # (row number, text) of filled cells
    values: dict[int, Decimal] = field(default_factory=dict)  # row number -> value of the numeric cells

    def add(self, row: int, text: str) -> None:
        self.cells.append((row, text))
        value = as_number(text)
        if value is not None:
            self.values[row] = value

    def numbers(self, first_row: int = 0) -> list[tuple[int, str]]:
        return [(row, text) for row, text in self.cells if row >= first_row and row in self.values]

    def is_numeric(self, first_row: int = 0) -> bool:
        filled = [cell for cell in self.cells if cell[0] >= first_row]
        numeric = self.numbers(first_row)
        return len(numeric) >= MIN_NUMERIC_CELLS and len(numeric) >= NUMERIC_SHARE * len(filled)


class ColumnProfile(Check):
    type = "kpi-column-profile"
    Errors: list = []  # noqa: RUF012 - frictionless reads the class attribute

    def __init__(self) -> None:
        super().__init__()
        self.columns: list[Column] = []
        self.row_fill: dict[int, int] = {}  # row number -> filled cells
        self.findings: list[Finding] = []

    def validate_row(self, row: Any) -> Iterable[Any]:
        if not self.columns:
            labels = list(self.resource.labels or row.field_names)
            self.columns = [Column(i + 1, str(label or "")) for i, label in enumerate(labels)]
        filled = 0
        for column, value in zip(self.columns, row.to_list(), strict=False):
            text = "" if value is None else str(value).strip()
            if text:
                column.add(row.row_number, text)
                filled += 1
        self.row_fill[row.row_number] = filled
        return []

    def validate_end(self) -> Iterable[Any]:
        self.findings = [
            *self._multi_row_header(),
            *self._merged_blanks(),
            *(finding for column in self.columns for finding in column_findings(column)),
        ]
        return []

    def _multi_row_header(self) -> list[Finding]:
        numeric = [column for column in self.columns if column.is_numeric(first_row=3)]
        labels = [
            text for column in numeric for row, text in column.cells if row == 2 and row not in column.values
        ]
        if not numeric or len(labels) * 2 < len(numeric):
            return []
        return [Finding("multi-row-header", WARNING, {"labels": ", ".join(labels[:5])})]

    def _merged_blanks(self) -> list[Finding]:
        """The first column blank under a value in rows whose other cells are mostly filled."""
        if len(self.columns) < 2 or not self.columns[0].cells:
            return []
        first = self.columns[0]
        filled_rows = {row for row, _ in first.cells}
        first_value_row = min(filled_rows)
        others = len(self.columns) - 1
        blanks = [
            row for row, count in self.row_fill.items()
            if row > first_value_row and row not in filled_rows and count * 2 >= others
        ]
        if len(blanks) < MIN_MERGED_BLANKS:
            return []
        params = {"column": first.label or "1", "count": len(blanks), "rows": row_list(blanks)}
        return [Finding("merged-cell-artefact", WARNING, params)]


def column_findings(column: Column) -> list[Finding]:
    if not column.is_numeric():
        return []
    return [
        finding
        for finding in (_thai_digits(column), _thousands_separators(column), _era_mix(column))
        if finding is not None
    ]


def _cell_finding(code: str, column: Column, cells: list[tuple[int, str]]) -> Finding | None:
    if not cells:
        return None
    params = {
        "column": column.label or str(column.number),
        "count": len(cells),
        "rows": row_list(row for row, _ in cells),
        "example": cells[0][1],
    }
    return Finding(code, WARNING, params)


def _thai_digits(column: Column) -> Finding | None:
    cells = [(row, text) for row, text in column.cells if any(ch in THAI_DIGITS for ch in text)]
    return _cell_finding("thai-digits", column, cells)


def _thousands_separators(column: Column) -> Finding | None:
    cells = [(row, text) for row, text in column.cells if THOUSANDS.match(thai_to_arabic_digits(text))]
    return _cell_finding("thousands-separator", column, cells)


def _era_mix(column: Column) -> Finding | None:
    years = [(row, text, int(column.values[row])) for row, text in column.numbers()
             if column.values[row] == column.values[row].to_integral_value()]
    be = [(row, text) for row, text, year in years if year in BE_YEARS]
    ce = [(row, text) for row, text, year in years if year in CE_YEARS]
    is_year_column = bool(YEAR_LABEL.search(column.label)) or len(be) + len(ce) >= NUMERIC_SHARE * len(years)
    if not (is_year_column and be and ce):
        return None
    params = {
        "column": column.label or str(column.number),
        "be_example": be[0][1],
        "be_rows": row_list(row for row, _ in be),
        "ce_example": ce[0][1],
        "ce_rows": row_list(row for row, _ in ce),
    }
    return Finding("year-era-mix", WARNING, params)
