"""Read-only actions of ckanext-kpi."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.kpi.logic import completeness

SEARCH_PAGE_SIZE = 1000


def _user_context(context: dict[str, Any]) -> dict[str, Any]:
    """A fresh context for the nested actions, with the caller's identity (and so its permissions)."""
    return {key: context[key] for key in ("user", "auth_user_obj", "ignore_auth") if key in context}


def _organization_datasets(context: dict[str, Any], organization_id: str) -> list[dict[str, Any]]:
    """All datasets of the organization that the caller may see (CKAN's permission labels): public ones
    for anonymous users; private ones and drafts for the organization's members and sysadmins."""
    datasets: list[dict[str, Any]] = []
    while True:
        page = tk.get_action("package_search")(_user_context(context), {
            "fq": f'owner_org:"{organization_id}"',
            "include_private": True,
            "include_drafts": True,
            "sort": "name asc",
            "rows": SEARCH_PAGE_SIZE,
            "start": len(datasets),
        })
        datasets.extend(page["results"])
        if not page["results"] or len(datasets) >= page["count"]:
            return datasets


@tk.side_effect_free
def kpi_metadata_completeness(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """Which of the 14 mandatory DGA metadata items each dataset has, and whether it counts.

    :param id: a dataset id or name, or
    :param organization: an organization id or name (all of its datasets the caller may see)
    :returns: ``total``, ``complete`` (how many count) and ``datasets``, one report each: ``present`` and
        ``missing`` item keys, ``complete`` (all 14 present) and ``counts`` (complete and not a draft)
    """
    tk.check_access("kpi_metadata_completeness", context, data_dict)
    if data_dict.get("id"):
        datasets = [tk.get_action("package_show")(_user_context(context), {"id": data_dict["id"]})]
    elif data_dict.get("organization"):
        organization = tk.get_action("organization_show")(
            _user_context(context), {"id": data_dict["organization"], "include_datasets": False}
        )
        datasets = _organization_datasets(context, organization["id"])
    else:
        raise tk.ValidationError({"id": [tk._("Give a dataset (id) or an organization (organization).")]})
    reports = [completeness.report(dataset) for dataset in datasets]
    return {
        "total": len(reports),
        "complete": sum(1 for report in reports if report["counts"]),
        "datasets": reports,
    }
