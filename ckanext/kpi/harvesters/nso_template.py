"""The NSO GD-Catalog metadata Excel template (ckanext-thai_gdc's dataset importer): sheets
``Temp2_Meta_<Type>`` (one dataset per row) and ``Temp3_Resource_<Type>`` (one resource per row), header on
row 4, the first row under it an example that is skipped, B.E. dates.

One table drives all five data types: :data:`DATA_TYPES` names each type's sheet suffix, its Thai value and
its column order (the common block, then the type's own columns). Values are converted by field kind, and
the kinds come from the schema's presets (choice list, multiple choice, date), so nothing is repeated here.
A header row that spells the field names is used as is; otherwise the columns are taken in template order."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from ckanext.kpi import vocabulary
from ckanext.kpi.extraction.thai import thai_to_arabic_digits

from .issues import Issue
from .spreadsheets import Sheet, cell_ref

HEADER_ROW_INDEX = 3  # row 4
EXAMPLE_ROWS = 1  # the first row under the header is the template's example
META_PREFIX = "Temp2_Meta_"
RESOURCE_PREFIX = "Temp3_Resource_"
BE_OFFSET = 543

COMMON_COLUMNS = (
    "name", "d_type", "title", "owner_org", "maintainer", "maintainer_email", "tag_string", "notes",
    "objective", "update_frequency_unit", "update_frequency_interval", "geo_coverage", "data_source",
    "data_format", "data_category", "data_classification", "license_id", "accessible_condition",
)  # fmt: skip
RECORD_COLUMNS = (
    "created_date", "last_updated_date", "url", "data_support", "data_collect", "data_language",
    "high_value_dataset", "reference_data",
)  # fmt: skip
STAT_COLUMNS = (
    "first_year_of_data", "last_year_of_data", "data_release_calendar", "last_updated_date", "disaggregate",
    "unit_of_measure", "unit_of_multiplier", "calculation_method", "standard", "url", "data_language",
    "official_statistics",
)  # fmt: skip
GIS_COLUMNS = (
    "geographic_data_set", "equivalent_scale", "west_bound_longitude", "east_bound_longitude",
    "north_bound_longitude", "south_bound_longitude", "positional_accuracy", "reference_period",
    "last_updated_date", "data_release_calendar", "data_release_date", "url", "data_language",
)  # fmt: skip
RESOURCE_COLUMNS = (
    "dataset_name", "resource_name", "resource_url", "description", "resource_accessible_condition",
    "resource_last_updated_date", "format",
)  # fmt: skip
# Columns of the template that are not dataset fields.
_NOT_FIELDS = frozenset({"d_type", "owner_org"})


@dataclass(frozen=True)
class DataType:
    sheet_suffix: str
    value: str
    columns: tuple[str, ...]


def _other_block() -> tuple[str, ...]:
    """Temp2_Meta_Other has data_type_other where the others have d_type."""
    return tuple("data_type_other" if c == "d_type" else c for c in COMMON_COLUMNS) + RECORD_COLUMNS


DATA_TYPES = (
    DataType("Record", "ข้อมูลระเบียน", COMMON_COLUMNS + RECORD_COLUMNS),
    DataType("Stat", "ข้อมูลสถิติ", COMMON_COLUMNS + STAT_COLUMNS),
    DataType("GIS", "ข้อมูลภูมิสารสนเทศเชิงพื้นที่", COMMON_COLUMNS + GIS_COLUMNS),
    DataType("Multi", "ข้อมูลหลากหลายประเภท", COMMON_COLUMNS + RECORD_COLUMNS),
    DataType("Other", "ข้อมูลประเภทอื่นๆ", _other_block()),
)


@dataclass(frozen=True)
class FieldKind:
    choices: str = ""  # the choice list name
    multiple: bool = False
    date: bool = False


@cache
def field_kinds() -> dict[str, FieldKind]:
    """field name → kind, read from the schema's presets (``dga_<field>``)."""
    text = (resources.files("ckanext.kpi") / "schemas" / "presets.yaml").read_text(encoding="utf-8")
    kinds = {}
    for preset in yaml.safe_load(text)["presets"]:
        name = preset["preset_name"]
        if not name.startswith("dga_"):
            continue
        values = preset["values"]
        validators = values.get("validators", "")
        kinds[name.removeprefix("dga_")] = FieldKind(
            choices=values.get("dga_choices", ""),
            multiple="kpi_multiple_choice" in validators,
            date="kpi_isodate" in validators,
        )
    return kinds


@dataclass
class MetadataRow:
    """One dataset of the template, with its resources and the problems met while reading it."""

    sheet: str
    line: int
    dataset: dict[str, Any]
    resources: list[dict[str, Any]] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)


def is_nso_template(sheets: list[Sheet]) -> bool:
    return any(sheet.name.startswith(META_PREFIX) for sheet in sheets)


def _choice_value(list_name: str, text: str) -> str | None:
    wanted = text.strip().lower()
    for choice in vocabulary.choices(list_name):
        spellings = {choice["value"], choice["label"]["th"], choice["label"]["en"]}
        if wanted in {s.lower() for s in spellings}:
            return choice["value"]
    return None


