"""The DGA rules through CKAN's web form, with CSRF protection on (test.ini: WTF_CSRF_ENABLED = true): the
rule tables as the API tests (tests.support.fixtures), the error shown by the field, nothing saved. Also the
completeness shown on the dataset and organization pages, and text rendered escaped."""

from __future__ import annotations

import html
from typing import Any

import pytest
from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.support.fixtures import (
    BROKEN_RULES,
    MISSING_ITEMS,
    csrf_token_in,
    drop_stored_fields,
    log_in_through_form,
)

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")



PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def editor() -> dict[str, Any]:
    return factories.Sysadmin(password=PASSWORD)


@pytest.fixture
def browser(app, editor):
    """A client that keeps its cookies and logs in through the login form, as a person does: its requests
    carry a session cookie, not an API token (CKAN skips CSRF checks for token-authenticated requests)."""
    client = app.test_client()
    log_in_through_form(client, editor["name"], PASSWORD)
    assert editor["name"] in client.get("/dashboard/datasets").body
    return client


def _form_value(value: Any) -> Any:
    if isinstance(value, bool):
        return str(value)
    return value


def _form_fields(dataset: dict[str, Any]) -> dict[str, Any]:
    """A dataset dict as the stage-1 form posts it: strings, repeated keys for checkboxes."""
    return {
        key: _form_value(value) for key, value in dataset.items() if key not in ("resources", "tags", "type")
    }


def _submit(browser, url: str, fields: dict[str, Any]):
    """Fetch the form (for its CSRF token), then post the fields with the token."""
    token = csrf_token_in(browser.get(url).body)
    return browser.post(url, data={**fields, "_csrf_token": token}, follow_redirects=False)


def _submit_new_dataset(browser, dataset: dict[str, Any], locale: str = ""):
    fields = {**_form_fields(dataset), "_ckan_phase": "dataset_new_1", "pkg_name": "", "save": "continue"}
    return _submit(browser, f"{locale}/{dataset['type']}/new", fields)


def _page_text(response) -> str:
    return html.unescape(response.body)


def _saved(name: str) -> bool:
    return model.Session.query(model.Package).filter_by(name=name).count() > 0


def test_complete_dataset_through_both_form_stages(browser, editor, complete_dataset):
    created = _submit_new_dataset(browser, complete_dataset)
    assert created.status_code == 302
    assert created.headers["Location"].endswith(f"/dataset/{complete_dataset['name']}/resource/new")

    resource = {key: value for key, value in complete_dataset["resources"][0].items()}
    finished = _submit(
        browser, created.headers["Location"], {**resource, "id": "", "save": "go-metadata"}
    )
    assert finished.status_code == 302

    shown = call_action("package_show", id=complete_dataset["name"])
    assert shown["state"] == "active"
    assert shown["objective"] == ["พันธกิจหน่วยงาน", "ดัชนี/ตัวชี้วัดระดับนานาชาติ"]
    assert shown["update_frequency_unit"] == "ไตรมาส"
    assert shown["data_category"] == "ข้อมูลสาธารณะ"
    assert shown["allow_harvest"] == "True"
    assert sorted(tag["name"] for tag in shown["tags"]) == ["การเบิกจ่าย", "งบประมาณ", "ตัวชี้วัด"]
    assert shown["resources"][0]["resource_unit_of_multiplier"] == "ล้าน"


def test_complete_kpi_through_the_form(browser, complete_kpi):
    fields = {**complete_kpi, "tag_string": "ตัวชี้วัด,ยุทธศาสตร์", "kpi_fiscal_year": "๒๕๖๕"}
    assert _submit_new_dataset(browser, fields).status_code == 302
    shown = call_action("package_show", id=complete_kpi["name"])
    assert (shown["type"], shown["state"], shown["kpi_fiscal_year"]) == ("dataset", "draft", "2565")
    assert sorted(tag["name"] for tag in shown["tags"]) == ["ตัวชี้วัด", "ยุทธศาสตร์"]


def test_form_without_the_csrf_token_is_refused(browser, editor, complete_dataset):
    fields = {**_form_fields(complete_dataset), "_ckan_phase": "dataset_new_1", "save": "continue"}
    response = browser.post("/dataset/new", data=fields, status=400)
    assert "CSRF" in response.body
    assert not _saved(complete_dataset["name"])


@pytest.mark.parametrize(("removed", "key", "label"), MISSING_ITEMS, ids=[m[1] for m in MISSING_ITEMS])
def test_each_missing_item_is_shown_by_its_field(browser, complete_dataset, removed, key, label):
    dataset = {**complete_dataset, **{field: "" for field in removed}}
    response = _submit_new_dataset(browser, dataset)
    assert response.status_code == 200
    assert f"{label}: this item is required." in _page_text(response)
    assert not _saved(complete_dataset["name"])


