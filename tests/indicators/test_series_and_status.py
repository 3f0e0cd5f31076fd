"""Series building and status computation on the extraction's own output for seeds 000, 001 and 004, and
on small hand-made rows for each comparator and direction. Pure Python: no CKAN app needed."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from ckanext.kpi.extraction.model import row_dict
from ckanext.kpi.extraction.pipeline import extract_document
from ckanext.kpi.extraction.tables import field_names
from ckanext.kpi.indicators.chart import indicator_charts
from ckanext.kpi.indicators.series import (
    DocumentIndicators,
    IndicatorSeries,
    Owner,
    build_series,
    document_indicators,
)
from ckanext.kpi.indicators.status import (
    MET,
    NO_DATA,
    NOT_MET,
    PENDING,
    evaluate,
    opdc_score,
    scoring_scheme,
)
from ckanext.kpi.indicators.tables import TABLES, parse_table

SEEDS = {
    "000": "000_a7de958303e1344d.txt",
    "001": "001_f22d53a17e33890d.txt",
    "002": "002_519d0143a7a27fde.txt",
    "003": "003_7ae9a440b3a3e7ac.txt",
    "004": "004_7ca3ec07c9ca3b62.txt",
}


@cache
def _document(seed: Path, fiscal_year: str) -> DocumentIndicators:
    result, _structure = extract_document(seed)
    # Through the CSV text, as the pages read the published files.
    tables = {}
    for table in TABLES:
        output = io.StringIO()
        writer = csv.DictWriter(output, fieldnames=field_names(table), lineterminator="\n")
        writer.writeheader()
        writer.writerows(row_dict(row) for row in result.tables.get(table, []))
        tables[table] = parse_table(table, output.getvalue())
    return document_indicators(tables, {"kpi_fiscal_year": fiscal_year})


@pytest.fixture
def seed_document(seeds_dir):
    def load(key: str, fiscal_year: str = "2565") -> DocumentIndicators:
        return _document(seeds_dir / SEEDS[key], fiscal_year)

    return load


def test_kpi_1_1_2_series_and_pending_status(seed_document):
    document = seed_document("001")
    indicator = document.series_of(document.find("1.1.2"))
    assert indicator.indicator["weight_pct"] == Decimal(10)
    assert indicator.owner == Owner("sub_group", "1.1", indicator.owner.name)
    assert indicator.owner.name.startswith("ตัวชี้วัดที่สอดคล้องกับการปฏิบัติงาน")
    by_key = {s.key: s for s in indicator.series}
    actual = {
        p.period.fiscal_year_be: p.value_num for p in by_key["actual||summary_table"].dated_numeric_points
    }
    assert actual == {2564: Decimal(10774)}
    levels = [by_key[f"target_level_{n}||summary_table"].points[0].value_num for n in (50, 75, 100)]
    assert levels == [Decimal(10774), Decimal(11312), Decimal(11851)]
    assert indicator.series[0].value_role == "actual"  # results first
    plan = by_key["plan_target||kpi_detail"]
    assert plan.points[-1].period is None and plan.points[-1].value_num == Decimal(46465)  # plan total last
    status = evaluate(indicator, document.fiscal_year_be)
    assert (status.status, status.fiscal_year_be, status.target.value_num) == (PENDING, 2565, Decimal(11312))
    assert status.actual.value_num == Decimal(10774)
    assert scoring_scheme(indicator) == "opdc_50_75_100"


def test_repeated_rows_under_one_label_become_lanes(seed_document):
    document = seed_document("001")
    indicator = document.series_of(document.find("2.1.2"))
    costs = [s for s in indicator.series if s.series == "ค่าใช้จ่ายในการดำเนินงาน"]
    assert [s.lane for s in costs] == [0, 1, 2]
    for item in costs:
        periods = [p.period for p in item.points]
        assert len(periods) == len(set(periods)) == 4


def test_sections_are_named_only_where_a_series_repeats(seed_document):
    document = seed_document("001")
    indicator = document.series_of(document.find("3.1.2"))
    grouped = [s for s in indicator.series if s.series == "กลุ่มที่ 1"]
    assert {s.source_section for s in grouped} == {"kpi_detail", "revised_annex"}
    assert all(s.show_section for s in grouped)
    assert not next(s for s in indicator.series if s.key == "actual||summary_table").show_section


def test_statuses_of_whole_seeds(seed_document):
    plan, guide = seed_document("000"), seed_document("004", "2566")
    assert {evaluate(i, plan.fiscal_year_be).status for i in plan.all_series()} == {PENDING}
    assert {evaluate(i, guide.fiscal_year_be).status for i in guide.all_series()} == {NO_DATA}
    assert len(plan.indicators) == 59 and len(guide.indicators) == 95


def _indicator(rows: list[dict], direction: str = "") -> IndicatorSeries:
    base = {"fiscal_year_be": 2566, "quarter": None, "period_type": "FY", "comparator": "=", "source_line": 1}
    series = build_series([{**base, **row} for row in rows])
    return IndicatorSeries({"indicator_id": "X", "direction": direction}, Owner("", "", ""), series)


def _target(value, comparator="=", **extra) -> dict:
    return {"value_role": "target", "value_num": Decimal(value), "comparator": comparator, **extra}


def _actual(value, **extra) -> dict:
    return {"value_role": "actual", "value_num": Decimal(value), **extra}


@pytest.mark.parametrize(
    ("target", "actual", "direction", "expected"),
    [
        (_target(85), _actual(90), "", MET),
        (_target(85), _actual(80), "higher_better", NOT_MET),
        (_target(3), _actual(2), "lower_better", MET),
        (_target(3), _actual(4), "lower_better", NOT_MET),
        (_target(85, ">="), _actual(85), "", MET),
        (_target(85, ">"), _actual(85), "", NOT_MET),
        (_target(10, "<="), _actual(10), "", MET),
        (_target(10, "<"), _actual(10), "", NOT_MET),
        (_target(300, "between", value_num_max=Decimal(350)), _actual(320), "", MET),
        (_target(300, "between", value_num_max=Decimal(350)), _actual(360), "", NOT_MET),
        (_target(0, "text"), _actual(1), "", NO_DATA),
    ],
)
def test_comparators_and_directions(target, actual, direction, expected):
    assert evaluate(_indicator([target, actual], direction)).status == expected


def test_change_targets_need_the_previous_year():
    rows = [_target(1, "decrease_by"), _actual(4)]
    assert evaluate(_indicator(rows)).status == NO_DATA
    earlier = _actual(6, fiscal_year_be=2565)
    assert evaluate(_indicator([*rows, earlier])).status == MET
    assert evaluate(_indicator([_target(5, "increase_by"), _actual(8), earlier])).status == NOT_MET


def test_quarterly_results_below_target_are_pending_until_the_year_ends():
    assert evaluate(_indicator([_target(100), _actual(60, quarter=3)])).status == PENDING
    assert evaluate(_indicator([_target(100), _actual(60, quarter=4)])).status == NOT_MET
    assert evaluate(_indicator([_target(100), _actual(100, quarter=2)])).status == MET


def test_no_target_and_no_values():
    assert evaluate(_indicator([_actual(5)])).reason == "no_target"
    assert evaluate(_indicator([])).reason == "no_values"


def test_judged_year_is_the_documents_year_not_the_plans_last():
    plan = [_target(10 + n, fiscal_year_be=2565 + n) for n in range(5)]
    status = evaluate(_indicator([*plan, _actual(11, fiscal_year_be=2566)]), 2567)
    assert (status.status, status.fiscal_year_be) == (PENDING, 2567)
    status = evaluate(_indicator([*plan, _actual(11, fiscal_year_be=2566)]), 2566)
    assert (status.status, status.fiscal_year_be) == (MET, 2566)


@pytest.mark.parametrize(
    ("actual", "expected"),
    [(100, 0), (10774, 50), (11043, 62.5), (11312, 75), (11851, 100), (12000, 100)],
)
def test_opdc_score_interpolates_between_levels(actual, expected):
    levels = {50: Decimal(10774), 75: Decimal(11312), 100: Decimal(11851)}
    assert opdc_score(Decimal(actual), levels, "higher_better") == Decimal(str(expected))


def test_opdc_score_without_the_standard_level_and_lower_is_better():
    assert opdc_score(Decimal(312.5), {50: Decimal(275), 100: Decimal(350)}, "") == Decimal(75)
    costs = {50: Decimal(300), 75: Decimal(280), 100: Decimal(260)}
    assert opdc_score(Decimal(270), costs, "lower_better") == Decimal("87.5")
    assert opdc_score(Decimal(310), costs, "lower_better") == 0
    assert opdc_score(Decimal(5), {50: Decimal(1)}, "") is None


@pytest.mark.parametrize(("seed", "fiscal_year"), [("000", "2565"), ("001", "2565"), ("002", "2558"),
                                                   ("003", "2567"), ("004", "2566")])  # fmt: skip
def test_every_indicator_of_every_seed_gets_a_status_and_well_formed_charts(seed_document, seed, fiscal_year):
    document = seed_document(seed, fiscal_year)
    assert document.indicators
    for indicator in document.all_series():
        status = evaluate(indicator, document.fiscal_year_be)
        assert status.status in (MET, NOT_MET, PENDING, NO_DATA)
        labels = {item.key: item.key for item in indicator.series}
        for chart in indicator_charts(indicator, indicator.indicator_id, labels, lambda series: "-"):
            ET.fromstring(str(chart.svg))


def test_progress_report_results_are_judged_against_their_targets(seed_document):
    document = seed_document("003", "2567")
    judged = [evaluate(i, document.fiscal_year_be) for i in document.all_series()]
    compared = [status for status in judged if status.status in (MET, NOT_MET)]
    assert {status.status for status in compared} == {MET, NOT_MET}
    for status in compared:
        assert (
            status.target.period.fiscal_year_be
            == status.actual.period.fiscal_year_be
            == status.fiscal_year_be
        )
        outcome = status.actual.value_num >= status.target.value_num
        if status.target.comparator in ("=", ">=", "") and not status.actual.period.quarter:
            assert outcome == (status.status == MET)
