"""The tidy tables a ``kpi`` dataset publishes (``indicators.csv``, ``observations.csv`` …), read from the
uploaded files in CKAN's file store and typed by their Frictionless Table Schemas.

Only uploaded resources are read: a resource that merely links elsewhere is never fetched by a page view.
Parsed tables are cached per file version (path, size, modification time), so a page view re-reads a
file only after the harvester has replaced it."""

from __future__ import annotations

import csv
import io
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from ckanext.kpi.extraction.tables import load_schema
from ckanext.kpi.uploads import stored_upload_path

Row = dict[str, Any]
TABLES = ("indicators", "observations", "plan_elements", "projects")


def resource_file_name(resource: dict[str, Any]) -> str:
    """The file name of an uploaded resource: the last segment of its URL (``indicators.csv``)."""
    return urlsplit(resource.get("url") or "").path.rsplit("/", 1)[-1]


def _typed(value: str, field_type: str) -> Any:
    if value == "":
        return None if field_type in ("integer", "number", "boolean") else ""
    try:
        if field_type == "integer":
            return int(value)
        if field_type == "number":
            return Decimal(value)
    except (ValueError, InvalidOperation):
        return None  # a hand-edited file with a bad cell: the cell counts as empty, the row is kept
    if field_type == "boolean":
        return value.lower() == "true"
    return value


def parse_table(table: str, text: str) -> tuple[Row, ...]:
    """Rows of one CSV file typed by the table's schema; columns the schema does not know stay text."""
    types = {field["name"]: field["type"] for field in load_schema(table)["fields"]}
    reader = csv.DictReader(io.StringIO(text))
    return tuple(
        {name: _typed(value or "", types.get(name, "string")) for name, value in row.items() if name}
        for row in reader
    )


@lru_cache(maxsize=128)
def _read_file(path: str, table: str, _size: int, _mtime_ns: int) -> tuple[Row, ...]:
    with open(path, encoding="utf-8-sig") as handle:
        return parse_table(table, handle.read())


def read_resource_table(resource: dict[str, Any], table: str) -> tuple[Row, ...]:
    """The typed rows of one uploaded table resource; empty when its file is not in the file store."""
    path = stored_upload_path(resource)
    if path is None:
        return ()
    stat = path.stat()
    return _read_file(str(path), table, stat.st_size, stat.st_mtime_ns)


def dataset_tables(package: dict[str, Any]) -> dict[str, tuple[Row, ...]]:
    """Every tidy table of the dataset by name; a table the dataset does not publish is empty.
    The caller has already checked that the user may read ``package``."""
    by_file = {resource_file_name(r): r for r in package.get("resources", [])}
    return {
        table: read_resource_table(by_file[f"{table}.csv"], table) if f"{table}.csv" in by_file else ()
        for table in TABLES
    }
