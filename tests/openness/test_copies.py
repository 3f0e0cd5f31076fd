"""CSV copies of workbook sheets: UTF-8 with a byte-order mark (for Excel), RFC 4180, byte for byte."""

from __future__ import annotations

import codecs
from pathlib import Path

from . import files


def copy_bytes(report: dict, sheet: str) -> bytes:
    """The copy's bytes after its byte-order mark (Excel reads a CSV file as UTF-8 only with one)."""
    (copy,) = [c for c in report["copies"] if c["sheet"] == sheet]
    data = Path(copy["path"]).read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    return data[len(codecs.BOM_UTF8):]


def test_one_utf8_csv_per_sheet_with_thai_text(tmp_path, inspect):
    sheets = {"แผน": files.kpi_sheet(), "วันที่": files.workbook_dates_sheet()}
    report = inspect(files.write_xlsx(tmp_path / "kpi.xlsx", sheets), "XLSX")
    assert [(c["sheet"], c["index"], c["rows"], c["columns"]) for c in report["copies"]] == [
        ("แผน", 0, 4, 4),
        ("วันที่", 1, 3, 3),
    ]
    assert copy_bytes(report, "แผน") == files.KPI_SHEET_CSV
    assert copy_bytes(report, "วันที่") == files.DATES_SHEET_CSV


def test_ods_sheets_are_copied_too(tmp_path, inspect):
    report = inspect(files.write_ods(tmp_path / "kpi.ods", {"แผน": files.kpi_sheet()}), "ODS")
    assert copy_bytes(report, "แผน").decode("utf-8").splitlines()[1] == (
        "2565,ร้อยละความพึงพอใจของผู้รับบริการ,85,87.5"
    )


def test_cells_with_commas_quotes_and_newlines_are_quoted(tmp_path, inspect):
    rows = [["ชื่อ", "หมายเหตุ"], ['โครงการ "ก"', "1,250 บาท\nบรรทัดสอง"]]
    report = inspect(files.write_xlsx(tmp_path / "kpi.xlsx", {"Sheet1": rows}), "XLSX")
    assert (
        copy_bytes(report, "Sheet1") == ('ชื่อ,หมายเหตุ\r\n"โครงการ ""ก""","1,250 บาท\nบรรทัดสอง"\r\n').encode()
    )


def test_merged_cells_keep_their_value_in_the_first_cell_only(tmp_path, inspect):
    rows = [["ตัวชี้วัด", "ผล", None], [None, "ไตรมาส 1", "ไตรมาส 2"], ["ก", 10, 20]]
    path = files.write_xlsx(tmp_path / "kpi.xlsx", {"ผล": rows}, merged={"ผล": ["B1:C1"]})
    report = inspect(path, "XLSX")
    assert copy_bytes(report, "ผล") == "ตัวชี้วัด,ผล,\r\n,ไตรมาส 1,ไตรมาส 2\r\nก,10,20\r\n".encode()


def test_empty_sheets_get_no_copy(tmp_path, inspect):
    report = inspect(files.write_xlsx(tmp_path / "kpi.xlsx", {"ว่าง": [], "แผน": files.kpi_sheet()}), "XLSX")
    assert [c["sheet"] for c in report["copies"]] == ["แผน"]
    assert report["copies"][0]["path"].endswith("sheet-2.csv")
