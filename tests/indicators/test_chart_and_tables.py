"""The SVG charts (ticks, labels in BE and CE, escaping, one chart per unit) and the typed reading of the
published CSV files."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal
from itertools import pairwise

import pytest

from ckanext.kpi.indicators.chart import (
    SVG_NS,
    charts_by_unit,
    format_number,
    indicator_charts,
    nice_ticks,
    period_label,
    sparkline,
)
from ckanext.kpi.indicators.series import IndicatorSeries, Owner, Period, build_series
from ckanext.kpi.indicators.tables import parse_table

EVIL = '<script>alert("x")</script> & ร้อยละ'


def _rows(role: str, values: list[int], unit_noun: str = "แห่ง", **extra) -> list[dict]:
    unit = "count" if unit_noun else ""
    return [
        {"value_role": role, "fiscal_year_be": 2560 + i, "value_num": Decimal(v), "comparator": "=",
         "unit": unit, "unit_noun": unit_noun, "value_text_original": f"{v} {unit_noun}", "source_line": 7,
         **extra}
        for i, v in enumerate(values)
    ]  # fmt: skip


def _indicator(rows: list[dict]) -> IndicatorSeries:
    return IndicatorSeries(
        {"indicator_id": "1/2#3", "unit_noun": "แห่ง"}, Owner("", "", ""), build_series(rows)
    )


@pytest.mark.parametrize(
    ("low", "high"), [(8410, 11851), (0, 1), (5, 5), (-3, 7), (0.2, 0.9), (250, 6933463.58)]
)
def test_ticks_cover_the_values_in_round_steps(low, high):
    ticks = nice_ticks(low, high)
    assert ticks[0] <= low and ticks[-1] >= high
    steps = {round(b - a, 9) for a, b in pairwise(ticks)}
    assert len(steps) == 1


def test_numbers_are_formatted_with_separators():
    assert [format_number(v) for v in (10774, Decimal("25.50"), 0.125, -0.001)] == [
        "10,774",
        "25.5",
        "0.13",
        "0",
    ]


def test_chart_labels_fiscal_years_in_be_and_ce_and_escapes_document_text():
    indicator = _indicator(_rows("actual", [3, 4, 5], value_text_original=EVIL) + _rows("target", [4, 5, 6]))
    labels = {s.key: f"{s.value_role} {EVIL}" for s in indicator.series}
    [chart] = indicator_charts(indicator, EVIL, labels, lambda series: EVIL)
    svg = ET.fromstring(str(chart.svg))  # well-formed: every text escaped
    assert svg.get("role") == "img"
    assert svg.find(f"{{{SVG_NS}}}title").text == EVIL
    assert not list(svg.iter(f"{{{SVG_NS}}}script"))
    texts = ["".join(t.itertext()) for t in svg.iter(f"{{{SVG_NS}}}text")]
    assert "2560(2017)" in texts and "2562(2019)" in texts
    tooltips = [t.text for t in svg.iter(f"{{{SVG_NS}}}title")][1:]
    assert any(t.startswith("actual") and "2560 (2017): 3 แห่ง" in t for t in tooltips)
    assert "<script>" not in str(chart.svg)
    assert [entry.label for entry in chart.legend] == [labels[s.key] for s in indicator.series]
    assert chart.svg.count('id="kpi-chart-1-2-3-0"') == 1


def test_values_of_different_units_get_separate_charts():
    rows = _rows("actual", [1, 2]) + _rows("baseline", [5_000_000, 6_000_000], unit_noun="", series="บาท")
    groups = charts_by_unit(_indicator(rows))
    assert [unit for unit, _series in groups] == ["แห่ง", ""]


def test_sparkline_draws_results_and_targets():
    svg = sparkline({Period(2564): Decimal(1), Period(2565): Decimal(2)}, {Period(2565): Decimal(3)}, "trend")
    assert svg.count("<polyline") == 1 and svg.count("<circle") == 3
    assert sparkline({}, {}, "trend") is None


def test_tables_are_typed_by_their_schema():
    text = (
        "indicator_id,fiscal_year_be,quarter,value_role,value_num,value_text_original,extra\n"
        '1.1.2,2564,,actual,10774,"10,774 ใบรับรอง",x\n'
        "1.1.2,2565,2,target,not-a-number,?,y\n"
    )
    first, second = parse_table("observations", text)
    assert first["fiscal_year_be"] == 2564 and first["quarter"] is None
    assert first["value_num"] == Decimal(10774) and first["extra"] == "x"
    assert second["quarter"] == 2 and second["value_num"] is None  # a bad cell is empty, the row is kept


def test_quarters_are_labelled_with_the_fiscal_year():
    assert period_label(Period(2567, 1)) == ("2567 Q1", "(2024)")
    assert period_label(Period(2565)) == ("2565", "(2022)")
    rows = [*_rows("actual", [10]), *_rows("actual", [4], quarter=2), *_rows("target", [12])]
    indicator = _indicator(rows)
    assert indicator.periods == [Period(2560), Period(2560, 2)]
    labels = {item.key: item.key for item in indicator.series}
    [chart] = indicator_charts(indicator, "t", labels, lambda series: "-")
    assert "2560 Q2" in str(chart.svg)


def test_a_misspelt_unit_in_a_few_cells_does_not_make_a_second_unit():
    """Issue 21: "แบรินด์" in one cell beside "แบรนด์" in the others is one unit; different units stay apart."""
    from ckanext.kpi.indicators.chart import unit_spellings

    spelling = unit_spellings({"แบรนด์": 10, "แบรินด์": 1, "ราย": 3, "แห่ง": 2, "บาท": 2, "ล้านบาท": 2, "": 1})
    assert spelling["แบรินด์"] == "แบรนด์"
    assert {label: shown for label, shown in spelling.items() if label != "แบรินด์"} == {
        "แบรนด์": "แบรนด์", "ราย": "ราย", "แห่ง": "แห่ง", "บาท": "บาท", "ล้านบาท": "ล้านบาท", "": "",
    }


def test_a_long_dashboard_is_split_into_pages_keeping_owner_groups():
    """Issue 21: the MDES plan's 361 indicators made one 629 KB page; 60 indicators a page, a group may
    continue on the next page under its own heading."""
    from ckanext.kpi.indicators.pages import paginate_groups

    groups = [{"owner": {"code": str(n)}, "rows": list(range(n * 100, n * 100 + 50))} for n in range(3)]
    first, pages = paginate_groups(groups, 1, size=60)
    assert pages == 3
    assert [(g["owner"]["code"], len(g["rows"])) for g in first] == [("0", 50), ("1", 10)]
    second, _ = paginate_groups(groups, 2, size=60)
    assert [(g["owner"]["code"], len(g["rows"])) for g in second] == [("1", 40), ("2", 20)]
    last, _ = paginate_groups(groups, 99, size=60)
    assert [(g["owner"]["code"], len(g["rows"])) for g in last] == [("2", 30)]
    assert groups[1]["rows"] == list(range(100, 150))  # the input is not changed


def test_opdc_levels_are_bands_across_each_year_they_are_stated_for():
    rows = (_rows("actual", [60, 70, 80]) + _rows("target_level_50", [50, 55, 60])
            + _rows("target_level_75", [75, 78, 80]) + _rows("target_level_100", [100, 100, 100]))
    indicator = _indicator(rows)
    labels = {s.key: s.value_role for s in indicator.series}
    [chart] = indicator_charts(indicator, "t", labels, lambda series: "d")
    svg = ET.fromstring(str(chart.svg))
    bands = [r for r in svg.iter(f"{{{SVG_NS}}}rect") if r.get("class") == "kpi-chart-level-band"]
    assert len(bands) == 6  # 50→75 and 75→100 in each of the three years
    widths = {r.get("width") for r in bands}
    assert len(widths) == 1 and float(widths.pop()) > 100  # a year's whole column, not a tick
