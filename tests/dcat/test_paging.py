"""Paging (``page``, Hydra links and counts) and incremental harvesting (``modified_since``) on /catalog.ttl,
with unpublished datasets mixed in: they count nowhere, not in hydra:totalItems and not on any page."""

from __future__ import annotations

import datetime
import time
from typing import Any

import pytest
from ckan.tests.helpers import call_action
from rdflib import Graph, Literal, Namespace, URIRef

from ckanext.dcat.profiles import DCAT, RDF

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
PAGE_SIZE = 2


def dataset_ids(graph: Graph) -> set[str]:
    return {str(uri).rsplit("/", 1)[-1] for uri in graph.subjects(RDF.type, DCAT.Dataset)}


def paging(graph: Graph) -> dict[str, Any]:
    (collection,) = graph.subjects(RDF.type, HYDRA.PagedCollection)
    return {
        "current": str(collection),
        "total": graph.value(collection, HYDRA.totalItems),
        "first": graph.value(collection, HYDRA.first),
        "next": graph.value(collection, HYDRA.next),
        "previous": graph.value(collection, HYDRA.previous),
        "last": graph.value(collection, HYDRA.last),
    }


@pytest.fixture
def five_published_two_not(create_dataset) -> list[dict[str, Any]]:
    """Five published datasets (oldest first) and two private ones created in between."""
    published = []
    for number in range(5):
        published.append(create_dataset(name=f"published-{number}", title=f"ชุดข้อมูลเผยแพร่ {number}"))
        if number in (1, 3):
            create_dataset(name=f"private-{number}", title=f"ชุดข้อมูลส่วนตัว {number}", private=True)
    return published


@pytest.mark.ckan_config("ckanext.dcat.datasets_per_page", str(PAGE_SIZE))
def test_pages_split_the_published_datasets_newest_first(app, five_published_two_not, graph_of):
    newest_first = [dataset["id"] for dataset in reversed(five_published_two_not)]
    pages = [graph_of(app.get("/catalog.ttl", query_string={"page": page})) for page in (1, 2, 3)]

    assert [dataset_ids(page) for page in pages] == [
        set(newest_first[0:2]), set(newest_first[2:4]), set(newest_first[4:5]),
    ]  # fmt: skip
    first, middle, last = (paging(page) for page in pages)
    base = "http://test.ckan.net/catalog.ttl?page="
    assert first == {
        "current": base + "1", "total": Literal(5), "first": URIRef(base + "1"), "next": URIRef(base + "2"),
        "previous": None, "last": URIRef(base + "3"),
    }  # fmt: skip
    assert (middle["previous"], middle["next"]) == (URIRef(base + "1"), URIRef(base + "3"))
    assert (last["next"], last["previous"]) == (None, URIRef(base + "2"))
    # every page names the catalog and only its own datasets
    for page in pages:
        assert len(set(page.objects(URIRef("http://test.ckan.net"), DCAT.dataset))) == len(dataset_ids(page))


@pytest.mark.ckan_config("ckanext.dcat.datasets_per_page", str(PAGE_SIZE))
def test_a_page_past_the_end_is_not_found_and_a_bad_page_is_refused(app, five_published_two_not, graph_of):
    assert len(dataset_ids(graph_of(app.get("/catalog.ttl", query_string={"page": 3})))) == 1
    for rdf_format in ("ttl", "jsonld", "rdf"):
        assert app.get(f"/catalog.{rdf_format}", query_string={"page": 4}).status_code == 404
    assert app.get("/catalog.ttl", query_string={"page": 0}).status_code == 409
    assert app.get("/catalog.ttl", query_string={"page": "two"}).status_code == 409


def test_modified_since_gives_only_what_changed(app, five_published_two_not, sysadmin, graph_of):
    time.sleep(0.01)
    since = datetime.datetime.now(datetime.UTC).replace(tzinfo=None).isoformat()
    time.sleep(0.01)
    changed = five_published_two_not[2]
    call_action("package_patch", context={"user": sysadmin["name"]}, id=changed["id"], notes="แก้ไขคำอธิบาย")
    call_action("package_patch", context={"user": sysadmin["name"]}, id="private-1", notes="แก้ไขคำอธิบาย")

    graph = graph_of(app.get("/catalog.ttl", query_string={"modified_since": since}))
    assert dataset_ids(graph) == {changed["id"]}
    assert paging(graph)["total"] == Literal(1)
    assert "modified_since=" in paging(graph)["current"]


def test_modified_since_must_be_a_date(app):
    assert app.get("/catalog.ttl", query_string={"modified_since": "yesterday-ish"}).status_code == 409


@pytest.mark.ckan_config("ckanext.dcat.datasets_per_page", str(PAGE_SIZE))
def test_a_thai_search_with_a_space_pages_with_encoded_links(app, five_published_two_not, graph_of):
    """ckanext-dcat alone writes the term into the links as it is, and rdflib's refusal answered 500."""
    response = app.get("/catalog.ttl", query_string={"q": "ชุดข้อมูล เผยแพร่", "fq": "name:published-*"})

    assert response.status_code == 200
    graph = graph_of(response)
    assert len(dataset_ids(graph)) == PAGE_SIZE
    links = paging(graph)
    query = (
        "q=%E0%B8%8A%E0%B8%B8%E0%B8%94%E0%B8%82%E0%B9%89%E0%B8%AD%E0%B8%A1%E0%B8%B9%E0%B8%A5"
        "+%E0%B9%80%E0%B8%9C%E0%B8%A2%E0%B9%81%E0%B8%9E%E0%B8%A3%E0%B9%88&fq=name%3Apublished-%2A"
    )
    base = f"http://test.ckan.net/catalog.ttl?{query}&page="
    assert links == {
        "current": base + "1", "total": Literal(5), "first": URIRef(base + "1"), "next": URIRef(base + "2"),
        "previous": None, "last": URIRef(base + "3"),
    }  # fmt: skip


def test_an_empty_catalog_has_a_first_page_only(app, graph_of):
    assert dataset_ids(graph_of(app.get("/catalog.ttl"))) == set()
    assert app.get("/catalog.ttl", query_string={"page": 2}).status_code == 404


@pytest.mark.parametrize(
    ("rdf_format", "media_type"),
    [("ttl", "text/turtle"), ("jsonld", "application/ld+json"), ("rdf", "application/rdf+xml"),
     ("xml", "application/rdf+xml"), ("n3", "text/n3")],
)
def test_rdf_says_its_charset(app, five_published_two_not, rdf_format, media_type):
    published = five_published_two_not[0]["name"]
    for path in (f"/catalog.{rdf_format}", f"/dataset/{published}.{rdf_format}"):
        response = app.get(path)
        assert response.status_code == 200
        assert response.headers["Content-Type"] == f"{media_type}; charset=utf-8", path
        assert "ข้อมูล".encode() in response.get_data() or rdf_format == "jsonld"
