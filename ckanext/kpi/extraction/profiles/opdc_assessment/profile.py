"""The profile of the OPDC assessment form: finds the summary table and puts the parts together."""

from __future__ import annotations

from ...grid import Grid
from ...model import ExtractionResult
from ...reading import ExtractionError
from ...structure import Document
from ...thai import (
    fiscal_year_in_text,
    parse_thai_date,
)
from ..base import Profile, document_metadata
from .checks import plan_outside_levels
from .common import _REFERENCE_NO_RE, _SummaryEntry
from .details import DetailBlockReader
from .monitoring import MonitoringTableReader
from .scope import data_catalog_scope
from .summary import SummaryTableReader


class OpdcAssessmentProfile(SummaryTableReader, MonitoringTableReader, DetailBlockReader, Profile):
    name = "opdc_assessment"
    doc_type = "assessment_form"
    description = (
        "OPDC public-organisation assessment form: KPI summary, monitoring KPI, KPI details (seed 001)"
    )
    anchors = (
        "แบบประเมินองค์การมหาชน",
        "องค์ประกอบ/ตัวชี้วัด",
        "น้ำหนัก",
        "เป้าหมายขั้นต่ำ",
        "เป้าหมายขั้นสูง",
    )

    def has_key_table(self, document: Document) -> bool:
        return any(self._is_summary(grid) for grid in document.grids)

    @staticmethod
    def _is_summary(grid: Grid) -> bool:
        labels = " ".join(grid.column_labels())
        return "องค์ประกอบ/ตัวชี้วัด" in labels and "น้ำหนัก" in labels

    def extract(self, document: Document, result: ExtractionResult) -> None:
        summaries = [grid for grid in document.grids if self._is_summary(grid)]
        if not summaries:
            raise ExtractionError(
                "no KPI summary table (header องค์ประกอบ/ตัวชี้วัด, น้ำหนัก) found", path=document.source.path
            )
        fiscal_year = fiscal_year_in_text(" ".join(block.text for block in document.text_blocks()[:40]))
        entries: dict[str, _SummaryEntry] = {}
        context: dict[str, str] = {}
        for grid in summaries:
            self._read_summary(grid, entries, context, result)
        self._check_summary(entries, summaries[0].line_start, result)
        for grid in document.grids:
            if self._is_monitoring(grid):
                self._read_monitoring(grid, result)
        self._read_details(document, summaries[-1].line_end, entries, fiscal_year, result)
        result.add("findings", *plan_outside_levels(result.tables["observations"], fiscal_year))
        result.metadata.update(self._metadata(document, fiscal_year))
        scope = data_catalog_scope(document)
        if scope:
            result.extras["data_catalog_scope"] = scope

    # --- document metadata ----------------------------------------------------------------------------

    def _metadata(self, document: Document, fiscal_year: int | None) -> dict[str, object]:
        blocks = document.text_blocks()
        title_block = next((b for b in blocks if b.text.startswith("แบบประเมินองค์การมหาชน")), None)
        metadata = document_metadata(title_block.text if title_block else "", self.doc_type, fiscal_year)
        if title_block and title_block.line_end + 1 <= len(document.source.lines):
            metadata["subject_org"] = document.source.line(title_block.line_start + 1).strip()
        reference = next((m for b in blocks[:10] if (m := _REFERENCE_NO_RE.match(b.text))), None)
        if reference:
            metadata["issuer_org"] = next(
                (b.text for b in blocks[:10] if "ก.พ.ร." in b.text and "ที่" not in b.text), ""
            )
            metadata["reference_no"] = reference.group(1)
            issued = next(
                (d for b in blocks[:10] if (d := parse_thai_date(b.text)) and d.day and d.year_be), None
            )
            if issued:
                metadata["issued_date"] = issued.to_date().isoformat() if issued.to_date() else ""
                metadata["issued_date_text"] = issued.text
        return metadata
