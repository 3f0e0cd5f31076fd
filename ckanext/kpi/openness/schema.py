"""Input schemas of the open-format actions (CKAN's ``logic/schema.py`` style): each names its fields'
validators, so a missing or wrong field is a ``ValidationError`` naming it."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk


def resource_id_schema() -> dict[str, Any]:
    """``id``: the resource id (required)."""
    return {"id": [tk.get_validator("not_empty"), tk.get_validator("unicode_safe")]}
