"""The dashboard of a kpi dataset and the indicator pages, served by CKAN's test app from seed 001 (the
OPDC assessment form) and seed 000 (the GIT plan), published as the harvester publishes them."""

from __future__ import annotations

import csv
import io
import json

import ckan.plugins.toolkit as tk
import pytest
from bs4 import BeautifulSoup
from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.support.fixtures import log_in_through_form

from .conftest import PLUGINS, SEED_000, SEED_001, SEED_002, SEED_003, publish_seed

PASSWORD = "correct-horse-battery-staple"

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", PLUGINS),
    pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index", "with_request_context"),
]


def _values_table(html: str) -> list[list[str]]:
    soup = BeautifulSoup(html, "html.parser")
    table = soup.select_one("table.kpi-values-table")
    return [
        [cell.get_text(" ", strip=True) for cell in row.find_all("td")] for row in table.select("tbody tr")
    ]


def test_indicator_show_gives_the_typed_series_of_kpi_1_1_2(seed_dataset):
    package = seed_dataset(SEED_001)
    result = call_action("kpi_indicator_show", {"user": ""}, id=package["name"], indicator_id="1.1.2")
    assert result["indicator"]["weight_pct"] == 10
    assert result["scoring"] == {"scheme": "opdc_50_75_100", "weight_pct": 10}
    series = {item["key"]: item for item in result["series"]}
    actual = {p["fiscal_year_be"]: p["value_num"] for p in series["actual||summary_table"]["points"]}
    assert actual[2564] == 10774
    levels = [series[f"target_level_{n}||summary_table"]["points"][0]["value_num"] for n in (50, 75, 100)]
    assert levels == [10774, 11312, 11851]
    assert series["actual||summary_table"]["points"][2]["fiscal_year_ce"] == 2021
    assert result["status"]["status"] == "pending"
    assert result["status"]["fiscal_year_be"] == 2565
    assert result["status"]["target"]["value_num"] == 11312


def test_indicator_page_shows_values_with_original_text_and_source_lines(app, seed_dataset):
    package = seed_dataset(SEED_001)
    response = app.get(f"/dataset/{package['name']}/indicator/1.1.2")
    assert response.status_code == 200
    rows = _values_table(response.body)
    actual_2564 = next(r for r in rows if r[0] == "Actual" and r[1].startswith("2564"))
    assert actual_2564 == ["Actual", "2564 (2021)", "10,774 ใบรับรอง", "10,774 ใบรับรอง", "86"]
    levels = [r[2] for r in rows if r[0].endswith("points)")]
    assert levels == ["10,774 ใบรับรอง", "11,312 ใบรับรอง", "11,851 ใบรับรอง"]
    soup = BeautifulSoup(response.body, "html.parser")
    facts = soup.select_one("dl.kpi-indicator-facts").get_text(" ", strip=True)
    assert "Weight 10 %" in facts
    assert "OPDC levels" in facts
    chart = soup.select_one("svg.kpi-chart")
    assert chart is not None and chart["role"] == "img"
    assert "2564" in chart.get_text() and "(2021)" in chart.get_text()
    assert not soup.select("svg script")


def test_the_same_page_is_served_under_dataset(app, seed_dataset):
    package = seed_dataset(SEED_001)
    assert app.get(f"/dataset/{package['name']}/indicator/1.1.2").status_code == 200


def test_downloads_hold_exactly_the_values_shown(app, seed_dataset):
    package = seed_dataset(SEED_001)
    page = app.get(f"/dataset/{package['name']}/indicator/1.1.2")
    shown = _values_table(page.body)
    response = app.get(f"/dataset/{package['name']}/indicator/1.1.2/data.csv")
    assert response.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.body.lstrip("\ufeff"))))
    assert len(rows) == len(shown)
    assert [r["ข้อความในเอกสารต้นฉบับ / Original cell text"] for r in rows] == [r[3] for r in shown]
    assert [r["บรรทัดในเอกสารต้นฉบับ / Source lines"] for r in rows] == [r[4] for r in shown]
    data = json.loads(app.get(f"/dataset/{package['name']}/indicator/1.1.2/data.json").body)
    assert sum(len(s["points"]) for s in data["series"]) == len(shown)
    assert data == call_action("kpi_indicator_show", {"user": ""}, id=package["name"], indicator_id="1.1.2")


def test_indicator_ids_with_slashes_and_hashes_route(app, seed_dataset):
    package = seed_dataset(SEED_000)
    response = app.get(f"/dataset/{package['name']}/indicator/STR111_1%2F65%2301")
    assert response.status_code == 404
    page = app.get(f"/dataset/{package['name']}/indicator/STR111_1/65%231")
    assert page.status_code == 200
    assert "ความพึงพอใจของผู้ใช้บริการ" in page.body
    rows = _values_table(page.body)
    assert rows[0][:3] == ["Target", "2565 (2022)", "85 ร้อยละ"]
    download = app.get(f"/dataset/{package['name']}/indicator/STR111_1/65%231/data.csv")
    assert "STR111_1/65#1" in download.body


