"""Chained core actions that apply the publication rule (ckanext/kpi/visibility.py) and the
personal-data gate (ckanext/kpi/publication_gate.py) on every write that can leave a dataset public:
package_create, package_update (package_patch and package_revise go through it), bulk_update_public, and
resource uploads, whose new file is not yet stored when their inner package_update runs."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import plugins as lib_plugins
from ckan.lib import search

from ckanext.kpi import kpi_datasets, visibility
from ckanext.kpi import publication_gate as publishing
from ckanext.kpi.publication_gate import OVERRIDE_KEY


def _current(dataset_id: str | None) -> dict[str, Any] | None:
    if not dataset_id:
        return None
    try:
        return tk.get_action("package_show")({"ignore_auth": True}, {"id": dataset_id})
    except tk.ObjectNotFound:
        return None


def _validation_errors(context: dict[str, Any], data_dict: dict[str, Any], action: str,
                       dataset_type: str | None) -> dict[str, Any]:
    """The errors the write's own validation would report, so that a refusal of the publication rule comes
    with every other error of the form, not alone. Validation has no side effects; a schema that cannot
    be validated here gives no errors (the refusal is raised all the same)."""
    package_plugin = lib_plugins.lookup_package_plugin(dataset_type)
    schema = context.get("schema") or (
        package_plugin.create_package_schema() if action == "package_create"
        else package_plugin.update_package_schema()
    )
    try:
        validation_context = {**context, "model": model, "session": model.Session}
        _data, errors = lib_plugins.plugin_validate(
            package_plugin, validation_context, dict(data_dict), schema, action
        )
    except Exception:  # a validator failing here must not hide the refusal
        return {}
    return errors


def _as_written(data_dict: dict[str, Any]) -> dict[str, Any]:
    """A write in the form our schema takes: a client of the old ``kpi`` type writes a ``dataset`` (issue
    16), and the KPI fields' extras mirror of package_show is dropped (CKAN refuses an extra named like a
    field)."""
    if data_dict.get("type") == kpi_datasets.LEGACY_TYPE:
        data_dict["type"] = kpi_datasets.DATASET_TYPE
    return kpi_datasets.without_receiver_extras(data_dict)


def _check_publication(
    context: dict[str, Any], data_dict: dict[str, Any], current: dict[str, Any] | None
) -> None:
    """The publication rule before the write, after the caller's authorization (a refusal must not
    answer 409 where CKAN would answer 403)."""
    dataset_type = data_dict.get("type") or (current or {}).get("type")
    if dataset_type in visibility.NOT_GATED_TYPES:
        return
    action = "package_update" if current is not None else "package_create"
    tk.check_access(action, dict(context), {**data_dict, "id": current["id"]} if current else data_dict)
    try:
        visibility.check_write(data_dict, current)
    except tk.ValidationError as refusal:
        check_context = dict(context)
        if current is not None:
            check_context["package"] = model.Package.get(current["id"])
        errors = _validation_errors(check_context, data_dict, action, dataset_type)
        for field, messages in refusal.error_dict.items():
            errors.setdefault(field, messages)
        raise tk.ValidationError(errors) from None


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
    data_dict = _as_written(data_dict)
    _check_publication(context, data_dict, None)
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
    data_dict = _as_written(data_dict)
    current = _current(data_dict.get("id") or data_dict.get("name"))
    if current is not None:
        _check_publication(context, data_dict, current)
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


BULK_PUBLIC_REFUSED = (
    "Nothing was made public. These datasets cannot be public: {datasets}. Only a dataset whose data "
    "category is ข้อมูลสาธารณะ, and whose metadata and files hold no personal data, may be public."
)
BULK_CATEGORY_REASON = 'data category "{value}"'
BULK_PERSONAL_DATA_REASON = "personal data ({findings})"


def _bulk_refusals(packages: list[Any]) -> list[str]:
    """One "title (reason)" per dataset that may not be made public: the publication rule, then the
    personal-data gate (there is no sysadmin override in a bulk action: use the dataset's form)."""
    refused = {
        package.id: tk._(BULK_CATEGORY_REASON).format(
            value=package.extras.get(visibility.CATEGORY_FIELD) or ""
        )
        for package, _field in visibility.bulk_refusals(packages)
    }
    for package in packages:
        if package.id in refused or package.type in visibility.NOT_GATED_TYPES:
            continue
        current = _current(package.id) or {}
        findings = publishing.screen_metadata(current) + publishing.screen_stored_resources(
            current.get("resources") or []
        )
        if findings:
            kinds = ", ".join(sorted({finding.message() for finding in findings}))
            refused[package.id] = tk._(BULK_PERSONAL_DATA_REASON).format(findings=kinds)
    return [
        f"{package.title or package.name} ({refused[package.id]})"
        for package in packages
        if package.id in refused
    ]


@tk.chained_action
def bulk_update_public(up_func, context: dict[str, Any], data_dict: dict[str, Any]) -> Any:
    """All or nothing: when one selected dataset may not be public, none is changed and the error names
    each refused dataset and why. Datasets made public get ``allow_harvest`` "True" in the same
    transaction (a public dataset is harvestable), then are re-indexed with it."""
    tk.check_access("bulk_update_public", context, data_dict)
    packages = (
        model.Session.query(model.Package)
        .filter(model.Package.id.in_(data_dict.get("datasets") or []))
        .filter(model.Package.owner_org == data_dict.get("org_id"))
        .all()
    )
    refused = _bulk_refusals(packages)
    if refused:
        model.Session.rollback()
        message = tk._(BULK_PUBLIC_REFUSED).format(datasets="; ".join(refused))
        raise tk.ValidationError({"datasets": [message]})
    consent_given = []
    for package in packages:
        if package.type not in visibility.NOT_GATED_TYPES and (
            package.extras.get(visibility.CONSENT_FIELD) != visibility.HARVEST_CONSENT
        ):
            package.extras[visibility.CONSENT_FIELD] = visibility.HARVEST_CONSENT
            consent_given.append(package.id)
    result = up_func(context, data_dict)  # commits the consent with the private flag
    model.Session.expire_all()  # CKAN updated the table past the session's objects: read them again
    for package_id in consent_given:
        search.rebuild(package_id)
    return result


def get_actions() -> dict[str, Any]:
    return {
        "bulk_update_public": bulk_update_public,
        "package_create": package_create,
        "package_update": package_update,
        "resource_create": resource_create,
        "resource_update": resource_update,
    }
