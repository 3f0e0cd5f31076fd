"""One way in: a file (downloaded, local or uploaded) → the right reader → extraction → unchanged? → publish.

Every entry point calls :func:`ingest`: the harvesters' import stage (``kpi_document``, ``kpi_table``),
``ckan kpi load`` (and so the benchmarks), the demo (whose seeds are harvested by real sources) and the
upload drafts' publish. The reader choice (:func:`read_original`), the "unchanged" fingerprint
(:func:`fingerprint`) and its rule (:func:`is_unchanged`) exist here once. Personal data is screened inside
the extraction library before any table is made; the KPI template's rows are read as the template states."""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.kpi.extraction.model import ExtractionResult
from ckanext.kpi.extraction.pipeline import EXTRACTOR_VERSION

from .config import SourceConfig, mapping_of
from .datasets import dataset_name
from .fetching import DOCUMENT_TYPES, PRIVATE_NETWORK_HINT, SPREADSHEET_TYPES, FetchPolicy, fetch
from .issues import Issue
from .kpi_template import extract_kpi_template, is_kpi_template
from .nso_template import MetadataRow, is_nso_template, read_nso_template
from .publishing import Publication, extract_text, publish, publish_metadata
from .resource_files import ORIGINAL_PREFIX, OriginalFile
from .spreadsheets import TABLE_SUFFIXES, read_sheets
from .store import find_package, uploads_in_file_store

# Part of every fingerprint: a new version of the publishing code writes every dataset again.
HARVESTER_VERSION = "1"

DOCUMENT_SUFFIXES = (".txt", ".md", ".pdf", ".docx", ".odt", ".html", ".htm")

# What a spreadsheet may be: ``any`` (the NSO metadata template, the KPI template, else its sheets as the
# tables of a document) or ``kpi_template`` only (the ``kpi_table`` objects and the upload drafts, whose
# NSO rows are split before or not offered).
Spreadsheets = Literal["any", "kpi_template"]


@dataclass(frozen=True)
class Reading:
    """What the reader made of one file: an extraction result, or the rows of an NSO metadata template."""

    result: ExtractionResult | None = None
    issues: list[Issue] = field(default_factory=list)
    metadata_rows: list[MetadataRow] = field(default_factory=list)


@dataclass(frozen=True)
class IngestOutcome:
    name: str
    status: str  # created, updated, unchanged, rejected
    issues: tuple[Issue, ...] = ()
    message: str = ""
    package: dict[str, Any] | None = None
    # The schema's refusal, for a caller that shows it field by field (the draft form).
    error: tk.ValidationError | None = None


def fetch_policy(
    config: SourceConfig,
    allowed_types: frozenset[str] = DOCUMENT_TYPES | SPREADSHEET_TYPES,
    allowed_suffixes: tuple[str, ...] = (*DOCUMENT_SUFFIXES, *TABLE_SUFFIXES),
) -> FetchPolicy:
    """The download rules of a source's config (size cap, timeouts, private network) for these types."""
    return FetchPolicy(
        allowed_types=allowed_types,
        allowed_suffixes=allowed_suffixes,
        max_bytes=config.max_bytes,
        connect_timeout=config.connect_timeout,
        read_timeout=config.read_timeout,
        allow_private_network=config.allow_private_network,
        private_network_hint=PRIVATE_NETWORK_HINT,
    )


def download(url: str, policy: FetchPolicy) -> OriginalFile:
    """One document over http(s) by the one downloader (``FetchError`` names the rule it broke)."""
    fetched = fetch(url, policy)
    return OriginalFile(fetched.file_name, fetched.body, fetched.content_type, fetched.url)


def read_location(location: str, config: SourceConfig) -> OriginalFile:
    """A local file, or a URL fetched under the same rules as a harvest source."""
    if location.startswith(("http://", "https://")):
        return download(location, fetch_policy(config))
    path = Path(location)
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return OriginalFile(path.name, path.read_bytes(), content_type, path.resolve().as_uri())


def extraction_issues(result: ExtractionResult, file_name: str) -> list[Issue]:
    """Findings of severity ``error`` are harvest errors; warnings stay in the findings resource."""
    return [
        Issue(rule=finding.rule, message=finding.message, file=file_name, line=finding.source_line)
        for finding in result.findings
        if finding.severity == "error"
    ]


def read_original(
    original: OriginalFile, config: SourceConfig, spreadsheets: Spreadsheets = "any"
) -> Reading:
    """The one reader choice. Raises ``ExtractionError`` for unreadable input (a ``ReaderError`` names the
    file and, where known, the page) and for a spreadsheet in no template where only the KPI template is
    accepted."""
    if original.file_name.lower().endswith(TABLE_SUFFIXES):
        sheets = read_sheets(original.body, original.file_name)
        if spreadsheets == "any" and is_nso_template(sheets):
            return Reading(metadata_rows=read_nso_template(sheets, original.file_name))
        if spreadsheets == "kpi_template" or is_kpi_template(sheets):
            result, issues = extract_kpi_template(sheets, original.file_name, original.body)
            return Reading(result, issues)
        # Any other spreadsheet: its sheets as tables for the document profiles (issue 18).
        result = extract_text(original, config.profile)
    else:
        result = extract_text(original, config.profile, mapping_of(config))
    return Reading(result, extraction_issues(result, original.file_name))


