"""Openness figures of datasets, organisations and the catalog, from dataset dicts and stored reports.

* a resource's score is its report's (the real content), or, until it is checked, its declared format's;
* a resource is covered when it is open itself or has an open CSV copy in the same dataset;
* data resources are all resources except those typed "documentation";
* "with an open resource": at least one open, machine-readable data resource (seed 003's KPI);
* "all open": a public dataset whose every data resource is covered (OPDC, seed 001 line 413).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from .policy import canonical_format, is_machine_readable, is_open, score_of

COPY_OF = "kpi_copy_of"
DOCUMENTATION = "documentation"


def resource_standing(resource: dict[str, Any], report: dict[str, Any] | None) -> dict[str, Any]:
    checked = bool(report and report.get("state") == "done")
    score = report["score"] if checked else score_of(canonical_format(resource.get("format")))
    return {
        "id": resource["id"],
        "name": resource.get("name") or resource["id"],
        "score": score,
        "checked": checked,
        "status": report.get("status") if checked else None,
        "open": is_open(score),
        "machine_readable": is_machine_readable(score),
    }


def dataset_standing(dataset: dict[str, Any], reports: dict[str, dict[str, Any]]) -> dict[str, Any]:
    data_resources = [r for r in dataset.get("resources", []) if r.get("resource_type") != DOCUMENTATION]
    standings = {r["id"]: resource_standing(r, reports.get(r["id"])) for r in data_resources}
    open_copies = {
        r[COPY_OF] for r in data_resources if r.get(COPY_OF) and standings[r["id"]]["open"]
    }
    for standing in standings.values():
        standing["covered"] = standing["open"] or standing["id"] in open_copies
    values = list(standings.values())
    return {
        "id": dataset["id"],
        "name": dataset["name"],
        "private": bool(dataset.get("private")),
        "has_open_resource": any(s["open"] for s in values),
        "has_machine_readable_resource": any(s["machine_readable"] for s in values),
        "all_open": bool(values) and all(s["covered"] for s in values),
        "failing": [s["name"] for s in values if s["status"] == "fail"],
        "resources": values,
    }


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def figures(standings: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Counts and percentage shares over a set of dataset standings."""
    rows = list(standings)
    public = [s for s in rows if not s["private"]]
    with_open = sum(1 for s in rows if s["has_open_resource"])
    machine_readable = sum(1 for s in rows if s["has_machine_readable_resource"])
    public_all_open = sum(1 for s in public if s["all_open"])
    resources = [r for s in rows for r in s["resources"]]
    return {
        "datasets": len(rows),
        "public_datasets": len(public),
        "with_open_resource": with_open,
        "with_open_resource_percent": _share(with_open, len(rows)),
        "with_machine_readable_resource": machine_readable,
        "with_machine_readable_resource_percent": _share(machine_readable, len(rows)),
        "public_all_open": public_all_open,
        "public_all_open_percent": _share(public_all_open, len(public)),
        "resources": len(resources),
        "resources_checked": sum(1 for r in resources if r["checked"]),
        "resources_failing": sum(1 for r in resources if r["status"] == "fail"),
    }


def summary(datasets: list[dict[str, Any]], reports: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Catalog-wide figures and the same figures per organisation (by name, sorted)."""
    by_organization: dict[str, list[dict[str, Any]]] = defaultdict(list)
    titles: dict[str, str] = {}
    standings = []
    for dataset in datasets:
        standing = dataset_standing(dataset, reports)
        standings.append(standing)
        organization = dataset.get("organization") or {}
        name = organization.get("name") or ""
        titles[name] = organization.get("title") or name
        by_organization[name].append(standing)
    return {
        **figures(standings),
        "organizations": [
            {"name": name, "title": titles[name], **figures(rows)}
            for name, rows in sorted(by_organization.items())
        ],
    }
