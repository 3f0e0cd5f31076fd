"""Every rule of the DGA schema through the action API: what is stored, and the named-field error of each
broken rule, with nothing saved. The same rules through the web form: tests/views/test_dataset_form.py."""

from __future__ import annotations

from typing import Any

import pytest
from ckan import model
from ckan.plugins import toolkit as tk
from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.support.fixtures import BROKEN_RULES, MISSING_ITEMS, YEAR_RANGE, example

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

# thai_gdc v2.2.4 dataset keys a complete statistics dataset shows, with thai_gdc's stored values.
THAI_GDC_KEYS = (
    "data_type",
    "title",
    "name",
    "owner_org",
    "allow_harvest",
    "maintainer",
    "maintainer_email",
    "notes",
    "objective",
    "update_frequency_unit",
    "update_frequency_interval",
    "geo_coverage",
    "data_source",
    "data_format",
    "data_category",
    "data_classification",
    "license_id",
    "accessible_condition",
    "url",
    "data_language",
    "last_updated_date",
    "first_year_of_data",
    "last_year_of_data",
    "disaggregate",
    "unit_of_measure",
    "unit_of_multiplier",
    "calculation_method",
    "official_statistics",
)


def _create(context: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    return call_action("package_create", context=context, **data)


def _rejected(context: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """The error dict of a create that must fail, after checking that nothing was saved."""
    with pytest.raises(tk.ValidationError) as raised:
        _create(context, data)
    assert model.Session.query(model.Package).filter_by(name=data["name"]).count() == 0
    return raised.value.error_dict


# ---- a complete dataset ------------------------------------------------------------------------------


def test_complete_dataset_shows_thai_gdc_keys_and_values(sysadmin_context, complete_dataset):
    created = _create(sysadmin_context, complete_dataset)
    shown = call_action("package_show", id=created["id"])

    assert set(THAI_GDC_KEYS) <= set(shown)
    expected = {key: complete_dataset[key] for key in THAI_GDC_KEYS}
    assert {key: shown[key] for key in THAI_GDC_KEYS} == expected
    # the values thai_gdc stores: Thai labels, lists for multiple choices, "True"/"False" strings
    assert shown["data_category"] == "ข้อมูลสาธารณะ"
    assert shown["objective"] == ["พันธกิจหน่วยงาน", "ดัชนี/ตัวชี้วัดระดับนานาชาติ"]
    assert shown["data_format"] == ["CSV", "XLS"]
    assert shown["allow_harvest"] == "True"
    assert shown["license_title"] == "Open Data Common"
    assert sorted(tag["name"] for tag in shown["tags"]) == ["การเบิกจ่าย", "งบประมาณ", "ตัวชี้วัด"]
    resource = shown["resources"][0]
    assert resource["resource_unit_of_multiplier"] == "ล้าน"
    assert resource["resource_last_year_of_data"] == "2567"


def test_complete_kpi_shows_kpi_fields(sysadmin_context, complete_kpi):
    shown = call_action("package_show", id=_create(sysadmin_context, complete_kpi)["id"])
    assert shown["type"] == "dataset" and shown["kpi_document_kind"]
    assert shown["kpi_document_kind"] == "strategy_kpi_plan"
    assert shown["kpi_fiscal_year"] == "2565"
    assert (shown["kpi_period_start"], shown["kpi_period_end"]) == ("2021-10-01", "2022-09-30")
    assert shown["kpi_issuing_agency"] == "สถาบันวิจัยและพัฒนาอัญมณีและเครื่องประดับแห่งชาติ (องค์การมหาชน)"
    assert sorted(tag["name"] for tag in shown["tags"]) == ["KPI", "ตัวชี้วัด", "ยุทธศาสตร์"]


# ---- each of the 14 items missing ----------------------------------------------------------------------


@pytest.mark.parametrize(("removed", "key", "label"), MISSING_ITEMS, ids=[m[1] for m in MISSING_ITEMS])
def test_each_missing_item_is_a_named_field_error(sysadmin_context, complete_dataset, removed, key, label):
    data = {k: v for k, v in complete_dataset.items() if k not in removed}
    assert _rejected(sysadmin_context, data) == {key: [f"{label}: this item is required."]}


@pytest.mark.parametrize("empty", ["", "   ", []])
def test_empty_values_count_as_missing(sysadmin_context, complete_dataset, empty):
    data = {**complete_dataset, "objective": empty}
    assert _rejected(sysadmin_context, data) == {"objective": ["Objective: this item is required."]}


# ---- each broken rule -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "errors"), [r[1:] for r in BROKEN_RULES], ids=[r[0] for r in BROKEN_RULES]
)
def test_each_broken_rule_is_a_named_field_error(sysadmin_context, complete_dataset, changes, errors):
    assert _rejected(sysadmin_context, {**complete_dataset, **changes}) == errors


def test_geospatial_bounds_are_coordinates(sysadmin_context, complete_dataset):
    data = {
        **complete_dataset,
        "data_type": "ข้อมูลภูมิสารสนเทศเชิงพื้นที่",
        "west_bound_longitude": "200",
        "north_bound_longitude": "๑๓.๗๕",
    }
    assert _rejected(sysadmin_context, data) == {
        "west_bound_longitude": ['West bound longitude: "200" is not a number between -180 and 180.']
    }
    shown = _create(sysadmin_context, {**data, "west_bound_longitude": "97.3"})
    assert (shown["west_bound_longitude"], shown["north_bound_longitude"]) == ("97.3", "13.75")


KPI_RULES = [
    (
        "period order",
        {"kpi_period_start": "2022-10-01"},
        {
            "kpi_period_start": [
                'Reporting period start: "2022-10-01" is after Reporting period end "2022-09-30".'
            ]
        },
    ),
    (
        "fiscal year",
        {"kpi_fiscal_year": "2022"},
        {"kpi_fiscal_year": [f'Fiscal year (B.E.): "2022" is not a Buddhist-Era year ({YEAR_RANGE}).']},
    ),
    (
        "document kind",
        {"kpi_document_kind": "memo"},
        {"kpi_document_kind": ['Document kind: "memo" is not one of the allowed choices.']},
    ),
    (
        "issuing agency",
        {"kpi_issuing_agency": ""},
        {"kpi_issuing_agency": ["Issuing agency: this item is required."]},
    ),
    (
        "plan url",
        {"kpi_plan_url": "www.git.or.th/plan"},
        {
            "kpi_plan_url": [
                'Plan or strategy URL: "www.git.or.th/plan" is not an http:// or https:// address.'
            ]
        },
    ),
]


@pytest.mark.parametrize(("changes", "errors"), [r[1:] for r in KPI_RULES], ids=[r[0] for r in KPI_RULES])
def test_each_broken_kpi_rule_is_a_named_field_error(sysadmin_context, complete_kpi, changes, errors):
    assert _rejected(sysadmin_context, {**complete_kpi, **changes}) == errors


# ---- values that are accepted, and how they are stored ----


def test_thai_digits_are_stored_as_arabic_digits(sysadmin_context, complete_kpi):
    shown = _create(
        sysadmin_context,
        {
            **complete_kpi,
            "update_frequency_interval": "๓",
            "kpi_fiscal_year": "๒๕๖๕",
            "first_year_of_data": "๒๕๖๓",
            "kpi_as_of_date": "๒๐๒๒-๐๙-๓๐",
        },
    )
    assert shown["update_frequency_interval"] == "3"
    assert shown["kpi_fiscal_year"] == "2565"
    assert shown["first_year_of_data"] == "2563"
    assert shown["kpi_as_of_date"] == "2022-09-30"


def test_other_text_is_kept_when_other_is_chosen_and_dropped_otherwise(sysadmin_context, complete_dataset):
    chosen = _create(
        sysadmin_context,
        {
            **complete_dataset,
            "objective": ["พันธกิจหน่วยงาน", "อื่นๆ"],
            "objective_other": "ตัวชี้วัดตามคำรับรองการปฏิบัติราชการ",
        },
    )
    assert chosen["objective"] == ["พันธกิจหน่วยงาน", "อื่นๆ"]
    assert chosen["objective_other"] == "ตัวชี้วัดตามคำรับรองการปฏิบัติราชการ"

    updated = call_action(
        "package_patch", context=sysadmin_context, id=chosen["id"], objective=["พันธกิจหน่วยงาน"]
    )
    assert "objective_other" not in updated


def test_interval_is_dropped_for_a_unit_that_is_not_a_period(sysadmin_context, complete_dataset):
    shown = _create(
        sysadmin_context,
        {**complete_dataset, "update_frequency_unit": "ตามเวลาจริง", "update_frequency_interval": "5"},
    )
    assert shown["update_frequency_unit"] == "ตามเวลาจริง"
    assert "update_frequency_interval" not in shown


def test_fields_of_another_data_type_are_dropped(sysadmin_context, complete_dataset):
    shown = _create(sysadmin_context, {**complete_dataset, "data_type": "ข้อมูลระเบียน", "data_collect": "บุคคล"})
    assert shown["data_collect"] == "บุคคล"
    for statistics_field in (
        "unit_of_measure",
        "unit_of_multiplier",
        "first_year_of_data",
        "calculation_method",
    ):
        assert statistics_field not in shown
    assert "resource_unit_of_measure" not in shown["resources"][0]


def test_classification_and_harvest_consent_are_filled_in(sysadmin_context, complete_dataset):
    public = _create(
        sysadmin_context,
        {k: v for k, v in complete_dataset.items() if k not in ("data_classification", "allow_harvest")},
    )
    assert (public["data_classification"], public["allow_harvest"]) == ("เปิดเผย", "True")

    private = _create(
        sysadmin_context,
        {
            **complete_dataset,
            "name": "git-internal-2567",
            "private": True,
            "data_category": "ข้อมูลใช้ภายใน",
            "data_classification": "",
            "allow_harvest": "",
        },
    )
    assert private["data_classification"] == "ชั้นเผยแพร่ภายในองค์กร"
    assert private["allow_harvest"] == "False"


def test_private_dataset_may_have_a_non_public_category(sysadmin_context, complete_dataset):
    shown = _create(
        sysadmin_context,
        {
            **complete_dataset,
            "private": True,
            "data_category": "ข้อมูลส่วนบุคคล",
            "data_classification": "ลับ",
            "allow_harvest": "True",
        },
    )
    assert (shown["private"], shown["data_category"], shown["allow_harvest"]) == (True, "ข้อมูลส่วนบุคคล", "True")


@pytest.mark.ckan_config("ckanext.kpi.force_private_when_not_public", "true")
def test_non_public_category_is_made_private_when_configured(sysadmin_context, complete_dataset):
    shown = _create(
        sysadmin_context,
        {
            **complete_dataset,
            "data_category": "ข้อมูลความลับทางราชการ",
            "data_classification": "ลับมาก",
            "allow_harvest": "",
        },
    )
    assert shown["private"] is True
    assert shown["allow_harvest"] == "False"


def test_text_with_a_lone_angle_bracket_is_stored_as_typed(sysadmin_context, complete_dataset):
    text = 'ร้อยละ < 5 ของงบประมาณ & "เป้าหมาย"'
    shown = _create(sysadmin_context, {**complete_dataset, "data_source": text})
    assert shown["data_source"] == text


def test_thai_tags_through_the_tags_list(sysadmin_context, complete_dataset):
    data = {k: v for k, v in complete_dataset.items() if k != "tag_string"}
    shown = _create(sysadmin_context, {**data, "tags": [{"name": "ตัวชี้วัด"}, {"name": "ผลการดำเนินงาน"}]})
    assert sorted(tag["name"] for tag in shown["tags"]) == ["ตัวชี้วัด", "ผลการดำเนินงาน"]


def test_thai_tag_rule_replaces_cores_everywhere(sysadmin_context, complete_dataset):
    """Core schemas (here the `tags` list) use the Thai-aware rule, and it still refuses what core refuses."""
    data = {k: v for k, v in complete_dataset.items() if k != "tag_string"}
    errors = _rejected(sysadmin_context, {**data, "tags": [{"name": "ตัวชี้วัด"}, {"name": "KPI;drop"}]})
    assert errors == {
        "tags": [
            'Tag "KPI;drop" may contain only letters (Thai included), digits, spaces, "-", ' '"_" and ".".'
        ]
    }


def test_update_is_validated_like_create(sysadmin_context, complete_dataset):
    created = _create(sysadmin_context, complete_dataset)
    with pytest.raises(tk.ValidationError) as raised:
        call_action("package_patch", context=sysadmin_context, id=created["id"], maintainer_email="nobody")
    assert raised.value.error_dict == {
        "maintainer_email": ['Contact e-mail: "nobody" is not a valid e-mail address.']
    }
    assert call_action("package_show", id=created["id"])["maintainer_email"] == "plan@git.or.th"


# ---- Thai messages, and the HTTP API ----


def test_errors_are_in_thai_for_thai_users(app, complete_dataset):
    user = factories.SysadminWithToken()
    data = {**complete_dataset, "maintainer": "", "data_category": "ข้อมูลส่วนบุคคล", "data_classification": "ลับ"}
    response = app.post(
        "/th/api/3/action/package_create", json=data, headers={"Authorization": user["token"]}, status=409
    )
    error = response.json["error"]
    assert error["maintainer"] == ["ชื่อฝ่ายงานสำหรับติดต่อ: ต้องระบุข้อมูลรายการนี้"]
    assert error["data_category"] == [
        'หมวดหมู่ข้อมูลตามธรรมาภิบาลข้อมูลภาครัฐ: ชุดข้อมูลหมวดหมู่ "ข้อมูลส่วนบุคคล" เผยแพร่เป็นสาธารณะไม่ได้ '
        "กรุณากำหนดเป็นส่วนตัว"
    ]


def test_api_answers_409_with_the_named_field_errors(app, complete_dataset):
    user = factories.SysadminWithToken()
    data = {**complete_dataset, "update_frequency_interval": "ทุกปี", "geo_coverage": "ดาวอังคาร"}
    response = app.post(
        "/api/3/action/package_create", json=data, headers={"Authorization": user["token"]}, status=409
    )
    error = response.json["error"]
    assert error["__type"] == "Validation Error"
    assert error["geo_coverage"] == ['Geographic coverage: "ดาวอังคาร" is not one of the allowed choices.']
    assert error["update_frequency_interval"] == [
        'Update frequency interval: "ทุกปี" is not a whole number from 1 to 999; one is needed when '
        'Update frequency unit is "ไตรมาส".'
    ]
    assert call_action("package_search", include_private=True)["count"] == 0


def test_example_documents_validate(sysadmin_context, organization):
    for name in ("dataset_complete.json", "kpi_complete.json"):
        shown = _create(sysadmin_context, {**example(name), "owner_org": organization["id"]})
        assert shown["state"] == "active"


def test_resource_fields_are_validated_too(sysadmin_context, complete_dataset):
    created = _create(sysadmin_context, complete_dataset)
    with pytest.raises(tk.ValidationError) as raised:
        call_action(
            "resource_create",
            context=sysadmin_context,
            package_id=created["id"],
            name="ไตรมาส 4",
            url="https://www.git.or.th/q4.csv",
            format="CSV",
            resource_first_year_of_data="2023",
            resource_unit_of_multiplier="โกฏิ",
        )
    # resource_create reports the new resource's errors directly, and saves nothing
    assert raised.value.error_dict == {
        "resource_first_year_of_data": [
            f'First year of data (B.E.): "2023" is not a Buddhist-Era year ({YEAR_RANGE}).'
        ],
        "resource_unit_of_multiplier": ['Unit multiplier: "โกฏิ" is not one of the allowed choices.'],
    }
    assert len(call_action("package_show", id=created["id"])["resources"]) == 1
    resource = call_action(
        "resource_create",
        context=sysadmin_context,
        package_id=created["id"],
        name="ไตรมาส 4",
        url="https://www.git.or.th/q4.csv",
        format="CSV",
        resource_first_year_of_data="๒๕๖๗",
    )
    assert resource["resource_first_year_of_data"] == "2567"


def test_update_without_the_private_flag_keeps_a_private_dataset_private(sysadmin_context, complete_dataset):
    created = _create(
        sysadmin_context,
        {**complete_dataset, "private": True, "data_category": "ข้อมูลใช้ภายใน", "data_classification": ""},
    )
    shown = call_action("package_show", id=created["id"])
    del shown["private"]
    updated = call_action("package_update", context=sysadmin_context, **{**shown, "title": "ข้อมูลภายใน 2567"})
    assert (updated["private"], updated["title"]) == (True, "ข้อมูลภายใน 2567")
