"""One document from file to result: ids, metadata, structural findings."""

from __future__ import annotations

from pathlib import Path

from ckanext.kpi.extraction.pipeline import document_id_for, extract_document

from .helpers import rows_where


def test_document_id_is_the_safe_file_stem():
    assert document_id_for(Path("/x/000_a7de958303e1344d.txt"), "ab" * 32) == "000_a7de958303e1344d"
    assert document_id_for(Path("/x/แผน ปี 2565.txt"), "ab" * 32) == "2565-abababab"
    assert document_id_for(Path("/x/แผน.txt"), "0123456789abcdef" * 4) == "doc-0123456789abcdef"


def test_metadata_and_every_row_carry_the_document_id(seed_path):
    result, _ = extract_document(seed_path("000"))
    assert result.metadata["document_id"] == result.document_id == "000_a7de958303e1344d"
    assert result.metadata["profile_scores"]["git_plan"] == 1.0
    assert all(row.document_id == result.document_id for rows in result.tables.values() for row in rows)


def test_page_break_glues_become_findings(seed_path):
    result, document = extract_document(seed_path("000"))
    glues = [glue for grid in document.grids for glue in grid.glues]
    assert len(rows_where(result.findings, rule="page_break_glue")) == len(glues) == 6
