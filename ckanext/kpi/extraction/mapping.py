"""An admin's mapping for a layout the generic reader misreads: JSON or YAML, validated with jsonschema
against ``ckanext/kpi/schemas/mapping.schema.json``.

A mapping names tables (by position, source line, header text or spreadsheet sheet) and says which column
is the indicator and which columns are targets, results, weights … for which fiscal year and quarter. Every
error names the field (``tables[0].columns[1].role``) in English and Thai; nothing is read half-way: the
whole mapping is checked against the document before a single row is read.

jsonschema (and PyYAML for ``.yaml`` files) are imported only here, so the rest of the library keeps to
the standard library.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .grid import Grid
from .profiles.generic.context import table_context
from .profiles.generic.detect import Candidate, find_tables
from .profiles.generic.reader import GenericReading, TablePlan, ValueColumn, read_table
from .profiles.generic.settings import GenericSettings
from .profiles.generic.vocabulary import ColumnMeaning
from .reading import ExtractionError
from .structure import Document
from .thai import ce_to_be, matching_key

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schemas" / "mapping.schema.json"
_LETTERS_RE = re.compile(r"^[A-Z]{1,2}$")
_MAX_MAPPING_BYTES = 256 * 1024


class MappingError(ExtractionError):
    """A mapping that is not valid or does not fit the document; ``field`` names the offending field."""

    def __init__(self, field: str, message_en: str, message_th: str, *, path: str | None = None) -> None:
        super().__init__(f"mapping {field}: {message_en} / {message_th}", path=path)
        self.field = field
        self.message_en = message_en
        self.message_th = message_th

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message_en, "message_th": self.message_th}


@dataclass(frozen=True)
class Mapping:
    data: dict[str, Any]
    source: str = "<mapping>"

    @property
    def tables(self) -> list[dict[str, Any]]:
        return list(self.data["tables"])

    @property
    def keeps_generic_reader(self) -> bool:
        return bool(self.data.get("generic_reader", True))

    def year(self, value: int | None) -> int | None:
        """A year as printed in the mapping → BE (the mapping uses the document's convention)."""
        if value is None:
            return None
        return ce_to_be(value) if self.data.get("year_convention") == "ce" or value < 2400 else value


@dataclass
class MappedReading:
    reading: GenericReading
    lines: set[int] = field(default_factory=set)  # lines of the tables the mapping read


def _field_path(parts: list[Any]) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(mapping)"


def _schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def validate_mapping(data: Any, *, source: str = "<mapping>") -> Mapping:
    """Check a mapping against the JSON schema; the first error names its field."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(_schema())
    errors = sorted(
        validator.iter_errors(data), key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path)))
    )
    if errors:
        error = max(errors, key=lambda e: len(e.absolute_path))  # the deepest: it names the field
        parts = list(error.absolute_path)
        if error.validator == "additionalProperties":
            unknown = sorted(set(error.instance) - set(error.schema.get("properties", {})))
            parts.extend(unknown[:1])
            return _raise(
                parts,
                f"unknown field (allowed: {', '.join(sorted(error.schema.get('properties', {})))})",
                "ไม่รู้จักฟิลด์นี้",
                source,
            )
        if error.validator == "required":
            missing = re.findall(r"'([^']+)' is a required property", error.message)
            parts.extend(missing[:1])
            return _raise(parts, "required field is missing", "ขาดฟิลด์ที่ต้องระบุ", source)
        if error.validator == "enum":
            allowed = ", ".join(map(str, error.validator_value))
            return _raise(
                parts,
                f"{error.instance!r} is not one of {allowed}",
                f"ค่า {error.instance!r} ไม่อยู่ในค่าที่อนุญาต ({allowed})",
                source,
            )
        return _raise(parts, error.message, "ค่าไม่ถูกต้องตามรูปแบบของ mapping", source)
    return Mapping(data, source)


def _raise(parts: list[Any], english: str, thai: str, source: str) -> Mapping:
    raise MappingError(_field_path(parts), english, thai, path=source)


def parse_mapping(text: str, *, source: str = "<mapping>", yaml_allowed: bool = True) -> Mapping:
    """A mapping from JSON text (or YAML, a superset, when PyYAML is installed)."""
    if len(text.encode("utf-8")) > _MAX_MAPPING_BYTES:
        raise MappingError("(mapping)", "larger than 256 KiB", "ไฟล์ mapping ใหญ่เกิน 256 KiB", path=source)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as json_error:
        if not yaml_allowed:
            raise MappingError(
                "(mapping)",
                f"not valid JSON: {json_error.msg} (line {json_error.lineno})",
                f"ไม่ใช่ JSON ที่ถูกต้อง (บรรทัด {json_error.lineno})",
                path=source,
            ) from json_error
        import yaml

        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as yaml_error:
            mark = getattr(yaml_error, "problem_mark", None)
            where = f" (line {mark.line + 1})" if mark else ""
            raise MappingError(
                "(mapping)", f"neither JSON nor YAML{where}", f"ไม่ใช่ JSON หรือ YAML ที่ถูกต้อง{where}", path=source
            ) from yaml_error
    return validate_mapping(data, source=source)


def load_mapping(path: Path | str) -> Mapping:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise MappingError(
            "(mapping)", f"cannot read the file: {error}", "อ่านไฟล์ mapping ไม่ได้", path=str(path)
        ) from error
    return parse_mapping(text, source=str(path))


# --- applying a mapping to a document -----------------------------------------------------------------


def _column_index(grid: Grid, reference: int | str, field_name: str, source: str) -> int:
    if isinstance(reference, int):
        index = reference - 1
    elif _LETTERS_RE.match(reference):
        index = 0
        for letter in reference:
            index = index * 26 + (ord(letter) - ord("A") + 1)
        index -= 1
    else:
        wanted = matching_key(reference)
        matches = [c.index for c in grid.columns if wanted and wanted in matching_key(c.label)]
        if not matches:
            labels = ", ".join(repr(c.label) for c in grid.columns if c.label)
            raise MappingError(
                field_name,
                f"no column header of the table at line {grid.line_start} contains "
                f"{reference!r} (headers: {labels})",
                f"ไม่พบคอลัมน์ที่มีหัวตาราง {reference!r} ในตารางที่บรรทัด {grid.line_start}",
                path=source,
            )
        index = matches[0]
    if not 0 <= index < max(grid.width, max((len(r.cells) for r in grid.rows), default=0)):
        raise MappingError(
            field_name,
            f"column {reference!r} is outside the table at line {grid.line_start} " f"({grid.width} columns)",
            f"คอลัมน์ {reference!r} อยู่นอกตารางที่บรรทัด {grid.line_start} (มี {grid.width} คอลัมน์)",
            path=source,
        )
    return index


def _heading_before(document: Document, line: int) -> str:
    heading = ""
    for block in document.blocks:
        if block.line_start >= line:
            break
        if block.kind == "heading":
            heading = block.text
    return heading


def _select(
    document: Document,
    candidates: list[Candidate],
    spec: dict[str, Any],
    position: int,
    field_name: str,
    source: str,
) -> Candidate:
    select = spec.get("select") or {"index": position + 1}
    chosen = list(enumerate(candidates, start=1))
    if "index" in select:
        chosen = [(n, c) for n, c in chosen if n == select["index"]]
    if "line" in select:
        chosen = [(n, c) for n, c in chosen if c.grid.line_end >= select["line"]]
        chosen = chosen[:1]
    if "header_contains" in select:
        wanted = matching_key(select["header_contains"])
        chosen = [
            (n, c)
            for n, c in chosen
            if any(wanted in matching_key(column.label) for column in c.grid.columns)
        ]
    if "sheet" in select:
        wanted = matching_key(select["sheet"])
        chosen = [
            (n, c) for n, c in chosen if matching_key(_heading_before(document, c.grid.line_start)) == wanted
        ]
    if not chosen:
        raise MappingError(
            f"{field_name}.select",
            f"no table of the document fits {json.dumps(select, ensure_ascii=False)} "
            f"(the document has {len(candidates)} tables)",
            f"ไม่พบตารางที่ตรงกับ select ที่ระบุ (เอกสารมี {len(candidates)} ตาราง)",
            path=source,
        )
    return chosen[0][1]


def _plan(
    document: Document, mapping: Mapping, spec: dict[str, Any], candidate: Candidate, field_name: str
) -> TablePlan:
    grid = candidate.grid
    source = mapping.source

    def index_of(key: str) -> int | None:
        return _column_index(grid, spec[key], f"{field_name}.{key}", source) if key in spec else None

    default_year = mapping.year(spec.get("fiscal_year"))
    values = []
    for number, column in enumerate(spec["columns"]):
        index = _column_index(grid, column["column"], f"{field_name}.columns[{number}].column", source)
        year = mapping.year(column.get("fiscal_year")) or default_year
        meaning = ColumnMeaning(
            "value",
            column["role"],
            year,
            column.get("quarter"),
            label=grid.columns[index].label if index < grid.width else "",
        )
        values.append(ValueColumn(index, meaning, column["role"], year, 1.0))
    skip_numbers = set(spec.get("skip_rows", []))
    skip_texts = [matching_key(text) for text in spec.get("skip_rows_containing", [])]
    indicator = index_of("indicator_column")
    assert indicator is not None
    skipped: set[int] = set()
    for number, row in enumerate(grid.rows, start=1):
        name_key = matching_key(row.text(indicator))
        if number in skip_numbers or any(text and text in name_key for text in skip_texts):
            skipped.update(row.lines)
    if default_year is None:
        default_year = table_context(document, grid.line_start).fiscal_year_be
    return TablePlan(
        indicator_column=indicator,
        value_columns=values,
        weight_column=index_of("weight_column"),
        unit_column=index_of("unit_column"),
        skip_rows=frozenset(skipped),
        fiscal_year_be=default_year,
        default_unit=spec.get("unit", ""),
    )


def apply_mapping(
    document: Document, mapping: Mapping, settings: GenericSettings | None = None
) -> MappedReading:
    """Read the tables the mapping names. Every table and column is resolved first, so a mapping that does
    not fit the document fails before anything is read."""
    candidates = find_tables(document)
    plans = []
    for position, spec in enumerate(mapping.tables):
        field_name = f"tables[{position}]"
        candidate = _select(document, candidates, spec, position, field_name, mapping.source)
        plans.append((position, candidate, _plan(document, mapping, spec, candidate, field_name)))
    # A mapping is the admin's word: its rows are published whatever the generic threshold says.
    reading = GenericReading(GenericSettings(min_confidence=0.0))
    mapped = MappedReading(reading)
    for position, candidate, plan in plans:
        report = read_table(document, candidate, f"M{position + 1}", reading, plan=plan, reader="mapping")
        report["mapping_entry"] = f"tables[{position}]"
        reading.tables.append(report)
        mapped.lines.update(range(candidate.grid.line_start, candidate.grid.line_end + 1))
    if mapping.keeps_generic_reader:
        from .profiles.generic import read_document

        rest = read_document(document, settings, skip_lines=mapped.lines)
        reading.indicators.extend(rest.indicators)
        reading.observations.extend(rest.observations)
        reading.findings.extend(rest.findings)
        reading.tables.extend(rest.tables)
    return mapped
