"""Bad input becomes a report entry: never an exception, never a hung or exhausted worker."""

from __future__ import annotations

import time
import zipfile

from ckanext.kpi.openness.isolated import run_isolated
from ckanext.kpi.openness.limits import MIB, Limits

from . import files
from .reports import codes, finding


def test_empty_file(tmp_path, inspect):
    path = tmp_path / "kpi.csv"
    path.write_bytes(b"")
    report = inspect(path, "CSV")
    assert (report["detected_format"], report["status"], codes(report)) == ("EMPTY", "fail", ["empty-file"])


def test_file_over_the_size_cap_is_not_read(tmp_path, inspect):
    path = files.write_csv_text(tmp_path / "kpi.csv", files.kpi_csv_text() * 100)
    report = inspect(path, "CSV", max_file_bytes=1000)
    params = finding(report, "too-large")["params"]
    assert (params["size"], params["limit"]) == (path.stat().st_size, 1000)
    assert report["status"] == "fail"


def test_zip_bomb_is_refused_from_its_headers(tmp_path, inspect):
    path = files.write_zip_bomb(tmp_path / "kpi.zip")
    started = time.monotonic()
    report = inspect(path, "ZIP")
    assert time.monotonic() - started < 5
    params = finding(report, "archive-bomb")["params"]
    assert params["member"] == "data.csv"
    assert params["size"] == 64 * MIB
    assert params["ratio"] > 200
    assert report["status"] == "fail"


def test_archive_expanding_past_the_limit(tmp_path, inspect):
    path = files.write_zip(tmp_path / "kpi.zip", {"a.csv": b"a,b\n" * 1000})
    report = inspect(path, "ZIP", max_expanded_bytes=1000)
    assert finding(report, "archive-too-large")["params"]["size"] == 4000


def test_archive_with_too_many_members(tmp_path, inspect):
    path = files.write_zip(tmp_path / "kpi.zip", {f"{i}.csv": b"a\n1\n" for i in range(20)})
    report = inspect(path, "ZIP", max_members=10)
    assert finding(report, "archive-too-many-members")["params"]["count"] == 20


def test_workbook_with_an_xml_bomb_is_refused(tmp_path, inspect):
    report = inspect(files.write_xlsx_with_xml_bomb(tmp_path / "kpi.xlsx"), "XLSX")
    assert report["detected_format"] == "XLSX"
    assert finding(report, "xml-bomb")["params"]["member"] == "xl/worksheets/sheet1.xml"
    assert report["status"] == "fail"
    assert report["copies"] == []


def test_xml_file_with_a_billion_laughs_is_refused(tmp_path, inspect):
    path = tmp_path / "kpi.xml"
    path.write_text(files.BILLION_LAUGHS, encoding="utf-8")
    report = inspect(path, "XML")
    assert finding(report, "xml-bomb")["severity"] == "error"


def test_corrupt_workbook(tmp_path, inspect):
    good = files.write_xlsx(tmp_path / "good.xlsx", {"แผน": files.kpi_sheet()}).read_bytes()
    path = tmp_path / "kpi.xlsx"
    path.write_bytes(good[: len(good) // 2])  # cut short: the central directory is gone
    report = inspect(path, "XLSX")
    assert report["status"] == "fail"
    assert set(codes(report)) & {"corrupt-file", "format-mismatch"}


def test_workbook_with_a_broken_sheet(tmp_path, inspect):
    path = files.write_xlsx(tmp_path / "kpi.xlsx", {"แผน": files.kpi_sheet()})
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            target.writestr(info, data)
    report = inspect(broken, "XLSX")
    corrupt = finding(report, "corrupt-file")
    assert corrupt["params"]["format"] == "XLSX"
    assert report["status"] == "fail"


def test_time_limit_stops_the_child_and_is_reported(tmp_path):
    path = files.write_csv_text(tmp_path / "kpi.csv", files.kpi_csv_text())
    report = run_isolated(path, name="kpi.csv", declared_format="CSV", limits=Limits(timeout_seconds=0))
    assert finding(report, "check-stopped")["params"]["limit"] == "time"
    assert report["status"] == "fail"


def test_memory_limit_stops_the_child_and_is_reported(tmp_path, monkeypatch):
    def greedy_inspection(*args, **kwargs):
        return bytearray(64 * MIB)  # more than the allowance below: MemoryError in the child

    monkeypatch.setattr("ckanext.kpi.openness.inspect.inspect_file", greedy_inspection)
    path = files.write_csv_text(tmp_path / "kpi.csv", files.kpi_csv_text())
    report = run_isolated(
        path, name="kpi.csv", declared_format="CSV", limits=Limits(max_memory_bytes=16 * MIB)
    )
    assert finding(report, "check-stopped")["params"]["limit"] == "memory"
    assert report["status"] == "fail"


def test_a_crash_in_the_child_is_reported(tmp_path, monkeypatch):
    def broken_inspection(*args, **kwargs):
        raise RuntimeError("parser bug")

    monkeypatch.setattr("ckanext.kpi.openness.inspect.inspect_file", broken_inspection)
    path = files.write_csv_text(tmp_path / "kpi.csv", files.kpi_csv_text())
    report = run_isolated(path, name="kpi.csv", declared_format="CSV", limits=Limits())
    stopped = finding(report, "check-stopped")["params"]
    assert stopped["limit"] == "process"
    assert "RuntimeError: parser bug" in stopped["detail"]


def test_isolated_run_returns_the_same_report_as_in_process(tmp_path, inspect):
    path = files.write_csv_text(tmp_path / "kpi.csv", "ปี,ค่า\n2565,๘๕\n2566,90\n2567,91\n")
    isolated = run_isolated(path, name="kpi.csv", declared_format="CSV", limits=Limits())
    assert isolated == inspect(path, "CSV")
