"""Template helpers of the open-format badge and report on the resource page."""

from __future__ import annotations

from typing import Any

from ckanext.kpi.web import read_as_current_user

from . import model as storage
from .figures import COPY_OF
from .messages import with_messages

BADGE_CLASSES = {"pass": "success", "warn": "warning", "fail": "danger"}


def kpi_openness_report(resource_id: str) -> dict[str, Any] | None:
    """The stored report of a resource the page already shows (so the reader may see it), with messages."""
    report = storage.get_report(resource_id)
    return with_messages(report) if report else None


def kpi_openness_badge_class(status: str | None) -> str:
    return BADGE_CLASSES.get(status or "", "secondary")


def kpi_openness_copies(package: dict[str, Any], resource_id: str) -> list[dict[str, Any]]:
    """The CSV copies of a resource, to link them from its report."""
    return [r for r in package.get("resources", []) if r.get(COPY_OF) == resource_id]


def kpi_openness_figures(organization_id: str) -> dict[str, Any] | None:
    """The openness figures of an organisation's datasets as the current user may see them."""
    return read_as_current_user("kpi_openness_summary", {"organization": organization_id})


def get_helpers() -> dict[str, Any]:
    return {
        "kpi_openness_figures": kpi_openness_figures,
        "kpi_openness_report": kpi_openness_report,
        "kpi_openness_badge_class": kpi_openness_badge_class,
        "kpi_openness_copies": kpi_openness_copies,
    }
