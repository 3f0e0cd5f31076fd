"""Real format from content, against the declared format, and the openness score of the policy."""

from __future__ import annotations

import json

import pytest

from ckanext.kpi.openness.policy import canonical_format, score_of

from . import files
from .reports import codes, finding


def test_clean_utf8_csv_is_open_and_passes(tmp_path, inspect):
    report = inspect(files.write_csv_text(tmp_path / "kpi.csv", files.kpi_csv_text()), "CSV")
    assert (report["detected_format"], report["score"], report["status"]) == ("CSV", 3, "pass")
    assert report["open"] is True
    assert report["encoding"] == "UTF-8"
    assert report["findings"] == []


@pytest.mark.parametrize(
    ("name", "content", "declared", "detected", "score"),
    [
        ("kpi.tsv", "ปี\tค่า\n2565\t1\n2566\t2\n", "TSV", "TSV", 3),
        ("kpi.json", json.dumps([{"ปี": 2565, "ค่า": 1}], ensure_ascii=False), "JSON", "JSON", 3),
        ("map.geojson", '{"type": "FeatureCollection", "features": []}', "GeoJSON", "GEOJSON", 3),
        ("kpi.jsonld", '{"@context": "https://schema.org/", "name": "x"}', "JSON-LD", "JSON-LD", 5),
        ("kpi.xml", '<?xml version="1.0"?><kpis><kpi year="2565">1</kpi></kpis>', "XML", "XML", 3),
        (
            "kpi.rdf",
            '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>',
            "RDF",
            "RDF",
            5,
        ),
        ("kpi.ttl", '@prefix dct: <http://purl.org/dc/terms/> .\n<#a> dct:title "x" .\n', "TTL", "TTL", 5),
        ("notes.txt", "บันทึกการประชุม ครั้งที่ 1 ไม่มีตาราง\n", "TXT", "TXT", 1),
    ],
)
def test_text_formats_are_told_apart(tmp_path, inspect, name, content, declared, detected, score):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    report = inspect(path, declared)
    assert (report["detected_format"], report["score"]) == (detected, score)
    assert "format-mismatch" not in codes(report)


def test_xlsx_scores_two_and_is_covered_by_its_csv_copies(tmp_path, inspect):
    report = inspect(files.write_xlsx(tmp_path / "kpi.xlsx", {"แผน": files.kpi_sheet()}), "XLSX")
    assert (report["detected_format"], report["score"], report["open"]) == ("XLSX", 2, False)
    assert report["machine_readable"] is True
    copy = finding(report, "format-open-copy")
    assert copy["severity"] == "info"
    assert copy["params"]["copies"] == '"แผน"'
    assert report["status"] == "pass"


def test_xlsx_without_copies_fails_as_not_open(tmp_path):
    from ckanext.kpi.openness.inspect import inspect_file
    from ckanext.kpi.openness.limits import Limits

    path = files.write_xlsx(tmp_path / "kpi.xlsx", {"แผน": files.kpi_sheet()})
    report = inspect_file(path, name="kpi.xlsx", declared_format="XLSX", limits=Limits(), copies_dir=None)
    assert finding(report, "format-not-open")["params"] == {
        "detected": "XLSX",
        "score": 2,
        "file": "kpi.xlsx",
    }
    assert report["status"] == "fail"


def test_ods_is_open(tmp_path, inspect):
    report = inspect(files.write_ods(tmp_path / "kpi.ods", {"แผน": files.kpi_sheet()}), "ODS")
    assert (report["detected_format"], report["score"], report["status"]) == ("ODS", 3, "pass")


def test_csv_that_is_really_xlsx(tmp_path, inspect):
    path = files.write_xlsx(tmp_path / "kpi.xlsx", {"แผน": files.kpi_sheet()}).rename(tmp_path / "kpi.csv")
    report = inspect(path, "CSV")
    assert report["detected_format"] == "XLSX"
    assert finding(report, "format-mismatch")["params"] == {
        "declared": "CSV",
        "detected": "XLSX",
        "file": "kpi.csv",
    }
    assert report["status"] == "fail"


def test_pdf_named_xlsx(tmp_path, inspect):
    report = inspect(files.write_pdf(tmp_path / "kpi.xlsx"), "XLSX")
    assert (report["detected_format"], report["score"]) == ("PDF", 1)
    assert codes(report) == ["format-mismatch", "format-not-open"]
    assert report["status"] == "fail"


def test_html_error_page_behind_a_data_url(tmp_path, inspect):
    report = inspect(files.write_csv_text(tmp_path / "download", files.ERROR_PAGE), "CSV")
    assert (report["detected_format"], report["score"]) == ("HTML", 0)
    assert finding(report, "html-page")["params"]["title"] == "404 ไม่พบหน้าที่ต้องการ"
    assert report["status"] == "fail"


def test_zip_of_csvs_is_as_open_as_its_members(tmp_path, inspect):
    members = {"2565.csv": b"a,b\n1,2\n", "2566.csv": b"a,b\n3,4\n"}
    report = inspect(files.write_zip(tmp_path / "kpi.zip", members), "ZIP")
    assert (report["detected_format"], report["score"], report["status"]) == ("ZIP", 3, "pass")
    assert finding(report, "archive-contents")["params"]["members"] == "2565.csv (CSV), 2566.csv (CSV)"


def test_zip_with_a_pdf_scores_one(tmp_path, inspect):
    members = {"2565.csv": b"a,b\n1,2\n", "report.pdf": (files.write_pdf(tmp_path / "r.pdf")).read_bytes()}
    report = inspect(files.write_zip(tmp_path / "kpi.zip", members), "ZIP")
    assert report["score"] == 1
    assert "format-not-open" in codes(report)


def test_executable_scores_zero(tmp_path, inspect):
    report = inspect(files.write_exe(tmp_path / "data.csv"), "CSV")
    assert (report["detected_format"], report["score"], report["status"]) == ("EXE", 0, "fail")


@pytest.mark.parametrize(
    ("typed", "canonical", "score"),
    [
        ("csv", "CSV", 3),
        (".xlsx", "XLSX", 2),
        ("text/csv", "CSV", 3),
        ("Excel", "XLSX", 2),
        ("application/vnd.ms-excel", "XLS", 2),
        ("ods", "ODS", 3),
        ("RDF/XML", "RDF", 5),
        ("pdf", "PDF", 1),
        ("DOC", "DOC", 1),
        ("html", "HTML", 0),
        ("exe", "EXE", 0),
        ("", "", 0),
    ],
)
def test_policy_table(typed, canonical, score):
    assert canonical_format(typed) == canonical
    assert score_of(canonical) == score
