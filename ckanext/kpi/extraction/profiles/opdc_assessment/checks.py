"""Checks over the whole OPDC assessment form once every part is read."""

from __future__ import annotations

from ...checks import info
from ...model import Finding, Observation
from ...thai import (
    format_decimal,
)


def plan_outside_levels(observations: list[Observation], fiscal_year: int | None) -> list[Finding]:
    """The 5-year plan's target for the assessed year outside the 50–100 point levels (1.1.2: plan 8,410,
    levels 10,774–11,851): two series that must stay apart, worth a note (seed analysis §1.2)."""
    findings = []
    plans = [o for o in observations if o.value_role == "plan_target" and o.fiscal_year_be == fiscal_year]
    for plan in plans:
        levels = {
            o.value_role: o.value_num
            for o in observations
            if o.indicator_id == plan.indicator_id
            and o.source_section == "summary_table"
            and o.value_num is not None
        }
        bounds = sorted(levels[role] for role in ("target_level_50", "target_level_100") if role in levels)
        if plan.value_num is None or len(bounds) != 2 or bounds[0] <= plan.value_num <= bounds[1]:
            continue
        low, high = bounds
        findings.append(
            info(
                "plan_outside_levels",
                f"{plan.indicator_id}: the plan target for {fiscal_year} is "
                f"{format_decimal(plan.value_num)}, outside the assessment levels "
                f"{format_decimal(low)}–{format_decimal(high)}",
                plan.source_line,
                owner_code=plan.indicator_id,
                stated=format_decimal(plan.value_num),
            )
        )
    return findings
