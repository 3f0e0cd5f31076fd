"""The generic KPI reader: tables and statements of documents no family profile knows.

One module per idea: :mod:`.vocabulary` (what a header label means), :mod:`.detect` (tables beyond TAB
rows), :mod:`.context` (the fiscal year and role words around a table), :mod:`.values` (one cell and how
sure its reading is), :mod:`.reader` (a table to indicators and observations), :mod:`.statements` (KPI
statements in prose and lists), :mod:`.settings` (the confidence threshold).
"""

from __future__ import annotations

import re
from collections import Counter

from ...blocks import strip_markdown
from ...model import ExtractionResult
from ...structure import Document
from ..base import Profile, document_metadata
from .detect import Candidate, find_tables
from .reader import GenericReading, note_unread, read_table
from .settings import GenericSettings
from .statements import read_statements

_TAG_RE = re.compile(r"<[^>]{0,200}>")

__all__ = ["GenericProfile", "GenericReading", "GenericSettings", "merge_into", "read_document"]


def read_document(
    document: Document,
    settings: GenericSettings | None = None,
    *,
    skip_lines: set[int] | None = None,
    self_contained_only: bool = False,
) -> GenericReading:
    """Read every KPI table and statement of the document; tables touching ``skip_lines`` (read by a
    profile) are left alone. ``self_contained_only`` (inside a family profile) reads only tables that name
    their indicators themselves: a table under a KPI heading belongs to the profile's section."""
    reading = GenericReading(settings or GenericSettings.from_env())
    skip = skip_lines or set()
    for position, candidate in enumerate(find_tables(document), start=1):
        if _touches(candidate, skip):
            continue
        report = read_table(
            document, candidate, f"T{position}", reading, self_contained_only=self_contained_only
        )
        if report["status"] == "read":
            reading.tables.append(report)
            note_unread(reading, report)
    statements = read_statements(document, reading, skip)
    if statements:
        reading.tables.append(
            {
                "table": "S",
                "layout": "statement",
                "reader": "generic",
                "status": "read",
                "observations": statements,
            }
        )
    from .names import join_renamed_indicators

    join_renamed_indicators(reading)
    return reading


def _touches(candidate: Candidate, lines: set[int]) -> bool:
    grid = candidate.grid
    return any(line in lines for line in range(grid.line_start, grid.line_end + 1))


def generic_metadata(document: Document, reading: GenericReading) -> dict[str, object]:
    """Title (the first heading, else the first line), type and the fiscal year most values carry."""
    title = next((b.text for b in document.blocks if b.kind == "heading"), "")
    if not title:
        lines = (strip_markdown(_TAG_RE.sub(" ", line)) for line in document.source.lines)
        title = next((line for line in lines if line), "")
    years = Counter(o.fiscal_year_be for o in reading.observations if o.fiscal_year_be)
    year = years.most_common(1)[0][0] if years else None
    return document_metadata(title[:300], GenericProfile.doc_type, year)


def merge_into(result: ExtractionResult, reading: GenericReading) -> None:
    result.add("indicators", *reading.indicators)
    result.add("observations", *reading.observations)
    result.add("findings", *reading.findings)
    tables = result.metadata.setdefault("tables_read", [])
    tables.extend(reading.tables)


class GenericProfile(Profile):
    """Not a family: the reader of any document whose tables have an indicator column and value columns."""

    name = "generic"
    doc_type = "kpi_document"
    description = "any KPI table (indicator column + target/result/weight/year columns) and KPI statements"

    def score(self, document: Document) -> float:
        return 0.0

    def has_key_table(self, document: Document) -> bool:
        return bool(read_document(document).observations)

    def extract(self, document: Document, result: ExtractionResult) -> None:
        merge_into(result, read_document(document))
