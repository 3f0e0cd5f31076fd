"""Chained core actions that apply the publishing gate (ckanext/kpi/logic/publishing.py) on every write that
leaves a dataset public: package_create, package_update (package_patch goes through it), and resource
uploads, whose new file is not yet stored when their inner package_update runs."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.kpi.logic import publishing
from ckanext.kpi.logic.publishing import OVERRIDE_KEY


def _current(dataset_id: str | None) -> dict[str, Any] | None:
    if not dataset_id:
        return None
    try:
        return tk.get_action("package_show")({"ignore_auth": True}, {"id": dataset_id})
    except tk.ObjectNotFound:
        return None


def _uploads(resources: list[dict[str, Any]]) -> list[publishing.GateFinding]:
    return [finding for resource in resources for finding in publishing.screen_upload(resource)]


def _gate_and_write(up_func, context, data_dict, findings, dataset_id):
    reason = publishing.enforce(context, data_dict, findings, dataset_id)
    data_dict.pop(OVERRIDE_KEY, None)
    result = up_func(context, data_dict)
    publishing.record_if_overridden(context, reason, result["id"], findings)
    return result


@tk.chained_action
def package_create(up_func, context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    findings = []
    if publishing.will_be_public(data_dict, None):
        resources = data_dict.get("resources") or []
        # Files may already be stored under the new resources' ids (the harvester stores them first).
        findings = (
            publishing.screen_metadata(data_dict)
            + publishing.screen_stored_resources(r for r in resources if not r.get("upload"))
            + _uploads(resources)
        )
    return _gate_and_write(up_func, context, data_dict, findings, None)


@tk.chained_action
def package_update(up_func, context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    current = _current(data_dict.get("id") or data_dict.get("name"))
    findings = []
    if current is not None and publishing.will_be_public(data_dict, current):
        resources = data_dict.get("resources", current.get("resources")) or []
        stored_ids = {resource["id"] for resource in current.get("resources", [])}
        findings = (
            publishing.screen_metadata({**data_dict, "resources": resources})
            # A resource that comes with a new file is judged by that file, not by the one it replaces.
            + publishing.screen_stored_resources(
                r for r in resources if r.get("id") in stored_ids and not r.get("upload")
            )
            + _uploads(resources)
        )
    return _gate_and_write(up_func, context, data_dict, findings, current["id"] if current else None)


def _resource_write(up_func, context: dict[str, Any], data_dict: dict[str, Any], dataset_id: str | None):
    current = _current(dataset_id)
    findings = []
    if current is not None and publishing.will_be_public({}, current):
        findings = publishing.screen_upload(data_dict) + publishing.screen_metadata(
            {"resources": [data_dict]}
        )
    return _gate_and_write(up_func, context, data_dict, findings, dataset_id)


@tk.chained_action
def resource_create(up_func, context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    return _resource_write(up_func, context, data_dict, data_dict.get("package_id"))


@tk.chained_action
def resource_update(up_func, context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    try:
        resource = tk.get_action("resource_show")({"ignore_auth": True}, {"id": data_dict.get("id")})
    except tk.ObjectNotFound:
        return up_func(context, data_dict)
    return _resource_write(up_func, context, data_dict, resource["package_id"])


def get_actions() -> dict[str, Any]:
    return {
        "package_create": package_create,
        "package_update": package_update,
        "resource_create": resource_create,
        "resource_update": resource_update,
    }
