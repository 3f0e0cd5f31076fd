"""The assessment's sentences, in English; the Thai text is in i18n/th/LC_MESSAGES/ckanext-kpi.po.

A reason (why a dataset or the organisation fails) and a criterion's summary share one table of codes."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import ckan.plugins.toolkit as tk

from .assessment import Reason

SENTENCES: dict[str, str] = {
    # why a dataset is not counted
    "draft": "Draft: counts only once published.",
    "unknown_focus_area": 'Focus area "{value}" is not one of the 9 Focus Areas.',
    "no_focus_area": 'The issue "{issue}" is not placed under one of the 9 Focus Areas.',
    "no_issue": 'No issue (ประเด็นการดำเนินงาน) is named under the Focus Area "{focus_area}".',
    "missing_items": "Missing metadata items: {items}.",
    "not_published": "Private: a dataset in the public category must be published as open data.",
    "missing_source": "The data source (แหล่งที่มา) is not given.",
    "no_data_resource": "No data resource, so nothing can be reached in an open format.",
    "not_open_format": (
        'Resource "{resource}" is {format} (open-format score {score} of 5) and has no open copy.'
    ),
    "not_public_category": "Not in the public category (ข้อมูลสาธารณะ), so not open data.",
    "not_focus_dataset": "Not related to an issue under one of the 9 Focus Areas.",
    # what a criterion found
    "focus_datasets_found": (
        "Published datasets related to an issue under a Focus Area: {datasets}; issues: {issues}."
    ),
    "no_focus_dataset": "No published dataset names an issue under one of the 9 Focus Areas.",
    "metadata_complete": "Datasets related to a Focus Area issue with all 14 items: {complete} of {total}.",
    "catalog_url_reported": "Agency Data Catalog URL reported: {url}",
    "no_catalog_url": "No Agency Data Catalog URL is reported.",
    "invalid_catalog_url": (
        'The reported Agency Data Catalog URL "{url}" is not an http:// or https:// address.'
    ),
    "open_data_passing": (
        "Datasets in the public category published with their metadata and source and reachable in open "
        "formats: {passing} of {total}."
    ),
    "no_open_dataset": "No published dataset in the public category (ข้อมูลสาธารณะ) to assess.",
    "used_in_found": "Open datasets related to a Focus Area issue used in a report or dashboard: {datasets}.",
    "no_tangible_use": (
        'No open dataset related to a Focus Area issue has a "used in" link '
        "(an analysis report or a dashboard)."
    ),
}

COMBINATION_RULE = (
    "The 50-point base is a gate: without it the score is 0 and nothing else counts. "
    "Above it, each criterion adds its points on its own. Drafts never count."
)
SCOPE_ALL = "Computed over all of the organisation's datasets, private ones included."
SCOPE_PUBLIC = "Computed over the organisation's public datasets only."
NOT_COUNTED = "Met, but not counted without the 50-point base."
TARGETS = {
    None: "Below the minimum target",
    "minimum": "Minimum target (50)",
    "standard": "Standard target (75)",
    "advanced": "Advanced target (100)",
}


def _shown(value: Any) -> Any:
    return ", ".join(value) if isinstance(value, list | tuple) else value


def sentence(reason: Reason) -> str:
    """A reason or summary as a sentence in the reader's language."""
    params: defaultdict[str, Any] = defaultdict(str, {k: _shown(v) for k, v in reason.params.items()})
    return tk._(SENTENCES.get(reason.code, reason.code)).format_map(params)


def sentence_of(text: str) -> str:
    """One of the fixed sentences above in the reader's language."""
    return tk._(text)


def target_name(target: str | None) -> str:
    return sentence_of(TARGETS[target])
