"""The JSON shapes of ``kpi_indicator_show`` and ``kpi_indicator_list`` (typed: numbers are numbers),
the way back to series for the charts, and the CSV of exactly the values an indicator page shows."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from .series import ACTUAL_ROLES, IndicatorSeries, Owner, Period, Point, Series
from .status import TARGET_PRIORITY, Status, scoring_scheme

POINT_FIELDS = (
    "fiscal_year_be", "fiscal_year_ce", "quarter", "period_type", "comparator", "value_num", "value_num_max",
    "unit", "unit_noun", "status", "value_text_original", "source_line", "source_lines", "source_ref",
)  # fmt: skip
CSV_COLUMNS = ("indicator_id", "series_key", "value_role", "series", "source_section", *POINT_FIELDS)


def json_number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def period_dict(period: Period) -> dict[str, Any]:
    quarter = period.quarter or None
    return {
        "fiscal_year_be": period.fiscal_year_be,
        "fiscal_year_ce": period.fiscal_year_ce,
        "quarter": quarter,
    }


def owner_dict(owner: Owner) -> dict[str, str]:
    return {"owner_type": owner.owner_type, "code": owner.code, "name": owner.name}


def point_dict(point: Point) -> dict[str, Any]:
    undated = {"fiscal_year_be": None, "fiscal_year_ce": None, "quarter": None}
    return {
        **(period_dict(point.period) if point.period else undated),
        "period_type": point.period_type,
        "comparator": point.comparator,
        "value_num": json_number(point.value_num),
        "value_num_max": json_number(point.value_num_max),
        "unit": point.unit,
        "unit_noun": point.unit_noun,
        "status": point.status,
        "value_text_original": point.value_text_original,
        "source_line": point.source_line,
        "source_lines": point.source_lines,
        "source_ref": point.source_ref,
    }


def point_from_dict(data: dict[str, Any], series: dict[str, Any]) -> Point:
    """A point of a ``kpi_indicator_show`` result; its role and sub-series are the series'."""
    return Point.from_row({
        **data,
        "value_role": series["value_role"],
        "series": series.get("series"),
        "source_section": series.get("source_section"),
        "value_num": _decimal(data.get("value_num")),
        "value_num_max": _decimal(data.get("value_num_max")),
    })  # fmt: skip


def series_dict(series: Series) -> dict[str, Any]:
    return {
        "key": series.key,
        "value_role": series.value_role,
        "series": series.series,
        "source_section": series.source_section,
        "lane": series.lane,
        "show_section": series.show_section,
        "unit_label": series.unit_label,
        "points": [point_dict(point) for point in series.points],
    }


def series_from_dict(data: dict[str, Any]) -> Series:
    return Series(
        key=data["key"],
        value_role=data["value_role"],
        series=data.get("series") or "",
        source_section=data.get("source_section") or "",
        points=[point_from_dict(point, data) for point in data.get("points", [])],
        lane=data.get("lane") or 0,
        show_section=bool(data.get("show_section")),
    )


def indicator_from_dict(data: dict[str, Any]) -> IndicatorSeries:
    """The series of a ``kpi_indicator_show`` result, for drawing its charts."""
    owner = data.get("owner") or {}
    return IndicatorSeries(
        indicator=data["indicator"],
        owner=Owner(owner.get("owner_type", ""), owner.get("code", ""), owner.get("name", "")),
        series=[series_from_dict(item) for item in data.get("series", [])],
    )


def _row_json(row: dict[str, Any]) -> dict[str, Any]:
    return {key: json_number(value) if isinstance(value, Decimal) else value for key, value in row.items()}


def status_dict(status: Status) -> dict[str, Any]:
    return {
        "status": status.status,
        "reason": status.reason,
        "fiscal_year_be": status.fiscal_year_be,
        "target": point_dict(status.target) | {"value_role": status.target.value_role}
        if status.target
        else None,
        "actual": point_dict(status.actual) | {"value_role": status.actual.value_role}
        if status.actual
        else None,
        "score": json_number(status.score.quantize(Decimal("0.01"))) if status.score is not None else None,
    }


def dataset_dict(package: dict[str, Any]) -> dict[str, Any]:
    return {key: package.get(key) for key in ("id", "name", "title", "type", "kpi_fiscal_year")}


def indicator_dict(package: dict[str, Any], indicator: IndicatorSeries, status: Status) -> dict[str, Any]:
    """The result of ``kpi_indicator_show``: metadata, owner, scoring, status and every series."""
    return {
        "dataset": dataset_dict(package),
        "indicator": _row_json(indicator.indicator),
        "owner": owner_dict(indicator.owner),
        "scoring": {"scheme": scoring_scheme(indicator),
                    "weight_pct": json_number(indicator.indicator.get("weight_pct"))},
        "status": status_dict(status),
        "periods": [period_dict(period) for period in indicator.periods],
        "series": [series_dict(item) for item in indicator.series],
    }  # fmt: skip


def _trend(indicator: IndicatorSeries, roles: tuple[str, ...]) -> list[list[Any]]:
    """[fiscal_year_be, quarter, value] per period: the first value of the most relevant role."""
    by_period: dict[Period, tuple[int, Decimal]] = {}
    for point in indicator.role_points(roles):
        if point.is_numeric and point.period is not None:
            rank = roles.index(point.value_role)
            if point.period not in by_period or rank < by_period[point.period][0]:
                by_period[point.period] = (rank, point.value_num)
    return [
        [period.fiscal_year_be, period.quarter or None, json_number(value)]
        for period, (_rank, value) in sorted(by_period.items())
    ]


def indicator_summary(indicator: IndicatorSeries, status: Status) -> dict[str, Any]:
    """One line of ``kpi_indicator_list``: what a dashboard row shows."""
    row = indicator.indicator
    return {
        "indicator_id": indicator.indicator_id,
        "code": row.get("code") or "",
        "name": row.get("name") or "",
        "unit_label": indicator.unit_label,
        "weight_pct": json_number(row.get("weight_pct")),
        "direction": row.get("direction") or "",
        "owner": owner_dict(indicator.owner),
        "status": status_dict(status),
        "trend": {"actual": _trend(indicator, ACTUAL_ROLES), "target": _trend(indicator, TARGET_PRIORITY)},
    }  # fmt: skip


def csv_text(data: dict[str, Any]) -> str:
    """The values table of an indicator page as CSV: one row per value, in the page's order."""
    output = io.StringIO()
    writer = csv.DictWriter(output, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for item in data["series"]:
        for point in item["points"]:
            writer.writerow({
                "indicator_id": data["indicator"]["indicator_id"],
                "series_key": item["key"],
                "value_role": item["value_role"],
                "series": item["series"],
                "source_section": item["source_section"],
                **{name: "" if point[name] is None else point[name] for name in POINT_FIELDS},
            })  # fmt: skip
    return output.getvalue()
