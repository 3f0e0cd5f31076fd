"""kpi_table: the KPI template (XLSX, ODS, CSV; Thai digits, B.E. years) and the NSO metadata template,
harvested in real jobs from files served on 127.0.0.1."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from ckan.tests.helpers import call_action

from ckanext.kpi.harvesters.template_files import write_nso_template

from .conftest import HARVEST_MARKS, harvest_files, job_objects, run_job

EXAMPLES = Path(__file__).resolve().parents[2] / "ckanext" / "kpi" / "examples"
KPI_EXAMPLE = EXAMPLES / "harvest" / "kpi-template-example.xlsx"
pytestmark = HARVEST_MARKS


def _harvest_table(user, org, server, defaults, *names: str, **config: Any):
    _source, job = harvest_files(user, org, server, "kpi_table", names, dataset_defaults=defaults, **config)
    return job, job_objects(user, job["id"])


def _search(user, package: dict[str, Any], **filters: Any) -> list[dict[str, Any]]:
    resource = next(r for r in package["resources"] if r["url"].endswith("/observations.csv"))
    found = call_action(
        "datastore_search", {"user": user["name"]}, resource_id=resource["id"], filters=filters
    )
    return found["records"]


def test_kpi_template_workbook(harvest_user, kpi_org, document_server, defaults):
    document_server.put("kpi-template-example.xlsx", KPI_EXAMPLE.read_bytes())
    _job, objects = _harvest_table(
        harvest_user, kpi_org, document_server, defaults, "kpi-template-example.xlsx"
    )

    (only,) = objects.values()
    assert only.report_status == "added"
    package = call_action("package_show", {"user": harvest_user["name"]}, id=only.package_id)
    assert package["type"] == "dataset" and package["kpi_document_kind"]  # a KPI dataset (issue 16)
    assert package["kpi_fiscal_year"] == "2565"  # written ๒๕๖๕ in the document sheet
    assert package["kpi_document_kind"] == "assessment_form"
    assert package["kpi_issuing_agency"] == "สำนักงาน ก.พ.ร."
    assert package["resources"][-1]["url"].endswith("/original-kpi-template-example.xlsx")
    (record,) = _search(harvest_user, package, indicator_id="1.1.2", fiscal_year_be=2565)
    assert record["value_num"] == 11851  # written ๑๑,๘๕๑
    assert record["value_role"] == "target_level_100"
    assert record["value_text_original"] == "๑๑,๘๕๑"


def test_kpi_template_csv_and_ods_with_a_bad_row(harvest_user, kpi_org, document_server, defaults):
    header = "indicator_id,name,fiscal_year_be,value_role,value,unit\n"
    document_server.put(
        "agency-kpi.csv",
        header
        + "K1,ร้อยละการเบิกจ่ายงบประมาณ,๒๕๖๖,target,ร้อยละ ๙๖,ร้อยละ\n"
        + "K1,ร้อยละการเบิกจ่ายงบประมาณ,2566,actual,97.25,ร้อยละ\n"
        + "K1,ร้อยละการเบิกจ่ายงบประมาณ,2023,actual,95,ร้อยละ\n",
    )
    observations = pd.DataFrame(
        [["K2", "จำนวนผู้รับบริการ", "2567", "ผล", "1,250", "ราย"]],
        columns=["indicator_id", "name", "fiscal_year_be", "value_role", "value", "unit"],
    )
    with pd.ExcelWriter(document_server.root / "agency-kpi-2567.ods", engine="odf") as writer:
        observations.to_excel(writer, sheet_name="observations", index=False)

    job, objects = _harvest_table(
        harvest_user, kpi_org, document_server, defaults, "agency-kpi.csv", "agency-kpi-2567.ods"
    )

    assert sorted(o.report_status for o in objects.values()) == ["added", "added"]
    by_file = {guid.rsplit("#", 1)[1]: obj for guid, obj in objects.items()}
    csv_package = call_action(
        "package_show", {"user": harvest_user["name"]}, id=by_file["agency-kpi"].package_id
    )
    assert csv_package["kpi_fiscal_year"] == "2566"
    assert csv_package["kpi_document_kind"] == "agency_table"
    values = {
        (r["value_role"], r["value_num"]) for r in _search(harvest_user, csv_package, indicator_id="K1")
    }
    assert values == {("target", 96), ("actual", 97.25)}
    ods_package = call_action(
        "package_show", {"user": harvest_user["name"]}, id=by_file["agency-kpi-2567"].package_id
    )
    (record,) = _search(harvest_user, ods_package, indicator_id="K2")
    assert (record["value_role"], record["value_num"], record["fiscal_year_be"]) == ("actual", 1250, 2567)

    errors = call_action("kpi_harvest_job_errors", {"user": harvest_user["name"]}, id=job["id"])
    (error,) = errors
    assert (error["file"], error["sheet"], error["cell"], error["line"]) == (
        "agency-kpi.csv",
        "agency-kpi",
        "C4",
        4,
    )
    assert (error["rule"], error["original_text"]) == ("be_year", "2023")


def _nso_row(example: dict[str, Any], **changes: Any) -> dict[str, Any]:
    row = {k: v for k, v in copy.deepcopy(example).items() if k not in ("resources", "type", "private")}
    for key in ("objective", "data_format", "data_language", "disaggregate"):
        row[key] = ", ".join(row[key])
    return {**row, **changes}


def test_nso_metadata_template_all_data_types(
    harvest_user, kpi_org, document_server, complete_dataset_example
):
    stat = _nso_row(complete_dataset_example, last_updated_date="15/10/2567", license_id="Some local licence")
    record = _nso_row(
        complete_dataset_example,
        name="git-service-requests",
        title="คำขอรับบริการตรวจสอบอัญมณี",
        created_date="01/10/2566",
        high_value_dataset="ใช่",
        data_language="ไทย, อังกฤษ",
    )
    other = _nso_row(
        complete_dataset_example,
        name="git-broken-contact",
        title="ชุดข้อมูลที่อีเมลผิด",
        maintainer_email="not-an-email",
        data_type_other="เอกสาร",
    )
    resources = [
        {
            "dataset_name": "git-service-requests",
            "resource_name": "คำขอรับบริการ 2567",
            "resource_url": "https://www.git.or.th/data/requests-2567.csv",
            "format": "CSV",
        },
    ]
    write_nso_template(
        document_server.root / "nso-metadata.xlsx",
        {"Stat": [stat], "Record": [record], "Other": [other]},
        resources,
    )

    job, objects = _harvest_table(harvest_user, kpi_org, document_server, {}, "nso-metadata.xlsx")

    by_name = {guid.rsplit("#", 1)[1]: obj for guid, obj in objects.items()}
    assert by_name["git-broken-contact"].report_status == "errored"
    assert by_name["git-budget-disbursement-2567"].report_status == "added"
    stat_package = call_action(
        "package_show", {"user": harvest_user["name"]}, id="git-budget-disbursement-2567"
    )
    assert stat_package["type"] == "dataset"
    assert stat_package["data_type"] == "ข้อมูลสถิติ"
    assert stat_package["last_updated_date"] == "2024-10-15"
    assert (stat_package["license_id"], stat_package["license_id_other"]) == ("อื่นๆ", "Some local licence")
    record_package = call_action("package_show", {"user": harvest_user["name"]}, id="git-service-requests")
    assert record_package["data_type"] == "ข้อมูลระเบียน"
    assert record_package["created_date"] == "2023-10-01"
    assert record_package["high_value_dataset"] == "True"
    assert record_package["data_language"] == ["ไทย", "อังกฤษ"]
    assert [r["url"] for r in record_package["resources"]] == ["https://www.git.or.th/data/requests-2567.csv"]
    errors = call_action("kpi_harvest_job_errors", {"user": harvest_user["name"]}, id=job["id"])
    assert {(e["sheet"], e["rule"]) for e in errors} == {("Temp2_Meta_Other", "schema")}
    assert any("maintainer_email" in e["message"] or "e-mail" in e["message"].lower() for e in errors)

    again = run_job(harvest_user, by_name["git-service-requests"].source.id)
    statuses = sorted(o.report_status for o in job_objects(harvest_user, again["id"]).values())
    assert statuses == ["errored", "not modified", "not modified"]


def test_source_config_errors_name_the_key():
    from ckanext.kpi.harvesters.table import KpiTableHarvester

    harvester = KpiTableHarvester()
    with pytest.raises(ValueError, match="on_missing"):
        harvester.validate_config(json.dumps({"on_missing": "forget"}))
    with pytest.raises(ValueError, match="dataset_defualts"):
        harvester.validate_config(json.dumps({"dataset_defualts": {}}))
    with pytest.raises(ValueError, match="not valid JSON"):
        harvester.validate_config("{")
    assert harvester.validate_config(json.dumps({"private": False})) == '{"private": false}'
