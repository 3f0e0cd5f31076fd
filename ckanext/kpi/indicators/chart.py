"""Server-side SVG charts of indicator series: readable without JavaScript, no CDN, no scripts, and the
same in a screenshot as in a browser. Elements are built with ElementTree, so every text from a document
is escaped; colours are presentation attributes and fonts come from the page's stylesheet (kpi.css).

Why not a charting library: pygal, the maintained Python SVG library, writes an inline <script> with its
configuration (document text included) into every chart and random element ids; see
docs/indicator-pages.md."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

from markupsafe import Markup

from .series import IndicatorSeries, Period, Point, Series

SVG_NS = "http://www.w3.org/2000/svg"
WIDTH, HEIGHT = 760, 320
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 76, 16, 28, 48
MIN_LABEL_SPACING = 58  # px between x labels before some are skipped
SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 120, 32, 4


@dataclass(frozen=True)
class SeriesStyle:
    colour: str
    dash: str  # stroke-dasharray; "" for a solid line, "none" for markers only
    marker: str  # circle, ring, diamond, square, tick


# Okabe–Ito colours (distinguishable with colour-blindness); the shape and dash also tell roles apart.
ROLE_STYLES = {
    "actual": SeriesStyle("#0072B2", "", "circle"),
    "previous_actual": SeriesStyle("#56B4E9", "", "ring"),
    "target": SeriesStyle("#D55E00", "6 4", "diamond"),
    "target_level_50": SeriesStyle("#E69F00", "none", "tick"),
    "target_level_75": SeriesStyle("#009E73", "none", "tick"),
    "target_level_100": SeriesStyle("#CC79A7", "none", "tick"),
    "plan_target": SeriesStyle("#6A3D9A", "2 3", "square"),
    "baseline": SeriesStyle("#666666", "", "ring"),
}
DEFAULT_STYLE = SeriesStyle("#444444", "3 3", "square")
# Further series of a role (sub-series such as revenue lines or PMQA groups) take these colours.
EXTRA_COLOURS = ("#8C564B", "#17BECF", "#BCBD22", "#7F7F7F", "#1F77B4", "#2CA02C", "#9467BD", "#E377C2")


def format_number(value: Decimal | float | int) -> str:
    """``10774`` → ``10,774``; at most two decimals, trailing zeros dropped (the original text is shown
    next to every value, so nothing is lost)."""
    quantized = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = f"{quantized:,.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round axis ticks (steps of 1, 2, 2.5 or 5 × 10ⁿ) covering ``low``…``high``."""
    if math.isclose(low, high):
        pad = abs(low) * 0.1 or 1.0
        low, high = low - pad, high + pad
    raw_step = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw_step))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw_step)
    start = math.floor(low / step) * step
    ticks = [round(start, 10)]
    while ticks[-1] < high - step * 1e-9 or len(ticks) < 2:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def period_label(period: Period) -> tuple[str, str]:
    """Two label lines: the Buddhist-Era fiscal year (and quarter), then the Common-Era year."""
    first = f"{period.fiscal_year_be}" + (f" Q{period.quarter}" if period.quarter else "")
    return first, f"({period.fiscal_year_ce})"


def _svg(width: int, height: int, css_class: str, **attributes: str) -> ET.Element:
    root = ET.Element("svg", {"xmlns": SVG_NS, "viewBox": f"0 0 {width} {height}", "class": css_class})
    root.attrib.update(attributes)
    return root


def _to_markup(root: ET.Element) -> Markup:
    # ElementTree escapes every text and attribute value, which is what makes the Markup safe.
    return Markup(ET.tostring(root, encoding="unicode", short_empty_elements=True))


def _marker(parent: ET.Element, shape: str, x: float, y: float, colour: str, size: float = 4.5) -> ET.Element:
    if shape in ("circle", "ring"):
        fill = colour if shape == "circle" else "#ffffff"
        return ET.SubElement(
            parent,
            "circle",
            {
                "cx": f"{x:.1f}",
                "cy": f"{y:.1f}",
                "r": f"{size:.1f}",
                "fill": fill,
                "stroke": colour,
                "stroke-width": "2",
            },
        )
    if shape == "tick":
        return ET.SubElement(
            parent,
            "rect",
            {
                "x": f"{x - size * 2.2:.1f}",
                "y": f"{y - 1.75:.1f}",
                "width": f"{size * 4.4:.1f}",
                "height": "3.5",
                "fill": colour,
            },
        )
    if shape == "diamond":
        reach = size + 1
        corners = ((x, y - reach), (x + reach, y), (x, y + reach), (x - reach, y))
        points = " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy in corners)
        return ET.SubElement(parent, "polygon", {"points": points, "fill": colour})
    return ET.SubElement(
        parent,
        "rect",
        {
            "x": f"{x - size:.1f}",
            "y": f"{y - size:.1f}",
            "width": f"{size * 2:.1f}",
            "height": f"{size * 2:.1f}",
            "fill": colour,
        },
    )


