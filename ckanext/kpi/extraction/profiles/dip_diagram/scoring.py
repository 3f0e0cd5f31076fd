"""The vertical five-level scoring tables, and attributing one to a KPI only when arithmetic proves it."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from ...checks import info
from ...model import ExtractionResult, Indicator, Observation
from ...text_similarity import trigrams
from ...thai import parse_value
from .budget import BudgetItem
from .framework import (
    _LATIN_WORD_RE,
    _LEVEL_HEADER,
    _LEVELS,
    _MIN_NAME_LINK,
    _MIN_NAME_MARGIN,
    _MIN_SHARED_TRIGRAMS,
    _clean,
    needs_review,
)
from .weights import _text


@dataclass
class Series:
    """One row of a five-level table: its label (ร้อยละ, จำนวน(กิจการ)) and a value per level."""

    label: str
    values: list[Decimal]
    lines: list[int]
    texts: list[str]


@dataclass
class ScoringTable:
    line: int
    series: list[Series] = field(default_factory=list)
    last_line: int = 0

    def values(self, label_start: str) -> list[Decimal] | None:
        return next((s.values for s in self.series if s.label.startswith(label_start)), None)


def read_scoring_tables(lines: tuple[str, ...]) -> list[ScoringTable]:
    """Vertical tables: ``⇥ระดับคะแนน ⇥1 … ⇥5`` then a label (``⇥ร้อยละ``, ``⇥จำนวน(กิจการ)``, a label split
    over two lines, 002:214-215) and five values each, blank lines ignored."""
    tables: list[ScoringTable] = []
    index = 0
    while index < len(lines):
        if _clean(lines[index]) != _LEVEL_HEADER:
            index += 1
            continue
        table = ScoringTable(index + 1)
        index = _skip_levels(lines, index + 1)
        while True:
            label, index = _series_label(lines, index)
            if label is None:
                break
            series, index = _series_values(label, lines, index)
            table.series.append(series)
        table.last_line = index
        tables.append(table)
    return tables


def _skip_levels(lines: tuple[str, ...], index: int) -> int:
    count = 0
    while index < len(lines) and count < _LEVELS:
        if _clean(lines[index]):
            count += 1
        index += 1
    return index


def _series_label(lines: tuple[str, ...], index: int) -> tuple[str | None, int]:
    while index < len(lines) and not _clean(lines[index]):
        index += 1
    if index >= len(lines) or "\t" not in lines[index]:
        return None, index
    label = _clean(lines[index])
    if parse_value(label).value_num is not None or label == _LEVEL_HEADER:
        return None, index
    index += 1
    if index < len(lines) and "\t" not in lines[index] and _clean(lines[index]).startswith("("):
        label += _clean(lines[index])  # จำนวน / (กิจการ)
        index += 1
    return label, index


def _series_values(label: str, lines: tuple[str, ...], index: int) -> tuple[Series, int]:
    series = Series(label, [], [], [])
    while index < len(lines) and len(series.values) < _LEVELS:
        text = _clean(lines[index])
        value = parse_value(text).value_num if text else None
        if text and value is None:
            break
        if value is not None:
            series.values.append(value)
            series.lines.append(index + 1)
            series.texts.append(text)
        index += 1
    return series, index


def levels_match(percentages: list[Decimal], counts: list[Decimal], target: Decimal) -> bool:
    """Each count level is the percentage of the target, rounded down or to the nearest (26.6 → 26 but
    54.6 → 55: the document rounds both ways, 002:192, 216)."""
    if len(percentages) != len(counts):
        return False
    for pct, count in zip(percentages, counts, strict=True):
        exact = pct * target / 100
        if count not in (Decimal(math.floor(exact)), exact.quantize(Decimal(1), rounding="ROUND_HALF_UP")):
            return False
    return True


def _distinctive_overlap(item: BudgetItem, indicator: Indicator, common: set[str]) -> float:
    """Share of the item name's trigrams found in the KPI name, counting only trigrams no other KPI name has
    (แฟชั่น, อาหารแปรรูป; never การพัฒนา or อุตสาหกรรม); fewer than a word's worth counts as none."""
    own = trigrams(item.name) - common
    shared = own & trigrams(indicator.name)
    return len(shared) / len(own) if len(shared) >= _MIN_SHARED_TRIGRAMS else 0.0


