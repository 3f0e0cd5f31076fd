"""What the actions of every feature share when they call other actions for their caller: the caller's
context, every dataset of a search that the caller may see (CKAN's permission labels decide, page by
page), read access to a dataset or an organisation, and input checked by a schema."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import ckan.plugins.toolkit as tk

SEARCH_PAGE_SIZE = 1000
Schema = dict[str, Any]


def caller_context(context: dict[str, Any]) -> dict[str, Any]:
    """A fresh context for the nested actions, with the caller's identity (and so its permissions)."""
    return {key: context[key] for key in ("user", "auth_user_obj", "ignore_auth") if key in context}


def visible_datasets(
    context: dict[str, Any], fq: str, *, include_drafts: bool = False
) -> Iterator[dict[str, Any]]:
    """Every dataset matching the filter ``fq`` that the caller may see: public ones for anonymous users;
    private ones (and drafts, when asked) for the organization's members and sysadmins. By name."""
    start = 0
    while True:
        page = tk.get_action("package_search")(caller_context(context), {
            "fq": fq,
            "include_private": True,
            "include_drafts": include_drafts,
            "sort": "name asc",
            "rows": SEARCH_PAGE_SIZE,
            "start": start,
        })
        yield from page["results"]
        start += len(page["results"])
        if not page["results"] or start >= page["count"]:
            return


def organization_datasets(context: dict[str, Any], organization_id: str) -> list[dict[str, Any]]:
    """All datasets of the organization that the caller may see, drafts included."""
    return list(visible_datasets(context, f'owner_org:"{organization_id}"', include_drafts=True))


def read_access(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """An auth result: whoever may read the dataset (``id``) or the organization (``organization``); the
    action then lists only the datasets the caller may see (anonymous users: public ones)."""
    if data_dict.get("id"):
        needed, target = "package_show", data_dict["id"]
    elif data_dict.get("organization"):
        needed, target = "organization_show", data_dict["organization"]
    else:
        return {"success": True}  # the action itself explains what is missing
    try:
        tk.check_access(needed, context, {"id": target})
    except tk.NotAuthorized:
        return {"success": False, "msg": tk._("Not authorized to read {target}").format(target=target)}
    return {"success": True}


def validated(data_dict: dict[str, Any], schema: Schema, context: dict[str, Any]) -> dict[str, Any]:
    """``data_dict`` checked and converted by ``schema`` (CKAN's navl validators); ``tk.ValidationError``
    naming each field that fails. Keys the schema does not name are left out."""
    data, errors = tk.navl_validate(data_dict, schema, context)
    if errors:
        raise tk.ValidationError(errors)
    data.pop("__extras", None)
    return data
