"""The publication filter of the DCAT endpoints: what the national GD Catalog (or anyone) may harvest.

A dataset is published only when it is public, its DGA data category is ข้อมูลสาธารณะ and its owner consented
to harvesting (allow_harvest "True"). The rule holds for every caller, sysadmins and API-token harvesters
included: the RDF endpoints are the publication channel, not a view of what a user may read.

* ``/catalog.*`` (``dcat_catalog_show``, ``dcat_catalog_search``): the filter is ANDed into the Solr filter
  query in front of the caller's ``fq``, the way CKAN itself prepends ``+capacity:public``.
* ``/dataset/<id>.*`` (``dcat_dataset_show``): anything not published answers 404, whether it is missing,
  private (ckanext-dcat says 403, which tells that the dataset exists) or published nowhere.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.search import SearchError
from ckan.types import Action, Context, DataDict

from ckanext.kpi import visibility
from ckanext.kpi.dcat.vocabularies import PUBLIC_DATA_CATEGORY

HARVEST_CONSENT = visibility.HARVEST_CONSENT
# Solr filter of the published datasets (``capacity:public`` is added by package_search itself).
PUBLISHED_FQ = f'+data_category:"{PUBLIC_DATA_CATEGORY}" +allow_harvest:"{HARVEST_CONSENT}"'


def is_published(dataset_dict: dict[str, Any]) -> bool:
    """The publication rule of visibility.py, the one every write path applies."""
    return visibility.is_published(dataset_dict)


def published_only(fq: str | None) -> str:
    """The caller's filter query restricted to published datasets. The caller's part comes last, so that
    nothing in it can loosen the required clauses before it."""
    return f"{PUBLISHED_FQ} {fq}" if fq else PUBLISHED_FQ


def _search_catalog(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    try:
        return up_func(context, {**data_dict, "fq": published_only(data_dict.get("fq"))})
    except SearchError as error:
        # A query Solr or CKAN refuses is the caller's mistake (the endpoint answers 409), not a crash.
        raise tk.ValidationError({"fq": [str(error)]}) from error


@tk.chained_action
@tk.side_effect_free
def dcat_catalog_show(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    return _search_catalog(up_func, context, data_dict)


@tk.chained_action
@tk.side_effect_free
def dcat_catalog_search(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    return _search_catalog(up_func, context, data_dict)


@tk.chained_action
def dcat_dataset_show(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    tk.check_access("dcat_dataset_show", context, data_dict)
    try:
        dataset_dict = tk.get_action("package_show")(dict(context), {"id": data_dict.get("id")})
    except (tk.ObjectNotFound, tk.NotAuthorized) as error:
        raise tk.ObjectNotFound() from error
    if not is_published(dataset_dict):
        raise tk.ObjectNotFound()
    return up_func(context, data_dict)


def _first_published(field: str, order: str) -> str | None:
    result = tk.get_action("package_search")(
        {"ignore_auth": True}, {"fq": PUBLISHED_FQ, "sort": f"{field} {order}", "rows": 1, "fl": field},
    )
    return result["results"][0][field] if result["results"] else None


def last_published_modification() -> str | None:
    """metadata_modified of the most recently changed published dataset."""
    return _first_published("metadata_modified", "desc")


def first_published_creation() -> str | None:
    """metadata_created of the oldest published dataset: the catalog's dct:issued when no date is set."""
    return _first_published("metadata_created", "asc")


def get_actions() -> dict[str, Action]:
    return {
        "dcat_catalog_show": dcat_catalog_show,
        "dcat_catalog_search": dcat_catalog_search,
        "dcat_dataset_show": dcat_dataset_show,
    }
