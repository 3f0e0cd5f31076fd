"""Load: wrk (Debian) against the served demo site for 60 s with 50 connections, over a rotation of
package_search with the Thai queries, the indicator pages of the seed datasets and /catalog.ttl.

    python benchmarks/bench_load.py OUT.json --base-url http://127.0.0.1:5700 \
        [--uncached-url http://127.0.0.1:5702] [--duration 60]

Needs the demo set-up (the five seed datasets loaded) and the site served at --base-url: as `make demo`
serves it, nginx and the response cache in front of gunicorn (benchmarks/run.py starts it). Each path is
requested once before the run (the warm-up, timed and reported), as a site that is up has been visited.
Targets through the cache: p95 < 300 ms, at least 300 requests/s, no error (connect, read, write, timeout,
non-2xx; every answer within 30 s). With --uncached-url, the same run against a CKAN with the cache off is
reported beside it (no target). The load average is recorded before and after each run: on a machine shared
with other work the figures are lower (docs/scaling.md). The paths are listed in a file the Lua script
(benchmarks/load_paths.lua) walks."""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlencode

import requests
import yaml
from figures import Figure, load_average, print_figures, write_figures

REPO_ROOT = Path(__file__).resolve().parent.parent
LUA_SCRIPT = Path(__file__).resolve().parent / "load_paths.lua"
THAI_QUERIES = REPO_ROOT / "ckanext" / "kpi" / "examples" / "search" / "thai_queries.yaml"
RESULT_MARKER = "KPI_LOAD_RESULT "
TARGET_ERRORS = 1  # "< 1": none
TARGET_P95_MS = 300
TARGET_THROUGHPUT = 300  # requests/s
INDICATORS_PER_DATASET = 10


def search_paths() -> list[str]:
    entries = yaml.safe_load(THAI_QUERIES.read_text(encoding="utf-8"))["queries"]
    return [f"/api/3/action/package_search?{urlencode({'q': entry['q']})}" for entry in entries]


def indicator_paths(base_url: str) -> list[str]:
    """Up to ten indicator pages of every public kpi dataset of the demo (the seed datasets)."""
    found = requests.get(f"{base_url}/api/3/action/package_search",
                         params={"fq": "kpi_document_kind:[* TO *]", "rows": 100}, timeout=60)
    found.raise_for_status()
    paths = []
    for dataset in found.json()["result"]["results"]:
        listed = requests.get(f"{base_url}/api/3/action/kpi_indicator_list", params={"id": dataset["name"]},
                              timeout=60)
        listed.raise_for_status()
        for indicator in listed.json()["result"]["indicators"][:INDICATORS_PER_DATASET]:
            paths.append(f"/dataset/{dataset['name']}/indicator/{quote(indicator['indicator_id'], safe='')}")
    return paths


def rotation(base_url: str) -> dict[str, list[str]]:
    groups = {"package_search": search_paths(), "indicator pages": indicator_paths(base_url),
              "catalog.ttl": ["/catalog.ttl"]}
    empty = [name for name, paths in groups.items() if not paths]
    if empty:
        raise SystemExit(f"bench_load: {base_url} has no {', '.join(empty)} to request: the demo data "
                         "(the five seed datasets with their files) is missing; run scripts/stack.sh setup")
    return groups


def interleaved(groups: dict[str, list[str]]) -> list[str]:
    """One path of each group in turn, so every stretch of the run mixes the three kinds of request."""
    longest = max(len(paths) for paths in groups.values())
    return [paths[i % len(paths)] for i in range(longest) for paths in groups.values()]


def run_wrk(base_url: str, paths: list[str], duration: int, connections: int, threads: int) -> dict:
    if shutil.which("wrk") is None:
        raise SystemExit("bench_load: wrk is not installed (apt-get install wrk, as scripts/stack.sh does)")
    with tempfile.NamedTemporaryFile("w", suffix=".paths", encoding="utf-8") as listing:
        listing.write("\n".join(paths) + "\n")
        listing.flush()
        completed = subprocess.run(
            ["wrk", f"--threads={threads}", f"--connections={connections}", f"--duration={duration}s",
             "--timeout=30s", "--latency", f"--script={LUA_SCRIPT}", base_url, "--", listing.name],
            capture_output=True, text=True, check=False, timeout=duration + 120,
        )
    lines = [line for line in completed.stdout.splitlines() if line.startswith(RESULT_MARKER)]
    if completed.returncode != 0 or not lines:
        output = completed.stderr or completed.stdout
        raise SystemExit(f"bench_load: wrk failed ({completed.returncode}): {output}")
    return json.loads(lines[-1][len(RESULT_MARKER):])


def warm_up(base_url: str, paths: list[str]) -> float:
    """One request per distinct path, in turn; returns the seconds it took."""
    started = time.monotonic()
    for path in dict.fromkeys(paths):
        requests.get(base_url + path, timeout=120)
    return round(time.monotonic() - started, 1)


def load_figures(result: dict, connections: int, label: str = "", targets: bool = True) -> list[Figure]:
    errors = sum(result["errors"].values())
    suffix = f", {label}" if label else ""
    return [
        Figure(f"latency p50 ({connections} connections{suffix})", result["p50_ms"], "ms"),
        Figure(f"latency p95 ({connections} connections{suffix})", result["p95_ms"], "ms",
               TARGET_P95_MS if targets else None),
        Figure(f"latency p99 ({connections} connections{suffix})", result["p99_ms"], "ms"),
        Figure(f"requests served{suffix}", result["requests"], "requests"),
        Figure(f"throughput{suffix}", round(result["requests"] / result["duration_s"], 1), "requests/s",
               TARGET_THROUGHPUT if targets else None, ">="),
        Figure(f"errors (connect, read, write, timeout, non-2xx){suffix}", errors, "requests",
               TARGET_ERRORS if targets else None, note=json.dumps(result["errors"])),
        Figure(f"load average (1 min) before{suffix}", result["load_before"][0], "load"),
        Figure(f"load average (1 min) after{suffix}", result["load_after"][0], "load"),
    ]


def measured_run(base_url: str, paths: list[str], args: argparse.Namespace) -> dict:
    warm_up_seconds = warm_up(base_url, paths)
    before = load_average()
    result = run_wrk(base_url, paths, args.duration, args.connections, args.threads)
    return {**result, "warm_up_s": warm_up_seconds, "load_before": before, "load_after": load_average()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=REPO_ROOT / ".run" / "benchmarks" / "load.json")
    parser.add_argument("--base-url", required=True, help="the served demo site (nginx, as make demo serves)")
    parser.add_argument("--uncached-url", help="the same site with the response cache off, straight to CKAN")
    parser.add_argument("--duration", type=int, default=60, help="seconds")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)
    base_url = args.base_url.rstrip("/")
    groups = rotation(base_url)
    paths = interleaved(groups)
    result = measured_run(base_url, paths, args)
    figures = load_figures(result, args.connections)
    runs = {"through the cache": result}
    if args.uncached_url:
        uncached = measured_run(args.uncached_url.rstrip("/"), paths, args)
        figures += load_figures(uncached, args.connections, "uncached", targets=False)
        runs["uncached"] = uncached
    print_figures(figures)
    write_figures(args.out, "load", figures, wrk=runs,
                  paths={name: len(paths) for name, paths in groups.items()},
                  duration_s=args.duration, connections=args.connections)
    return 0 if all(figure.met is not False for figure in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
