"""The organisation page's bulk "Make public" / "Make private" form, with the publication rule's refusal
shown as a message instead of a server error.

CKAN's view (``organization.bulk_process``) catches NotAuthorized only, so the ValidationError of the
chained ``bulk_update_public`` (logic/action/publishing.py) would answer 500. The view is wrapped: a refusal
is flashed on the same page, and nothing was changed."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk
from flask import Flask

BULK_ENDPOINTS = ("organization.bulk_process",)


def _refusals_flashed(view: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        try:
            return view(*args, **kwargs)
        except tk.ValidationError as error:
            for messages in error.error_dict.values():
                for message in messages if isinstance(messages, list) else [messages]:
                    tk.h.flash_error(message)
            return tk.redirect_to(tk.request.endpoint, **(tk.request.view_args or {}))

    return wrapped


def wrap_bulk_views(app: Any) -> Any:
    """IMiddleware.make_middleware: runs after CKAN registered its group blueprints."""
    if isinstance(app, Flask):
        for endpoint in BULK_ENDPOINTS:
            if endpoint in app.view_functions:
                app.view_functions[endpoint] = _refusals_flashed(app.view_functions[endpoint])
    return app
