"""Seed 004, the PMQA 4.0 category-7 guide: groups, example KPIs, mandatory markers, bands, conditions."""

from __future__ import annotations

import pytest

from ckanext.kpi.extraction.profiles.pmqa_guide import is_mandatory_group, is_mandatory_kpi, strip_markers

from ..helpers import one_row, rows_where


@pytest.fixture(scope="module")
def guide(extracted):
    result = extracted("004")
    assert (result.status, result.profile) == ("complete", "pmqa_guide")
    return result


def test_six_categories(guide):
    categories = rows_where(guide.tables["plan_elements"], element_type="pmqa_category")
    assert [c.code for c in categories] == ["7.1", "7.2", "7.3", "7.4", "7.5", "7.6"]
    assert categories[0].name == "ด้านประสิทธิผลและการบรรลุพันธกิจ"


def test_mandatory_group_marker_004_110(guide):
    group = one_row(guide.tables["plan_elements"], code="7.1.G1")
    assert (group.name, group.is_mandatory, group.source_line) == (
        "ตัววัดตามภารกิจหลัก/คำรับรองการปฏิบัติราชการ (ไม่เกิน 3 ตัว)",
        True,
        110,
    )
    assert one_row(guide.tables["plan_elements"], code="7.1.G2").is_mandatory is False


def test_the_7_1_groups_continue_across_two_tables_004_109_120(guide):
    groups = rows_where(guide.tables["plan_elements"], element_type="kpi_group", parent_code="7.1")
    assert [(g.code, g.source_line) for g in groups][-1] == ("7.1.G4", 120)


def test_open_data_kpi_is_mandatory_even_inside_bold_004_172(guide):
    kpi = one_row(guide.tables["indicators"], indicator_id="7.6.G4.5")
    assert kpi.name == "ร้อยละของชุดข้อมูลดิจิทัลที่เปิดเผยมต่อสาธารณะ (Open Data)"  # typo เปิดเผยม kept
    assert (kpi.is_mandatory, kpi.is_mandatory_group, kpi.owner_code, kpi.source_line) == (
        True,
        True,
        "7.6.G4",
        172,
    )
    assert kpi.name_text_original.endswith("(Open Data)**")


def test_mandatory_marker_before_a_parenthesis_004_142(guide):
    kpi = one_row(guide.tables["indicators"], indicator_id="7.3.G2.1")
    assert kpi.is_mandatory is True
    assert kpi.name == "ดัชนีการพัฒนาศมรรถนะด้านดิจิทัลของบุคลากร (digital capability) (ผลประเมินตัววัดย่อยของ สพร.)"


def test_all_mandatory_example_kpis(guide):
    mandatory = [k.indicator_id for k in guide.tables["indicators"] if k.is_mandatory]
    assert mandatory == ["7.2.G2.1", "7.2.G4.1", "7.3.G2.1", "7.6.G3.1", "7.6.G4.5", "7.6.G4.6"]
    assert len(guide.tables["indicators"]) == 95


def test_stray_markdown_bold_outside_tables_is_not_a_marker_004_26(guide):
    assert not [e for e in guide.tables["plan_elements"] if e.name.startswith("หมวด")]


def test_scoring_bands_004_85_87(guide):
    bands = guide.extras["scoring_bands"]
    assert [(b["band"], b["points"], b["line"]) for b in bands] == [
        ("basic", "300", 85),
        ("Advance", "400", 86),
        ("significance", "", 87),
    ]
    assert bands[1]["bounds"] == [
        {"comparator": ">", "value_pct": "5"},
        {"comparator": "<=", "value_pct": "10"},
    ]


def test_overview_levels_with_latex_in_the_header_004_99(guide):
    levels = guide.extras["overview_levels"]
    assert [(lvl["comparator"], lvl["value_pct"], lvl["value_pct_max"]) for lvl in levels] == [
        ("<", "5", ""),
        ("between", "5", "10"),
        (">=", "10", ""),
    ]
    group = one_row(guide.tables["plan_elements"], code="7.6.L1.3")
    assert (group.name, group.is_mandatory) == ("ประสิทธิภาพของกระบวนการ (Open Data, Digitized Data)", True)


def test_award_bands_004_23_24(guide):
    bands = guide.extras["award_bands"]
    assert [(b["comparator"], b["points"], b["points_max"]) for b in bands] == [
        (">=", "400", ""),
        ("between", "300", "350"),
    ]


def test_reporting_conditions_01_to_05(guide):
    conditions = guide.extras["reporting_conditions"]
    assert [c["number"] for c in conditions] == ["01", "02", "03", "04", "05"]
    assert conditions[4]["title"] == "ให้หน่วยงานรายงานผลการดำเนินการของตัววัด 3 ปี"
    assert conditions[1]["details"][1]["line"] == 69


def test_legend_and_slide_leftovers(guide):
    assert guide.extras["markers"] == {
        "*": {"meaning": "กลุ่มตัวชี้วัดบังคับ", "line": 176},
        "**": {"meaning": "ตัวชี้วัดบังคับ", "line": 178},
    }
    assert [f.source_line for f in rows_where(guide.findings, rule="non_content_text")] == [180, 182, 184]


def test_old_versus_new_pairs_004_48(guide):
    first = guide.extras["revision_pairs"][0]
    assert first["old"]["title"] == "1 ด้านพันธกิจ"
    assert first["new"]["title"] == "ด้านประสิทธิผลและการบรรลุพันธกิจ"
    assert first["old"]["items"][4] == "5 ตัววัดที่สัมพันธ์ผลเกี่ยวกับ data governance"


def test_marker_helpers():
    assert is_mandatory_kpi("ร้อยละของการให้บริการที่ปรับสู่ดิจิทัลเต็มรูปแบบ**")
    assert not is_mandatory_group("ร้อยละของการให้บริการที่ปรับสู่ดิจิทัลเต็มรูปแบบ**")
    assert is_mandatory_group("เครือข่ายความร่วมมือ* (หน่วยนโยบาย)")
    assert strip_markers("- <b>x</b>**") == "<b>x</b>"
