"""Indicator pages of KPI datasets: ``/dataset/<name>/indicator/<indicator_id>``, with CSV and JSON downloads
of exactly what the page shows; and the permanent redirects of the ``/kpi/...`` URLs of the former ``kpi``
dataset type (issue 16) to the same page under ``/dataset/``."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import ckan.plugins.toolkit as tk
from flask import Blueprint, Response, redirect, request

from ckanext.kpi import downloads
from ckanext.kpi.indicators import pages
from ckanext.kpi.indicators.actions import READ_PACKAGE
from ckanext.kpi.indicators.tables import dataset_tables
from ckanext.kpi.web import current_user_context, file_name_part

# The dataset URL prefix (KPI datasets are `dataset`-type datasets since issue 16).
DATASET_ROUTES = "any(dataset)"
# What the `/kpi/...` URLs of the former type redirect to; `/kpi/draft/...` (drafts/views.py) is more specific
# and keeps its own routes.
LEGACY_PREFIX = "/kpi"

indicator = Blueprint("kpi_indicator", __name__)


def _indicator_or_404(id: str, indicator_id: str, package: dict[str, Any] | None = None) -> dict[str, Any]:
    """The indicator as ``kpi_indicator_show`` gives it; a private dataset is "not found" to outsiders."""
    context = {**current_user_context(), READ_PACKAGE: package} if package else current_user_context()
    try:
        return tk.get_action("kpi_indicator_show")(context, {"id": id, "indicator_id": indicator_id})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return tk.abort(404, tk._("Indicator not found"))


def _package_or_404(id: str) -> dict[str, Any]:
    try:
        return tk.get_action("package_show")(current_user_context(), {"id": id})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return tk.abort(404, tk._("Dataset not found"))


def read(package_type: str, id: str, indicator_id: str) -> str:
    package = _package_or_404(id)
    data = _indicator_or_404(id, indicator_id, package)
    tk.g.pkg_dict = package
    return tk.render(
        "kpi/indicator/read.html",
        extra_vars={
            "pkg": package,
            "pkg_dict": package,
            "dataset_type": package["type"],
            "page": pages.indicator_page(data),
        },
    )


def download_name(data: dict[str, Any], extension: str) -> str:
    """``<dataset>-indicator-<id>.csv`` with only file-name-safe characters."""
    indicator_id = file_name_part(data["indicator"]["indicator_id"])
    return f"{data['dataset']['name']}-indicator-{indicator_id or 'values'}.{extension}"


def data(package_type: str, id: str, indicator_id: str, data_format: str) -> Response:
    result = _indicator_or_404(id, indicator_id)
    body: str | bytes
    if data_format == "csv":
        # Bilingual column labels, the indicator's name and unit; a BOM so that Excel reads UTF-8.
        body, mimetype = downloads.indicator_csv(result), downloads.CSV_MIMETYPE
    elif data_format == "xlsx":
        body, mimetype = downloads.indicator_xlsx(result), downloads.XLSX_MIMETYPE
    else:
        body, mimetype = json.dumps(result, ensure_ascii=False, indent=1), "application/json"
    disposition = f'attachment; filename="{download_name(result, data_format)}"'
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": disposition})


def tables(package_type: str, id: str) -> Response:
    """Every tidy table of the dataset in one workbook, one sheet per table."""
    package = _package_or_404(id)
    body = downloads.tables_xlsx(dataset_tables(package))
    disposition = f'attachment; filename="{file_name_part(package["name"]) or "dataset"}-tables.xlsx"'
    return Response(body, mimetype=downloads.XLSX_MIMETYPE, headers={"Content-Disposition": disposition})


_PREFIX = f"/<{DATASET_ROUTES}:package_type>/<id>/indicator/<path:indicator_id>"
indicator.add_url_rule(_PREFIX, view_func=read, endpoint="read")
indicator.add_url_rule(f"{_PREFIX}/data.<any(csv, json, xlsx):data_format>", view_func=data, endpoint="data")
indicator.add_url_rule(
    f"/<{DATASET_ROUTES}:package_type>/<id>/tables.xlsx", view_func=tables, endpoint="tables"
)


legacy = Blueprint("kpi_legacy_urls", __name__)


def legacy_redirect(rest: str = "") -> Response:
    """``/kpi/<rest>`` → ``/dataset/<rest>`` (301, the query string kept): links and bookmarks of the
    former ``kpi`` dataset type keep working. The language prefix (``/th``) is kept by url_for."""
    target = tk.h.url_for("/dataset/" + quote(rest, safe="/:@!$&'()*+,;=-._~"))
    if request.query_string:
        target = f"{target}?{request.query_string.decode('latin-1')}"
    return redirect(target, code=301)


legacy.add_url_rule(LEGACY_PREFIX, view_func=legacy_redirect, endpoint="search")
legacy.add_url_rule(f"{LEGACY_PREFIX}/", view_func=legacy_redirect, endpoint="search_slash")
legacy.add_url_rule(f"{LEGACY_PREFIX}/<path:rest>", view_func=legacy_redirect, endpoint="any")


def get_blueprints() -> list[Blueprint]:
    return [indicator, legacy]
