"""kpi_opdc_assessment on organisations built in each score band: the score, the target reached and the
evidence (which datasets fail which criterion and why); drafts, stored format reports and the API."""

from __future__ import annotations

from typing import Any

import pytest
from ckan.plugins import toolkit as tk
from ckan.tests.helpers import call_action

from ckanext.kpi.openness import model as openness_reports
from tests.support.fixtures import example

from .conftest import ANONYMOUS, CATALOG_URL, RELATED, USED

pytestmark = [
    pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index"),
    # Linked resources keep their declared format: no background download in these tests.
    pytest.mark.ckan_config("ckanext.kpi.openness.check_links", False),
]

# Each band: the catalog URL, the datasets as publish() keyword arguments, the score and target reached.
INCOMPLETE_IN_XLS = {"name": "courses", **RELATED, "formats": ("XLS",), "missing": ("objective",)}
BANDS: dict[str, tuple[str, list[dict[str, Any]], int, str | None]] = {
    "0": (CATALOG_URL, [{"name": "courses"}], 0, None),
    "50": ("", [INCOMPLETE_IN_XLS], 50, "minimum"),
    "60": (CATALOG_URL, [INCOMPLETE_IN_XLS], 60, "minimum"),
    "65": ("", [{"name": "courses", **RELATED, "formats": ("XLS",)}], 65, "minimum"),
    "75": (CATALOG_URL, [{"name": "courses", **RELATED, "formats": ("XLS",)}], 75, "standard"),
    "80": (CATALOG_URL, [{"name": "courses", **RELATED, **USED, "formats": ("PDF",)}], 80, "standard"),
    "95": (CATALOG_URL, [{"name": "courses", **RELATED}], 95, "standard"),
    "100": (CATALOG_URL, [{"name": "courses", **RELATED, **USED}, {"name": "library"}], 100, "advanced"),
}


def assess(organization: str, context: dict[str, Any] | None = None) -> dict[str, Any]:
    return call_action("kpi_opdc_assessment", context=dict(context or ANONYMOUS), id=organization)


def criterion(result: dict[str, Any], key: str) -> dict[str, Any]:
    return next(c for c in result["criteria"] if c["key"] == key)


def failing(result: dict[str, Any], key: str) -> dict[str, list[str]]:
    """{dataset name: [reason code]} of one criterion."""
    failures = criterion(result, key)["failing"]
    return {f["dataset"]["name"]: [r["code"] for r in f["reasons"]] for f in failures}


def earned(result: dict[str, Any]) -> dict[str, int]:
    return {c["key"]: c["earned"] for c in result["criteria"]}


@pytest.fixture
def band(make_organization, publish):
    """``band(name)``: the organisation of that band, built; returns its name."""

    def build(name: str) -> str:
        url, datasets, _, _ = BANDS[name]
        organization = make_organization(f"band-{name}", url)
        for fields in datasets:
            publish(organization, **fields)
        return organization["name"]

    return build


@pytest.mark.parametrize("name", list(BANDS))
def test_each_score_band(band, name):
    result = assess(band(name))
    _, _, score, target = BANDS[name]
    assert (result["score"], result["target_reached"], result["max_score"]) == (score, target, 100)
    assert sum(earned(result).values()) == score


def test_below_50_the_met_criteria_are_shown_but_not_counted(band):
    result = assess(band("0"))
    assert earned(result) == dict.fromkeys(earned(result), 0)
    url = criterion(result, "catalog_url")
    assert (url["met"], url["counted"]) == (True, False)
    assert url["note"] == "Met, but not counted without the 50-point base."
    assert criterion(result, "focus_datasets")["summary"]["message"] == (
        "No published dataset names an issue under one of the 9 Focus Areas."
    )
    assert result["target_name"] == "Below the minimum target"


def test_band_50_evidence(band):
    result = assess(band("50"))
    assert earned(result) == {"focus_datasets": 50, "metadata": 0, "catalog_url": 0, "open_data": 0,
                              "tangible_use": 0}
    metadata = criterion(result, "metadata")["failing"]
    assert [(f["dataset"]["name"], f["reasons"][0]["items"], f["reasons"][0]["message"])
            for f in metadata] == [
        ("courses", ["Objective"], "Missing metadata items: Objective.")
    ]
    assert failing(result, "open_data") == {"courses": ["missing_items", "not_open_format"]}
    not_open = criterion(result, "open_data")["failing"][0]["reasons"][1]
    assert not_open == {
        "code": "not_open_format", "resource": "courses-xls", "format": "XLS", "score": 2,
        "message": 'Resource "courses-xls" is XLS (open-format score 2 of 5) and has no open copy.',
    }
    assert criterion(result, "catalog_url")["summary"]["code"] == "no_catalog_url"
    assert criterion(result, "tangible_use")["summary"]["code"] == "no_tangible_use"


def test_band_100_evidence_issues_and_openness(band):
    result = assess(band("100"))
    assert [d["name"] for d in criterion(result, "focus_datasets")["passing"]] == ["courses"]
    assert [d["name"] for d in criterion(result, "open_data")["passing"]] == ["courses", "library"]
    assert [d["name"] for d in criterion(result, "tangible_use")["passing"]] == ["courses"]
    assert criterion(result, "catalog_url")["summary"]["message"] == (
        f"Agency Data Catalog URL reported: {CATALOG_URL}"
    )
    courses = criterion(result, "tangible_use")["passing"][0]
    assert result["focus_issues"] == [{
        "focus_area": RELATED["focus_area"],
        "issues": [{"issue": RELATED["focus_area_issue"], "datasets": [courses]}],
    }]
    openness = result["openness"]
    assert (openness["datasets"], openness["public_datasets"], openness["public_all_open"]) == (2, 2, 2)
    assert openness["public_all_open_percent"] == 100.0


