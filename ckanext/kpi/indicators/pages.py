"""What the dashboard of a ``kpi`` dataset and an indicator page show, built from the actions' results:
translated labels, formatted values, charts and the values table. Templates only lay these out."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise
from typing import Any

import ckan.plugins.toolkit as tk
from flask_babel import lazy_gettext as _l

from .chart import LEVEL_BAND_FILLS, LEVEL_ROLES, Chart, format_number, indicator_charts, sparkline
from .payload import indicator_from_dict
from .series import Period, Point, Series

COMPARATOR_SYMBOLS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "", "": ""}

# Every code the pages name, by kind: translated when shown (lazy_gettext is CKAN's gettext, deferred).
LABELS: dict[str, dict[str, Any]] = {
    "role": {
        "actual": _l("Actual"),
        "previous_actual": _l("Previous actual"),
        "target": _l("Target"),
        "target_level_50": _l("Minimum target (50 points)"),
        "target_level_75": _l("Standard target (75 points)"),
        "target_level_100": _l("Advanced target (100 points)"),
        "plan_target": _l("Plan target"),
        "baseline": _l("Baseline"),
        "project_weight_pct": _l("Project weight (%)"),
    },
    "section": {
        "summary_table": _l("summary table"),
        "kpi_detail": _l("KPI detail"),
        "revised_annex": _l("revised annex"),
        "indicator_text": _l("indicator text"),
        "monitoring_table": _l("monitoring table"),
    },
    "owner_type": {
        "strategy": _l("Strategy"),
        "strategy_item": _l("Strategy item"),
        "project": _l("Project"),
        "component": _l("Component"),
        "sub_group": _l("Indicator group"),
        "kpi_group": _l("KPI group"),
        "organisation": _l("Organisation"),
        "pmqa_category": _l("PMQA category"),
        "": _l("Other"),
    },
    "status": {
        "met": _l("Met"),
        "not_met": _l("Not met"),
        "pending": _l("Pending"),
        "no_data": _l("No data"),
    },
    "reason": {
        "compared": _l("Result for fiscal year {year} against its target."),
        "not_reported": _l("No result reported yet for fiscal year {year}."),
        "year_to_date": _l("Result to date (quarter {quarter}) below the year's target."),
        "cannot_compare": _l("The target cannot be compared automatically; see the original text."),
        "no_target": _l("The document states no target."),
        "no_values": _l("The document states no numeric values."),
    },
    "scheme": {
        "opdc_50_75_100": _l(
            "OPDC levels: minimum (50 points), standard (75) and advanced (100). A result below the minimum "
            "scores 0; between two levels the score is interpolated linearly. Met means the standard level "
            "(or, without one, the advanced level) is reached."
        ),
        "five_level": _l("Five levels of success (1–5)."),
        "target": _l(
            "The result is compared with the target by its comparator (at least, at most, more than …) or, "
            "without one, by the indicator's direction."
        ),
        "none": _l("The document states no target or scoring rule."),
    },
    "direction": {
        "higher_better": _l("Higher is better"),
        "lower_better": _l("Lower is better"),
        "": _l("Not stated"),
    },
    "comparator": {"increase_by": _l("increase by"), "decrease_by": _l("decrease by")},
    # Unit codes of the extraction (ckanext/kpi/extraction/thai.py), shown when a document gave no unit noun.
    "unit": {
        "pct": _l("percent"),
        "thb": _l("baht"),
        "thb_per_item": _l("baht per item"),
        "points": _l("points"),
        "level": _l("level"),
        "hour": _l("hours"),
        "day": _l("days"),
        "month": _l("months"),
        "times": _l("times"),
        "count": _l("count"),
    },
}


def unit_text(unit_noun: str | None, unit: str | None) -> str:
    """The unit as the document wrote it (ร้อยละ, ใบรับรอง), else the reader's name of its code, never a
    code."""
    if unit_noun:
        return unit_noun
    return label("unit", unit) if unit else ""


def unit_display(unit_label: str) -> str:
    """A unit as shown: the document's noun as it is, a unit code (``pct``) by its name."""
    return label("unit", unit_label) if unit_label in LABELS["unit"] else unit_label


def label(kind: str, code: str) -> str:
    """The reader's name of a code (``label("status", "not_met")`` → "Not met"); unknown codes as they are."""
    if kind == "role" and code.startswith("score_level_"):
        return tk._("Score level {level}").format(level=code.rsplit("_", 1)[1])
    return str(LABELS[kind].get(code, code))


def status_reason(status: dict[str, Any]) -> str:
    actual = status.get("actual") or {}
    text = label("reason", status["reason"])
    return text.format(year=status.get("fiscal_year_be") or "", quarter=actual.get("quarter") or "")


def fiscal_year_text(year: int | None, quarter: int | None = None) -> str:
    """``2565 (2022)``: the Buddhist-Era fiscal year with the Common-Era year alongside."""
    if year is None:
        return tk._("Whole plan")
    period = Period(year, quarter or 0)
    text = f"{year} ({period.fiscal_year_ce})"
    return text + (" " + tk._("Q{quarter}").format(quarter=quarter) if quarter else "")