def test_dashboard_groups_indicators_by_owner(app, seed_dataset):
    package = seed_dataset(SEED_001)
    soup = BeautifulSoup(app.get(f"/dataset/{package['name']}").body, "html.parser")
    dashboard = soup.select_one("section.kpi-dashboard")
    assert dashboard is not None
    owners = [h.get_text(" ", strip=True) for h in dashboard.select("h3.kpi-owner")]
    assert owners[0].startswith("Indicator group 1.1 · ตัวชี้วัดที่สอดคล้องกับการปฏิบัติงาน")
    row = dashboard.select_one('tr[data-indicator-id="1.1.2"]')
    assert "11,312 ใบรับรอง" in row.select_one(".kpi-target").get_text()
    assert "10,774 ใบรับรอง" in row.select_one(".kpi-actual").get_text()
    assert row.select_one(".kpi-status").get_text(strip=True) == "Pending"
    assert row.select_one("svg.kpi-sparkline") is not None
    link = row.select_one("a")["href"]
    assert link == f"/dataset/{package['name']}/indicator/1.1.2"


def test_private_dataset_indicators_are_not_found_for_outsiders(app, seed_dataset):
    package = seed_dataset(SEED_001, private=True)
    assert app.get(f"/dataset/{package['name']}/indicator/1.1.2", status=404)
    assert app.get(f"/dataset/{package['name']}/indicator/1.1.2/data.json", status=404)
    outsider = factories.User()
    with pytest.raises(tk.ObjectNotFound):
        call_action(
            "kpi_indicator_show",
            {"user": outsider["name"], "ignore_auth": False},
            id=package["name"],
            indicator_id="1.1.2",
        )
    response = app.get(
        "/api/3/action/kpi_indicator_show",
        params={"id": package["name"], "indicator_id": "1.1.2"},
        status=404,
    )
    assert response.json["success"] is False


def test_private_dataset_indicators_are_shown_to_members(app, seed_dataset):
    package = seed_dataset(SEED_001, private=True)
    member = factories.User(password=PASSWORD)
    call_action("organization_member_create", id=package["owner_org"], username=member["name"], role="member")
    context = {"user": member["name"], "ignore_auth": False}
    result = call_action("kpi_indicator_show", context, id=package["name"], indicator_id="1.1.2")
    assert result["indicator"]["indicator_id"] == "1.1.2"
    client = app.test_client()
    log_in_through_form(client, member["name"], PASSWORD)
    assert client.get(f"/dataset/{package['name']}/indicator/1.1.2").status_code == 200


def test_unknown_indicator_is_not_found(app, seed_dataset):
    package = seed_dataset(SEED_001)
    app.get(f"/dataset/{package['name']}/indicator/9.9.9", status=404)


def test_document_text_is_escaped(app, seeds_dir, tmp_path, sysadmin, organization, dataset_defaults):
    seed = tmp_path / "001_evil.txt"
    text = (seeds_dir / SEED_001).read_text(encoding="utf-8")
    seed.write_text(text.replace("Buy With Confidence", "<script>alert(1)</script>"), encoding="utf-8")
    package = publish_seed(
        seed, user=sysadmin["name"], owner_org=organization["id"], defaults=dataset_defaults
    )
    body = app.get(f"/dataset/{package['name']}/indicator/1.1.2").body
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    dashboard = app.get(f"/dataset/{package['name']}").body
    assert "<script>alert(1)</script>" not in dashboard


def test_progress_report_dashboard_shows_met_and_not_met(app, seed_dataset):
    package = seed_dataset(SEED_003)
    listing = call_action("kpi_indicator_list", {"user": ""}, id=package["name"])
    statuses = {item["status"]["status"] for item in listing["indicators"]}
    assert {"met", "not_met", "pending"} <= statuses
    soup = BeautifulSoup(app.get(f"/dataset/{package['name']}").body, "html.parser")
    counts = [c.get_text(strip=True) for c in soup.select(".kpi-dashboard-counts .kpi-status")]
    assert any(c.startswith("Met: ") for c in counts) and any(c.startswith("Not met: ") for c in counts)
    judged = next(item for item in listing["indicators"] if item["status"]["status"] == "met")
    page = app.get(f"/dataset/{package['name']}/indicator/{judged['indicator_id'].replace('#', '%23')}")
    assert page.status_code == 200
    assert "Met" in BeautifulSoup(page.body, "html.parser").select_one(".kpi-status").get_text()


def test_performance_agreement_indicators_are_listed(app, seed_dataset):
    # The DIP agreement's extracted kind (performance_agreement) is not among the schema's choices yet.
    package = seed_dataset(SEED_002, document_kind="assessment_form")
    listing = call_action("kpi_indicator_list", {"user": ""}, id=package["name"])
    assert listing["count"] > 0
    soup = BeautifulSoup(app.get(f"/dataset/{package['name']}").body, "html.parser")
    assert len(soup.select(".kpi-dashboard-table tbody tr")) == listing["count"]
