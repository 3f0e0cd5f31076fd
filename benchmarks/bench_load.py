"""Load: wrk (Debian) against the served demo site for 60 s with 50 connections, over a rotation of
package_search with the Thai queries, the indicator pages of the seed datasets and /catalog.ttl.

    python benchmarks/bench_load.py OUT.json --base-url http://127.0.0.1:5000 [--duration 60]

Needs the demo set-up (the five seed datasets loaded) and the site served at --base-url (benchmarks/run.py
starts it). Every answer must be a 2xx within 30 s: errors (connect, read, write, timeout, non-2xx) must be
zero. The paths are listed in a file the Lua script (benchmarks/load_paths.lua) walks."""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote, urlencode

import requests
import yaml
from figures import Figure, print_figures, write_figures

REPO_ROOT = Path(__file__).resolve().parent.parent
LUA_SCRIPT = Path(__file__).resolve().parent / "load_paths.lua"
THAI_QUERIES = REPO_ROOT / "ckanext" / "kpi" / "examples" / "search" / "thai_queries.yaml"
RESULT_MARKER = "KPI_LOAD_RESULT "
TARGET_ERRORS = 1  # "< 1": none
INDICATORS_PER_DATASET = 10


def search_paths() -> list[str]:
    entries = yaml.safe_load(THAI_QUERIES.read_text(encoding="utf-8"))["queries"]
    return [f"/api/3/action/package_search?{urlencode({'q': entry['q']})}" for entry in entries]


def indicator_paths(base_url: str) -> list[str]:
    """Up to ten indicator pages of every public kpi dataset of the demo (the seed datasets)."""
    found = requests.get(f"{base_url}/api/3/action/package_search",
                         params={"fq": "dataset_type:kpi", "rows": 100}, timeout=60)
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


def load_figures(result: dict, connections: int) -> list[Figure]:
    errors = sum(result["errors"].values())
    return [
        Figure(f"latency p50 ({connections} connections)", result["p50_ms"], "ms"),
        Figure(f"latency p95 ({connections} connections)", result["p95_ms"], "ms"),
        Figure(f"latency p99 ({connections} connections)", result["p99_ms"], "ms"),
        Figure("requests served", result["requests"], "requests"),
        Figure("throughput", round(result["requests"] / result["duration_s"], 1), "requests/s"),
        Figure("errors (connect, read, write, timeout, non-2xx)", errors, "requests", TARGET_ERRORS,
               note=json.dumps(result["errors"])),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=REPO_ROOT / ".run" / "benchmarks" / "load.json")
    parser.add_argument("--base-url", required=True, help="the served demo site")
    parser.add_argument("--duration", type=int, default=60, help="seconds")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)
    base_url = args.base_url.rstrip("/")
    groups = rotation(base_url)
    result = run_wrk(base_url, interleaved(groups), args.duration, args.connections, args.threads)
    figures = load_figures(result, args.connections)
    print_figures(figures)
    write_figures(args.out, "load", figures, wrk=result,
                  paths={name: len(paths) for name, paths in groups.items()},
                  duration_s=args.duration, connections=args.connections)
    return 0 if all(figure.met is not False for figure in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
