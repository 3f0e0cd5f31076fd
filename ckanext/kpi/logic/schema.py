"""Input schemas of the actions in ``logic/action/`` (CKAN's ``logic/schema.py`` style); a feature's own
actions have theirs in ``<feature>/schema.py``."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk


def harvest_job_id_schema() -> dict[str, Any]:
    """``id``: the harvest job id (required)."""
    return {"id": [tk.get_validator("not_empty"), tk.get_validator("unicode_safe")]}
