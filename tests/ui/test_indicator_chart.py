"""The interactive indicator chart (issue 21) in Debian's Chromium against a real CKAN server: seed 001
published as the harvester publishes it. The chart replaces the server-rendered SVG when JavaScript runs;
its tooltip shows the value the table shows, the legend's buttons hide and show series, the tabs switch
between chart and table, and the PNG and CSV downloads hold the chart and the values. Without JavaScript
the page keeps its SVG, and the chart's JSON attribute escapes document text."""

from __future__ import annotations

import codecs
import csv
import io
import json
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from .conftest import PLUGINS, SEED_001, full_page_screenshot, publish_seed

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", PLUGINS),
    pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index"),
]
ACTUAL_KEY = "actual||summary_table"


def _wait_for_file(folder: Path, suffix: str, timeout: float = 20) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [p for p in folder.glob(f"*{suffix}") if p.stat().st_size > 0]
        if done and not list(folder.glob("*.crdownload")):
            return done[0]
        time.sleep(0.2)
    raise AssertionError(f"no {suffix} file downloaded into {folder}: {list(folder.iterdir())}")


def _table_value(chromium, series_label: str, fiscal_year: str) -> str:
    for row in chromium.find_elements(By.CSS_SELECTOR, "table.kpi-values-table tbody tr"):
        cells = [cell.text.strip() for cell in row.find_elements(By.TAG_NAME, "td")]
        if cells[:2] == [series_label, fiscal_year]:
            return cells[2]
    raise AssertionError(f"no row {series_label} {fiscal_year} in the values table")


def _hover(chromium, canvas, dataset_index: int, point_index: int) -> None:
    chromium.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", canvas)
    x, y, width, height = chromium.execute_script(
        "const chart = Chart.getChart(arguments[0]);"
        "const point = chart.getDatasetMeta(arguments[1]).data[arguments[2]];"
        "return [point.x, point.y, arguments[0].clientWidth, arguments[0].clientHeight];",
        canvas, dataset_index, point_index,
    )
    # Selenium 4 measures the offset from the element's centre.
    ActionChains(chromium).move_to_element_with_offset(
        canvas, int(round(x - width / 2)), int(round(y - height / 2))
    ).perform()


