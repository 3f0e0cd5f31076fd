"""The assessment as pure functions: facts in, each criterion's result and the score out.

How the steps combine (docs/opdc-assessment.md):
* the 50-point base is a gate: without a published dataset related to an issue under one of the 9 Focus
  Areas the score is 0 (OPDC: a result below the minimum target scores zero, 001:720-721), and the other
  criteria are still assessed and shown, but not counted;
* above the base every criterion adds its points on its own (+15, +10, +20, +5), so 60, 65, 70, 95 … are
  possible; ``target_reached`` names the highest target whose criteria are all met;
* drafts never count; the caller decides which datasets the assessment sees (members: all of the
  organisation's; anyone else: its public ones)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from ckanext.kpi import vocabulary

from . import criteria
from .criteria import Criterion
from .facts import SOURCE_ITEM, DatasetFacts, OrganizationFacts


@dataclass(frozen=True)
class Reason:
    """Why something fails (or a summary of a criterion): a code and the values its sentence names."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Failure:
    dataset: DatasetFacts
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    met: bool
    summary: Reason
    passing: tuple[DatasetFacts, ...] = ()
    failing: tuple[Failure, ...] = ()


@dataclass(frozen=True)
class Assessment:
    organization: OrganizationFacts
    results: tuple[CriterionResult, ...]
    counted: dict[str, bool]
    score: int
    target_reached: str | None


@cache
def focus_areas() -> tuple[str, ...]:
    """The 9 Focus Areas (001:377-387), stored values in OPDC's order (choices/dga.yaml ``focus_area``)."""
    return tuple(choice["value"] for choice in vocabulary.choices("focus_area"))


# ---- which datasets a criterion looks at ----------------------------------------------------------------


def is_focus_dataset(dataset: DatasetFacts) -> bool:
    """Published, and related to a named issue under one of the 9 Focus Areas."""
    return not dataset.draft and dataset.focus_area in focus_areas() and bool(dataset.issue)


def is_open_dataset(dataset: DatasetFacts) -> bool:
    """Published and in the public category (ข้อมูลสาธารณะ): a dataset that must be open data."""
    return not dataset.draft and dataset.public_category


def is_published_open_focus_dataset(dataset: DatasetFacts) -> bool:
    return is_focus_dataset(dataset) and is_open_dataset(dataset) and not dataset.private


def focus_problems(dataset: DatasetFacts) -> tuple[Reason, ...]:
    """Why a dataset that says something about a Focus Area is not counted as related to one."""
    if not (dataset.focus_area or dataset.issue):
        return ()
    if dataset.draft:
        return (Reason("draft"),)
    if dataset.focus_area and dataset.focus_area not in focus_areas():
        return (Reason("unknown_focus_area", {"value": dataset.focus_area}),)
    if not dataset.focus_area:
        return (Reason("no_focus_area", {"issue": dataset.issue}),)
    if not dataset.issue:
        return (Reason("no_issue", {"focus_area": dataset.focus_area}),)
    return ()


def _missing_items(dataset: DatasetFacts, *, except_source: bool = False) -> tuple[Reason, ...]:
    labels = [label for key, label in zip(dataset.missing_items, dataset.missing_labels, strict=True)
              if not (except_source and key == SOURCE_ITEM)]
    return (Reason("missing_items", {"items": labels}),) if labels else ()


def open_data_problems(dataset: DatasetFacts) -> tuple[Reason, ...]:
    """Why an open dataset in the public category is not published with metadata, source and open formats."""
    reasons: list[Reason] = []
    if dataset.private:
        reasons.append(Reason("not_published"))
    reasons.extend(_missing_items(dataset, except_source=True))
    if SOURCE_ITEM in dataset.missing_items:
        reasons.append(Reason("missing_source"))
    if not dataset.data_resources:
        reasons.append(Reason("no_data_resource"))
    reasons.extend(
        Reason("not_open_format", {"resource": r.name, "format": r.format, "score": r.score})
        for r in dataset.data_resources
        if not r.covered
    )
    return tuple(reasons)


def used_in_problems(dataset: DatasetFacts) -> tuple[Reason, ...]:
    """Why a dataset's "used in" link does not count for the tangible-use criterion."""
    if dataset.draft:
        return (Reason("draft"),)
    reasons = []
    if not dataset.public_category:
        reasons.append(Reason("not_public_category"))
    elif dataset.private:
        reasons.append(Reason("not_published"))
    if not is_focus_dataset(dataset):
        reasons.append(Reason("not_focus_dataset"))
    return tuple(reasons)


# ---- the five criteria ----------------------------------------------------------------------------------


