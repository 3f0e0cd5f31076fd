"""Stage 1 is lossless: every non-blank line of every seed can be found again in structure.json."""

from __future__ import annotations

from collections import defaultdict

import pytest

from ckanext.kpi.extraction.structure import structure_json

from .helpers import SEED_PREFIXES


def _table_lines(structure: dict) -> tuple[dict[int, dict[int, str]], set[int]]:
    """Raw cell text per (line, column) from the grids, and the lines a grid dropped or skipped on purpose."""
    cells: dict[int, dict[int, str]] = defaultdict(dict)
    accounted: set[int] = set()
    for grid in structure["grids"]:
        accounted.update(grid["dropped_header_lines"], grid["skipped_lines"])
        for row in grid["header"] + grid["rows"]:
            for column, cell in enumerate(row["cells"]):
                for part, line in zip(cell["raw"], cell["lines"], strict=True):
                    if part or column not in cells[line]:
                        cells[line][column] = part
    return cells, accounted


def _rebuilt(columns: dict[int, str]) -> str:
    return "\t".join(columns.get(index, "") for index in range(max(columns) + 1)).rstrip("\t")


@pytest.mark.parametrize("prefix", SEED_PREFIXES)
def test_every_line_is_kept(seed_document, seed_lines, prefix):
    structure = structure_json(seed_document(prefix))
    text_lines = {
        line: block["raw"]
        for block in structure["blocks"]
        if block["kind"] != "table"
        for line in range(block["line_start"], block["line_end"] + 1)
    }
    cells, accounted = _table_lines(structure)
    for number, source in enumerate(seed_lines(prefix), start=1):
        if not source.strip():
            continue
        if number in text_lines:
            assert source in text_lines[number], (prefix, number)
        elif "\t" in source:
            assert number in accounted or _rebuilt(cells[number]) == source.rstrip("\t"), (prefix, number)
        else:
            assert number in cells or number in accounted, (prefix, number)  # markdown pipe rows
