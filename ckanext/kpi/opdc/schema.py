"""Input schemas of the OPDC actions (CKAN's ``logic/schema.py`` style): each names its fields' validators,
so a missing or wrong field is a ``ValidationError`` naming it."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk


def organization_id_schema() -> dict[str, Any]:
    """``id``: the organisation id or name (required)."""
    return {"id": [tk.get_validator("not_empty"), tk.get_validator("unicode_safe")]}
