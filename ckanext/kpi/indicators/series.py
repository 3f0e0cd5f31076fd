"""An indicator's values as series: one series per value role (actual, target, 50/75/100 levels, plan
target, baseline …) and, within a role, per sub-series and document section the extraction recorded.
Points keep the original cell text and source line next to the typed value."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from .tables import Row

ACTUAL_ROLES = ("actual", "previous_actual")
LEVEL_ROLES = ("target_level_50", "target_level_75", "target_level_100")
SCORE_LEVEL_ROLES = tuple(f"score_level_{n}" for n in range(1, 6))
# Roles in the order a reader expects them: results first, then what they are measured against.
ROLE_ORDER = (
    *ACTUAL_ROLES,
    "target",
    *LEVEL_ROLES,
    "plan_target",
    "baseline",
    *SCORE_LEVEL_ROLES,
    "project_weight_pct",
)
BE_CE_OFFSET = 543


@dataclass(frozen=True, order=True)
class Period:
    """A fiscal year (Buddhist Era) or one of its quarters; quarter 0 is the whole year."""

    fiscal_year_be: int
    quarter: int = 0

    @property
    def fiscal_year_ce(self) -> int:
        return self.fiscal_year_be - BE_CE_OFFSET

    @property
    def key(self) -> str:
        return f"{self.fiscal_year_be}" + (f"-Q{self.quarter}" if self.quarter else "")


@dataclass(frozen=True)
class Point:
    """One observation: the typed value and where it came from."""

    value_role: str
    period: Period | None  # None for plan totals and other values without a fiscal year
    period_type: str
    comparator: str
    value_num: Decimal | None
    value_num_max: Decimal | None
    unit: str
    unit_noun: str
    status: str
    value_text_original: str
    source_line: int | None
    source_lines: str
    series: str
    source_section: str
    source_ref: str = ""  # p. 12 · table 3 · row 5 for a PDF, DOCX, HTML or spreadsheet document

    @classmethod
    def from_row(cls, row: Row) -> Point:
        year = row.get("fiscal_year_be")
        is_dated = year is not None and (row.get("period_type") or "FY") == "FY"
        return cls(
            value_role=row.get("value_role") or "",
            period=Period(year, row.get("quarter") or 0) if is_dated else None,
            period_type=row.get("period_type") or "FY",
            comparator=row.get("comparator") or "",
            value_num=row.get("value_num"),
            value_num_max=row.get("value_num_max"),
            unit=row.get("unit") or "",
            unit_noun=row.get("unit_noun") or "",
            status=row.get("status") or "",
            value_text_original=row.get("value_text_original") or "",
            source_line=row.get("source_line"),
            source_lines=row.get("source_lines") or "",
            series=row.get("series") or "",
            source_section=row.get("source_section") or "",
            source_ref=row.get("source_ref") or "",
        )

    @property
    def is_numeric(self) -> bool:
        return self.value_num is not None


@dataclass
class Series:
    """The points of one role (and sub-series) in period order; ``key`` is stable across page views."""

    key: str
    value_role: str
    series: str
    source_section: str
    points: list[Point] = field(default_factory=list)
    lane: int = 0  # 1, 2 … for further rows under the same label
    show_section: bool = False  # the same role and sub-series also occurs in another section

    @property
    def unit_label(self) -> str:
        """The unit its values are stated in (the Thai noun when the document gave one)."""
        for point in self.points:
            if point.is_numeric and (point.unit_noun or point.unit):
                return point.unit_noun or point.unit
        return ""

    @cached_property
    def dated_numeric_points(self) -> list[Point]:  # read once the series is built
        return [p for p in self.points if p.is_numeric and p.period is not None]


@dataclass(frozen=True)
class Owner:
    """What an indicator belongs to: a strategy, strategy item, project, component, KPI group …"""

    owner_type: str
    code: str
    name: str

    @property
    def key(self) -> str:
        return f"{self.owner_type}:{self.code}"


@dataclass
class IndicatorSeries:
    indicator: Row
    owner: Owner
    series: list[Series]

    @property
    def indicator_id(self) -> str:
        return self.indicator["indicator_id"]

    @property
    def unit_label(self) -> str:
        return self.indicator.get("unit_noun") or self.indicator.get("unit") or ""

    @property
    def periods(self) -> list[Period]:
        return sorted({p.period for s in self.series for p in s.points if p.period is not None})

    @property
    def points(self) -> list[Point]:
        return [point for s in self.series for point in s.points]

    def role_points(self, roles: Iterable[str]) -> list[Point]:
        wanted = set(roles)
        return [p for s in self.series if s.value_role in wanted for p in s.points]


def _role_rank(role: str) -> int:
    return ROLE_ORDER.index(role) if role in ROLE_ORDER else len(ROLE_ORDER)


def _point_order(point: Point) -> tuple[Any, ...]:
    # Undated values (plan totals) after the dated ones, then document order.
    return (point.period is None, point.period or Period(0), point.source_line or 0)


def build_series(rows: Iterable[Row]) -> list[Series]:
    """Series of one indicator's observation rows, in role order, then in order of first appearance.

    Documents sometimes give several rows under one label (a cost for gems, for metals, in total): a
    value for a period its series already has starts a further series (a lane), so lines never zigzag."""
    groups: dict[tuple[str, str, str], list[tuple[Series, set[Period]]]] = {}
    for row in rows:
        point = Point.from_row(row)
        group_key = (point.value_role, point.series, point.source_section)
        lanes = groups.setdefault(group_key, [])
        lane = next((lane for lane in lanes if point.period is None or point.period not in lane[1]), None)
        if lane is None:
            key = "|".join(group_key) + (f"|{len(lanes) + 1}" if lanes else "")
            lane = (Series(key, *group_key, lane=len(lanes)), set())
            lanes.append(lane)
        lane[0].points.append(point)
        if point.period is not None:
            lane[1].add(point.period)
    sections = defaultdict(set)
    for role, sub_series, section in groups:
        sections[(role, sub_series)].add(section)
    every_series = (series for lanes in groups.values() for series, _periods in lanes)
    ordered = sorted(every_series, key=lambda s: _role_rank(s.value_role))
    for item in ordered:
        item.points.sort(key=_point_order)
        item.show_section = len(sections[(item.value_role, item.series)]) > 1
    return ordered


@dataclass
class DocumentIndicators:
    """All indicators of one dataset with their observations and owners, in document order."""

    indicators: list[Row]
    observations: dict[str, list[Row]]
    owner_names: dict[tuple[str, str], str]
    fiscal_year_be: int | None = None

    def owner_of(self, indicator: Row) -> Owner:
        owner_type = indicator.get("owner_type") or ""
        code = indicator.get("owner_code") or ""
        return Owner(owner_type, code, self.owner_names.get((owner_type, code), ""))

    def find(self, indicator_id: str) -> Row | None:
        return next((row for row in self.indicators if row["indicator_id"] == indicator_id), None)

    def series_of(self, indicator: Row) -> IndicatorSeries:
        rows = self.observations.get(indicator["indicator_id"], [])
        return IndicatorSeries(indicator, self.owner_of(indicator), build_series(rows))

    def all_series(self) -> list[IndicatorSeries]:
        return [self.series_of(indicator) for indicator in self.indicators]


def _owner_names(plan_elements: Iterable[Row], projects: Iterable[Row]) -> dict[tuple[str, str], str]:
    names = {
        (row.get("element_type") or "", row.get("code") or ""): row.get("name") or "" for row in plan_elements
    }
    names.update({("project", row.get("code") or ""): row.get("name") or "" for row in projects})
    return names


def _fiscal_year(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def document_indicators(tables: dict[str, tuple[Row, ...]], package: dict[str, Any]) -> DocumentIndicators:
    observations: dict[str, list[Row]] = defaultdict(list)
    for row in tables["observations"]:
        observations[row.get("indicator_id") or ""].append(row)
    indicators = [row for row in tables["indicators"] if row.get("indicator_id")]
    return DocumentIndicators(
        indicators=indicators,
        observations=dict(observations),
        owner_names=_owner_names(tables["plan_elements"], tables["projects"]),
        fiscal_year_be=_fiscal_year(package.get("kpi_fiscal_year")),
    )
