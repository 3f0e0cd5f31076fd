"""The organisation's OPDC page: ``/organization/<id>/opdc`` (score, evidence, openness figures), its CSV
download ``/organization/<id>/opdc.csv``, and the form that records the Agency Data Catalog URL."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint, Response

from ckanext.kpi.web import current_user_context, file_name_part

from .export import csv_text

opdc = Blueprint("kpi_opdc", __name__)


def _assessment_or_404(id: str) -> dict[str, Any]:
    try:
        return tk.get_action("kpi_opdc_assessment")(current_user_context(), {"id": id})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return tk.abort(404, tk._("Organization not found"))


def read(id: str) -> str:
    result = _assessment_or_404(id)
    group_dict = tk.get_action("organization_show")(
        current_user_context(), {"id": id, "include_datasets": False}
    )
    return tk.render(
        "kpi/opdc/read.html",
        extra_vars={"group_dict": group_dict, "group_type": group_dict["type"], "assessment": result},
    )


def download_name(result: dict[str, Any]) -> str:
    name = file_name_part(result["organization"]["name"])
    return f"{name or 'organization'}-opdc-assessment.csv"


def download(id: str) -> Response:
    result = _assessment_or_404(id)
    # The BOM lets spreadsheet programs read the Thai text as UTF-8.
    return Response(
        "\ufeff" + csv_text(result),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{download_name(result)}"'},
    )


def update_catalog_url(id: str) -> Any:
    try:
        data = {"id": id, "url": tk.request.form.get("url")}
        tk.get_action("kpi_opdc_catalog_url_update")(current_user_context(), data)
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Not authorized to edit organization {id}").format(id=id))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Organization not found"))
    except tk.ValidationError as error:
        for messages in error.error_dict.values():
            for message in messages:
                tk.h.flash_error(message)
    else:
        tk.h.flash_success(tk._("The Agency Data Catalog URL is saved."))
    return tk.redirect_to("kpi_opdc.read", id=id)


opdc.add_url_rule("/organization/<id>/opdc", view_func=read, endpoint="read")
opdc.add_url_rule("/organization/<id>/opdc.csv", view_func=download, endpoint="download")
opdc.add_url_rule(
    "/organization/<id>/opdc/catalog-url", view_func=update_catalog_url, endpoint="catalog_url",
    methods=["POST"],
)


def get_blueprints() -> list[Blueprint]:
    return [opdc]
