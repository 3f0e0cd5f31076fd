"""The checker in CKAN: which resources to check and when (in the request or in a job), where their bytes
come from (storage or a guarded download), where the report goes, and the CSV copies of spreadsheets."""

from __future__ import annotations

import json
import logging
import tempfile
from pathlib import Path
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib import jobs
from werkzeug.datastructures import FileStorage

from ckanext.kpi.fetching import FetchError, FetchPolicy, fetch_to_file
from ckanext.kpi.uploads import upload_path

from . import model as storage
from .figures import COPY_OF
from .findings import ERROR, Finding
from .isolated import run_isolated, stopped_report
from .limits import MIB, Limits
from .policy import SPREADSHEET_FORMATS, canonical_format

log = logging.getLogger(__name__)

# Resource keys a CSV copy marks itself with: the source's id, the sheet, and the source bytes it reflects.
COPY_SHEET = "kpi_copy_sheet"
COPY_SOURCE_SHA256 = "kpi_copy_source_sha256"
# Keys of the source resource a copy does not inherit (it has its own file, name and format).
NOT_INHERITED = frozenset({
    "id", "url", "url_type", "name", "description", "format", "mimetype", "size", "hash", "last_modified",
    "created", "metadata_modified", "position", "package_id", "datastore_active", "state", "cache_url",
    "cache_last_updated", "tracking_summary", "upload", COPY_OF, COPY_SHEET, COPY_SOURCE_SHA256,
})


# --- configuration ------------------------------------------------------------------------------------


def limits_from_config() -> Limits:
    config = tk.config
    return Limits(
        max_file_bytes=config.get("ckanext.kpi.openness.max_file_size_mb") * MIB,
        max_expanded_bytes=config.get("ckanext.kpi.openness.max_expanded_mb") * MIB,
        max_rows=config.get("ckanext.kpi.openness.max_rows"),
        timeout_seconds=config.get("ckanext.kpi.openness.timeout"),
        max_memory_bytes=config.get("ckanext.kpi.openness.max_memory_mb") * MIB,
    )


def blocking() -> bool:
    return tk.config.get("ckanext.kpi.openness.publish_mode") == "block"


# --- when to check ------------------------------------------------------------------------------------


def fingerprint(resource: dict[str, Any]) -> str:
    """What a report is made from: a new upload or a new URL changes it; a new description does not."""
    keys = ("url", "url_type", "last_modified", "size", "format")
    return json.dumps([resource.get(key) for key in keys], default=str)


def is_copy(resource: dict[str, Any]) -> bool:
    return bool(resource.get(COPY_OF))


def is_upload(resource: dict[str, Any]) -> bool:
    return resource.get("url_type") == "upload"


def needs_check(resource: dict[str, Any]) -> bool:
    if not (is_upload(resource) or tk.config.get("ckanext.kpi.openness.check_links")):
        return False
    stored = storage.get_report(resource["id"])
    return stored is None or stored.get("fingerprint") != fingerprint(resource)


def schedule(resource: dict[str, Any], *, in_request: bool) -> None:
    """Check now when the upload is small and we may (``in_request``), else in a background job."""
    if not needs_check(resource):
        return
    if in_request and is_upload(resource) and fits_request(resource):
        check_resource(resource["id"])
        return
    if in_request:
        storage.mark_pending(resource["id"], resource["package_id"], fingerprint(resource))
    enqueue_check(resource["id"])


def enqueue_check(resource_id: str) -> None:
    timeout = tk.config.get("ckanext.kpi.openness.timeout") + 60
    jobs.enqueue(check_resource, [resource_id], title=f"kpi open-format check {resource_id}",
                 rq_kwargs={"timeout": timeout})


def fits_request(resource: dict[str, Any]) -> bool:
    """An upload small enough to check while its request runs (ckanext.kpi.openness.sync_max_kb)."""
    path = upload_path(resource)
    size = path.stat().st_size if path.exists() else 0
    return size <= tk.config.get("ckanext.kpi.openness.sync_max_kb") * 1024


# --- the check ----------------------------------------------------------------------------------------


def site_context() -> dict[str, Any]:
    """The site user acts for the checker: a real user, as the activity plugin needs."""
    user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": user["name"], "ignore_auth": True}


def check_resource(resource_id: str) -> dict[str, Any] | None:
    """Check one resource, store its report and bring its CSV copies in line (the job's entry point too)."""
    try:
        resource = tk.get_action("resource_show")(site_context(), {"id": resource_id})
    except tk.ObjectNotFound:
        storage.delete_report(resource_id)
        return None
    limits = limits_from_config()
    with tempfile.TemporaryDirectory(prefix="kpi-openness-") as workdir:
        report = _inspect(resource, limits, Path(workdir))
        report["fingerprint"] = fingerprint(resource)
        storage.save_report(resource_id, resource["package_id"], report)
        if report["copies"]:
            sync_copies(resource, report)
    return report