@dataclass(frozen=True)
class LegendEntry:
    key: str
    label: str
    style: SeriesStyle

    @property
    def swatch(self) -> Markup:
        """A small picture of the line and marker, for the HTML legend next to the chart."""
        root = _svg(36, 14, "kpi-legend-swatch", **{"aria-hidden": "true", "focusable": "false"})
        if self.style.dash != "none":
            line = {
                "x1": "2",
                "y1": "7",
                "x2": "34",
                "y2": "7",
                "stroke": self.style.colour,
                "stroke-width": "2",
            }
            if self.style.dash:
                line["stroke-dasharray"] = self.style.dash
            ET.SubElement(root, "line", line)
        _marker(root, self.style.marker, 18, 7, self.style.colour, 3.5)
        return _to_markup(root)


@dataclass(frozen=True)
class Chart:
    unit_label: str
    svg: Markup
    legend: list[LegendEntry]
    # Other spellings of the unit in the document's cells, shown as this one (a finding for the reader).
    unit_variants: tuple[str, ...] = ()


def series_styles(series: Iterable[Series]) -> dict[str, SeriesStyle]:
    """The first series of a role gets the role's colour; further ones of that role get extra colours."""
    styles: dict[str, SeriesStyle] = {}
    seen_roles: set[str] = set()
    extra = 0
    for item in series:
        base = ROLE_STYLES.get(item.value_role, DEFAULT_STYLE)
        if item.value_role in seen_roles:
            base = SeriesStyle(EXTRA_COLOURS[extra % len(EXTRA_COLOURS)], base.dash, base.marker)
            extra += 1
        seen_roles.add(item.value_role)
        styles[item.key] = base
    return styles


class _Scale:
    """Maps periods to x and values to y inside the plot area."""

    def __init__(self, periods: list[Period], ticks: list[float]) -> None:
        self.periods = {period: index for index, period in enumerate(periods)}
        self.step = (WIDTH - MARGIN_LEFT - MARGIN_RIGHT) / max(len(periods), 1)
        self.low, self.high = ticks[0], ticks[-1]
        self.plot_height = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

    def x(self, period: Period) -> float:
        return MARGIN_LEFT + (self.periods[period] + 0.5) * self.step

    def y(self, value: float) -> float:
        share = (value - self.low) / (self.high - self.low)
        return MARGIN_TOP + self.plot_height * (1 - share)


def _draw_axes(root: ET.Element, scale: _Scale, ticks: list[float], unit_label: str) -> None:
    grid = ET.SubElement(root, "g", {"class": "kpi-chart-axes"})
    for tick in ticks:
        y = scale.y(tick)
        ET.SubElement(
            grid,
            "line",
            {
                "x1": str(MARGIN_LEFT),
                "x2": str(WIDTH - MARGIN_RIGHT),
                "y1": f"{y:.1f}",
                "y2": f"{y:.1f}",
                "stroke": "#dddddd",
                "stroke-width": "1",
            },
        )
        label = ET.SubElement(
            grid, "text", {"x": str(MARGIN_LEFT - 8), "y": f"{y + 4:.1f}", "text-anchor": "end"}
        )
        label.text = format_number(tick)
    if unit_label:
        unit = ET.SubElement(
            grid,
            "text",
            {"x": str(MARGIN_LEFT - 8), "y": "14", "text-anchor": "start", "class": "kpi-chart-unit"},
        )
        unit.text = unit_label
    every = max(1, math.ceil(MIN_LABEL_SPACING / scale.step))
    for index, period in enumerate(scale.periods):
        if index % every:
            continue
        x = scale.x(period)
        text = ET.SubElement(
            grid, "text", {"x": f"{x:.1f}", "y": str(HEIGHT - MARGIN_BOTTOM + 18), "text-anchor": "middle"}
        )
        be_line, ce_line = period_label(period)
        text.text = be_line
        ce = ET.SubElement(grid, "tspan", {"x": f"{x:.1f}", "dy": "16", "class": "kpi-chart-ce"})
        ce.text = ce_line
        text.append(ce)


def _point_title(label: str, point: Point, unit_label: str) -> str:
    """The hover text of a point: ``Actual · 2564 (2021): 10,774 ใบรับรอง — «10,774 ใบรับรอง»``."""
    be_line, ce_line = period_label(point.period)
    value = format_number(point.value_num)
    if point.value_num_max is not None:
        value += f"–{format_number(point.value_num_max)}"
    comparator = "" if point.comparator in ("", "=") else f"{point.comparator} "
    stated = " ".join(part for part in (f"{comparator}{value}", unit_label) if part)
    return f"{label} · {be_line} {ce_line}: {stated} — «{point.value_text_original}»"


