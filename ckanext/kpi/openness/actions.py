"""Actions of the open-format checks: read a resource's report, re-run it, and the openness figures."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.kpi.caller import caller_context, validated, visible_datasets
from ckanext.kpi.openness import figures, schema, service
from ckanext.kpi.openness import model as storage
from ckanext.kpi.openness.messages import with_messages


@tk.side_effect_free
def kpi_openness_report_show(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """The open-format report of a resource.

    :param id: the resource id
    :returns: the report (``status`` pass/warn/fail, ``score`` 0–5, ``detected_format``, ``findings`` with a
        ``message`` each in the caller's language, ``copies``), or ``{"state": "unchecked"}``
    """
    resource_id = validated(data_dict, schema.resource_id_schema(), context)["id"]
    tk.check_access("kpi_openness_report_show", context, data_dict)
    resource = tk.get_action("resource_show")(caller_context(context), {"id": resource_id})
    report = storage.get_report(resource["id"])
    if report is None:
        return {"resource_id": resource["id"], "package_id": resource["package_id"], "state": "unchecked"}
    return with_messages(report)


def kpi_openness_check(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """Check a resource again, now for a small upload, else in a background job.

    :param id: the resource id
    :param background: true to always use the background job (default false)
    :returns: the new report, or ``{"state": "pending"}`` when a job was queued
    """
    resource_id = validated(data_dict, schema.resource_id_schema(), context)["id"]
    tk.check_access("kpi_openness_check", context, data_dict)
    resource = tk.get_action("resource_show")(caller_context(context), {"id": resource_id})
    in_request = not tk.asbool(data_dict.get("background", False))
    if in_request and service.is_upload(resource) and service.fits_request(resource):
        service.check_resource(resource["id"])
        return with_messages(storage.get_report(resource["id"]) or {})
    storage.mark_pending(resource["id"], resource["package_id"], service.fingerprint(resource))
    service.enqueue_check(resource["id"])
    return {"resource_id": resource["id"], "package_id": resource["package_id"], "state": storage.PENDING}


@tk.side_effect_free
def kpi_openness_summary(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """Openness figures of the datasets the caller may see: catalog-wide and per organisation.

    :param organization: (optional) an organisation id or name, to count only its datasets
    :returns: ``datasets``, ``with_open_resource`` (+ ``_percent``), ``with_machine_readable_resource``
        (+ ``_percent``), ``public_datasets``, ``public_all_open`` (+ ``_percent``), resource counts, and
        ``organizations`` with the same figures each
    """
    tk.check_access("kpi_openness_summary", context, data_dict)
    query = "*:*"
    if data_dict.get("organization"):
        organization = tk.get_action("organization_show")(
            caller_context(context), {"id": data_dict["organization"], "include_datasets": False}
        )
        query = f'owner_org:"{organization["id"]}"'
    datasets = list(visible_datasets(context, query))
    reports = storage.reports_for(r["id"] for d in datasets for r in d.get("resources", []))
    return figures.summary(datasets, reports)


@tk.chained_action
def package_update(original: Any, context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """In block mode, refuse to make a dataset public while one of its data resources fails the check."""
    if service.blocking() and _becomes_public(data_dict):
        # Only a caller who may publish learns which resources stand in the way.
        tk.check_access("package_update", context, data_dict)
        _refuse_failing(data_dict)
    return original(context, data_dict)


def _becomes_public(data_dict: dict[str, Any]) -> bool:
    if "private" not in data_dict or tk.asbool(data_dict["private"]):
        return False
    package = model.Package.get(data_dict.get("id") or data_dict.get("name") or "")
    return package is not None and bool(package.private)


def _refuse_failing(data_dict: dict[str, Any]) -> None:
    package = model.Package.get(data_dict.get("id") or data_dict.get("name"))
    resources = [{"id": r.id, "name": r.name, "format": r.format, "resource_type": r.resource_type,
                  **(r.extras or {})} for r in package.resources]
    dataset = {"id": package.id, "name": package.name, "private": True, "resources": resources}
    failing = figures.dataset_standing(dataset, storage.reports_for(r["id"] for r in resources))["failing"]
    if failing:
        names = ", ".join(f'"{name}"' for name in failing)
        raise tk.ValidationError({"private": [tk._(
            "The dataset cannot be made public while these data resources fail the open-format check: "
            "{names}. See the report on each resource page."
        ).format(names=names)]})


def get_actions() -> dict[str, Any]:
    return {
        "kpi_openness_report_show": kpi_openness_report_show,
        "kpi_openness_check": kpi_openness_check,
        "kpi_openness_summary": kpi_openness_summary,
        "package_update": package_update,
    }