def _kpi_for_item(item: BudgetItem, indicators: list[Indicator]) -> Indicator | None:
    """The KPI a budget item serves, when the names say so: a shared acronym (AEC) or distinctive words
    (แฟชั่น). Being printed near a KPI box proves nothing in a flattened diagram, so it is never used."""
    acronyms = set(_LATIN_WORD_RE.findall(item.name))
    shared = [i for i in indicators if acronyms & set(_LATIN_WORD_RE.findall(i.name))]
    if len(shared) == 1:
        return shared[0]
    counts = Counter(t for i in indicators for t in trigrams(i.name))
    common = {t for t, c in counts.items() if c > 1}
    scored = sorted(
        ((_distinctive_overlap(item, i, common), i.source_line, i) for i in indicators), reverse=True
    )
    runner_up = scored[1][0] if len(scored) > 1 else 0.0
    if scored and scored[0][0] >= _MIN_NAME_LINK and scored[0][0] - runner_up >= _MIN_NAME_MARGIN:
        return scored[0][2]
    return None


def _nearest_kpi_above(item: BudgetItem, indicators: list[Indicator]) -> Indicator | None:
    above = [i for i in indicators if i.source_line < item.line]
    return max(above, key=lambda i: i.source_line) if above else None


def _level_observations(
    series: Series, indicator: Indicator, item: BudgetItem, fiscal_year: int | None, table_line: int
) -> list[Observation]:
    unit = "pct" if series.label.startswith("ร้อยละ") else "count"
    return [
        Observation(
            indicator.indicator_id,
            f"score_level_{level}",
            line,
            text,
            fiscal_year_be=fiscal_year,
            fiscal_year_ce=fiscal_year - 543 if fiscal_year else None,
            comparator="=",
            value_num=value,
            unit=unit,
            unit_noun=item.unit_noun if unit == "count" else "",
            status="value",
            series=series.label,
            source_section=f"scoring_table@{table_line}",
        )
        for level, (value, line, text) in enumerate(
            zip(series.values, series.lines, series.texts, strict=True), start=1
        )
    ]


def attribute_table(
    table: ScoringTable, items: list[BudgetItem], indicators: list[Indicator], result: ExtractionResult
) -> dict[str, object]:
    """The table's attribution and its confidence; observations only for a table arithmetic attributes."""
    percentages = table.values("ร้อยละ") or []
    counts = next((s.values for s in table.series if not s.label.startswith("ร้อยละ")), None)
    record: dict[str, object] = {
        "line": table.line,
        "series": {s.label: [_text(v) for v in s.values] for s in table.series},
        "budget_item": None,
        "indicator_id": None,
        "confidence": "none",
        "basis": "",
    }
    item = next(
        (i for i in items if counts and i.target and levels_match(percentages, counts, i.target)), None
    )
    if item is None:
        reason = (
            "it has only percentage levels"
            if counts is None
            else "no budget item's target reproduces its counts"
        )
        shown = "–".join(_text(v) for v in (percentages[:1] + percentages[-1:]))
        result.add(
            "findings",
            needs_review(
                f"five-level table with levels {shown} % is not attributed: {reason}",
                table.line,
                f"scoring_table@{table.line}",
            ),
        )
        return record
    indicator = _kpi_for_item(item, indicators)
    record.update(
        budget_item=item.code, basis=f"levels × {item.code} target {_text(item.target)} {item.unit_noun}"
    )
    if indicator is None:
        record["confidence"] = "budget_item_only"
        nearest = _nearest_kpi_above(item, indicators)
        hint = (
            f"; the KPI box printed nearest above it is {nearest.code} (line {nearest.source_line})"
            if nearest
            else ""
        )
        result.add(
            "findings",
            needs_review(
                f"the table at line {table.line} belongs to {item.code} ({record['basis']}), but no KPI "
                f"names it{hint}",
                table.line,
                item.code,
            ),
        )
        return record
    record.update(indicator_id=indicator.indicator_id, confidence="high")
    for series in table.series:
        result.add(
            "observations",
            *_level_observations(series, indicator, item, result.metadata.get("fiscal_year_be"), table.line),
        )
    result.add(
        "findings",
        info(
            "scoring_table_attributed",
            f"table at line {table.line} → {indicator.indicator_id} via {item.code} ({record['basis']}; "
            "the KPI and the budget item share distinctive words)",
            table.line,
            owner_code=indicator.indicator_id,
        ),
    )
    return record
