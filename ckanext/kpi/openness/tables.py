"""Table checks: CSV/TSV read by frictionless; XLSX/XLS/ODS sheets read by the extraction library's
spreadsheet reader (pandas with the calamine engine, one cell-text rule for extraction and copies) and
checked by frictionless as inline rows. Each sheet is also written as a UTF-8 CSV copy when asked."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import python_calamine
from frictionless import Checklist, Detector, Dialect, Resource, formats

from ckanext.kpi.extraction.readers.sheets import cell_ref, read_sheets
from ckanext.kpi.extraction.reading import ExtractionError

from .columns import ColumnProfile
from .detect import Detection
from .findings import ERROR, INFO, WARNING, Finding, row_list
from .limits import Limits

# frictionless error types that are about the shape of the table, and what we call them.
RAGGED = frozenset({"missing-cell", "extra-cell"})


@dataclass
class SheetCopy:
    """A CSV copy of one sheet: its file in the output folder, the sheet's name and size."""

    sheet: str
    index: int
    path: str
    rows: int
    columns: int


@dataclass
class TableResult:
    findings: list[Finding] = field(default_factory=list)
    copies: list[SheetCopy] = field(default_factory=list)


def check_delimited(path: Path, detection: Detection, limits: Limits) -> TableResult:
    """A CSV or TSV file: encoding, then frictionless with our column checks."""
    result = TableResult()
    encoding = detection.encoding
    if encoding is not None and not encoding.utf8:
        if not encoding.known:
            result.findings.append(Finding("encoding-unknown", ERROR, {"line": encoding.bad_line}))
            return result
        result.findings.append(Finding("encoding-not-utf8", WARNING, {"encoding": encoding.label}))
    control = formats.CsvControl(delimiter="\t" if detection.format == "TSV" else ",")
    resource = Resource(
        path=path.name, basepath=str(path.parent), format="csv",
        encoding=encoding.codec if encoding and encoding.known else "utf-8",
        dialect=Dialect(controls=[control]), detector=Detector(field_type="string"),
    )
    result.findings += _validate(resource, limits, sheet=None)
    return result


def check_spreadsheet(
    path: Path, detection: Detection, limits: Limits, copies_dir: Path | None
) -> TableResult:
    """Every sheet of a workbook: merged cells, frictionless checks, and a CSV copy in ``copies_dir``."""
    result = TableResult()
    try:
        # The name only tells the reader "a workbook, not CSV": the detected format, not the file's suffix.
        sheets = read_sheets(path.read_bytes(), f"workbook.{detection.format.lower()}")
        merged = _merged_ranges(path)
    except Exception as error:  # the reader's ExtractionError, or calamine's own types for merged ranges
        message = error.message if isinstance(error, ExtractionError) else f"{type(error).__name__}: {error}"
        detail = message[:200]
        result.findings.append(Finding("corrupt-file", ERROR, {"format": detection.format, "detail": detail}))
        return result
    for index, sheet in enumerate(sheets):
        name = sheet.name
        rows = _without_trailing_blanks(sheet.rows)
        if not rows:
            continue
        if merged.get(name):
            ranges = ", ".join(merged[name][:10])
            result.findings.append(Finding("merged-cells", WARNING, {"ranges": ranges}, sheet=name))
        resource = Resource(data=rows[: limits.max_rows + 1], detector=Detector(field_type="string"))
        result.findings += _validate(resource, limits, sheet=name)
        if copies_dir is not None:
            result.copies.append(write_copy(rows, copies_dir, name, index))
    return result


def write_copy(rows: list[list[str]], folder: Path, sheet: str, index: int) -> SheetCopy:
    """The sheet as RFC 4180 CSV in UTF-8 with a byte-order mark (so that Excel reads the Thai text), every
    row as wide as the widest."""
    width = max(len(row) for row in rows)
    target = folder / f"sheet-{index + 1}.csv"
    with target.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        for row in rows:
            writer.writerow(row + [""] * (width - len(row)))
    return SheetCopy(sheet=sheet, index=index, path=str(target), rows=len(rows), columns=width)


def _without_trailing_blanks(rows: list[list[str]]) -> list[list[str]]:
    while rows and not any(rows[-1]):
        rows.pop()
    width = max((len(row) - next((i for i, c in enumerate(reversed(row)) if c), len(row)) for row in rows),
                default=0)
    return [row[:width] for row in rows]


def _merged_ranges(path: Path) -> dict[str, list[str]]:
    """Merged ranges per sheet in A1 notation, as calamine reports them (XLSX and XLS)."""
    workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    ranges: dict[str, list[str]] = {}
    for name in workbook.sheet_names:
        found = workbook.get_sheet_by_name(name).merged_cell_ranges or []
        ranges[name] = [f"{cell_ref(*start)}:{cell_ref(*end)}" for start, end in found]
    return ranges


def _validate(resource: Resource, limits: Limits, sheet: str | None) -> list[Finding]:
    profile = ColumnProfile()
    report = resource.validate(
        checklist=Checklist(checks=[profile]), limit_errors=limits.max_errors, limit_rows=limits.max_rows
    )
    task = report.tasks[0] if report.tasks else None
    findings = _structure_findings(task.errors if task else report.errors, width=len(profile.columns))
    findings += profile.findings
    if task is not None and not task.stats.get("rows") and not findings:
        findings.append(Finding("no-data-rows", WARNING))
    if task is not None and (task.stats.get("rows") or 0) >= limits.max_rows:
        findings.append(Finding("rows-limit", INFO, {"limit": limits.max_rows}))
    for finding in findings:
        finding.sheet = sheet
    return findings


def _structure_findings(errors: list[Any], width: int) -> list[Finding]:
    """frictionless errors grouped into one finding per kind (and per header label)."""
    findings: list[Finding] = []
    ragged: set[int] = set()
    blank_rows: set[int] = set()
    duplicates: dict[str, list[int]] = defaultdict(list)
    for error in errors:
        kind = error.type
        if kind == "blank-label":
            findings.append(Finding("blank-header", WARNING, {"column": error.field_number}))
        elif kind == "duplicate-label":
            duplicates[error.label].append(error.field_number)
        elif kind in RAGGED:
            ragged.add(error.row_number)
        elif kind == "blank-row":
            blank_rows.add(error.row_number)
        else:
            detail = re.sub(r"\s+", " ", error.message)[:200]
            findings.append(Finding("corrupt-file", ERROR, {"format": "CSV", "detail": detail}))
    for label, columns in duplicates.items():
        first = _first_column_of(label, errors)
        shown = ", ".join(str(n) for n in sorted({first, *columns} - {0}))
        findings.append(Finding("duplicate-header", WARNING, {"label": label, "columns": shown}))
    if ragged:
        params = {"count": len(ragged), "columns": width, "rows": row_list(ragged)}
        findings.append(Finding("ragged-rows", WARNING, params))
    if blank_rows:
        params = {"count": len(blank_rows), "rows": row_list(blank_rows)}
        findings.append(Finding("blank-rows", WARNING, params))
    return findings


def _first_column_of(label: str, errors: list[Any]) -> int:
    for error in errors:
        labels = getattr(error, "labels", None)
        if labels and label in labels:
            return labels.index(label) + 1
    return 0
