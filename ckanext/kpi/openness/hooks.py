"""What the plugin's resource and dataset hooks do for the open-format checks.

A failure here is logged, never raised: the check must not stand between an agency and its upload (the
block mode of ckanext.kpi.openness.publish_mode is the one deliberate refusal, in package_update)."""

from __future__ import annotations

import logging
from typing import Any

from ckan import model
from ckan.lib import jobs

from . import service

log = logging.getLogger(__name__)


def resource_saved(resource: dict[str, Any]) -> None:
    """After resource_create/resource_update: the file is stored and committed, so check it."""
    try:
        service.schedule(resource, in_request=True)
    except Exception:
        log.exception("open-format check of resource %s could not be scheduled", resource.get("id"))


def dataset_saved(context: dict[str, Any], dataset: dict[str, Any]) -> None:
    """After package_create/package_update with resources in it: queue the resources not checked yet.

    Inside resource_create/resource_update (``defer_commit``) the file is not stored yet; the resource
    hook above handles those.
    """
    if context.get("defer_commit"):
        return
    try:
        for resource in dataset.get("resources", []):
            if resource.get("id") and service.needs_check(resource):
                service.enqueue_check(resource["id"])
    except Exception:
        log.exception("open-format checks of dataset %s could not be queued", dataset.get("id"))


def resource_deleting(resource: dict[str, Any]) -> None:
    """Before resource_delete: once it is committed, a job removes the report and the CSV copies."""
    try:
        stored = model.Resource.get(resource["id"])
        if stored is not None:
            jobs.enqueue(service.remove_copies, [stored.id, stored.package_id],
                         title=f"kpi open-format copies of {stored.id}")
    except Exception:
        log.exception("removal of the CSV copies of resource %s not scheduled", resource.get("id"))
