"""The PDF reader: speed and peak memory on seed 003 as PDF, and the parity of the five seed PDFs with the
text path (issue 18). A benchmark script, not a timed test.

    python benchmarks/bench_pdf.py [--seeds DIR] [--repeat N] [OUT.json]

Speed: ``render_pdf`` on ckanext/kpi/examples/documents/003_….pdf, each run in a fresh process (so every
run pays the PyMuPDF import and nothing is cached), best and median of ``--repeat`` runs; the peak
resident set size of those processes is the memory figure, and their CPU time (user + system) is
recorded beside the wall time. The load average is recorded with the figures: the machine's two cores
are shared with other work, which stretches the wall time but not the CPU time. Parity: observation and
budget rows of every seed through ``extract_document`` on the text and on the PDF rendition
(tests/extraction/pdf_parity.py), with every row that differs. Target: under 30 s and under 1 GiB; at
least 95 % of the rows equal.
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
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from tests.extraction.pdf_parity import compare_seed  # noqa: E402

DOCUMENTS = REPO_ROOT / "ckanext" / "kpi" / "examples" / "documents"
DEFAULT_OUT = REPO_ROOT / ".run" / "benchmarks" / "pdf.json"
TARGET_SECONDS = 30.0
TARGET_MIB = 1024
_ONE_RUN = (
    "import sys, time; from pathlib import Path; "
    "t = time.perf_counter(); "
    "from ckanext.kpi.extraction.readers.base import ReaderLimits; "
    "from ckanext.kpi.extraction.readers.pdf import render_pdf; "
    "p = Path(sys.argv[1]); r = render_pdf(p.read_bytes(), p.name, ReaderLimits()); "
    "print(time.perf_counter() - t, r.page_count, len(r.text.splitlines()))"
)


def one_run(path: Path) -> tuple[float, int, int, float, float]:
    """Seconds, pages and lines of one fresh-process run, that process's peak RSS in MiB and the CPU
    seconds it used (user + system: what the run costs whatever else the machine is doing)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, cpu_before = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    done = subprocess.run(
        [sys.executable, "-c", _ONE_RUN, str(path)],
        check=True,
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
    )
    seconds, pages, lines = done.stdout.split()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime - cpu_before
    return float(seconds), int(pages), int(lines), round(max(usage.ru_maxrss, before) / 1024, 1), cpu


def default_seeds_dir() -> Path:
    return Path(os.environ.get("KPI_SEEDS_DIR", REPO_ROOT.parent / "shared" / "seeds"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--seeds", type=Path, default=default_seeds_dir())
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    pdf_003 = next(DOCUMENTS.glob("003_*.pdf"))
    load_before = os.getloadavg()
    runs = [one_run(pdf_003) for _ in range(args.repeat)]
    seconds = [run[0] for run in runs]
    speed = {
        "file": pdf_003.name,
        "bytes": pdf_003.stat().st_size,
        "pages": runs[0][1],
        "lines": runs[0][2],
        "best_s": round(min(seconds), 2),
        "median_s": round(statistics.median(seconds), 2),
        "peak_rss_mib": max(run[3] for run in runs),
        "cpu_s_best": round(min(run[4] for run in runs), 2),
        "cpu_s_median": round(statistics.median(run[4] for run in runs), 2),
        "load_average_before": [round(value, 2) for value in load_before],
        "load_average_after": [round(value, 2) for value in os.getloadavg()],
        "target_s": TARGET_SECONDS,
        "target_mib": TARGET_MIB,
    }
    print(json.dumps(speed, ensure_ascii=False))

    parity: dict[str, dict] = {}
    totals = {"equal": 0, "text_rows": 0}
    started = time.perf_counter()
    for seed_txt in sorted(args.seeds.glob("*.txt")):
        pdf = DOCUMENTS / f"{seed_txt.stem}.pdf"
        for table, result in compare_seed(seed_txt, pdf).items():
            parity.setdefault(seed_txt.stem, {})[table] = {
                "text_rows": result.text_rows,
                "pdf_rows": result.pdf_rows,
                "equal": result.equal,
                "share": round(result.share, 4),
                "only_text": result.only_text,
                "only_pdf": result.only_pdf,
            }
            totals["equal"] += result.equal
            totals["text_rows"] += result.text_rows
            print(
                f"{seed_txt.stem[:3]} {table}: {result.equal}/{result.text_rows} equal ({result.share:.1%})"
            )
    totals["share"] = round(totals["equal"] / max(1, totals["text_rows"]), 4)
    elapsed = time.perf_counter() - started
    print(f"all: {totals['equal']}/{totals['text_rows']} ({totals['share']:.1%}), {elapsed:.0f} s")

    report = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "speed_003": speed,
        "parity_totals": totals,
        "parity": parity,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"wrote {args.out}")
    ok = speed["median_s"] < TARGET_SECONDS and speed["peak_rss_mib"] < TARGET_MIB and totals["share"] >= 0.95
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
