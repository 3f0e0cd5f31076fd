"""Hydra page links on /catalog.*: percent-encoded IRIs, and no page past the last one.

ckanext-dcat 2.4.4 writes the caller's ``q``, ``fq``, ``modified_since`` and ``profiles`` into the page links
without encoding them (ckan/ckanext-dcat#223, open). A Thai search term or a space then makes an invalid
URI, rdflib refuses to serialize it and the catalog answers 500. Its ``_pagination_info`` is wrapped once,
at start-up, so that every link is rebuilt from the request's arguments with ``urlencode``; the counts and
page numbers stay ckanext-dcat's. Remove that part when ckanext-dcat encodes the links itself.

ckanext-dcat also writes the links (``hydra:first``, ``last``, ``next``, ``previous``) as string literals;
Hydra defines them as links to resources, so they are rewritten as IRIs after ckanext-dcat adds them. A page
past the last one (page 2 of an empty catalog included) raises ObjectNotFound, answered 404 by
``responses.py``, instead of an empty catalog with 200.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import ckan.plugins.toolkit as tk
from rdflib import Literal, URIRef

from ckanext.dcat.processors import HYDRA

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
        _refuse_page_past_the_end(query, data_dict)
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


def _refuse_page_past_the_end(query: dict[str, Any], data_dict: dict[str, Any]) -> None:
    page = int(data_dict.get("page") or 1)  # ckanext-dcat has refused a page that is not a number
    per_page = int(tk.config.get("ckanext.dcat.datasets_per_page") or 100)
    if page > 1 and (page - 1) * per_page >= query["count"]:
        raise tk.ObjectNotFound(tk._("Page {page} is past the last page of the catalog").format(page=page))


LINK_PREDICATES = (
    HYDRA.first, HYDRA.last, HYDRA.next, HYDRA.previous,
    HYDRA.firstPage, HYDRA.lastPage, HYDRA.nextPage, HYDRA.previousPage,
)


def links_as_iris(add_pagination_triples: Callable[..., Any]) -> Callable[..., Any]:
    def with_iris(serializer: Any, paging_info: dict[str, Any]) -> Any:
        pagination_ref = add_pagination_triples(serializer, paging_info)
        for predicate in LINK_PREDICATES:
            for value in list(serializer.g.objects(pagination_ref, predicate)):
                if isinstance(value, Literal):
                    serializer.g.remove((pagination_ref, predicate, value))
                    serializer.g.add((pagination_ref, predicate, URIRef(str(value))))
        return pagination_ref

    with_iris.kpi_iris = True  # type: ignore[attr-defined]
    return with_iris


def install() -> None:
    """Wrap ckanext-dcat's pagination once (plugins may be loaded more than once, in tests)."""
    from ckanext.dcat import logic
    from ckanext.dcat.processors import RDFSerializer

    if not getattr(logic._pagination_info, "kpi_encoded", False):
        logic._pagination_info = encoded_links(logic._pagination_info)
    if not getattr(RDFSerializer._add_pagination_triples, "kpi_iris", False):
        RDFSerializer._add_pagination_triples = links_as_iris(RDFSerializer._add_pagination_triples)
