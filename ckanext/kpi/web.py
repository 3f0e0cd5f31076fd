"""What the views and template helpers share about the current request."""

from __future__ import annotations

import re
from typing import Any

import ckan.plugins.toolkit as tk

_UNSAFE_FILE_CHARACTERS = re.compile(r"[^A-Za-z0-9._-]+")


def current_user_context() -> dict[str, Any]:
    """An action context for the logged-in user, or for an anonymous visitor: actions check access as them."""
    return {"user": tk.current_user.name if tk.current_user.is_authenticated else ""}


def file_name_part(text: str) -> str:
    """``text`` with only file-name-safe characters, for a download's file name (may be empty)."""
    return _UNSAFE_FILE_CHARACTERS.sub("_", text).strip("_")


def read_as_current_user(action: str, data_dict: dict[str, Any]) -> dict[str, Any] | None:
    """What a template helper shows: the read action's answer for the current user, or None when they may
    not see it or it does not exist (the page then leaves the block out)."""
    try:
        return tk.get_action(action)(current_user_context(), data_dict)
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return None