@pytest.mark.parametrize(
    ("changes", "errors"), [r[1:] for r in BROKEN_RULES], ids=[r[0] for r in BROKEN_RULES]
)
def test_each_broken_rule_is_shown_by_its_field(browser, complete_dataset, changes, errors):
    response = _submit_new_dataset(browser, {**complete_dataset, **changes})
    assert response.status_code == 200
    page = _page_text(response)
    for messages in errors.values():
        for message in messages:
            assert message in page
    assert not _saved(complete_dataset["name"])


def test_errors_are_in_thai_on_the_thai_form(browser, editor, complete_dataset):
    dataset = {**complete_dataset, "maintainer_email": "ฝ่ายแผน", "update_frequency_interval": "ทุกไตรมาส"}
    page = _page_text(_submit_new_dataset(browser, dataset, locale="/th"))
    assert 'อีเมลสำหรับติดต่อ: "ฝ่ายแผน" ไม่ใช่ที่อยู่อีเมลที่ถูกต้อง' in page
    assert (
        'ค่าความถี่ของการปรับปรุงข้อมูล (ความถี่น้อยที่สุด): "ทุกไตรมาส" ไม่ใช่จำนวนเต็มตั้งแต่ 1 ถึง 999 '
        'ซึ่งต้องระบุเมื่อหน่วยความถี่ของการปรับปรุงข้อมูลเป็น "ไตรมาส"'
    ) in page


def test_edit_form_refuses_a_broken_rule_and_keeps_the_stored_value(browser, editor, complete_dataset):
    created = call_action("package_create", context={"user": editor["name"]}, **complete_dataset)
    fields = {
        **_form_fields(call_action("package_show", id=created["id"])),
        "data_classification": "ลับมาก",
        "tag_string": "งบประมาณ,ตัวชี้วัด",
    }
    response = _submit(browser, f"/dataset/edit/{created['name']}", fields)
    assert response.status_code == 200
    assert (
        'Data classification: "ลับมาก" is not allowed for Data category (data governance) "ข้อมูลสาธารณะ"; '
        "allowed: เปิดเผย."
    ) in _page_text(response)
    assert call_action("package_show", id=created["id"])["data_classification"] == "เปิดเผย"


def test_dataset_page_shows_completeness_and_escaped_text(app, editor, complete_dataset):
    source = "<สำนักงบประมาณ> & กรมบัญชีกลาง"
    call_action(
        "package_create",
        context={"user": editor["name"]},
        **{**complete_dataset, "data_source": source.replace("<", "").replace(">", "")},
    )
    page = app.get(f"/dataset/{complete_dataset['name']}").body
    assert "Mandatory metadata (DGA, 14 items)" in page
    assert "14 of 14 items present" in page
    assert "Counts in the assessment." in page
    assert "สำนักงบประมาณ &amp; กรมบัญชีกลาง" in page


def test_text_with_angle_brackets_is_rendered_escaped(app, editor, complete_dataset):
    call_action(
        "package_create",
        context={"user": editor["name"]},
        **{**complete_dataset, "unit_of_measure": "ร้อยละ (<5 = ต่ำ)"},
    )
    page = app.get(f"/dataset/{complete_dataset['name']}").body
    assert "ร้อยละ (&lt;5 = ต่ำ)" in page
    assert "ร้อยละ (<5" not in page


def test_thai_dataset_page_lists_missing_items(app, editor, complete_dataset):
    created = call_action("package_create", context={"user": editor["name"]}, **complete_dataset)
    drop_stored_fields(created["id"], "accessible_condition")
    page = app.get(f"/th/dataset/{created['name']}").body
    assert "มีแล้ว 13 จาก 14 รายการ" in page
    assert "ยังไม่นับผลการดำเนินงานจนกว่าจะกรอกรายการที่ขาดให้ครบ:" in page
    assert "<li>เงื่อนไขในการเข้าถึงข้อมูล</li>" in page


def test_organization_page_shows_how_many_datasets_count(
    app, browser, editor, organization, complete_dataset
):
    call_action("package_create", context={"user": editor["name"]}, **complete_dataset)
    call_action(
        "package_create",
        context={"user": editor["name"]},
        **{**complete_dataset, "name": "git-draft-2568", "title": "ร่างชุดข้อมูล 2568", "state": "draft"},
    )
    page = browser.get("/organization/git").body
    assert "1 of 2 datasets count with all 14 items." in page
    assert "ร่างชุดข้อมูล 2568" in page
    assert "(draft)" in page

    anonymous_page = app.get("/th/organization/git").body
    assert "ชุดข้อมูลที่มีครบ 14 รายการและนับผลได้ 1 จาก 1 ชุด" in anonymous_page