def fingerprint(original: OriginalFile, config: SourceConfig) -> str:
    """The one "unchanged" fingerprint: it changes when the file (its bytes, name or public location), the
    source's metadata settings, the extractor or the publishing code change. Stored as the harvest
    object's content hash and as the original resource's ``hash``."""
    key = "\n".join(
        (
            HARVESTER_VERSION,
            EXTRACTOR_VERSION,
            config.fingerprint(),
            original.file_name,
            original.public_location,
            hashlib.sha256(original.body).hexdigest(),
        )
    )
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def is_unchanged(
    stored: str | None, new_fingerprint: str, package: dict[str, Any] | None
) -> bool:
    """The one "unchanged" rule: the same fingerprint as the last publication, and its dataset still active
    with every uploaded file in CKAN's file store (a database restored without its file store has
    datasets whose files are gone: those are written again)."""
    if not stored or stored != new_fingerprint:
        return False
    if package is None or package.get("state") != "active":
        return False
    return uploads_in_file_store(package["resources"])


def package_state(package_id: str) -> dict[str, Any] | None:
    """The state and resources :func:`is_unchanged` reads, from the model (cheaper than ``package_show`` in
    the harvesters' fetch stage, which runs for every listed document)."""
    package = model.Package.get(package_id) if package_id else None
    if package is None:
        return None
    resources = [
        {"id": r.id, "url": r.url, "url_type": r.url_type, "hash": r.hash} for r in package.resources
    ]
    return {"state": package.state, "resources": resources}


def stored_fingerprint(package: dict[str, Any] | None, original: OriginalFile) -> str | None:
    """The fingerprint a dataset published by :func:`ingest` keeps: its original resource's ``hash``."""
    original_key = f"{ORIGINAL_PREFIX}{original.file_name}"
    for resource in (package or {}).get("resources", []):
        if resource["url"].endswith(("/" + original_key, f"/{original_key}.txt")):
            return resource.get("hash") or None
    return None


def validation_issues(
    error: tk.ValidationError, file_name: str, sheet: str = "", line: int | None = None
) -> list[Issue]:
    """One issue per field the schema rejected, the message naming the field."""
    summary = error.error_summary or {"": str(error.error_dict)}
    return [
        Issue("schema", f"{key}: {message}" if key else str(message), file_name, sheet, line=line)
        for key, message in summary.items()
    ]


def _rejected(name: str, error: tk.ValidationError, issues: list[Issue]) -> IngestOutcome:
    """Refused by the schema: ``issues`` are those met reading the file, ``error`` names the fields."""
    model.Session.rollback()  # nothing saved half-way
    summary = "; ".join(f"{key}: {message}" for key, message in (error.error_summary or {}).items())
    return IngestOutcome(name, "rejected", tuple(issues), summary, error=error)


def _outcome(publication: Publication, issues: list[Issue]) -> IngestOutcome:
    status = "created" if publication.created else "updated"
    return IngestOutcome(publication.package["name"], status, tuple(issues), package=publication.package)


def ingest(
    original: OriginalFile,
    config: SourceConfig,
    *,
    owner_org: str,
    user: str,
    mapping: dict[str, Any] | None = None,
    spreadsheets: Spreadsheets = "any",
    existing_id: str | None = None,
    stored: str | None = None,
    check_unchanged: bool = True,
    reading: Reading | None = None,
) -> Iterator[IngestOutcome]:
    """Publish one file: a document (text, PDF, DOCX, ODT, HTML, or a spreadsheet in no template) or a KPI
    template → one kpi dataset; an NSO metadata template → one dataset per row.

    ``mapping`` (an admin mapping, ckanext/kpi/schemas/mapping.schema.json) overrides the config's; an
    invalid one raises ``MappingError`` naming the field. ``existing_id`` names the dataset a harvest
    object published before; ``stored`` the fingerprint it kept (else the dataset's original resource's
    ``hash``); ``check_unchanged=False`` where the caller decided it already (ckanext-harvest's fetch
    stage); ``reading`` a reading the caller made already. Raises ``ExtractionError`` for unreadable input
    and ``tk.ObjectNotFound`` for an unknown organisation; a dataset the schema refuses is ``rejected``."""
    if mapping is not None:
        from ckanext.kpi.extraction.mapping import validate_mapping

        validate_mapping(mapping, source="mapping")
        config = replace(config, mapping=mapping)
    reading = reading or read_original(original, config, spreadsheets)
    for row in reading.metadata_rows:
        yield publish_row(row, config, owner_org=owner_org, user=user)
    if reading.result is None:
        return
    result, issues = reading.result, reading.issues
    new_fingerprint = fingerprint(original, config)
    name = dataset_name(config.name_prefix or owner_org, result.document_id)
    if check_unchanged:
        package = find_package(user, existing_id or name)
        if is_unchanged(stored or stored_fingerprint(package, original), new_fingerprint, package):
            yield IngestOutcome(name, "unchanged", tuple(issues), package=package)
            return
    try:
        publication = publish(
            result,
            original,
            config,
            owner_org=owner_org,
            user=user,
            existing_id=existing_id,
            original_hash=new_fingerprint,
        )
    except tk.ValidationError as error:
        yield _rejected(name, error, issues)
        return
    yield _outcome(publication, issues)


def publish_row(
    row: MetadataRow, config: SourceConfig, *, owner_org: str, user: str, existing_id: str | None = None
) -> IngestOutcome:
    """One row of an NSO metadata template: a dataset of link resources, no tables."""
    name = row.dataset.get("name", f"{row.sheet}:{row.line}")
    try:
        publication = publish_metadata(
            row.dataset, row.resources, config, owner_org=owner_org, user=user, existing_id=existing_id
        )
    except tk.ValidationError as error:
        return _rejected(name, error, list(row.issues))
    return _outcome(publication, list(row.issues))
