"""SHACL conformance with pyshacl, against two sets of shapes:

* the official DCAT-AP 3.0.0 shapes of SEMIC (tests/dcat/shapes/, CC BY 4.0, source in its README), with no
  known failure tolerated;
* our DGA shapes (ckanext/kpi/dcat/shapes/thai_dga.shacl.ttl): the 14 mandatory items, the publication rule
  and the catalog's Thai/English title and publisher.

What is validated is what the endpoints serve (/catalog.ttl with a `dataset` and a `kpi` dataset) and the
example documents of ckanext/kpi/examples/dcat/."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, Namespace, URIRef

from ckanext.dcat.processors import RDFSerializer
from ckanext.dcat.profiles import DCAT
from ckanext.kpi.dcat.vocabularies import DGA

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

DCAT_AP_3_SHAPES = Path(__file__).parent / "shapes" / "dcat-ap-3.0.0-SHACL.ttl"
DGA_SHAPES = resources.files("ckanext.kpi") / "dcat" / "shapes" / "thai_dga.shacl.ttl"
EXAMPLES = resources.files("ckanext.kpi") / "examples" / "dcat"
SH = Namespace("http://www.w3.org/ns/shacl#")


@pytest.fixture(scope="module")
def dcat_ap_3_shapes() -> Graph:
    return Graph().parse(DCAT_AP_3_SHAPES, format="turtle")


@pytest.fixture(scope="module")
def dga_shapes() -> Graph:
    return Graph().parse(data=DGA_SHAPES.read_text(encoding="utf-8"), format="turtle")


def violations(data: Graph, shapes: Graph) -> list[str]:
    """The result messages of a validation, empty when the graph conforms."""
    conforms, results, text = validate(data, shacl_graph=shapes)
    messages = sorted(str(message) for message in results.objects(None, SH.resultMessage))
    assert conforms == (not messages), text
    return messages


@pytest.fixture
def served_catalog(app, create_dataset, create_kpi, graph_of) -> Graph:
    create_dataset()
    create_kpi()
    graph = graph_of(app.get("/catalog.ttl"))
    assert len(set(graph.subjects(predicate=DCAT.distribution))) == 1
    assert len(set(graph.objects(predicate=DCAT.dataset))) == 2
    return graph


def test_served_catalog_conforms_to_dcat_ap_3(served_catalog, dcat_ap_3_shapes):
    assert violations(served_catalog, dcat_ap_3_shapes) == []


def test_served_catalog_conforms_to_the_dga_shapes(served_catalog, dga_shapes):
    assert violations(served_catalog, dga_shapes) == []


@pytest.mark.parametrize("file_name", ["dataset_complete.ttl", "kpi_complete.ttl"])
def test_example_documents_conform_to_both(file_name, dcat_ap_3_shapes, dga_shapes):
    graph = Graph().parse(data=(EXAMPLES / file_name).read_text(encoding="utf-8"), format="turtle")
    assert violations(graph, dcat_ap_3_shapes) == []
    assert violations(graph, dga_shapes) == []


def test_dga_shapes_name_each_missing_item(dga_shapes):
    graph = Graph().parse(
        data=(EXAMPLES / "dataset_complete.ttl").read_text(encoding="utf-8"), format="turtle"
    )
    dataset = URIRef("https://data.example.go.th/dataset/git-budget-disbursement-2567")
    for predicate in (DGA.objective, DGA.geoCoverage, DGA.accessibleCondition):
        graph.remove((dataset, predicate, None))
    assert violations(graph, dga_shapes) == [
        "Item 14: the dataset has no accessible condition (dga:accessibleCondition)",
        "Item 7: the dataset has no objective (dga:objective)",
        "Item 9: the dataset has no geographic coverage (dga:geoCoverage)",
    ]


def test_dga_shapes_refuse_a_non_public_dataset(create_dataset, dga_shapes):
    # RDFSerializer directly: the endpoints would never serve this one
    dataset = create_dataset(private=True, data_category="ข้อมูลส่วนบุคคล", data_classification="ลับ")
    serializer = RDFSerializer(profiles=["euro_dcat_ap_3", "thai_dga"])
    serializer.graph_from_dataset(dataset)
    assert violations(serializer.g, dga_shapes) == [
        "A published dataset must be PUBLIC (dct:accessRights)",
        "A published dataset must be in the data category ข้อมูลสาธารณะ (dga:dataCategory)",
    ]
