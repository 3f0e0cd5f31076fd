"""Time of one open-format check per kind of file (a benchmark script, not a timed test).

    .venv/bin/python benchmarks/bench_validation.py [--rows 10000] [--repeat 3] [OUT.json]

It writes KPI-like tables (Thai text, years, numbers) of ``--rows`` rows as CSV, XLSX and ODS, plus a ZIP
bomb, into a temporary folder, and times :func:`inspect_file` in process (the checks alone) and
:func:`run_isolated` (the forked child with its limits, as CKAN runs it). It prints a table and writes the
JSON (default .run/benchmarks/validation.json). No CKAN, no database.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))


from figures import Figure  # noqa: E402

from ckanext.kpi.openness.inspect import inspect_file  # noqa: E402
from ckanext.kpi.openness.isolated import run_isolated  # noqa: E402
from ckanext.kpi.openness.limits import Limits  # noqa: E402

DEFAULT_OUT = REPO_ROOT / ".run" / "benchmarks" / "validation.json"
HEADER = ["ปีงบประมาณ", "รหัส", "ตัวชี้วัด", "หน่วยนับ", "ค่าเป้าหมาย", "ผล", "ร้อยละ", "ไตรมาส", "หน่วยงาน", "หมายเหตุ"]


def table_rows(count: int) -> list[list[object]]:
    return [
        [
            2560 + i % 8,
            f"{i % 9}.{i % 7}",
            f"ตัวชี้วัดที่ {i} ความพึงพอใจของผู้รับบริการ",
            "ร้อยละ",
            80 + i % 20,
            75.5 + i % 25,
            round((75.5 + i % 25) / (80 + i % 20) * 100, 2),
            1 + i % 4,
            "สถาบันวิจัยและพัฒนาอัญมณีและเครื่องประดับแห่งชาติ",
            "",
        ]
        for i in range(count)
    ]


def write_files(folder: Path, rows: int) -> dict[str, tuple[Path, str]]:
    data = table_rows(rows)
    frame = pd.DataFrame(data, columns=HEADER)
    csv_path = folder / "kpi.csv"
    frame.to_csv(csv_path, index=False)
    xlsx_path = folder / "kpi.xlsx"
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("แผน")
    sheet.append(HEADER)
    for row in data:
        sheet.append(row)
    workbook.save(xlsx_path)
    ods_path = folder / "kpi.ods"
    frame.head(min(rows, 2000)).to_excel(ods_path, engine="odf", index=False)
    bomb_path = folder / "bomb.zip"
    with (
        zipfile.ZipFile(bomb_path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("data.csv", "w", force_zip64=True) as member,
    ):
        for _ in range(200):
            member.write(b"0" * (1024 * 1024))
    return {
        f"CSV {rows} rows": (csv_path, "CSV"),
        f"XLSX {rows} rows (+ CSV copy)": (xlsx_path, "XLSX"),
        f"ODS {min(rows, 2000)} rows (+ CSV copy)": (ods_path, "ODS"),
        "ZIP bomb 200 MiB": (bomb_path, "ZIP"),
    }


def timed(call: Callable[[], Any], repeat: int) -> dict[str, float]:
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - started)
    return {"best": round(min(seconds), 3), "median": round(statistics.median(seconds), 3)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("out", nargs="?", type=Path, default=DEFAULT_OUT)
    arguments = parser.parse_args()
    limits = Limits()
    results = []
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        copies = folder / "copies"
        copies.mkdir()
        for label, (path, declared) in write_files(folder, arguments.rows).items():

            def in_process(path: Path = path, declared: str = declared) -> Any:
                return inspect_file(
                    path, name=path.name, declared_format=declared, limits=limits, copies_dir=copies
                )

            def isolated(path: Path = path, declared: str = declared) -> Any:
                return run_isolated(
                    path, name=path.name, declared_format=declared, limits=limits, copies_dir=copies
                )

            status = in_process()["status"]
            results.append(
                {
                    "file": label,
                    "bytes": path.stat().st_size,
                    "status": status,
                    "in_process_s": timed(in_process, arguments.repeat),
                    "isolated_s": timed(isolated, arguments.repeat),
                }
            )
    print(
        f"{'file':36} {'bytes':>11} {'status':>6} {'in-process best/median s':>26} "
        f"{'isolated best/median s':>24}"
    )
    for row in results:
        print(
            f"{row['file']:36} {row['bytes']:>11} {row['status']:>6} "
            f"{row['in_process_s']['best']:>13} / {row['in_process_s']['median']:<10} "
            f"{row['isolated_s']['best']:>11} / {row['isolated_s']['median']}"
        )
    arguments.out.parent.mkdir(parents=True, exist_ok=True)
    output = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "rows": arguments.rows,
        "results": results,
        "figures": [
            Figure(f"open-format check, {row['file']} (in process, best)", row["in_process_s"]["best"], "s")
            .as_dict()
            for row in results
        ],
    }
    arguments.out.write_text(json.dumps(output, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"written to {arguments.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
