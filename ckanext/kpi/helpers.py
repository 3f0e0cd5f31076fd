"""Template helpers of ckanext-kpi."""

from __future__ import annotations

from typing import Any

from ckanext.kpi import completeness, vocabulary
from ckanext.kpi.web import read_as_current_user


def kpi_dga_choices(field: dict[str, Any]) -> list[dict[str, Any]]:
    """Scheming `choices_helper`: the DGA list named by the field's `dga_choices` key."""
    return vocabulary.choices(field["dga_choices"])


def kpi_dataset_completeness(dataset: dict[str, Any]) -> dict[str, Any]:
    """The 14-item report of a dataset the page already shows (no second permission check needed)."""
    return completeness.report(dataset)


def kpi_organization_completeness(organization_id: str) -> dict[str, Any] | None:
    """The 14-item summary of an organization's datasets as the current user may see them."""
    return read_as_current_user("kpi_metadata_completeness", {"organization": organization_id})


def get_helpers() -> dict[str, Any]:
    return {
        "kpi_dga_choices": kpi_dga_choices,
        "kpi_dataset_completeness": kpi_dataset_completeness,
        "kpi_organization_completeness": kpi_organization_completeness,
    }
