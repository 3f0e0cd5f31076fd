"""Authorization of the indicator actions: whoever may read the dataset may read its indicators."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk


@tk.auth_allow_anonymous_access
def kpi_indicator_show(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    try:
        tk.check_access("package_show", context, {"id": data_dict.get("id")})
    except tk.NotAuthorized:
        return {"success": False, "msg": tk._("Not authorized to read this dataset")}
    return {"success": True}


kpi_indicator_list = tk.auth_allow_anonymous_access(kpi_indicator_show)


def get_auth_functions() -> dict[str, Any]:
    return {"kpi_indicator_show": kpi_indicator_show, "kpi_indicator_list": kpi_indicator_list}
