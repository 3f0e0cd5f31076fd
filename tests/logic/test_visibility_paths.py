"""The publication rule (ckanext/kpi/visibility.py) on every path that can change a dataset's visibility
or category: "private, or a data category other than ข้อมูลสาธารณะ, is never public; a public dataset is
harvestable". Each test drives one path against the real PostgreSQL and Solr and reads back what an
anonymous user (and the search index) sees afterwards."""

from __future__ import annotations

import html
from typing import Any

import pytest
from ckan import model
from ckan.lib.helpers import url_for
from ckan.lib.navl.validators import ignore
from ckan.logic import ValidationError
from ckan.logic.schema import default_create_package_schema
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.kpi import visibility
from ckanext.kpi.dcat.publication import is_published
from tests.support.fixtures import csrf_token_in, log_in_through_form

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

PERSONAL = "ข้อมูลส่วนบุคคล"
PUBLIC = "ข้อมูลสาธารณะ"
# The personal-data category allows these classifications (vocabulary.CLASSIFICATIONS_BY_CATEGORY).
PERSONAL_FIELDS = {
    "data_category": PERSONAL, "data_classification": "ลับ", "accessible_condition": "เฉพาะเจ้าหน้าที่",
}


PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def org_admin() -> dict[str, Any]:
    return factories.User(password=PASSWORD)


@pytest.fixture
def editor_setup(org_admin):
    editor = factories.User()
    org = factories.Organization(users=[{"name": editor["name"], "capacity": "editor"},
                                        {"name": org_admin["name"], "capacity": "admin"}])
    return {"user": editor["name"]}, org


@pytest.fixture
def admin_setup(editor_setup, org_admin):
    """The organisation's admin: CKAN lets admins (permission "update" on the organisation) use the bulk
    actions, not editors. ``ignore_auth`` off, so the action's auth runs as on the site."""
    _context, org = editor_setup
    return {"user": org_admin["name"], "ignore_auth": False}, org


@pytest.fixture
def personal(editor_setup, complete_dataset_dict) -> dict[str, Any]:
    context, org = editor_setup
    data = complete_dataset_dict(
        name="personal-records", title="ทะเบียนผู้รับบริการ", owner_org=org["id"], private=True,
        **PERSONAL_FIELDS,
    )
    return call_action("package_create", context=dict(context), **data)


@pytest.fixture
def public_category_private(editor_setup, complete_dataset_dict) -> dict[str, Any]:
    context, org = editor_setup
    data = complete_dataset_dict(
        name="budget-private", title="งบประมาณรายจ่าย", owner_org=org["id"], private=True,
        allow_harvest="False",
    )
    return call_action("package_create", context=dict(context), **data)


def anonymous_names() -> set[str]:
    """What anonymous users find through package_search (the search index, capacity public)."""
    result = call_action("package_search", context={"user": "", "ignore_auth": False}, rows=100)
    return {dataset["name"] for dataset in result["results"]}


def stored_private(name: str) -> bool:
    model.Session.expire_all()  # the bulk actions write the table directly, past the session's objects
    return model.Package.get(name).private


# ---- the one function -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("private", "category", "consent", "refused"),
    [
        (True, PERSONAL, "True", None),
        (True, None, None, None),
        (False, PUBLIC, "True", None),
        (False, PUBLIC, None, None),  # filled with "True" by the writers
        (False, PUBLIC, "False", "allow_harvest"),
        (False, PERSONAL, "True", "data_category"),
        (False, "ข้อมูลใช้ภายใน", "True", "data_category"),
        (False, None, "True", "data_category"),  # no category is not the public one
    ],
)
def test_the_rule(private, category, consent, refused):
    decided = visibility.publication_refusal(private=private, data_category=category, allow_harvest=consent)
    assert decided == refused


def test_dcat_publication_uses_the_same_rule():
    published = {"private": False, "state": "active", "data_category": PUBLIC, "allow_harvest": "True"}
    assert is_published(published)
    assert not is_published({**published, "data_category": PERSONAL})
    assert not is_published({**published, "allow_harvest": "False"})
    assert not is_published({**published, "private": True})
    # CKAN's default schema keeps the DGA fields in extras: read there too.
    as_extras = {"private": False, "extras": [{"key": "data_category", "value": PUBLIC},
                                              {"key": "allow_harvest", "value": "True"}]}
    assert is_published(as_extras)


# ---- create, update, patch, revise ---------------------------------------------------------------------


def test_create_public_personal_data_is_refused(editor_setup, complete_dataset_dict):
    context, org = editor_setup
    data = complete_dataset_dict(name="leak", owner_org=org["id"], private=False, **PERSONAL_FIELDS)
    with pytest.raises(ValidationError) as error:
        call_action("package_create", context=dict(context), **data)
    assert PERSONAL in " ".join(error.value.error_dict["data_category"])
    assert model.Package.get("leak") is None
    assert "leak" not in anonymous_names()


