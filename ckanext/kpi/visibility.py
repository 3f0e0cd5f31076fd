"""The publication rule, decided in one place:

    private, or a DGA data category other than ข้อมูลสาธารณะ, is never public; a public dataset is harvestable.

``publication_refusal`` is the one function that decides. Everything else applies it to one path:

* the schema's validators (``kpi_publication_rule``, ``kpi_allow_harvest``): the dataset form and the API,
  with the message next to the field;
* the chained ``package_create``/``package_update`` (``check_write``), which also covers ``package_patch``,
  ``package_revise`` and writers that replace the schema: ckanext-harvest's harvesters pass CKAN's default
  schema in the context, so the scheming validators never run for them;
* the chained ``bulk_update_public`` (``check_bulk_public``): the organisation page's "Make public" writes
  the ``private`` column directly, past every validator;
* the DCAT publication filter (``is_published``).

The personal-data gate (publication_gate.py) runs on the same writes; a dataset must pass both to be public.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.kpi import messages, vocabulary

PUBLIC_CATEGORY = vocabulary.PUBLIC_CATEGORY
HARVEST_CONSENT = "True"
NO_HARVEST_CONSENT = "False"
# Harvest sources are packages too, but publish no data.
NOT_GATED_TYPES = frozenset({"harvest"})
FORCE_PRIVATE_OPTION = "ckanext.kpi.force_private_when_not_public"

CATEGORY_FIELD = "data_category"
CONSENT_FIELD = "allow_harvest"


def publication_refusal(*, private: bool, data_category: str | None, allow_harvest: str | None) -> str | None:
    """The field that makes this state unpublishable (``data_category`` or ``allow_harvest``), or None.

    ``allow_harvest`` empty means "not stated yet": writers fill it with "True" for a public dataset."""
    if private:
        return None
    if data_category != PUBLIC_CATEGORY:
        return CATEGORY_FIELD
    if allow_harvest == NO_HARVEST_CONSENT:
        return CONSENT_FIELD
    return None


def force_private_enabled() -> bool:
    return tk.asbool(tk.config.get(FORCE_PRIVATE_OPTION))


def field_value(dataset: dict[str, Any], name: str) -> Any:
    """A DGA field of a dataset dict, top-level (scheming) or in ``extras`` (CKAN's default schema)."""
    if name in dataset:
        return dataset[name]
    for extra in dataset.get("extras") or []:
        if isinstance(extra, dict) and extra.get("key") == name:
            return extra.get("value")
    return None


def _set_field(dataset: dict[str, Any], name: str, value: str) -> None:
    """Set a DGA field where the writer keeps it: top-level, or in ``extras`` when the writer uses extras."""
    extras = dataset.get("extras")
    if name in dataset or not isinstance(extras, list):
        dataset[name] = value
        return
    for extra in extras:
        if isinstance(extra, dict) and extra.get("key") == name:
            extra["value"] = value
            return
    extras.append({"key": name, "value": value})


def is_published(dataset: dict[str, Any]) -> bool:
    """Published to the GD Catalog (DCAT, harvesters): public, active, public category, consent given."""
    private = tk.asbool(dataset.get("private") or False)
    return (
        not private
        and dataset.get("state", "active") == "active"
        and field_value(dataset, CONSENT_FIELD) == HARVEST_CONSENT
        and publication_refusal(
            private=private,
            data_category=field_value(dataset, CATEGORY_FIELD),
            allow_harvest=field_value(dataset, CONSENT_FIELD),
        ) is None
    )


def refusal_message(field: str, value: Any) -> str:
    """The user's message for a refusal, in their language (the labels are the schema's)."""
    if field == CATEGORY_FIELD:
        label = tk._("Data category")
        return tk._(messages.NOT_PUBLIC).format(label=label, value=value or "")
    label = tk._("Allow harvest to GD-Catalog")
    return tk._(messages.HARVEST_PUBLIC).format(label=label, value=value or "")


def check_write(data_dict: dict[str, Any], current: dict[str, Any] | None) -> None:
    """Apply the rule to a package_create (``current`` None) or package_update before it is written.

    An update that leaves ``private`` out keeps the stored flag; the other fields are what the write
    stores (package_update replaces the whole dataset). Fills ``allow_harvest`` "True" for a public
    dataset that does not state it; makes the dataset private instead of refusing when
    ``ckanext.kpi.force_private_when_not_public`` is on; else raises ValidationError keyed by the field."""
    dataset_type = data_dict.get("type") or (current or {}).get("type")
    if dataset_type in NOT_GATED_TYPES:
        return
    if "private" in data_dict and data_dict["private"] is not None:
        private = tk.asbool(data_dict["private"])
    else:
        private = tk.asbool((current or {}).get("private") or False)
    category = field_value(data_dict, CATEGORY_FIELD)
    consent = field_value(data_dict, CONSENT_FIELD)
    refused = publication_refusal(private=private, data_category=category, allow_harvest=consent)
    if refused == CATEGORY_FIELD and force_private_enabled():
        data_dict["private"] = True
        return
    if refused:
        value = category if refused == CATEGORY_FIELD else consent
        raise tk.ValidationError({refused: [refusal_message(refused, value)]})
    if not private and not consent:
        _set_field(data_dict, CONSENT_FIELD, HARVEST_CONSENT)


def bulk_refusals(datasets: Iterable[Any]) -> list[tuple[Any, str]]:
    """Of model.Package rows about to be made public, those the rule refuses, with the refused field.
    Consent is not a refusal here: making a dataset public gives it (``allow_harvest`` becomes "True")."""
    refused = []
    for package in datasets:
        if package.type in NOT_GATED_TYPES:
            continue
        field = publication_refusal(
            private=False, data_category=package.extras.get(CATEGORY_FIELD), allow_harvest=HARVEST_CONSENT
        )
        if field:
            refused.append((package, field))
    return refused
