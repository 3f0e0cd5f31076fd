"""Thai search: recall@10 of the fixed Thai query set on our Thai-segmented Solr core and on CKAN's stock
schema (same datasets, same run), and search latency over HTTP against the served demo site.

    python benchmarks/bench_search.py --ini .run/ckan.ini --base-url http://127.0.0.1:5000 [OUT.json]

Needs the demo set-up (`make demo` or `scripts/stack.sh setup`: the five seed datasets loaded) and, for the
latency figures, the demo site served at --base-url (benchmarks/run.py starts it)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import requests
from figures import Figure, percentile, print_figures, write_figures

REPO_ROOT = Path(__file__).resolve().parent.parent
TARGET_RECALL = 0.95
TARGET_API_P95_S = 0.5
TARGET_PAGE_P95_S = 1.0


def recall_figures(ini: Path, k: int) -> tuple[list[Figure], list[str]]:
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    from ckanext.kpi import search_quality

    app = make_app(load_config(str(ini)))
    with app._wsgi_app.test_request_context():
        queries = search_quality.load_queries()
        names = sorted({name for query in queries for name in query.expected})
        # A sysadmin's search, so private datasets count too: recall is about the index, not permissions.
        ours, stock = search_quality.compare_with_stock(queries, names, {"user": "admin"}, k=k)
    misses = [f"{result.query.text}: found {result.found}" for result in ours.misses()]
    return [
        Figure(f"Thai recall@{k}, ckanext-kpi schema", round(ours.recall, 4), "share", TARGET_RECALL, ">="),
        Figure(f"Thai recall@{k}, CKAN stock schema", round(stock.recall, 4), "share",
               note="same datasets, same run, for comparison"),
        Figure("Thai queries", len(queries), "queries", 50, ">="),
    ], misses


def timed_get(url: str, params: dict[str, str]) -> float:
    started = time.perf_counter()
    response = requests.get(url, params=params, timeout=30)
    response.raise_for_status()
    return time.perf_counter() - started


def latency_figures(base_url: str, rounds: int) -> list[Figure]:
    from ckanext.kpi import search_quality  # the query texts only; no CKAN app needed

    queries = [query.text for query in search_quality.load_queries()]
    timed_get(f"{base_url}/dataset/", {"q": queries[0]})  # warm the worker
    api_url = f"{base_url}/api/3/action/package_search"
    api = [timed_get(api_url, {"q": q}) for _ in range(rounds) for q in queries]
    page = [timed_get(f"{base_url}/dataset/", {"q": q}) for q in queries]
    return [
        Figure("package_search API p50 (Thai queries)", round(percentile(api, 50), 4), "s"),
        Figure("package_search API p95 (Thai queries)", round(percentile(api, 95), 4), "s",
               TARGET_API_P95_S),
        Figure("dataset search page p95 (Thai queries)", round(percentile(page, 95), 4), "s",
               TARGET_PAGE_P95_S),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_out = REPO_ROOT / ".run" / "benchmarks" / "search.json"
    parser.add_argument("out", nargs="?", type=Path, default=default_out)
    parser.add_argument("--ini", type=Path, default=REPO_ROOT / ".run" / "ckan.ini")
    parser.add_argument("--base-url", default="", help="the served demo site; no latency figures without it")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the query set for the API latency")
    parser.add_argument("-k", type=int, default=10)
    args = parser.parse_args(argv)
    figures, misses = recall_figures(args.ini, args.k)
    if args.base_url:
        figures += latency_figures(args.base_url.rstrip("/"), args.rounds)
    print_figures(figures)
    for miss in misses:
        print("  missed:", miss)
    write_figures(args.out, "search", figures, misses=misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
