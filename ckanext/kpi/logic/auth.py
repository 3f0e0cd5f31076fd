"""Authorization of ckanext-kpi's actions."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.kpi.caller import read_access


@tk.auth_allow_anonymous_access
def kpi_metadata_completeness(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, bool]:
    """Whoever may read the dataset or the organization; the action then lists only the datasets the
    caller may see (anonymous users: public ones)."""
    return read_access(context, data_dict)
