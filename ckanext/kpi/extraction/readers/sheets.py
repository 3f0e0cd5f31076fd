"""Reading agency spreadsheets (CSV, XLSX, XLS, ODS) into plain grids of cell texts, through pandas with the
calamine engine. Every later step works on :class:`Sheet` and names cells as A1 references.

:func:`render_spreadsheet` renders a workbook of any layout into the text layout of :mod:`.base`: each
sheet a ``##`` heading with its name and its used range a table, one line per spreadsheet row with the
reference ``Sheet1!7``. A merged range keeps its value in its top-left cell only (that is how calamine and
the file store it), which is the layout's "merged cell written once". The KPI and NSO templates keep their
dedicated readers in :mod:`ckanext.kpi.harvesters`."""

from __future__ import annotations

import datetime
import io
import math
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Any

import pandas as pd

from ..reading import ExtractionError
from .base import ReaderError, ReaderLimits, Rendition
from .layout import LayoutWriter

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
    """The text of a cell, for the extraction and for the checker's CSV copies alike: integers without
    '.0', other numbers without an exponent, dates as ISO 8601, booleans as the spreadsheet shows them
    (TRUE/FALSE, which is also what Excel and LibreOffice write in a CSV), empty for blanks."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(Decimal(repr(value)), "f")
    if isinstance(value, datetime.datetime | pd.Timestamp):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
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
        # dtype=object: each cell keeps its own Python type (a column of booleans stays bool, not numpy's).
        frames = pd.read_excel(
            io.BytesIO(data), sheet_name=None, header=None, engine="calamine", keep_default_na=False,
            dtype=object,
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


def used_range(rows: list[list[str]]) -> tuple[int, int, int, int] | None:
    """(first row, last row, first column, last column) of the non-empty cells, 0-based and inclusive."""
    filled = [(r, c) for r, row in enumerate(rows) for c, value in enumerate(row) if value.strip()]
    if not filled:
        return None
    return (
        min(r for r, _ in filled),
        max(r for r, _ in filled),
        min(c for _, c in filled),
        max(c for _, c in filled),
    )


def _percent_cells(data: bytes, file_name: str) -> dict[tuple[str, int, int], str]:
    """Cells of an XLSX stored as fractions and shown as percentages (number format ``0%``, ``0.00%``):
    {(sheet, row index, column index): "75%"}. calamine gives the stored 0.75; a reader of the document
    sees 75 %, and a target of 0.75 would be a wrong value. Only OOXML workbooks carry the format here."""
    if PurePosixPath(file_name).suffix.lower() not in (".xlsx", ".xlsm"):
        return {}
    import openpyxl  # pinned beside calamine; only for the formats calamine does not report

    found: dict[tuple[str, int, int], str] = {}
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # calamine read the file; without its formats the values stay as stored
        return {}
    try:
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    value = getattr(cell, "value", None)
                    number_format = getattr(cell, "number_format", "") or ""
                    if (
                        isinstance(value, bool)
                        or not isinstance(value, int | float)
                        or "%" not in number_format
                    ):
                        continue
                    percent = (Decimal(repr(value)) * 100).normalize()
                    found[(sheet.title, cell.row - 1, cell.column - 1)] = f"{percent:f}%"
    finally:
        book.close()
    return found


def _title_rows(rows: list[list[str]]) -> int:
    """How many rows at the top of a used range are title lines, not table rows: rows with a single filled
    cell (an agency's title typed in A1, often merged across the table) and the blank rows after them, as
    long as a row with two or more filled cells follows. Those lines carry the document's agency and
    fiscal year ("ประจำปีงบประมาณ พ.ศ. 2566"), which a table row would hide from the readers."""
    count = 0
    for row in rows:
        filled = sum(1 for value in row if value.strip())
        if filled >= 2:
            return count if count < len(rows) - 1 else 0
        count += 1
    return 0  # a sheet of single cells is a one-column table, kept as it is


def render_spreadsheet(data: bytes, file_name: str, limits: ReaderLimits, source_format: str) -> Rendition:
    """Every sheet's used range as a table block under a heading naming the sheet."""
    name = file_name if source_format != "csv" or file_name.lower().endswith(".csv") else f"{file_name}.csv"
    try:
        sheets = read_sheets(data, name)
    except ExtractionError as error:
        raise ReaderError(f"{error.message} / อ่านตารางไม่ได้", path=file_name) from None
    percents = _percent_cells(data, name)
    if percents:
        sheets = [
            Sheet(
                sheet.name,
                [
                    [percents.get((sheet.name, r, c), value) for c, value in enumerate(row)]
                    for r, row in enumerate(sheet.rows)
                ],
            )
            for sheet in sheets
        ]
    writer = LayoutWriter(source_format)
    cells = 0
    for sheet in sheets:
        bounds = used_range(sheet.rows)
        if bounds is None:
            continue
        top, bottom, left, right = bounds
        cells += (bottom - top + 1) * (right - left + 1)
        if cells > limits.max_cells:
            raise ReaderError(
                f"more than {limits.max_cells:,} cells in the used ranges / จำนวนเซลล์เกินกำหนด", path=file_name
            )
        if len(sheets) > 1 or source_format != "csv":
            writer.heading(2, sheet.name, sheet.name)
        rows = [[sheet.cell(r, c) for c in range(left, right + 1)] for r in range(top, bottom + 1)]
        titles = _title_rows(rows)
        for offset, row in enumerate(rows[:titles]):
            text = " ".join(value.strip() for value in row if value.strip())
            if text:
                writer.paragraph(text, f"{sheet.name}!{cell_ref(top + offset, left)}")
        writer.table(rows[titles:], [f"{sheet.name}!{r + 1}" for r in range(top + titles, bottom + 1)])
    return writer.rendition()
