"""``kpi_document``: KPI plans, assessment forms and reports (PDF, DOCX, ODT, HTML pages or text
extractions), listed by URL or by an index, extracted with the extraction library into one ``kpi`` dataset
each. The format readers (:mod:`ckanext.kpi.extraction.readers`) decide the format from the bytes."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import ckan.plugins as p

from ckanext.harvest.interfaces import IHarvester
from ckanext.kpi.extraction.model import ExtractionResult
from ckanext.kpi.extraction.pipeline import document_id_for

from .base import GatherEntry, KpiHarvesterBase
from .config import SourceConfig, mapping_of
from .fetching import DOCUMENT_TYPES
from .issues import Issue
from .listing import listed_urls
from .publishing import extract_text
from .resource_files import OriginalFile

DOCUMENT_SUFFIXES = (".txt", ".md", ".pdf", ".docx", ".odt", ".html", ".htm")


def document_guid(source_url: str, document_url: str) -> str:
    """Stable across runs: the source URL plus the document id the extraction library derives from the
    document's file name."""
    path = PurePosixPath(urlsplit(document_url).path)
    return f"{source_url}#{document_id_for(path, '')}"


def extraction_issues(result: ExtractionResult, file_name: str) -> list[Issue]:
    """Findings of severity ``error`` are harvest errors; warnings stay in the findings resource."""
    return [
        Issue(rule=finding.rule, message=finding.message, file=file_name, line=finding.source_line)
        for finding in result.findings
        if finding.severity == "error"
    ]


class KpiDocumentHarvester(KpiHarvesterBase, p.SingletonPlugin):
    p.implements(IHarvester)

    name = "kpi_document"
    title = "KPI documents"
    description = (
        "KPI plans, assessment forms and reports (PDF, DOCX, ODT, HTML or text), listed by URL or by a CSV "
        "or HTML index, published as kpi datasets with tidy tables and a DataStore series."
    )
    allowed_types = DOCUMENT_TYPES
    allowed_suffixes = DOCUMENT_SUFFIXES

    def gather_entries(self, source: Any, config: SourceConfig) -> list[GatherEntry]:
        urls = listed_urls(source.url, config, self.fetch_policy(config), DOCUMENT_SUFFIXES)
        return [GatherEntry(guid=document_guid(source.url, url), url=url) for url in urls]

    def extract(self, original: OriginalFile, config: SourceConfig) -> tuple[ExtractionResult, list[Issue]]:
        result = extract_text(original, config.profile, mapping_of(config))
        return result, extraction_issues(result, original.file_name)
