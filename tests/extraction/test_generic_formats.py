"""The generic KPI reader on real DOCX, XLSX and PDF files (issues 18 and 19).

tests/extraction/corpus/formats holds table-based corpus documents written as Word files (real tables,
merged two-row headers), workbooks (merged title and header cells, numbers as numbers and as text, Thai
digits) and PDFs converted from the Word files by LibreOffice (tools/fixtures/make_corpus_formats.py). Each
is scored against the facts of its text version: the same content must give the same facts, with no
wrong value, through the reader stage an agency's file goes through.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import yaml

from ckanext.kpi.extraction.evaluation import score_facts
from ckanext.kpi.extraction.pipeline import extract_document
from ckanext.kpi.extraction.readers import render_file

CORPUS = Path(__file__).parent / "corpus"
FORMATS_DIR = CORPUS / "formats"
# Floors per format (share of the text version's facts found); measured 100 % on each (63 facts).
FOUND_FLOOR = {"docx": 0.95, "xlsx": 0.95, "pdf": 0.95}


def _facts(stem: str) -> list[dict]:
    for part in ("dev", "holdout"):
        path = CORPUS / part / f"{stem}.yaml"
        if path.exists():
            return yaml.safe_load(path.read_text(encoding="utf-8"))["facts"]
    raise AssertionError(f"no facts YAML for {stem}")


def _files(file_format: str) -> list[Path]:
    return sorted(FORMATS_DIR.glob(f"*.{file_format}"))


def test_each_format_has_eight_or_more_documents_of_the_corpus():
    for file_format in FOUND_FLOOR:
        stems = {path.stem for path in _files(file_format)}
        assert len(stems) >= 8, file_format
        assert all((CORPUS / "dev" / f"{stem}.yaml").exists() for stem in stems)


@pytest.mark.parametrize("file_format", sorted(FOUND_FLOOR))
def test_formats_give_the_text_facts_with_no_wrong_value(file_format):
    found = total = 0
    for document in _files(file_format):
        result, _ = extract_document(document)
        score = score_facts(result, _facts(document.stem))
        assert score.wrong == [], f"{document.name}: wrong values {score.wrong}"
        assert result.profile == "generic", document.name
        found += len(score.found)
        total += score.total
    assert total >= 50
    assert found / total >= FOUND_FLOOR[file_format], f"{file_format}: {found}/{total}"


def test_pdf_tables_without_borders_give_no_wrong_value():
    # The same Word files with the table borders removed: the tables are found by alignment alone
    # (measured 51 / 63; the misses are tables whose columns stand too close to be told apart).
    found = total = 0
    for document in sorted((FORMATS_DIR / "unruled").glob("*.pdf")):
        result, _ = extract_document(document)
        score = score_facts(result, _facts(document.stem))
        assert score.wrong == [], f"unruled {document.name}: wrong values {score.wrong}"
        found += len(score.found)
        total += score.total
    assert total >= 50 and found / total >= 0.75, f"{found}/{total}"


def test_a_spreadsheet_title_above_the_table_is_text_not_a_table_row():
    # The title typed in A1 (merged across the table) carries the fiscal year; as a table row it would be
    # taken for the header and hide the real one.
    text = render_file(FORMATS_DIR / "01_provincial_health_quarters.xlsx").text
    lines = text.splitlines()
    title = next(line for line in lines if "ประจำปีงบประมาณ พ.ศ. 2566" in line)
    assert "\t" not in title
    header = next(line for line in lines if line.startswith("ลำดับ\t"))
    assert header.split("\t")[:3] == ["ลำดับ", "ตัวชี้วัด", "เป้าหมาย"]


def test_spreadsheet_values_typed_as_numbers_and_as_text_read_the_same():
    as_numbers, _ = extract_document(FORMATS_DIR / "01_provincial_health_quarters.xlsx")
    as_text, _ = extract_document(FORMATS_DIR / "12_lpa_assessment.xlsx")
    for result, stem in ((as_numbers, "01_provincial_health_quarters"), (as_text, "12_lpa_assessment")):
        score = score_facts(result, _facts(stem))
        assert score.wrong == [] and score.missed == [], stem


def test_a_spreadsheet_percentage_stored_as_a_fraction_is_read_as_shown(tmp_path):
    # Excel stores 80 % as 0.8 with the number format "0%"; the person reads 80 %, so 0.8 would be wrong.
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "ตัวชี้วัด"
    sheet.append(["ผลการดำเนินงานตามตัวชี้วัด ปีงบประมาณ พ.ศ. 2567"])
    sheet.append([])
    sheet.append(["ตัวชี้วัด", "ค่าเป้าหมาย", "ผลการดำเนินงาน"])
    sheet.append(["ร้อยละของเรื่องร้องเรียนที่แก้ไขแล้วเสร็จ", 0.8, 0.955])
    sheet.append(["จำนวนผู้รับบริการ", 1200, 1342])
    sheet["B4"].number_format = "0%"
    sheet["C4"].number_format = "0.00%"
    path = tmp_path / "percent.xlsx"
    book.save(path)

    result, _ = extract_document(path)

    assert {
        (o.value_role, o.fiscal_year_be, o.value_num, o.unit, o.source_ref)
        for o in result.tables["observations"]
    } == {
        ("target", 2567, Decimal(80), "pct", "ตัวชี้วัด!4"),
        ("actual", 2567, Decimal("95.5"), "pct", "ตัวชี้วัด!4"),
        ("target", 2567, Decimal(1200), "", "ตัวชี้วัด!5"),
        ("actual", 2567, Decimal(1342), "", "ตัวชี้วัด!5"),
    }
