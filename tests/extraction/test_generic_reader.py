"""The generic KPI reader (issue 19): documents of layouts no profile knows, read from their headers.

The corpus (tests/extraction/corpus) holds Thai KPI documents of other agencies and layouts, each with the
facts a person reads off it. Every number asserted here comes from those documents.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from ckanext.kpi.extraction import cli
from ckanext.kpi.extraction.evaluation import compare_with_profile, score_facts
from ckanext.kpi.extraction.pipeline import extract_document
from ckanext.kpi.extraction.profiles.generic import GenericSettings
from ckanext.kpi.extraction.profiles.generic.values import read_cell
from ckanext.kpi.extraction.profiles.generic.vocabulary import classify_column

from .helpers import one_row, rows_where

CORPUS = Path(__file__).parent / "corpus"


def _documents(part: str) -> list[Path]:
    return sorted(
        p for p in (CORPUS / part).iterdir() if p.suffix != ".yaml" and p.with_suffix(".yaml").exists()
    )


def _facts(document: Path) -> list[dict]:
    return yaml.safe_load(document.with_suffix(".yaml").read_text(encoding="utf-8"))["facts"]


def test_the_corpus_has_twenty_documents_and_a_hold_out():
    assert len(_documents("dev")) >= 20
    assert len(_documents("holdout")) >= 4


@pytest.mark.parametrize("part", ["dev", "holdout"])
def test_corpus_facts_found_with_no_wrong_value(part):
    found = total = 0
    for document in _documents(part):
        result, _ = extract_document(document)
        score = score_facts(result, _facts(document))
        assert score.wrong == [], f"{document.name}: wrong values {score.wrong}"
        assert result.profile == "generic", document.name
        found += len(score.found)
        total += score.total
    assert found / total >= 0.9, f"{part}: {found}/{total}"


def test_header_words_give_role_year_and_quarter():
    assert classify_column("ผลการดำเนินงาน", "ไตรมาส 2").role == "actual"
    assert classify_column("ผลการดำเนินงาน", "ไตรมาส 2").quarter == 2
    assert (
        classify_column("ค่าเป้าหมาย", "พ.ศ. ๒๕๖๖").role,
        classify_column("ค่าเป้าหมาย", "พ.ศ. ๒๕๖๖").fiscal_year_be,
    ) == (
        "target",
        2566,
    )
    assert classify_column("เกณฑ์การให้คะแนน", "4").role == "score_level_4"
    assert (
        classify_column("เป้าหมาย (ปีงบประมาณ พ.ศ. 2565)", "เป้าหมายมาตรฐาน (75 คะแนน)").role
        == "target_level_75"
    )
    assert classify_column("รอบ 9 เดือน").quarter == 3
    assert classify_column("ร้อยละของเป้าหมาย").kind == "ignored"  # derived from the values, never a value
    assert classify_column("ตัวชี้วัดโครงการ").kind == "indicator"
    assert classify_column("หน่วยนับ").kind == "unit"
    assert classify_column("น้ำหนัก (ร้อยละ)").kind == "weight"


def test_cells_that_say_more_than_one_value_are_not_read():
    assert read_cell("≥ ร้อยละ 88").clear and read_cell("≥ ร้อยละ 88").value.comparator == ">="
    assert read_cell("ร้อยละ 50 - 55").value.value_num_max == Decimal(55)
    assert read_cell("12,000 แปลง").value.unit.noun == "แปลง"
    assert read_cell("อยู่ระหว่างดำเนินการ").value.status == "in_progress"
    assert not read_cell("2,000 (ปี 66: 1,800)").clear
    assert not read_cell("2,150 / 2,300").clear
    assert not read_cell("ดูภาคผนวก").clear


def test_an_unsure_row_is_a_needs_review_finding_not_a_value():
    result, _ = extract_document(CORPUS / "dev" / "22_ambiguous_cells.txt")
    # Its only value cell says two things: no indicator, no observation, a finding instead.
    assert not rows_where(result.tables["indicators"], name="จำนวนเกษตรกรที่ได้รับการช่วยเหลือด้านการตลาด")
    reviews = rows_where(result.findings, rule="needs_review")
    assert {f.source_line for f in reviews} == {5, 6}
    assert any(f.stated_value == "2,000 (ปี 66: 1,800)" for f in reviews)
    assert any(f.stated_value == "ดูภาคผนวก" for f in reviews)
    price = one_row(result.tables["indicators"], name="ร้อยละของสินค้าที่มีการปิดป้ายแสดงราคา")
    actual = one_row(result.tables["observations"], indicator_id=price.indicator_id, value_role="actual")
    assert (actual.value_num, actual.fiscal_year_be, actual.source_line) == (Decimal("97.2"), 2569, 4)


def test_the_confidence_threshold_is_a_setting():
    document = CORPUS / "dev" / "05_web_one_cell_per_line.txt"
    default, _ = extract_document(document)
    assert len(default.tables["observations"]) == 8
    strict, _ = extract_document(document, settings=GenericSettings(min_confidence=0.95))
    assert strict.tables["observations"] == []
    assert len(rows_where(strict.findings, rule="needs_review")) == 8
    assert strict.metadata["generic_min_confidence"] == 0.95


@pytest.mark.parametrize(
    ("name", "layout"),
    [
        ("01_provincial_health_quarters.txt", "tsv"),
        ("02_ministry_agreement_pipe.md", "pipe"),
        ("05_web_one_cell_per_line.txt", "cell_per_line"),
        ("06_space_aligned.txt", "space_aligned"),
        # An .html file passes the HTML reader first, which renders its tables as TAB rows.
        ("07_html_table.html", "tsv"),
        ("08_prose_statements.txt", "statement"),
        ("11_kpi_card_pipe.md", "key_value"),
    ],
)
def test_document_json_names_the_reader_and_layout_of_each_table(tmp_path, name, layout):
    assert cli.main([str(CORPUS / "dev" / name), "--out", str(tmp_path), "--quiet"]) == cli.EXIT_OK
    document = json.loads((tmp_path / Path(name).stem / "document.json").read_text(encoding="utf-8"))
    assert (document["profile"], document["profile_chosen_by"]) == ("generic", "generic_reader")
    assert {(t["reader"], t["layout"]) for t in document["tables_read"]} == {("generic", layout)}


def test_two_row_header_with_quarters_and_the_caption_year():
    result, _ = extract_document(CORPUS / "dev" / "01_provincial_health_quarters.txt")
    tb = one_row(result.tables["indicators"], name="อัตราความสำเร็จการรักษาผู้ป่วยวัณโรคปอดรายใหม่")
    q2 = one_row(result.tables["observations"], indicator_id=tb.indicator_id, value_role="actual", quarter=2)
    assert (q2.value_num, q2.fiscal_year_be, q2.source_line) == (Decimal("89.10"), 2566, 7)
    target = one_row(result.tables["observations"], indicator_id=tb.indicator_id, value_role="target")
    assert (target.comparator, target.value_num, target.unit) == (">=", Decimal(88), "pct")
    dash = one_row(result.tables["observations"], value_role="actual", quarter=2, source_line=8)
    assert (dash.status, dash.value_num) == ("not_applicable", None)


def test_a_name_that_differs_between_target_and_result_table_is_kept_as_alternative():
    result, _ = extract_document(CORPUS / "dev" / "14_target_and_result_tables.txt")
    datasets = one_row(result.tables["indicators"], name="จำนวนชุดข้อมูลที่เผยแพร่บนระบบบัญชีข้อมูลจังหวัด")
    assert datasets.alternative_names == "จำนวนชุดข้อมูลที่เผยแพร่บนระบบ Data Catalog จังหวัด"
    roles = {
        o.value_role: o.value_num
        for o in result.tables["observations"]
        if o.indicator_id == datasets.indicator_id
    }
    assert roles == {"target": Decimal(50), "actual": Decimal(56)}
    finding = one_row(result.findings, rule="indicator_name_differs")
    assert (finding.source_line, finding.owner_code) == (12, datasets.indicator_id)
    assert len(result.tables["indicators"]) == 2


def test_a_text_without_kpi_tables_stays_an_unknown_family(tmp_path):
    path = tmp_path / "recipe.txt"
    path.write_text("# แกงเขียวหวาน\n\nส่วนผสม\tปริมาณ\nไก่\t300 กรัม\n", encoding="utf-8")
    result, _ = extract_document(path)
    assert (result.status, result.profile) == ("unknown_family", None)


def test_the_seed_profiles_still_win_on_the_seeds(extracted):
    assert [extracted(p).profile for p in ("000", "001", "002", "004")] == [
        "git_plan",
        "opdc_assessment",
        "dip_diagram",
        "pmqa_guide",
    ]


@pytest.mark.parametrize(("prefix", "at_least"), [("000", 55), ("001", 45)])
def test_generic_forced_on_a_seed_reads_no_wrong_value(seed_path, extracted, prefix, at_least):
    generic, _ = extract_document(seed_path(prefix), profile="generic")
    comparison = compare_with_profile(extracted(prefix), generic)
    assert comparison["wrong"] == 0, comparison["wrong_examples"]
    assert comparison["found"] >= at_least


def test_header_units_combined_labels_and_unknown_roles(tmp_path):
    path = tmp_path / "combined.txt"
    path.write_text(
        "แผนปฏิบัติราชการ กรมตัวอย่าง ประจำปีงบประมาณ พ.ศ. 2568\n\n"
        "ตัวชี้วัด/ค่าเป้าหมาย\tค่าเป้าหมาย (ร้อยละ)\tผลการดำเนินงาน (ร้อยละ)\n"
        "ร้อยละของคำขอที่ดำเนินการแล้วเสร็จ\t90\t92.5\n\n"
        "รายการ\t2567\t2568\n"
        "จำนวนผู้รับบริการผ่านระบบออนไลน์ทั้งหมด\t1,000\t1,200\n",
        encoding="utf-8",
    )
    result, _ = extract_document(path)
    target = one_row(result.tables["observations"], value_role="target")
    assert (target.value_num, target.unit, target.fiscal_year_be, target.source_line) == (
        Decimal(90),
        "pct",
        2568,
        4,
    )
    assert one_row(result.tables["observations"], value_role="actual").value_num == Decimal("92.5")
    # Year columns that say neither target nor result, under a caption that does not either: not read.
    unknown = rows_where(result.findings, rule="generic_column_role_unknown")
    assert [f.source_line for f in unknown] == [6, 6]
    assert len(result.tables["observations"]) == 2
