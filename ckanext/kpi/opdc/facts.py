"""What the assessment needs to know about each dataset and about the organisation, as plain data.

The facts are read from a ``package_search`` dataset dict with the existing logic of the catalog: the 14
items from completeness.py (issue 4) and the open formats from openness/figures.py (issue 8), so
the assessment never judges metadata or formats by rules of its own."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ckanext.kpi import completeness, vocabulary
from ckanext.kpi.openness.policy import canonical_format

# Dataset fields (schemas/presets.yaml, opdc_* presets) and the organisation extra the assessment reads.
FOCUS_AREA_FIELD = "focus_area"
ISSUE_FIELD = "focus_area_issue"
USED_IN_URL_FIELD = "used_in_url"
USED_IN_TITLE_FIELD = "used_in_title"
CATALOG_URL_EXTRA = "opdc_catalog_url"
SOURCE_ITEM = "data_source"


@dataclass(frozen=True)
class ResourceFacts:
    id: str
    name: str
    format: str
    score: int
    covered: bool  # open itself, or an open CSV copy of it is in the dataset


@dataclass(frozen=True)
class DatasetFacts:
    id: str
    name: str
    title: str
    type: str
    private: bool
    draft: bool
    focus_area: str
    issue: str
    public_category: bool
    missing_items: tuple[str, ...]  # keys of the 14 items (completeness.py)
    missing_labels: tuple[str, ...]
    data_resources: tuple[ResourceFacts, ...]
    used_in_url: str = ""
    used_in_title: str = ""

    @property
    def reference(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "title": self.title, "type": self.type,
                "private": self.private}


@dataclass(frozen=True)
class OrganizationFacts:
    id: str
    name: str
    title: str
    catalog_url: str


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _resource_facts(resources: list[dict[str, Any]], standing: dict[str, Any],
                    reports: dict[str, dict[str, Any]]) -> tuple[ResourceFacts, ...]:
    by_id = {resource["id"]: resource for resource in resources}
    facts = []
    for resource in standing["resources"]:
        report = reports.get(resource["id"]) or {}
        # The checked content's format when there is a report: that is what the score was given for.
        shown_format = report.get("detected_format") if resource["checked"] else None
        declared = canonical_format(by_id[resource["id"]].get("format"))
        facts.append(ResourceFacts(resource["id"], resource["name"], shown_format or declared or "?",
                                   resource["score"], resource["covered"]))
    return tuple(facts)


def dataset_facts(dataset: dict[str, Any], standing: dict[str, Any],
                  reports: dict[str, dict[str, Any]]) -> DatasetFacts:
    """The facts of one dataset dict (``package_search``/``package_show``), given its open-format standing
    (``figures.dataset_standing``) and the stored format reports."""
    items = completeness.report(dataset)
    return DatasetFacts(
        id=dataset["id"],
        name=dataset["name"],
        title=dataset.get("title") or dataset["name"],
        type=dataset.get("type") or "dataset",
        private=bool(dataset.get("private")),
        draft=dataset.get("state") != "active",
        focus_area=_text(dataset.get(FOCUS_AREA_FIELD)),
        issue=_text(dataset.get(ISSUE_FIELD)),
        public_category=dataset.get("data_category") == vocabulary.PUBLIC_CATEGORY,
        missing_items=tuple(items["missing"]),
        missing_labels=tuple(items["missing_labels"]),
        data_resources=_resource_facts(dataset.get("resources", []), standing, reports),
        used_in_url=_text(dataset.get(USED_IN_URL_FIELD)),
        used_in_title=_text(dataset.get(USED_IN_TITLE_FIELD)),
    )


def extra_value(organization: dict[str, Any], key: str) -> str:
    """One extra of an ``organization_show`` dict ("" when absent)."""
    for extra in organization.get("extras") or []:
        if extra.get("key") == key:
            return _text(extra.get("value"))
    return ""


def organization_facts(organization: dict[str, Any]) -> OrganizationFacts:
    return OrganizationFacts(
        id=organization["id"],
        name=organization["name"],
        title=organization.get("title") or organization["name"],
        catalog_url=extra_value(organization, CATALOG_URL_EXTRA),
    )
