"""Every CSV a citizen downloads opens in Excel with its Thai text intact, and the XLSX workbooks hold the
indicator's name, unit and Thai and English column labels (issue 21).

Excel picks a CSV file's encoding by sniffing its first bytes: a UTF-8 byte-order mark means UTF-8; anything
else is read in the Windows code page (cp1252 on most desktops, cp874 on Thai ones), where UTF-8 Thai turns
into "à¹à¸«à¹ˆà¸‡". ``excel_decode`` does the same, so a file without a BOM fails these tests."""

from __future__ import annotations

import codecs
import csv
import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ckanext.kpi import downloads
from ckanext.kpi.openness.tables import write_copy

from .conftest import PLUGINS, SEED_001

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", PLUGINS),
    pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index", "with_request_context"),
]
THAI = re.compile("[\u0E01-\u0E4F]")


def excel_decode(data: bytes) -> str:
    """Text as Excel reads a .csv file: BOM sniffing (UTF-8, UTF-16), else the ANSI code page."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    return data.decode("cp1252", errors="replace")


def excel_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(excel_decode(data))))


def test_excel_decoding_garbles_thai_without_a_bom():
    assert excel_decode("4 แห่ง".encode()) != "4 แห่ง"
    assert excel_decode(downloads.csv_with_bom(["ค่า"], [["4 แห่ง"]]).encode()) == "ค่า\r\n4 แห่ง\r\n"


def test_sheet_copies_open_in_excel(tmp_path: Path):
    copy = write_copy([["ตัวชี้วัด", "ค่า"], ["ร้อยละผู้ใช้", "85"]], tmp_path, "แผ่นงาน", 0)
    assert excel_rows(Path(copy.path).read_bytes()) == [["ตัวชี้วัด", "ค่า"], ["ร้อยละผู้ใช้", "85"]]


def test_every_csv_of_a_published_document_opens_in_excel(app, seed_dataset):
    package = seed_dataset(SEED_001)
    csv_resources = [r for r in package["resources"] if r["url"].endswith(".csv")]
    assert {r["url"].rsplit("/", 1)[-1] for r in csv_resources} >= {"indicators.csv", "observations.csv"}
    for resource in csv_resources:
        body = app.get(resource["url"].replace("http://test.ckan.net", "")).get_data()
        rows = excel_rows(body)
        assert not rows[0][0].startswith("\ufeff"), resource["url"]
        if len(rows) > 1:
            assert any(THAI.search(cell) for row in rows[1:] for cell in row), resource["url"]

    # The DataStore copy of the observations: the resource page links its dumps with a BOM.
    observations = next(r for r in csv_resources if r["url"].endswith("/observations.csv"))
    page = app.get(f"/dataset/{package['name']}/resource/{observations['id']}").get_data(as_text=True)
    dump_link = re.search(r'href="([^"]*/datastore/dump/[^"]*bom=True[^"]*)"', page)
    assert dump_link, "no DataStore dump link with a BOM on the resource page"
    dump = app.get(dump_link.group(1).replace("&amp;", "&")).get_data()
    dump_rows = excel_rows(dump)
    assert "indicator_id" in dump_rows[0]
    assert any(THAI.search(cell) for row in dump_rows[1:] for cell in row)


def test_indicator_csv_carries_name_unit_and_bilingual_labels(app, seed_dataset):
    package = seed_dataset(SEED_001)
    response = app.get(f"/dataset/{package['name']}/indicator/1.1.2/data.csv")
    assert response.headers["Content-Type"].startswith("text/csv")
    rows = excel_rows(response.get_data())
    header = rows[0]
    assert header[:3] == ["รหัสตัวชี้วัด / Indicator ID", "ชื่อตัวชี้วัด / Indicator name",
                          "ชุดค่า (ภาษาไทย) / Series (Thai)"]
    assert "หน่วยนับ / Unit" in header and "ปีงบประมาณ (พ.ศ.) / Fiscal year (B.E.)" in header
    by_label = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    assert by_label[0]["รหัสตัวชี้วัด / Indicator ID"] == "1.1.2"
    assert THAI.search(by_label[0]["ชื่อตัวชี้วัด / Indicator name"])
    assert {row["หน่วยนับ / Unit"] for row in by_label} == {"ใบรับรอง"}
    assert "value_role" not in header  # codes only under a labelled column
    english = {row["ชุดค่า (ภาษาอังกฤษ) / Series (English)"] for row in by_label}
    assert "Actual" in english or any(label.startswith("Actual") for label in english)
    thai = {row["ชุดค่า (ภาษาไทย) / Series (Thai)"] for row in by_label}
    assert all(THAI.search(label) for label in thai), thai


def test_indicator_and_dataset_workbooks(app, seed_dataset):
    package = seed_dataset(SEED_001)
    response = app.get(f"/dataset/{package['name']}/indicator/1.1.2/data.xlsx")
    assert response.headers["Content-Type"] == downloads.XLSX_MIMETYPE
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "ตัวชี้วัด / Indicator" and THAI.search(rows[0][1])
    assert rows[1][:2] == ["หน่วยนับ / Unit", "ใบรับรอง"]
    header_index = next(i for i, row in enumerate(rows) if row and row[0] == "รหัสตัวชี้วัด / Indicator ID")
    value_column = rows[header_index].index("ค่า / Value")
    values = [row[value_column] for row in rows[header_index + 1:]]
    assert any(isinstance(value, int | float) for value in values)

    workbook = app.get(f"/dataset/{package['name']}/tables.xlsx")
    assert workbook.headers["Content-Type"] == downloads.XLSX_MIMETYPE
    book = load_workbook(io.BytesIO(workbook.get_data()))
    assert {"indicators", "observations"} <= set(book.sheetnames)
    indicator_rows = list(book["indicators"].iter_rows(values_only=True))
    assert indicator_rows[0][0] == "indicator_id"
    assert indicator_rows[0][:3] == ("indicator_id", "code", "name")
    assert any(row[1] == "1.1.2" and THAI.search(row[2]) for row in indicator_rows[1:]), indicator_rows[:4]