LEVEL_ROLES = ("target_level_50", "target_level_75", "target_level_100")
LEVEL_BAND_FILLS = ("#E69F00", "#009E73")  # 50→75 and 75→100, drawn faint under the series


def _draw_level_bands(root: ET.Element, scale: _Scale, series: list[Series]) -> None:
    """The OPDC levels 50/75/100 as bands across the whole column of each fiscal year they are stated for
    (from the minimum to the standard level, and from the standard to the advanced level), not as ticks."""
    levels: dict[str, dict[Period, float]] = {}
    for item in series:
        if item.value_role in LEVEL_ROLES and item.value_role not in levels:
            levels[item.value_role] = {p.period: float(p.value_num) for p in item.dated_numeric_points}
    if len(levels) < 2:
        return
    group = ET.SubElement(root, "g", {"class": "kpi-chart-level-bands", "aria-hidden": "true"})
    for period in scale.periods:
        stated = [levels[role][period] for role in LEVEL_ROLES if period in levels.get(role, {})]
        for (low, high), fill in zip(pairwise(stated), LEVEL_BAND_FILLS, strict=False):
            top, bottom = sorted((scale.y(low), scale.y(high)))
            ET.SubElement(group, "rect", {
                "class": "kpi-chart-level-band",
                "x": f"{scale.x(period) - scale.step / 2:.1f}", "width": f"{scale.step:.1f}",
                "y": f"{top:.1f}", "height": f"{max(bottom - top, 1):.1f}",
                "fill": fill, "fill-opacity": "0.15",
            })


def _draw_series(
    root: ET.Element, scale: _Scale, item: Series, label: str, style: SeriesStyle, unit_label: str
) -> None:
    group = ET.SubElement(root, "g", {"class": "kpi-chart-series", "data-series": item.key})
    points = item.dated_numeric_points
    if style.dash != "none" and len(points) > 1:
        line = {
            "points": " ".join(f"{scale.x(p.period):.1f},{scale.y(float(p.value_num)):.1f}" for p in points),
            "fill": "none",
            "stroke": style.colour,
            "stroke-width": "2",
        }
        if style.dash:
            line["stroke-dasharray"] = style.dash
        ET.SubElement(group, "polyline", line)
    for point in points:
        x, y = scale.x(point.period), scale.y(float(point.value_num))
        if point.value_num_max is not None:
            ET.SubElement(
                group,
                "line",
                {
                    "x1": f"{x:.1f}",
                    "x2": f"{x:.1f}",
                    "y1": f"{y:.1f}",
                    "y2": f"{scale.y(float(point.value_num_max)):.1f}",
                    "stroke": style.colour,
                    "stroke-width": "3",
                },
            )
        marker = _marker(group, style.marker, x, y, style.colour)
        ET.SubElement(marker, "title").text = _point_title(label, point, unit_label)


def line_chart(
    chart_id: str, title: str, description: str, series: list[Series], labels: dict[str, str], unit_label: str
) -> Chart:
    """One chart of ``series`` (all in one unit) over every period any of them has a value for."""
    styles = series_styles(series)
    dated = [p for item in series for p in item.dated_numeric_points]
    periods = sorted({p.period for p in dated})
    values = [float(v) for p in dated for v in (p.value_num, p.value_num_max) if v is not None]
    ticks = nice_ticks(min(values), max(values))
    scale = _Scale(periods, ticks)
    root = _svg(
        WIDTH, HEIGHT, "kpi-chart", role="img", **{"aria-labelledby": f"{chart_id}-title {chart_id}-desc"}
    )
    root.set("id", chart_id)
    ET.SubElement(root, "title", {"id": f"{chart_id}-title"}).text = title
    ET.SubElement(root, "desc", {"id": f"{chart_id}-desc"}).text = description
    _draw_axes(root, scale, ticks, unit_label)
    _draw_level_bands(root, scale, series)
    # Reverse role order, so results are drawn last, on top of the baselines and targets they may equal.
    for item in reversed(series):
        if item.dated_numeric_points:
            _draw_series(root, scale, item, labels[item.key], styles[item.key], unit_label)
    legend = [LegendEntry(item.key, labels[item.key], styles[item.key]) for item in series]
    return Chart(unit_label, _to_markup(root), legend)


# Two unit words this similar (difflib ratio) are one unit misspelt in a cell ("แบรินด์" beside "แบรนด์"),
# not two units: "ราย"/"แห่ง" or "บาท"/"ล้านบาท" stay well below it.
UNIT_SPELLING_SIMILARITY = 0.85
MIN_UNIT_LENGTH_FOR_SPELLING = 4


