"""The structured error report of a harvest job: every error (not only ckanext-harvest's 20 most
frequent), with file, sheet, cell or line, rule and original text."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.kpi.caller import validated
from ckanext.kpi.logic import schema


@tk.side_effect_free
def kpi_harvest_job_errors(context: dict[str, Any], data_dict: dict[str, Any]) -> list[dict[str, Any]]:
    """All errors of the harvest job ``id``, one dict per error (keys: job_id, guid, stage, file, sheet,
    cell, line, rule, rule_label (in the caller's language), message, original_text)."""
    from ckanext.harvest.model import HarvestJob
    from ckanext.kpi.harvesters.issues import job_issues, rule_label

    job_id = validated(data_dict, schema.harvest_job_id_schema(), context)["id"]
    tk.check_access("kpi_harvest_job_errors", context, data_dict)
    if HarvestJob.get(job_id) is None:
        raise tk.ObjectNotFound(tk._("Harvest job not found"))
    return [{**row, "rule_label": rule_label(row["rule"])} for row in job_issues(job_id)]


def kpi_harvest_job_errors_auth(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """Whoever may see the job (ckanext-harvest's own rule: the source's editors)."""
    try:
        tk.check_access("harvest_job_show", context, data_dict)
    except tk.NotAuthorized:
        return {"success": False, "msg": tk._("Not authorized to see this harvest job")}
    return {"success": True}


@tk.chained_auth_function
def harvest_job_list_auth(
    next_auth: Any, context: dict[str, Any], data_dict: dict[str, Any]
) -> dict[str, Any]:
    """ckanext-harvest's rule (the source's editors), answering 403 instead of 500: its own check reads
    ``data_dict['source_id']`` unguarded, and an unknown source raised past the auth layer. Without a
    source, the list covers every source, which only a sysadmin (who skips this check) may read."""
    from ckanext.harvest.model import HarvestSource

    source_id = (data_dict or {}).get("source_id")
    if not source_id:
        return {"success": False, "msg": tk._("Not authorized to list the jobs of every harvest source")}
    if HarvestSource.get(source_id) is None:
        return {"success": False, "msg": tk._("Not authorized to see this harvest job")}
    try:
        return next_auth(context, data_dict)
    except (tk.ObjectNotFound, KeyError):
        return {"success": False, "msg": tk._("Not authorized to see this harvest job")}
