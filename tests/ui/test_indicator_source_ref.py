"""Issue 18 on the indicator page: a value read from a DOCX says where it is in the original ("table 3 row 5",
"ตาราง 3 แถว 5"); a text document keeps its line numbers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .conftest import PLUGINS, publish_seed

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", PLUGINS),
    pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index"),
]

DOCX_001 = Path(__file__).resolve().parents[2] / "ckanext/kpi/examples/documents/001_f22d53a17e33890d.docx"


def _page(app, url: str) -> BeautifulSoup:
    response = app.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.body, "html.parser")


def _source_cells(soup: BeautifulSoup) -> list[str]:
    return [
        row.find_all("td")[4].get_text(" ", strip=True)
        for row in soup.select("table.kpi-values-table tbody tr")
    ]


def _source_fact(soup: BeautifulSoup) -> str:
    terms = soup.select("dl.kpi-indicator-facts dt")
    source = next(term for term in terms if term.get_text(strip=True) in ("Source", "แหล่งที่มา"))
    return source.find_next_sibling("dd").get_text(" ", strip=True)


def test_values_from_a_docx_name_table_and_row_in_english_and_thai(
    app, sysadmin, organization, dataset_defaults
):
    package = publish_seed(
        DOCX_001, user=sysadmin["name"], owner_org=organization["id"], defaults=dataset_defaults
    )
    english = _page(app, f"/dataset/{package['name']}/indicator/1.1.2")
    cells = _source_cells(english)
    assert cells and all(re.fullmatch(r"table \d+ row \d+", cell) for cell in cells), cells
    assert re.fullmatch(r"table \d+ row \d+", _source_fact(english))

    thai = _page(app, f"/th/dataset/{package['name']}/indicator/1.1.2")
    thai_cells = _source_cells(thai)
    assert all(re.fullmatch(r"ตาราง \d+ แถว \d+", cell) for cell in thai_cells), thai_cells
    # The same places, only the words translated.
    assert [re.findall(r"\d+", cell) for cell in thai_cells] == [re.findall(r"\d+", cell) for cell in cells]
