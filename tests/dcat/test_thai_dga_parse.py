"""The thai_dga profile's parse, field by field: the example documents of ckanext/kpi/examples/dcat/ back
into thai_gdc field names and byte-identical values, a plain DCAT-AP 3 catalog's vocabularies into DGA
values, and the round trip (our endpoint -> parse -> package_create as a harvester would -> same record)."""

from __future__ import annotations

from importlib import resources
from typing import Any

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests.helpers import call_action

from ckanext.dcat.processors import RDFParser
from tests.support.fixtures import example

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

EXAMPLES = resources.files("ckanext.kpi") / "examples" / "dcat"
PROFILES = ["euro_dcat_ap_3", "thai_dga"]
# The DGA fields the profile carries; every one must come back exactly as stored.
DGA_FIELDS = (
    "title", "notes", "maintainer", "maintainer_email", "objective", "update_frequency_unit",
    "update_frequency_interval", "geo_coverage", "data_source", "data_format", "data_category",
    "data_classification", "license_id", "accessible_condition", "data_type", "data_language",
)  # fmt: skip


def parse(turtle: str, dataset_type: str = "dataset") -> list[dict[str, Any]]:
    parser = RDFParser(profiles=PROFILES, dataset_type=dataset_type)
    parser.parse(turtle, _format="ttl")
    return list(parser.datasets())


def parse_example(file_name: str, dataset_type: str = "dataset") -> dict[str, Any]:
    (dataset,) = parse((EXAMPLES / file_name).read_text(encoding="utf-8"), dataset_type)
    return dataset


def dga_record(dataset: dict[str, Any], fields: tuple[str, ...] = DGA_FIELDS) -> dict[str, Any]:
    """The DGA fields of a dataset; lists compared as sets, since RDF values carry no order."""
    return {
        field: sorted(dataset[field]) if isinstance(dataset.get(field), list) else dataset.get(field)
        for field in fields
        if field in dataset
    }


def tag_names(dataset: dict[str, Any]) -> list[str]:
    return sorted(tag["name"] for tag in dataset["tags"])


def test_example_dataset_parses_to_the_ckan_example_field_by_field():
    expected = example("dataset_complete.json")
    parsed = parse_example("dataset_complete.ttl")
    assert {field: parsed.get(field) for field in DGA_FIELDS} == {
        field: expected[field] for field in DGA_FIELDS
    }
    assert parsed["title"] == "ผลการเบิกจ่ายงบประมาณ ประจำปีงบประมาณ พ.ศ. 2567"
    assert parsed["data_category"] == "ข้อมูลสาธารณะ"
    assert parsed["objective"] == ["พันธกิจหน่วยงาน", "ดัชนี/ตัวชี้วัดระดับนานาชาติ"]
    assert parsed["license_id"] == "Open Data Common"
    assert tag_names(parsed) == sorted(expected["tag_string"].split(","))
    (resource,) = parsed["resources"]
    assert (resource["name"], resource["format"], resource["url"]) == (
        "ผลการเบิกจ่ายรายไตรมาส 2567",
        "CSV",
        "https://www.git.or.th/budget/disbursement-2567.csv",
    )


def test_example_kpi_parses_its_fiscal_year_and_period():
    parsed = parse_example("kpi_complete.ttl")
    expected = example("kpi_complete.json")
    fields = tuple(field for field in DGA_FIELDS if field in expected)
    assert dga_record(parsed, fields) == dga_record(expected, fields)
    assert set(fields) <= set(parsed)
    assert parsed["kpi_fiscal_year"] == "2565"
    assert (parsed["kpi_period_start"], parsed["kpi_period_end"]) == ("2021-10-01", "2022-09-30")
    assert (parsed["kpi_document_kind"], parsed["kpi_issuing_agency"]) == (
        expected["kpi_document_kind"], expected["kpi_issuing_agency"])


def test_a_plain_dataset_period_does_not_make_it_a_kpi_dataset():
    """Issue 16: one schema for both; only a graph with dga:kpiDocumentKind fills the KPI fields."""
    turtle = (EXAMPLES / "kpi_complete.ttl").read_text(encoding="utf-8")
    turtle = "\n".join(line for line in turtle.splitlines() if "dga:kpi" not in line)
    (parsed,) = parse(turtle)
    assert not [key for key in parsed if key.startswith("kpi_")]


