"""Seed 000, the GIT strategy-KPI plan: concrete values, with the seed lines they come from."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ..helpers import one_row, rows_where


@pytest.fixture(scope="module")
def plan(extracted):
    result = extracted("000")
    assert (result.status, result.profile) == ("complete", "git_plan")
    return result


def test_33_projects_with_their_place_in_the_hierarchy(plan):
    projects = plan.tables["projects"]
    assert len(projects) == 33
    assert projects[0].code == "STR111_1/65" and projects[-1].code == "REV125/65"
    # The code digits do not encode the strategy (000:37 STR121 under 3.1, 000:21 STR133 under 1.3).
    assert (
        one_row(projects, code="STR121/65").strategy_item_code,
        one_row(projects, code="STR133/65").strategy_item_code,
    ) == ("3.1", "1.3")


def test_str111_1_government_budget_is_12_150_000_baht_000_11(plan):
    line = one_row(plan.tables["budget"], owner_code="STR111_1/65", role="allocated")
    assert line.amount_thb == Decimal("12150000")
    assert (line.fund_source, line.amount_text_original, line.unit_original, line.source_line) == (
        "gov_budget",
        "12.1500",
        "ลบ.",
        11,
    )
    assert line.fiscal_year_be == 2565


def test_in_cell_budget_breakdown_000_11(plan):
    parts = rows_where(plan.tables["budget"], owner_code="STR111_1/65", role="breakdown")
    assert {(p.expense_type, p.amount_thb) for p in parts} == {
        ("investment", Decimal("10500000")),
        ("operating", Decimal("1650000")),
    }
    assert not rows_where(plan.findings, rule="breakdown_mismatch")


def test_strategy_item_1_1_subtotal_is_reported_not_corrected_000_10(plan):
    finding = one_row(plan.findings, rule="subtotal_mismatch")
    assert (finding.owner_code, finding.stated_value, finding.computed_value, finding.source_line) == (
        "1.1",
        "18.7580",
        "18.7588",
        10,
    )
    assert finding.severity == "warning"
    # The stated subtotal stays in budget.csv as printed.
    subtotal = one_row(plan.tables["budget"], owner_type="strategy_item", owner_code="1.1")
    assert (subtotal.amount_thb, subtotal.amount_text_original) == (Decimal("18758000"), "18.7580")


def test_strategy_1_total_agrees_with_projects_not_with_item_subtotals_000_9(plan):
    assert not rows_where(plan.findings, rule="total_mismatch")
    finding = one_row(plan.findings, rule="total_vs_subtotals")
    assert (finding.stated_value, finding.computed_value, finding.source_line) == ("21.8125", "21.8117", 9)


def test_child_projects_are_not_counted_twice_000_55_62(plan):
    projects = plan.tables["projects"]
    child = one_row(projects, code="BAS112_1/65")
    assert (child.parent_code, child.strategy_item_code) == ("BAS112/65", "4.3")
    # Strategy 4 total 2.0267 = 1.3500 + 0.6767 and BAS112 = its two children: no finding for either.
    assert not rows_where(plan.findings, owner_code="4")
    assert not rows_where(plan.findings, rule="parent_child_mismatch")


def test_responsible_unit_inherited_by_child_projects_000_57(plan):
    child = one_row(plan.tables["projects"], code="BAS112_2/65")
    assert (child.responsible_unit, child.responsible_unit_inherited) == ("ฝ่ายวิชาการและพัฒนาข้อมูล", True)
    assert one_row(plan.tables["projects"], code="SEC112/65").responsible_unit == "ฝ่ายพัฒนาธุรกิจ และฝ่ายฝึกอบรม"


def test_shifted_header_reads_the_unit_from_the_data_column_000_25(plan):
    assert one_row(plan.tables["projects"], code="BAS113/65").responsible_unit == "ฝ่ายวิจัยฯ"
    assert one_row(plan.findings, rule="header_shifted").source_line == 25
    assert not rows_where(plan.findings, rule="ragged_row")  # 000:29 is explained by the shift


def test_subtotal_printed_as_two_dots_000_56(plan):
    finding = one_row(plan.findings, rule="malformed_total")
    assert (finding.owner_code, finding.stated_value, finding.source_line) == ("4.3", "..", 56)


def test_off_budget_money_of_rev_projects_000_87(plan):
    line = one_row(plan.tables["budget"], owner_code="REV111/65", role="allocated")
    assert (line.fund_source, line.amount_thb) == ("off_budget", Decimal("1000000"))
    strategy_5 = one_row(
        plan.tables["budget"], owner_type="strategy", owner_code="5", fund_source="off_budget"
    )
    assert strategy_5.amount_thb == Decimal("20800000")


def test_activity_amount_in_baht_000_45(plan):
    line = one_row(plan.tables["budget"], owner_type="activity")
    assert (line.owner_code, line.amount_thb, line.unit_original) == ("SEC112/65#A1", Decimal("360000"), "บ.")


def test_grand_total_is_computed_because_the_document_prints_none(plan):
    assert one_row(plan.findings, rule="no_grand_total")
    assert plan.extras["computed_grand_total_million_thb"] == {
        "gov_budget": "109.4919",
        "off_budget": "20.8000",
    }


def test_embedded_targets_of_str111_1_000_11(plan):
    indicators = rows_where(plan.tables["indicators"], owner_code="STR111_1/65")
    assert [i.name for i in indicators] == [
        "ความพึงพอใจของผู้ใช้บริการ",
        "ร้อยละความเชื่อมั่นในมาตรฐานการบริการการตรวจสอบอัญมณีและเครื่องประดับ",
        "ระยะเวลาการตรวจอัญมณี (เฉพาะบริการไม่เกิน 3 เม็ด/ 1 sell order)",
    ]
    targets = {
        o.indicator_id: o for o in plan.tables["observations"] if o.indicator_id.startswith("STR111_1/65#")
    }
    assert (targets["STR111_1/65#1"].value_num, targets["STR111_1/65#1"].unit) == (Decimal(85), "pct")
    third = targets["STR111_1/65#3"]
    assert (third.comparator, third.value_num, third.unit, third.target_semantics) == (
        "decrease_by",
        Decimal(1),
        "day",
        "change_vs_baseline",
    )
    assert indicators[2].direction == "lower_better"


def test_comparator_and_baseline_year_000_57(plan):
    target = one_row(plan.tables["observations"], indicator_id="BAS112_1/65#2")
    assert (target.comparator, target.value_num, target.unit_noun, target.baseline_year_be) == (
        ">=",
        Decimal(1140),
        "ราย",
        2564,
    )


def test_indicator_broken_by_a_page_break_000_57_61(plan):
    indicator = one_row(plan.tables["indicators"], indicator_id="BAS112_1/65#4")
    assert indicator.source_lines == "57;61"
    assert indicator.name == "ผู้ประกอบการที่จัดแสดง/จำหน่ายสินค้าผ่าน Temp Pop-up Store"
    assert one_row(plan.tables["observations"], indicator_id="BAS112_1/65#4").value_num == Decimal(12)


def test_indicator_tail_after_a_page_break_000_90_94(plan):
    target = one_row(plan.tables["observations"], indicator_id="BAS115/65#1")
    assert (target.value_num, target.unit, target.source_lines) == (Decimal(100), "pct", "90;94")


def test_targets_in_parentheses_000_96_108(plan):
    downtime = one_row(plan.tables["observations"], indicator_id="BAS118/65#1")
    assert (downtime.value_num, downtime.unit) == (Decimal(0), "hour")
    repair = one_row(plan.tables["observations"], indicator_id="REV124/65#1")
    assert (repair.comparator, repair.value_num, repair.unit_noun) == ("<=", Decimal(24), "ชม.")


def test_increase_is_flagged_for_review_h14_000_39(plan):
    finding = next(
        f for f in plan.findings if f.rule == "ambiguous_change_target" and f.owner_code == "SME111/65#1"
    )
    assert finding.source_line == 39


def test_project_without_indicator_000_104(plan):
    finding = one_row(plan.findings, rule="project_without_indicator")
    assert (finding.owner_code, finding.source_line) == ("HRD111/65", 104)
    assert not rows_where(plan.tables["indicators"], owner_code="HRD111/65")


def test_activities_from_all_list_encodings(plan):
    activities = plan.tables["activities"]
    courses = rows_where(activities, project_id="STR121/65")
    assert (
        next(a.name for a in courses if a.is_group) == "หลักสูตร : การพัฒนาเทคนิคการตรวจวิเคราะห์อัญมณีและเครื่องประดับ"
    )
    assert len([a for a in courses if not a.is_group]) == 8
    glued = rows_where(activities, project_id="BAS115/65", seq="2.")[0]
    assert (glued.group_label, glued.source_line) == ("กิจกรรมที่ 2", 94)
    data_catalog = one_row(activities, activity_id="STR211/65#A5")
    assert "Data Catalog" in data_catalog.name and data_catalog.source_line == 80


def test_strategies_and_items_as_plan_elements(plan):
    elements = plan.tables["plan_elements"]
    assert [e.code for e in elements if e.element_type == "strategy"] == ["1", "2", "3", "4", "5"]
    assert len([e for e in elements if e.element_type == "strategy_item"]) == 14
    strategy_5 = one_row(elements, element_type="strategy", code="5")
    assert strategy_5.name.endswith("ขององค์กรไปสู่ระดับสากล") and strategy_5.source_line == 64


def test_glues_are_reported_with_confidence(plan):
    glues = {f.source_line: f.stated_value for f in plan.findings if f.rule == "page_break_glue"}
    assert glues[19] == "high" and glues[61] == "medium"


def test_document_metadata(plan):
    assert plan.metadata["fiscal_year_be"] == 2565
    assert (plan.metadata["period_start"], plan.metadata["period_end"]) == ("2021-10-01", "2022-09-30")
    assert plan.metadata["digit_system"] == "arabic"


def test_the_same_target_in_other_terms_000_53_57(plan):
    visitors = one_row(plan.tables["observations"], indicator_id="BAS111/65#3")
    assert (visitors.value_num, visitors.unit, visitors.value_num_alt, visitors.unit_alt) == (
        Decimal(20),
        "pct",
        Decimal(48),
        "ราย",
    )
    library = one_row(plan.tables["observations"], indicator_id="BAS112_1/65#2")
    assert (library.value_num, library.value_num_alt, library.unit_alt) == (
        Decimal(1140),
        Decimal(20),
        "ร้อยละ",
    )
    # A qualifier in parentheses is not an alternate (000:11).
    assert one_row(plan.tables["observations"], indicator_id="STR111_1/65#3").value_num_alt is None
