"""SHACL conformance with pyshacl, against two sets of shapes:

* the official DCAT-AP 3.0.0 and 3.0.1 shapes of SEMIC (tests/dcat/shapes/, CC BY 4.0, source in its
  README), with no failure tolerated: no Violation, and no result of any other severity either;
* our DGA shapes (ckanext/kpi/dcat/shapes/thai_dga.shacl.ttl): the 14 mandatory items, the publication rule
  and the catalog's Thai/English title and publisher.

What is validated is what the endpoints serve (/catalog.ttl with a `dataset` and a `kpi` dataset, and each
dataset's /dataset/<id>.ttl; one resource has a SHA-256 hash, as the harvesters' "Original document" does)
and the example documents of ckanext/kpi/examples/dcat/."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
from ckan.tests.helpers import call_action
from pyshacl import validate
from rdflib import Graph, Namespace, URIRef

from ckanext.dcat.processors import RDFSerializer
from ckanext.dcat.profiles import DCAT
from ckanext.kpi.dcat.vocabularies import DGA

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

SHAPES_DIR = Path(__file__).parent / "shapes"
DCAT_AP_VERSIONS = ("3.0.0", "3.0.1")
DGA_SHAPES = resources.files("ckanext.kpi") / "dcat" / "shapes" / "thai_dga.shacl.ttl"
EXAMPLES = resources.files("ckanext.kpi") / "examples" / "dcat"
SH = Namespace("http://www.w3.org/ns/shacl#")


SHA256_OF_EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
SPDX = Namespace("http://spdx.org/rdf/terms#")


@pytest.fixture(scope="module", params=DCAT_AP_VERSIONS)
def dcat_ap_3_shapes(request) -> Graph:
    return Graph().parse(SHAPES_DIR / f"dcat-ap-{request.param}-SHACL.ttl", format="turtle")


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
def served_datasets(create_dataset, create_kpi, complete_dataset_dict) -> list[dict]:
    resources = complete_dataset_dict()["resources"]
    resources[0]["hash"] = SHA256_OF_EMPTY
    return [create_dataset(resources=resources), create_kpi()]


@pytest.fixture
def served_catalog(app, served_datasets, graph_of) -> Graph:
    graph = graph_of(app.get("/catalog.ttl"))
    assert len(set(graph.subjects(predicate=DCAT.distribution))) == 1
    assert len(set(graph.objects(predicate=DCAT.dataset))) == 2
    return graph


def test_served_catalog_conforms_to_dcat_ap_3(served_catalog, dcat_ap_3_shapes):
    assert violations(served_catalog, dcat_ap_3_shapes) == []


def test_each_served_dataset_conforms_to_dcat_ap_3(app, served_datasets, graph_of, dcat_ap_3_shapes):
    for dataset in served_datasets:
        graph = graph_of(app.get(f"/dataset/{dataset['name']}.ttl"))
        assert violations(graph, dcat_ap_3_shapes) == [], dataset["name"]


def test_a_checksum_names_its_algorithm(served_catalog):
    (checksum,) = served_catalog.objects(predicate=SPDX.checksum)
    assert served_catalog.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
    assert str(served_catalog.value(checksum, SPDX.checksumValue)) == SHA256_OF_EMPTY


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


def test_the_five_seed_documents_conform_to_dcat_ap_3(app, seeds_dir, sysadmin, graph_of):
    """The demo's content: the five seeds loaded as `ckan kpi load-demo` loads them (each with its original
    document's SHA-256), made public, then the catalog and each dataset against 3.0.0 and 3.0.1."""
    from ckanext.kpi.demo import load_seed_documents

    lines = list(load_seed_documents(seeds_dir))
    names = [line.split(" -> dataset ")[1].split(":")[0] for line in lines if " -> dataset " in line]
    assert len(names) == 5, lines
    for name in names:
        call_action("package_patch", context={"user": sysadmin["name"]}, id=name, private=False)
    graphs = {"/catalog.ttl": graph_of(app.get("/catalog.ttl"))}
    assert len(set(graphs["/catalog.ttl"].objects(predicate=DCAT.dataset))) == 5
    assert len(set(graphs["/catalog.ttl"].objects(predicate=SPDX.algorithm))) == 1  # sha256, on each original
    graphs |= {f"/dataset/{name}.ttl": graph_of(app.get(f"/dataset/{name}.ttl")) for name in names}
    for version in DCAT_AP_VERSIONS:
        shapes = Graph().parse(SHAPES_DIR / f"dcat-ap-{version}-SHACL.ttl", format="turtle")
        found = {path: violations(graph, shapes) for path, graph in graphs.items()}
        assert {path: messages for path, messages in found.items() if messages} == {}, version
