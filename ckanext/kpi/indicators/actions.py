"""Indicator actions: an indicator's metadata with its typed series, and a dataset's indicator list.

A dataset the caller may not read is reported as not found (404), not as forbidden (403), so that the
indicator API does not reveal that a private dataset exists."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.kpi.caller import caller_context
from ckanext.kpi.indicators import payload
from ckanext.kpi.indicators.series import DocumentIndicators, document_indicators
from ckanext.kpi.indicators.status import evaluate
from ckanext.kpi.indicators.tables import dataset_tables

# A context key (not reachable from the API) by which a page hands over the dataset it has already read
# with package_show as the same user, so that the action does not read it a second time. Access is still
# checked above.
READ_PACKAGE = "kpi_package_dict"


def _readable_document(
    action: str, context: dict[str, Any], data_dict: dict[str, Any]
) -> tuple[dict[str, Any], DocumentIndicators]:
    if not data_dict.get("id"):
        raise tk.ValidationError({"id": [tk._("Missing value")]})
    try:
        tk.check_access(action, context, data_dict)
    except tk.NotAuthorized as error:
        raise tk.ObjectNotFound(tk._("Dataset not found")) from error
    package = context.get(READ_PACKAGE)
    if not (package and data_dict["id"] in (package.get("id"), package.get("name"))):
        package = tk.get_action("package_show")(caller_context(context), {"id": data_dict["id"]})
    return package, document_indicators(dataset_tables(package), package)


@tk.side_effect_free
def kpi_indicator_show(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """One indicator of a ``kpi`` dataset with every value series.

    :param id: the dataset's id or name
    :param indicator_id: the indicator's ``indicator_id`` in the dataset's indicators.csv
    :returns: ``dataset``, ``indicator`` (its indicators.csv row, typed), ``owner``, ``scoring`` (scheme and
        weight), ``status`` (met, not_met, pending or no_data, with the target and result judged),
        ``periods`` and ``series``: one per value role and sub-series, each point with its fiscal year (BE
        and CE), quarter, comparator, numbers, unit, original cell text and source line
    """
    indicator_id = data_dict.get("indicator_id")
    if not indicator_id:
        raise tk.ValidationError({"indicator_id": [tk._("Missing value")]})
    package, document = _readable_document("kpi_indicator_show", context, data_dict)
    row = document.find(indicator_id)
    if row is None:
        raise tk.ObjectNotFound(tk._("Indicator not found"))
    indicator = document.series_of(row)
    return payload.indicator_dict(package, indicator, evaluate(indicator, document.fiscal_year_be))


@tk.side_effect_free
def kpi_indicator_list(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """Every indicator of a ``kpi`` dataset in document order, with its owner, status and trend.

    :param id: the dataset's id or name
    :returns: ``dataset``, ``count`` and ``indicators`` (code, name, unit, weight, owner, status and
        ``trend``: results and targets as [fiscal_year_be, quarter, value])
    """
    package, document = _readable_document("kpi_indicator_list", context, data_dict)
    summaries = [
        payload.indicator_summary(indicator, evaluate(indicator, document.fiscal_year_be))
        for indicator in document.all_series()
    ]
    return {"dataset": payload.dataset_dict(package), "count": len(summaries), "indicators": summaries}


def get_actions() -> dict[str, Any]:
    return {"kpi_indicator_show": kpi_indicator_show, "kpi_indicator_list": kpi_indicator_list}