def _inspect(resource: dict[str, Any], limits: Limits, workdir: Path) -> dict[str, Any]:
    name = _display_name(resource)
    declared = resource.get("format") or ""
    try:
        path = _local_file(resource, workdir, limits)
    except FetchError as error:
        report = stopped_report(name, canonical_format(declared), "download", str(error))
        finding = Finding("fetch-failed", ERROR, {"file": name, "url": resource["url"], "detail": str(error)})
        report["findings"] = [finding.to_dict()]
        return report
    copies_dir = None
    if _wants_copies(resource):
        copies_dir = workdir / "copies"
        copies_dir.mkdir()
    return run_isolated(path, name=name, declared_format=declared, limits=limits, copies_dir=copies_dir)


def _wants_copies(resource: dict[str, Any]) -> bool:
    # Copies are made from the content; a copy is never copied again.
    return tk.config.get("ckanext.kpi.openness.csv_copies") and not is_copy(resource)


def _display_name(resource: dict[str, Any]) -> str:
    return resource.get("name") or resource["url"].rsplit("/", 1)[-1] or resource["id"]


def _local_file(resource: dict[str, Any], workdir: Path, limits: Limits) -> Path:
    if is_upload(resource):
        return upload_path(resource)
    # Any content type: the checker reads the bytes and reports what they are.
    policy = FetchPolicy(
        allowed_types=None, max_bytes=limits.max_file_bytes,
        allow_private_network=tk.config.get("ckanext.kpi.openness.allow_private_addresses"),
    )
    return fetch_to_file(resource["url"], workdir / "download", policy).path


# --- CSV copies ---------------------------------------------------------------------------------------


def copies_of(package: dict[str, Any], source_id: str) -> dict[str, dict[str, Any]]:
    """The CSV copies of one source resource in its dataset, by sheet name."""
    return {r[COPY_SHEET]: r for r in package.get("resources", []) if r.get(COPY_OF) == source_id}


def sync_copies(source: dict[str, Any], report: dict[str, Any]) -> None:
    """One CSV copy per sheet: new sheets added, changed sources re-copied, vanished sheets removed."""
    if canonical_format(report["detected_format"]) not in SPREADSHEET_FORMATS:
        return
    context = site_context()
    package = tk.get_action("package_show")(context, {"id": source["package_id"]})
    existing = copies_of(package, source["id"])
    for copy in report["copies"]:
        current = existing.pop(copy["sheet"], None)
        if current and current.get(COPY_SOURCE_SHA256) == report["sha256"]:
            continue
        fields = _copy_fields(source, copy, report["sha256"])
        with open(copy["path"], "rb") as stream:
            fields["upload"] = FileStorage(stream, _copy_filename(source, copy), content_type="text/csv")
            if current:
                tk.get_action("resource_patch")(site_context(), {"id": current["id"], **fields})
            else:
                fields["package_id"] = source["package_id"]
                tk.get_action("resource_create")(site_context(), fields)
    for stale in existing.values():
        tk.get_action("resource_delete")(site_context(), {"id": stale["id"]})


def remove_copies(source_id: str, package_id: str) -> None:
    """The source is gone: so are its report and its copies (a job, after the deletion is committed)."""
    storage.delete_report(source_id)
    try:
        package = tk.get_action("package_show")(site_context(), {"id": package_id})
    except tk.ObjectNotFound:
        return
    for copy in copies_of(package, source_id).values():
        tk.get_action("resource_delete")(site_context(), {"id": copy["id"]})


def _copy_fields(source: dict[str, Any], copy: dict[str, Any], source_sha256: str) -> dict[str, Any]:
    inherited = {key: value for key, value in source.items() if key not in NOT_INHERITED}
    source_name = _display_name(source)
    return {
        **inherited,
        "name": f"{source_name} – {copy['sheet']} (CSV)",
        "description": (
            f'สำเนา CSV (UTF-8) ของชีต "{copy["sheet"]}" จาก "{source_name}" สร้างอัตโนมัติ\n\n'
            f'Automatic UTF-8 CSV copy of sheet "{copy["sheet"]}" of "{source_name}" '
            f"({copy['rows']} rows, {copy['columns']} columns)."
        ),
        "format": "CSV",
        COPY_OF: source["id"],
        COPY_SHEET: copy["sheet"],
        COPY_SOURCE_SHA256: source_sha256,
    }


def _copy_filename(source: dict[str, Any], copy: dict[str, Any]) -> str:
    stem = Path(source["url"].rsplit("/", 1)[-1]).stem or "resource"
    return f"{stem}-sheet-{copy['index'] + 1}.csv"
