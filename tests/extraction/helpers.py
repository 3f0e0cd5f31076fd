"""Small helpers for asserting on extracted rows."""

from __future__ import annotations

SEED_PREFIXES = ("000", "001", "002", "003", "004")


def rows_where(rows: list, **criteria: object) -> list:
    """Rows whose attributes equal all the given values."""
    return [row for row in rows if all(getattr(row, name) == value for name, value in criteria.items())]


def one_row(rows: list, **criteria: object):
    matches = rows_where(rows, **criteria)
    assert len(matches) == 1, f"expected one row with {criteria}, found {len(matches)}"
    return matches[0]


def validation_errors(csv_path, table: str) -> list:
    """Frictionless errors of one output CSV against its shipped Table Schema (empty when valid)."""
    import json

    from frictionless import Resource, Schema, validate

    from ckanext.kpi.extraction.tables import SCHEMA_DIR

    schema = Schema.from_descriptor(json.loads((SCHEMA_DIR / f"{table}.json").read_text(encoding="utf-8")))
    resource = Resource(
        path=csv_path.name, basepath=str(csv_path.parent), schema=schema, format="csv", encoding="utf-8"
    )
    report = validate(resource)
    return [] if report.valid else report.flatten(["rowNumber", "fieldName", "type", "note"])
