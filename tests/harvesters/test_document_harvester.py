"""kpi_document: real jobs against the seed documents served on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ckan.lib import uploader
from ckan.tests.helpers import call_action

from ckanext.kpi import completeness

from .conftest import (
    HARVEST_MARKS,
    SEED_000,
    SEED_001,
    create_source,
    harvest_files,
    job_objects,
    run_job,
    source_config,
)

pytestmark = HARVEST_MARKS


def _package(user: dict[str, Any], package_id: str) -> dict[str, Any]:
    return call_action("package_show", {"user": user["name"]}, id=package_id)


def _resource_by_file(package: dict[str, Any], file_name: str) -> dict[str, Any]:
    return next(r for r in package["resources"] if r["url"].rsplit("/", 1)[-1] == file_name)


def _harvest(user, org, server, defaults, *names: str, **config: Any):
    return harvest_files(user, org, server, "kpi_document", names, dataset_defaults=defaults, **config)


def test_seed_documents_become_kpi_datasets(harvest_user, kpi_org, document_server, defaults):
    source, job = _harvest(harvest_user, kpi_org, document_server, defaults, SEED_001, SEED_000)
    objects = job_objects(harvest_user, job["id"])
    assert job["status"] == "Finished"
    assert sorted(o.report_status for o in objects.values()) == ["added", "added"]
    assert {guid.rsplit("#", 1)[1] for guid in objects} == {"001_f22d53a17e33890d", "000_a7de958303e1344d"}

    guid_001 = f"{source['url']}#001_f22d53a17e33890d"
    package = _package(harvest_user, objects[guid_001].package_id)
    assert package["type"] == "dataset" and package["kpi_document_kind"]  # a KPI dataset (issue 16)
    assert package["name"] == "git-001_f22d53a17e33890d"
    assert package["owner_org"] == kpi_org["id"]
    items = completeness.report(package)  # the 14 DGA items, counted as OPDC counts them
    assert (items["present_count"], items["missing"]) == (14, [])
    assert package["title"] == "แบบประเมินองค์การมหาชน ประจำปีงบประมาณ พ.ศ. 2565"
    assert package["kpi_fiscal_year"] == "2565"
    assert package["kpi_document_kind"] == "assessment_form"
    assert package["kpi_issuing_agency"] == "สำนักงาน ก.พ.ร."
    assert package["kpi_period_start"] == "2021-10-01"
    assert package["maintainer_email"] == defaults["maintainer_email"]
    assert package["private"] is True  # no personal-data screening yet (issue 6): private unless configured

    files = [r["url"].rsplit("/", 1)[-1] for r in package["resources"]]
    assert files == [
        "indicators.csv",
        "observations.csv",
        "plan_elements.csv",
        "001_f22d53a17e33890d.json",
        "findings.csv",
        "original-001_f22d53a17e33890d.txt",
    ]
    assert all(r["url_type"] == "upload" for r in package["resources"])


def test_clearing_the_source_takes_its_datasets_out_of_search(
    harvest_user, kpi_org, document_server, defaults
):
    """ckanext-harvest's "Clear" deletes the source's datasets in PostgreSQL and in Solr by the index field
    harvest_source_id, which the index holds only if the dataset was indexed after its object became
    current."""
    source, job = _harvest(harvest_user, kpi_org, document_server, defaults, SEED_001)
    (harvested,) = job_objects(harvest_user, job["id"]).values()
    context = {"user": harvest_user["name"]}
    query = {"fq": f'id:"{harvested.package_id}"', "include_private": True}
    (found,) = call_action("package_search", context, **query)["results"]
    # ckanext-harvest adds it to the extras of what the index returns (our schema has no such field).
    assert {e["key"]: e["value"] for e in found["extras"]}["harvest_source_id"] == source["id"]

    call_action("harvest_source_clear", context, id=source["id"])
    assert call_action("package_search", context, **query)["count"] == 0


def test_observations_are_typed_in_the_datastore(harvest_user, kpi_org, document_server, defaults):
    _source, job = _harvest(harvest_user, kpi_org, document_server, defaults, SEED_001)
    package = _package(harvest_user, next(iter(job_objects(harvest_user, job["id"]).values())).package_id)
    observations = _resource_by_file(package, "observations.csv")
    found = call_action(
        "datastore_search",
        {"user": harvest_user["name"]},
        resource_id=observations["id"],
        filters={"indicator_id": "1.1.2", "fiscal_year_be": 2564, "value_role": "actual"},
    )
    assert found["total"] == 1
    record = found["records"][0]
    assert record["value_num"] == 10774
    assert isinstance(record["value_num"], int | float)
    assert record["fiscal_year_be"] == 2564
    assert record["value_text_original"] == "10,774 ใบรับรอง"
    types = {field["id"]: field["type"] for field in found["fields"]}
    assert types["value_num"] == "numeric"
    assert types["fiscal_year_be"] == "int4"
    assert types["indicator_id"] == "text"


def test_unchanged_rerun_writes_nothing(harvest_user, kpi_org, document_server, defaults):
    source, first = _harvest(harvest_user, kpi_org, document_server, defaults, SEED_001)
    package_id = next(iter(job_objects(harvest_user, first["id"]).values())).package_id
    before = _package(harvest_user, package_id)
    activities = call_action("package_activity_list", {"user": harvest_user["name"]}, id=package_id)

    second = run_job(harvest_user, source["id"])

    assert [o.report_status for o in job_objects(harvest_user, second["id"]).values()] == ["not modified"]
    after = _package(harvest_user, package_id)
    assert after["metadata_modified"] == before["metadata_modified"]
    assert call_action("package_activity_list", {"user": harvest_user["name"]}, id=package_id) == activities


def test_rerun_writes_again_a_dataset_whose_files_left_the_file_store(
    harvest_user, kpi_org, document_server, defaults
):
    source, first = _harvest(harvest_user, kpi_org, document_server, defaults, SEED_001)
    package_id = next(iter(job_objects(harvest_user, first["id"]).values())).package_id
    before = _package(harvest_user, package_id)
    observations = _resource_by_file(before, "observations.csv")
    stored = Path(uploader.get_resource_uploader(observations).get_path(observations["id"]))
    stored.unlink()

    second = run_job(harvest_user, source["id"])

    assert [o.report_status for o in job_objects(harvest_user, second["id"]).values()] == ["updated"]
    assert "10,774 ใบรับรอง" in stored.read_text(encoding="utf-8")


def test_changed_document_updates_in_place(harvest_user, kpi_org, document_server, defaults):
    source, first = _harvest(harvest_user, kpi_org, document_server, defaults, SEED_001)
    package_id = next(iter(job_objects(harvest_user, first["id"]).values())).package_id
    before = _package(harvest_user, package_id)
    path = document_server.root / SEED_001
    path.write_text(path.read_text(encoding="utf-8").replace("10,774", "10,775"), encoding="utf-8")

    second = run_job(harvest_user, source["id"])

    objects = job_objects(harvest_user, second["id"])
    assert [o.report_status for o in objects.values()] == ["updated"]
    assert next(iter(objects.values())).package_id == package_id
    after = _package(harvest_user, package_id)
    assert after["name"] == before["name"]
    assert [(r["id"], r["url"]) for r in after["resources"]] == [
        (r["id"], r["url"]) for r in before["resources"]
    ]
    found = call_action(
        "datastore_search",
        {"user": harvest_user["name"]},
        resource_id=_resource_by_file(after, "observations.csv")["id"],
        filters={"indicator_id": "1.1.2", "fiscal_year_be": 2564, "value_role": "actual"},
    )
    assert found["records"][0]["value_num"] == 10775


@pytest.mark.parametrize(("on_missing", "state"), [("withdraw", "deleted"), ("keep", "active")])
def test_disappeared_document(harvest_user, kpi_org, document_server, defaults, on_missing, state):
    urls = [document_server.url(SEED_001), document_server.url(SEED_000)]
    config = {"documents": urls, "dataset_defaults": defaults, "on_missing": on_missing}
    source = create_source(
        harvest_user, kpi_org, document_server.base_url + "/", "kpi_document", source_config(**config)
    )
    first = run_job(harvest_user, source["id"])
    gone = job_objects(harvest_user, first["id"])[f"{source['url']}#000_a7de958303e1344d"].package_id

    config["documents"] = urls[:1]
    call_action(
        "harvest_source_update",
        {"user": harvest_user["name"]},
        id=source["id"],
        name=source["name"],
        url=source["url"],
        source_type="kpi_document",
        owner_org=kpi_org["id"],
        config=source_config(**config),
        frequency="MANUAL",
        private=True,
    )
    second = run_job(harvest_user, source["id"])

    assert _package(harvest_user, gone)["state"] == state
    statuses = sorted(o.report_status for o in job_objects(harvest_user, second["id"]).values())
    assert statuses == (["deleted", "not modified"] if on_missing == "withdraw" else ["not modified"])
