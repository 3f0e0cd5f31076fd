"""``/dashboard/kpi``: the agency admin's page on the user dashboard: per organisation of the user, its
harvest sources with their last job, the KPI datasets, "Create a KPI dataset from a document", the openness
and OPDC figures. Everything is read as the current user, so it shows only what they may see."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint

from ckanext.kpi import kpi_datasets
from ckanext.kpi.web import current_user_context, read_as_current_user

kpi_admin = Blueprint("kpi_admin", __name__)


def _harvest_sources(organization_id: str) -> list[dict[str, Any]]:
    result = tk.get_action("package_search")(current_user_context(), {
        "fq": f'+dataset_type:harvest +owner_org:"{organization_id}"', "rows": 100, "include_private": True,
        "sort": "title_string asc",
    })
    sources = []
    for source in result["results"]:
        status = read_as_current_user("harvest_source_show_status", {"id": source["id"]}) or {}
        sources.append({"name": source["name"], "title": source["title"] or source["name"],
                        "last_job": status.get("last_job") or {}, "job_count": status.get("job_count", 0)})
    return sources


def _kpi_dataset_count(organization_id: str) -> int:
    result = tk.get_action("package_search")(current_user_context(), {
        "fq": f'+{kpi_datasets.SEARCH_FILTER} +owner_org:"{organization_id}"', "rows": 0,
        "include_private": True,
    })
    return result["count"]


def dashboard() -> str:
    if not tk.current_user.is_authenticated:
        return tk.abort(403, tk._("Log in to see your organisations"))
    # A fresh context per call: CKAN's actions leave objects in the one they are given.
    list_for_user = tk.get_action("organization_list_for_user")
    organizations = list_for_user(current_user_context(), {"permission": "read"})
    editable = {
        o["id"]
        for o in list_for_user(current_user_context(), {"permission": "create_dataset"})
    }
    rows = []
    for organization in organizations:
        may_edit = organization["id"] in editable
        rows.append({
            "organization": organization,
            "may_edit": may_edit,
            "sources": _harvest_sources(organization["id"]) if may_edit else [],
            "kpi_datasets": _kpi_dataset_count(organization["id"]),
            "openness": read_as_current_user("kpi_openness_summary", {"organization": organization["id"]}),
        })
    user_dict = tk.get_action("user_show")(current_user_context(), {"id": tk.current_user.id})
    return tk.render("kpi/admin/dashboard.html",
                     extra_vars={"rows": rows, "user_dict": user_dict, "is_myself": True})


kpi_admin.add_url_rule("/dashboard/kpi", view_func=dashboard, endpoint="dashboard")


def get_blueprints() -> list[Blueprint]:
    return [kpi_admin]
