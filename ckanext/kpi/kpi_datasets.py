"""What makes a dataset a KPI dataset, in one place (issue 16).

KPI plans and reports are ordinary ``dataset``-type datasets (the DGA schema, schemas/dataset.yaml) that carry
the KPI fields (``kpi_*``). A catalog that does not run this extension (the national GD Catalog, thai_gdc)
can therefore hold them: its harvester stores what its schema lacks as extras, which the API mirrors the
fields into (``with_receiver_extras``). Our pages, facets, harvesters and DCAT key on the marker field
below, never on a dataset type.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from typing import Any

# The field a KPI dataset always has (required for a KPI dataset: a harvested document without it fails).
MARKER_FIELD = "kpi_document_kind"
# The prefix of every KPI field of the schema.
FIELD_PREFIX = "kpi_"
# Solr filter of KPI datasets (scheming fields are indexed under their own names).
SEARCH_FILTER = f"{MARKER_FIELD}:[* TO *]"
# The dataset type KPI datasets had before issue 16 (`ckan kpi migrate-kpi-type` turns them into `dataset`).
LEGACY_TYPE = "kpi"
DATASET_TYPE = "dataset"


def _extra_value(package: Mapping[str, Any], key: str) -> Any:
    for extra in package.get("extras") or []:
        if isinstance(extra, Mapping) and extra.get("key") == key:
            return extra.get("value")
    return None


def is_kpi_dataset(package: Mapping[str, Any] | None) -> bool:
    """A dataset dict (ours, or one a receiver stored with the field as an extra) of a KPI document."""
    if not package:
        return False
    return bool(package.get(MARKER_FIELD) or _extra_value(package, MARKER_FIELD))


@cache
def mirrored_fields() -> tuple[str, ...]:
    """Fields of the dataset schema marked ``mirrored_as_extra`` (the KPI and OPDC fields thai_gdc lacks)."""
    from ckanext.scheming.helpers import scheming_get_dataset_schema

    schema = scheming_get_dataset_schema(DATASET_TYPE) or {}
    return tuple(
        field["field_name"] for field in schema.get("dataset_fields", []) if field.get("mirrored_as_extra")
    )


def _as_extra_value(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else str(value)


def with_receiver_extras(package: dict[str, Any]) -> dict[str, Any]:
    """Mirror the filled KPI/OPDC fields into ``extras`` (a receiver's scheming schema drops unknown top-level
    keys but keeps extras). Idempotent; the top-level fields stay as they are for our own pages."""
    mirrored = [name for name in mirrored_fields() if package.get(name) not in (None, "", [])]
    if not mirrored:
        return package
    extras = [
        extra for extra in package.get("extras") or []
        if not (isinstance(extra, Mapping) and extra.get("key") in mirrored)
    ]
    extras.extend({"key": name, "value": _as_extra_value(package[name])} for name in mirrored)
    package["extras"] = extras
    return package


def with_receiver_extras_in_index(index_dict: dict[str, Any]) -> dict[str, Any]:
    """The mirror in the search document's stored dataset: package_search answers the API (and the ``ckan``
    harvester) with that copy, without calling any plugin."""
    stored = index_dict.get("validated_data_dict")
    if stored:
        dataset = json.loads(stored)
        if any(dataset.get(name) not in (None, "", []) for name in mirrored_fields()):
            index_dict["validated_data_dict"] = json.dumps(with_receiver_extras(dataset))
    return index_dict


def without_receiver_extras(data_dict: dict[str, Any]) -> dict[str, Any]:
    """Drop the mirror from a write (a package_show dict sent back to package_update or package_patch):
    CKAN refuses an extra named like a schema field. A value that only came as an extra (a dataset harvested
    from a catalog that stores them so) becomes the field."""
    extras = data_dict.get("extras")
    if not isinstance(extras, list):
        return data_dict
    names = set(mirrored_fields())
    kept = []
    for extra in extras:
        key = extra.get("key") if isinstance(extra, Mapping) else None
        if key in names:
            if data_dict.get(key) in (None, ""):
                data_dict[key] = _from_extra_value(extra.get("value"))
            continue
        kept.append(extra)
    data_dict["extras"] = kept
    return data_dict


def _from_extra_value(value: Any) -> Any:
    if isinstance(value, str) and value.startswith("["):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value
