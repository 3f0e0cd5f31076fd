"""Authorization of the open-format actions: reading follows the resource's dataset, re-running needs the
right to edit the resource, figures are public (each caller counts only the datasets it may see)."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk


def _allowed_as(action: str, context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    try:
        tk.check_access(action, context, {"id": data_dict.get("id")})
    except tk.NotAuthorized:
        return {"success": False, "msg": tk._("Not authorized to see or change resource {id}").format(
            id=data_dict.get("id"))}
    return {"success": True}


@tk.auth_allow_anonymous_access
def kpi_openness_report_show(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    return _allowed_as("resource_show", context, data_dict)


def kpi_openness_check(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    return _allowed_as("resource_update", context, data_dict)


@tk.auth_allow_anonymous_access
def kpi_openness_summary(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    return {"success": True}


def get_auth_functions() -> dict[str, Any]:
    return {
        "kpi_openness_report_show": kpi_openness_report_show,
        "kpi_openness_check": kpi_openness_check,
        "kpi_openness_summary": kpi_openness_summary,
    }
