"""The dashboard and an indicator page as a person sees them: Debian's Chromium, headless, against a real
CKAN server serving seeds 001 (OPDC form), 000 (GIT plan) and 004 (PMQA guide) published as the harvester
publishes them. Screenshots are saved under .run/artifacts/screenshots/."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from .conftest import PLUGINS, SEED_000, SEED_001, SEED_004, full_page_screenshot

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", PLUGINS),
    pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index"),
]


def _cells(row) -> list[str]:
    return [cell.text.strip() for cell in row.find_elements(By.TAG_NAME, "td")]


def _check_dashboard(chromium, base_url: str, name: str) -> None:
    chromium.get(f"{base_url}/dataset/{name}")
    dashboard = chromium.find_element(By.CSS_SELECTOR, "section.kpi-dashboard")
    owners = [h.text for h in dashboard.find_elements(By.CSS_SELECTOR, "h3.kpi-owner")]
    assert owners[0].startswith("Indicator group 1.1 · ตัวชี้วัดที่สอดคล้อง")
    row = dashboard.find_element(By.CSS_SELECTOR, 'tr[data-indicator-id="1.1.2"]')
    assert "11,312 ใบรับรอง" in row.find_element(By.CSS_SELECTOR, ".kpi-target").text
    assert "10,774 ใบรับรอง" in row.find_element(By.CSS_SELECTOR, ".kpi-actual").text
    assert row.find_element(By.CSS_SELECTOR, ".kpi-status").text == "Pending"
    sparkline = row.find_element(By.CSS_SELECTOR, "svg.kpi-sparkline")
    assert sparkline.size["width"] > 50
    full_page_screenshot(chromium, "seed-001-dashboard")
    row.find_element(By.TAG_NAME, "a").click()


def _check_indicator_page(chromium) -> None:
    assert chromium.current_url.endswith("/indicator/1.1.2")
    title = chromium.find_element(By.CSS_SELECTOR, "h1.kpi-indicator-title").text
    assert title.startswith("1.1.2 ความสำเร็จของการขยายฐานผู้รับบริการ")
    facts = chromium.find_element(By.CSS_SELECTOR, "dl.kpi-indicator-facts").text
    assert "10 %" in facts
    rows = [_cells(r) for r in chromium.find_elements(By.CSS_SELECTOR, "table.kpi-values-table tbody tr")]
    assert ["Actual", "2564 (2021)", "10,774 ใบรับรอง", "10,774 ใบรับรอง", "86"] in rows
    levels = [r[2] for r in rows if r[0].endswith("points)")]
    assert levels == ["10,774 ใบรับรอง", "11,312 ใบรับรอง", "11,851 ใบรับรอง"]
    chart = chromium.find_element(By.CSS_SELECTOR, "svg.kpi-chart")
    assert chart.size["width"] > 500 and chart.size["height"] > 150
    axis_labels = [t.text for t in chart.find_elements(By.CSS_SELECTOR, "text")]
    assert any(label.startswith("2565") for label in axis_labels)
    assert "ใบรับรอง" in axis_labels
    legend = chromium.find_element(By.CSS_SELECTOR, ".kpi-chart-legend").text
    assert "Advanced target (100 points)" in legend
    full_page_screenshot(chromium, "seed-001-indicator-1.1.2")


def _without_javascript(chromium) -> None:
    """These tests check the server-rendered pages, the fallback for readers without JavaScript (the
    interactive chart that replaces the SVG when scripts run is tests/ui/test_indicator_chart.py)."""
    chromium.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})


def test_seed_pages_in_chromium(chromium, live_server, seed_dataset):
    _without_javascript(chromium)
    opdc = seed_dataset(SEED_001)
    plan = seed_dataset(SEED_000)
    guide = seed_dataset(SEED_004, fiscal_year_be=2565)
    _check_dashboard(chromium, live_server, opdc["name"])
    _check_indicator_page(chromium)

    chromium.get(f"{live_server}/dataset/{plan['name']}/indicator/STR111_1/65%231")
    rows = [_cells(r) for r in chromium.find_elements(By.CSS_SELECTOR, "table.kpi-values-table tbody tr")]
    assert rows[0][:3] == ["Target", "2565 (2022)", "85 ร้อยละ"]
    full_page_screenshot(chromium, "seed-000-indicator-STR111_1-65-1")

    chromium.get(f"{live_server}/dataset/{plan['name']}")
    groups = chromium.find_elements(By.CSS_SELECTOR, "section.kpi-dashboard h3.kpi-owner")
    assert groups[0].text.startswith("Project STR111_1/65 · การวิเคราะห์ ตรวจสอบอัญมณี")
    second = chromium.find_elements(By.CSS_SELECTOR, "details.kpi-owner-group")[1]
    assert second.get_attribute("open") is None  # 59 indicators: only the first group starts open
    second.find_element(By.TAG_NAME, "summary").click()
    assert second.find_element(By.CSS_SELECTOR, "tbody tr").is_displayed()
    full_page_screenshot(chromium, "seed-000-dashboard")

    chromium.get(f"{live_server}/dataset/{guide['name']}")
    counts = [s.text for s in chromium.find_elements(By.CSS_SELECTOR, ".kpi-dashboard-counts .kpi-status")]
    assert counts == ["No data: 95"]
    rows = chromium.find_elements(By.CSS_SELECTOR, "details[open] .kpi-dashboard-table tbody tr")
    assert [r.find_element(By.CSS_SELECTOR, ".kpi-status").text for r in rows] == ["No data"] * len(rows)
    full_page_screenshot(chromium, "seed-004-dashboard")


def test_indicator_page_in_thai(chromium, live_server, seed_dataset):
    _without_javascript(chromium)
    opdc = seed_dataset(SEED_001)
    chromium.get(f"{live_server}/th/dataset/{opdc['name']}/indicator/3.1.2")
    facts = chromium.find_element(By.CSS_SELECTOR, "dl.kpi-indicator-facts").text
    assert "น้ำหนัก" in facts
    charts = chromium.find_elements(By.CSS_SELECTOR, "svg.kpi-chart")
    assert len(charts) == 2  # points (คะแนน), and the levels whose cells state no unit
    full_page_screenshot(chromium, "seed-001-indicator-3.1.2-th")
