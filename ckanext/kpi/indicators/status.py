"""Whether an indicator met its target: met, not met, pending or no data, from the target's comparator
and the indicator's direction; and the OPDC 50/75/100 score where the document gives those levels.

The year judged is the latest fiscal year with a target that is not after the document's own fiscal year
(or the latest reported year): a plan document judges its own year, not its five-year plan's last one."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from .series import ACTUAL_ROLES, LEVEL_ROLES, SCORE_LEVEL_ROLES, IndicatorSeries, Point

MET, NOT_MET, PENDING, NO_DATA = "met", "not_met", "pending", "no_data"
STATUSES = (MET, NOT_MET, PENDING, NO_DATA)
# Which target a result is judged against when a year has several: a plain target, else the OPDC
# "standard" level (75), else the advanced level, else the multi-year plan's figure for that year.
TARGET_PRIORITY = ("target", "target_level_75", "target_level_100", "plan_target")
LOWER_BETTER = "lower_better"
FULL_YEAR_QUARTER = 4


@dataclass(frozen=True)
class Status:
    status: str
    reason: str  # why, as a code the templates translate
    fiscal_year_be: int | None = None
    target: Point | None = None
    actual: Point | None = None
    score: Decimal | None = None  # OPDC score (0–100) of the actual, where 50/75/100 levels exist


def _dated_numeric(points: list[Point]) -> list[Point]:
    return [p for p in points if p.is_numeric and p.period is not None]


def _evaluation_year(targets: list[Point], actuals: list[Point], document_year: int | None) -> int:
    target_years = sorted({p.period.fiscal_year_be for p in targets if p.period})
    latest_actual = max((p.period.fiscal_year_be for p in actuals if p.period), default=None)
    limit = max((y for y in (latest_actual, document_year) if y is not None), default=None)
    if limit is None:
        return target_years[0]
    judged = [year for year in target_years if year <= limit]
    return judged[-1] if judged else target_years[0]


def _target_for(targets: list[Point], year: int) -> Point:
    in_year = [p for p in targets if p.period and p.period.fiscal_year_be == year]
    return min(in_year, key=lambda p: (TARGET_PRIORITY.index(p.value_role), p.period, p.source_line or 0))


def actual_for(actuals: list[Point], year: int) -> Point | None:
    """The whole-year result, else the latest quarter's (a year-to-date figure)."""
    in_year = [p for p in actuals if p.period and p.period.fiscal_year_be == year]
    if not in_year:
        return None
    whole = [p for p in in_year if p.period.quarter == 0]
    return whole[0] if whole else max(in_year, key=lambda p: p.period)


def meets(actual: Decimal, target: Point, direction: str, previous: Decimal | None) -> bool | None:
    """Whether ``actual`` meets ``target``; None when it cannot be judged (a text target, or a change
    target without the previous year's result)."""
    value, upper = target.value_num, target.value_num_max
    comparator = target.comparator
    if comparator in ("increase_by", "decrease_by"):
        if previous is None:
            return None
        change = actual - previous if comparator == "increase_by" else previous - actual
        return change >= value
    checks = {
        ">=": lambda: actual >= value,
        ">": lambda: actual > value,
        "<=": lambda: actual <= value,
        "<": lambda: actual < value,
        "between": lambda: value <= actual <= (upper if upper is not None else value),
    }
    if comparator in checks:
        return checks[comparator]()
    if comparator in ("", "="):
        return actual <= value if direction == LOWER_BETTER else actual >= value
    return None


def _levels_for(indicator: IndicatorSeries, year: int) -> dict[int, Decimal]:
    levels: dict[int, Decimal] = {}
    for point in _dated_numeric(indicator.role_points(LEVEL_ROLES)):
        if point.period.fiscal_year_be == year:
            levels.setdefault(int(point.value_role.rsplit("_", 1)[1]), point.value_num)
    return levels


def opdc_score(actual: Decimal, levels: dict[int, Decimal], direction: str) -> Decimal | None:
    """OPDC scoring (seed 001 lines 720–721): below the minimum level scores 0; between two levels the
    score is interpolated linearly (บัญญัติไตรยางค์); at or beyond the advanced level it is 100."""
    known = sorted(levels.items())
    if len(known) < 2:
        return None
    sign = Decimal(-1) if direction == LOWER_BETTER else Decimal(1)
    value = actual * sign
    steps = [(score, threshold * sign) for score, threshold in known]
    if value < steps[0][1]:
        return Decimal(0)
    for (low_score, low), (high_score, high) in pairwise(steps):
        if value < high and high != low:
            return Decimal(low_score) + (value - low) / (high - low) * (high_score - low_score)
    return Decimal(steps[-1][0])


def _previous_result(actuals: list[Point], indicator: IndicatorSeries, year: int) -> Decimal | None:
    previous = actual_for(actuals, year - 1)
    if previous is None:
        baselines = _dated_numeric(indicator.role_points(["baseline"]))
        previous = actual_for(baselines, year - 1)
    return previous.value_num if previous else None


def evaluate(indicator: IndicatorSeries, document_year: int | None = None) -> Status:
    targets = _dated_numeric(indicator.role_points(TARGET_PRIORITY))
    actuals = _dated_numeric(indicator.role_points(ACTUAL_ROLES))
    if not targets:
        latest = max(actuals, key=lambda p: p.period, default=None)
        return Status(NO_DATA, "no_target" if actuals else "no_values", actual=latest)
    year = _evaluation_year(targets, actuals, document_year)
    target = _target_for(targets, year)
    actual = actual_for(actuals, year)
    if actual is None:
        latest = max(actuals, key=lambda p: p.period, default=None)
        return Status(PENDING, "not_reported", year, target, latest)
    direction = indicator.indicator.get("direction") or ""
    score = opdc_score(actual.value_num, _levels_for(indicator, year), direction)
    outcome = meets(actual.value_num, target, direction, _previous_result(actuals, indicator, year))
    if outcome is None:
        return Status(NO_DATA, "cannot_compare", year, target, actual, score)
    if not outcome and 0 < actual.period.quarter < FULL_YEAR_QUARTER:
        return Status(PENDING, "year_to_date", year, target, actual, score)
    return Status(MET if outcome else NOT_MET, "compared", year, target, actual, score)


def scoring_scheme(indicator: IndicatorSeries) -> str:
    """How the document scores the indicator: ``opdc_50_75_100``, ``five_level``, ``target`` or ``none``."""
    roles = {s.value_role for s in indicator.series}
    if roles & set(LEVEL_ROLES):
        return "opdc_50_75_100"
    if roles & set(SCORE_LEVEL_ROLES):
        return "five_level"
    return "target" if roles & set(TARGET_PRIORITY) else "none"
