"""The publication filter over the whole matrix: private/public × the 5 DGA data categories × allow_harvest
True/False, on /catalog.ttl, /catalog.jsonld and /dataset/<id>.ttl, for anonymous users and for a harvester
with a sysadmin's API token. Only public + ข้อมูลสาธารณะ + "True" may ever appear.

The schema refuses most of these combinations on write, so every cell is created private (always valid)
and the public cells are then made public in the database, as data written before the schema's rules or
by another tool would be: the filter must hold whatever the validators let through."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from ckan import model
from ckan.tests import factories
from rdflib import Graph, Literal, Namespace, URIRef

from ckanext.dcat.profiles import DCAT, RDF
from ckanext.kpi.dcat.publication import is_published
from ckanext.kpi.vocabulary import CLASSIFICATIONS_BY_CATEGORY, PUBLIC_CATEGORY

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

CATEGORIES = tuple(CLASSIFICATIONS_BY_CATEGORY)
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
MATRIX = list(itertools.product((True, False), CATEGORIES, ("True", "False")))


def cell_name(private: bool, category: str, allow_harvest: str) -> str:
    return f"cell-{'private' if private else 'public'}-{CATEGORIES.index(category)}-{allow_harvest.lower()}"


@pytest.fixture
def matrix(create_dataset, store_directly) -> dict[str, dict[str, Any]]:
    """The 20 datasets by name; each dict is what package_show gives after the database edits."""
    datasets = {}
    for private, category, allow_harvest in MATRIX:
        name = cell_name(private, category, allow_harvest)
        created = create_dataset(
            name=name,
            title=f"ชุดข้อมูล {name}",
            private=True,
            data_category=category,
            data_classification=CLASSIFICATIONS_BY_CATEGORY[category][0],
            allow_harvest=allow_harvest,
        )
        if not private:
            store_directly(created["id"], private=False)
        datasets[name] = {**created, "private": private}
    return datasets


def dataset_uris(graph: Graph) -> set[str]:
    return {str(uri) for uri in graph.subjects(RDF.type, DCAT.Dataset)}


def published(matrix: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return matrix[cell_name(False, PUBLIC_CATEGORY, "True")]


def published_uri(matrix: dict[str, dict[str, Any]]) -> str:
    return f"http://test.ckan.net/dataset/{published(matrix)['id']}"


# One test per endpoint family: each builds the 20-dataset matrix, which is what takes the time.


def test_catalog_lists_only_the_published_dataset(app, matrix, sysadmin, graph_of):
    stored = {name: model.Package.get(dataset["id"]) for name, dataset in matrix.items()}
    for private, category, allow_harvest in MATRIX:
        package = stored[cell_name(private, category, allow_harvest)]
        assert (package.private, package.extras["data_category"], package.extras["allow_harvest"]) == (
            private,
            category,
            allow_harvest,
        )
    assert [name for name, dataset in matrix.items() if is_published(dataset)] == [published(matrix)["name"]]

    harvester = {"Authorization": factories.APIToken(user=sysadmin["name"])["token"]}
    for rdf_format, headers in itertools.product(("ttl", "jsonld"), ({}, harvester)):
        graph = graph_of(app.get(f"/catalog.{rdf_format}", headers=headers), rdf_format)
        assert dataset_uris(graph) == {published_uri(matrix)}, (rdf_format, headers)
        assert set(graph.objects(None, DCAT.dataset)) == {URIRef(published_uri(matrix))}
        assert set(graph.objects(None, HYDRA.totalItems)) == {Literal(1)}


def test_dataset_endpoint_answers_404_for_every_unpublished_cell(app, matrix, sysadmin, graph_of):
    harvester = {"Authorization": factories.APIToken(user=sysadmin["name"])["token"]}
    expected = {name: 200 if is_published(dataset) else 404 for name, dataset in matrix.items()}
    for headers in ({}, harvester):
        statuses = {
            name: app.get(f"/dataset/{dataset['id']}.ttl", headers=headers).status_code
            for name, dataset in matrix.items()
        }
        assert statuses == expected, headers
    assert list(expected.values()).count(200) == 1

    # by name and in JSON-LD too; a private dataset answers like a missing one (ckanext-dcat says 403)
    public_personal = matrix[cell_name(False, "ข้อมูลส่วนบุคคล", "True")]
    assert app.get(f"/dataset/{public_personal['name']}.jsonld").status_code == 404
    graph = graph_of(app.get(f"/dataset/{published(matrix)['name']}.jsonld"), "jsonld")
    assert dataset_uris(graph) == {published_uri(matrix)}
    private_public_category = matrix[cell_name(True, PUBLIC_CATEGORY, "True")]
    assert app.get(f"/dataset/{private_public_category['id']}.ttl").status_code == 404
    assert app.get("/dataset/no-such-dataset.ttl").status_code == 404


WIDENING_FILTER_QUERIES = [
    "capacity:private",
    'data_category:"ข้อมูลส่วนบุคคล"',
    'allow_harvest:"False"',
    "*:*",
    "*:* OR capacity:private",
    "capacity:private||capacity:public",
    ") OR (*:*",
]


def test_no_query_widens_the_catalog(app, matrix, graph_of):
    for fq in WIDENING_FILTER_QUERIES:
        # JSON-LD: ckanext-dcat's Turtle writer fails on its own paging URIs when q or fq holds a space.
        response = app.get("/catalog.jsonld", query_string={"fq": fq})
        assert response.status_code in (200, 409), fq
        if response.status_code == 200:
            assert dataset_uris(graph_of(response, "jsonld")) <= {published_uri(matrix)}, fq

    # Solr local parameters are the caller's mistake: 409, not a server error
    assert app.get("/catalog.ttl", query_string={"fq": "{!lucene}*:*"}).status_code == 409

    # the same filter through the action API
    response = app.get("/api/action/dcat_catalog_search", query_string={"format": "ttl"})
    assert response.status_code == 200
    assert dataset_uris(Graph().parse(data=response.json["result"], format="turtle")) == {
        published_uri(matrix)
    }
