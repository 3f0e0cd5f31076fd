"""One file in, one report out: size, real format against the declared one, openness score, table checks
and, for spreadsheets, CSV copies. Pure Python (no CKAN), so it runs in an isolated process."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from .detect import Detection, detect_format
from .findings import ERROR, INFO, WARNING, Finding, worst_severity
from .limits import Limits
from .policy import (
    DELIMITED_FORMATS,
    SPREADSHEET_FORMATS,
    canonical_format,
    is_machine_readable,
    is_open,
    satisfies,
)
from .tables import TableResult, check_delimited, check_spreadsheet

STATUS_OF_SEVERITY = {ERROR: "fail", WARNING: "warn", INFO: "pass", None: "pass"}


def inspect_file(
    path: Path, *, name: str, declared_format: str, limits: Limits, copies_dir: Path | None = None
) -> dict[str, Any]:
    """The openness report of the file at ``path`` (``name`` is how the report refers to it)."""
    size = path.stat().st_size
    declared = canonical_format(declared_format)
    if size > limits.max_file_bytes:
        detection = Detection("UNKNOWN", findings=[
            Finding("too-large", ERROR, {"size": size, "limit": limits.max_file_bytes})
        ])
    else:
        detection = detect_format(path, limits)
    findings = list(detection.findings)
    if detection.format not in {"EMPTY"} and not any(f.severity == ERROR for f in findings):
        if not satisfies(detection.format, declared):
            params = {"declared": declared, "detected": detection.format}
            findings.append(Finding("format-mismatch", ERROR, params))
    tables = _check_tables(path, detection, limits, copies_dir) if not _has_error(findings) else TableResult()
    findings += tables.findings
    findings.append(_openness_finding(detection, tables))
    return _report(path, name, size, declared, detection, [f for f in findings if f], tables)


def _has_error(findings: list[Finding]) -> bool:
    return any(finding.severity == ERROR for finding in findings)


def _check_tables(path: Path, detection: Detection, limits: Limits, copies_dir: Path | None) -> TableResult:
    if detection.format in DELIMITED_FORMATS:
        return check_delimited(path, detection, limits)
    if detection.format in SPREADSHEET_FORMATS:
        return check_spreadsheet(path, detection, limits, copies_dir)
    return TableResult()


def _openness_finding(detection: Detection, tables: TableResult) -> Finding | None:
    score = detection.score
    if is_open(score) or (detection.format in {"EMPTY", "UNKNOWN"} and detection.findings):
        return None
    params = {"detected": detection.format, "score": score}
    if tables.copies:
        copies = ", ".join(f'"{copy.sheet}"' for copy in tables.copies)
        return Finding("format-open-copy", INFO, {**params, "copies": copies})
    return Finding("format-not-open", ERROR, params)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _report(
    path: Path, name: str, size: int, declared: str, detection: Detection, findings: list[Finding],
    tables: TableResult,
) -> dict[str, Any]:
    for finding in findings:
        finding.params.setdefault("file", name)
    finding_dicts = [finding.to_dict() for finding in findings]
    score = detection.score
    return {
        "file": name,
        "size": size,
        "sha256": _sha256(path),
        "declared_format": declared,
        "detected_format": detection.format,
        "mime": detection.mime,
        "encoding": detection.encoding.label if detection.encoding else "",
        "score": score,
        "open": is_open(score),
        "machine_readable": is_machine_readable(score),
        "status": STATUS_OF_SEVERITY[worst_severity(finding_dicts)],
        "findings": finding_dicts,
        "copies": [copy.__dict__ for copy in tables.copies],
    }
