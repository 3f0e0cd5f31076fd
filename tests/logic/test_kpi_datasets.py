"""Issue 16: KPI datasets are `dataset`-type datasets with the KPI fields; a catalog without this extension
can hold them (the fields are also given as extras); old `/kpi/...` URLs answer 301 to `/dataset/...`;
`ckan kpi migrate-kpi-type` turns datasets of the former `kpi` type into that form."""

from __future__ import annotations

import json
from typing import Any

import pytest
from ckan import model
from ckan.lib import search
from ckan.plugins import toolkit as tk
from ckan.tests.helpers import call_action

from ckanext.kpi import kpi_datasets

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

KPI_EXTRAS = {
    "kpi_document_kind", "kpi_fiscal_year", "kpi_period_start", "kpi_period_end", "kpi_as_of_date",
    "kpi_issuing_agency", "kpi_subject_agency", "kpi_plan_reference",
}


def _extras(package: dict[str, Any]) -> dict[str, str]:
    return {extra["key"]: extra["value"] for extra in package.get("extras", [])}


def test_a_kpi_dataset_is_a_dataset_with_the_kpi_fields_also_as_extras(sysadmin_context, complete_kpi):
    created = call_action("package_create", context=dict(sysadmin_context), **complete_kpi)
    shown = call_action("package_show", id=created["id"])
    assert (shown["type"], shown["kpi_document_kind"], shown["kpi_fiscal_year"]) == (
        "dataset", "strategy_kpi_plan", "2565")
    assert kpi_datasets.is_kpi_dataset(shown)
    extras = _extras(shown)
    assert KPI_EXTRAS <= set(extras)
    assert {key: extras[key] for key in KPI_EXTRAS} == {key: str(shown[key]) for key in KPI_EXTRAS}
    # What ckanext-harvest's `ckan` harvester reads (package_search results) carries the mirror too.
    (found,) = call_action("package_search", fq=f'name:"{created["name"]}"')["results"]
    assert _extras(found)["kpi_document_kind"] == "strategy_kpi_plan"


def test_the_extras_mirror_survives_a_round_trip(sysadmin_context, complete_kpi):
    """package_show → package_update (and package_patch, which does the same) keep working: our writes
    drop the mirror that CKAN would refuse as "a schema field with the same name"."""
    created = call_action("package_create", context=dict(sysadmin_context), **complete_kpi)
    shown = call_action("package_show", id=created["id"])
    updated = call_action("package_update", context=dict(sysadmin_context),
                          **{**shown, "kpi_plan_reference": "แผนใหม่"})
    assert updated["kpi_plan_reference"] == "แผนใหม่" and _extras(updated)["kpi_plan_reference"] == "แผนใหม่"
    patched = call_action("package_patch", context=dict(sysadmin_context), id=created["id"],
                          kpi_subject_agency="สำนักงาน ก.พ.ร.")
    assert patched["kpi_subject_agency"] == "สำนักงาน ก.พ.ร."
    assert _stored_extra_keys(created["id"]).count("kpi_document_kind") == 1


def _stored_extra_keys(package_id: str) -> list[str]:
    """The extras keys as PostgreSQL holds them: a package_extra row each on CKAN 2.11, the keys of the
    package's JSONB `extras` column on CKAN 2.12 (which dropped the table)."""
    if hasattr(model, "PackageExtra"):
        return [row.key for row in model.Session.query(model.PackageExtra).filter_by(package_id=package_id)]
    model.Session.expire_all()
    return list(model.Package.get(package_id).extras)


def test_a_kpi_field_given_only_as_an_extra_becomes_the_field(sysadmin_context, complete_kpi):
    """What a catalog that stores the KPI fields as extras sends back (a CKAN-to-CKAN harvest into us)."""
    data = {key: value for key, value in complete_kpi.items() if key != "kpi_plan_reference"}
    data["extras"] = [{"key": "kpi_plan_reference", "value": "แผนยุทธศาสตร์ 2566"}]
    created = call_action("package_create", context=dict(sysadmin_context), **data)
    assert created["kpi_plan_reference"] == "แผนยุทธศาสตร์ 2566"


def test_a_plain_dga_dataset_has_no_kpi_fields_nor_mirror(sysadmin_context, complete_dataset):
    created = call_action("package_create", context=dict(sysadmin_context), **complete_dataset)
    shown = call_action("package_show", id=created["id"])
    assert shown["type"] == "dataset" and not kpi_datasets.is_kpi_dataset(shown)
    assert not [key for key in shown if key.startswith("kpi_")]
    assert not [key for key in _extras(shown) if key.startswith("kpi_")]


def test_kpi_fields_without_a_document_kind_are_refused_by_name(sysadmin_context, complete_dataset):
    data = {**complete_dataset, "kpi_fiscal_year": "2567"}
    with pytest.raises(tk.ValidationError) as raised:
        call_action("package_create", context=dict(sysadmin_context), **data)
    errors = raised.value.error_dict
    assert set(errors) == {"kpi_document_kind", "kpi_issuing_agency"}
    assert errors["kpi_document_kind"] == ["Document kind: this item is required."]
    assert errors["kpi_issuing_agency"] == ["Issuing agency: this item is required."]
    assert model.Session.query(model.Package).filter_by(name=data["name"]).count() == 0


