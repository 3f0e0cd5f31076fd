"""Extraction of the MDES progress report (seed 003, 1.68 MB): time and peak memory against the issue's target
(under 3 s and under 500 MB on the 2-core machine). A benchmark script, not a timed test.

    python benchmarks/bench_extraction_003.py [--seeds DIR] [--repeat N] [OUT.json]

Time is the whole run as the CLI does it (read, personal-data screen, stage 1, profile, checks, CSV and JSON
writing to a temporary folder), best and median of ``--repeat`` runs. Memory is measured twice: the
tracemalloc peak of Python allocations in one run, and the peak resident set size of a fresh process that
does one run (what the machine has to provide).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_extraction import REPO_ROOT, default_seeds_dir, peak_python_memory, time_runs

DEFAULT_OUT = REPO_ROOT / ".run" / "benchmarks" / "extraction_003.json"
TARGET_SECONDS = 3.0
TARGET_MIB = 500
_ONE_RUN = (
    "import sys, tempfile; from pathlib import Path; "
    "from bench_extraction import extract_and_write; "
    "d = tempfile.mkdtemp(); extract_and_write(Path(sys.argv[1]), Path(d))"
)


def fresh_process_peak_rss(path: Path) -> float:
    """Peak RSS (MiB) of a new Python process that imports the library and extracts the file once."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run(
        [sys.executable, "-c", _ONE_RUN, str(path)],
        check=True,
        cwd=Path(__file__).resolve().parent,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent)},
    )
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(peak_kib, before) / 1024, 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "out", nargs="?", type=Path, default=DEFAULT_OUT, help=f"JSON report (default {DEFAULT_OUT})"
    )
    parser.add_argument(
        "--seeds", type=Path, default=default_seeds_dir(), help="seed folder (default KPI_SEEDS_DIR)"
    )
    parser.add_argument("--repeat", type=int, default=5, help="timed runs (default 5)")
    args = parser.parse_args(argv)
    matches = sorted(args.seeds.glob("003_*.txt"))
    if not matches:
        print(f"seed 003 not found in {args.seeds}", file=sys.stderr)
        return 1
    path = matches[0]
    times, profile = time_runs(path, args.repeat)
    report = {
        "seed": "003",
        "file": path.name,
        "size_bytes": path.stat().st_size,
        "profile": profile,
        "runs": args.repeat,
        "best_seconds": round(min(times), 3),
        "median_seconds": round(statistics.median(times), 3),
        "peak_python_mib": round(peak_python_memory(path) / 2**20, 1),
        "peak_rss_mib_fresh_process": fresh_process_peak_rss(path),
        "target_seconds": TARGET_SECONDS,
        "target_mib": TARGET_MIB,
        "python": platform.python_version(),
        "cpu_count": os.cpu_count(),
    }
    report["within_target"] = (
        report["best_seconds"] < TARGET_SECONDS and report["peak_rss_mib_fresh_process"] < TARGET_MIB
    )
    print(
        f"003 ({report['size_bytes'] / 1024:.0f} KB, {profile}): best {report['best_seconds']} s, "
        f"median {report['median_seconds']} s; peak {report['peak_python_mib']} MiB Python allocations, "
        f"{report['peak_rss_mib_fresh_process']} MiB RSS in a fresh process; "
        f"target < {TARGET_SECONDS:g} s and < {TARGET_MIB} MB: "
        f"{'ok' if report['within_target'] else 'MISSED'}"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0 if report["within_target"] else 1


if __name__ == "__main__":
    sys.exit(main())
