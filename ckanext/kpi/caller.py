"""What the actions share when they call other actions for their caller: the caller's context, and every
dataset of a search that the caller may see (CKAN's permission labels decide, page by page)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import ckan.plugins.toolkit as tk

SEARCH_PAGE_SIZE = 1000


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
