"""``/harvest/job/<id>/errors.csv``: the job's structured errors as a CSV download."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import Blueprint, Response

from ckanext.kpi.web import current_user_context

from .issues import issues_csv

harvest_errors = Blueprint("kpi_harvest_errors", __name__)


def job_errors_csv(id: str) -> Response:
    context = current_user_context()
    try:
        rows = tk.get_action("kpi_harvest_job_errors")(context, {"id": id})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Harvest job not found"))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Not authorized to see this harvest job"))
    # The BOM lets spreadsheet programs read the Thai text as UTF-8.
    body = "\ufeff" + issues_csv(rows)
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="harvest-job-{id}-errors.csv"'},
    )


harvest_errors.add_url_rule("/harvest/job/<id>/errors.csv", view_func=job_errors_csv)


def get_blueprints() -> list[Blueprint]:
    return [harvest_errors]
