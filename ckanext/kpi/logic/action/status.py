"""``status_show`` names the catalog for a harvesting catalog (the national GD Catalog reads it to identify
and version-check agency catalogs, as thai_gdc's ``thaigdc_*`` keys do): who publishes it, in Thai and
English, where its DCAT catalog is, which metadata field set it follows and which rule decides what is
published. Nothing private: the same for everyone."""

from __future__ import annotations

from importlib import metadata
from typing import Any

import ckan.plugins.toolkit as tk

CONFIG_PREFIX = "ckanext.kpi.dcat."
METADATA_FIELDS = "DGA 14 mandatory items, ckanext-thai_gdc 2.2.4 field names and stored values"
PUBLICATION_RULE = "public, data_category ข้อมูลสาธารณะ and allow_harvest True"


def _texts(key: str) -> dict[str, str]:
    return {lang: tk.config.get(f"{CONFIG_PREFIX}{key}_{lang}") or "" for lang in ("th", "en")}


@tk.chained_action
@tk.side_effect_free
def status_show(up_func, context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    status = up_func(context, data_dict)
    site_url = (tk.config.get("ckan.site_url") or "").rstrip("/")
    status["kpi_catalog"] = {
        "site_id": tk.config.get("ckan.site_id"),
        "title": _texts("catalog_title"),
        "publisher": {
            **_texts("publisher_name"), "uri": tk.config.get(f"{CONFIG_PREFIX}publisher_uri") or "",
        },
        "dcat_catalog": f"{site_url}/catalog.ttl",
        "metadata_fields": METADATA_FIELDS,
        "publication_rule": PUBLICATION_RULE,
        "extension_version": metadata.version("ckanext-kpi"),
    }
    status.setdefault("locale_default", tk.config.get("ckan.locale_default"))
    return status


def get_actions() -> dict[str, Any]:
    return {"status_show": status_show}
