"""The assessment as the ``kpi_opdc_assessment`` result: plain JSON data with sentences in the reader's
language next to the codes and values they are made from."""

from __future__ import annotations

from typing import Any

from ckanext.kpi import vocabulary

from . import criteria, messages
from .assessment import Assessment, CriterionResult, Failure, Reason

ALL = "all"
PUBLIC = "public"


def reason_dict(reason: Reason) -> dict[str, Any]:
    return {"code": reason.code, **reason.params, "message": messages.sentence(reason)}


def failure_dict(failure: Failure) -> dict[str, Any]:
    return {"dataset": failure.dataset.reference, "reasons": [reason_dict(r) for r in failure.reasons]}


def criterion_dict(result: CriterionResult, counted: bool) -> dict[str, Any]:
    criterion = result.criterion
    return {
        "key": criterion.key,
        "label": vocabulary.localized(criterion.label),
        "wording": criterion.wording,
        "target": criterion.target,
        "points": criterion.points,
        "earned": criterion.points if counted else 0,
        "met": result.met,
        "counted": counted,
        "note": messages.sentence_of(messages.NOT_COUNTED) if result.met and not counted else "",
        "summary": reason_dict(result.summary),
        "passing": [dataset.reference for dataset in result.passing],
        "failing": [failure_dict(failure) for failure in result.failing],
    }


def focus_issues_dict(groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "focus_area": group["focus_area"],
            "issues": [{"issue": item["issue"], "datasets": [d.reference for d in item["datasets"]]}
                       for item in group["issues"]],
        }
        for group in groups
    ]


def assessment_dict(assessment: Assessment, *, scope: str, focus_issues: list[dict[str, Any]],
                    openness: dict[str, Any]) -> dict[str, Any]:
    organization = assessment.organization
    return {
        "organization": {"id": organization.id, "name": organization.name, "title": organization.title,
                         "catalog_url": organization.catalog_url},
        "scope": scope,
        "scope_note": messages.sentence_of(messages.SCOPE_ALL if scope == ALL else messages.SCOPE_PUBLIC),
        "score": assessment.score,
        "max_score": criteria.MAX_SCORE,
        "target_reached": assessment.target_reached,
        "target_name": messages.target_name(assessment.target_reached),
        "combination_rule": messages.sentence_of(messages.COMBINATION_RULE),
        "criteria": [criterion_dict(r, assessment.counted[r.criterion.key]) for r in assessment.results],
        "focus_issues": focus_issues_dict(focus_issues),
        "openness": openness,
    }
