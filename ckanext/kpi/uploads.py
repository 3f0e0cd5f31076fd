"""Where CKAN's file store keeps the file of an uploaded resource."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ckan.lib import uploader


def upload_path(resource: dict[str, Any]) -> Path:
    """The file store's path for the resource's upload, whether or not the file is there."""
    return Path(uploader.get_resource_uploader(dict(resource)).get_path(resource["id"]))


def stored_upload_path(resource: dict[str, Any]) -> Path | None:
    """The stored file of an uploaded resource; None for a link, or when the file is not in the store."""
    if resource.get("url_type") != "upload" or not resource.get("id"):
        return None
    path = upload_path(resource)
    return path if path.is_file() else None
