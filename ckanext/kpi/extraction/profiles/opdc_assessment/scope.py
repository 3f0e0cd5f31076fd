"""The data catalog scope the OPDC assessment form states (its facts and the mission table)."""

from __future__ import annotations

from ...cells import plain_text
from ...structure import Document
from ..base import cell_items
from .common import _SCOPE_FACT_RE, _SCOPE_TABLE_HEADER


def data_catalog_scope(document: Document) -> dict[str, list[dict[str, object]]]:
    """What the agency chose for the Data Catalog KPI (001:421-434): the numbered facts (focus area, issue,
    intended use and users) and the mission → process → sub-process → candidate datasets table."""
    table_block = next(
        (
            b
            for b in document.blocks
            if b.is_table and plain_text(b.rows[0].cells[0]).startswith(_SCOPE_TABLE_HEADER)
        ),
        None,
    )
    grid = document.grid_of_block(table_block) if table_block else None
    if table_block is None or grid is None:
        return {}
    facts = []
    for block in reversed(document.blocks[: document.blocks.index(table_block)]):
        match = _SCOPE_FACT_RE.match(block.text) if not block.is_table else None
        if match is None:
            break
        facts.insert(0, {"label": match.group(1), "value": match.group(2), "line": block.line_start})
    processes = []
    mission = main_process = ""
    for row in grid.rows:
        mission, main_process = row.text(0) or mission, row.text(1) or main_process  # blank: as above
        datasets = [item.text for item, _ in cell_items(row.cells[3])] if len(row.cells) > 3 else []
        processes.append(
            {
                "line": row.line,
                "mission": mission,
                "main_process": main_process,
                "sub_process": row.text(2),
                "datasets": datasets,
            }
        )
    return {"facts": facts, "processes": processes}