def _other_value(list_name: str) -> str | None:
    return next(
        (c["value"] for c in vocabulary.choices(list_name) if vocabulary.is_other_choice(c["value"])), None
    )


_DATE_RE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def be_date(text: str) -> str:
    """``15/10/2567`` or ``2567-10-15`` (B.E.) → ``2024-10-15``; a C.E. year is kept."""
    digits = thai_to_arabic_digits(text).strip()[:10]
    match = _DATE_RE.match(digits)
    if match:
        day, month, year = (int(part) for part in match.groups())
    else:
        year, month, day = (int(part) for part in digits.split("-"))
    if year > 2400:
        year -= BE_OFFSET
    return datetime.date(year, month, day).isoformat()


def _set_field(dataset: dict[str, Any], name: str, text: str) -> str | None:
    """Convert one cell into ``dataset[name]``; returns a problem message or None."""
    kind = field_kinds().get(name.removeprefix("resource_"), FieldKind())
    if kind.date:
        try:
            dataset[name] = be_date(text)
        except ValueError:
            return f"not a date (dd/mm/yyyy B.E.): {text!r}"
        return None
    if not kind.choices:
        dataset[name] = text
        return None
    parts = [p.strip() for p in re.split(r"[,\n]", text) if p.strip()] if kind.multiple else [text]
    values, unknown = [], []
    for part in parts:
        value = _choice_value(kind.choices, part)
        (values.append(value) if value else unknown.append(part))
    other = _other_value(kind.choices)
    if unknown and other:  # thai_gdc's rule: an unknown value becomes "other" with the text kept
        values.append(other)
        dataset[f"{name}_other"] = ", ".join(unknown)
    elif unknown:
        values.extend(unknown)  # left for the schema to reject, with its own message
    dataset[name] = list(dict.fromkeys(values)) if kind.multiple else values[0]
    return None


def _header_names(sheet: Sheet, columns: tuple[str, ...]) -> tuple[str, ...]:
    """The header row's field names when it spells them, else the template's column order."""
    header = [
        cell.strip() for cell in (sheet.rows[HEADER_ROW_INDEX] if len(sheet.rows) > HEADER_ROW_INDEX else [])
    ]
    return tuple(header) if set(header) >= {"name", "title"} else columns


def _data_row_indexes(sheet: Sheet) -> list[int]:
    first = HEADER_ROW_INDEX + 1 + EXAMPLE_ROWS
    return [
        index for index in range(first, len(sheet.rows)) if any(cell.strip() for cell in sheet.rows[index])
    ]


def _dataset_row(sheet: Sheet, index: int, data_type: DataType, file_name: str) -> MetadataRow:
    names = _header_names(sheet, data_type.columns)
    row = MetadataRow(sheet.name, index + 1, {"type": "dataset", "data_type": data_type.value})
    for column, name in enumerate(names):
        text = sheet.cell(index, column)
        if not text or name in _NOT_FIELDS:
            continue
        problem = _set_field(row.dataset, name, text)
        if problem:
            row.issues.append(
                Issue("value", problem, file_name, sheet.name, cell_ref(index, column), index + 1, text)
            )
    return row


def _resource_rows(sheets: list[Sheet], file_name: str) -> dict[str, list[dict[str, Any]]]:
    """dataset name → its resources, from every Temp3_Resource_* sheet (link resources)."""
    by_dataset: dict[str, list[dict[str, Any]]] = {}
    for sheet in (s for s in sheets if s.name.startswith(RESOURCE_PREFIX)):
        names = _header_names(sheet, RESOURCE_COLUMNS) if sheet.rows else RESOURCE_COLUMNS
        for index in _data_row_indexes(sheet):
            cells = {name: sheet.cell(index, column) for column, name in enumerate(names)}
            resource = {
                "name": cells.get("resource_name", ""),
                "url": cells.get("resource_url", ""),
                "description": cells.get("description", ""),
                "format": cells.get("format", ""),
            }
            if cells.get("resource_accessible_condition"):
                resource["resource_accessible_condition"] = cells["resource_accessible_condition"]
            if cells.get("resource_last_updated_date"):
                _set_field(resource, "resource_last_updated_date", cells["resource_last_updated_date"])
            by_dataset.setdefault(cells.get("dataset_name", ""), []).append(resource)
    return by_dataset


def read_nso_template(sheets: list[Sheet], file_name: str) -> list[MetadataRow]:
    """Every dataset row of every Temp2_Meta_* sheet, with the resources that name it."""
    resources_by_dataset = _resource_rows(sheets, file_name)
    rows = []
    for data_type in DATA_TYPES:
        sheet = next((s for s in sheets if s.name == f"{META_PREFIX}{data_type.sheet_suffix}"), None)
        for index in _data_row_indexes(sheet) if sheet else []:
            row = _dataset_row(sheet, index, data_type, file_name)
            row.resources = resources_by_dataset.get(row.dataset.get("name", ""), [])
            rows.append(row)
    return rows
