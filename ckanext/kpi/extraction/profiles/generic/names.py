"""One indicator printed in two wordings: once in a target table, once in a result table (issue 19)."""

from __future__ import annotations

from ...checks import info
from ...text_similarity import similarity
from .reader import GenericReading

_SIMILAR_ENOUGH = 0.35
_TARGET_ROLES = {"target", "plan_target", "target_level_50", "target_level_75", "target_level_100"}


def _roles_by_indicator(reading: GenericReading) -> dict[str, set[str]]:
    roles: dict[str, set[str]] = {}
    for observation in reading.observations:
        roles.setdefault(observation.indicator_id, set()).add(observation.value_role)
    return roles


def join_renamed_indicators(reading: GenericReading) -> None:
    """A result-only indicator joins the target-only indicator with the same code (or, without codes, the
    one most alike) from another table; its name is kept as an alternative name, with a finding."""
    roles = _roles_by_indicator(reading)
    targets_only = [i for i in reading.indicators if (r := roles.get(i.indicator_id)) and r <= _TARGET_ROLES]
    results_only = [i for i in reading.indicators if roles.get(i.indicator_id) == {"actual"}]
    taken: set[str] = set()
    joined: dict[str, str] = {}
    for result in results_only:
        table = result.indicator_id.split("#")[0]
        candidates = [
            t
            for t in targets_only
            if t.indicator_id.split("#")[0] != table
            and t.indicator_id not in taken
            and (not result.code or not t.code or result.code == t.code)
        ]
        scored = sorted(((similarity(result.name, t.name), t) for t in candidates), key=lambda p: -p[0])
        if not scored or scored[0][0] < _SIMILAR_ENOUGH:
            continue
        score, target = scored[0]
        if len(scored) > 1 and scored[1][0] >= score - 0.05 and not result.code:
            continue  # two targets alike: no join by guess
        taken.add(target.indicator_id)
        if score < 0.999:
            names = [n for n in target.alternative_names.split(";") if n]
            target.alternative_names = ";".join([*names, result.name])
            reading.findings.append(
                info(
                    "indicator_name_differs",
                    f"{target.indicator_id}: the result table (line {result.source_line}) names it "
                    f"{result.name!r}, the target table {target.name!r}; both names kept",
                    result.source_line,
                    owner_code=target.indicator_id,
                    stated=result.name,
                )
            )
        joined[result.indicator_id] = target.indicator_id
    if joined:
        for observation in reading.observations:
            observation.indicator_id = joined.get(observation.indicator_id, observation.indicator_id)
        reading.indicators[:] = [i for i in reading.indicators if i.indicator_id not in joined]
