"""The strategies (``ยุทธศาสตร์ที่ 1``) named on the slide."""

from __future__ import annotations

from ...model import PlanElement
from .framework import _STRATEGY_RE, _clean


def read_strategies(lines: tuple[str, ...]) -> tuple[list[PlanElement], set[int]]:
    """``ยุทธศาสตร์ที่ 2:`` boxes with their name on the next line (002:140-141); a repeated box once."""
    elements: dict[str, PlanElement] = {}
    used: set[int] = set()
    for index, raw in enumerate(lines):
        match = _STRATEGY_RE.match(_clean(raw))
        if not match:
            continue
        name = _clean(lines[index + 1]) if index + 1 < len(lines) else ""
        used.update((index + 1, index + 2))
        elements.setdefault(
            match.group(1),
            PlanElement(f"strategy-{match.group(1)}", "strategy", match.group(1), name, index + 1),
        )
    return list(elements.values()), used
