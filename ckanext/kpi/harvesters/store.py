"""Writing a document's dataset through CKAN's action API, so the site's scheming schema and its
validators run (HarvesterBase._create_or_update_package would force CKAN's default schema instead).

Each dataset is written with one action call, because every write is indexed and committed in Solr, which
is most of a harvest's time. ``package_update`` stores uploaded files itself; for ``package_create`` the
files are stored just before, with CKAN's resource uploader (the same one, so IUploader plugins apply).
Resources are matched to existing ones by file name, so an update keeps the dataset's and the resources'
ids and URLs."""

from __future__ import annotations

import io
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import ckan.plugins.toolkit as tk
from ckan.lib import uploader
from werkzeug.datastructures import FileStorage

from ckanext.kpi.extraction.model import row_dict
from ckanext.kpi.extraction.tables import load_schema
from ckanext.kpi.uploads import stored_upload_path

from .resource_files import OBSERVATIONS, ResourceFile

OBSERVATIONS_FILE = f"{OBSERVATIONS}.csv"
_DATASTORE_TYPES = {
    "integer": "int",
    "number": "numeric",
    "boolean": "bool",
    "string": "text",
    "date": "date",
}


def action_context(user: str) -> dict[str, Any]:
    """A fresh context per action call (CKAN mutates it); the user is real, so activities are recorded."""
    return {"user": user, "ignore_auth": True}


def resource_key(resource: dict[str, Any]) -> str:
    """The file name of an uploaded resource: the last segment of its URL."""
    return urlsplit(resource.get("url") or "").path.rsplit("/", 1)[-1]


def resource_identity(resource: dict[str, Any]) -> str:
    """What matches a new resource to a stored one: the file name of an upload, else the whole URL."""
    return resource_key(resource) if resource.get("url_type") == "upload" else resource.get("url", "")


def uploads_in_file_store(resources: list[dict[str, Any]]) -> bool:
    """Whether every uploaded resource's file is in CKAN's file store. A database restored without its
    file store (or a new ``ckan.storage_path``) has datasets whose files are gone: such a dataset is not
    "unchanged", whatever its hashes say, and must be written again."""
    return all(stored_upload_path(r) is not None for r in resources if r.get("url_type") == "upload")


def upload_resource(resource_file: ResourceFile) -> dict[str, Any]:
    """A resource dict whose file ``package_update`` stores in CKAN's file store."""
    upload = FileStorage(
        stream=io.BytesIO(resource_file.data),
        filename=resource_file.key,
        content_type=resource_file.mimetype,
    )
    return {
        "name": resource_file.name,
        "description": resource_file.description,
        "format": resource_file.format,
        "mimetype": resource_file.mimetype,
        "url": resource_file.key,
        "url_type": "upload",
        "upload": upload,
        **resource_file.translations,
    }


def find_package(user: str, id_or_name: str) -> dict[str, Any] | None:
    try:
        return tk.get_action("package_show")(action_context(user), {"id": id_or_name})
    except tk.ObjectNotFound:
        return None


def save_package(
    user: str,
    dataset: dict[str, Any],
    resources: list[dict[str, Any]],
    existing: dict[str, Any] | None,
) -> dict[str, Any]:
    """Create or update the dataset with its resources (matched to stored ones by
    :func:`resource_identity`); returns the stored package dict. Raises ``tk.ValidationError``."""
    if existing is None:
        return _create_package(user, dataset, resources)
    stored_ids = {resource_identity(r): r["id"] for r in existing.get("resources", [])}
    matched = [
        {**resource, "id": stored_ids[resource_identity(resource)]}
        if resource_identity(resource) in stored_ids
        else resource
        for resource in resources
    ]
    update = {**dataset, "id": existing["id"], "name": existing["name"], "resources": matched}
    return tk.get_action("package_update")(action_context(user), update)


def _create_package(user: str, dataset: dict[str, Any], resources: list[dict[str, Any]]) -> dict[str, Any]:
    """package_create with the resources, their files stored first under ids chosen here: the dataset is
    indexed once, when it is created, and the index reads the tidy tables' names from the files
    (ckanext/kpi/search.py). Files of a dataset the schema rejects are removed again."""
    resources = [{**resource, "id": str(uuid.uuid4())} for resource in resources]
    uploads = [uploader.get_resource_uploader(resource) for resource in resources]  # takes the files out
    for resource, upload in zip(resources, uploads, strict=True):
        if getattr(upload, "filesize", None) is not None:
            resource["size"] = upload.filesize
        upload.upload(resource["id"], uploader.get_max_resource_size())
    try:
        return tk.get_action("package_create")(action_context(user), {**dataset, "resources": resources})
    except Exception:
        _remove_files(resources, uploads)
        raise


def _remove_files(resources: list[dict[str, Any]], uploads: list[Any]) -> None:
    for resource, upload in zip(resources, uploads, strict=True):
        if getattr(upload, "filename", None) and hasattr(upload, "get_path"):
            Path(upload.get_path(resource["id"])).unlink(missing_ok=True)


def _typed(value: str, field_type: str) -> Any:
    if value == "":
        return None
    if field_type == "integer":
        return int(value)
    if field_type == "number":
        return Decimal(value)
    if field_type == "boolean":
        return value == "true"
    return value


def datastore_fields(table: str) -> list[dict[str, Any]]:
    """DataStore column declarations from the table's Frictionless schema (types and descriptions)."""
    return [
        {
            "id": field["name"],
            "type": _DATASTORE_TYPES.get(field["type"], "text"),
            "info": {"label": field["name"], "notes": field.get("description", "")},
        }
        for field in load_schema(table)["fields"]
    ]


def datastore_records(table: str, rows: list[Any]) -> list[dict[str, Any]]:
    types = {field["name"]: field["type"] for field in load_schema(table)["fields"]}
    return [
        {name: _typed(value, types.get(name, "string")) for name, value in row_dict(row).items()}
        for row in rows
    ]


def load_datastore(user: str, resource_id: str, table: str, rows: list[Any]) -> int:
    """Replace the rows of the resource's DataStore table with ``rows``, typed as the table schema declares.
    The table is kept (its rows deleted), so the resource's datastore_active flag never changes and the
    dataset is not re-indexed."""
    try:
        tk.get_action("datastore_records_delete")(
            action_context(user), {"resource_id": resource_id, "filters": {}, "force": True}
        )
    except tk.ObjectNotFound:
        pass  # the first load: datastore_create makes the table
    tk.get_action("datastore_create")(
        action_context(user),
        {
            "resource_id": resource_id,
            "force": True,
            "fields": datastore_fields(table),
            "records": datastore_records(table, rows),
        },
    )
    return len(rows)


def load_observations(user: str, package: dict[str, Any], rows: list[Any]) -> int:
    resource = next((r for r in package.get("resources", []) if resource_key(r) == OBSERVATIONS_FILE), None)
    if resource is None:
        return 0
    return load_datastore(user, resource["id"], OBSERVATIONS, rows)
