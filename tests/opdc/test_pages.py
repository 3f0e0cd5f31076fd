"""The organisation's OPDC page and its CSV download: score, evidence and openness figures as the viewer may
see them, in English and Thai, text escaped; the catalog-URL form with CSRF protection."""

from __future__ import annotations

import csv
import html
import io
from typing import Any

import pytest
from ckan.tests.helpers import call_action

from .conftest import CATALOG_URL, RELATED, csrf_token, dataset_title

pytestmark = [
    pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index"),
    pytest.mark.ckan_config("ckanext.kpi.openness.check_links", False),
]
PAGE = "/organization/git/opdc"


def text_of(response: Any) -> str:
    return html.unescape(response.body)


def csv_rows(response: Any) -> list[dict[str, str]]:
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(body[1:])))


def test_the_organization_page_has_an_opdc_tab(app, mixed_organization):
    assert f'href="{PAGE}"' in app.get("/organization/git").body


def test_anonymous_users_see_the_public_assessment(app, mixed_organization):
    page = text_of(app.get(PAGE))
    assert "Score: 95 of 100" in page
    assert "Computed over the organisation's public datasets only." in page
    assert dataset_title("courses") in page
    assert "customers" not in page and dataset_title("customers") not in page
    assert 'data-figure="public_all_open">1 (100.0%)' in page
    assert f'href="{PAGE}.csv"' in page
    assert "Agency Data Catalog URL reported: " + CATALOG_URL in page
    assert 'data-kpi-opdc="catalog-url"' not in page  # the form is for those who may edit the organisation


def test_members_see_the_private_datasets_evidence(browser, mixed_organization, member_of):
    page = text_of(browser(member_of("git", "member")).get(PAGE))
    assert "Score: 80 of 100" in page
    assert dataset_title("customers") in page
    assert "Missing metadata items: Objective." in page


def test_the_page_in_thai(app, mixed_organization):
    page = text_of(app.get("/th" + PAGE))
    assert "คะแนน 95 จาก 100" in page
    assert "ขาดคำอธิบายข้อมูล" not in page  # nothing missing in the public view
    assert "ชุดข้อมูลที่สัมพันธ์กับประเด็นการดำเนินงานภายใต้ Focus Area" in page


def test_csv_download(app, mixed_organization):
    response = app.get(PAGE + ".csv")
    assert response.headers["Content-Type"].startswith("text/csv")
    assert response.headers["Content-Disposition"] == 'attachment; filename="git-opdc-assessment.csv"'
    rows = csv_rows(response)
    assert (rows[0]["record"], rows[0]["earned"], rows[0]["points"], rows[0]["code"]) == (
        "score", "95", "100", "standard"
    )
    criteria = {r["criterion"]: (r["earned"], r["met"]) for r in rows if r["record"] == "criterion"}
    assert criteria == {
        "focus_datasets": ("50", "yes"), "metadata": ("15", "yes"), "catalog_url": ("10", "yes"),
        "open_data": ("20", "yes"), "tangible_use": ("0", "no"),
    }
    openness = {r["code"]: r["value"] for r in rows if r["record"] == "openness"}
    assert (openness["datasets"], openness["public_all_open_percent"]) == ("1", "100.0")
    assert "customers" not in response.get_data(as_text=True)


def test_csv_for_members_names_failing_datasets_and_reasons(browser, mixed_organization, member_of):
    rows = csv_rows(browser(member_of("git", "member")).get(PAGE + ".csv"))
    failing = [(r["criterion"], r["dataset"], r["code"], r["message"])
               for r in rows if r["record"] == "failing"]
    assert failing == [("metadata", "customers", "missing_items", "Missing metadata items: Objective.")]


def test_csv_cells_never_start_a_formula(app, make_organization, publish):
    organization = make_organization("git", CATALOG_URL)
    publish(organization, "formula", **{**RELATED, "title": "=1+1 รายงาน"})
    rows = csv_rows(app.get(PAGE + ".csv"))
    titles = {r["dataset_title"] for r in rows if r["dataset"] == "formula"}
    assert titles == {"'=1+1 รายงาน"}


def test_an_unknown_organization_is_not_found(app):
    app.get("/organization/no-such-org/opdc", status=404)
    app.get("/organization/no-such-org/opdc.csv", status=404)


# ---- the catalog-URL form -------------------------------------------------------------------------------


def test_an_admin_reports_the_url_through_the_form(browser, make_organization, member_of):
    make_organization("git")
    client = browser(member_of("git", "admin"))
    token = csrf_token(client, PAGE)
    response = client.post(PAGE + "/catalog-url", data={"url": CATALOG_URL, "_csrf_token": token},
                           follow_redirects=False)
    assert response.status_code == 302 and response.headers["Location"].endswith(PAGE)
    page = text_of(client.get(PAGE))
    assert "The Agency Data Catalog URL is saved." in page
    assert "Agency Data Catalog URL reported: " + CATALOG_URL in page


def test_a_bad_url_is_explained_and_not_saved(browser, make_organization, member_of):
    make_organization("git")
    client = browser(member_of("git", "admin"))
    token = csrf_token(client, PAGE)
    page = text_of(client.post(PAGE + "/catalog-url", data={"url": "ftp://catalog", "_csrf_token": token},
                               follow_redirects=True))
    assert 'Agency Data Catalog URL: "ftp://catalog" is not an http:// or https:// address.' in page
    assert "No Agency Data Catalog URL is reported." in page


def test_the_form_without_the_csrf_token_is_refused(browser, make_organization, member_of):
    make_organization("git")
    client = browser(member_of("git", "admin"))
    response = client.post(PAGE + "/catalog-url", data={"url": CATALOG_URL})
    assert response.status_code in (400, 403)
    assert call_action("organization_show", id="git")["extras"] == []


def test_members_who_may_not_edit_are_refused(browser, make_organization, member_of):
    make_organization("git")
    client = browser(member_of("git", "editor"))
    assert 'data-kpi-opdc="catalog-url"' not in client.get(PAGE).body
    token = csrf_token(client, "/user/login")
    response = client.post(PAGE + "/catalog-url", data={"url": CATALOG_URL, "_csrf_token": token})
    assert response.status_code == 403


def test_reported_text_is_escaped(app, make_organization, sysadmin_context):
    make_organization("git")
    evil = 'https://catalog.git.or.th/"><script>alert(1)</script>'
    call_action("kpi_opdc_catalog_url_update", context=dict(sysadmin_context), id="git", url=evil)
    body = app.get(PAGE).body
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
