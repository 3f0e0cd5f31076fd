"""Assertions on reports."""

from __future__ import annotations

from typing import Any


def codes(report: dict[str, Any]) -> list[str]:
    return [finding["code"] for finding in report["findings"]]


def finding(report: dict[str, Any], code: str) -> dict[str, Any]:
    """The single finding of ``code`` in the report."""
    found = [f for f in report["findings"] if f["code"] == code]
    assert len(found) == 1, f"expected one {code} finding, got {codes(report)}"
    return found[0]
