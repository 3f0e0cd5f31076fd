"""Validate what a running catalog serves against the official DCAT-AP 3.0.0 and 3.0.1 SHACL shapes.

    .venv/bin/python tools/dcat_shacl_check.py http://127.0.0.1:5000

Walks every page of /catalog.ttl (following hydra:next) and every dataset it lists (/dataset/<id>.ttl),
validates each graph with pyshacl and prints the Violation/Warning/Info counts per shapes version. Exits 1
when any Violation is found. The shapes are tests/dcat/shapes/ (source and licence in the README there)."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import requests
from pyshacl import validate
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCAT, RDF

SHAPES_DIR = Path(__file__).resolve().parent.parent / "tests" / "dcat" / "shapes"
SHAPES = {version: SHAPES_DIR / f"dcat-ap-{version}-SHACL.ttl" for version in ("3.0.0", "3.0.1")}
SH = Namespace("http://www.w3.org/ns/shacl#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
TIMEOUT_SECONDS = 60


def fetch_graph(url: str) -> Graph:
    response = requests.get(url, timeout=TIMEOUT_SECONDS)
    response.raise_for_status()
    return Graph().parse(data=response.content.decode("utf-8"), format="turtle")


def severities(data: Graph, shapes: Graph) -> Counter[str]:
    _conforms, results, _text = validate(data, shacl_graph=shapes)
    return Counter(
        str(severity).rsplit("#", 1)[-1] for severity in results.objects(None, SH.resultSeverity)
    )


def main(site: str) -> int:
    shapes = {version: Graph().parse(path, format="turtle") for version, path in SHAPES.items()}
    pages, dataset_urls = [], []
    url: str | None = f"{site.rstrip('/')}/catalog.ttl"
    while url:
        graph = fetch_graph(url)
        pages.append((url, graph))
        dataset_urls += [f"{site.rstrip('/')}/dataset/{str(uri).rsplit('/', 1)[-1]}.ttl"
                         for uri in graph.subjects(RDF.type, DCAT.Dataset)]
        following = [str(link) for link in graph.objects(None, HYDRA.next) if isinstance(link, URIRef)]
        url = following[0] if following else None
    graphs = pages + [(dataset_url, fetch_graph(dataset_url)) for dataset_url in dataset_urls]
    violations = 0
    for version, shape_graph in shapes.items():
        total: Counter[str] = Counter()
        for graph_url, graph in graphs:
            counts = severities(graph, shape_graph)
            total += counts
            if counts:
                print(f"  {version} {graph_url}: {dict(counts)}")
        violations += total["Violation"]
        print(f"DCAT-AP {version}: {len(pages)} catalog page(s), {len(dataset_urls)} dataset(s): "
              f"Violation {total['Violation']}, Warning {total['Warning']}, Info {total['Info']}")
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:5000"))
