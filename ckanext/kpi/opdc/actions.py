"""Actions of the OPDC Data Catalog self-assessment: the live score of an organisation, and the Agency
Data Catalog URL it reports (an organisation extra)."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import authz

from ckanext.kpi.caller import caller_context as _user_context
from ckanext.kpi.caller import organization_datasets as _organization_datasets
from ckanext.kpi.caller import validated
from ckanext.kpi.opdc import assessment, report, schema
from ckanext.kpi.opdc.facts import CATALOG_URL_EXTRA, dataset_facts, organization_facts
from ckanext.kpi.openness import figures
from ckanext.kpi.openness import model as openness_reports


def _sees_private_datasets(context: dict[str, Any], organization_id: str) -> bool:
    """Members of the organisation (and sysadmins) assess all of its datasets; anyone else its public ones."""
    if context.get("ignore_auth"):
        return True
    user = context.get("user") or ""
    return bool(user) and authz.has_user_permission_for_group_or_org(organization_id, user, "read")


def _openness_figures(datasets: list[dict[str, Any]], standings: list[dict[str, Any]]) -> dict[str, Any]:
    """Issue 8's figures over the published datasets (as kpi_openness_summary counts them)."""
    published = (s for d, s in zip(datasets, standings, strict=True) if d.get("state") == "active")
    return figures.figures(published)


@tk.side_effect_free
def kpi_opdc_assessment(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """The OPDC Data Catalog self-assessment of an organisation (50 / 75 / 100), computed now.

    Members of the organisation get it over all of its datasets; anyone else over its public datasets, so a
    private dataset is never named to them.

    :param id: the organisation id or name
    :returns: ``score`` (0–100), ``target_reached``, ``combination_rule``, ``scope`` (``all`` or
        ``public``), ``criteria`` (each with ``points``, ``earned``, ``met``, ``counted``, a ``summary``, the
        ``passing`` datasets and the ``failing`` ones with their ``reasons``), ``focus_issues`` (the issues
        by Focus Area with their datasets) and ``openness`` (the open-format figures of issue 8)
    """
    organization_id = validated(data_dict, schema.organization_id_schema(), context)["id"]
    tk.check_access("kpi_opdc_assessment", context, data_dict)
    organization = tk.get_action("organization_show")(
        _user_context(context), {"id": organization_id, "include_datasets": False}
    )
    datasets = _organization_datasets(context, organization["id"])
    reports = openness_reports.reports_for(r["id"] for d in datasets for r in d.get("resources", []))
    standings = [figures.dataset_standing(dataset, reports) for dataset in datasets]
    facts = [dataset_facts(d, s, reports) for d, s in zip(datasets, standings, strict=True)]
    result = assessment.assess(organization_facts(organization), facts)
    return report.assessment_dict(
        result,
        scope=report.ALL if _sees_private_datasets(context, organization["id"]) else report.PUBLIC,
        focus_issues=assessment.focus_issues(facts),
        openness=_openness_figures(datasets, standings),
    )


def _with_extra(extras: list[dict[str, Any]], key: str, value: str) -> list[dict[str, Any]]:
    """The organisation's extras with ``key`` set to ``value`` (removed when empty), the others kept."""
    kept = [{"key": e["key"], "value": e["value"]} for e in extras if e["key"] != key]
    return [*kept, {"key": key, "value": value}] if value else kept


def kpi_opdc_catalog_url_update(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """Record the Agency Data Catalog URL the organisation reported (the +10 criterion).

    :param id: the organisation id or name
    :param url: an http:// or https:// address; empty to remove it
    :returns: the organisation (``organization_show``)
    """
    organization_id = validated(data_dict, schema.organization_id_schema(), context)["id"]
    tk.check_access("kpi_opdc_catalog_url_update", context, data_dict)
    url = (data_dict.get("url") or "").strip()
    if url and not assessment.is_web_url(url):
        raise tk.ValidationError({"url": [tk._(
            'Agency Data Catalog URL: "{value}" is not an http:// or https:// address.').format(value=url)]})
    organization = tk.get_action("organization_show")(
        _user_context(context), {"id": organization_id, "include_datasets": False}
    )
    extras = _with_extra(organization.get("extras") or [], CATALOG_URL_EXTRA, url)
    return tk.get_action("organization_patch")(
        _user_context(context), {"id": organization["id"], "extras": extras}
    )


def get_actions() -> dict[str, Any]:
    return {
        "kpi_opdc_assessment": kpi_opdc_assessment,
        "kpi_opdc_catalog_url_update": kpi_opdc_catalog_url_update,
    }
