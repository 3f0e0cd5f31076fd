"""The admin mapping (issue 19): a table the generic reader misreads, read the way the mapping says; an
invalid mapping refused with the field named, in English and Thai."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from ckanext.kpi.extraction import cli
from ckanext.kpi.extraction.mapping import MappingError, load_mapping, parse_mapping, validate_mapping
from ckanext.kpi.extraction.pipeline import extract_document
from ckanext.kpi.harvesters.config import ConfigError, parse_config

EXAMPLES = Path(__file__).parent / "mapping_examples"
PLAN_TABLE = EXAMPLES / "plan_table.txt"


def _observations(result) -> set[tuple]:
    return {
        (o.value_role, o.fiscal_year_be, o.quarter, o.value_num, o.unit)
        for o in result.tables["observations"]
    }


def test_the_mapping_fixes_a_misread_text_table():
    misread, _ = extract_document(PLAN_TABLE)
    # The caption says ผลการดำเนินงาน, so the generic reader takes the plan's year columns for results.
    assert {o.value_role for o in misread.tables["observations"]} == {"actual"}

    fixed, _ = extract_document(PLAN_TABLE, mapping=load_mapping(EXAMPLES / "plan_table.mapping.yaml"))

    assert (fixed.profile, fixed.metadata["profile_chosen_by"]) == ("generic", "mapping")
    assert _observations(fixed) == {
        ("target", 2566, None, Decimal(1200), "count"),
        ("target", 2567, None, Decimal(1500), "count"),
        ("target", 2566, None, Decimal(85), "pct"),
        ("target", 2567, None, Decimal(90), "pct"),
    }
    assert [t["reader"] for t in fixed.metadata["tables_read"]] == ["mapping"]
    assert fixed.metadata["mapping"]["year_convention"] == "be"
    assert [o.source_line for o in fixed.tables["observations"]] == [4, 4, 5, 5]


PLAN_TARGETS = {
    ("target", 2566, None, Decimal(1200), "count"),
    ("target", 2567, None, Decimal(1500), "count"),
    ("target", 2566, None, Decimal(85), "pct"),
    ("target", 2567, None, Decimal(90), "pct"),
}


@pytest.mark.parametrize(
    ("file_format", "ref_start"),
    [("docx", "table 1 · row "), ("pdf", "p. 1 · table 1 · row "), ("xlsx", "KPI!")],
)
def test_the_mapping_fixes_the_misread_table_in_docx_pdf_and_xlsx(file_format, ref_start):
    # The same plan table as a Word table, a PDF converted from it by LibreOffice and a workbook with a
    # merged title row (tools/fixtures/make_corpus_formats.py), read through the format readers.
    document = EXAMPLES / f"plan_table.{file_format}"
    misread, _ = extract_document(document)
    assert {o.value_role for o in misread.tables["observations"]} == {"actual"}

    fixed, _ = extract_document(document, mapping=load_mapping(EXAMPLES / "plan_table.mapping.yaml"))

    assert (fixed.profile, fixed.metadata["profile_chosen_by"]) == ("generic", "mapping")
    assert _observations(fixed) == PLAN_TARGETS
    assert [t["reader"] for t in fixed.metadata["tables_read"]] == ["mapping"]
    assert all(o.source_ref.startswith(ref_start) for o in fixed.tables["observations"])


def _workbook(tmp_path: Path) -> Path:
    """A workbook of two sheets (a note, then the quarterly results), read by the spreadsheet reader."""
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "หมายเหตุ"
    notes.append(["ข้อมูล ณ วันที่ 30 กันยายน 2567"])
    sheet = book.create_sheet("ผลรายไตรมาส")
    sheet.append(["ตัวชี้วัด", "Q1", "Q2", "Q3", "Q4", "หน่วยนับ"])
    sheet.append(["จำนวนคำขอใบอนุญาตที่ออกผ่านระบบออนไลน์", 320, 410, 505, 612, "ใบอนุญาต"])
    sheet.append(["ร้อยละของคำขอที่พิจารณาเสร็จภายในกำหนด", 91.5, 93, 95.25, 97, "ร้อยละ"])
    path = tmp_path / "kpi.xlsx"
    book.save(path)
    return path


def test_the_mapping_fixes_a_misread_spreadsheet(tmp_path):
    path = _workbook(tmp_path)
    unread, _ = extract_document(path)
    assert unread.tables["observations"] == []  # Q1-Q4 name no role and no caption says which

    mapping = parse_mapping(
        json.dumps(
            {
                "tables": [
                    {
                        "select": {"sheet": "ผลรายไตรมาส"},
                        "indicator_column": "A",
                        "unit_column": "F",
                        "fiscal_year": 2567,
                        "columns": [
                            {"column": letter, "role": "actual", "quarter": q}
                            for q, letter in enumerate("BCDE", 1)
                        ],
                    }
                ]
            },
            ensure_ascii=False,
        )
    )
    fixed, _ = extract_document(path, mapping=mapping)
    assert len(fixed.tables["observations"]) == 8
    assert ("actual", 2567, 4, Decimal(612), "count") in _observations(fixed)
    assert ("actual", 2567, 3, Decimal("95.25"), "pct") in _observations(fixed)
    assert {o.source_ref for o in fixed.tables["observations"]} == {"ผลรายไตรมาส!2", "ผลรายไตรมาส!3"}


@pytest.mark.parametrize(
    ("mapping", "field"),
    [
        (
            {"tables": [{"indicator_column": "A", "columns": [{"column": "B", "role": "goal"}]}]},
            "tables[0].columns[0].role",
        ),
        (
            {
                "tables": [
                    {"indicator_column": "A", "columns": [{"column": "B", "role": "target", "quarter": 5}]}
                ]
            },
            "tables[0].columns[0].quarter",
        ),
        ({"tables": [{"columns": [{"column": "B", "role": "target"}]}]}, "tables[0].indicator_column"),
        ({"tables": [{"indicator_column": "A", "colums": []}]}, "tables[0].colums"),
        ({"tables": []}, "tables"),
        (
            {
                "year_convention": "thai",
                "tables": [{"indicator_column": 1, "columns": [{"column": 2, "role": "actual"}]}],
            },
            "year_convention",
        ),
    ],
)
def test_an_invalid_mapping_is_refused_with_the_field_named(mapping, field):
    with pytest.raises(MappingError) as refused:
        validate_mapping(mapping)
    assert refused.value.field == field
    assert refused.value.message_th  # the Thai message for the form


@pytest.mark.parametrize(
    ("table", "field"),
    [
        (
            {"indicator_column": "A", "columns": [{"column": "ผลงาน", "role": "actual"}]},
            "tables[0].columns[0].column",
        ),
        (
            {"indicator_column": "Z", "columns": [{"column": "B", "role": "actual"}]},
            "tables[0].indicator_column",
        ),
        (
            {
                "select": {"header_contains": "งบประมาณ"},
                "indicator_column": "A",
                "columns": [{"column": "B", "role": "actual"}],
            },
            "tables[0].select",
        ),
    ],
)
def test_a_mapping_that_does_not_fit_the_document_names_the_field(table, field):
    with pytest.raises(MappingError) as refused:
        extract_document(PLAN_TABLE, mapping=validate_mapping({"tables": [table]}))
    assert refused.value.field == field
    assert "line 3" in refused.value.message_en or field.endswith("select")


def test_kpi_extract_mapping_option(tmp_path, capsys):
    out = tmp_path / "out"
    good = ["--out", str(out), "--quiet", "--mapping", str(EXAMPLES / "plan_table.mapping.yaml")]
    assert cli.main([str(PLAN_TABLE), *good]) == cli.EXIT_OK
    document = json.loads((out / "plan_table" / "document.json").read_text(encoding="utf-8"))
    assert document["tables_read"][0]["reader"] == "mapping"

    bad = ["--out", str(out), "--mapping", str(EXAMPLES / "plan_table.bad_role.json")]
    assert cli.main([str(PLAN_TABLE), *bad]) == cli.EXIT_USAGE
    stderr = capsys.readouterr().err
    assert "tables[0].columns[0].role" in stderr and "ไม่อยู่ในค่าที่อนุญาต" in stderr

    misfit = tmp_path / "misfit.json"
    misfit.write_text(
        json.dumps(
            {"tables": [{"indicator_column": "A", "columns": [{"column": "ผลงาน", "role": "actual"}]}]},
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    assert cli.main([str(PLAN_TABLE), "--out", str(out), "--mapping", str(misfit)]) == cli.EXIT_BAD_INPUT
    assert "tables[0].columns[0].column" in capsys.readouterr().err


def test_a_harvest_source_config_carries_a_mapping():
    mapping = load_mapping(EXAMPLES / "plan_table.mapping.yaml").data
    assert parse_config(json.dumps({"mapping": mapping}, ensure_ascii=False)).mapping == mapping
    with pytest.raises(ConfigError) as refused:
        parse_config(
            json.dumps(
                {
                    "mapping": {
                        "tables": [{"indicator_column": "A", "columns": [{"column": "B", "role": "goal"}]}]
                    }
                }
            )
        )
    assert refused.value.key == "mapping.tables[0].columns[0].role"
