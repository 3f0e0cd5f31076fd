"""Fixtures of the DCAT tests: a publishing organization and its sysadmin, datasets made from the complete
DGA example (tests/conftest.py ``complete_dataset_dict``), and RDF read back from the endpoints."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from ckan import model
from ckan.lib.search import rebuild
from ckan.tests import factories
from ckan.tests.helpers import call_action
from rdflib import Graph

from tests.support.fixtures import example

ORGANIZATION_TITLE = "สถาบันวิจัยและพัฒนาอัญมณีและเครื่องประดับแห่งชาติ"
RDF_FORMATS = {"ttl": "turtle", "jsonld": "json-ld", "xml": "xml", "rdf": "xml"}


@pytest.fixture
def sysadmin() -> dict[str, Any]:
    return factories.Sysadmin()


@pytest.fixture
def organization(sysadmin) -> dict[str, Any]:
    return factories.Organization(name="git", title=ORGANIZATION_TITLE, user=sysadmin)


@pytest.fixture
def create_dataset(sysadmin, organization, complete_dataset_dict) -> Callable[..., dict[str, Any]]:
    """``create_dataset(**overrides)``: package_create of the complete DGA example as the sysadmin (the
    activity plugin needs a real user)."""

    def create(**overrides: Any) -> dict[str, Any]:
        data = complete_dataset_dict(owner_org=organization["id"], **overrides)
        return call_action("package_create", context={"user": sysadmin["name"]}, **data)

    return create


@pytest.fixture
def create_kpi(sysadmin, organization) -> Callable[..., dict[str, Any]]:
    """The same for the `kpi` type (ckanext/kpi/examples/ckan/kpi_complete.json)."""

    def create(**overrides: Any) -> dict[str, Any]:
        data = {**example("kpi_complete.json"), "owner_org": organization["id"], **overrides}
        return call_action("package_create", context={"user": sysadmin["name"]}, **data)

    return create


@pytest.fixture
def store_directly() -> Callable[..., None]:
    """``store_directly(dataset_id, private=None, **extras)``: change a stored dataset behind the validators'
    back and reindex it, as data written before the schema's rules (or by another tool) would be."""

    def store(dataset_id: str, private: bool | None = None, **extras: str) -> None:
        package = model.Package.get(dataset_id)
        if private is not None:
            package.private = private
        for key, value in extras.items():
            package.extras[key] = value
        model.Session.commit()
        rebuild(dataset_id)

    return store


def parse_response(response: Any, rdf_format: str = "ttl") -> Graph:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return Graph().parse(data=response.get_data(as_text=True), format=RDF_FORMATS[rdf_format])


@pytest.fixture
def graph_of() -> Callable[..., Graph]:
    """``graph_of(response, rdf_format="ttl")``: the graph of an endpoint's answer, checked to be 200 first
    (a fixture because test modules cannot import conftest under --import-mode=importlib)."""
    return parse_response
