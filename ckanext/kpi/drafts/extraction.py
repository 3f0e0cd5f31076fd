"""One uploaded file to an extraction result, and the preview the editor reads before publishing.

:func:`extract_upload` reads a file by the one reader choice of the ingest path
(:func:`ckanext.kpi.harvesters.ingest.read_original`): a spreadsheet must be in the KPI template, any other
document goes to the extraction library."""

from __future__ import annotations

from collections import Counter
from typing import Any

from ckanext.kpi.extraction.model import ExtractionResult, row_dict
from ckanext.kpi.harvesters.config import SourceConfig
from ckanext.kpi.harvesters.ingest import Reading, read_original
from ckanext.kpi.harvesters.issues import Issue
from ckanext.kpi.harvesters.resource_files import OriginalFile

PREVIEW_ROWS = 50
PERSONAL_DATA_RULE_PREFIX = "personal_data_"
REVIEW_SEVERITIES = ("error", "warning")


def extract_upload(
    original: OriginalFile, profile: str | None = None, mapping: dict[str, Any] | None = None
) -> tuple[ExtractionResult, list[Issue]]:
    """Extract one uploaded file. Raises ``ExtractionError`` for a file no reader can read.

    ``mapping`` is the hook of the generic KPI reader's admin mapping (which column or heading is the
    indicator, the year, the target …): it is stored with the draft and passed here on every re-run; the
    readers of today take none."""
    reading = read_upload(original, profile, mapping)
    assert reading.result is not None  # a KPI-template-only reading always has a result
    return reading.result, reading.issues


def read_upload(
    original: OriginalFile, profile: str | None = None, mapping: dict[str, Any] | None = None
) -> Reading:
    """:func:`extract_upload` as the ingest path's :class:`Reading` (what the publish step passes on)."""
    del mapping  # accepted and stored now, applied once the generic reader takes one
    return read_original(original, SourceConfig(profile=profile), spreadsheets="kpi_template")


def counts(result: ExtractionResult) -> dict[str, int]:
    return {name: len(rows) for name, rows in result.tables.items()}


def _reader(result: ExtractionResult, file_name: str) -> str:
    """Which reader read the file: the library's own account when it gives one, else the file kind."""
    metadata = result.metadata
    reader = metadata.get("reader") or metadata.get("source_format")
    if isinstance(reader, dict):
        reader = reader.get("name") or ""
    return str(reader or file_name.rsplit(".", 1)[-1].upper())


def _confidence(result: ExtractionResult) -> float | None:
    """The chosen profile's score (0–1) when the library recognised the document by its content."""
    scores = result.metadata.get("profile_scores") or {}
    if result.profile and result.profile in scores:
        return float(scores[result.profile])
    return None


def preview(result: ExtractionResult, issues: list[Issue], file_name: str) -> dict[str, Any]:
    """What the editor reads before publishing, JSON-ready: never a personal-data value (the library has
    replaced them by marks before any table was made; the findings name the kind and the line only)."""
    findings = [row_dict(f) for f in result.findings]
    personal = [
        {"kind": f["rule"].removeprefix(PERSONAL_DATA_RULE_PREFIX), "line": f["source_line"],
         "message": f["message"]}
        for f in findings
        if f["rule"].startswith(PERSONAL_DATA_RULE_PREFIX)
    ]
    review = [
        f for f in findings
        if f["severity"] in REVIEW_SEVERITIES and not f["rule"].startswith(PERSONAL_DATA_RULE_PREFIX)
    ]
    review += [
        {"severity": "error", "rule": issue.rule, "message": issue.message, "source_line": issue.line or ""}
        for issue in issues
        if issue.rule not in {f["rule"] for f in findings}
    ]
    return {
        "document_id": result.document_id,
        "title": result.metadata.get("title") or "",
        "fiscal_year_be": result.metadata.get("fiscal_year_be") or "",
        "status": result.status,
        "profile": result.profile or "",
        "profile_chosen_by": result.metadata.get("profile_chosen_by") or "",
        "reader": _reader(result, file_name),
        "confidence": _confidence(result),
        "counts": counts(result),
        "severities": dict(Counter(f["severity"] for f in findings)),
        "indicators": [row_dict(row) for row in result.tables["indicators"][:PREVIEW_ROWS]],
        "observations": [row_dict(row) for row in result.tables["observations"][:PREVIEW_ROWS]],
        "findings": findings[:200],
        "needs_review": review[:200],
        "personal_data": personal,
    }