def value_text(point: dict[str, Any] | None) -> str:
    """A typed value as a reader sees it: ``≥ 85 ร้อยละ``, ``300–350 แห่ง``; empty when not numeric."""
    if not point or point.get("value_num") is None:
        return ""
    comparator = point.get("comparator") or ""
    value = format_number(point["value_num"])
    if point.get("value_num_max") is not None:
        value += "–" + format_number(point["value_num_max"])
    prefix = COMPARATOR_SYMBOLS.get(comparator)
    if prefix is None:
        prefix = label("comparator", comparator) if comparator in LABELS["comparator"] else ""
    unit = unit_text(point.get("unit_noun"), point.get("unit"))
    return " ".join(part for part in (prefix, value, unit) if part)


def series_label(series: dict[str, Any] | Series) -> str:
    get = series.get if isinstance(series, dict) else lambda name: getattr(series, name)
    parts = [label("role", get("value_role"))]
    if get("series"):
        parts.append(get("series"))
    if get("show_section") and get("source_section"):
        parts.append(label("section", get("source_section")))
    text = " · ".join(parts)
    return text + (f" ({get('lane') + 1})" if get("lane") else "")


def _chart_description(series: list[Series]) -> str:
    years = sorted({p.period.fiscal_year_be for s in series for p in s.dated_numeric_points})
    return tk._(
        "{count} series over fiscal years {first}–{last} (BE); every value is in the table below."
    ).format(count=len(series), first=years[0], last=years[-1])


@dataclass(frozen=True)
class TableRow:
    series_label: str
    fiscal_year: str
    value: str
    point: dict[str, Any]


@dataclass
class IndicatorPage:
    data: dict[str, Any]
    title: str
    charts: list[Chart]
    rows: list[TableRow]
    # What the interactive chart draws, one dict per chart (same order): emitted as a JSON script block.
    chart_data: list[dict[str, Any]]
    status_label: str
    status_reason: str
    scoring_rule: str
    direction: str
    owner_type: str


def indicator_page(data: dict[str, Any]) -> IndicatorPage:
    """The page of one ``kpi_indicator_show`` result."""
    indicator = data["indicator"]
    title = " ".join(part for part in (indicator.get("code"), indicator.get("name")) if part)
    labels = {item["key"]: series_label(item) for item in data["series"]}
    indicator_series = indicator_from_dict(data)
    charts = indicator_charts(indicator_series, title, labels, _chart_description, unit_display)
    series_by_key = {item.key: item for item in indicator_series.series}
    rows = [
        TableRow(labels[item["key"]], fiscal_year_text(p["fiscal_year_be"], p["quarter"]), value_text(p), p)
        for item in data["series"]
        for p in item["points"]
    ]
    return IndicatorPage(
        data=data,
        title=title,
        charts=charts,
        rows=rows,
        chart_data=[
            chart_data(chart, [series_by_key[entry.key] for entry in chart.legend], labels, title)
            for chart in charts
        ],
        status_label=label("status", data["status"]["status"]),
        status_reason=status_reason(data["status"]),
        scoring_rule=label("scheme", data["scoring"]["scheme"]),
        direction=label("direction", indicator.get("direction") or ""),
        owner_type=label("owner_type", data["owner"]["owner_type"]),
    )


def _point_value_text(point: Point) -> str:
    return value_text({
        "value_num": point.value_num, "value_num_max": point.value_num_max, "comparator": point.comparator,
        "unit_noun": point.unit_noun, "unit": point.unit,
    })


def chart_data(chart: Chart, series: list[Series], labels: dict[str, str], title: str) -> dict[str, Any]:
    """What the interactive chart (assets/js/kpi-indicator-chart.js) draws for one server-rendered chart:
    the same periods, series, styles and 50/75/100 bands, each value with the text the values table shows
    for it, and the interface words in the reader's language. Serialised with Jinja's ``tojson``, which
    escapes ``<``, ``>``, ``&`` and ``'``, so no document text can close the script block."""
    periods = sorted({p.period for item in series for p in item.dated_numeric_points if p.period})
    column = {period: index for index, period in enumerate(periods)}
    styles = {entry.key: entry.style for entry in chart.legend}
    drawn = []
    for item in series:
        values: list[float | None] = [None] * len(periods)
        texts = [""] * len(periods)
        originals = [""] * len(periods)
        for point in item.dated_numeric_points:
            index = column[point.period]
            values[index] = float(point.value_num)
            texts[index] = _point_value_text(point)
            originals[index] = point.value_text_original
        style = styles[item.key]
        drawn.append({
            "key": item.key, "label": labels[item.key], "role": item.value_role, "colour": style.colour,
            "dash": [float(n) for n in style.dash.split()] if style.dash not in ("", "none") else [],
            "line": style.dash != "none", "marker": style.marker,
            "values": values, "texts": texts, "originals": originals,
        })
    return {
        "title": title,
        "unit": chart.unit_label,
        "periods": [fiscal_year_text(p.fiscal_year_be, p.quarter) for p in periods],
        "axis_labels": [[f"{p.fiscal_year_be}" + (f" Q{p.quarter}" if p.quarter else ""),
                         f"({p.fiscal_year_ce})"] for p in periods],
        "series": drawn,
        "bands": _level_bands(series, periods),
        "text": {
            "chart": tk._("Chart"), "table": tk._("Table"), "period": tk._("Fiscal year"),
            "png": tk._("Download PNG"), "csv": tk._("Download CSV"), "original": tk._("Original text"),
            "toggle_hint": tk._("Select a series to show or hide it in the chart."),
            "views": tk._("Chart or table"),
            "table_caption": tk._("The values of this chart by fiscal year (BE, CE in brackets)."),
        },
    }