def _failures(datasets: Iterable[DatasetFacts],
              problems: Callable[[DatasetFacts], tuple[Reason, ...]]) -> tuple[Failure, ...]:
    found = ((dataset, problems(dataset)) for dataset in datasets)
    return tuple(Failure(dataset, reasons) for dataset, reasons in found if reasons)


def assess_focus_datasets(datasets: Sequence[DatasetFacts]) -> CriterionResult:
    passing = tuple(d for d in datasets if is_focus_dataset(d))
    issues = {(d.focus_area, d.issue) for d in passing}
    summary = (
        Reason("focus_datasets_found", {"datasets": len(passing), "issues": len(issues)})
        if passing else Reason("no_focus_dataset")
    )
    return CriterionResult(criteria.FOCUS_DATASETS, bool(passing), summary, passing,
                           _failures(datasets, focus_problems))


def assess_metadata(datasets: Sequence[DatasetFacts]) -> CriterionResult:
    scope = [d for d in datasets if is_focus_dataset(d)]
    failing = _failures(scope, _missing_items)
    passing = tuple(d for d in scope if not d.missing_items)
    summary = (
        Reason("metadata_complete", {"complete": len(passing), "total": len(scope)})
        if scope else Reason("no_focus_dataset")
    )
    return CriterionResult(criteria.METADATA, bool(scope) and not failing, summary, passing, failing)


def is_web_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not any(c.isspace() for c in value)


def assess_catalog_url(organization: OrganizationFacts) -> CriterionResult:
    url = organization.catalog_url
    if not url:
        return CriterionResult(criteria.CATALOG_URL, False, Reason("no_catalog_url"))
    if not is_web_url(url):
        return CriterionResult(criteria.CATALOG_URL, False, Reason("invalid_catalog_url", {"url": url}))
    return CriterionResult(criteria.CATALOG_URL, True, Reason("catalog_url_reported", {"url": url}))


def assess_open_data(datasets: Sequence[DatasetFacts]) -> CriterionResult:
    scope = [d for d in datasets if is_open_dataset(d)]
    failing = _failures(scope, open_data_problems)
    passing = tuple(d for d in scope if not open_data_problems(d))
    summary = (
        Reason("open_data_passing", {"passing": len(passing), "total": len(scope)})
        if scope else Reason("no_open_dataset")
    )
    return CriterionResult(criteria.OPEN_DATA, bool(scope) and not failing, summary, passing, failing)


def assess_tangible_use(datasets: Sequence[DatasetFacts]) -> CriterionResult:
    linked = [d for d in datasets if d.used_in_url]
    passing = tuple(d for d in linked if is_published_open_focus_dataset(d))
    summary = Reason("used_in_found", {"datasets": len(passing)}) if passing else Reason("no_tangible_use")
    return CriterionResult(criteria.TANGIBLE_USE, bool(passing), summary, passing,
                           _failures(linked, used_in_problems))


# ---- the score ------------------------------------------------------------------------------------------


def counted_criteria(results: Sequence[CriterionResult]) -> dict[str, bool]:
    """Which criteria add their points: a met one, once the 50-point base is met."""
    base_met = any(r.met for r in results if r.criterion is criteria.FOCUS_DATASETS)
    return {r.criterion.key: base_met and r.met for r in results}


def target_reached(results: Sequence[CriterionResult]) -> str | None:
    """The highest target (minimum, standard, advanced) whose criteria, and those of the lower targets, are
    all met; None below the minimum."""
    reached = None
    for target in criteria.TARGETS:
        if not all(r.met for r in results if r.criterion.target == target):
            break
        reached = target
    return reached


def assess(organization: OrganizationFacts, datasets: Sequence[DatasetFacts]) -> Assessment:
    results = (
        assess_focus_datasets(datasets),
        assess_metadata(datasets),
        assess_catalog_url(organization),
        assess_open_data(datasets),
        assess_tangible_use(datasets),
    )
    counted = counted_criteria(results)
    score = sum(r.criterion.points for r in results if counted[r.criterion.key])
    return Assessment(organization, results, counted, score, target_reached(results))


def focus_issues(datasets: Sequence[DatasetFacts]) -> list[dict[str, Any]]:
    """The issues the organisation works on, by Focus Area in OPDC's order, with their datasets."""
    grouped: dict[str, dict[str, list[DatasetFacts]]] = {}
    for dataset in datasets:
        if is_focus_dataset(dataset):
            grouped.setdefault(dataset.focus_area, {}).setdefault(dataset.issue, []).append(dataset)
    return [
        {"focus_area": area, "issues": [{"issue": issue, "datasets": found}
                                        for issue, found in sorted(grouped[area].items())]}
        for area in focus_areas() if area in grouped
    ]
