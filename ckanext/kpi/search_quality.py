"""Thai search quality: recall@k of a fixed query set, measured on our Thai-segmented Solr core and on a
core with CKAN's stock schema, over the same datasets in the same run.

The stock core is filled by CKAN's own indexer (the same documents, the same ``before_dataset_index``
hooks), pointed at the other core for the duration of the measurement; CKAN's own ``package_search`` then
runs every query against each core, so the only difference between the two figures is the schema."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from ckan.lib import search
from ckan.plugins import toolkit as tk

from ckanext.kpi import compat

DEFAULT_QUERY_FILE = Path(__file__).parent / "examples" / "search" / "thai_queries.yaml"
STOCK_CORE = "ckan_stock"


@dataclass(frozen=True)
class Query:
    text: str
    expected: tuple[str, ...]  # dataset names that contain the text in their indexed fields


@dataclass
class QueryResult:
    query: Query
    found: list[str]

    @property
    def recall(self) -> float:
        hits = [name for name in self.query.expected if name in self.found]
        return len(hits) / len(self.query.expected)


@dataclass
class RecallReport:
    core: str
    k: int
    results: list[QueryResult] = field(default_factory=list)

    @property
    def recall(self) -> float:
        """Mean recall@k over the queries (each query weighs the same)."""
        return sum(result.recall for result in self.results) / len(self.results)

    def misses(self) -> list[QueryResult]:
        return [result for result in self.results if result.recall < 1]


def load_queries(path: Path = DEFAULT_QUERY_FILE) -> list[Query]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))["queries"]
    return [Query(entry["q"], tuple(entry["expected"])) for entry in entries]


@contextmanager
def solr_core(core: str) -> Iterator[None]:
    """Send CKAN's indexing and searching to another core of the same Solr for the duration."""
    with compat.solr_url_set_to(compat.solr_url().rstrip("/").rsplit("/", 1)[0] + "/" + core):
        yield


def current_core() -> str:
    return compat.solr_url().rstrip("/").rsplit("/", 1)[-1]


def index_datasets(dataset_ids: Sequence[str]) -> None:
    """(Re)index datasets into the current core with CKAN's indexer, committing once at the end."""
    for dataset_id in dataset_ids:
        search.rebuild(dataset_id, defer_commit=True)
    search.commit()


def search_names(query: str, k: int, context: dict[str, Any]) -> list[str]:
    result = tk.get_action("package_search")(
        dict(context), {"q": query, "rows": k, "include_private": True, "fl": "name"}
    )
    return [dataset["name"] for dataset in result["results"]]


def measure(queries: Sequence[Query], k: int, search_fn: Callable[[str], list[str]]) -> RecallReport:
    report = RecallReport(core=current_core(), k=k)
    report.results = [QueryResult(query, search_fn(query.text)) for query in queries]
    return report


def compare_with_stock(
    queries: Sequence[Query], dataset_ids: Sequence[str], context: dict[str, Any], k: int = 10
) -> tuple[RecallReport, RecallReport]:
    """Recall@k on our core and on the stock core, the stock core filled with the same datasets first."""

    def run(query: str) -> list[str]:
        return search_names(query, k, context)

    ours = measure(queries, k, run)
    with solr_core(STOCK_CORE):
        index_datasets(dataset_ids)
        stock = measure(queries, k, run)
    return ours, stock
