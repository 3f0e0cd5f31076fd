"""``kpi_table``: agency spreadsheets and CSV that are already tables. A file in the tidy KPI template
becomes one ``kpi`` dataset (like a document); a file in the NSO GD-Catalog metadata template becomes one
dataset per row, so gather reads those files to list their rows (one harvest object each)."""

from __future__ import annotations

import json
from typing import Any

import ckan.plugins as p

from ckanext.harvest.interfaces import IHarvester
from ckanext.kpi.extraction.reading import ExtractionError

from .base import GatherEntry, KpiHarvesterBase, decode_content, encode_content, previous_current_object
from .config import SourceConfig
from .document import document_guid
from .fetching import SPREADSHEET_TYPES, FetchError
from .ingest import download, publish_row, validation_issues
from .issues import Issue, record_issues
from .listing import listed_urls
from .nso_template import MetadataRow, is_nso_template, read_nso_template
from .resource_files import OriginalFile
from .spreadsheets import TABLE_SUFFIXES, read_sheets

CONTENT_KIND_METADATA_ROW = "nso_metadata_row"


def _metadata_entry(source_url: str, original: OriginalFile, row: MetadataRow) -> GatherEntry:
    content = {
        "kind": CONTENT_KIND_METADATA_ROW,
        "url": original.url,
        "file_name": original.file_name,
        "sheet": row.sheet,
        "line": row.line,
        "dataset": row.dataset,
        "resources": row.resources,
        "issues": [issue.__dict__ for issue in row.issues],
    }
    name = row.dataset.get("name") or f"{row.sheet}-{row.line}"
    return GatherEntry(
        guid=f"{document_guid(source_url, original.url)}#{name}",
        url=original.url,
        content=json.dumps(content, ensure_ascii=False, sort_keys=True),
    )


class KpiTableHarvester(KpiHarvesterBase, p.SingletonPlugin):
    p.implements(IHarvester)

    name = "kpi_table"
    title = "KPI tables (CSV, XLSX, ODS)"
    description = (
        "Agency spreadsheets in the tidy KPI template (kpi datasets with a DataStore series) or in the NSO "
        "GD-Catalog metadata template (one dataset per row)."
    )
    allowed_types = SPREADSHEET_TYPES
    allowed_suffixes = TABLE_SUFFIXES
    default_index_format = "none"
    spreadsheets = "kpi_template"  # an NSO template's rows are split into objects at gather

    def gather_entries(self, source: Any, config: SourceConfig) -> list[GatherEntry]:
        policy = self.fetch_policy(config)
        entries: list[GatherEntry] = []
        for url in listed_urls(source.url, config, policy, TABLE_SUFFIXES):
            entries.extend(self._file_entries(source.url, url, config))
        return entries

    def _file_entries(self, source_url: str, url: str, config: SourceConfig) -> list[GatherEntry]:
        """One entry per file, or per dataset row for a metadata template; a file that cannot be read is
        one entry carrying its issue (so it is reported per object and the other files go on)."""
        guid = document_guid(source_url, url)
        try:
            original = download(url, self.fetch_policy(config))
            sheets = read_sheets(original.body, original.file_name)
        except FetchError as error:
            return [GatherEntry(guid, url, issue=Issue(error.rule, error.message, url, stage="Fetch"))]
        except ExtractionError as error:
            return [GatherEntry(guid, url, issue=Issue("unreadable", error.message, original.file_name))]
        if is_nso_template(sheets):
            return [
                _metadata_entry(source_url, original, row)
                for row in read_nso_template(sheets, original.file_name)
            ]
        return [GatherEntry(guid, url, content=encode_content(original))]

    def original_of(self, content: str) -> OriginalFile:
        data = json.loads(content)
        if data.get("kind") != CONTENT_KIND_METADATA_ROW:
            return decode_content(content)
        # A metadata row: the fingerprint is taken over the row as gather read it.
        name = f"{data['file_name']}#{data['sheet']}:{data['line']}"
        return OriginalFile(name, content.encode("utf-8"), "application/json", data["url"])

    def import_stage(self, harvest_object: Any) -> bool | str:
        content = json.loads(harvest_object.content) if harvest_object.content else {}
        if content.get("kind") != CONTENT_KIND_METADATA_ROW:
            return super().import_stage(harvest_object)
        return self._import_metadata_row(harvest_object, content)

    def _import_metadata_row(self, harvest_object: Any, content: dict[str, Any]) -> bool:
        record_issues(harvest_object, [Issue(**issue) for issue in content["issues"]])
        config = self.source_config(harvest_object.source)
        previous = previous_current_object(harvest_object)
        row = MetadataRow(content["sheet"], content["line"], content["dataset"], content["resources"])
        outcome = publish_row(
            row,
            config,
            owner_org=self.owner_org(harvest_object.source, config),
            user=self._get_user_name(),
            existing_id=previous.package_id if previous else None,
        )
        if outcome.error is not None:
            issues = validation_issues(outcome.error, content["file_name"], content["sheet"], content["line"])
            record_issues(harvest_object, issues)
            return False
        self.mark_current(harvest_object, previous, outcome.package["id"])
        return True
