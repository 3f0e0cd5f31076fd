"""Template helpers of the indicator pages and of the ``kpi`` dataset dashboard."""

from __future__ import annotations

import re
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.kpi.web import read_as_current_user

from . import pages
from .chart import format_number


def kpi_indicator_dashboard(package: dict[str, Any]) -> dict[str, Any] | None:
    """The dataset's indicators grouped by owner, with status and trend; None without indicators."""
    listing = read_as_current_user("kpi_indicator_list", {"id": package["id"]})
    if not listing or not listing["count"]:
        return None
    try:
        page = int(tk.request.args.get("indicators_page", 1))
    except (TypeError, ValueError, RuntimeError):
        page = 1
    groups, page_count = pages.paginate_groups(pages.dashboard_groups(listing), page)
    return {
        "count": listing["count"],
        "counts": pages.status_counts(listing),
        "groups": groups,
        "page": min(max(page, 1), page_count),
        "pages": page_count,
    }


def kpi_indicator_url(package: dict[str, Any], indicator_id: str, data_format: str = "") -> str:
    """The indicator page (or, with ``data_format`` csv or json, its download) under the dataset's type."""
    arguments = {"package_type": package.get("type") or "dataset", "id": package["name"]}
    if data_format:
        return tk.url_for(
            "kpi_indicator.data", indicator_id=indicator_id, data_format=data_format, **arguments
        )
    return tk.url_for("kpi_indicator.read", indicator_id=indicator_id, **arguments)


def kpi_unit_label(unit_noun: str | None, unit: str | None) -> str:
    """The unit as the document wrote it, else the name of its code (never ``pct``)."""
    return pages.unit_text(unit_noun, unit)


def kpi_status_label(status: str) -> str:
    return pages.label("status", status)


def kpi_format_number(value: float | int) -> str:
    return format_number(value)


_SOURCE_REF_PART_RE = re.compile(r"^(p\.|table|row|col|cell|paragraph)\s*(\S+)$")


def kpi_source_ref(ref: str) -> str:
    """Where a value came from in a PDF, DOCX, HTML page or spreadsheet, in the page's language:
    ``p. 12 · table 3 · row 5`` → ``หน้า 12 ตาราง 3 แถว 5``; a spreadsheet reference (``Sheet1!7``) and
    anything not understood is shown as written."""
    labels = {
        "p.": tk._("page {number}"),
        "table": tk._("table {number}"),
        "row": tk._("row {number}"),
        "col": tk._("column {number}"),
        "cell": tk._("cell {number}"),
        "paragraph": tk._("paragraph {number}"),
    }
    parts = []
    for part in (ref or "").split(" · "):
        match = _SOURCE_REF_PART_RE.match(part.strip())
        parts.append(labels[match.group(1)].format(number=match.group(2)) if match else part.strip())
    return " ".join(part for part in parts if part)


def get_helpers() -> dict[str, Any]:
    return {
        "kpi_indicator_dashboard": kpi_indicator_dashboard,
        "kpi_indicator_url": kpi_indicator_url,
        "kpi_status_label": kpi_status_label,
        "kpi_unit_label": kpi_unit_label,
        "kpi_format_number": kpi_format_number,
        "kpi_source_ref": kpi_source_ref,
    }
