"""Seed 002, the DIP performance-agreement diagram: the weight tree, the budget items and the five-level
tables, with the seed lines they come from. Nothing the text cannot prove is presented as fact."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from ckanext.kpi.extraction.cli import main
from ckanext.kpi.extraction.profiles.dip_diagram import levels_match
from ckanext.kpi.extraction.tables import tables_to_write

from ..helpers import one_row, rows_where, validation_errors


@pytest.fixture(scope="module")
def diagram(extracted):
    return extracted("002")


def weights(rows) -> dict[str, Decimal | None]:
    return {row.code: row.weight_pct for row in rows}


def test_recognised_with_its_metadata_002_7_285_326(diagram):
    assert diagram.profile == "dip_diagram"
    metadata = diagram.metadata
    assert metadata["title"] == "กรอบคำรับรองการปฏิบัติราชการประจำปีงบประมาณ พ.ศ. 2558 กรมส่งเสริมอุตสาหกรรม"
    assert (metadata["fiscal_year_be"], metadata["period_start"]) == (2558, "2014-10-01")
    assert (metadata["drafted_by"], metadata["version_label"]) == ("สพ.สบย ธันวาคม  2557", "ฉบับ 13 พ.ย. 57")


def test_dimensions_and_groups_002_38_84_117_325(diagram):
    elements = {e.code: e for e in diagram.tables["plan_elements"] if e.element_type != "strategy"}
    assert {code: (e.element_type, e.parent_code, e.weight_pct) for code, e in elements.items()} == {
        "external": ("dimension", "", Decimal(75)),
        "internal": ("dimension", "", Decimal(25)),
        "effectiveness": ("assessment_group", "external", Decimal(65)),
        "quality": ("assessment_group", "external", Decimal(10)),
        "efficiency": ("assessment_group", "internal", Decimal(15)),
        "organisational_development": ("assessment_group", "internal", Decimal(10)),
        "1": ("kpi_group", "effectiveness", Decimal(65)),
        "2": ("kpi_group", "quality", None),  # "2. คุณภาพการให้บริการประชาชน" has no weight (002:274)
    }
    assert (elements["internal"].name, elements["internal"].source_line) == ("มิติ ภายใน", 82)  # split, H37
    assert elements["efficiency"].source_line == 323  # การประเมินประสิทธิ / ภาพ


def test_effectiveness_kpis_sum_to_65(diagram):
    kpis = [i for i in diagram.tables["indicators"] if i.owner_type == "kpi_group" and i.owner_code == "1"]
    assert weights(kpis) == {
        "1.1": Decimal(15),
        "1.2": Decimal(12),
        "1.3.1": Decimal(12),
        "1.3.2": Decimal(10),
        "1.4": Decimal(11),
        "1.5": Decimal(5),
    }
    assert sum(weights(kpis).values()) == 65
    assert one_row(diagram.tables["indicators"], code="1.5").name == "Impact JKPI: ครัวไทยสู่ครัวโลก"


def test_internal_kpis_and_their_parts(diagram):
    indicators = diagram.tables["indicators"]
    efficiency = [i for i in indicators if i.owner_code == "efficiency" and not i.parent_code]
    development = [
        i for i in indicators if i.owner_code == "organisational_development" and not i.parent_code
    ]
    assert weights(efficiency) == {"3": Decimal(5), "4": Decimal(5), "5": Decimal(5)}
    assert weights(development) == {"6": Decimal(5), "7": Decimal(5)}
    assert weights(rows_where(indicators, parent_code="3")) == {"3.1": Decimal("2.5"), "3.2": Decimal("2.5")}
    assert weights(rows_where(indicators, parent_code="6")) == {"6.1": Decimal(1), "6.2": Decimal(4)}
    quality = rows_where(indicators, owner_code="2")
    assert weights(quality) == {"2.1": Decimal(2), "2.2": Decimal(4), "2.3": Decimal(4)}


def test_every_weight_sum_is_checked_and_holds(diagram):
    checks = {item["element"]: item for item in diagram.metadata["weight_checks"]}
    expected = {
        "total": ("100", ["75", "25"]),
        "external": ("75", ["65", "10"]),  # effectiveness 65 + quality 10
        "internal": ("25", ["10", "15"]),  # organisational development 10 + efficiency 15
        "1": ("65", ["15", "5", "10", "12", "12", "11"]),
        "2": ("", ["2", "4", "4"]),
        "efficiency": ("15", ["5", "5", "5"]),
        "organisational_development": ("10", ["5", "5"]),
        "3": ("5", ["2.5", "2.5"]),
        "6": ("5", ["4", "1"]),
    }
    for element, (stated, parts) in expected.items():
        assert (checks[element]["stated"], sorted(checks[element]["parts"])) == (
            stated,
            sorted(parts),
        ), element
        assert checks[element]["computed"] == (stated or "10")
    assert not rows_where(diagram.findings, rule="weights_sum")


def test_kpi_boxes_without_a_number_need_review(diagram):
    # 002:1-6, 15-17, 30-37, 65-67: seven boxes (8, 7, 8, 8, 8, 8, 5 %) outside every sum.
    reviews = [
        f for f in rows_where(diagram.findings, rule="needs_human_review") if f.owner_code.startswith("box@")
    ]
    assert [f.source_line for f in reviews] == [1, 4, 15, 30, 33, 36, 65]
    assert all(f.severity == "warning" and f.message.startswith("needs human review:") for f in reviews)
    assert "(7 %)" in reviews[1].message
    assert not [i for i in diagram.tables["indicators"] if i.weight_pct == 8]  # never a guessed place


def test_scoring_table_attributed_by_arithmetic_002_177_196(diagram):
    # 14–18 % of คชจ. 7.11's 190 กิจการ = 26.6 … 34.2, printed 26 … 34.
    rows = rows_where(diagram.tables["observations"], indicator_id="KPI-1.3.1")
    by_series = {}
    for row in rows:
        by_series.setdefault(row.series, []).append((row.value_role, row.value_num))
    assert by_series["ร้อยละ"] == [(f"score_level_{n}", Decimal(13 + n)) for n in range(1, 6)]
    assert by_series["จำนวน(กิจการ)"] == [(f"score_level_{n}", Decimal(24 + 2 * n)) for n in range(1, 6)]
    record = next(t for t in diagram.extras["scoring_tables"] if t["line"] == 177)
    assert (record["budget_item"], record["indicator_id"], record["confidence"]) == (
        "คชจ. 7.11",
        "KPI-1.3.1",
        "high",
    )


def test_aec_table_rounds_the_other_way_002_200_220(diagram):
    # 13 % of 420 = 54.6, printed 55; the split label "จำนวน / (กิจการ)" is joined.
    counts = rows_where(diagram.tables["observations"], indicator_id="KPI-1.2", series="จำนวน(กิจการ)")
    assert [row.value_num for row in counts] == [Decimal(v) for v in (55, 59, 63, 67, 71)]
    assert counts[0].source_line == 216


def test_tables_that_cannot_be_attributed_need_review(diagram):
    records = {t["line"]: t for t in diagram.extras["scoring_tables"]}
    for line in (49, 87, 102, 231):  # percentage levels only: 65–73, 88–96, 75–87, 61–69
        assert (records[line]["indicator_id"], records[line]["confidence"]) == (None, "none")
        assert one_row(diagram.findings, rule="needs_human_review", source_line=line)
    # 51–59 % of คชจ. 6.6-1's 300 ราย gives 153–177 คน, but no KPI name says which KPI the item serves.
    assert (records[248]["budget_item"], records[248]["indicator_id"], records[248]["confidence"]) == (
        "คชจ. 6.6-1",
        None,
        "budget_item_only",
    )
    hint = one_row(diagram.findings, rule="needs_human_review", source_line=248)
    assert "nearest above it is 1.4 (line 223)" in hint.message
    attributed = {
        row.source_section for row in diagram.tables["observations"] if row.value_role.startswith("score")
    }
    assert attributed == {"scoring_table@177", "scoring_table@200"}


@pytest.mark.parametrize(
    ("code", "line", "target", "noun"),
    [
        ("คชจ. 4.2", 10, 350, "กลุ่ม"),  # value and unit on separate lines (002:10-11)
        ("คชจ. 6.8", 14, 30, "กิจการ"),  # unit glued to the next box: " กิจการตัวชี้วัด" (002:15)
        ("คชจ. 6.9", 21, 1000, "กิจการ"),  # number glued to its unit: "1,000กิจการ" (H18)
        ("คชจ. 7.11", 173, 190, "กิจการ"),
    ],
)
def test_budget_items_with_output_targets(diagram, code, line, target, noun):
    assert one_row(diagram.tables["projects"], project_id=code)
    observation = one_row(diagram.tables["observations"], indicator_id=f"{code}#target")
    assert (observation.source_line, observation.value_num, observation.unit_noun) == (
        line,
        Decimal(target),
        noun,
    )


def test_duplicated_text_box_002_164_167(diagram):
    assert one_row(diagram.findings, rule="duplicated_text_box").source_line == 167


def test_levels_match_floors_or_rounds():
    assert levels_match([Decimal(14)], [Decimal(26)], Decimal(190))  # 26.6 → 26
    assert levels_match([Decimal(13)], [Decimal(55)], Decimal(420))  # 54.6 → 55
    assert not levels_match([Decimal(14)], [Decimal(28)], Decimal(190))


@pytest.fixture(scope="module")
def written(seed_path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dip")
    assert main([str(seed_path("002")), "--out", str(out), "--quiet"]) == 0
    return out / seed_path("002").stem


def test_every_table_validates_against_its_schema(diagram, written):
    for table in tables_to_write(diagram):
        assert validation_errors(written / f"{table}.csv", table) == [], table


def test_text_read_into_nothing_needs_review(diagram):
    # Criteria, captions and lists that no box owns: 002:130-136 (energy reporting), 286-295 (CIO issues) …
    runs = [
        f for f in rows_where(diagram.findings, rule="needs_human_review") if f.owner_code.startswith("text@")
    ]
    assert [f.source_line for f in runs] == [25, 130, 145, 273, 286, 298, 300, 312, 314]
    assert "lines 130-136" in runs[1].message


def test_strategy_boxes_once_002_140_164(diagram):
    strategies = [e for e in diagram.tables["plan_elements"] if e.element_type == "strategy"]
    assert [(e.code, e.source_line) for e in strategies] == [("2", 140), ("3", 164)]
    assert strategies[0].name == (
        "การส่งเสริมธุรกิจอุตสาหกรรมให้เกิดการเชื่อมโยงกับประชาคมเศรษฐกิจอาเซียนเพื่อการแข่งขันในระดับสากล"
    )
