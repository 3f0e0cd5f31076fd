"""Every benchmark of ckanext-kpi in one run, and one report (JSON and a Markdown table) with every figure
beside its target and the machine's core count.

    scripts/stack.sh bench          (set-up as for the demo, then this)
    .venv/bin/python benchmarks/run.py [--only NAME ...] [--out DIR]

The demo site is served once, under gunicorn as `make demo` serves it, on a free loopback port, for the
benchmarks that measure over HTTP. Figures that compare two things are measured in the same script run."""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests
from figures import machine

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / ".run" / "benchmarks"
DEMO_INI = REPO_ROOT / ".run" / "ckan.ini"
BENCH_DB_SUFFIX = "_bench"
BENCH_REDIS_DB = "12"


@dataclass(frozen=True)
class Benchmark:
    name: str
    script: str
    # Extra arguments; "{base_url}", "{proxied_url}", "{uncached_url}" and "{ini}" are filled in.
    arguments: tuple[str, ...] = ()
    needs_site: bool = False


BENCHMARKS = (
    Benchmark("extraction", "bench_extraction.py"),
    # The generic reader on documents that are not the seeds (other layouts; DOCX, XLSX and PDF files).
    Benchmark("generic reader", "bench_generic.py"),
    Benchmark("dcat", "bench_dcat.py"),
    Benchmark("indicator page", "bench_indicator_page.py"),
    Benchmark("open-format checks", "bench_validation.py"),
    # Runs under pytest (CKAN fixtures) and writes .run/benchmarks/harvest.json itself.
    Benchmark("harvest", "bench_harvest.py"),
    # 100, 1,000 and 10,000 datasets in the _bench databases (about half an hour on 2 cores); not in CI.
    Benchmark("growth", "bench_growth.py"),
    Benchmark("search", "bench_search.py", ("--ini", "{ini}", "--base-url", "{base_url}"), needs_site=True),
    # Through nginx and the response cache, as `make demo` serves; then straight to a CKAN with the cache off.
    Benchmark("load", "bench_load.py", ("--base-url", "{proxied_url}", "--uncached-url", "{uncached_url}"),
              needs_site=True),
)
UNCACHED_INI = REPO_ROOT / ".run" / "ckan-uncached.ini"


_NEXT_PORT = [int(os.environ.get("KPI_BENCH_PORT") or 0)]


def _free_port() -> int:
    """A free loopback port; with KPI_BENCH_PORT, that port and the ones after it (a machine shared by
    several checkouts gives each a range)."""
    if _NEXT_PORT[0]:
        _NEXT_PORT[0] += 1
        return _NEXT_PORT[0] - 1
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def served(log: Path, *command: str) -> Iterator[str]:
    """``scripts/stack.sh COMMAND PORT …`` on a free port until the block ends; yields its base URL."""
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    # CKAN_* settings would override the demo's ini; CKAN_VERSION is not one: it picks the CKAN to serve.
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith("CKAN_") or key == "CKAN_VERSION"}
    with log.open("wb") as out:
        server = subprocess.Popen(
            ["bash", str(REPO_ROOT / "scripts" / "stack.sh"), command[0], str(port), *command[1:]],
            stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=environment,
        )
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise SystemExit(f"benchmarks: {command[0]} exited with {server.returncode}; see {log}")
            try:
                if requests.get(f"{base_url}/api/3/action/status_show", timeout=10).ok:
                    break
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.5)
        else:
            raise SystemExit(f"benchmarks: {command[0]} did not answer within 180 s; see {log}")
        yield base_url
    finally:
        server.terminate()
        server.wait(timeout=30)


