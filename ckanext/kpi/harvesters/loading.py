"""``ckan kpi load FILE|URL --org ORG``: one document or spreadsheet published without a harvest source,
through the same extraction and publishing code as the harvesters. Used by ``ckan kpi load-demo`` too."""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import ckan.plugins.toolkit as tk

from .base import KpiHarvesterBase
from .config import SourceConfig, mapping_of
from .datasets import dataset_name
from .document import DOCUMENT_SUFFIXES, extraction_issues
from .fetching import DOCUMENT_TYPES, PRIVATE_NETWORK_HINT, SPREADSHEET_TYPES, FetchPolicy, fetch
from .issues import Issue
from .kpi_template import extract_kpi_template, is_kpi_template
from .nso_template import MetadataRow, is_nso_template, read_nso_template
from .publishing import extract_text, publish, publish_metadata
from .resource_files import ORIGINAL_PREFIX, OriginalFile
from .spreadsheets import TABLE_SUFFIXES, read_sheets
from .store import find_package, uploads_in_file_store


@dataclass(frozen=True)
class LoadOutcome:
    name: str
    status: str  # created, updated, unchanged, rejected
    issues: tuple[Issue, ...] = ()
    message: str = ""


def read_location(location: str, config: SourceConfig) -> OriginalFile:
    """A local file, or a URL fetched under the same rules as a harvest source."""
    if location.startswith(("http://", "https://")):
        policy = FetchPolicy(
            allowed_types=DOCUMENT_TYPES | SPREADSHEET_TYPES,
            allowed_suffixes=(*DOCUMENT_SUFFIXES, *TABLE_SUFFIXES),
            max_bytes=config.max_bytes,
            connect_timeout=config.connect_timeout,
            read_timeout=config.read_timeout,
            allow_private_network=config.allow_private_network,
            private_network_hint=PRIVATE_NETWORK_HINT,
        )
        fetched = fetch(location, policy)
        return OriginalFile(fetched.file_name, fetched.body, fetched.content_type, fetched.url)
    path = Path(location)
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return OriginalFile(path.name, path.read_bytes(), content_type, path.resolve().as_uri())


def load_fingerprint(original: OriginalFile, config: SourceConfig) -> str:
    """Stored as the original resource's ``hash``: equal means nothing to do."""
    key = "\n".join((KpiHarvesterBase.content_fingerprint(config), hashlib.sha256(original.body).hexdigest()))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _is_unchanged(user: str, name: str, original: OriginalFile, fingerprint: str) -> bool:
    package = find_package(user, name)
    if not package or package.get("state") != "active":
        return False
    original_key = f"{ORIGINAL_PREFIX}{original.file_name}"
    resources = package["resources"]
    same_original = any(
        r.get("hash") == fingerprint and r["url"].endswith(("/" + original_key, f"/{original_key}.txt"))
        for r in resources
    )
    return same_original and uploads_in_file_store(resources)


def _reject(name: str, error: tk.ValidationError) -> LoadOutcome:
    summary = "; ".join(f"{key}: {message}" for key, message in (error.error_summary or {}).items())
    return LoadOutcome(name, "rejected", message=summary)


def load(
    original: OriginalFile,
    config: SourceConfig,
    *,
    org: str,
    user: str,
    mapping: dict[str, Any] | None = None,
) -> Iterator[LoadOutcome]:
    """Publish one file: a document (text, PDF, DOCX, ODT, HTML, or a spreadsheet in no template) or a KPI
    template → one kpi dataset; an NSO metadata template → one dataset per row. Raises ``ExtractionError``
    for unreadable input (a ``ReaderError`` names the file and, where known, the page).

    ``mapping`` (an admin mapping, ckanext/kpi/schemas/mapping.schema.json) overrides the config's: an
    upload form passes the mapping its user gave; an invalid one raises ``MappingError`` naming the field."""
    if mapping is not None:
        from ckanext.kpi.extraction.mapping import validate_mapping

        validate_mapping(mapping, source="mapping")
        config = replace(config, mapping=mapping)
    if original.file_name.lower().endswith(TABLE_SUFFIXES):
        sheets = read_sheets(original.body, original.file_name)
        if is_nso_template(sheets):
            for row in read_nso_template(sheets, original.file_name):
                yield _load_metadata_row(row, config, org=org, user=user)
            return
        if is_kpi_template(sheets):
            result, issues = extract_kpi_template(sheets, original.file_name, original.body)
        else:  # any other spreadsheet: its sheets as tables for the document profiles (issue 18)
            result = extract_text(original, config.profile)
            issues = extraction_issues(result, original.file_name)
    else:
        result = extract_text(original, config.profile, mapping_of(config))
        issues = extraction_issues(result, original.file_name)
    name = dataset_name(config.name_prefix or org, result.document_id)
    fingerprint = load_fingerprint(original, config)
    if _is_unchanged(user, name, original, fingerprint):
        yield LoadOutcome(name, "unchanged", tuple(issues))
        return
    try:
        publication = publish(result, original, config, owner_org=org, user=user, original_hash=fingerprint)
    except tk.ValidationError as error:
        yield _reject(name, error)
        return
    status = "created" if publication.created else "updated"
    yield LoadOutcome(publication.package["name"], status, tuple(issues))


def _load_metadata_row(row: MetadataRow, config: SourceConfig, *, org: str, user: str) -> LoadOutcome:
    name = row.dataset.get("name", f"{row.sheet}:{row.line}")
    try:
        publication = publish_metadata(row.dataset, row.resources, config, owner_org=org, user=user)
    except tk.ValidationError as error:
        return _reject(name, error)
    return LoadOutcome(name, "created" if publication.created else "updated", tuple(row.issues))
