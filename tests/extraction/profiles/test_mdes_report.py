"""Seed 003, the MDES action-plan progress report: concrete values, with the seed lines they come from."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from ckanext.kpi.extraction.cli import main
from ckanext.kpi.extraction.profiles.mdes.activities import planned_period, quarter_pieces, result_status
from ckanext.kpi.extraction.profiles.mdes.indicators import target_parts
from ckanext.kpi.extraction.tables import tables_to_write

from ..helpers import one_row, rows_where, validation_errors


@pytest.fixture(scope="module")
def report(extracted):
    return extracted("003")


def observations(report, indicator_id: str, role: str) -> dict[int, object]:
    rows = rows_where(report.tables["observations"], indicator_id=indicator_id, value_role=role)
    return {row.fiscal_year_be: row for row in rows}


# --- the report's own figures ------------------------------------------------------------------------


def test_recognised_with_its_period(report):
    assert report.profile == "mdes_report"
    metadata = report.metadata
    assert (metadata["fiscal_year_be"], metadata["as_of"], metadata["quarters_covered"]) == (
        2567,
        "2024-06-30",
        "1-3",
    )


def test_five_strategy_averages_003_119_1640_2249_8770_9537(report):
    strategies = report.metadata["progress_averages"]["strategies"]
    stated = {code: Decimal(item["stated"]) for code, item in strategies.items()}
    assert stated == {
        "1": Decimal("48.75"),
        "2": Decimal("64.47"),
        "3": Decimal("48.20"),
        "4": Decimal("66.25"),
        "5": Decimal("49.78"),
    }
    assert [strategies[code]["source_line"] for code in "12345"] == [119, 1640, 2249, 8770, 9537]
    assert strategies["3"]["stated"] == "48.20"  # as printed (๔๘.๒๐)


def test_average_rules_recomputed_and_their_disagreement(report):
    # Strategies 1 and 3 count '-' as 0 (Σ/19, Σ/75); strategy 5 drops the cancelled row (Σ/15).
    rules = {code: item["rules"] for code, item in report.metadata["progress_averages"]["strategies"].items()}
    assert "dash_as_zero" in rules["1"] and "dash_as_zero" in rules["3"]
    assert "dash_as_zero" not in rules["5"] and "cancelled_dropped" in rules["5"]
    differ = one_row(report.findings, rule="average_rules_differ")
    assert differ.severity == "warning"
    assert "strategy 1: dash_as_zero; " in differ.message and "strategy 5: numeric_only" in differ.message
    assert differ.message.endswith("only cancelled_dropped reproduces all of them")
    strategy_5 = one_row(report.findings, rule="strategy_average_rule", source_line=9537)
    assert "dash_as_zero 46.67" in strategy_5.message


def test_headline_is_the_mean_of_the_strategy_means_003_21(report):
    assert report.metadata["progress_averages"]["headline"] == {"stated": "55.49", "source_line": 21}
    headline = one_row(report.findings, rule="headline_average_rule")
    assert (headline.stated_value, headline.computed_value, headline.source_line) == ("55.49", "55.49", 21)
    assert not rows_where(report.findings, rule="stated_average", source_line=21)
    per_project = one_row(report.findings, rule="headline_not_per_project")
    assert per_project.stated_value == "50.04"


def test_stated_project_counts_disagree_with_the_table_003_1631(report):
    finding = one_row(report.findings, rule="stated_count", source_line=1631)
    assert (finding.stated_value, finding.computed_value) == ("5", "6")


# --- projects ------------------------------------------------------------------------------------------


def test_projects_and_sections(report):
    # 124 numbered rows (the report says 123, 003:21; one is the unnumbered cancelled project), 11 sub-rows,
    # and the two sub-projects known only from their sections; all 131 detail sections are read once.
    projects = report.tables["projects"]
    assert len(projects) == 137 and len({p.project_id for p in projects}) == 137
    assert sum(1 for p in projects if not p.parent_code) == 124
    assert sum(1 for p in projects if p.parent_code and not p.progress_text_original) == 0
    assert sum(1 for p in projects if p.detail_source_line) == 131


def test_join_by_number_003_123(report):
    project = one_row(report.tables["projects"], project_id="S1-1")
    assert project.name == "โครงการพัฒนาภาคีเครือข่ายด้านระบบสื่อสารโทรคมนาคมรองรับ สถานการณ์วิกฤต"
    assert (project.detail_match, project.detail_source_line, project.responsible_unit) == (
        "number",
        123,
        "สป.ดศ.",
    )
    assert (project.progress_pct, project.progress_pct_detail_project, project.progress_pct_detail_fy) == (
        Decimal(40),
        Decimal(40),
        Decimal(40),
    )


@pytest.mark.parametrize(
    ("project_id", "printed", "line"),
    [("S3-42", "๔.๒.", 5724), ("S3-68", "๒๘.", 7839)],  # H30: ๔.๒. for ๔๒, ๒๘ used twice
)
def test_join_by_name_when_the_number_is_wrong(report, project_id, printed, line):
    project = one_row(report.tables["projects"], project_id=project_id)
    assert (project.detail_match, project.seq_original, project.detail_source_line) == ("name", printed, line)
    finding = one_row(report.findings, rule="section_number_mismatch", source_line=line)
    assert (finding.stated_value, finding.computed_value) == (printed, project.code)


def test_summary_and_detail_progress_both_kept_003_9520(report):
    # Summary ๘๐ (003:9520), detail ร้อยละ ๔๐ (003:9826-9828).
    project = one_row(report.tables["projects"], project_id="S5-2")
    assert (project.progress_pct, project.progress_pct_detail_project, project.progress_pct_detail_fy) == (
        Decimal(80),
        Decimal(40),
        Decimal(40),
    )
    finding = one_row(report.findings, rule="progress_summary_vs_detail", owner_code="S5-2")
    assert (finding.stated_value, finding.computed_value) == ("80", "40 / 40")
    assert len(rows_where(report.findings, rule="progress_summary_vs_detail")) == 5


def test_project_without_a_heading_003_2218(report):
    # ๔๙ has no detail section: its content was absorbed into ๔๘ (H41).
    finding = one_row(report.findings, rule="summary_row_without_detail_section", owner_code="S3-49")
    assert finding.severity == "warning" and finding.source_line == 2218


def test_multi_value_progress_cell_003_1635(report):
    # "๓๒.๕  ๔๐ ๒๕": the parent (mean of 40 and 25) and its sub-projects ๒.๑ and ๒.๒ (003:1711, 1786).
    projects = {p.project_id: p for p in report.tables["projects"]}
    assert projects["S2-2"].progress_pct == Decimal("32.5")
    assert projects["S2-2"].progress_text_original == "๓๒.๕ ๔๐ ๒๕"  # whitespace collapsed
    assert [(projects[c].parent_code, projects[c].progress_pct) for c in ("S2-2.1", "S2-2.2")] == [
        ("2", Decimal(40)),
        ("2", Decimal(25)),
    ]
    assert one_row(report.findings, rule="progress_attributed_by_position").severity == "info"


def test_sub_projects_and_sub_activities_003_2166_2215(report):
    projects = {p.project_id: p for p in report.tables["projects"]}
    assert (projects["S3-6.1"].parent_code, projects["S3-6.1"].progress_pct) == ("6", Decimal(75))
    assert (projects["S3-47-A1"].parent_code, projects["S3-47-A1"].progress_pct) == ("47", Decimal(30))


def test_cancelled_project_003_9518(report):
    project = one_row(report.tables["projects"], project_id="S5-line9518")
    assert (project.name, project.status, project.progress_pct) == (
        "โครงการ Digital Law สัญจร",
        "cancelled",
        None,
    )
    assert project.progress_text_original == "คืบงบประมาณ"


def test_flags_carry_over_and_flagship(report):
    projects = {p.project_id: p for p in report.tables["projects"]}
    assert projects["S3-13"].flags == "carry_over"  # โครงการพัฒนากฎหมายสถิติ* (003:2163)
    assert "flagship" in projects["S3-52"].flags  # 🇹🇹 (โครงการสำคัญปี ๖๗) (003:2221)


# --- strategy KPIs -------------------------------------------------------------------------------------


def test_strategy_kpi_with_units_and_previous_actual_003_2146(report):
    indicator = one_row(report.tables["indicators"], indicator_id="S3#K6")
    assert indicator.name == ("ร้อยละที่เพิ่มขึ้นของชุดข้อมูลที่ขึ้นทะเบียนในระบบบัญชีข้อมูลภาครัฐ (Government Data Catalog)")
    assert (indicator.owner_type, indicator.pushing_units, indicator.collecting_units) == (
        "strategy",
        "สสช.",
        "สสช.",
    )
    target = one_row(report.tables["observations"], indicator_id="S3#K6", value_role="target")
    assert (target.comparator, target.value_num, target.unit, target.fiscal_year_be) == (
        "increase_by",
        Decimal(15),
        "pct",
        2566,
    )
    assert target.value_text_original == "เพิ่มขึ้นร้อยละ ๑๕ ของปีฐาน"
    previous = one_row(report.tables["observations"], indicator_id="S3#K6", value_role="previous_actual")
    assert (previous.fiscal_year_be, previous.value_num) == (2566, Decimal("452.09"))


def test_collecting_unit_without_หน่วยงาน_003_2136(report):
    indicator = one_row(report.tables["indicators"], indicator_id="S3#K1")
    assert (indicator.pushing_units, indicator.collecting_units) == ("ทุกหน่วย", "สป.ด ศ. (พร. / ศท.)")


def test_several_targets_in_one_cell_003_74(report):
    rows = rows_where(report.tables["observations"], indicator_id="S1#K3", value_role="target")
    assert [(r.series, r.value_num, r.unit) for r in rows] == [
        ("(1)", Decimal(170), "count"),
        ("(2)", Decimal(10), "pct"),
    ]
    assert target_parts("ร้อยละ ๘๐") == [("", "ร้อยละ ๘๐")]


# --- project KPIs ----------------------------------------------------------------------------------------


def test_aviation_forecast_accuracy_003_6936_6970(report):
    indicator = one_row(report.tables["indicators"], indicator_id="S3-56#K1")
    assert (indicator.name, indicator.measure_type, indicator.unit) == (
        "ร้อยละความถูกต้องของการพยากรณ์อากาศการบิน",
        "qualitative",
        "pct",
    )
    targets = observations(report, "S3-56#K1", "target")
    actuals = observations(report, "S3-56#K1", "actual")
    assert {year: o.value_num for year, o in targets.items()} == {
        2565: Decimal(82),
        2566: Decimal(84),
        2567: Decimal(86),
    }
    assert {year: o.value_num for year, o in actuals.items() if o.value_num is not None} == {
        2565: Decimal("91.81"),
        2566: Decimal("91.98"),
    }
    assert (actuals[2567].value_num, actuals[2567].status, actuals[2567].value_text_original) == (
        None,
        "not_applicable",
        "-",
    )
    assert actuals[2565].source_line == 6970 and actuals[2565].value_text_original == "๙๑.๘๑"


def test_status_text_kept_apart_from_numbers_003_355(report):
    actual = one_row(report.tables["observations"], indicator_id="S1-3#K1", value_role="actual")
    assert (actual.status, actual.value_num, actual.value_text_original) == (
        "in_progress",
        None,
        "อยู่ระหว่างดำเนินการ",
    )
    statuses = {o.status for o in report.tables["observations"] if o.value_role == "actual"}
    assert {"value", "not_applicable", "in_progress"} <= statuses


@pytest.mark.parametrize(
    ("indicator_id", "line", "weights"),
    [
        ("S3-18#weight", 3886, {2567: 12, 2568: 35, 2569: 53}),  # ค่าน้ำหนักของโครงการฯ … ร้อยละ ๑๒
        ("S3-33#weight", 4970, {2567: 30, 2568: 50, 2569: 20}),  # ทั้งโครงการ (มีระยะ ๓ ปี) ร้อยละ
        ("S3-8#weight", 3098, {2565: 20, 2566: 20, 2567: 20}),  # the project's own name as the label
    ],
)
def test_project_weight_rows_are_not_kpis(report, indicator_id, line, weights):
    indicator = one_row(report.tables["indicators"], indicator_id=indicator_id)
    assert indicator.level == "project_weight"
    rows = rows_where(report.tables["observations"], indicator_id=indicator_id)
    assert {r.fiscal_year_be: r.value_num for r in rows} == {y: Decimal(w) for y, w in weights.items()}
    assert {r.value_role for r in rows} == {"project_weight_pct"} and rows[0].source_line == line
    project = indicator.owner_code
    kpi_rows = [o for o in report.tables["observations"] if o.indicator_id.startswith(f"{project}#K")]
    assert all(o.source_line != line for o in kpi_rows)


def test_alternates_and_a_target_that_differs_between_tables_003_6533_6563(report):
    targets = rows_where(report.tables["observations"], indicator_id="S3-52#K1", value_role="target")
    by_line = {(o.source_line, o.fiscal_year_be): o for o in targets}
    first = by_line[(6533, 2566)]
    assert (first.value_num, first.value_num_alt, first.unit_alt) == (Decimal(55548), Decimal(13887), "VM")
    second = by_line[(6563, 2566)]  # the result table's 2566 target differs (H24): both kept
    assert (second.value_num, second.value_num_alt) == (Decimal(55584), Decimal(13897))
    finding = one_row(report.findings, rule="target_differs_between_tables", source_line=6563)
    assert finding.stated_value == "๕๕,๕๔๘ หรือ ๑๓,๘๘๗ VM"


def test_group_rows_set_the_measure_type_003_3555_3563(report):
    kpis = {
        i.indicator_id: i
        for i in report.tables["indicators"]
        if i.owner_code == "S3-14" and "#K" in i.indicator_id
    }
    assert [kpis[f"S3-14#K{n}"].measure_type for n in range(1, 7)] == ["quantitative"] * 4 + [
        "qualitative"
    ] * 2
    assert not [i for i in kpis.values() if i.name in ("เชิงปริมาณ", "เชิงคุณภาพ")]


def test_bulleted_rows_under_a_label_003_4976_4979(report):
    kpis = {i.name: i for i in report.tables["indicators"] if i.owner_code == "S3-33"}
    parent = kpis["รายงานฉบับสมบูรณ์ (Final Report)"]
    assert kpis["ระดับภาค"].parent_code == parent.code
    target = one_row(
        report.tables["observations"],
        indicator_id=kpis["ระดับภาค"].indicator_id,
        value_role="target",
        fiscal_year_be=2569,
    )
    assert (target.value_num, target.unit_noun) == (Decimal(5), "เล่ม")


# --- budget --------------------------------------------------------------------------------------------


def test_implausible_million_baht_allocation_003_8413(report):
    line = one_row(report.tables["budget"], source_line=8413)
    assert (line.owner_code, line.role, line.amount_text_original) == (
        "S3-72",
        "allocated",
        "๖๑,๒๖๘,๕๐๐ ล้านบาท",
    )
    assert (line.amount_thb, line.plausibility) == (Decimal(61_268_500) * 1_000_000, "magnitude_suspect")
    finding = one_row(report.findings, rule="implausible_magnitude", source_line=8413)
    assert finding.stated_value == "๖๑,๒๖๘,๕๐๐ ล้านบาท"


def test_malformed_decimal_comma_003_6714(report):
    line = one_row(report.tables["budget"], source_line=6714)
    assert (line.role, line.amount_thb, line.plausibility) == (
        "contracted_or_inhouse",
        Decimal(1_109_000_000),
        "malformed",
    )
    assert line.source_lines.startswith("6714;")
    assert one_row(report.findings, rule="malformed_number", source_line=6714)


@pytest.mark.parametrize(
    ("line", "owner", "role", "year", "fund", "amount"),
    [
        (164, "S1-1", "allocated", 2567, "", Decimal(1_500_000)),
        (165, "S1-1", "contracted_or_inhouse", 2567, "", None),  # จำนวน - บาท
        (347, "S1-3", "contracted_or_inhouse", 2567, "", Decimal(6_585_000)),  # wrapped onto the next line
        (2506, "S3-4", "disbursed", 2567, "", Decimal("250891.50")),
        (2509, "S3-4", "operated", 2566, "", Decimal(2_537_600)),
        (6554, "S3-52", "allocated", 2567, "interim_prev_fy_act", Decimal(1_106_714_200)),  # ไปพลางก่อน
        (6878, "S3-55", "annual_appropriation", 2565, "", Decimal(35_000_000)),
        (6880, "S3-55", "annual_commitment", 2567, "", Decimal(60_259_200)),
        (6956, "S3-56", "total_project", None, "", Decimal(180_704_800)),  # the B-year table
        (1561, "S1-19", "allocated", 2567, "own_revenue", None),
    ],
)
def test_budget_statements_in_baht(report, line, owner, role, year, fund, amount):
    row = one_row(report.tables["budget"], source_line=line, role=role)
    assert (row.owner_code, row.fiscal_year_be, row.fund_source, row.amount_thb) == (
        owner,
        year,
        fund,
        amount,
    )


# --- activities ----------------------------------------------------------------------------------------


def test_planned_period_to_fiscal_quarters_003_153(report):
    activity = one_row(report.tables["activities"], source_line=153)
    assert (activity.activity_id, activity.seq, activity.name) == (
        "S1-1#A1",
        "กิจกรรมที่ ๑",
        "จัดทำแผนการดำเนินงาน",
    )
    assert (activity.planned_start, activity.planned_end) == ("2024-08-03", "2024-08-16")
    assert (
        activity.planned_start_fiscal_year_be,
        activity.planned_start_quarter,
        activity.planned_end_quarter,
    ) == (
        2567,
        4,
        4,
    )


def test_survey_year_sub_rows_003_2694_2696(report):
    rows = [a for a in report.tables["activities"] if a.source_line in (2695, 2696)]
    assert [(a.sub_year_be, a.planned_start, a.planned_end_quarter) for a in rows] == [
        (2566, "2023-10-01", 2),
        (2567, "2023-10-01", 4),
    ]


def test_results_split_by_quarter_tag_003_2730(report):
    rows = [a for a in report.tables["activities"] if a.source_line == 2730]
    assert [(a.result_quarter_from, a.result_status) for a in rows] == [
        (1, "unknown"),
        (2, "unknown"),
        (3, ""),
        (4, "done"),
    ]
    assert rows[0].result_text.startswith("จัดทำสรุปวิเคราะห์ข้อมูลรายไตรมาส ๓")  # "ไตรมาส ๓" is a survey round
    assert all(a.sub_year_be == 2566 and a.activity_id.startswith("S3-6.1#A1#R") for a in rows)


def test_activity_helpers():
    assert quarter_pieces("ไตรมาสที่ ๑ - ๒ ประชุม") == [(1, 2, "ประชุม")]
    assert result_status("อยู่ระหว่างดำเนินงาน คาดว่าจะแล้วเสร็จ") == "in_progress"
    start, end = planned_period("ตุลาคม – ธันวาคม ๒๕๖๖")
    assert (start.isoformat(), end.isoformat()) == ("2023-10-01", "2023-12-31")
    assert planned_period("๙๐ วัน") is None


# --- the written tables -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def written(seed_path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("mdes")
    assert main([str(seed_path("003")), "--out", str(out), "--quiet"]) == 0
    return out / seed_path("003").stem


def test_every_table_validates_against_its_schema(report, written):
    for table in tables_to_write(report):
        assert validation_errors(written / f"{table}.csv", table) == [], table


def test_headerless_table_chunks_003_10556_11093(report):
    # H6: the label of KPI ๑ runs on after a blank line, and KPIs ๒–๔ follow without a header.
    first = one_row(report.tables["indicators"], indicator_id="S5-9#K1")
    assert first.source_lines == "10554;10556" and first.name.endswith(
        "Regulators และ Stakeholders ที่เกี่ยวข้อง ๓ เรื่อง"
    )
    second = one_row(report.tables["observations"], indicator_id="S5-9#K2", value_role="target")
    assert (second.source_line, second.value_num, second.unit_noun) == (10557, Decimal(1), "เรื่อง")
    # A page-break chunk of a result table with no header (003:11093).
    actual = one_row(report.tables["observations"], indicator_id="S5-15#K3", value_role="actual")
    assert (actual.source_line, actual.status) == (11093, "in_progress")
    assert len(rows_where(report.findings, rule="headerless_table_chunk")) == 2


def test_status_from_the_detail_section(report):
    statuses = {p.project_id: p.status for p in report.tables["projects"]}
    assert [code for code, status in statuses.items() if status == "cancelled"] == ["S5-line9518"]
    # กันเงินเหลื่อมปี in its OCR forms (003:2488 กักเงินเหลือมปี, 003:2585 กันเงินหลัอมปี)
    assert statuses["S3-4"] == statuses["S3-5"] == "carried_over"
    assert statuses["S3-55"] == "multi_year"  # ผูกพันงบประมาณ
    assert statuses["S5-4"] == ""  # ยกเลิกการประกวดราคา cancels a tender, not the project (003:10220)


def test_agency_abbreviations_against_the_sections_003_102_2214(report):
    findings = {f.owner_code: f for f in rows_where(report.findings, rule="agency_differs_from_section")}
    assert findings["S1-3"].stated_value == "สศช." and "no known agency" in findings["S1-3"].message
    assert findings["S3-48"].stated_value == "สสช." and "(สดช.)" in findings["S3-48"].message
    assert "S1-1" not in findings  # สป.ดศ. and its full name in the section


def test_narrative_results_003_181_199(report):
    rows = [a for a in report.tables["activities"] if a.row_kind == "result" and 180 < a.source_line < 200]
    assert [(a.activity_id, a.result_status) for a in rows] == [
        ("S1-1#A1#R1", "done"),  # ดำเนินการแล้วเสร็จ
        ("S1-1#A2#R2", "in_progress"),  # อยู่ระหว่างดำเนินงาน คาดว่าจะแล้วเสร็จ…
        ("S1-1#A3#R3", "in_progress"),
        ("S1-1#A4#R4", "in_progress"),
        ("S1-1#A5#R5", "not_started"),  # เรื่องที่จะต้องดำเนินงานต่อไปตามแผน
    ]
    assert rows[0].result_text == "ดำเนินการแล้วเสร็จ" and rows[0].seq == "กิจกรรมที่ ๑"
