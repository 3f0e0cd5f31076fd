"""What the DCAT endpoints answer, beyond ckanext-dcat 2.4's own views:

* every RDF response says its charset (``text/turtle; charset=utf-8``): ckanext-dcat sends the bare media
  type, and clients that follow RFC 2616's ISO-8859-1 default for ``text/*`` then misread the Thai text;
* a catalog page past the last one answers 404 (ckanext-dcat serves an empty catalog with 200, which a
  harvester cannot tell from a catalog that lost its datasets). ``pagination.py`` raises ObjectNotFound for
  such a page; ckanext-dcat's view only maps ValidationError, so the view is wrapped here.

Installed by the plugin's IMiddleware hook, after CKAN registered every blueprint."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk
from flask import Flask, Response

RDF_MEDIA_TYPES = frozenset(
    {
        "text/turtle",
        "application/rdf+xml",
        "text/n3",
        "application/ld+json",
        "application/n-triples",
        "application/trig",
        "application/n-quads",
    }
)
CATALOG_ENDPOINTS = ("dcat.read_catalog",)


def with_charset(response: Response) -> Response:
    if response.mimetype in RDF_MEDIA_TYPES and "charset" not in (response.headers.get("Content-Type") or ""):
        response.headers["Content-Type"] = f"{response.mimetype}; charset=utf-8"
    return response


def _not_found_as_404(view: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        try:
            return view(*args, **kwargs)
        except tk.ObjectNotFound as error:
            return tk.abort(404, str(error) or tk._("Not found"))

    return wrapped


def install(app: Any) -> Any:
    if isinstance(app, Flask):
        app.after_request(with_charset)
        for endpoint in CATALOG_ENDPOINTS:
            if endpoint in app.view_functions:
                app.view_functions[endpoint] = _not_found_as_404(app.view_functions[endpoint])
    return app