def test_a_client_of_the_former_kpi_type_writes_a_dataset(sysadmin_context, complete_kpi):
    created = call_action("package_create", context=dict(sysadmin_context), **{**complete_kpi, "type": "kpi"})
    assert created["type"] == "dataset"
    assert model.Package.get(created["id"]).type == "dataset"


# ---- the old URLs ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/kpi/{name}", "/dataset/{name}"),
        ("/kpi/{name}/indicator/1.1.2", "/dataset/{name}/indicator/1.1.2"),
        ("/kpi/{name}/indicator/STR111_1/65%231/data.csv",
         "/dataset/{name}/indicator/STR111_1/65%231/data.csv"),
        ("/kpi/{name}/tables.xlsx", "/dataset/{name}/tables.xlsx"),
        ("/kpi/edit/{name}", "/dataset/edit/{name}"),
        ("/kpi/?q=KPI&organization=git", "/dataset/?q=KPI&organization=git"),
        ("/kpi", "/dataset/"),
        ("/th/kpi/{name}", "/th/dataset/{name}"),
    ],
)
def test_old_kpi_urls_redirect_permanently(app, old, new):
    response = app.get(old.format(name="git-strategy-kpi-2565"), follow_redirects=False)
    assert response.status_code == 301
    location = response.headers["Location"]
    assert location.split("://", 1)[-1].split("/", 1)[-1] == new.format(name="git-strategy-kpi-2565")[1:]


def test_the_old_dataset_url_ends_on_the_dataset_page(app, sysadmin_context, complete_kpi):
    created = call_action("package_create", context=dict(sysadmin_context), **complete_kpi)
    page = app.get(f"/kpi/{created['name']}")
    assert page.status_code == 200 and created["title"] in page.body


# ---- migration of a site with datasets of the former type ------------------------------------------------


def _make_legacy(package_id: str) -> None:
    """What the code before issue 16 stored: the same extras, type `kpi`, activity copies of type `kpi`,
    and an index record with dataset_type:kpi."""
    from ckanext.activity.model import Activity

    model.Package.get(package_id).type = "kpi"
    for activity in model.Session.query(Activity).filter(Activity.object_id == package_id):
        data = json.loads(json.dumps(activity.data))
        data["package"]["type"] = "kpi"
        activity.data = data
    model.repo.commit_and_remove()
    search.rebuild(package_id)
    search.commit()


def _indexed_types(site_id: str) -> dict[str, str]:
    conn = search.make_connection()
    found = conn.search(q="*:*", fq=f'site_id:"{site_id}"', fl="name,dataset_type", rows=100)
    return {doc["name"]: doc["dataset_type"] for doc in found.docs}


def test_migrate_kpi_type_turns_old_datasets_into_datasets(cli, ckan_config, sysadmin_context, complete_kpi,
                                                          complete_dataset):
    from ckan.cli.cli import ckan as ckan_command

    from ckanext.activity.model import Activity

    kpi = call_action("package_create", context=dict(sysadmin_context), **complete_kpi)
    plain = call_action("package_create", context=dict(sysadmin_context), **complete_dataset)
    draft = call_action("package_create", context=dict(sysadmin_context),
                        **{**complete_kpi, "name": "git-kpi-draft", "title": "ร่างตัวชี้วัด", "state": "draft"})
    for package_id in (kpi["id"], draft["id"]):
        _make_legacy(package_id)
    site_id = ckan_config["ckan.site_id"]
    assert _indexed_types(site_id)[kpi["name"]] == "kpi"
    modified_before = model.Package.get(kpi["id"]).metadata_modified

    result = cli.invoke(ckan_command, ["kpi", "migrate-kpi-type", "--dry-run"])
    assert result.exit_code == 0, result.output
    listed = "2 dataset(s) of type 'kpi' would be migrated: git-kpi-draft, git-strategy-kpi-2565"
    assert listed in result.output
    assert model.Package.get(kpi["id"]).type == "kpi"

    result = cli.invoke(ckan_command, ["kpi", "migrate-kpi-type"])
    assert result.exit_code == 0, result.output
    assert "migrated 2 dataset(s) from type 'kpi' to 'dataset': git-kpi-draft, git-strategy-kpi-2565" in (
        result.output)
    model.Session.remove()
    assert {model.Package.get(i).type for i in (kpi["id"], draft["id"], plain["id"])} == {"dataset"}
    assert model.Package.get(kpi["id"]).metadata_modified == modified_before  # no edit, only the type
    migrated = (kpi["name"], draft["name"], plain["name"])
    assert _indexed_types(site_id) == dict.fromkeys(migrated, "dataset")
    activity_types = {
        activity.data["package"]["type"]
        for activity in model.Session.query(Activity).filter(Activity.object_id.in_([kpi["id"], draft["id"]]))
    }
    assert activity_types == {"dataset"}
    shown = call_action("package_show", id=kpi["id"])
    assert (shown["type"], shown["kpi_document_kind"], shown["kpi_fiscal_year"]) == (
        "dataset", "strategy_kpi_plan", "2565")
    found = call_action("package_search", fq=kpi_datasets.SEARCH_FILTER)
    assert [result["name"] for result in found["results"]] == [kpi["name"]]

    again = cli.invoke(ckan_command, ["kpi", "migrate-kpi-type"])
    assert again.exit_code == 0 and "no dataset of type 'kpi': nothing to migrate" in again.output
