"""Which lines the parts read, and a finding for every line of text none of them used."""

from __future__ import annotations

import re

from ...model import Finding
from .boxes import Box
from .budget import BudgetItem
from .framework import _clean, needs_review
from .scoring import ScoringTable
from .weights import WeightTree


def _metadata_lines(lines: tuple[str, ...]) -> set[int]:
    return {
        n for n, raw in enumerate(lines, start=1) if re.match(r"^(?:กรอบคำรับรอง|จัดทำโดย|ฉบับ\s)", _clean(raw))
    }


def _used_lines(
    lines: tuple[str, ...],
    boxes: list[Box],
    items: list[BudgetItem],
    tables: list[ScoringTable],
    tree: WeightTree,
) -> set[int]:
    """Lines some box, budget item, table or group header was read from; tab lines are table values."""
    used = {n for n, raw in enumerate(lines, start=1) if "\t" in raw}
    for box in boxes:
        used.update(range(box.first_line, box.line + 1))
    for item in items:
        used.update(n for n in (item.line, item.target_line) if n)
        unit_line = (item.target_line or 0) + 1
        if (
            unit_line <= len(lines)
            and item.unit_noun
            and _clean(lines[unit_line - 1]).startswith(item.unit_noun)
        ):
            used.add(unit_line)
    for table in tables:
        used.update(range(table.line, table.last_line + 1))
    for group in tree.kpi_groups.values():
        used.update((group.source_line, group.source_line + 1))
    return used


def unattached_text_findings(lines: tuple[str, ...], used: set[int]) -> list[Finding]:
    """Runs of text read into nothing (criteria, captions, lists): one review finding per run, never a guess
    at the box they describe (002:130-136 are the criteria of KPI 4, but nothing in the text says so)."""
    runs: list[list[int]] = []
    for number, raw in enumerate(lines, start=1):
        if number in used or not _clean(raw):
            if not raw and runs and runs[-1]:
                runs.append([])
            continue
        if not runs or (runs[-1] and number - runs[-1][-1] > 2):
            runs.append([])
        runs[-1].append(number)
    return [
        needs_review(
            f"text at lines {run[0]}-{run[-1]} belongs to no box or table: "
            f"{_clean(lines[run[0] - 1])[:60]!r}",
            run[0],
            f"text@{run[0]}",
        )
        for run in runs
        if run
    ]
