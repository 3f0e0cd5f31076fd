"""Authorization of the OPDC assessment: reading follows the organisation (the action then assesses only
the datasets the caller may see); reporting the catalog URL needs the right to edit the organisation."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.kpi.caller import read_access


@tk.auth_allow_anonymous_access
def kpi_opdc_assessment(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    return read_access(context, {"organization": data_dict.get("id")})


def kpi_opdc_catalog_url_update(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    try:
        tk.check_access("organization_update", context, {"id": data_dict.get("id")})
    except tk.NotAuthorized:
        return {"success": False, "msg": tk._("Not authorized to edit organization {id}").format(
            id=data_dict.get("id"))}
    return {"success": True}


def get_auth_functions() -> dict[str, Any]:
    return {
        "kpi_opdc_assessment": kpi_opdc_assessment,
        "kpi_opdc_catalog_url_update": kpi_opdc_catalog_url_update,
    }
