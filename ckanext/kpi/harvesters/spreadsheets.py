"""Reading agency spreadsheets: the reader lives in the extraction library
(:mod:`ckanext.kpi.extraction.readers.sheets`), so the document readers and the template readers share one
implementation; the names are re-exported here for the harvesters."""

from __future__ import annotations

from ckanext.kpi.extraction.readers.sheets import (
    CSV_SUFFIXES,
    TABLE_SUFFIXES,
    WORKBOOK_SUFFIXES,
    Sheet,
    cell_ref,
    cell_text,
    column_letter,
    read_sheets,
)

__all__ = [
    "CSV_SUFFIXES",
    "TABLE_SUFFIXES",
    "WORKBOOK_SUFFIXES",
    "Sheet",
    "cell_ref",
    "cell_text",
    "column_letter",
    "read_sheets",
]
