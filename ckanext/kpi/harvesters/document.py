"""``kpi_document``: KPI plans, assessment forms and reports (PDF, DOCX, ODT, HTML pages or text
extractions), listed by URL or by an index, extracted with the extraction library into one ``kpi`` dataset
each. The format readers (:mod:`ckanext.kpi.extraction.readers`) decide the format from the bytes."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import ckan.plugins as p

from ckanext.harvest.interfaces import IHarvester
from ckanext.kpi.extraction.pipeline import document_id_for

from .base import GatherEntry, KpiHarvesterBase
from .config import SourceConfig
from .fetching import DOCUMENT_TYPES
from .ingest import DOCUMENT_SUFFIXES
from .listing import listed_urls


def document_guid(source_url: str, document_url: str) -> str:
    """Stable across runs: the source URL plus the document id the extraction library derives from the
    document's file name."""
    path = PurePosixPath(urlsplit(document_url).path)
    return f"{source_url}#{document_id_for(path, '')}"


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
