"""What a citizen can search for and filter by: facets of a Thai KPI catalog, and the indicator and project
names of ``kpi`` datasets in the full-text index.

A KPI dataset's title names the document ("รายงานผลการดำเนินงาน … ๒๕๖๗"), while people search for the
indicator ("ความแม่นยำของการพยากรณ์") or the project. The names live in the tidy ``indicators.csv`` and
``projects.csv`` resources, so they are read from the file store when the dataset is indexed and put in a
field that Solr copies into the full-text field (``extras_*`` → ``text``, Thai-segmented)."""

from __future__ import annotations

import contextvars
import csv
import json
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.kpi import kpi_datasets
from ckanext.kpi.uploads import stored_upload_path

log = logging.getLogger(__name__)

# Resource file name → column whose values are indexed, and the index field they go to.
NAME_COLUMNS = {
    "indicators.csv": ("name", "extras_kpi_indicator_names"),
    "projects.csv": ("name", "extras_kpi_project_names"),
}
# Caps keep one huge table from bloating the index (003 has a few hundred names in all).
MAX_NAMES_PER_TABLE = 2000
MAX_INDEXED_FILE_BYTES = 20 * 1024 * 1024

# CKAN's dismax query fields (ckan.lib.search.query.QUERY_FIELDS), plus the dictionary-free Thai field of
# our schema (tools/solr/derive_schema.py): character bigrams searched as a phrase find a word the Thai
# tokenizer's dictionary lacks (ดิจิทัล inside "ดิจิทัลเพื่อเศรษฐกิจ"). Its weight is below the word fields',
# so a dictionary-word match still ranks first.
STOCK_QUERY_FIELDS = "name^4 title^4 tags^2 groups^2 text"
NGRAM_QUERY_FIELD = "text_th_ngram^0.5"
# Off while a comparison runs against a core that lacks the field (tests/support/search_quality.py).
_ngram_field_enabled: contextvars.ContextVar[bool] = contextvars.ContextVar("kpi_ngram_field", default=True)


@contextmanager
def without_ngram_field() -> Iterator[None]:
    """Search with CKAN's own query fields only (the stock core has no ``text_th_ngram``)."""
    token = _ngram_field_enabled.set(False)
    try:
        yield
    finally:
        _ngram_field_enabled.reset(token)


def add_query_fields(search_params: dict[str, Any]) -> dict[str, Any]:
    """Let a free-text search also match the Thai bigram field; an explicit ``qf`` is left alone."""
    if _ngram_field_enabled.get() and "qf" not in search_params:
        search_params["qf"] = f"{STOCK_QUERY_FIELDS} {NGRAM_QUERY_FIELD}"
    return search_params


def dataset_facets() -> dict[str, str]:
    """Facets of the dataset search page, in display order, with labels through i18n."""
    return {
        "organization": tk._("Organizations"),
        "kpi_fiscal_year": tk._("Fiscal year (B.E.)"),
        "data_category": tk._("Data category"),
        "kpi_document_kind": tk._("Document kind"),
        "focus_area": tk._("Focus area"),
        "tags": tk._("Tags"),
        "res_format": tk._("Formats"),
        "license_id": tk._("Licenses"),
    }


# Facets whose values are codes of a DGA choice list (ckanext/kpi/schemas/choices/dga.yaml): shown by label.
FACET_CHOICE_LISTS = {
    "kpi_document_kind": "kpi_document_kind",
    "data_category": "data_category",
    "focus_area": "focus_area",
    "license_id": "license_id",
}


def label_facet_items(search_results: dict[str, Any]) -> dict[str, Any]:
    """Facet items of choice fields by their label in the reader's language, never their code."""
    from ckanext.kpi import vocabulary

    facets = search_results.get("search_facets") or {}
    for field, list_name in FACET_CHOICE_LISTS.items():
        if field not in facets:
            continue
        labels = {choice["value"]: choice["label"] for choice in vocabulary.choices(list_name)}
        for item in facets[field].get("items", []):
            if item.get("name") in labels:
                item["display_name"] = vocabulary.localized(labels[item["name"]])
    return search_results


def _column_values(path: Path, column: str) -> Iterable[str]:
    if path.stat().st_size > MAX_INDEXED_FILE_BYTES:
        log.warning("not indexing %s: larger than %d bytes", path, MAX_INDEXED_FILE_BYTES)
        return []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if column not in (reader.fieldnames or []):
            return []
        return [row[column].strip() for row in islice(reader, MAX_NAMES_PER_TABLE) if row[column]]


def _resource_file_name(resource: dict[str, Any]) -> str:
    return (resource.get("url") or "").rsplit("/", 1)[-1] or resource.get("name") or ""


def index_table_names(index_dict: dict[str, Any]) -> dict[str, Any]:
    """Add the indicator and project names of a KPI dataset's tidy tables to its search document."""
    dataset = json.loads(index_dict.get("validated_data_dict") or "{}")
    if not kpi_datasets.is_kpi_dataset(dataset):
        return index_dict
    for resource in dataset.get("resources", []):
        file_name = _resource_file_name(resource)
        if file_name not in NAME_COLUMNS:
            continue
        column, field = NAME_COLUMNS[file_name]
        path = stored_upload_path(resource)
        if path is None:
            continue
        try:
            names = list(dict.fromkeys(_column_values(path, column)))
        except (OSError, UnicodeDecodeError, csv.Error) as error:
            # A damaged file must not stop the dataset from being indexed at all.
            log.warning("not indexing names of resource %s: %s", resource.get("id"), error)
            continue
        if names:
            index_dict[field] = "\n".join(names)
    return index_dict