def test_update_to_public_is_refused(editor_setup, personal):
    context, _org = editor_setup
    with pytest.raises(ValidationError) as error:
        call_action("package_update", context=dict(context), **{**personal, "private": False})
    assert "cannot be public" in " ".join(error.value.error_dict["data_category"])
    assert stored_private("personal-records")


def test_patch_to_public_is_refused(editor_setup, personal):
    context, _org = editor_setup
    with pytest.raises(ValidationError):
        call_action("package_patch", context=dict(context), id=personal["id"], private=False)
    assert stored_private("personal-records")
    assert "personal-records" not in anonymous_names()


def test_revise_to_public_is_refused(editor_setup, personal):
    context, _org = editor_setup
    with pytest.raises(ValidationError):
        call_action("package_revise", context=dict(context), match={"id": personal["id"]},
                    update={"private": False})
    assert stored_private("personal-records")


def test_recategorising_a_public_dataset_is_refused(editor_setup, complete_dataset_dict):
    context, org = editor_setup
    dataset = call_action("package_create", context=dict(context),
                          **complete_dataset_dict(name="open-budget", owner_org=org["id"], private=False))
    with pytest.raises(ValidationError):
        call_action("package_patch", context=dict(context), id=dataset["id"], **PERSONAL_FIELDS)
    assert call_action("package_show", id="open-budget")["data_category"] == PUBLIC


def test_a_public_dataset_is_harvestable(editor_setup, public_category_private):
    context, _org = editor_setup
    made_public = call_action("package_patch", context=dict(context), id=public_category_private["id"],
                              private=False, allow_harvest="")
    assert (made_public["private"], made_public["allow_harvest"]) == (False, "True")
    with pytest.raises(ValidationError) as error:
        call_action("package_patch", context=dict(context), id=public_category_private["id"],
                    allow_harvest="False")
    assert "allow_harvest" in error.value.error_dict


# ---- writers that replace the schema (ckanext-harvest's harvesters) -------------------------------------


def _default_schema_context(user: str) -> dict[str, Any]:
    """What ckanext-harvest's HarvesterBase._create_or_update_package passes: CKAN's default schema, with the
    DGA fields as extras. (ckanext-scheming adds its own fields to a passed schema for the types it knows;
    the rule does not depend on that: it runs before any validation.)"""
    schema = default_create_package_schema()
    schema["__junk"] = [ignore]
    return {"user": user, "schema": schema, "ignore_auth": True}


def test_a_schema_replacing_writer_cannot_publish_personal_data(editor_setup, sysadmin):
    _context, org = editor_setup
    harvested = {
        "name": "harvested-personal", "title": "Harvested", "owner_org": org["id"], "private": False,
        "extras": [{"key": "data_category", "value": PERSONAL}, {"key": "allow_harvest", "value": "True"}],
    }
    with pytest.raises(ValidationError) as error:
        call_action("package_create", context=_default_schema_context(sysadmin["name"]), **harvested)
    assert "data_category" in error.value.error_dict
    assert model.Package.get("harvested-personal") is None


def test_a_schema_replacing_writer_gets_consent_filled(editor_setup, sysadmin, complete_dataset_dict):
    _context, org = editor_setup
    harvested = complete_dataset_dict(name="harvested-public", owner_org=org["id"], private=False)
    del harvested["allow_harvest"]
    call_action("package_create", context=_default_schema_context(sysadmin["name"]), **harvested)
    assert model.Package.get("harvested-public").extras["allow_harvest"] == "True"


# ---- bulk actions ---------------------------------------------------------------------------------------


def test_bulk_public_refuses_all_or_nothing(admin_setup, personal, public_category_private):
    context, org = admin_setup
    with pytest.raises(ValidationError) as error:
        call_action("bulk_update_public", context=dict(context), org_id=org["id"],
                    datasets=[personal["id"], public_category_private["id"]])
    message = " ".join(error.value.error_dict["datasets"])
    assert "Nothing was made public" in message
    assert personal["title"] in message and PERSONAL in message
    assert public_category_private["title"] not in message
    # Neither dataset changed, in PostgreSQL or in the search index.
    assert stored_private("personal-records") and stored_private("budget-private")
    assert anonymous_names() == set()


def test_bulk_public_makes_a_public_dataset_harvestable(admin_setup, public_category_private):
    context, org = admin_setup
    call_action("bulk_update_public", context=dict(context), org_id=org["id"],
                datasets=[public_category_private["id"]])
    model.Session.expire_all()
    shown = call_action("package_show", id="budget-private")
    assert (shown["private"], shown["allow_harvest"]) == (False, "True")
    indexed = call_action("package_search", fq='allow_harvest:"True"')["results"]
    assert [dataset["name"] for dataset in indexed] == ["budget-private"]
    assert is_published(shown)


