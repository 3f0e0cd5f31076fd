"""Hostile input: ``<script>``, event-handler attributes, ``javascript:`` URLs and attribute breakers in every
text field of the DGA schema and in the cells of a KPI document loaded through the harvester's import.

The schema refuses markup in its text fields and anything but http(s) in its URL fields; what it accepts,
and every cell of a document, is rendered as text on the dataset page, the indicator pages, the OPDC page
and the search page. Each page is parsed and checked for live script: a script element, an ``on…``
attribute or a ``javascript:`` link carrying a payload."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from ckan.tests.helpers import call_action

from ckanext.scheming.helpers import scheming_get_dataset_schema

from .conftest import PLUGINS, SEED_001

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", PLUGINS),
    pytest.mark.ckan_config("ckanext.kpi.openness.check_links", False),
    pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index"),
]
SCRIPT = "<script>alert(1)</script>"
EVENT_HANDLER = "<img src=x onerror=alert(1)>"
JAVASCRIPT_URL = "javascript:alert(1)"
ATTRIBUTE_BREAK = '" onmouseover="alert(1)'
MARKDOWN_LINK = "[ดูรายละเอียด](javascript:alert(1))"
MARKUP_PAYLOADS = (SCRIPT, EVENT_HANDLER, f'<a href="{JAVASCRIPT_URL}">ลิงก์</a>')
LINK_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data")
# The complete example's data type: fields of other data types are dropped, not stored.
DATA_TYPE = "ข้อมูลสถิติ"


def live_script(page: str) -> list[str]:
    """Every place where a payload would run: script elements, on… attributes and javascript: links."""
    found = []
    for tag in BeautifulSoup(page, "html.parser").find_all(True):
        if tag.name == "script" and "alert(1)" in tag.get_text():
            found.append(f"<script> {tag.get_text()[:60]}")
        for attribute, value in tag.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if attribute.startswith("on") and "alert(1)" in text:
                found.append(f"<{tag.name} {attribute}={text[:60]}>")
            if attribute in LINK_ATTRIBUTES and text.strip().lower().startswith("javascript:"):
                found.append(f"<{tag.name} {attribute}={text[:60]}>")
    return found


def page_text(page: str) -> str:
    return BeautifulSoup(page, "html.parser").get_text(" ")


def dataset_fields(*validator_names: str) -> list[str]:
    """The DGA fields of the example's data type whose validators include one of ``validator_names``."""
    return [
        field["field_name"]
        for field in scheming_get_dataset_schema("dataset")["dataset_fields"]
        if any(name in field.get("validators", "") for name in validator_names)
        and DATA_TYPE in field.get("data_types", [DATA_TYPE])
    ]


def text_fields() -> list[str]:
    return dataset_fields("kpi_text")


def url_fields() -> list[str]:
    return dataset_fields("kpi_url")


# The schema's text and URL fields include the KPI fields (issue 16: one schema); a dataset that fills them is
# a KPI dataset, which also needs these.
KPI_MARKER = {"kpi_document_kind": "strategy_kpi_plan", "kpi_fiscal_year": "2567",
              "kpi_issuing_agency": "สพร."}