def _level_bands(series: list[Series], periods: list[Period]) -> list[dict[str, Any]]:
    """The OPDC levels as two bands per fiscal year they are stated for (50→75, 75→100), as the SVG draws
    them: ``ranges`` holds ``[low, high]`` or None for each period."""
    levels: dict[str, dict[Period, float]] = {}
    for item in series:
        if item.value_role in LEVEL_ROLES and item.value_role not in levels:
            levels[item.value_role] = {p.period: float(p.value_num) for p in item.dated_numeric_points}
    if len(levels) < 2:
        return []
    names = (
        tk._("Minimum to standard level (50–75 points)"), tk._("Standard to advanced level (75–100 points)")
    )
    bands = [{"label": name, "colour": fill, "ranges": [None] * len(periods)}
             for name, fill in zip(names, LEVEL_BAND_FILLS, strict=True)]
    for index, period in enumerate(periods):
        stated = [levels[role][period] for role in LEVEL_ROLES if period in levels.get(role, {})]
        for band, (low, high) in zip(bands, pairwise(stated), strict=False):
            band["ranges"][index] = sorted((low, high))
    return [band for band in bands if any(band["ranges"])]


def _trend_points(trend: list[list[Any]]) -> dict[Period, Any]:
    return {Period(year, quarter or 0): Decimal(str(value)) for year, quarter, value in trend}


def _dashboard_row(summary: dict[str, Any]) -> dict[str, Any]:
    status = summary["status"]
    target, actual = status.get("target"), status.get("actual")
    title = tk._("Trend of results (solid) and targets (dashed)")
    return {
        **summary,
        "unit_label": unit_display(summary.get("unit_label") or ""),
        "status_label": label("status", status["status"]),
        "status_reason": status_reason(status),
        "target_text": value_text(target),
        "target_year": fiscal_year_text(target["fiscal_year_be"]) if target else "",
        "target_role": label("role", target["value_role"]) if target else "",
        "actual_text": value_text(actual),
        "actual_year": fiscal_year_text(actual["fiscal_year_be"], actual["quarter"]) if actual else "",
        "sparkline": sparkline(
            _trend_points(summary["trend"]["actual"]), _trend_points(summary["trend"]["target"]), title
        ),
    }


def dashboard_groups(listing: dict[str, Any]) -> list[dict[str, Any]]:
    """``kpi_indicator_list``'s indicators grouped by owner, in document order."""
    groups: dict[str, dict[str, Any]] = {}
    for summary in listing["indicators"]:
        owner = summary["owner"]
        key = f"{owner['owner_type']}:{owner['code']}"
        if key not in groups:
            groups[key] = {"owner": owner, "type_label": label("owner_type", owner["owner_type"]), "rows": []}
        groups[key]["rows"].append(_dashboard_row(summary))
    return list(groups.values())


# Indicators per dashboard page: the MDES plan's 361 indicators made a 629 KB page (issue 21).
DASHBOARD_PAGE_SIZE = 60


def paginate_groups(groups: list[dict[str, Any]], page: int, size: int = DASHBOARD_PAGE_SIZE) -> tuple[
    list[dict[str, Any]], int
]:
    """The owner groups of one dashboard page (a group may continue on the next page) and the page count."""
    rows = [(index, row) for index, group in enumerate(groups) for row in group["rows"]]
    pages = max(1, -(-len(rows) // size))
    page = min(max(page, 1), pages)
    shown: dict[int, dict[str, Any]] = {}
    for index, row in rows[(page - 1) * size: page * size]:
        shown.setdefault(index, {**groups[index], "rows": []})["rows"].append(row)
    return list(shown.values()), pages


def status_counts(listing: dict[str, Any]) -> dict[str, int]:
    counts = {"met": 0, "not_met": 0, "pending": 0, "no_data": 0}
    for summary in listing["indicators"]:
        counts[summary["status"]["status"]] = counts.get(summary["status"]["status"], 0) + 1
    return counts
