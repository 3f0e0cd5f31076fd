"""Reading agency spreadsheets (CSV, XLSX, ODS) into plain grids of cell texts, through pandas with the
calamine engine. Every later step works on :class:`Sheet` and names cells as A1 references."""

from __future__ import annotations

import datetime
import io
import math
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Any

import pandas as pd

from ckanext.kpi.extraction.reading import ExtractionError

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
CSV_SUFFIXES = (".csv",)
TABLE_SUFFIXES = (*CSV_SUFFIXES, *WORKBOOK_SUFFIXES)


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: list[list[str]]  # rows[0] is spreadsheet row 1

    def cell(self, row_index: int, column_index: int) -> str:
        row = self.rows[row_index] if row_index < len(self.rows) else []
        return row[column_index] if column_index < len(row) else ""


def column_letter(column_index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    number = column_index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def cell_ref(row_index: int, column_index: int) -> str:
    return f"{column_letter(column_index)}{row_index + 1}"


def cell_text(value: Any) -> str:
    """The text of a cell: integers without '.0', dates as ISO, empty for blanks."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(Decimal(repr(value)), "f")
    if isinstance(value, datetime.datetime | pd.Timestamp):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def _grid(frame: pd.DataFrame) -> list[list[str]]:
    return [[cell_text(value) for value in row] for row in frame.itertuples(index=False, name=None)]


def read_sheets(data: bytes, file_name: str) -> list[Sheet]:
    """All sheets of a workbook, or the single sheet of a CSV (named after the file).
    Raises ``ExtractionError`` when the file cannot be read as a table."""
    suffix = PurePosixPath(file_name).suffix.lower()
    try:
        if suffix in CSV_SUFFIXES:
            frame = pd.read_csv(
                io.BytesIO(data), header=None, dtype=str, keep_default_na=False, encoding="utf-8-sig"
            )
            return [Sheet(PurePosixPath(file_name).stem, _grid(frame))]
        # keep_default_na=False: "N/A" (not applicable) and "None" are values in a KPI table, not blanks.
        frames = pd.read_excel(
            io.BytesIO(data), sheet_name=None, header=None, engine="calamine", keep_default_na=False
        )
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise ExtractionError(
            f"not a readable table ({type(error).__name__}: {error})", path=file_name
        ) from error
    except Exception as error:  # calamine raises its own error types for damaged workbooks
        raise ExtractionError(
            f"not a readable workbook ({type(error).__name__}: {error})", path=file_name
        ) from error
    return [Sheet(str(name), _grid(frame)) for name, frame in frames.items()]
