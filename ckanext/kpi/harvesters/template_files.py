"""Writing the KPI template (blank or filled) and NSO metadata workbooks with openpyxl: for the published
examples in ckanext/kpi/examples/harvest/, the tests and the benchmark."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from .kpi_template import DOCUMENT_KEYS
from .nso_template import DATA_TYPES, HEADER_ROW_INDEX, META_PREFIX, RESOURCE_COLUMNS, RESOURCE_PREFIX

INDICATOR_HEADER = ("indicator_id", "code", "name", "unit", "weight_pct", "owner_code", "parent_code")
OBSERVATION_HEADER = ("indicator_id", "fiscal_year_be", "quarter", "value_role", "value", "unit")


def _sheet(workbook: Workbook, title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    sheet = workbook.create_sheet(title)
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))


def write_kpi_template(
    path: Path,
    document: dict[str, Any] | None = None,
    indicators: Iterable[Sequence[Any]] = (),
    observations: Iterable[Sequence[Any]] = (),
) -> Path:
    """The tidy KPI template; with no rows it is the blank copy (the document keys and the headers)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    document = document or {}
    keys = [(names[0], document.get(names[0], "")) for names in DOCUMENT_KEYS.values()]
    _sheet(workbook, "document", ("key", "value"), keys)
    _sheet(workbook, "indicators", INDICATOR_HEADER, indicators)
    _sheet(workbook, "observations", OBSERVATION_HEADER, observations)
    workbook.save(path)
    return path


def write_nso_template(
    path: Path, datasets: dict[str, list[dict[str, Any]]], resources: list[dict[str, Any]]
) -> Path:
    """An NSO metadata workbook: ``datasets`` maps a data type's sheet suffix (Record, Stat, …) to rows of
    field values. Rows 1-3 are the template's title lines, row 4 the header, row 5 the example row."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for data_type in DATA_TYPES:
        _template_sheet(
            workbook,
            f"{META_PREFIX}{data_type.sheet_suffix}",
            data_type.columns,
            datasets.get(data_type.sheet_suffix, []),
        )
    _template_sheet(workbook, f"{RESOURCE_PREFIX}Record", RESOURCE_COLUMNS, resources)
    workbook.save(path)
    return path


def _template_sheet(
    workbook: Workbook, title: str, columns: Sequence[str], rows: list[dict[str, Any]]
) -> None:
    sheet = workbook.create_sheet(title)
    for line in range(HEADER_ROW_INDEX):
        sheet.append([f"{title} (template line {line + 1})"])
    sheet.append(list(columns))
    sheet.append([f"ตัวอย่าง {column}" for column in columns])  # the example row, skipped on import
    for row in rows:
        sheet.append([row.get(column, "") for column in columns])
