"""kpi_metadata_completeness: per dataset, which of the 14 items are present, and what counts."""

from __future__ import annotations

from typing import Any

import pytest
from ckan.plugins import toolkit as tk
from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.support.fixtures import drop_stored_fields

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

ALL_ITEMS = [
    "title",
    "owner_org",
    "maintainer",
    "maintainer_email",
    "tags",
    "notes",
    "objective",
    "update_frequency",
    "geo_coverage",
    "data_source",
    "data_format",
    "data_category",
    "license_id",
    "accessible_condition",
]
ANONYMOUS = {"user": "", "ignore_auth": False}


@pytest.fixture
def organization_datasets(sysadmin_context, complete_dataset, complete_kpi) -> dict[str, dict[str, Any]]:
    """A complete public dataset, a complete private kpi, an incomplete one and a complete draft."""
    complete = call_action("package_create", context=sysadmin_context, **complete_dataset)
    private = call_action("package_create", context=sysadmin_context, **{**complete_kpi, "private": True})
    incomplete = call_action(
        "package_create", context=sysadmin_context, **{**complete_dataset, "name": "git-legacy-2563"}
    )
    drop_stored_fields(incomplete["id"], "accessible_condition", "objective")
    draft = call_action(
        "package_create",
        context=sysadmin_context,
        **{**complete_dataset, "name": "git-draft-2568", "state": "draft"},
    )
    return {"complete": complete, "private": private, "incomplete": incomplete, "draft": draft}


def _by_name(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {report["name"]: report for report in result["datasets"]}


def test_organization_counts_complete_incomplete_and_draft(
    sysadmin_context, organization, organization_datasets
):
    result = call_action("kpi_metadata_completeness", context=sysadmin_context, organization="git")

    assert result["total"] == 4
    assert result["complete"] == 2
    reports = _by_name(result)
    assert sorted(reports) == [
        "git-budget-disbursement-2567",
        "git-draft-2568",
        "git-legacy-2563",
        "git-strategy-kpi-2565",
    ]

    complete = reports["git-budget-disbursement-2567"]
    assert (complete["present"], complete["missing"]) == (ALL_ITEMS, [])
    assert (complete["complete"], complete["counts"], complete["present_count"]) == (True, True, 14)

    incomplete = reports["git-legacy-2563"]
    assert incomplete["missing"] == ["objective", "accessible_condition"]
    assert incomplete["missing_labels"] == ["Objective", "Access conditions"]
    assert (incomplete["present_count"], incomplete["complete"], incomplete["counts"]) == (12, False, False)

    draft = reports["git-draft-2568"]
    assert (draft["state"], draft["missing"], draft["complete"], draft["counts"]) == (
        "draft",
        [],
        True,
        False,
    )

    private = reports["git-strategy-kpi-2565"]
    assert (private["private"], private["type"], private["counts"]) == (True, "dataset", True)


def test_anonymous_users_get_public_datasets_only(organization, organization_datasets):
    result = call_action("kpi_metadata_completeness", context=dict(ANONYMOUS), organization="git")
    assert sorted(_by_name(result)) == ["git-budget-disbursement-2567", "git-legacy-2563"]
    assert (result["total"], result["complete"]) == (2, 1)


def test_one_dataset(sysadmin_context, organization_datasets):
    result = call_action("kpi_metadata_completeness", context=dict(ANONYMOUS), id="git-legacy-2563")
    assert (result["total"], result["complete"]) == (1, 0)
    assert result["datasets"][0]["missing"] == ["objective", "accessible_condition"]


def test_other_choice_without_its_text_is_missing(sysadmin_context, complete_dataset):
    created = call_action(
        "package_create",
        context=sysadmin_context,
        **{**complete_dataset, "geo_coverage": "อื่นๆ", "geo_coverage_other": "ลุ่มน้ำเจ้าพระยา"},
    )
    drop_stored_fields(created["id"], "geo_coverage_other", "update_frequency_interval")
    report = call_action("kpi_metadata_completeness", id=created["id"])["datasets"][0]
    assert report["missing"] == ["update_frequency", "geo_coverage"]


def test_anonymous_users_may_not_see_a_private_dataset(organization_datasets):
    with pytest.raises(tk.NotAuthorized):
        call_action("kpi_metadata_completeness", context=dict(ANONYMOUS), id="git-strategy-kpi-2565")


def test_dataset_or_organization_is_needed():
    with pytest.raises(tk.ValidationError) as raised:
        call_action("kpi_metadata_completeness")
    assert raised.value.error_dict == {"id": ["Give a dataset (id) or an organization (organization)."]}


def test_unknown_organization_is_not_found():
    with pytest.raises(tk.ObjectNotFound):
        call_action("kpi_metadata_completeness", organization="no-such-org")


def test_http_get_works_for_anonymous_users(app, organization_datasets):
    response = app.get("/api/3/action/kpi_metadata_completeness", params={"organization": "git"})
    assert response.json["result"]["complete"] == 1


def test_members_see_the_organizations_private_datasets_and_drafts(organization, organization_datasets):
    member = factories.User()
    call_action("organization_member_create", id="git", username=member["name"], role="member")
    context = {"user": member["name"], "ignore_auth": False}
    result = call_action("kpi_metadata_completeness", context=context, organization="git")
    assert (result["total"], result["complete"]) == (4, 2)
    assert _by_name(result)["git-strategy-kpi-2565"]["private"] is True
