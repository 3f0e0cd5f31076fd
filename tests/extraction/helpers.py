"""Small helpers for asserting on extracted rows."""

from __future__ import annotations


def rows_where(rows: list, **criteria: object) -> list:
    """Rows whose attributes equal all the given values."""
    return [row for row in rows if all(getattr(row, name) == value for name, value in criteria.items())]


def one_row(rows: list, **criteria: object):
    matches = rows_where(rows, **criteria)
    assert len(matches) == 1, f"expected one row with {criteria}, found {len(matches)}"
    return matches[0]
