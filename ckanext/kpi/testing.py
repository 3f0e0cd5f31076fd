"""Pytest fixtures and helpers for the DGA schema tests (tests/logic, tests/schemas, tests/views).

Each of those folders' conftest.py re-exports the fixtures (pytest runs with --import-mode=importlib, so
test folders cannot import one another)."""

from __future__ import annotations

import copy
import json
from importlib import resources
from typing import Any

import pytest
from ckan.tests import factories

EXAMPLES = resources.files("ckanext.kpi") / "examples" / "ckan"


def example(name: str) -> dict[str, Any]:
    """A fresh copy of an example document of ckanext/kpi/examples/ckan/."""
    return copy.deepcopy(json.loads((EXAMPLES / name).read_text(encoding="utf-8")))


@pytest.fixture
def sysadmin() -> dict[str, Any]:
    return factories.Sysadmin()


@pytest.fixture
def sysadmin_context(sysadmin) -> dict[str, Any]:
    return {"user": sysadmin["name"], "ignore_auth": False}


@pytest.fixture
def organization(sysadmin) -> dict[str, Any]:
    return factories.Organization(name="git", title="สถาบันวิจัยและพัฒนาอัญมณีและเครื่องประดับแห่งชาติ",
                                  user=sysadmin)


@pytest.fixture
def complete_dataset(organization) -> dict[str, Any]:
    """The complete `dataset`-type example (statistics), owned by the test organization; not yet created."""
    return {**example("dataset_complete.json"), "owner_org": organization["id"]}


@pytest.fixture
def complete_kpi(organization) -> dict[str, Any]:
    """The complete `kpi`-type example, owned by the test organization; not yet created."""
    return {**example("kpi_complete.json"), "owner_org": organization["id"]}
