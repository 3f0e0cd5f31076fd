"""The files a ``kpi`` dataset publishes for one document: the tidy CSV tables, a JSON bundle of the whole
document, the findings, and the original document (last, so it is never taken for the primary data).
Each file's name is its stable key: re-imports match resources by it and keep their ids and URLs."""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ckanext.kpi.extraction.model import ExtractionResult, row_dict
from ckanext.kpi.extraction.personal_data import redact_text
from ckanext.kpi.extraction.tables import load_schema, tables_to_write, write_csv

FINDINGS = "findings"
OBSERVATIONS = "observations"
ORIGINAL_PREFIX = "original-"


@dataclass(frozen=True)
class ResourceFile:
    key: str  # the file name, unique within the dataset
    name: str
    description: str
    format: str
    mimetype: str
    data: bytes
    table: str = ""  # the tidy table, for CSVs


@dataclass(frozen=True)
class OriginalFile:
    file_name: str
    body: bytes
    content_type: str
    url: str

    @property
    def public_location(self) -> str:
        """Where the document came from, as published text: a local file (``ckan kpi load FILE``) is named
        by its file name only, so no server path reaches a public page."""
        return self.file_name if self.url.startswith("file:") else self.url


_ORIGINAL_FORMATS = {
    ".txt": "TXT",
    ".md": "TXT",
    ".pdf": "PDF",
    ".docx": "DOCX",
    ".odt": "ODT",
    ".html": "HTML",
    ".htm": "HTML",
    ".csv": "CSV",
    ".xlsx": "XLSX",
    ".xls": "XLS",
    ".ods": "ODS",
}


def _table_csv(table: str, rows: list[Any]) -> bytes:
    with tempfile.TemporaryDirectory(prefix="kpi-table-") as folder:
        path = Path(folder) / f"{table}.csv"
        write_csv(path, table, rows)
        return path.read_bytes()


def _table_resource(result: ExtractionResult, table: str) -> ResourceFile:
    schema = load_schema(table)
    rows = result.tables[table]
    return ResourceFile(
        key=f"{table}.csv",
        name=f"{schema.get('title', table)} ({len(rows)})",
        description=f"{schema.get('description', '')}\n\n"
        f"Table schema: ckanext/kpi/schemas/tables/{table}.json",
        format="CSV",
        mimetype="text/csv",
        data=_table_csv(table, rows),
        table=table,
    )


def bundle_json(result: ExtractionResult) -> bytes:
    """The whole document: its metadata, extras and every table as lists of rows (CSV cell texts)."""
    bundle = {
        "document": result.metadata,
        "extras": result.extras,
        "tables": {name: [row_dict(row) for row in rows] for name, rows in result.tables.items()},
    }
    return json.dumps(bundle, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")


def published_original(original: OriginalFile) -> tuple[bytes, int]:
    """The original as it may be published: a text document passes through the personal-data screen, like
    the tables extracted from it; returns the bytes and how many places were redacted."""
    try:
        text = original.body.decode("utf-8")
    except UnicodeDecodeError:
        return original.body, 0  # not text: the publishing gate decides what it can read
    redacted, hits = redact_text(text)
    return (redacted.encode("utf-8"), len(hits)) if hits else (original.body, 0)


def personal_data_found(result: ExtractionResult) -> int:
    """How many places of the document the personal-data screen redacted (its findings)."""
    return sum(1 for finding in result.findings if finding.rule.startswith("personal_data_"))


def _original_resource(original: OriginalFile, result: ExtractionResult | None = None) -> ResourceFile:
    suffix = Path(original.file_name).suffix.lower()
    if result is not None and result.screened_text and personal_data_found(result):
        return _withheld_original(original, result)
    body, redactions = published_original(original)
    description = (
        f"The document as published at {original.public_location}. The tables above are extracted from it."
    )
    if redactions:
        description += (
            f" Personal data was removed in {redactions} places (see findings.csv for kind and line)."
        )
    return ResourceFile(
        key=f"{ORIGINAL_PREFIX}{original.file_name}",
        name=f"Original document: {original.file_name}",
        description=description,
        format=_ORIGINAL_FORMATS.get(suffix, "TXT"),
        mimetype=original.content_type or "application/octet-stream",
        data=body,
    )


def _withheld_original(original: OriginalFile, result: ExtractionResult) -> ResourceFile:
    """A PDF, DOCX, ODT, HTML or spreadsheet original with personal data is not published as is (its
    bytes cannot be redacted reliably: images, metadata, hidden text): its screened text layer is
    published in its place, under the same key, so a re-import replaces it."""
    count = personal_data_found(result)
    return ResourceFile(
        key=f"{ORIGINAL_PREFIX}{original.file_name}.txt",
        name=f"Original document (text, personal data removed): {original.file_name}",
        description=(
            f"The text of the document published at {original.public_location}, as the tables above were "
            f"extracted from it. The original file contains personal data in {count} places and is not "
            "published; those places are replaced by [personal data removed: kind] (see findings.csv)."
        ),
        format="TXT",
        mimetype="text/plain",
        data=result.screened_text.encode("utf-8"),
    )


def build_resource_files(result: ExtractionResult, original: OriginalFile) -> list[ResourceFile]:
    tidy = [
        _table_resource(result, table)
        for table in tables_to_write(result)
        if table != FINDINGS and result.tables[table]
    ]
    bundle = ResourceFile(
        key=f"{result.document_id}.json",
        name=f"Document bundle (JSON): {result.document_id}",
        description="Metadata, extras and all tables of the document in one JSON file.",
        format="JSON",
        mimetype="application/json",
        data=bundle_json(result),
    )
    return [*tidy, bundle, _table_resource(result, FINDINGS), _original_resource(original, result)]
