"""The publishing gate: personal data keeps a dataset from being public, through every write path, unless a
sysadmin overrides with a reason that is recorded; editors see the kind and place, never the value."""

from __future__ import annotations

import io
import json

import pytest
from ckan.logic import ValidationError
from ckan.tests import factories
from ckan.tests.helpers import call_action
from werkzeug.datastructures import FileStorage

from ckanext.kpi.publication_gate import OVERRIDE_KEY, OVERRIDE_TASK_TYPE

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

# Made-up personal data of the kinds seed 003 lines 8092-8218 show (a patient's record).
PATIENT_NAME = "นายสมชาย ทดสอบดี"
PATIENT_LINE = f"{PATIENT_NAME} อายุ 41 ปี"
NATIONAL_ID = "1101700203450"  # made up, with a valid checksum


@pytest.fixture
def editor_setup():
    editor = factories.User()
    org = factories.Organization(users=[{"name": editor["name"], "capacity": "editor"}])
    return {"user": editor["name"]}, org


@pytest.fixture(autouse=True)
def _storage(tmp_path, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckan.storage_path", str(tmp_path))


def _upload(text: str, name: str = "observations.csv") -> FileStorage:
    return FileStorage(io.BytesIO(text.encode("utf-8")), filename=name, content_type="text/csv")


def _error_messages(error: pytest.ExceptionInfo) -> list[str]:
    return error.value.error_dict["private"]


def test_public_dataset_with_a_person_in_its_description_is_refused(editor_setup, complete_dataset_dict):
    context, org = editor_setup
    data = complete_dataset_dict(name="patients", owner_org=org["id"], notes=f"ผู้ป่วย: {PATIENT_LINE}")
    with pytest.raises(ValidationError) as error:
        call_action("package_create", context=dict(context), **data)
    messages = _error_messages(error)
    assert any("a person's name" in message and "notes" in message for message in messages), messages
    assert all(PATIENT_NAME not in message and "41" not in message for message in messages)
    assert call_action("package_search", q="name:patients")["count"] == 0


def test_the_same_dataset_may_be_saved_private(editor_setup, complete_dataset_dict):
    context, org = editor_setup
    data = complete_dataset_dict(name="patients", owner_org=org["id"], notes=PATIENT_LINE, private=True)
    dataset = call_action("package_create", context=dict(context), **data)
    assert dataset["private"] is True
    with pytest.raises(ValidationError) as error:
        call_action("package_patch", context=dict(context), id=dataset["id"], private=False)
    assert any("notes" in message for message in _error_messages(error))
    assert call_action("package_show", id=dataset["id"])["private"] is True


def test_a_file_with_a_national_id_keeps_its_dataset_private(editor_setup, complete_dataset_dict):
    context, org = editor_setup
    dataset = call_action("package_create", context=dict(context),
                          **complete_dataset_dict(name="clean", owner_org=org["id"]))
    assert dataset["private"] is False
    # Uploading a file with personal data to the public dataset is refused...
    people = {"name": "people.csv", "url": "people.csv", "format": "CSV"}
    with pytest.raises(ValidationError) as error:
        call_action("resource_create", context=dict(context), package_id=dataset["id"], **people,
                    upload=_upload(f"id,name\n{NATIONAL_ID},x\n", "people.csv"))
    assert any("people.csv, line 2" in message for message in _error_messages(error))
    stored = [resource["name"] for resource in call_action("package_show", id=dataset["id"])["resources"]]
    assert "people.csv" not in stored
    # ...and once stored in a private dataset, that file keeps the dataset from going public.
    call_action("package_patch", context=dict(context), id=dataset["id"], private=True)
    call_action("resource_create", context=dict(context), package_id=dataset["id"], **people,
                upload=_upload(f"id,name\n{NATIONAL_ID},x\n", "people.csv"))
    with pytest.raises(ValidationError) as error:
        call_action("package_patch", context=dict(context), id=dataset["id"], private=False)
    assert any("a Thai national ID number" in message for message in _error_messages(error))


def test_a_clean_file_is_published(editor_setup, complete_dataset_dict):
    context, org = editor_setup
    dataset = call_action("package_create", context=dict(context),
                          **complete_dataset_dict(name="clean", owner_org=org["id"]))
    call_action("resource_create", context=dict(context), package_id=dataset["id"], name="observations.csv",
                url="observations.csv", format="CSV",
                upload=_upload("indicator_id,fiscal_year_be,value_num\n1.1.2,2564,10774\n"))
    assert call_action("package_show", id=dataset["id"])["private"] is False


def test_an_editor_cannot_override_but_a_sysadmin_can_with_a_recorded_reason(
    editor_setup, complete_dataset_dict
):
    context, org = editor_setup
    data = complete_dataset_dict(name="patients", owner_org=org["id"], notes=PATIENT_LINE)
    with pytest.raises(ValidationError):
        call_action("package_create", context=dict(context), **data, **{OVERRIDE_KEY: "I want to"})

    sysadmin = factories.Sysadmin()
    reason = "ชื่อสมมติในเอกสารตัวอย่าง ไม่ใช่บุคคลจริง"
    dataset = call_action(
        "package_create", context={"user": sysadmin["name"]}, **data, **{OVERRIDE_KEY: reason}
    )
    assert dataset["private"] is False
    assert OVERRIDE_KEY not in dataset
    record = call_action("task_status_show", entity_id=dataset["id"], task_type=OVERRIDE_TASK_TYPE,
                         key="override")
    value = json.loads(record["value"])
    assert value["reason"] == reason
    assert value["user"] == sysadmin["name"]
    assert {"kind": "person_name", "place": "notes"} in value["findings"]


def test_files_stored_before_package_create_are_screened(editor_setup, complete_dataset_dict):
    """The harvester stores a new dataset's files under chosen ids, then calls package_create once."""
    from ckan.lib import uploader

    context, org = editor_setup
    resource = {"id": "6f1b2c3d-0000-4000-8000-000000000001", "name": "people.csv", "url": "people.csv",
                "format": "CSV", "upload": _upload(f"id,name\n{NATIONAL_ID},x\n", "people.csv")}
    upload = uploader.get_resource_uploader(resource)  # takes the file out of the dict, as the harvester does
    upload.upload(resource["id"], uploader.get_max_resource_size())
    data = complete_dataset_dict(name="harvested", owner_org=org["id"], resources=[resource])
    with pytest.raises(ValidationError) as error:
        call_action("package_create", context=dict(context), **data)
    assert any("people.csv, line 2" in message for message in _error_messages(error))


def test_a_harvest_source_is_not_gated():
    """A source's config names the contact point its datasets will publish; the source itself is no data."""
    sysadmin = factories.Sysadmin()
    org = factories.Organization()
    config = json.dumps({"dataset_defaults": {"maintainer_email": "somchai.t@example.go.th"}})
    source = call_action(
        "harvest_source_create", context={"user": sysadmin["name"]}, name="kpi-documents",
        title="KPI documents", url="https://www.example.go.th/kpi/", source_type="kpi_document",
        owner_org=org["id"], config=config,
    )
    assert source["private"] is False
    assert json.loads(source["config"])["dataset_defaults"]["maintainer_email"] == "somchai.t@example.go.th"