def test_interactive_chart_tooltip_toggles_tabs_and_downloads(chromium, live_server, seed_dataset, tmp_path):
    package = seed_dataset(SEED_001)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    chromium.execute_cdp_cmd(
        "Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    chromium.set_window_size(1366, 900)
    chromium.get(f"{live_server}/dataset/{package['name']}/indicator/1.1.2")
    wait = WebDriverWait(chromium, 20)
    figure = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "figure.kpi-chart-interactive"))
    # The SVG is the fallback: present, hidden once the canvas chart is drawn.
    assert not figure.find_element(By.CSS_SELECTOR, ".kpi-chart-frame").is_displayed()
    canvas = figure.find_element(By.CSS_SELECTOR, ".kpi-chart-canvas-box canvas")
    assert canvas.size["width"] > 500 and canvas.size["height"] > 250
    data = json.loads(figure.get_attribute("data-kpi-chart"))
    # FY2564 result, FY2565 levels, FY2565–2569 plan targets.
    assert data["periods"] == [f"{be} ({be - 543})" for be in range(2564, 2570)]
    keys = [series["key"] for series in data["series"]]
    actual = keys.index(ACTUAL_KEY)
    # The 50/75/100 levels as two bands over FY2565, the only year they are stated for.
    assert [band["ranges"] for band in data["bands"]] == [
        [None, [10774, 11312], None, None, None, None], [None, [11312, 11851], None, None, None, None]
    ]

    # Hover the FY2564 result: the tooltip shows the value exactly as the table does.
    _hover(chromium, canvas, actual, 0)
    tooltip = wait.until(lambda d: figure.find_element(By.CSS_SELECTOR, ".kpi-chart-tooltip"))
    wait.until(lambda d: tooltip.is_displayed())
    shown = tooltip.find_element(
        By.CSS_SELECTOR, f'li[data-series-key="{ACTUAL_KEY}"] .kpi-chart-tooltip-value'
    ).text
    assert shown == _table_value(chromium, "Actual", "2564 (2021)") == "10,774 ใบรับรอง"
    assert "2564 (2021)" in tooltip.find_element(By.CSS_SELECTOR, ".kpi-chart-tooltip-period").text
    # The FY2565 advanced level: the table's value again.
    advanced = next(i for i, s in enumerate(data["series"]) if s["role"] == "target_level_100")
    _hover(chromium, canvas, advanced, 1)
    wait.until(lambda d: "2565" in tooltip.find_element(By.CSS_SELECTOR, ".kpi-chart-tooltip-period").text)
    level = tooltip.find_element(
        By.CSS_SELECTOR, f'li[data-series-key="{keys[advanced]}"] .kpi-chart-tooltip-value'
    ).text
    assert level == _table_value(chromium, "Advanced target (100 points)", "2565 (2022)") == "11,851 ใบรับรอง"

    # Series toggles: the legend's buttons hide and show a series.
    toggle = figure.find_element(By.CSS_SELECTOR, f'button.kpi-series-toggle[data-series-key="{ACTUAL_KEY}"]')
    assert toggle.text == "Actual" and toggle.get_attribute("aria-pressed") == "true"
    is_visible = "return Chart.getChart(arguments[0]).isDatasetVisible(arguments[1]);"
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "false"
    assert chromium.execute_script(is_visible, canvas, actual) is False
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    assert chromium.execute_script(is_visible, canvas, actual) is True

    # Tabs: the table of the chart's values, then back to the chart with the keyboard.
    chart_tab, table_tab = figure.find_elements(By.CSS_SELECTOR, '[role="tab"]')
    assert chart_tab.get_attribute("aria-selected") == "true"
    table_tab.click()
    assert table_tab.get_attribute("aria-selected") == "true"
    assert not canvas.is_displayed()
    table = figure.find_element(By.CSS_SELECTOR, "table.kpi-chart-table")
    assert table.is_displayed()
    headers = [th.text for th in table.find_elements(By.CSS_SELECTOR, "thead th")]
    rows = {
        row.find_element(By.TAG_NAME, "th").text: [td.text for td in row.find_elements(By.TAG_NAME, "td")]
        for row in table.find_elements(By.CSS_SELECTOR, "tbody tr")
    }
    assert rows["2564 (2021)"][headers.index("Actual") - 1] == "10,774 ใบรับรอง"
    assert rows["2565 (2022)"][headers.index("Standard target (75 points)") - 1] == "11,312 ใบรับรอง"
    table_tab.send_keys(Keys.ARROW_LEFT)
    assert chart_tab.get_attribute("aria-selected") == "true" and canvas.is_displayed()
    full_page_screenshot(chromium, "seed-001-indicator-1.1.2-interactive")

    # PNG of the chart and CSV of the values.
    figure.find_element(By.CSS_SELECTOR, "button.kpi-chart-png").click()
    png = _wait_for_file(downloads, ".png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5_000
    figure.find_element(By.CSS_SELECTOR, "a.kpi-chart-csv").click()
    csv_file = _wait_for_file(downloads, ".csv")
    raw = csv_file.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    text = raw[len(codecs.BOM_UTF8):].decode("utf-8")
    assert "ความสำเร็จของการขยายฐานผู้รับบริการ" in text
    rows = list(csv.reader(io.StringIO(text)))
    # Columns: indicator id, name, series (th, en), fiscal year BE, CE, quarter, comparator, value … role.
    actuals = [row for row in rows[1:] if row[-1] == "actual" and row[4] == "2564"]
    assert len(actuals) == 1 and float(actuals[0][8]) == 10774


def test_chart_on_a_phone_in_thai(chromium, live_server, seed_dataset):
    package = seed_dataset(SEED_001)
    chromium.set_window_size(390, 844)
    chromium.get(f"{live_server}/th/dataset/{package['name']}/indicator/1.1.2")
    figure = WebDriverWait(chromium, 20).until(
        lambda d: d.find_element(By.CSS_SELECTOR, "figure.kpi-chart-interactive")
    )
    canvas = figure.find_element(By.CSS_SELECTOR, "canvas")
    viewport = chromium.execute_script("return document.documentElement.clientWidth")
    assert 250 < canvas.size["width"] <= viewport
    tabs = [tab.text for tab in figure.find_elements(By.CSS_SELECTOR, '[role="tab"]')]
    assert tabs == ["แผนภูมิ", "ตาราง"]
    assert figure.find_element(By.CSS_SELECTOR, "a.kpi-chart-csv").text == "ดาวน์โหลด CSV"
    fonts = chromium.execute_script(
        "const c = Chart.getChart(arguments[0]).options.scales;"
        "return [c.x.ticks.font.size, c.y.ticks.font.size];", canvas
    )
    assert min(fonts) >= 11


def test_chart_data_block_escapes_document_text(app, seeds_dir, tmp_path, sysadmin, organization,
                                                dataset_defaults):
    seed = tmp_path / "001_evil.txt"
    text = (seeds_dir / SEED_001).read_text(encoding="utf-8")
    evil = "</script><script>alert(1)</script>' onmouseover='alert(1)"
    seed.write_text(text.replace("Buy With Confidence", evil), encoding="utf-8")
    package = publish_seed(
        seed, user=sysadmin["name"], owner_org=organization["id"], defaults=dataset_defaults
    )
    body = app.get(f"/dataset/{package['name']}/indicator/1.1.2").body
    assert evil not in body and "<script>alert(1)" not in body
    soup = BeautifulSoup(body, "html.parser")
    figures = soup.select("figure[data-kpi-chart]")
    assert len(figures) == 1
    assert not [name for name in figures[0].attrs if name.startswith("on")]
    # The attribute is single-quoted and tojson writes ' as \u0027: the text cannot end it.
    assert "data-kpi-chart='{" in body and "\\u003c/script\\u003e" in body
    data = json.loads(figures[0]["data-kpi-chart"])
    assert evil in data["title"]
    assert not soup.select("script.kpi-chart-data")
    # Without JavaScript the server-rendered SVG and its legend are the chart.
    figure = figures[0]
    assert figure.select_one(".kpi-chart-frame svg.kpi-chart") is not None
    assert [li.get_text(" ", strip=True) for li in figure.select(".kpi-chart-legend li")] == [
        s["label"] for s in data["series"]
    ]
