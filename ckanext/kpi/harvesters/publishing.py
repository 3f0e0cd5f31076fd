"""Publishing one extracted document as a ``kpi`` dataset: the last step of the one way in
(:mod:`ckanext.kpi.harvesters.ingest`), which every entry point takes.

The extraction library has screened the text for personal data before any table was made; the dataset
schema's publication rule refuses a public dataset whose category holds personal data, and harvested
datasets are private unless the source config says ``"private": false``."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.kpi.extraction.mapping import Mapping
from ckanext.kpi.extraction.model import ExtractionResult
from ckanext.kpi.extraction.pipeline import extract_document

from .config import SourceConfig
from .datasets import build_dataset_dict
from .resource_files import ORIGINAL_PREFIX, OriginalFile, build_resource_files
from .store import (
    OBSERVATIONS_FILE,
    find_package,
    load_observations,
    save_package,
    upload_resource,
)


@dataclass(frozen=True)
class Publication:
    package: dict[str, Any]
    created: bool
    observations_loaded: int


def extract_text(
    original: OriginalFile, profile: str | None, mapping: Mapping | None = None
) -> ExtractionResult:
    """Run the extraction library on the downloaded bytes, under the document's own file name (the
    library derives the document id from it). Raises ``ExtractionError`` for unreadable input and
    ``MappingError`` (an ExtractionError naming the field) for a mapping that does not fit the document."""
    with tempfile.TemporaryDirectory(prefix="kpi-harvest-") as folder:
        path = Path(folder) / Path(original.file_name).name
        path.write_bytes(original.body)
        result, _document = extract_document(path, profile=profile, mapping=mapping)
    return result


def organization_of(id_or_name: str) -> dict[str, Any]:
    """The owner's id, name and title, read from the model: ``organization_show`` would also build member,
    extra and follower lists for every imported document. Writing the dataset checks the owner anyway."""
    group = model.Group.get(id_or_name)
    if group is None or not group.is_organization or group.state != "active":
        raise tk.ObjectNotFound(tk._("Organization not found") + f": {id_or_name}")
    return {"id": group.id, "name": group.name, "title": group.title}


def publish(
    result: ExtractionResult,
    original: OriginalFile,
    config: SourceConfig,
    *,
    owner_org: str,
    user: str,
    existing_id: str | None = None,
    original_hash: str = "",
) -> Publication:
    """Create or update the document's dataset (matched by ``existing_id``, else by name).
    ``original_hash`` is stored as the original document resource's ``hash``."""
    organization = organization_of(owner_org)
    dataset = build_dataset_dict(
        result, config, organization=organization, source_url=original.public_location
    )
    existing = _existing_package(user, existing_id, dataset)
    resources = [upload_resource(file) for file in build_resource_files(result, original)]
    for resource in resources:
        if original_hash and resource["url"].startswith(ORIGINAL_PREFIX):
            resource["hash"] = original_hash
        if resource["url"] == OBSERVATIONS_FILE:
            # Set with the dataset write, so loading the DataStore does not re-index the dataset.
            resource["datastore_active"] = True
    package = save_package(user, dataset, resources, existing)
    loaded = load_observations(user, package, result.tables["observations"])
    return Publication(package=package, created=existing is None, observations_loaded=loaded)


def _existing_package(user: str, existing_id: str | None, dataset: dict[str, Any]) -> dict[str, Any] | None:
    """The dataset to update: the one this object imported before, else the one of the same name."""
    existing = find_package(user, existing_id) if existing_id else None
    existing = existing or find_package(user, dataset["name"])
    if existing is not None and existing.get("state") != "active":
        dataset["state"] = "active"  # a withdrawn document that came back
    return existing


def publish_metadata(
    dataset: dict[str, Any],
    resources: list[dict[str, Any]],
    config: SourceConfig,
    *,
    owner_org: str,
    user: str,
    existing_id: str | None = None,
) -> Publication:
    """Create or update a dataset described by a metadata template row (link resources, no tables)."""
    organization = organization_of(owner_org)
    defaults = {k: v for k, v in config.dataset_defaults.items() if k not in ("id", "type", "resources")}
    dataset = {**defaults, **dataset, "owner_org": organization["id"], "private": config.private}
    existing = _existing_package(user, existing_id, dataset)
    package = save_package(user, dataset, resources, existing)
    return Publication(package=package, created=existing is None, observations_loaded=0)
