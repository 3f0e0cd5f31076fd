"""Read-only actions of ckanext-kpi."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.kpi import completeness
from ckanext.kpi.caller import caller_context as _user_context
from ckanext.kpi.caller import organization_datasets as _organization_datasets


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
