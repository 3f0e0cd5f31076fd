"""The tidy KPI template (ckanext/kpi/examples/harvest/kpi-template*.xlsx): a ``document`` sheet of
key/value rows, an ``indicators`` sheet and an ``observations`` sheet, header in row 1. Headers and sheet
names may be the English keys or the Thai labels; numbers and years may use Thai or Arabic digits; years
are Buddhist Era. A CSV file is read as the observations sheet (indicator names in its ``name`` column).

The result is an :class:`ExtractionResult`, so a spreadsheet is published exactly like a document."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from ckanext.kpi.extraction.model import ExtractionResult, Indicator, Observation
from ckanext.kpi.extraction.pipeline import document_id_for
from ckanext.kpi.extraction.reading import ExtractionError
from ckanext.kpi.extraction.tables import load_schema
from ckanext.kpi.extraction.thai import (
    expand_two_digit_be,
    parse_number,
    parse_value,
    thai_to_arabic_digits,
    unit_from_word,
)

from .issues import Issue
from .spreadsheets import Sheet, cell_ref

SOURCE_SECTION = "kpi_template"
DEFAULT_DOCUMENT_KIND = "agency_table"
EARLIEST_BE_YEAR = 2400

SHEET_NAMES = {
    "document": ("document", "เอกสาร"),
    "indicators": ("indicators", "ตัวชี้วัด"),
    "observations": ("observations", "ผลการดำเนินงาน", "ค่าเป้าหมายและผล"),
}
COLUMNS = {
    "indicator_id": ("indicator_id", "รหัสตัวชี้วัด"),
    "name": ("name", "ชื่อตัวชี้วัด"),
    "code": ("code", "เลขที่ตัวชี้วัด"),
    "unit": ("unit", "หน่วยนับ"),
    "weight_pct": ("weight_pct", "น้ำหนัก (ร้อยละ)"),
    "owner_code": ("owner_code", "รหัสโครงการ/หน่วยงาน"),
    "parent_code": ("parent_code", "ตัวชี้วัดหลัก"),
    "fiscal_year_be": ("fiscal_year_be", "ปีงบประมาณ (พ.ศ.)", "ปีงบประมาณ"),
    "quarter": ("quarter", "ไตรมาส"),
    "value_role": ("value_role", "ประเภทค่า"),
    "value": ("value", "ค่า", "ค่าที่รายงาน"),
}
DOCUMENT_KEYS = {
    "title": ("title", "ชื่อเอกสาร"),
    "fiscal_year_be": ("fiscal_year_be", "ปีงบประมาณ (พ.ศ.)", "ปีงบประมาณ"),
    "doc_type": ("document_kind", "ชนิดเอกสาร"),
    "issuer_org": ("issuing_agency", "หน่วยงานที่ออกเอกสาร"),
    "subject_org": ("subject_agency", "หน่วยงานที่ถูกประเมิน"),
    "period_start": ("period_start", "วันเริ่มต้นรอบการรายงาน"),
    "period_end": ("period_end", "วันสิ้นสุดรอบการรายงาน"),
    "as_of_date": ("as_of_date", "ข้อมูล ณ วันที่"),
}
VALUE_ROLES = {
    "target": ("target", "เป้าหมาย", "ค่าเป้าหมาย"),
    "actual": ("actual", "ผล", "ผลการดำเนินงาน"),
    "baseline": ("baseline", "ค่าฐาน"),
    "plan_target": ("plan_target", "เป้าหมายตามแผน"),
    "previous_actual": ("previous_actual", "ผลปีก่อน"),
}


class RowProblem(ValueError):
    """A cell that cannot be read; ``column`` is the template column it belongs to."""

    def __init__(self, column: str, rule: str, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.rule = rule


def _key(text: str) -> str:
    return " ".join(text.strip().lower().split())


def _lookup(aliases: dict[str, tuple[str, ...]], text: str) -> str | None:
    wanted = _key(text)
    return next((name for name, names in aliases.items() if wanted in {_key(n) for n in names}), None)


def is_kpi_template(sheets: list[Sheet]) -> bool:
    names = {_lookup(SHEET_NAMES, sheet.name) for sheet in sheets}
    return "observations" in names or (len(sheets) == 1 and "indicator_id" in _header(sheets[0]))


def _sheet(sheets: list[Sheet], role: str) -> Sheet | None:
    return next((sheet for sheet in sheets if _lookup(SHEET_NAMES, sheet.name) == role), None)


def _header(sheet: Sheet) -> dict[str, int]:
    """Template column → column index, from row 1."""
    header = sheet.rows[0] if sheet.rows else []
    return {name: index for index, text in enumerate(header) if (name := _lookup(COLUMNS, text))}


@dataclass(frozen=True)
class _Row:
    sheet: Sheet
    index: int
    columns: dict[str, int]

    def get(self, column: str) -> str:
        position = self.columns.get(column)
        return self.sheet.cell(self.index, position) if position is not None else ""

    def ref(self, column: str) -> str:
        return cell_ref(self.index, self.columns.get(column, 0))

    @property
    def line(self) -> int:
        return self.index + 1


def _data_rows(sheet: Sheet) -> list[_Row]:
    columns = _header(sheet)
    return [
        _Row(sheet, index, columns)
        for index in range(1, len(sheet.rows))
        if any(cell.strip() for cell in sheet.rows[index])
    ]


def _required(row: _Row, column: str) -> str:
    value = row.get(column)
    if not value:
        raise RowProblem(column, "required", f"{column} is empty")
    return value


def be_year(text: str, column: str = "fiscal_year_be") -> int:
    """A Buddhist Era year in Thai or Arabic digits (two-digit years are expanded: 65 → 2565)."""
    digits = thai_to_arabic_digits(text).strip().removeprefix("พ.ศ.").strip()
    if not digits.isdigit():
        raise RowProblem(column, "be_year", f"not a year: {text!r}")
    year = int(digits)
    year = expand_two_digit_be(year) if year < 100 else year
    if year < EARLIEST_BE_YEAR:
        raise RowProblem(column, "be_year", f"{year} is not a Buddhist Era year (B.E. = C.E. + 543)")
    return year


def _quarter(text: str) -> int | None:
    if not text:
        return None
    digits = thai_to_arabic_digits(text).strip()
    if digits not in {"1", "2", "3", "4"}:
        raise RowProblem("quarter", "quarter", f"quarter must be 1-4: {text!r}")
    return int(digits)


def _schema_value_roles() -> set[str]:
    field = next(f for f in load_schema("observations")["fields"] if f["name"] == "value_role")
    return set(field["constraints"]["enum"])


def _value_role(text: str) -> str:
    """A Thai alias (เป้าหมาย, ผล …) or any value_role of the observations table schema."""
    role = _lookup(VALUE_ROLES, text) or (text.strip() if text.strip() in _schema_value_roles() else None)
    if role is None:
        raise RowProblem("value_role", "value_role", f"unknown value role {text!r}")
    return role


def _indicator(row: _Row) -> Indicator:
    unit = unit_from_word(row.get("unit")) if row.get("unit") else None
    weight = parse_number(row.get("weight_pct")) if row.get("weight_pct") else None
    if row.get("weight_pct") and weight is None:
        raise RowProblem("weight_pct", "number", f"not a number: {row.get('weight_pct')!r}")
    return Indicator(
        indicator_id=thai_to_arabic_digits(_required(row, "indicator_id")),
        code=thai_to_arabic_digits(row.get("code")),
        name=_required(row, "name"),
        owner_type="project" if row.get("owner_code") else "organisation",
        owner_code=row.get("owner_code"),
        source_line=row.line,
        unit=unit.code if unit else "",
        unit_noun=row.get("unit"),
        weight_pct=weight.value if weight else None,
        parent_code=thai_to_arabic_digits(row.get("parent_code")),
    )


def _observation(row: _Row, known: set[str]) -> Observation:
    indicator_id = thai_to_arabic_digits(_required(row, "indicator_id"))
    if known and indicator_id not in known:
        raise RowProblem(
            "indicator_id", "unknown_indicator", f"indicator {indicator_id} is not in the indicators sheet"
        )
    unit_word = row.get("unit")
    parsed = parse_value(
        _required(row, "value"), default_unit=unit_from_word(unit_word) if unit_word else None
    )
    return Observation.from_value(
        indicator_id,
        _value_role(_required(row, "value_role")),
        parsed,
        [row.line],
        fiscal_year_be=be_year(_required(row, "fiscal_year_be")),
        quarter=_quarter(row.get("quarter")),
        source_section=SOURCE_SECTION,
    )


def _read_rows(
    rows: list[_Row], build: Callable[[_Row], Any], file_name: str, issues: list[Issue]
) -> list[Any]:
    """Build one object per row; a bad row becomes an issue and the others are kept."""
    built = []
    for row in rows:
        try:
            built.append(build(row))
        except RowProblem as problem:
            issues.append(
                Issue(
                    rule=problem.rule,
                    message=str(problem),
                    file=file_name,
                    sheet=row.sheet.name,
                    cell=row.ref(problem.column),
                    line=row.line,
                    original_text=row.get(problem.column),
                )
            )
    return built


def _document_metadata(sheet: Sheet | None, file_name: str, issues: list[Issue]) -> dict[str, Any]:
    metadata: dict[str, Any] = {}
    for index, row in enumerate(sheet.rows if sheet else []):
        key = _lookup(DOCUMENT_KEYS, row[0]) if row else None
        value = row[1].strip() if len(row) > 1 else ""
        if not key or not value:
            continue
        if key == "fiscal_year_be":
            try:
                metadata[key] = be_year(value)
            except RowProblem as problem:
                issues.append(
                    Issue(
                        problem.rule,
                        str(problem),
                        file_name,
                        sheet.name,
                        cell_ref(index, 1),
                        index + 1,
                        value,
                    )
                )
            continue
        metadata[key] = value
    return metadata


def read_kpi_template(
    sheets: list[Sheet], file_name: str, sha256: str
) -> tuple[ExtractionResult, list[Issue]]:
    issues: list[Issue] = []
    document_id = document_id_for(PurePosixPath(file_name), sha256)
    observations_sheet = _sheet(sheets, "observations") or sheets[0]
    indicators_sheet = _sheet(sheets, "indicators")
    result = ExtractionResult(document_id, "complete", "kpi_template")
    result.metadata.update(
        {
            "document_id": document_id,
            "source_file": file_name,
            "sha256": sha256,
            "profile": "kpi_template",
            "status": "complete",
            "doc_type": DEFAULT_DOCUMENT_KIND,
            **_document_metadata(_sheet(sheets, "document"), file_name, issues),
        }
    )
    if indicators_sheet is not None:
        indicators = _read_rows(_data_rows(indicators_sheet), _indicator, file_name, issues)
    else:  # a CSV: the indicators are named in the observations' own name column
        indicators = _indicators_from_observations(observations_sheet)
    result.add("indicators", *indicators)
    known = {indicator.indicator_id for indicator in indicators}
    observation_rows = _data_rows(observations_sheet)
    result.add(
        "observations", *_read_rows(observation_rows, lambda row: _observation(row, known), file_name, issues)
    )
    if not result.metadata.get("fiscal_year_be"):
        years = {row.fiscal_year_be for row in result.tables["observations"] if row.fiscal_year_be}
        if len(years) == 1:
            result.metadata["fiscal_year_be"] = years.pop()
    _stamp(result)
    return result, issues


def _indicators_from_observations(sheet: Sheet) -> list[Indicator]:
    first: dict[str, Indicator] = {}
    for row in _data_rows(sheet):
        indicator_id = thai_to_arabic_digits(row.get("indicator_id"))
        if indicator_id and indicator_id not in first:
            first[indicator_id] = Indicator(
                indicator_id,
                "",
                row.get("name") or indicator_id,
                "organisation",
                "",
                row.line,
                unit_noun=row.get("unit"),
            )
    return list(first.values())


def _stamp(result: ExtractionResult) -> None:
    for rows in result.tables.values():
        for row in rows:
            row.document_id = result.document_id


def extract_kpi_template(
    sheets: list[Sheet], file_name: str, body: bytes
) -> tuple[ExtractionResult, list[Issue]]:
    """The KPI template's result, or ``ExtractionError`` when the file is not in the template."""
    if not is_kpi_template(sheets):
        raise ExtractionError(
            "neither the KPI template (an observations sheet) "
            "nor the NSO metadata template (Temp2_Meta_* sheets)",
            path=file_name,
        )
    return read_kpi_template(sheets, file_name, hashlib.sha256(body).hexdigest())
