"""Thai search quality: recall@k (and precision@k) of a fixed query set and of queries drawn from the indexed
text, measured on our Thai-segmented Solr core and on a
core with CKAN's stock schema, over the same datasets in the same run.

The stock core is filled by CKAN's own indexer (the same documents, the same ``before_dataset_index``
hooks), pointed at the other core for the duration of the measurement; CKAN's own ``package_search`` then
runs every query against each core, so the only difference between the two figures is the schema."""

from __future__ import annotations

import fnmatch
import random
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import requests
import yaml
from ckan.lib import search
from ckan.plugins import toolkit as tk

from ckanext.kpi import compat

PACKAGE_DIR = Path(str(resources.files("ckanext.kpi")))
DEFAULT_QUERY_FILE = PACKAGE_DIR / "examples" / "search" / "thai_queries.yaml"
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

    def recall_at_k(self, k: int) -> float:
        """Found share of the expected datasets, out of at most k (k results cannot hold more than k)."""
        hits = [name for name in self.query.expected if name in self.found[:k]]
        return len(hits) / min(len(self.query.expected), k)

    @property
    def precision(self) -> float:
        """Share of the returned datasets that are expected (1.0 when nothing was returned)."""
        if not self.found:
            return 1.0
        return sum(1 for name in self.found if name in self.query.expected) / len(self.found)


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


# --- Queries drawn from the indexed text (issue 21) -------------------------------------------------------

VARIANTS_PATH = PACKAGE_DIR / "thai-variants.txt"
# The stored Solr fields CKAN's schema copies into the full-text field: what a free-text query can match.
SEARCHABLE_FIELDS = ("title", "notes", "tags", "groups", "organization", "res_name", "res_description",
                     "maintainer", "author", "license", "extras_*", "res_extras_*", "vocab_*")
THAI_WORD = re.compile(r"^[\u0E01-\u0E4F]{2,}$")  # Thai letters and marks, no Thai digits
NUMBER = re.compile(r"[0-9\u0E50-\u0E59]{4,}")
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def load_variants(path: Path = VARIANTS_PATH) -> dict[str, str]:
    """The Solr MappingCharFilter file as a dict (``"as written" => "one form"``, ``\\uXXXX`` escapes)."""
    variants = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith('"'):
            continue
        source, target = (part.strip().strip('"') for part in line.split("=>"))
        decode = lambda text: text.encode("ascii", "backslashreplace").decode("unicode_escape")  # noqa: E731
        variants[decode(source)] = decode(target)
    return variants


class Normaliser:
    """The mapping Solr applies at index and query time (longest match first), then lower case."""

    def __init__(self, variants: dict[str, str]):
        self.variants = variants
        self.pattern = re.compile("|".join(re.escape(key) for key in sorted(variants, key=len, reverse=True)))

    def __call__(self, text: str) -> str:
        return self.pattern.sub(lambda match: self.variants[match.group(0)], text).lower()


@dataclass(frozen=True)
class DrawnQuery(Query):
    kind: str = "word"  # glued | split | word | variant | digits


def searchable_texts(solr_url: str, site_id: str, fetch_rows: int = 10000) -> dict[str, list[str]]:
    """Dataset name → the values of its searchable stored fields in this site's Solr documents.

    Harvest sources are indexed too, but dataset search never returns them (ckanext-harvest filters them
    out), so a word drawn from a source's title could never be found: they are left out."""
    response = requests.get(f"{solr_url}/select", params={
        "q": "*:*", "fq": [f'site_id:"{site_id}"', "-dataset_type:harvest"], "fl": "*", "rows": fetch_rows,
        "wt": "json",
    }, timeout=60)
    response.raise_for_status()
    texts: dict[str, list[str]] = {}
    for document in response.json()["response"]["docs"]:
        values: list[str] = []
        for key, value in document.items():
            if any(fnmatch.fnmatchcase(key, pattern) for pattern in SEARCHABLE_FIELDS):
                values += [str(item) for item in (value if isinstance(value, list) else [value])]
        texts[document["name"]] = values
    return texts


def tokenizer_boundaries(solr_url: str, text: str) -> tuple[set[int], list[tuple[int, int]]]:
    """Offsets where the Thai tokenizer of the ``text`` field type starts or ends a token, and its tokens."""
    response = requests.post(f"{solr_url}/analysis/field", data={
        "analysis.fieldtype": "text", "analysis.fieldvalue": text, "wt": "json",
    }, timeout=60)
    response.raise_for_status()
    stages = response.json()["analysis"]["field_types"]["text"]["index"]
    for name, tokens in zip(stages[::2], stages[1::2], strict=False):
        if name.endswith("Tokenizer"):
            spans = [(token["start"], token["end"]) for token in tokens]
            return {offset for span in spans for offset in span}, spans
    raise ValueError("Solr's analysis of the 'text' field type has no tokenizer stage")


