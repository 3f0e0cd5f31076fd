"""Template helpers of ckanext-kpi."""

from __future__ import annotations

from typing import Any

from ckanext.kpi import completeness, kpi_datasets, vocabulary
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
        "kpi_is_kpi_dataset": kpi_datasets.is_kpi_dataset,
        "kpi_datasets_search_url": kpi_datasets_search_url,
    }


def kpi_datasets_search_url(organization: str = "") -> str:
    """The dataset search page listing KPI datasets (of one organisation)."""
    import ckan.plugins.toolkit as tk

    params = {"q": kpi_datasets.SEARCH_FILTER}
    if organization:
        params["organization"] = organization
    return tk.h.url_for("dataset.search", **params)