def unit_spellings(labels: dict[str, int]) -> dict[str, str]:
    """Unit label → the spelling it is shown as: a rarer label very like a more frequent one (by points)
    is taken as a misspelling of it. ``labels`` counts the points stated in each label."""
    from difflib import SequenceMatcher

    canonical: dict[str, str] = {}
    for label in sorted(labels, key=lambda text: (-labels[text], text)):
        match = next((
            kept for kept in dict.fromkeys(canonical.values())
            if len(label) >= MIN_UNIT_LENGTH_FOR_SPELLING and len(kept) >= MIN_UNIT_LENGTH_FOR_SPELLING
            and SequenceMatcher(None, label, kept).ratio() >= UNIT_SPELLING_SIMILARITY
        ), None)
        canonical[label] = match or label
    return canonical


def charts_by_unit(indicator: IndicatorSeries) -> list[tuple[str, list[Series]]]:
    """Series grouped by the unit of their values, one chart each, so that numbers of different kinds
    never share an axis; series whose values state no unit get a chart of their own (unit ""). A unit
    misspelt in some cells does not split the series into two charts (see :func:`unit_spellings`)."""
    spelling = unit_spellings(_unit_counts(indicator))
    groups: dict[str, list[Series]] = {}
    for item in indicator.series:
        if item.dated_numeric_points:
            groups.setdefault(spelling[item.unit_label], []).append(item)
    return list(groups.items())


def unit_variants(indicator: IndicatorSeries, unit_label: str) -> tuple[str, ...]:
    """The other spellings of ``unit_label`` among the indicator's series (empty when spelt one way)."""
    spelling = unit_spellings(_unit_counts(indicator))
    return tuple(sorted(
        label for label, shown in spelling.items() if shown == unit_label and label != unit_label
    ))


def _unit_counts(indicator: IndicatorSeries) -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in indicator.series:
        if item.dated_numeric_points:
            counts[item.unit_label] = counts.get(item.unit_label, 0) + len(item.dated_numeric_points)
    return counts


def indicator_charts(
    indicator: IndicatorSeries,
    title: str,
    labels: dict[str, str],
    describe: Callable[[list[Series]], str],
    unit_text: Callable[[str], str] = str,
) -> list[Chart]:
    """Every chart of an indicator page; ``labels`` names each series, ``describe`` writes the chart's
    text alternative, ``unit_text`` names a unit code in the reader's language."""
    base_id = "kpi-chart-" + "".join(c if c.isalnum() else "-" for c in indicator.indicator_id)
    charts = []
    for index, (unit_label, series) in enumerate(charts_by_unit(indicator)):
        chart = line_chart(
            f"{base_id}-{index}", title, describe(series), series, labels, unit_text(unit_label)
        )
        variants = unit_variants(indicator, unit_label)
        charts.append(Chart(chart.unit_label, chart.svg, chart.legend, variants) if variants else chart)
    return charts


def sparkline(actuals: dict[Period, Decimal], targets: dict[Period, Decimal], title: str) -> Markup | None:
    """A small trend picture: results (solid) against targets (dashed); None when there is nothing to draw.
    Decorative: the page states the same values as text next to it."""
    values = [float(v) for v in (*actuals.values(), *targets.values())]
    if not values:
        return None
    periods = sorted({*actuals, *targets})
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = (SPARK_WIDTH - 2 * SPARK_PAD) / max(len(periods) - 1, 1)
    index = {period: i for i, period in enumerate(periods)}

    def xy(period: Period, value: Decimal) -> str:
        x = SPARK_PAD + index[period] * step if len(periods) > 1 else SPARK_WIDTH / 2
        y = SPARK_HEIGHT - SPARK_PAD - (float(value) - low) / span * (SPARK_HEIGHT - 2 * SPARK_PAD)
        return f"{x:.1f},{y:.1f}"

    root = _svg(SPARK_WIDTH, SPARK_HEIGHT, "kpi-sparkline", **{"aria-hidden": "true", "focusable": "false"})
    ET.SubElement(root, "title").text = title
    for data, style in ((targets, ROLE_STYLES["target"]), (actuals, ROLE_STYLES["actual"])):
        coordinates = [xy(period, value) for period, value in sorted(data.items())]
        if len(coordinates) > 1:
            line = {
                "points": " ".join(coordinates),
                "fill": "none",
                "stroke": style.colour,
                "stroke-width": "2",
            }
            if style.dash:
                line["stroke-dasharray"] = "4 3"
            ET.SubElement(root, "polyline", line)
        for coordinate in coordinates:
            x, y = coordinate.split(",")
            ET.SubElement(root, "circle", {"cx": x, "cy": y, "r": "2.5", "fill": style.colour})
    return _to_markup(root)