def classify_words(solr_url: str, values: Iterable[str]) -> dict[str, str]:
    """Thai words (PyThaiNLP newmm) of the values → ``glued`` (the Thai tokenizer puts a word boundary
    inside the word's neighbours: the dictionary does not know it), ``split`` (several dictionary tokens) or
    ``word`` (one token)."""
    from pythainlp.tokenize import word_tokenize

    kinds: dict[str, str] = {}
    rank = {"word": 0, "split": 1, "glued": 2}
    for value in values:
        if not re.search("[\u0E01-\u0E4F]", value):
            continue
        boundaries, spans = tokenizer_boundaries(solr_url, value)
        offset = 0
        for word in word_tokenize(value, engine="newmm", keep_whitespace=True):
            start, end = offset, offset + len(word)
            offset = end
            if not THAI_WORD.match(word):
                continue
            if start not in boundaries or end not in boundaries:
                kind = "glued"
            elif sum(1 for span in spans if start <= span[0] and span[1] <= end) > 1:
                kind = "split"
            else:
                kind = "word"
            if rank[kind] > rank.get(kinds.get(word, "word"), 0) or word not in kinds:
                kinds[word] = kind
    return kinds


def draw_queries(
    texts: dict[str, list[str]], solr_url: str, known_sample: int = 150, seed: int = 21
) -> list[DrawnQuery]:
    """Queries drawn from the indexed text: every word the Thai tokenizer's dictionary does not know
    (``glued``, ``split``), a seeded sample of the words it knows, both spellings of every loanword variant
    the catalog uses, and every 4-digit number in Thai and in Arabic digits. A query's expected datasets
    are those whose normalised searchable text contains the normalised query."""
    normalise = Normaliser(load_variants())
    corpus = {name: normalise("\n\n".join(values)) for name, values in texts.items()}

    def expected(query: str) -> tuple[str, ...]:
        wanted = normalise(query)
        return tuple(sorted(name for name, text in corpus.items() if wanted in text))

    kinds = classify_words(solr_url, (value for values in texts.values() for value in values))
    chosen: dict[str, str] = {word: kind for word, kind in kinds.items() if kind != "word"}
    known = sorted(word for word, kind in kinds.items() if kind == "word")
    for word in random.Random(seed).sample(known, min(known_sample, len(known))):
        chosen[word] = "word"
    for variant, one_form in normalise.variants.items():
        if THAI_WORD.match(one_form) and len(one_form) > 2 and expected(one_form):
            chosen.setdefault(variant, "variant")
            chosen.setdefault(one_form, "variant")
    numbers = {match.group(0) for text in corpus.values() for match in NUMBER.finditer(text)}
    for number in sorted(numbers):
        chosen.setdefault(number, "digits")
        chosen.setdefault(number.translate(THAI_DIGITS), "digits")
    queries = []
    seen = set()
    for text, kind in sorted(chosen.items()):
        found_in = expected(text)
        if found_in and text not in seen:
            seen.add(text)
            queries.append(DrawnQuery(text, found_in, kind))
    return queries


@dataclass
class QualityReport:
    """Recall@k and precision@k of one search configuration over drawn queries."""

    label: str
    k: int
    results: list[QueryResult]

    @property
    def recall(self) -> float:
        return sum(result.recall_at_k(self.k) for result in self.results) / len(self.results)

    @property
    def answered(self) -> list[QueryResult]:
        return [result for result in self.results if result.found]

    @property
    def precision(self) -> float:
        """Mean share of the returned datasets (top k) that contain the query; queries answered nothing are
        left out (their count is ``len(results) - len(answered)``)."""
        answered = self.answered
        if not answered:
            return 0.0
        return sum(result.precision for result in answered) / len(answered)

    def by_kind(self) -> dict[str, float]:
        kinds: dict[str, list[float]] = {}
        for result in self.results:
            kinds.setdefault(getattr(result.query, "kind", "word"), []).append(result.recall_at_k(self.k))
        return {kind: sum(values) / len(values) for kind, values in sorted(kinds.items())}

    def misses(self) -> list[QueryResult]:
        return [result for result in self.results if result.recall_at_k(self.k) < 1]


def compare_configurations(
    queries: Sequence[Query], dataset_ids: Sequence[str], context: dict[str, Any], k: int = 10
) -> dict[str, QualityReport]:
    """Ours (Thai tokenizer + bigram field + variants), the Thai tokenizer alone (the search before issue 21),
    and CKAN's stock schema, on the same datasets in the same run."""
    from ckanext.kpi.search import without_ngram_field

    def run(label: str) -> QualityReport:
        results = [QueryResult(query, search_names(query.text, k, context)) for query in queries]
        return QualityReport(label, k, results)

    reports = {"ours": run("ckanext-kpi: Thai words + bigram field + variants")}
    with without_ngram_field():
        reports["thai_tokenizer_only"] = run("Thai tokenizer only (before issue 21)")
        with solr_core(STOCK_CORE):
            index_datasets(dataset_ids)
            reports["ckan_stock"] = run("CKAN stock schema")
    return reports
