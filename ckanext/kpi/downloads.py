"""Downloads a citizen opens in a spreadsheet program: CSV that Excel reads as UTF-8 (a byte-order mark) and
XLSX workbooks (openpyxl), with the indicator's name, unit, and Thai and English column labels.

Excel decodes a CSV file as UTF-8 only when it starts with a BOM; without one it uses the Windows code page
and Thai text turns into "à¹à¸«à¹ˆà¸‡". Every CSV this extension writes for people therefore starts with one;
readers in this extension decode with ``utf-8-sig`` so that the BOM never reaches a column name."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

import ckan.plugins.toolkit as tk
from flask_babel import force_locale
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

BOM = "\ufeff"
CSV_MIMETYPE = "text/csv; charset=utf-8"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel's limit on a sheet name, and the characters it refuses in one.
SHEET_NAME_MAX = 31
SHEET_NAME_FORBIDDEN = str.maketrans({character: "_" for character in "[]:*?/\\"})


def csv_with_bom(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """CSV text (RFC 4180, CRLF as Excel writes it) that starts with a BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    return BOM + buffer.getvalue()


# (sheet title, lines above the table, header, rows)
Sheet = tuple[str, Sequence[Sequence[Any]], Sequence[str], Iterable[Sequence[Any]]]


def xlsx_bytes(sheets: Iterable[Sheet]) -> bytes:
    """A workbook: per sheet a title, lines above the table (name, unit …), a bold header and the rows.
    Numbers stay numbers (a Decimal becomes a float, which Excel stores anyway)."""
    workbook = Workbook(write_only=True)
    for title, preamble, header, rows in sheets:
        sheet = workbook.create_sheet(title.translate(SHEET_NAME_FORBIDDEN)[:SHEET_NAME_MAX] or "data")
        for line in preamble:
            sheet.append(list(line))
        if preamble:
            sheet.append([])
        bold = Font(bold=True)
        header_cells = []
        for label in header:
            cell = WriteOnlyCell(sheet, value=label)
            cell.font = bold
            header_cells.append(cell)
        sheet.append(header_cells)
        for row in rows:
            sheet.append([_excel_value(value) for value in row])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _excel_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def bilingual(message: str) -> str:
    """``ไทย / English`` of one UI message: downloads are read by people of either language."""
    with force_locale("th"):
        thai = tk._(message)
    with force_locale("en"):
        english = tk._(message)
    return english if thai == english else f"{thai} / {english}"


def in_locale(locale: str, render: Callable[..., Any], *args: Any) -> str:
    """``render(*args)`` as text in the given locale."""
    with force_locale(locale):
        return str(render(*args))


# --- Indicator values (the indicator page's table) --------------------------------------------------------

# (column, label): the label is an i18n message, written as "ไทย / English" in the header.
INDICATOR_COLUMNS = (
    ("indicator_id", "Indicator ID"),
    ("indicator_name", "Indicator name"),
    ("series_th", "Series (Thai)"),
    ("series_en", "Series (English)"),
    ("fiscal_year_be", "Fiscal year (B.E.)"),
    ("fiscal_year_ce", "Fiscal year (C.E.)"),
    ("quarter", "Quarter"),
    ("comparator", "Comparator"),
    ("value_num", "Value"),
    ("value_num_max", "Upper value of a range"),
    ("unit", "Unit"),
    ("status", "Status"),
    ("value_text_original", "Original cell text"),
    ("source_lines", "Source lines"),
    ("series_key", "Series key"),
    ("value_role", "Value role (code)"),
)


def indicator_rows(data: dict[str, Any]) -> list[list[Any]]:
    """One row per value of a ``kpi_indicator_show`` result, in the page's order."""
    from ckanext.kpi.indicators import pages

    indicator = data["indicator"]
    rows = []
    for item in data["series"]:
        label_th = in_locale("th", pages.series_label, item)
        label_en = in_locale("en", pages.series_label, item)
        for point in item["points"]:
            values = {
                "indicator_id": indicator["indicator_id"],
                "indicator_name": indicator.get("name") or "",
                "series_th": label_th,
                "series_en": label_en,
                "unit": pages.unit_text(point.get("unit_noun"), point.get("unit"))
                or pages.unit_text(indicator.get("unit_noun"), indicator.get("unit")),
                "series_key": item["key"],
                "value_role": item["value_role"],
            }
            rows.append([values[name] if name in values else point.get(name)
                         for name, _ in INDICATOR_COLUMNS])
    return rows


def indicator_header() -> list[str]:
    return [bilingual(label) for _, label in INDICATOR_COLUMNS]


def indicator_preamble(data: dict[str, Any]) -> list[list[str]]:
    from ckanext.kpi.indicators import pages

    indicator = data["indicator"]
    return [
        [bilingual("Indicator"), f"{indicator.get('code') or indicator['indicator_id']} "
                                 f"{indicator.get('name') or ''}".strip()],
        [bilingual("Unit"), pages.unit_text(indicator.get("unit_noun"), indicator.get("unit"))],
        [bilingual("Dataset"), data["dataset"].get("title") or data["dataset"]["name"]],
    ]


def indicator_csv(data: dict[str, Any]) -> str:
    return csv_with_bom(indicator_header(), indicator_rows(data))


def indicator_xlsx(data: dict[str, Any]) -> bytes:
    indicator_id = str(data["indicator"]["indicator_id"])
    return xlsx_bytes([(indicator_id, indicator_preamble(data), indicator_header(), indicator_rows(data))])


# --- The tidy tables of a dataset ---------------------------------------------------------------------------

def tables_xlsx(tables: dict[str, Sequence[dict[str, Any]]]) -> bytes:
    """One sheet per published tidy table (``indicators``, ``observations`` …), columns in schema order."""
    from ckanext.kpi.extraction.tables import field_names

    sheets = []
    for table, rows in tables.items():
        if not rows:
            continue
        names = field_names(table)
        extra = [name for name in rows[0] if name not in names]
        columns = [*names, *extra]
        sheets.append((table, [], columns, [[row.get(name) for name in columns] for row in rows]))
    return xlsx_bytes(sheets)
