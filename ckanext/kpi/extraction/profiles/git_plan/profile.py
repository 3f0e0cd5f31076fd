"""The profile of the GIT action plan: reads the plan table row by row and puts the parts together."""

from __future__ import annotations

from decimal import Decimal

from ...checks import info
from ...model import (
    ExtractionResult,
)
from ...reading import ExtractionError
from ...structure import Document
from ...thai import (
    fiscal_year_in_text,
)
from ..base import Profile, document_metadata
from .budget import BudgetReader
from .checks import PlanChecks
from .columns import HeadingsAndColumnsReader
from .common import _FUNDS, PROJECT_CODE_RE, _State
from .indicators import IndicatorsReader
from .projects import ProjectRowsReader


class GitPlanProfile(
    HeadingsAndColumnsReader, ProjectRowsReader, BudgetReader, IndicatorsReader, PlanChecks, Profile
):
    name = "git_plan"
    doc_type = "strategy_kpi_plan"
    description = "GIT strategy-KPI plan: strategies, strategy items, projects, budgets (seed 000)"
    anchors = (
        "รหัส",
        "ชื่อโครงการ",
        "ตัวชี้วัด",
        "งบประมาณ (ลบ.)",
        "เงินนอก",
        "กลยุทธ์ที่",
        "ยุทธศาสตร์ที่",
    )

    def has_key_table(self, document: Document) -> bool:
        codes = sum(1 for grid in document.grids for row in grid.rows if PROJECT_CODE_RE.match(row.text(0)))
        return codes >= 3

    def extract(self, document: Document, result: ExtractionResult) -> None:
        title = next((block.text for block in document.text_blocks() if "ตัวชี้วัด" in block.text), "")
        state = _State(fiscal_year_in_text(title))
        grids_seen: set[int] = set()
        for block in document.blocks:
            if not block.is_table:
                self._read_heading(block.text, block.line_start, state, result)
                continue
            grid = document.grid_of_block(block)
            if grid is None or grid.index in grids_seen:
                continue
            grids_seen.add(grid.index)
            columns = self._locate_columns(grid, result)
            if columns is not None:
                for row in grid.rows:
                    self._read_row(row, columns, state, result)
        if not state.project_lines:
            raise ExtractionError(
                "no project rows (codes such as STR111/65) found", path=document.source.path
            )
        self._inherit_responsible_units(result)
        self._check_totals(state, result)
        self._metadata(result, title, state)

    def _metadata(self, result: ExtractionResult, title: str, state: _State) -> None:
        grand = {
            fund: sum((node.stated.get(fund) or Decimal(0) for node in state.strategies.values()), Decimal(0))
            for fund in _FUNDS
        }
        result.add(
            "findings",
            info(
                "no_grand_total",
                "the document prints no grand total (it ends after the last "
                "project row, probably truncated); computed from the strategy totals: "
                + ", ".join(f"{fund} {grand[fund]} million baht" for fund in _FUNDS),
            ),
        )
        result.metadata.update(document_metadata(title, self.doc_type, state.fiscal_year_be))
        result.extras["computed_grand_total_million_thb"] = {
            fund: str(value) for fund, value in grand.items()
        }