def create(context: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    return call_action("package_create", context=dict(context), **data)


@pytest.fixture
def hostile_dataset(complete_dataset_dict, organization) -> Any:
    """``hostile_dataset(value, resource_value=value, **overrides)``: the complete example with ``value`` in
    every plain-text and Markdown field of the DGA schema, and ``resource_value`` in its resource's name
    and description."""

    def build(value: str, resource_value: str | None = None, **overrides: Any) -> dict[str, Any]:
        data = complete_dataset_dict(name="hostile", owner_org=organization["id"], **KPI_MARKER, **overrides)
        data.update({field: value for field in text_fields()})
        resource_value = value if resource_value is None else resource_value
        data["resources"][0].update(name=resource_value, description=resource_value)
        return data

    return build


def test_the_schema_has_text_and_url_fields_to_attack():
    assert {"title", "notes", "maintainer", "data_source", "accessible_condition", "calculation_method",
            "unit_of_measure", "used_in_title", "kpi_issuing_agency", "kpi_plan_reference",
            } <= set(text_fields())
    assert set(url_fields()) == {"url", "reference_url_catalog", "used_in_url", "kpi_plan_url"}


@pytest.mark.parametrize("payload", MARKUP_PAYLOADS, ids=("script", "event-handler", "javascript-link"))
def test_markup_is_refused_in_every_text_field(hostile_dataset, sysadmin_context, payload):
    with pytest.raises(Exception) as raised:
        create(sysadmin_context, hostile_dataset(payload))
    errors = raised.value.error_dict
    assert set(text_fields()) <= set(errors)
    assert set(errors["resources"][0]) == {"name", "description"}
    assert "HTML" in " ".join(errors["notes"])


def test_url_fields_refuse_javascript_urls(complete_dataset_dict, organization, sysadmin_context):
    data = complete_dataset_dict(name="hostile", owner_org=organization["id"], **KPI_MARKER,
                                 **{field: JAVASCRIPT_URL for field in url_fields()})
    with pytest.raises(Exception) as raised:
        create(sysadmin_context, data)
    assert set(raised.value.error_dict) == set(url_fields())


def test_the_catalog_url_refuses_javascript_urls(organization, sysadmin_context):
    with pytest.raises(Exception) as raised:
        call_action("kpi_opdc_catalog_url_update", context=dict(sysadmin_context), id=organization["id"],
                    url=JAVASCRIPT_URL)
    assert set(raised.value.error_dict) == {"url"}


def test_accepted_hostile_text_is_rendered_inert_everywhere(app, hostile_dataset, sysadmin_context):
    """What the schema accepts (quotes, "javascript:" as words, a Markdown link), on every page showing it."""
    data = hostile_dataset(f"ข้อมูล {ATTRIBUTE_BREAK} {JAVASCRIPT_URL}",
                           focus_area="ด้านการบริหารจัดการภาครัฐ", used_in_url="https://dashboard.git.or.th")
    for field in ("notes", "accessible_condition", "calculation_method"):
        data[field] = f"{MARKDOWN_LINK} {ATTRIBUTE_BREAK}"
    dataset = create(sysadmin_context, data)
    pages = {path: app.get(path).body for path in (
        f"/dataset/{dataset['name']}", f"/dataset/{dataset['name']}/resource/{dataset['resources'][0]['id']}",
        "/organization/git/opdc", "/dataset/?q=ข้อมูล",
    )}
    assert {path: live_script(page) for path, page in pages.items()} == {path: [] for path in pages}
    # The text is there, as text: the title on every page, the Markdown link's words on the dataset page.
    assert all(ATTRIBUTE_BREAK in page_text(page) for page in pages.values())
    assert "ดูรายละเอียด" in page_text(pages[f"/dataset/{dataset['name']}"])


def test_a_javascript_resource_url_is_refused_or_never_a_link(app, complete_dataset_dict, organization,
                                                                sysadmin_context):
    data = complete_dataset_dict(name="hostile", owner_org=organization["id"])
    data["resources"][0]["url"] = JAVASCRIPT_URL
    try:
        dataset = create(sysadmin_context, data)
    except Exception as error:  # refused: the safest answer
        assert "url" in error.error_dict["resources"][0]
        return
    resource = dataset["resources"][0]
    page = app.get(f"/dataset/{dataset['name']}/resource/{resource['id']}").body
    assert live_script(page) == []


# ---- cells of a document --------------------------------------------------------------------------------

# Indicator names of seed 001 and what each becomes in the hostile copy.
HOSTILE_CELLS = {
    "Buy With Confidence": SCRIPT,  # indicator 1.1.2
    "GIT Standard": EVENT_HANDLER,  # indicator 1.1.1
    "การสร้างและต่อยอด": f'<a href="{JAVASCRIPT_URL}">ต่อยอด</a>',  # indicator 1.1.3
    "โครงการพัฒนาวิสาหกิจสู่ธุรกิจสมัยใหม่": f"วิสาหกิจ{ATTRIBUTE_BREAK}",  # indicator 1.2.1
}
# How a reader sees each: as typed, except the link, whose tags the extraction drops as it drops the
# formatting tags agency documents carry (<b>, <a href>), keeping the words.
SHOWN_AS = {**{payload: payload for payload in HOSTILE_CELLS.values()},
            HOSTILE_CELLS["การสร้างและต่อยอด"]: "ต่อยอด"}


@pytest.fixture
def hostile_document(seeds_dir: Path, tmp_path: Path) -> Path:
    """Seed 001 with hostile text in four indicator names (cells of its summary table)."""
    text = (seeds_dir / SEED_001).read_text(encoding="utf-8")
    for original, hostile in HOSTILE_CELLS.items():
        assert original in text
        text = text.replace(original, hostile)
    path = tmp_path / SEED_001
    path.write_text(text, encoding="utf-8")
    return path


def test_hostile_cells_are_rendered_as_text_on_every_page(app, load_document, hostile_document, people):
    dataset = load_document(hostile_document, private=False)
    paths = [f"/dataset/{dataset['name']}", "/organization/git/opdc", "/dataset/?q=อัญมณี"]
    paths += [f"/dataset/{dataset['name']}/indicator/{code}" for code in ("1.1.1", "1.1.2", "1.1.3", "1.2.1")]
    answers = {path: app.get(path, headers=people["sysadmin"].headers) for path in paths}
    assert {path: answer.status_code for path, answer in answers.items()} == {path: 200 for path in paths}
    pages = {path: answer.body for path, answer in answers.items()}
    assert {path: live_script(page) for path, page in pages.items()} == {path: [] for path in pages}
    # Markup never arrives as markup. (A quote in a text node is harmless, so the attribute breaker is
    # judged by live_script alone.)
    markup = [payload for payload in HOSTILE_CELLS.values() if "<" in payload]
    assert [(path, payload) for path, page in pages.items() for payload in markup if payload in page] == []
    dashboard = page_text(pages[f"/dataset/{dataset['name']}"])
    assert [shown for shown in SHOWN_AS.values() if shown not in dashboard] == []
    assert SCRIPT in page_text(pages[f"/dataset/{dataset['name']}/indicator/1.1.2"])


def test_hostile_cells_stay_text_in_the_downloads(app, load_document, hostile_document):
    dataset = load_document(hostile_document, private=False)
    csv_text = app.get(f"/dataset/{dataset['name']}/indicator/1.1.1/data.csv").get_data(as_text=True)
    json_answer = app.get(f"/dataset/{dataset['name']}/indicator/1.1.1/data.json")
    assert json_answer.headers["Content-Type"].startswith("application/json")
    assert json_answer.json["indicator"]["name"].count(EVENT_HANDLER) == 1
    assert csv_text.startswith("\ufeff") and "alert(1)" not in csv_text.split("\n", 1)[0]
