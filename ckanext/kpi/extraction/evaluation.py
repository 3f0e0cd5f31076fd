"""Scoring an extraction against the facts a person reads off the document (the generic-reader corpus).

A fact names an indicator (as printed), a role (``target``, ``actual``, ``target_level_75``,
``score_level_3`` … or ``weight``), optionally a fiscal year (BE), a quarter, a unit, a comparator and an
upper bound. It is *found* when an observation of an indicator with that name (or an alternative name)
has that role, year and quarter and the value; it is *wrong* when such an observation exists with another
value (or another unit, comparator or bound). Everything else is *missed*. A wrong value is worse than a
missing one, so the two are counted apart.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from .model import ExtractionResult, Indicator, Observation
from .thai import matching_key


@dataclass
class FactScore:
    found: list[dict[str, Any]] = field(default_factory=list)
    missed: list[dict[str, Any]] = field(default_factory=list)
    wrong: list[dict[str, Any]] = field(default_factory=list)
    extra_indicators: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.found) + len(self.missed) + len(self.wrong)

    def as_dict(self) -> dict[str, Any]:
        return {
            "facts": self.total,
            "found": len(self.found),
            "missed": len(self.missed),
            "wrong": len(self.wrong),
            "found_pct": round(100 * len(self.found) / self.total, 1) if self.total else 100.0,
            "missed_facts": self.missed,
            "wrong_facts": self.wrong,
            "extra_indicators": self.extra_indicators,
        }


def _names(indicator: Indicator) -> list[str]:
    return [indicator.name, *[name for name in indicator.alternative_names.split(";") if name]]


def _matches(fact_name: str, indicator: Indicator) -> bool:
    fact_key = matching_key(fact_name)
    for name in _names(indicator):
        key = matching_key(name)
        if key == fact_key or (len(fact_key) >= 8 and fact_key in key) or (len(key) >= 8 and key in fact_key):
            return True
    return False


def _decimal(value: Any) -> Decimal:
    return Decimal(str(value))


def _same_slot(fact: dict[str, Any], observation: Observation) -> bool:
    if observation.value_role != fact["role"]:
        return False
    if fact.get("fiscal_year_be") is not None and observation.fiscal_year_be != fact["fiscal_year_be"]:
        return False
    return observation.quarter == fact.get("quarter")


def _agrees(fact: dict[str, Any], observation: Observation) -> str:
    """'' when the observation states the fact, else what differs."""
    if observation.value_num is None or observation.value_num != _decimal(fact["value"]):
        return f"value {observation.value_text_original!r}"
    if fact.get("value_max") is not None and observation.value_num_max != _decimal(fact["value_max"]):
        return f"upper bound {observation.value_num_max}"
    if fact.get("comparator") and observation.comparator != fact["comparator"]:
        return f"comparator {observation.comparator}"
    if fact.get("unit") and observation.unit and observation.unit != fact["unit"]:
        return f"unit {observation.unit}"
    if fact.get("unit") and not observation.unit:
        return "missing unit"
    return ""


def score_facts(result: ExtractionResult, facts: list[dict[str, Any]]) -> FactScore:
    score = FactScore()
    indicators = result.tables["indicators"]
    observations = result.tables["observations"]
    used: set[str] = set()
    for fact in facts:
        matched = [i for i in indicators if _matches(fact["indicator"], i)]
        used.update(i.indicator_id for i in matched)
        if fact["role"] == "weight":
            weights = [i.weight_pct for i in matched if i.weight_pct is not None]
            if _decimal(fact["value"]) in weights:
                score.found.append(fact)
            elif weights:
                score.wrong.append({**fact, "read": [str(w) for w in weights]})
            else:
                score.missed.append(fact)
            continue
        ids = {i.indicator_id for i in matched}
        slot = [o for o in observations if o.indicator_id in ids and _same_slot(fact, o)]
        differences = [_agrees(fact, o) for o in slot]
        if "" in differences:
            score.found.append(fact)
        elif any(d and d != "missing unit" for d in differences):
            score.wrong.append({**fact, "read": [d for d in differences if d]})
        else:
            score.missed.append({**fact, **({"read": differences} if differences else {})})
    score.extra_indicators = [i.name for i in indicators if i.indicator_id not in used]
    return score


@lru_cache(maxsize=65536)
def _key(name: str) -> str:
    return matching_key(name)


def _name_match(a: str, b: str) -> bool:
    """Same name by matching key, or one containing the other (a name cut at a line end)."""
    ka, kb = _key(a), _key(b)
    return ka == kb or (len(ka) >= 8 and ka in kb) or (len(kb) >= 8 and kb in ka)


def compare_with_profile(profile_result: ExtractionResult, generic_result: ExtractionResult) -> dict:
    """Found: the generic reader has the profile's value in the same slot (role, fiscal year, quarter) on
    the same source line, or for an indicator of the same name. Wrong: it has that slot on that line with
    a value the profile gives nowhere on that line (a cell holding several series keeps all of them)."""
    names = {i.indicator_id: i.name for i in profile_result.tables["indicators"]}
    generic_names = {i.indicator_id: i.name for i in generic_result.tables["indicators"]}
    by_slot = defaultdict(list)
    for o in generic_result.tables["observations"]:
        by_slot[(o.value_role, o.fiscal_year_be, o.quarter)].append(o)
    reference = [o for o in profile_result.tables["observations"] if o.value_num is not None]
    profile_values = defaultdict(set)
    for o in reference:
        profile_values[(o.source_line, o.value_role, o.fiscal_year_be, o.quarter)].add(o.value_num)
    found = wrong = 0
    wrong_examples = []
    for o in reference:
        slot = (o.value_role, o.fiscal_year_be, o.quarter)
        name = names.get(o.indicator_id, "")
        on_line = [g for g in by_slot[slot] if g.source_line == o.source_line]
        same_value = [g for g in by_slot[slot] if g.value_num == o.value_num]
        if any(g.value_num == o.value_num for g in on_line) or any(
            name and _name_match(name, generic_names.get(g.indicator_id, "")) for g in same_value
        ):
            found += 1
            continue
        allowed = profile_values[(o.source_line, *slot)]
        if any(g.value_num not in allowed for g in on_line):
            wrong += 1
            wrong_examples.append(
                {
                    "indicator": name[:80],
                    "role": o.value_role,
                    "profile": str(o.value_num),
                    "generic": [str(g.value_num) for g in on_line][:3],
                    "line": o.source_line,
                }
            )
    return {
        "profile_observations": len(reference),
        "generic_observations": len(generic_result.tables["observations"]),
        "found": found,
        "wrong": wrong,
        "found_pct": round(100 * found / len(reference), 1) if reference else 100.0,
        "wrong_examples": wrong_examples[:10],
    }
