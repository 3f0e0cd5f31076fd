"""Fixtures shared by the test suite. Nothing here imports CKAN at module level, so the pure-Python
extraction tests also run in an environment without CKAN."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
PLUGINS_WITH_MIGRATIONS = ("activity", "harvest")


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