def test_plain_dcat_ap_vocabularies_become_dga_values():
    parsed = parse_example("dataset_dcat_ap_only.ttl")
    assert parsed["title"] == "ผลการประเมินองค์การมหาชน ประจำปีงบประมาณ พ.ศ. 2565"
    assert parsed["data_category"] == "ข้อมูลสาธารณะ"
    assert (parsed["update_frequency_unit"], parsed["update_frequency_interval"]) == ("ปี", "1")
    assert parsed["geo_coverage"] == "ประเทศ"
    assert parsed["data_language"] == ["ไทย"]
    assert parsed["license_id"] == "Creative Commons Attributions"
    assert parsed["data_source"] == "สำนักงานคณะกรรมการพัฒนาระบบราชการ (สำนักงาน ก.พ.ร.)"
    assert (parsed["maintainer"], parsed["maintainer_email"]) == (
        "กองพัฒนาระบบบริหารงานองค์การมหาชน",
        "pmqa@opdc.go.th",
    )
    assert parsed["resources"][0]["format"] == "CSV"
    # what became a DGA field is not kept a second time as a ckanext-dcat extra
    extras = {extra["key"] for extra in parsed["extras"]}
    assert extras.isdisjoint(
        {"frequency", "access_rights", "language", "provenance", "contact_name", "contact_email"}
    )


def test_other_licence_comes_back_with_its_text(app, create_dataset):
    dataset = create_dataset(license_id="อื่นๆ", license_id_other="สัญญาอนุญาตของหน่วยงาน")
    (parsed,) = parse(app.get(f"/dataset/{dataset['id']}.ttl").get_data(as_text=True))
    assert (parsed["license_id"], parsed["license_id_other"]) == ("อื่นๆ", "สัญญาอนุญาตของหน่วยงาน")


def test_round_trip_through_the_endpoint_and_package_create(app, create_dataset, sysadmin):
    original = create_dataset(
        objective=["ยุทธศาสตร์ชาติ", "อื่นๆ"],
        objective_other="แผนปฏิบัติราชการของหน่วยงาน",
        update_frequency_unit="เดือน",
        update_frequency_interval="3",
        geo_coverage="จังหวัด",
        data_format=["CSV", "อื่นๆ"],
        data_format_other="Parquet",
    )
    (parsed,) = parse(app.get(f"/dataset/{original['id']}.ttl").get_data(as_text=True))
    for field in (*DGA_FIELDS, "objective_other", "data_format_other"):
        assert parsed.get(field) == original[field], field
    # every-3-months is QUARTERLY in the EU table, yet the exact unit and interval come back
    assert (parsed["update_frequency_unit"], parsed["update_frequency_interval"]) == ("เดือน", "3")

    # a harvester stores the parsed dict in its own catalog: the DGA record is the same
    other_org = call_action(
        "organization_create", context={"user": sysadmin["name"]}, name="harvested", title="หน่วยงานอื่น"
    )
    harvested = {
        key: value
        for key, value in parsed.items()
        if key in (*DGA_FIELDS, "objective_other", "data_format_other")
    }
    stored = call_action(
        "package_create",
        context={"user": sysadmin["name"]},
        **{
            **harvested,
            "name": "harvested-copy",
            "owner_org": other_org["id"],
            "tags": parsed["tags"],
            "resources": parsed["resources"],
            "allow_harvest": "True",
        },
    )
    for field in (*DGA_FIELDS, "objective_other", "data_format_other"):
        assert stored[field] == original[field], field
    assert tag_names(stored) == tag_names(original)


def test_a_harvested_non_public_category_cannot_be_stored_public(app, create_dataset, sysadmin):
    """The DCAT harvesting path: a remote catalog that (wrongly) publishes a personal-data dataset. Parsed
    by our profile and stored public as ckanext-dcat's harvester stores it, the publication rule refuses it;
    stored private, it is kept."""
    original = create_dataset()
    turtle = app.get(f"/dataset/{original['id']}.ttl").get_data(as_text=True)
    (parsed,) = parse(turtle.replace('"ข้อมูลสาธารณะ"', '"ข้อมูลส่วนบุคคล"').replace('"เปิดเผย"', '"ลับ"'))
    assert parsed["data_category"] == "ข้อมูลส่วนบุคคล"
    other_org = call_action(
        "organization_create", context={"user": sysadmin["name"]}, name="harvested", title="หน่วยงานอื่น"
    )
    harvested = {
        **{key: value for key, value in parsed.items() if key in DGA_FIELDS},
        "name": "harvested-personal", "owner_org": other_org["id"], "tags": parsed["tags"],
        "resources": parsed["resources"], "private": False,
    }  # fmt: skip
    context = {"user": sysadmin["name"], "ignore_auth": True}  # as DCATRDFHarvester.import_stage calls it
    with pytest.raises(tk.ValidationError) as error:
        call_action("package_create", context=dict(context), **harvested)
    assert "data_category" in error.value.error_dict
    assert call_action("package_search", q="name:harvested-personal", include_private=True)["count"] == 0
    stored = call_action("package_create", context=dict(context), **{**harvested, "private": True})
    assert (stored["private"], stored["data_category"]) == (True, "ข้อมูลส่วนบุคคล")
