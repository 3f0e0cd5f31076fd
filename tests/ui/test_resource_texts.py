"""Names and descriptions of the resources the harvester writes are Thai, with English beside them in
``name_translated`` / ``description_translated``, and CKAN's pages show the reader's language (issue 21).
Seed 001 published the way the harvester publishes it."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from .conftest import PLUGINS, SEED_001

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", PLUGINS),
    pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index"),
]
THAI = re.compile(r"[\u0E00-\u0E7F]")


def _resource_names(app, path: str) -> list[str]:
    soup = BeautifulSoup(app.get(path).body, "html.parser")
    return [a.get_text(" ", strip=True) for a in soup.select(".resource-item a.heading")]


def test_harvested_resources_have_thai_and_english_names_and_descriptions(app, seed_dataset):
    package = seed_dataset(SEED_001)
    resources = {r["url"].rsplit("/", 1)[-1]: r for r in package["resources"]}
    indicators = resources["indicators.csv"]
    count = re.search(r"\((\d+)\)", indicators["name"]).group(1)
    assert int(count) > 0
    assert indicators["name"] == f"ตัวชี้วัด ({count})"
    assert indicators["name_translated"] == {"th": f"ตัวชี้วัด ({count})", "en": f"Indicators ({count})"}
    assert indicators["description"].startswith("ตัวชี้วัด (KPI) ที่พบในเอกสารฉบับนี้")
    assert indicators["description_translated"]["en"].startswith("Indicators (KPIs) found in one document.")
    original = next(r for key, r in resources.items() if key.startswith("original-"))
    assert original["name"] == f"เอกสารต้นฉบับ: {SEED_001}"
    assert original["name_translated"]["en"] == f"Original document: {SEED_001}"
    for key, resource in resources.items():
        assert THAI.search(resource["name"]) and THAI.search(resource["description"]), key
        english = resource["name_translated"]["en"] + resource["description_translated"]["en"]
        assert not THAI.search(english.replace(SEED_001, "")), key

    thai_names = _resource_names(app, f"/th/dataset/{package['name']}")
    english_names = _resource_names(app, f"/en/dataset/{package['name']}")
    assert any(name.startswith(f"ตัวชี้วัด ({count})") for name in thai_names), thai_names
    assert any(name.startswith(f"Indicators ({count})") for name in english_names), english_names
    assert not any(name.startswith("Indicators") for name in thai_names)
    thai_page = BeautifulSoup(app.get(f"/th/dataset/{package['name']}").body, "html.parser")
    descriptions = [p.get_text(" ", strip=True) for p in thai_page.select(".resource-item .description")]
    assert any(text.startswith("ตัวชี้วัด (KPI)") for text in descriptions), descriptions