def test_missing_source_is_named(make_organization, publish):
    organization = make_organization("no-source", CATALOG_URL)
    publish(organization, "courses", missing=("data_source",), **RELATED)
    result = assess("no-source")
    assert failing(result, "open_data") == {"courses": ["missing_source"]}
    assert failing(result, "metadata") == {"courses": ["missing_items"]}
    assert result["score"] == 60


def test_a_draft_never_counts(make_organization, publish, sysadmin_context):
    organization = make_organization("drafts", CATALOG_URL)
    publish(organization, "courses", state="draft", **RELATED, **USED)
    result = assess("drafts", sysadmin_context)
    assert result["score"] == 0
    assert failing(result, "focus_datasets") == {"courses": ["draft"]}
    assert failing(result, "tangible_use") == {"courses": ["draft"]}
    assert result["openness"]["datasets"] == 0


def test_the_checked_format_overrides_the_declared_one(make_organization, publish):
    organization = make_organization("checked", CATALOG_URL)
    dataset = publish(organization, "courses", **RELATED)
    resource = dataset["resources"][0]
    openness_reports.save_report(resource["id"], dataset["id"], {
        "status": "fail", "score": 1, "detected_format": "PDF", "findings": [],
    })
    result = assess("checked")
    reason = criterion(result, "open_data")["failing"][0]["reasons"][0]
    assert (reason["code"], reason["format"], reason["score"]) == ("not_open_format", "PDF", 1)
    assert result["openness"]["resources_failing"] == 1
    assert result["score"] == 75


def test_a_kpi_dataset_counts_like_any_other(make_organization, sysadmin_context):
    organization = make_organization("kpi-org", CATALOG_URL)
    kpi = {**example("kpi_complete.json"), "owner_org": organization["id"], **RELATED}
    call_action("package_create", context=dict(sysadmin_context), **kpi)
    result = assess("kpi-org")
    passing = criterion(result, "focus_datasets")["passing"]
    assert [(d["type"], d["name"]) for d in passing] == [("dataset", kpi["name"])]


# ---- access ---------------------------------------------------------------------------------------------


def test_members_assess_every_dataset(mixed_organization, member_of):
    member = member_of("git", "member")
    result = assess("git", {"user": member["name"], "ignore_auth": False})
    assert result["scope"] == "all"
    assert result["scope_note"] == "Computed over all of the organisation's datasets, private ones included."
    assert failing(result, "metadata") == {"customers": ["missing_items"]}
    assert criterion(result, "metadata")["failing"][0]["dataset"]["private"] is True
    assert result["score"] == 80  # base + URL + open data; the private dataset loses the 14 items


def test_anonymous_users_assess_public_datasets_and_never_see_a_private_name(mixed_organization):
    result = assess("git")
    assert result["scope"] == "public"
    assert result["score"] == 95
    text = repr(result)
    assert "customers" not in text and "ชุดข้อมูล customers" not in text


def test_other_users_are_like_anonymous_users(mixed_organization, member_of, make_organization):
    make_organization("other")
    outsider = member_of("other", "admin")
    result = assess("git", {"user": outsider["name"], "ignore_auth": False})
    assert (result["scope"], result["score"]) == ("public", 95)


def test_http_get_works_for_anonymous_users(app, mixed_organization):
    response = app.get("/api/3/action/kpi_opdc_assessment", params={"id": "git"})
    assert response.json["result"]["score"] == 95


def test_unknown_organization_and_missing_id():
    with pytest.raises(tk.ObjectNotFound):
        assess("no-such-org")
    with pytest.raises(tk.ValidationError):
        call_action("kpi_opdc_assessment", context=dict(ANONYMOUS))


# ---- the reported catalog URL -----------------------------------------------------------------------------


def update_url(organization: str, url: str, context: dict[str, Any]) -> dict[str, Any]:
    return call_action("kpi_opdc_catalog_url_update", context=dict(context), id=organization, url=url)


def extras_of(organization: dict[str, Any]) -> dict[str, str]:
    return {e["key"]: e["value"] for e in organization["extras"]}


def test_an_admin_reports_the_catalog_url_and_other_extras_are_kept(
    make_organization, member_of, sysadmin_context
):
    make_organization("git")
    call_action("organization_patch", context=dict(sysadmin_context), id="git",
                extras=[{"key": "website", "value": "https://git.or.th"}])
    user = member_of("git", "editor")
    context = {"user": user["name"], "ignore_auth": False}
    # Only those who may update the organisation (its admins) report its URL; an editor may not.
    with pytest.raises(tk.NotAuthorized):
        update_url("git", CATALOG_URL, context)
    call_action("organization_member_create", context=dict(sysadmin_context), id="git",
                username=user["name"], role="admin")
    updated = update_url("git", CATALOG_URL, context)
    assert extras_of(updated) == {"website": "https://git.or.th", "opdc_catalog_url": CATALOG_URL}
    assert criterion(assess("git"), "catalog_url")["met"] is True
    assert extras_of(update_url("git", "", context)) == {"website": "https://git.or.th"}


def test_anonymous_users_cannot_report_a_url(make_organization):
    make_organization("git")
    with pytest.raises(tk.NotAuthorized):
        update_url("git", CATALOG_URL, ANONYMOUS)


def test_a_url_that_is_not_http_is_refused(make_organization, sysadmin_context):
    make_organization("git")
    with pytest.raises(tk.ValidationError) as raised:
        update_url("git", "javascript:alert(1)", sysadmin_context)
    assert raised.value.error_dict == {
        "url": ['Agency Data Catalog URL: "javascript:alert(1)" is not an http:// or https:// address.']
    }
