"""The KPI dataset dict of one document: the source's default DGA metadata, overridden by what the
extraction found and by the source's explicit overrides. Nothing is invented: a field the document does
not state and the source does not give stays empty, and the schema's validators decide."""

from __future__ import annotations

import copy
import re
from typing import Any

from ckanext.kpi.extraction.model import ExtractionResult
from ckanext.kpi.extraction.thai import fiscal_year_bounds

from .config import SourceConfig

DATASET_TYPE = "dataset"  # KPI datasets are DGA datasets with the KPI fields (issue 16)
_NAME_UNSAFE_RE = re.compile(r"[^a-z0-9_-]+")
MAX_NAME_LENGTH = 100
# Keys of the defaults that belong to the harvester, not to the source's metadata.
_NOT_DEFAULTS = frozenset({"id", "name", "type", "owner_org", "resources", "private"})
# Formats the published resources have; merged into the DGA data_format list.
PUBLISHED_FORMATS = ("CSV", "JSON", "Text")


def dataset_name(prefix: str, document_id: str) -> str:
    """A CKAN name: lower-case, ``[a-z0-9_-]``, at most 100 characters, prefix first."""
    slug = _NAME_UNSAFE_RE.sub("-", document_id.lower()).strip("-_")
    name = f"{prefix}-{slug}" if prefix else slug
    return name[:MAX_NAME_LENGTH].rstrip("-_")


def _fiscal_years(result: ExtractionResult) -> list[int]:
    return sorted(
        {
            row.fiscal_year_be
            for row in result.tables["observations"]
            if row.fiscal_year_be and row.period_type == "FY"
        }
    )


def _merged_formats(defaults: dict[str, Any]) -> list[str]:
    stated = defaults.get("data_format") or []
    stated = [stated] if isinstance(stated, str) else list(stated)
    return list(dict.fromkeys([*stated, *PUBLISHED_FORMATS]))


def _period(metadata: dict[str, Any], fiscal_year: int | None) -> dict[str, str]:
    start, end = metadata.get("period_start"), metadata.get("period_end")
    if not (start and end) and fiscal_year:
        first, last = fiscal_year_bounds(fiscal_year)
        start, end = first.isoformat(), last.isoformat()
    return {"kpi_period_start": start or "", "kpi_period_end": end or ""}


def _generated_notes(result: ExtractionResult, title: str, source_url: str) -> str:
    counts = ", ".join(
        f"{name} {len(rows)}" for name, rows in result.tables.items() if rows and name != "findings"
    )
    return (
        f"{title}\n\nตารางข้อมูลที่สกัดจากเอกสาร / Tables extracted from the document: {counts or '-'}.\n\n"
        f"ที่มา / Source: {source_url}"
    )


def _kpi_fields(result: ExtractionResult, config: SourceConfig, defaults: dict[str, Any]) -> dict[str, Any]:
    metadata = result.metadata
    fiscal_year = config.fiscal_year_be or metadata.get("fiscal_year_be") or defaults.get("kpi_fiscal_year")
    fiscal_year = int(fiscal_year) if fiscal_year else None
    years = _fiscal_years(result) or ([fiscal_year] if fiscal_year else [])
    fields = {
        "kpi_fiscal_year": str(fiscal_year) if fiscal_year else "",
        "kpi_document_kind": config.document_kind
        or metadata.get("doc_type")
        or defaults.get("kpi_document_kind", ""),
        "kpi_issuing_agency": metadata.get("issuer_org") or defaults.get("kpi_issuing_agency", ""),
        "kpi_subject_agency": metadata.get("subject_org") or defaults.get("kpi_subject_agency", ""),
        "kpi_as_of_date": metadata.get("as_of_date") or defaults.get("kpi_as_of_date", ""),
        **_period(metadata, fiscal_year),
    }
    if years:
        fields.update(first_year_of_data=str(years[0]), last_year_of_data=str(years[-1]))
    return {key: value for key, value in fields.items() if value}


def build_dataset_dict(
    result: ExtractionResult,
    config: SourceConfig,
    *,
    organization: dict[str, Any],
    source_url: str,
) -> dict[str, Any]:
    """``organization`` is the owner's ``organization_show`` dict: its id owns the dataset, its name
    prefixes the dataset's name (unless the source sets ``name_prefix``), its title is the default issuer."""
    defaults = {k: v for k, v in copy.deepcopy(config.dataset_defaults).items() if k not in _NOT_DEFAULTS}
    title = result.metadata.get("title") or defaults.get("title") or result.document_id
    dataset = {
        **defaults,
        "type": DATASET_TYPE,
        "name": dataset_name(config.name_prefix or organization["name"], result.document_id),
        "title": title,
        "owner_org": organization["id"],
        "private": config.private,
        "notes": defaults.get("notes") or _generated_notes(result, title, source_url),
        "data_format": _merged_formats(defaults),
        **_kpi_fields(result, config, defaults),
    }
    dataset.setdefault("kpi_issuing_agency", organization.get("title") or organization["name"])
    return dataset
