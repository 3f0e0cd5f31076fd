"""Fixtures shared by the test suite. Nothing here imports CKAN at module level, so the pure-Python
extraction tests also run in an environment without CKAN."""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
PLUGINS_WITH_MIGRATIONS = ("activity", "harvest", "kpi")


@pytest.fixture
def app(app):
    """CKAN's test app, each request from a new client as on CKAN 2.11 (compat.one_client_per_request)."""
    from ckanext.kpi import compat

    return compat.one_client_per_request(app)


@pytest.fixture
def clean_db(reset_db, migrate_db_for):
    """CKAN's clean_db drops the plugins' tables too: re-apply their migrations after each reset."""
    reset_db()
    for plugin in PLUGINS_WITH_MIGRATIONS:
        migrate_db_for(plugin)


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    path = Path(os.environ.get("KPI_SEEDS_DIR", REPO_ROOT.parent / "shared" / "seeds"))
    if not path.is_dir():
        pytest.fail(f"seed documents not found at {path}: set KPI_SEEDS_DIR or put shared/ beside the repo")
    return path


COMPLETE_DATASET_EXAMPLE = REPO_ROOT / "ckanext" / "kpi" / "examples" / "ckan" / "dataset_complete.json"


@pytest.fixture(scope="session")
def complete_dataset_example() -> dict[str, Any]:
    """The example of a dataset with all 14 DGA items (ckanext/kpi/examples/ckan/dataset_complete.json)."""
    return json.loads(COMPLETE_DATASET_EXAMPLE.read_text(encoding="utf-8"))


@pytest.fixture
def complete_dataset_dict(complete_dataset_example) -> Callable[..., dict[str, Any]]:
    """A factory of ``package_create`` input that passes the DGA schema: ``complete_dataset_dict(owner_org=…,
    name=…, **overrides)``; each call gets a fresh copy."""

    def build(**overrides: Any) -> dict[str, Any]:
        data = copy.deepcopy(complete_dataset_example)
        data.update(overrides)
        return data

    return build
