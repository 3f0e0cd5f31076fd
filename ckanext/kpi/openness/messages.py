"""Findings as sentences in the reader's language (English msgids, Thai in ckanext-kpi.po)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import ckan.plugins.toolkit as tk

from .findings import LOCATION_FILE, LOCATION_SHEET, TEMPLATES


def finding_message(finding: dict[str, Any]) -> str:
    """One finding as a sentence that names the file (and sheet) first."""
    params: defaultdict[str, Any] = defaultdict(str, finding.get("params") or {})
    location = tk._(LOCATION_SHEET) if finding.get("sheet") else tk._(LOCATION_FILE)
    params["where"] = location.format_map(defaultdict(str, params, sheet=finding.get("sheet") or ""))
    template = TEMPLATES.get(finding["code"], finding["code"])
    return tk._(template).format_map(params)


def with_messages(report: dict[str, Any]) -> dict[str, Any]:
    """The report with a ``message`` on every finding."""
    findings = [{**finding, "message": finding_message(finding)} for finding in report.get("findings", [])]
    return {**report, "findings": findings}
