"""``ckan kpi load FILE|URL --org ORG``: one document or spreadsheet published without a harvest source,
through :func:`ckanext.kpi.harvesters.ingest.ingest`, the one way in the harvesters and the upload drafts
take too."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .config import SourceConfig
from .ingest import IngestOutcome, ingest, read_location
from .resource_files import OriginalFile

LoadOutcome = IngestOutcome

__all__ = ["LoadOutcome", "load", "read_location"]


def load(
    original: OriginalFile,
    config: SourceConfig,
    *,
    org: str,
    user: str,
    mapping: dict[str, Any] | None = None,
) -> Iterator[LoadOutcome]:
    """Publish one file (see :func:`ckanext.kpi.harvesters.ingest.ingest` for what it reads and raises);
    ``mapping`` (an upload form's, or the command's) overrides the config's."""
    yield from ingest(original, config, owner_org=org, user=user, mapping=mapping)