def test_bulk_public_runs_the_personal_data_gate(admin_setup, complete_dataset_dict):
    context, org = admin_setup
    dataset = call_action(
        "package_create", context=dict(context),
        **complete_dataset_dict(name="patients", owner_org=org["id"], private=True,
                                notes="ผู้ป่วย: นายสมชาย ทดสอบดี อายุ 41 ปี"),
    )
    with pytest.raises(ValidationError) as error:
        call_action("bulk_update_public", context=dict(context), org_id=org["id"], datasets=[dataset["id"]])
    message = " ".join(error.value.error_dict["datasets"])
    assert "personal data" in message and "นายสมชาย" not in message
    assert stored_private("patients")


def test_bulk_public_message_in_thai(app, admin_setup, personal):
    """The refusal in the user's language: the API under /th/ answers in Thai."""
    context, org = admin_setup
    token = factories.APIToken(user=context["user"])["token"]
    response = app.post("/th/api/3/action/bulk_update_public", headers={"Authorization": token},
                        json={"org_id": org["id"], "datasets": [personal["id"]]})
    assert response.status_code == 409, response.body
    message = " ".join(response.json["error"]["datasets"])
    assert "ไม่มีชุดข้อมูลใดถูกเปลี่ยนเป็นสาธารณะ" in message and PERSONAL in message
    assert stored_private("personal-records")


def test_bulk_private_keeps_working(admin_setup, complete_dataset_dict):
    context, org = admin_setup
    dataset = call_action("package_create", context=dict(context),
                          **complete_dataset_dict(name="open-budget", owner_org=org["id"], private=False))
    assert anonymous_names() == {"open-budget"}
    call_action("bulk_update_private", context=dict(context), org_id=org["id"], datasets=[dataset["id"]])
    assert stored_private("open-budget")
    assert anonymous_names() == set()


def test_bulk_public_on_the_organisation_page(app, admin_setup, personal, public_category_private):
    """The organisation page's "Make public" button, used by the admin logged in through the login form:
    the refusal is shown on the page (not a server error), and nothing changed."""
    context, org = admin_setup
    browser = app.test_client()
    log_in_through_form(browser, context["user"], PASSWORD)
    page = url_for("organization.bulk_process", id=org["name"])
    form = browser.get(page).get_data(as_text=True)
    assert personal["title"] in form  # the admin sees the datasets to select
    response = browser.post(
        page, follow_redirects=True,
        data={"_csrf_token": csrf_token_in(form), "bulk_action.public": "public",
              f"dataset_{personal['id']}": "on", f"dataset_{public_category_private['id']}": "on"},
    )
    # CKAN's test client follows the redirect back to the page, which shows the refusal.
    assert response.status_code == 200 and response.request.path == page
    shown = html.unescape(response.get_data(as_text=True))
    assert "Nothing was made public" in shown and f"{personal['title']} (data category" in shown
    assert stored_private("personal-records") and stored_private("budget-private")


# ---- collaborators and members ------------------------------------------------------------------------


@pytest.mark.ckan_config("ckan.auth.allow_dataset_collaborators", True)
def test_a_collaborator_cannot_publish_personal_data(editor_setup, personal, sysadmin):
    collaborator = factories.User()
    call_action("package_collaborator_create", context={"user": sysadmin["name"]}, id=personal["id"],
                user_id=collaborator["id"], capacity="editor")
    with pytest.raises(ValidationError):
        call_action("package_patch", context={"user": collaborator["name"]}, id=personal["id"], private=False)
    assert stored_private("personal-records")
    assert "personal-records" not in anonymous_names()


def test_group_membership_does_not_publish(editor_setup, personal, sysadmin):
    group = factories.Group(user=sysadmin)
    call_action("member_create", context={"user": sysadmin["name"]}, id=group["id"], object=personal["id"],
                object_type="package", capacity="public")
    assert stored_private("personal-records")
    assert "personal-records" not in anonymous_names()
    shown = call_action("group_show", context={"user": "", "ignore_auth": False}, id=group["id"],
                        include_datasets=True)
    assert shown["package_count"] == 0


# ---- the dataset edit form ----------------------------------------------------------------------------


def test_the_edit_form_cannot_make_personal_data_public(app, admin_setup, personal):
    """The dataset form's visibility select, posted by the organisation's admin: the refusal names the field
    on the form (not a server error), and the dataset stays private."""
    context, _org = admin_setup
    browser = app.test_client()
    log_in_through_form(browser, context["user"], PASSWORD)
    page = url_for("dataset.edit", id=personal["name"])
    form = browser.get(page).get_data(as_text=True)
    fields = {key: value for key, value in personal.items() if isinstance(value, str)}
    fields.update({
        "_csrf_token": csrf_token_in(form), "private": "False", "tag_string": "ตัวชี้วัด",
        "objective": personal["objective"], "data_format": personal["data_format"], "save": "",
    })
    response = browser.post(page, data=fields)
    assert response.status_code == 200  # the form again, with the error
    shown = html.unescape(response.get_data(as_text=True))
    assert "Data category (data governance)" in shown and PERSONAL in shown
    assert stored_private("personal-records")
    assert "personal-records" not in anonymous_names()
