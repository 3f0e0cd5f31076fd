"""Row-for-row comparison of a seed's text path with its PDF version read by the PDF reader.

Both go through the same pipeline (``extract_document``); the PDF's rendition is written to a temporary
``.txt`` of the seed's name first (the dispatch by format is another part of issue 18). Rows are compared
on every column except the location columns (``document_id`` and anything naming a line), as a multiset:
a text-path row counts as equal when the PDF path has a row with the same values.
"""

from __future__ import annotations

import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ckanext.kpi.extraction.model import ExtractionResult, row_dict
from ckanext.kpi.extraction.pipeline import extract_document
from ckanext.kpi.extraction.readers.base import ReaderLimits, Rendition
from ckanext.kpi.extraction.readers.pdf import render_pdf

COMPARED_TABLES = ("observations", "budget")


def _is_location(column: str) -> bool:
    return column == "document_id" or "line" in column


def _is_verbatim_text(column: str) -> bool:
    return column.endswith("_original") or column in {"name", "group_label", "series"}


_ITEM_NUMBER_RE = re.compile(r"^[0-9๐-๙]{1,2}[.)]\s*")


def _verbatim_key(value: str) -> str:
    return _ITEM_NUMBER_RE.sub("", "".join(value.split()))


# Line numbers inside values: ``scoring_table@177``, ids of unnumbered rows such as ``S5-line9518``.
_LINE_SUFFIX_RE = re.compile(r"(?<=@)[0-9]+$|(?<=line)[0-9]+")


def row_key(row: object) -> tuple[tuple[str, str], ...]:
    """Every column but the location ones; verbatim texts without their spaces (a PDF line break
    inside Thai text cannot tell whether the author typed a space there) and without a leading item
    number (a numbered list prints its numbers; the text path's ``<li>`` items carry none); a line
    number inside a value (``scoring_table@177``, ``S5-line9518``) is a location too."""
    return tuple(
        (name, _verbatim_key(value) if _is_verbatim_text(name) else _LINE_SUFFIX_RE.sub("#", value))
        for name, value in row_dict(row).items()
        if not _is_location(name)
    )


@dataclass
class TableParity:
    table: str
    text_rows: int
    pdf_rows: int
    equal: int
    only_text: list[dict[str, str]] = field(default_factory=list)
    only_pdf: list[dict[str, str]] = field(default_factory=list)

    @property
    def share(self) -> float:
        return 1.0 if self.text_rows == 0 else self.equal / self.text_rows


def compare_tables(text: ExtractionResult, pdf: ExtractionResult, table: str) -> TableParity:
    text_rows = {}
    for row in text.tables[table]:
        text_rows.setdefault(row_key(row), []).append(row)
    pdf_rows = {}
    for row in pdf.tables[table]:
        pdf_rows.setdefault(row_key(row), []).append(row)
    text_count = Counter({key: len(rows) for key, rows in text_rows.items()})
    pdf_count = Counter({key: len(rows) for key, rows in pdf_rows.items()})
    common = text_count & pdf_count
    parity = TableParity(table, len(text.tables[table]), len(pdf.tables[table]), sum(common.values()))
    for key, count in (text_count - pdf_count).items():
        parity.only_text.extend(row_dict(row) for row in text_rows[key][:count])
    for key, count in (pdf_count - text_count).items():
        parity.only_pdf.extend(row_dict(row) for row in pdf_rows[key][:count])
    return parity


def render_seed_pdf(pdf_path: Path) -> Rendition:
    return render_pdf(pdf_path.read_bytes(), pdf_path.name, ReaderLimits())


def extract_rendition(rendition: Rendition, stem: str) -> ExtractionResult:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{stem}.txt"
        path.write_text(rendition.text, encoding="utf-8")
        return extract_document(path)[0]


def compare_seed(seed_txt: Path, seed_pdf: Path) -> dict[str, TableParity]:
    text_result = extract_document(seed_txt)[0]
    pdf_result = extract_rendition(render_seed_pdf(seed_pdf), seed_txt.stem)
    return {table: compare_tables(text_result, pdf_result, table) for table in COMPARED_TABLES}
