"""The pages a citizen meets, rendered in Thai: no English UI words, no raw codes, Buddhist-Era dates
(issue 21). The dataset is seed 001 published the way the harvester publishes it, so the pages show real
indicator tables, facets and resources. Text that comes from the documents themselves (names, English
abbreviations inside Thai titles) is data, not UI, and is not checked."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from bs4 import BeautifulSoup

from ckanext.kpi.citizen import thai_date

from .conftest import PLUGINS, SEED_001

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", PLUGINS),
    pytest.mark.ckan_config("ckan.locale_default", "th"),
    pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index", "with_request_context"),
]

# English UI text that once showed on the Thai pages (issue 21's list and what CKAN's Thai catalogue lacks).
ENGLISH_UI = (
    "Skip to main content", "Search Datasets", "datasets found", "dataset found", "organizations found",
    "Powered by", "Fiscal year", "Data category", "Document kind", "Focus area", "Show More", "Follow",
    "This dataset has no data", "Data Dictionary", "Members", "Licenses", "Formats", "Latest datasets",
    "Indicator status", "Search data", "E.g. environment", "Indicators", "Download", "Not met", "Pending",
    "No data", "Unit", "Status", "Organizations", "Welcome to CKAN",
)
# Codes that must be shown by their label: document kinds, units, value roles, statuses.
RAW_CODES = (
    "strategy_kpi_plan", "assessment_form", "progress_report", "performance_agreement", "guideline",
    "target_level_50", "target_level_75", "target_level_100", "value_role", "not_met", "no_data",
    "pct", "thb",
)
COMMON_ERA_IN_THAI = "ค.ศ."


def visible_text(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style", "noscript", "template"]):
        hidden.decompose()
    # The language switcher names each language in its own language.
    for option in soup.select("option"):
        option.decompose()
    # Resource names and descriptions the harvester wrote are checked too: Thai since issue 21.
    return soup.get_text(" ", strip=True)


def ui_problems(text: str) -> list[str]:
    def shown(word: str, letters: str) -> bool:
        return re.search(rf"(?<![{letters}]){re.escape(word)}(?![{letters}])", text) is not None

    problems = [word for word in ENGLISH_UI if shown(word, "A-Za-z")]
    problems += [code for code in RAW_CODES if shown(code, "A-Za-z_")]
    if COMMON_ERA_IN_THAI in text:
        problems.append(COMMON_ERA_IN_THAI)
    return problems


def test_thai_dates_are_buddhist_era():
    assert thai_date(dt.date(2026, 12, 2)) == "2 ธันวาคม 2569"
    assert thai_date(dt.datetime(2026, 12, 2, 9, 5), with_hours=True) == "2 ธันวาคม 2569 09:05 น."


def test_the_checker_finds_english_and_codes():
    assert ui_problems("พบ 6 ชุดข้อมูล strategy_kpi_plan 6 datasets found 2 ธันวาคม ค.ศ. 2026") == [
        "datasets found", "strategy_kpi_plan", COMMON_ERA_IN_THAI,
    ]
    assert ui_problems("ร้อยละ 85 ปีงบประมาณ 2567 Metadata KPI") == []


def test_main_pages_in_thai_show_no_english_ui_and_no_codes(app, seed_dataset, organization):
    package = seed_dataset(SEED_001, document_kind="assessment_form")
    pages = {
        "home": "/",
        "search": "/dataset/",
        "search with a query": "/dataset/?q=ตัวชี้วัด",
        "dataset": f"/dataset/{package['name']}",
        "indicator": f"/dataset/{package['name']}/indicator/1.1.2",
        "organizations": "/organization/",
        "organization": f"/organization/{organization['name']}",
    }
    found = {}
    for page, url in pages.items():
        response = app.get(url)
        assert response.status_code == 200, (page, url)
        problems = ui_problems(visible_text(response.get_data(as_text=True)))
        if problems:
            found[page] = problems
    assert found == {}


def test_render_datetime_is_buddhist_era_in_thai_and_common_era_in_english(app):
    import ckan.plugins.toolkit as tk
    from flask_babel import force_locale

    for lang, expected in (("th", "2 ธันวาคม 2569"), ("en", "December 2, 2026")):
        # CKAN's i18n middleware puts the page's language in CKAN_LANG.
        with app.flask_app.test_request_context("/", environ_base={"CKAN_LANG": lang}), force_locale(lang):
            assert tk.h.render_datetime("2026-12-02T09:05:00") == expected


def test_dataset_page_shows_only_metadata_with_values_grouped(app, seed_dataset):
    package = seed_dataset(SEED_001, document_kind="assessment_form")
    soup = BeautifulSoup(app.get(f"/dataset/{package['name']}").get_data(as_text=True), "html.parser")
    section = soup.select_one("section.kpi-additional-info")
    assert section is not None
    captions = [caption.get_text(strip=True) for caption in section.select("caption")]
    assert captions[0] == "เกี่ยวกับข้อมูล" and "ผู้ติดต่อ" in captions
    cells = section.select("td.dataset-details")
    assert cells and all(cell.get_text(strip=True) for cell in cells)
    # CKAN/scheming's own table of every field (about 60 rows, most of them empty) is not on the page.
    assert len(soup.select("section.additional-info tr")) == len(cells)
    # Resources come before the metadata.
    html = str(soup)
    assert html.index('id="dataset-resources"') < html.index("kpi-additional-info")
