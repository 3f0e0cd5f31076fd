"""Every table finding, on CSV and on workbooks, with the rows and columns it names."""

from __future__ import annotations

from . import files
from .reports import codes, finding


def test_tis620_csv_is_detected_and_named(tmp_path, inspect):
    path = files.write_csv_text(tmp_path / "kpi.csv", files.kpi_csv_text(), encoding="cp874")
    report = inspect(path, "CSV")
    assert report["encoding"] == "TIS-620 / Windows-874 (Thai)"
    assert finding(report, "encoding-not-utf8")["params"]["encoding"] == "TIS-620 / Windows-874 (Thai)"
    # Decoded as cp874, the table reads cleanly: the encoding is the only finding.
    assert codes(report) == ["encoding-not-utf8"]
    assert report["status"] == "warn"


def test_undecodable_bytes_are_an_error_naming_the_line(tmp_path, inspect):
    path = tmp_path / "kpi.csv"
    path.write_bytes(b"a,b\n1,2\n\xff\xfe\x00\x81,3\n")
    report = inspect(path, "CSV")
    assert report["status"] == "fail"
    assert report["detected_format"] in {"CSV", "UNKNOWN"}


def test_blank_and_duplicate_headers(tmp_path, inspect):
    text = "ปี,ตัวชี้วัด,,ตัวชี้วัด\n2565,ก,1,2\n2566,ข,3,4\n"
    report = inspect(files.write_csv_text(tmp_path / "kpi.csv", text), "CSV")
    assert finding(report, "blank-header")["params"]["column"] == 3
    duplicate = finding(report, "duplicate-header")["params"]
    assert (duplicate["label"], duplicate["columns"]) == ("ตัวชี้วัด", "2, 4")


def test_ragged_rows_name_their_rows(tmp_path, inspect):
    # Row 3 has an unquoted thousands separator (one cell too many), row 4 a missing cell.
    text = "ปี,ตัวชี้วัด,ค่า\n2565,ก,85\n2566,ข,1,315\n2567,ค\n2568,ง,14\n"
    report = inspect(files.write_csv_text(tmp_path / "kpi.csv", text), "CSV")
    params = finding(report, "ragged-rows")["params"]
    assert (params["count"], params["columns"], params["rows"]) == (2, 3, "3, 4")


def test_blank_rows(tmp_path, inspect):
    text = "ปี,ค่า\n2565,1\n,\n2566,2\n"
    report = inspect(files.write_csv_text(tmp_path / "kpi.csv", text), "CSV")
    assert finding(report, "blank-rows")["params"] == {"count": 1, "rows": "3", "file": "kpi.csv"}


def test_thai_digits_in_a_numeric_column(tmp_path, inspect):
    text = "ปี,ค่าเป้าหมาย\n2565,๘๕\n2566,90\n2567,๙๒\n2568,95\n"
    report = inspect(files.write_csv_text(tmp_path / "kpi.csv", text), "CSV")
    params = finding(report, "thai-digits")["params"]
    assert (params["column"], params["count"], params["rows"], params["example"]) == (
        "ค่าเป้าหมาย",
        2,
        "2, 4",
        "๘๕",
    )


def test_thousands_separators_in_a_numeric_column(tmp_path, inspect):
    text = 'ปี,งบประมาณ (บาท)\n2565,"1,250,000"\n2566,980000\n2567,"2,400,500.50"\n'
    report = inspect(files.write_csv_text(tmp_path / "kpi.csv", text), "CSV")
    params = finding(report, "thousands-separator")["params"]
    assert (params["column"], params["count"], params["rows"], params["example"]) == (
        "งบประมาณ (บาท)",
        2,
        "2, 4",
        "1,250,000",
    )


def test_buddhist_and_christian_era_years_mixed(tmp_path, inspect):
    text = "ปีงบประมาณ,ค่า\n2565,1\n2566,2\n2024,3\n2567,4\n"
    report = inspect(files.write_csv_text(tmp_path / "kpi.csv", text), "CSV")
    params = finding(report, "year-era-mix")["params"]
    assert params["column"] == "ปีงบประมาณ"
    assert (params["be_example"], params["be_rows"]) == ("2565", "2, 3, 5")
    assert (params["ce_example"], params["ce_rows"]) == ("2024", "4")


def test_years_of_one_era_are_fine(tmp_path, inspect):
    report = inspect(files.write_csv_text(tmp_path / "kpi.csv", files.kpi_csv_text()), "CSV")
    assert "year-era-mix" not in codes(report)


def test_header_spread_over_two_rows(tmp_path, inspect):
    text = "ตัวชี้วัด,ผลการดำเนินงาน,\n,ไตรมาส 1,ไตรมาส 2\nก,10,20\nข,30,40\nค,50,60\n"
    report = inspect(files.write_csv_text(tmp_path / "kpi.csv", text), "CSV")
    assert finding(report, "multi-row-header")["params"]["labels"] == "ไตรมาส 1, ไตรมาส 2"
    assert finding(report, "blank-header")["params"]["column"] == 3


def test_merged_cell_artefact_in_a_csv(tmp_path, inspect):
    text = "ยุทธศาสตร์,ตัวชี้วัด,ค่า\nยุทธศาสตร์ที่ 1,ก,1\n,ข,2\n,ค,3\nยุทธศาสตร์ที่ 2,ง,4\n"
    report = inspect(files.write_csv_text(tmp_path / "kpi.csv", text), "CSV")
    params = finding(report, "merged-cell-artefact")["params"]
    assert (params["column"], params["count"], params["rows"]) == ("ยุทธศาสตร์", 2, "3, 4")


def test_merged_cells_in_a_workbook_are_named_by_range(tmp_path, inspect):
    rows = [
        ["ตัวชี้วัด", "ผล", None],
        [None, "ไตรมาส 1", "ไตรมาส 2"],
        ["ก", 10, 20],
        ["ข", 30, 40],
        ["ค", 50, 60],
    ]
    path = files.write_xlsx(tmp_path / "kpi.xlsx", {"ผล": rows}, merged={"ผล": ["B1:C1", "A1:A2"]})
    report = inspect(path, "XLSX")
    merged = finding(report, "merged-cells")
    assert (merged["sheet"], merged["params"]["ranges"]) == ("ผล", "B1:C1, A1:A2")
    assert finding(report, "multi-row-header")["sheet"] == "ผล"


def test_workbook_findings_name_the_sheet(tmp_path, inspect):
    sheets = {"ดี": files.kpi_sheet(), "ตัวเลขไทย": [["ปี", "ค่า"], [2565, "๑๒"], [2566, "๑๕"]]}
    report = inspect(files.write_xlsx(tmp_path / "kpi.xlsx", sheets), "XLSX")
    thai = finding(report, "thai-digits")
    assert (thai["sheet"], thai["params"]["rows"]) == ("ตัวเลขไทย", "2, 3")


def test_header_without_data_rows(tmp_path, inspect):
    report = inspect(files.write_csv_text(tmp_path / "kpi.csv", "ปี,ค่า\n"), "CSV")
    assert codes(report) == ["no-data-rows"]


def test_rows_beyond_the_limit_are_not_read(tmp_path, inspect):
    text = "ปี,ค่า\n" + "".join(f"2565,{i}\n" for i in range(50))
    report = inspect(files.write_csv_text(tmp_path / "kpi.csv", text), "CSV", max_rows=10)
    assert finding(report, "rows-limit")["params"]["limit"] == 10
