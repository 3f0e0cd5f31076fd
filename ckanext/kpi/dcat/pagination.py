"""Percent-encoded Hydra page links on /catalog.*.

ckanext-dcat 2.4.4 writes the caller's ``q``, ``fq``, ``modified_since`` and ``profiles`` into the page links
without encoding them (ckan/ckanext-dcat#223, open). A Thai search term or a space then makes an invalid
URI, rdflib refuses to serialize it and the catalog answers 500. Its ``_pagination_info`` is wrapped once,
at start-up, so that every link is rebuilt from the request's arguments with ``urlencode``; the counts and
page numbers stay ckanext-dcat's. Remove this module when ckanext-dcat encodes the links itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import ckan.plugins.toolkit as tk

# The request arguments ckanext-dcat carries from page to page.
CARRIED_ARGUMENTS = ("modified_since", "profiles", "q", "fq")
PAGE_LINKS = ("current", "first", "last", "next", "previous")


def page_link(link: str, arguments: list[tuple[str, str]]) -> str:
    """ckanext-dcat's link for one page, with its query string encoded."""
    base, _, query = link.partition("?")
    page = query.rsplit("page=", 1)[-1]
    return f"{base}?{urlencode([*arguments, ('page', page)])}"


def encoded_links(pagination_info: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
    def with_encoded_links(query: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
        info = pagination_info(query, data_dict)
        arguments = [
            (key, value)
            for key, value in tk.request.args.items(multi=True)
            if key in CARRIED_ARGUMENTS
        ]
        return {
            key: page_link(value, arguments) if key in PAGE_LINKS else value for key, value in info.items()
        }

    with_encoded_links.kpi_encoded = True  # type: ignore[attr-defined]
    return with_encoded_links


def install() -> None:
    """Wrap ckanext-dcat's pagination once (plugins may be loaded more than once, in tests)."""
    from ckanext.dcat import logic

    if not getattr(logic._pagination_info, "kpi_encoded", False):
        logic._pagination_info = encoded_links(logic._pagination_info)
