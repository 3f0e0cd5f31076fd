"""Demo data for ``make demo``: organisations and sample datasets, created or updated through the actions."""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import resources
from typing import Any

import ckan.plugins.toolkit as tk

EXAMPLES = resources.files("ckanext.kpi") / "examples" / "demo"


def _read_example(name: str) -> list[dict[str, Any]]:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


def _site_context() -> dict[str, Any]:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"], "ignore_auth": True}


def _upsert(kind: str, data: dict[str, Any]) -> str:
    """Create the organization or dataset ``data['name']``, or update it when it exists."""
    try:
        existing = tk.get_action(f"{kind}_show")(_site_context(), {"id": data["name"]})
    except tk.ObjectNotFound:
        tk.get_action(f"{kind}_create")(_site_context(), dict(data))
        return "created"
    tk.get_action(f"{kind}_update")(_site_context(), {**existing, **data, "id": existing["id"]})
    return "updated"


def load_demo_data() -> Iterator[str]:
    for organization in _read_example("organizations.json"):
        yield f"organization {organization['name']}: {_upsert('organization', organization)}"
    for dataset in _read_example("datasets.json"):
        yield f"dataset {dataset['name']}: {_upsert('package', dataset)}"
