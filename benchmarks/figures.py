"""The figure contract shared by the benchmark scripts and the report (benchmarks/run.py).

Every script writes a JSON object with a ``figures`` list; each figure names what was measured, its value and
unit, the target it is held to (if any) and whether it met it, so one report can show every figure beside
its target."""

from __future__ import annotations

import importlib.metadata
import json
import os
import platform
import statistics
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str
    target: float | None = None
    # "<" (value must stay under target) or ">=" (value must reach it)
    comparison: str = "<"
    note: str = ""

    @property
    def met(self) -> bool | None:
        if self.target is None:
            return None
        return self.value < self.target if self.comparison == "<" else self.value >= self.target

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "met": self.met}


def percentile(values: list[float], share: float) -> float:
    """The ``share`` percentile (0–100) by linear interpolation, as numpy's default does."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    return statistics.quantiles(ordered, n=100, method="inclusive")[round(share) - 1]


def load_average() -> list[float]:
    """The 1, 5 and 15 minute load averages: how busy the cores were (2 cores: above 2 means queueing)."""
    return [round(value, 2) for value in os.getloadavg()]


def machine() -> dict[str, Any]:
    return {"cores": os.cpu_count(), "python": platform.python_version(), "machine": platform.machine(),
            "ckan": _ckan_version(), "load_average": load_average()}


def _ckan_version() -> str:
    """The CKAN of this Python (2.11 and 2.12 are compared with the same scripts); read without importing."""
    try:
        return importlib.metadata.version("ckan")
    except importlib.metadata.PackageNotFoundError:
        return "none"


def write_figures(path: Path, benchmark: str, figures: list[Figure], **details: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "benchmark": benchmark,
        "machine": machine(),
        "figures": [figure.as_dict() for figure in figures],
        **details,
    }
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")


def print_figures(figures: list[Figure]) -> None:
    for figure in figures:
        target = ""
        if figure.target is not None:
            target = f"  (target {figure.comparison} {figure.target:g} {figure.unit})"
        verdict = {True: "  ok", False: "  MISSED", None: ""}[figure.met]
        print(f"{figure.name:<48} {figure.value:>10.3f} {figure.unit}{target}{verdict}")
