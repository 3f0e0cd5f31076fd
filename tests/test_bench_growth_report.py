"""The growth benchmark's report (benchmarks/bench_growth.py) records how busy the machine was for each row,
and says which rows were measured with work queued on the cores: their growth factors are not comparable."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

BENCH_GROWTH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_growth.py"


@pytest.fixture(scope="module")
def bench_growth() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_growth_report_under_test", BENCH_GROWTH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop("bench_growth_report_under_test", None)


def row(datasets: int, search_ms: float, load_before: float, load_after: float) -> dict[str, Any]:
    return {
        "datasets": datasets, "search_p95_ms": search_ms, "catalog_page_p95_ms": 3000.0,
        "indicator_page_p95_ms": 250.0, "dashboard_p95_ms": 500.0, "harvest_per_minute": 60.0,
        "solr": {"core_bytes": 4 * 2**20, "site_documents": datasets, "core_documents": datasets + 5},
        "postgres_bytes": 40 * 2**20, "generation": {"create_s": 9.0, "index_s": 10.0},
        "load_average_before": [load_before, 1.0, 1.0], "load_average_after": [load_after, 1.0, 1.0],
    }


def test_each_row_carries_its_load_average_and_busy_rows_are_named(bench_growth):
    rows = [row(100, 120.0, 14.77, 12.5), row(1000, 45.0, 0.4, 0.9), row(10000, 80.0, 1.2, 2.6)]
    table = bench_growth.markdown_table(rows, cores=2)
    lines = table.splitlines()
    assert lines[0].endswith("| load average (1 min) before → after |")
    assert lines[2].startswith("| 100 | 120.0 ms |") and lines[2].endswith("| 14.77 → 12.50 |")
    assert lines[3].endswith("| 0.40 → 0.90 |")
    assert lines[5] == "| growth 100 → 10,000 | 0.67× | 1.00× | 1.00× | 1.00× | 1.00× | | | |"
    # The 100 row (load 14.8) and the 10,000 row (2.6 after) queued work on 2 cores; the 1,000 row did not.
    assert lines[-1].startswith("Measured with a load average above the 2 cores (other work queued): "
                                "100, 10,000 datasets.")
    figures = {figure.name: figure for figure in bench_growth.growth_figures(rows)}
    assert figures["search p95, 100 datasets"].note == "load average 14.77 → 12.50"
    assert figures["growth of search p95, 100 → 10,000"].value == 0.67
    assert figures["load average (1 min) before measuring, 1,000 datasets"].value == 0.4
    assert figures["load average (1 min) after measuring, 10,000 datasets"].value == 2.6


def test_a_quiet_run_has_no_warning(bench_growth):
    table = bench_growth.markdown_table([row(100, 50.0, 0.3, 0.5), row(1000, 60.0, 0.6, 1.1)], cores=2)
    assert "Measured with a load average above" not in table
    assert table.splitlines()[-1] == "| growth 100 → 1,000 | 1.20× | 1.00× | 1.00× | 1.00× | 1.00× | | | |"
