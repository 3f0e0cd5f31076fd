"""Authorization of ckanext-kpi's actions."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk


@tk.auth_allow_anonymous_access
def kpi_metadata_completeness(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, bool]:
    """Whoever may read the dataset or the organization; the action then lists only the datasets the
    caller may see (anonymous users: public ones)."""
    if data_dict.get("id"):
        needed, target = "package_show", data_dict["id"]
    elif data_dict.get("organization"):
        needed, target = "organization_show", data_dict["organization"]
    else:
        return {"success": True}  # the action itself explains what is missing
    try:
        tk.check_access(needed, context, {"id": target})
    except tk.NotAuthorized:
        return {"success": False, "msg": tk._("Not authorized to read {target}").format(target=target)}
    return {"success": True}
