"""Seed 001, the OPDC assessment form: concrete values, with the seed lines they come from."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ckanext.kpi.extraction.profiles.opdc_assessment import level_role, split_criteria

from ..helpers import one_row, rows_where


@pytest.fixture(scope="module")
def form(extracted):
    result = extracted("001")
    assert (result.status, result.profile) == ("complete", "opdc_assessment")
    return result


def _values(form, indicator_id: str, **criteria):
    return rows_where(form.tables["observations"], indicator_id=indicator_id, **criteria)


def test_kpi_1_1_2_weight_actual_and_levels_001_86(form):
    indicator = one_row(form.tables["indicators"], indicator_id="1.1.2")
    assert (indicator.weight_pct, indicator.unit, indicator.unit_noun, indicator.objective_refs) == (
        Decimal(10),
        "count",
        "ใบรับรอง",
        "1,2",
    )
    actual = one_row(_values(form, "1.1.2", value_role="actual", fiscal_year_be=2564))
    assert (actual.value_num, actual.value_text_original, actual.source_line) == (
        Decimal(10774),
        "10,774 ใบรับรอง",
        86,
    )
    levels = {
        o.value_role: o.value_num
        for o in _values(form, "1.1.2", source_section="summary_table", fiscal_year_be=2565)
    }
    assert levels == {
        "target_level_50": Decimal(10774),
        "target_level_75": Decimal(11312),
        "target_level_100": Decimal(11851),
    }
    missing = _values(form, "1.1.2", value_role="actual", fiscal_year_be=2562)[0]
    assert (missing.status, missing.value_text_original) == ("not_applicable", "-")


def test_plan_targets_stay_a_separate_series_001_183(form):
    plan = {
        o.fiscal_year_be: o.value_num
        for o in _values(form, "1.1.2", value_role="plan_target", period_type="FY")
    }
    assert plan == {
        2565: Decimal(8410),
        2566: Decimal(8830),
        2567: Decimal(9271),
        2568: Decimal(9734),
        2569: Decimal(10220),
    }
    total = one_row(_values(form, "1.1.2", period_type="plan_total"))
    assert (total.value_num, total.fiscal_year_be) == (Decimal(46465), None)


def test_plan_total_that_is_neither_sum_nor_last_001_241(form):
    finding = one_row(form.findings, rule="plan_total_mismatch")
    assert (finding.owner_code, finding.stated_value, finding.computed_value, finding.source_line) == (
        "1.1.4",
        "14",
        "17",
        241,
    )


def test_missing_objective_column_is_found_by_content_001_100(form):
    indicator = one_row(form.tables["indicators"], indicator_id="2.1.1")
    assert (indicator.weight_pct, indicator.unit_noun, indicator.objective_refs) == (
        Decimal(15),
        "ล้านบาท",
        "",
    )
    actual = one_row(_values(form, "2.1.1", value_role="actual", fiscal_year_be=2562))
    assert (actual.value_num, actual.unit) == (Decimal("29.93"), "thb")
    assert one_row(
        _values(form, "2.1.1", value_role="target_level_100", source_section="summary_table")
    ).value_num == Decimal("26.50")


def test_objective_refs_read_with_a_decimal_point_001_85(form):
    assert one_row(form.tables["indicators"], indicator_id="1.1.1").objective_refs == "1,2"
    finding = next(f for f in form.findings if f.rule == "objective_refs_decimal_comma")
    assert (finding.stated_value, finding.source_line) == ("1.2", 85)


def test_weights_sum_to_100(form):
    weights = [i.weight_pct for i in form.tables["indicators"] if i.weight_pct is not None]
    assert sum(weights) == 100
    assert not rows_where(form.findings, rule="weights_sum")


def test_lower_is_better_cost_per_item_001_101(form):
    indicator = one_row(form.tables["indicators"], indicator_id="2.1.2")
    assert (indicator.unit, indicator.direction) == ("thb_per_item", "lower_better")


def test_comparison_targets_001_90(form):
    levels = {
        o.value_role: (o.comparator, o.value_num)
        for o in _values(form, "1.2.1", source_section="summary_table")
        if o.value_role.startswith("target_level")
    }
    assert levels == {
        "target_level_50": ("<", Decimal(72)),
        "target_level_75": ("=", Decimal(72)),
        "target_level_100": (">", Decimal(72)),
    }
    assert one_row(form.tables["indicators"], indicator_id="1.2.1").direction == "higher_better"


def test_data_catalog_criteria_with_points_001_113(form):
    sub = one_row(form.tables["indicators"], indicator_id="3.1.1-1)")
    assert (sub.parent_code, sub.level, sub.measure_type) == ("3.1.1", "sub_indicator", "qualitative")
    criteria = [(o.value_role, o.score_points) for o in _values(form, "3.1.1-1)", comparator="text")]
    assert criteria == [
        ("target_level_50", None),
        ("target_level_75", Decimal(15)),
        ("target_level_75", Decimal(10)),
        ("target_level_100", Decimal(20)),
        ("target_level_100", Decimal(5)),
    ]
    metadata = _values(form, "3.1.1-1)", score_points=Decimal(15))[0]
    assert metadata.value_text_original.startswith(
        "มีคำอธิบายข้อมูล (Metadata) ที่สอดคล้องตามมาตรฐานที่ สพร. กำหนด (14 รายการ)"
    )


def test_interpolated_middle_level_001_114(form):
    levels = {
        o.value_role: (o.status, o.value_num)
        for o in _values(form, "3.1.2", source_section="summary_table")
        if o.value_role.startswith("target_level")
    }
    assert levels == {
        "target_level_50": ("value", Decimal(330)),
        "target_level_75": ("not_applicable", None),
        "target_level_100": ("value", Decimal(400)),
    }


def test_unitless_actuals_are_reported_001_116(form):
    finding = one_row(form.findings, rule="unit_missing")
    assert (finding.owner_code, finding.source_line) == ("4.1", 116)


def test_missing_kpi_heading_is_inferred_from_its_targets_001_282(form):
    finding = one_row(form.findings, rule="missing_heading")
    assert (finding.owner_code, finding.source_line) == ("2.1.1", 282)
    plan = one_row(_values(form, "2.1.1", value_role="plan_target", fiscal_year_be=2565))
    assert (plan.value_num, plan.source_line) == (Decimal(26), 295)


def test_two_baseline_series_001_299_301(form):
    baselines = {
        (o.series, o.fiscal_year_be): o.value_num for o in _values(form, "2.1.1", value_role="baseline")
    }
    assert baselines[("รายได้รวมทั้งหมด", 2561)] == Decimal("29.44")
    assert baselines[("รายได้ 5 งานบริการ", 2564)] == Decimal("25.50")


def test_ratio_cells_and_repeated_year_headers_001_316_323(form):
    ratio = one_row(_values(form, "2.1.2", value_role="baseline", fiscal_year_be=2561, source_line=316))
    assert (ratio.value_num, ratio.value_num_alt, ratio.value_text_original) == (
        Decimal("6933463.58"),
        Decimal("250.71"),
        "6,933,463.58 = 250.71",
    )
    stray = one_row(_values(form, "2.1.2", fiscal_year_be=2564, source_line=323))
    assert (stray.series, stray.value_num) == ("จำนวนตัวอย่างที่ตรวจสอบรวม", Decimal("32515"))


def test_detail_targets_agree_with_the_summary(form):
    # 1.1.3 prints แบรินด์ (OCR) in the detail and แบรนด์ in the summary: the numbers agree, so no finding.
    assert not rows_where(form.findings, rule="summary_detail_mismatch")


def test_pmqa_group_thresholds_in_arabic_and_thai_digits_001_455_688(form):
    form_group_2 = {
        o.value_role: o.value_num
        for o in _values(form, "3.1.2", series="กลุ่มที่ 2", source_section="kpi_detail")
    }
    annex_group_2 = _values(form, "3.1.2", series="กลุ่มที่ 2", source_section="revised_annex")
    assert form_group_2 == {o.value_role: o.value_num for o in annex_group_2}
    assert form_group_2["target_level_50"] == Decimal(330)
    first = one_row(annex_group_2, value_role="target_level_50")
    assert (first.value_text_original, first.source_line) == ("๓๓๐", 688)


def test_monitoring_kpi_with_unequal_year_groups_001_134(form):
    indicator = one_row(form.tables["indicators"], indicator_id="M1")
    assert (indicator.level, indicator.unit) == ("monitoring", "pct")
    target = one_row(_values(form, "M1", value_role="target", fiscal_year_be=2563))
    assert (target.comparator, target.value_num, target.target_semantics) == (
        "increase_by",
        Decimal(10),
        "change_vs_baseline",
    )
    actual = one_row(_values(form, "M1", value_role="actual", fiscal_year_be=2564))
    assert actual.value_num == Decimal("52.46")
    assert not _values(form, "M1", value_role="actual", fiscal_year_be=2565)  # 2565 has a target only
    total = one_row(_values(form, "M1", value_role="target", period_type="multi_year_total"))
    assert total.value_num == Decimal(72)
    # 72 = 20 + 32 + 20 and 50.62 = mean(48.78, 52.46): both checks pass.
    assert not rows_where(form.findings, rule="stated_sum") and not rows_where(
        form.findings, rule="stated_average"
    )


def test_letter_metadata_in_thai_digits_001_5_10(form):
    metadata = form.metadata
    assert (metadata["reference_no"], metadata["issued_date"], metadata["issued_date_text"]) == (
        "นร ๑๒๐๘/๗๔๐",
        "2021-12-30",
        "๓๐ ธันวาคม ๒๕๖๔",
    )
    assert metadata["subject_org"] == "สถาบันวิจัยและพัฒนาอัญมณีและเครื่องประดับแห่งชาติ (องค์การมหาชน)"
    assert (metadata["fiscal_year_be"], metadata["digit_system"]) == (2565, "mixed")


def test_personal_data_of_the_letter_is_not_copied(form):
    # 001:39-51: a signatory, a phone number and an e-mail address.
    text = repr(form.metadata) + repr(form.tables)
    assert "สุนทรี" not in text and "๕๒๙๙" not in text and "saraban@" not in text


def test_components_and_sub_groups(form):
    elements = form.tables["plan_elements"]
    assert [e.code for e in elements if e.element_type == "component"] == ["1", "2", "3", "4"]
    assert [e.code for e in elements if e.element_type == "sub_group"] == ["1.1", "1.2", "2.1", "3.1"]


def test_level_role_and_criteria_helpers():
    assert level_role("เป้าหมายขั้นสูง (๑๐๐)") == "target_level_100"
    assert level_role("เป้าหมายมาตรฐาน") == "target_level_75"
    assert split_criteria("• ก (15 คะแนน) • ข (10 คะแนน) ") == [
        ("ก (15 คะแนน)", Decimal(15)),
        ("ข (10 คะแนน)", Decimal(10)),
    ]


def test_one_header_over_code_and_name_is_explained_not_warned_001_81(form):
    notes = rows_where(form.findings, rule="code_and_name_share_a_header")
    assert [note.source_line for note in notes] == [81, 108]
    assert not rows_where(form.findings, rule="ragged_row")


def test_cumulative_and_annual_kpis_h26(form):
    accumulation = {i.indicator_id: i.accumulation for i in form.tables["indicators"]}
    # 001:150 and 001:208 say นับแบบสะสม; 001:178 says นับแบบไม่สะสม (and 46,465 is the sum of the plan).
    assert (accumulation["1.1.1"], accumulation["1.1.2"], accumulation["1.1.3"]) == (
        "cumulative",
        "annual",
        "cumulative",
    )
    assert accumulation["1.1.4"] == ""  # its plan total matches neither rule (001:241)


def test_data_catalog_scope_001_423_434(form):
    scope = form.extras["data_catalog_scope"]
    assert scope["facts"][0] == {
        "label": "Focus Area ที่เกี่ยวข้อง",
        "value": "ด้านการบริหารจัดการภาครัฐ",
        "line": 423,
    }
    assert scope["facts"][1]["value"] == "การขับเคลื่อน e-Service ภาครัฐ"
    datasets = {line["line"]: line["datasets"] for line in scope["processes"]}
    assert datasets[429] == ["หลักสูตรฝึกอบรม", "กิจกรรมสัมมนาทางวิชาการ"]
    assert datasets[431] == ["ข้อมูลลูกค้า", "ข้อมูลวิทยากร"]  # personal data: not to be published as open data
    # Blank mission and process cells repeat the row above.
    last = scope["processes"][-1]
    assert (last["line"], last["sub_process"], last["datasets"]) == (
        434,
        "1.3.4 ห้องสมุดออนไลน์(GIT- eLibrary)",
        ["รายการหนังสือ"],
    )
    assert last["main_process"].startswith("1.3 เพื่อยกระดับงานบริการของหน่วยงาน")


def test_plan_targets_outside_the_assessment_levels_are_noted(form):
    # Seed analysis §1.2: 1.1.2 plan 8,410 vs 10,774-11,851; 1.1.3 plan 40 vs 45-55; 1.1.4 plan 3 vs 5-7.
    notes = rows_where(form.findings, rule="plan_outside_levels")
    assert [(n.owner_code, n.stated_value, n.source_line) for n in notes] == [
        ("1.1.2", "8410", 183),
        ("1.1.3", "40", 213),
        ("1.1.4", "3", 241),
    ]
