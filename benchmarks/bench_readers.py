"""Reading the seeds as DOCX (issue 18): time and peak memory of the DOCX reader on seed 003 (about 430 pages
when printed), against the issue's target of under 10 s on the 2-core machine. A benchmark script, not a
timed test.

    python benchmarks/bench_readers.py [--repeat N] [OUT.json]

For each DOCX fixture in ckanext/kpi/examples/documents: the reader alone (bytes → text layout), and the
whole extraction as ``kpi-extract`` does it (reader, personal-data screen, stage 1, profile, checks), best and
median of ``--repeat`` runs, plus the tracemalloc peak of one whole extraction. The load average is recorded
because other sessions share the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from ckanext.kpi.extraction.pipeline import extract_document  # noqa: E402
from ckanext.kpi.extraction.readers import render_file  # noqa: E402

FIXTURES = REPO_ROOT / "ckanext" / "kpi" / "examples" / "documents"
DEFAULT_OUT = REPO_ROOT / ".run" / "benchmarks" / "readers.json"
TARGET_SECONDS_003 = 10.0


def timed(function, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def measure(path: Path, repeat: int) -> dict[str, object]:
    read = timed(lambda: render_file(path), repeat)
    whole = timed(lambda: extract_document(path), repeat)
    tracemalloc.start()
    extract_document(path)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "file": path.name,
        "size_bytes": path.stat().st_size,
        "read_best_s": round(min(read), 3),
        "read_median_s": round(statistics.median(read), 3),
        "extract_best_s": round(min(whole), 3),
        "extract_median_s": round(statistics.median(whole), 3),
        "extract_tracemalloc_peak_mib": round(peak / 2**20, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    results = [measure(path, args.repeat) for path in sorted(FIXTURES.glob("*.docx"))]
    report = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "loadavg": os.getloadavg()},
        "target_003_extract_s": TARGET_SECONDS_003,
        "results": results,
    }
    seed_003 = next((r for r in results if str(r["file"]).startswith("003_")), None)
    report["meets_target"] = bool(seed_003 and seed_003["extract_best_s"] < TARGET_SECONDS_003)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    for row in results:
        print(
            f"{row['file']}: read {row['read_best_s']} s (median {row['read_median_s']}), whole extraction "
            f"{row['extract_best_s']} s (median {row['extract_median_s']}), "
            f"peak {row['extract_tracemalloc_peak_mib']} MiB"
        )
    print(f"load average {os.getloadavg()}; 003 under {TARGET_SECONDS_003} s: {report['meets_target']}")
    return 0 if report["meets_target"] else 1


if __name__ == "__main__":
    sys.exit(main())
