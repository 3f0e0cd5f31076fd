"""Thai search: recall@10 of the fixed Thai query set on our Thai-segmented Solr core and on CKAN's stock
schema (same datasets, same run); recall@10 and precision@10 of queries drawn automatically from the demo
catalog's indexed text (every word the Thai tokenizer's dictionary lacks, a sample of those it knows,
spelling variants, Thai and Arabic digits) for our search, the Thai tokenizer alone and CKAN's stock schema;
and search latency over HTTP against the served demo site.

    python benchmarks/bench_search.py --ini .run/ckan.ini --base-url http://127.0.0.1:5000 [OUT.json]

Needs the demo set-up (`make demo` or `scripts/stack.sh setup`: the five seed datasets loaded) and, for the
latency figures, the demo site served at --base-url (benchmarks/run.py starts it)."""

from __future__ import annotations

import argparse
import functools
import sys
import time
from pathlib import Path

import requests
from figures import Figure, percentile, print_figures, write_figures
from repository import use_repository_tests

REPO_ROOT = Path(__file__).resolve().parent.parent
use_repository_tests()  # tests.support: the test support is kept out of the package
TARGET_RECALL = 0.95
TARGET_DRAWN_RECALL = 0.99
TARGET_DRAWN_QUERIES = 300
TARGET_API_P95_S = 0.5
TARGET_PAGE_P95_S = 1.0


@functools.cache
def ckan_app(ini: Path):
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    return make_app(load_config(str(ini)))


def recall_figures(ini: Path, k: int) -> tuple[list[Figure], list[str]]:
    from tests.support import search_quality

    app = ckan_app(ini)
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


def drawn_query_figures(ini: Path, k: int, queries_out: Path) -> tuple[list[Figure], list[str]]:
    """Recall and precision of queries drawn from the demo catalog's own indexed text (all its datasets)."""
    import json

    from ckan.common import config

    from ckanext.kpi import compat
    from tests.support import search_quality

    app = ckan_app(ini)
    with app._wsgi_app.test_request_context():
        solr_url = compat.solr_url().rstrip("/")
        texts = search_quality.searchable_texts(solr_url, config["ckan.site_id"])
        queries = search_quality.draw_queries(texts, solr_url)
        reports = search_quality.compare_configurations(queries, sorted(texts), {"user": "admin"}, k=k)
    queries_out.parent.mkdir(parents=True, exist_ok=True)
    queries_out.write_text(json.dumps(
        [{"q": q.text, "kind": q.kind, "expected": list(q.expected)} for q in queries],
        ensure_ascii=False, indent=1), encoding="utf-8")
    ours, before, stock = reports["ours"], reports["thai_tokenizer_only"], reports["ckan_stock"]
    kinds = {}
    for query in queries:
        kinds[query.kind] = kinds.get(query.kind, 0) + 1
    figures = [
        Figure("drawn queries (from the demo catalog's text)", len(queries), "queries", TARGET_DRAWN_QUERIES,
               ">=", note=", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items()))),
        Figure(f"drawn recall@{k}, ckanext-kpi", round(ours.recall, 4), "share", TARGET_DRAWN_RECALL, ">="),
        Figure(f"drawn precision@{k}, ckanext-kpi", round(ours.precision, 4), "share",
               round(before.precision, 4),
               ">=", note="target: the Thai tokenizer alone (before issue 21)"),
        Figure(f"drawn recall@{k}, Thai tokenizer only", round(before.recall, 4), "share",
               note="our core without the bigram field (the search before issue 21)"),
        Figure(f"drawn precision@{k}, Thai tokenizer only", round(before.precision, 4), "share"),
        Figure(f"drawn recall@{k}, CKAN stock schema", round(stock.recall, 4), "share"),
        Figure(f"drawn precision@{k}, CKAN stock schema", round(stock.precision, 4), "share",
               note=f"{len(stock.answered)} of {len(queries)} queries answered anything"),
    ]
    for kind, recall in ours.by_kind().items():
        figures.append(Figure(f"drawn recall@{k} ckanext-kpi, {kind} queries", round(recall, 4), "share",
                              note=f"Thai tokenizer only {before.by_kind()[kind]:.3f}, "
                                   f"stock {stock.by_kind()[kind]:.3f}"))
    misses = [f"[{r.query.kind}] {r.query.text}: expected {list(r.query.expected)}, found {r.found}"
              for r in ours.misses()]
    return figures, misses


def timed_get(url: str, params: dict[str, str]) -> float:
    started = time.perf_counter()
    response = requests.get(url, params=params, timeout=30)
    response.raise_for_status()
    return time.perf_counter() - started


def latency_figures(base_url: str, rounds: int) -> list[Figure]:
    from tests.support import search_quality  # the query texts only; no CKAN app needed

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
    queries_out = args.out.with_name("search-drawn-queries.json")
    drawn, drawn_misses = drawn_query_figures(args.ini, args.k, queries_out)
    figures += drawn
    misses += drawn_misses
    if args.base_url:
        figures += latency_figures(args.base_url.rstrip("/"), args.rounds)
    print_figures(figures)
    for miss in misses:
        print("  missed:", miss)
    write_figures(args.out, "search", figures, misses=misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