@contextmanager
def demo_site(log_dir: Path) -> Iterator[dict[str, str]]:
    """The demo site as `make demo` serves it (gunicorn behind nginx), the same gunicorn without nginx, and
    a second gunicorn with the response cache off, for as long as the benchmarks need them."""
    # The demo configuration with the response cache off (gunicorn's entry point reads its logging sections
    # too, so a whole copy rather than a `use = config:` stub).
    demo = DEMO_INI.read_text(encoding="utf-8")
    off = "[app:main]\nckanext.kpi.cache.enabled = false\n"
    UNCACHED_INI.write_text(demo.replace("[app:main]\n", off, 1), encoding="utf-8")
    with served(log_dir / "site.log", "serve-demo") as base_url:
        upstream_port = base_url.rsplit(":", 1)[1]
        with (served(log_dir / "nginx.log", "serve-nginx", upstream_port) as proxied_url,
              served(log_dir / "site-uncached.log", "serve-demo", str(UNCACHED_INI)) as uncached_url):
            yield {"base_url": base_url, "proxied_url": proxied_url, "uncached_url": uncached_url}


def benchmark_environment() -> dict[str, str]:
    """Benchmarks that load their own data empty the test databases they run on: give them the ``_bench``
    databases, Solr site and Redis db that `scripts/stack.sh bench` sets up, never the tests' own."""
    suffix = BENCH_DB_SUFFIX + os.environ.get("KPI_DB_SUFFIX", "")  # as scripts/stack.sh bench names them
    return {**os.environ, "KPI_DB_SUFFIX": suffix, "KPI_REDIS_DB": BENCH_REDIS_DB}


def run_benchmark(benchmark: Benchmark, out_dir: Path, sites: dict[str, str]) -> dict:
    out = out_dir / f"{benchmark.name}.json"
    out.unlink(missing_ok=True)
    arguments = [argument.format(**sites, ini=DEMO_INI) for argument in benchmark.arguments]
    command = [sys.executable, str(Path(__file__).parent / benchmark.script), str(out), *arguments]
    print(f"==> [{benchmark.name}] {' '.join(command[1:])}", flush=True)
    started = time.monotonic()
    completed = subprocess.run(
        command, cwd=REPO_ROOT, stdin=subprocess.DEVNULL, check=False, env=benchmark_environment()
    )
    elapsed = round(time.monotonic() - started, 1)
    if completed.returncode != 0 or not out.exists():
        return {"benchmark": benchmark.name, "error": f"exit {completed.returncode}", "seconds": elapsed}
    report = json.loads(out.read_text(encoding="utf-8"))
    report["benchmark"] = benchmark.name
    report["seconds"] = elapsed
    if "figures" not in report:
        report["error"] = "the script wrote no 'figures' list (benchmarks/figures.py)"
    return report


def _cell(value: object) -> str:
    return "" if value is None else str(value).replace("|", "\\|")


def markdown(reports: list[dict]) -> str:
    info = machine()
    lines = [
        "# ckanext-kpi benchmark report",
        "",
        f"Machine: {info['cores']} cores, Python {info['python']}, {info['machine']}, CKAN {info['ckan']}; "
        "load average (1, 5, 15 min) when the report was written: "
        f"{', '.join(map(str, info['load_average']))}.",
        "",
        "| benchmark | figure | value | unit | target | met |",
        "|---|---|---|---|---|---|",
    ]
    for report in reports:
        if "error" in report:
            lines.append(f"| {report['benchmark']} | **failed: {_cell(report['error'])}** | | | | |")
            continue
        for figure in report["figures"]:
            target = "" if figure["target"] is None else f"{figure['comparison']} {figure['target']}"
            met = {True: "yes", False: "**no**", None: ""}[figure["met"]]
            lines.append(
                f"| {report['benchmark']} | {_cell(figure['name'])} | {figure['value']} | {figure['unit']} "
                f"| {target} | {met} |"
            )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--only", nargs="*", help="names of the benchmarks to run (default: all)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    chosen = [b for b in BENCHMARKS if not args.only or b.name in args.only]
    reports = [run_benchmark(b, args.out, {}) for b in chosen if not b.needs_site]
    if any(b.needs_site for b in chosen):
        with demo_site(args.out) as sites:
            reports += [run_benchmark(b, args.out, sites) for b in chosen if b.needs_site]
    (args.out / "report.json").write_text(
        json.dumps({"machine": machine(), "reports": reports}, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    (args.out / "report.md").write_text(markdown(reports), encoding="utf-8")
    print(markdown(reports))
    print(f"report: {args.out / 'report.md'} and report.json")
    return 1 if any("error" in report for report in reports) else 0


if __name__ == "__main__":
    sys.exit(main())
