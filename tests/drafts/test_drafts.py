""" "Create a KPI dataset from a document" in the web app: upload through the form (CSRF token included),
the extraction job's stages, the preview, publishing (private by default), re-runs, and who may see what.

The job function runs here as the jobs worker would run it (it is what ``ckan jobs worker`` executes); the
worker process itself, and the page polling it, are exercised by tests/ui/test_admin_journey.py."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.kpi.drafts import jobs, store
from tests.support.harvest import PLUGINS

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", PLUGINS),
    pytest.mark.ckan_config("ckanext.kpi.openness.check_links", False),
    pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index"),
]
PASSWORD = "correct-horse-battery-staple"
TOKEN_FIELD = "_csrf_token"
SEED_003 = (
    "003_7ae9a440b3a3e7ac.txt"  # a ministry progress report; it holds personal data (seed analysis H43)
)
COMPLETE = (
    Path(__file__).resolve().parents[2] / "ckanext" / "kpi" / "examples" / "ckan" / "dataset_complete.json"
)


def logged_in(app: Any, user: dict[str, Any]) -> Any:
    client = app.test_client()
    page = BeautifulSoup(client.get("/user/login").body, "html.parser")
    token = page.find("input", attrs={"name": TOKEN_FIELD})["value"]
    client.post("/user/login", data={"login": user["name"], "password": PASSWORD, TOKEN_FIELD: token})
    return client


def token_of(client: Any, page: str) -> str:
    soup = BeautifulSoup(client.get(page).body, "html.parser")
    return soup.find("input", attrs={"name": TOKEN_FIELD})["value"]


@pytest.fixture
def editor(organization) -> dict[str, Any]:
    user = factories.User(password=PASSWORD)
    call_action("organization_member_create", id=organization["id"], username=user["name"], role="editor")
    return user


@pytest.fixture
def outsider() -> dict[str, Any]:
    """An editor of another organisation."""
    user = factories.User(password=PASSWORD)
    factories.Organization(name="other-agency", users=[{"name": user["name"], "capacity": "editor"}])
    return user


def upload(client: Any, organization: str, name: str, body: bytes, with_token: bool = True) -> Any:
    page = f"/organization/{organization}/kpi-document"
    data: dict[str, Any] = {"document": (io.BytesIO(body), name)}
    if with_token:
        data[TOKEN_FIELD] = token_of(client, page)
    return client.post(page, data=data, content_type="multipart/form-data", follow_redirects=False)


def draft_id_of(response: Any) -> str:
    match = re.search(r"/kpi/draft/([0-9a-f]{32})", response.headers["Location"])
    assert match, response.headers.get("Location")
    return match.group(1)


def test_upload_extract_preview_and_publish_private(app, editor, organization, seeds_dir):
    client = logged_in(app, editor)
    response = upload(client, "git", SEED_003, (seeds_dir / SEED_003).read_bytes())
    assert response.status_code == 302
    draft_id = draft_id_of(response)
    assert store.get(draft_id).state == store.QUEUED
    status = json.loads(client.get(f"/kpi/draft/{draft_id}/status.json").body)
    assert (status["state"], status["reached"]) == ("queued", ["queued"])

    jobs.run_extraction(draft_id)

    draft = store.get(draft_id)
    assert draft.state == store.READY, draft.error
    status = json.loads(client.get(f"/kpi/draft/{draft_id}/status.json").body)
    assert status["reached"] == ["queued", "reading", "extracting", "checking", "ready"]
    assert status["counts"]["indicators"] == draft.preview["counts"]["indicators"] > 0
    assert status["counts"]["bytes"] == (seeds_dir / SEED_003).stat().st_size
    preview = draft.preview
    assert preview["profile"] == "mdes_report" and preview["profile_chosen_by"] == "content"
    assert 0 < preview["confidence"] <= 1
    # Personal data: the kind and the line, never the value (the seed's patient record).
    kinds = {hit["kind"] for hit in preview["personal_data"]}
    assert "medical_record" in kinds
    page = client.get(f"/kpi/draft/{draft_id}").body
    soup = BeautifulSoup(page, "html.parser")
    listed = [li.get_text(" ", strip=True) for li in soup.select(".kpi-draft-personal-data li")]
    assert any(text.startswith("medical_record") for text in listed)
    seed_lines = (seeds_dir / SEED_003).read_text(encoding="utf-8").splitlines()
    for hit in preview["personal_data"]:
        original = seed_lines[int(hit["line"]) - 1].strip()
        assert original and original not in page
    assert len(soup.select(".kpi-draft-indicators tbody tr")) == min(50, preview["counts"]["indicators"])
    # Nothing exists in the catalog before the editor confirms.
    assert call_action("package_search", q="*:*", include_private=True)["count"] == 0

    form = soup.find("form", id="kpi-draft-publish-form")
    assert form.find("input", attrs={"name": TOKEN_FIELD})["value"]
    complete = json.loads(COMPLETE.read_text(encoding="utf-8"))
    fields = {
        key: complete[key]
        for key in (
            "data_type",
            "maintainer",
            "maintainer_email",
            "tag_string",
            "objective",
            "update_frequency_unit",
            "update_frequency_interval",
            "geo_coverage",
            "data_source",
            "data_category",
            "data_classification",
            "license_id",
            "accessible_condition",
            "data_language",
        )
    }
    fields["data_format"] = ["PDF"]
    published = client.post(
        f"/kpi/draft/{draft_id}/publish",
        data={**fields, TOKEN_FIELD: token_of(client, f"/kpi/draft/{draft_id}")},
        follow_redirects=False,
    )
    assert published.status_code == 302, published.body[:3000]
    name = store.get(draft_id).package_name
    assert published.headers["Location"].endswith(f"/dataset/{name}")
    dataset = call_action("package_show", id=name)
    assert dataset["private"] is True and dataset["type"] == "dataset" and dataset["kpi_document_kind"]
    assert dataset["maintainer_email"] == complete["maintainer_email"]
    files = {r["url"].rsplit("/", 1)[-1] for r in dataset["resources"]}
    assert files >= {"indicators.csv", "observations.csv"}
    assert call_action("kpi_metadata_completeness", id=name)["datasets"][0]["complete"] is True
    assert store.get(draft_id).state == store.PUBLISHED


def test_a_publish_the_schema_refuses_names_the_field_and_saves_nothing(app, editor, organization, seeds_dir):
    client = logged_in(app, editor)
    draft_id = draft_id_of(upload(client, "git", SEED_003, (seeds_dir / SEED_003).read_bytes()))
    jobs.run_extraction(draft_id)
    response = client.post(
        f"/kpi/draft/{draft_id}/publish",
        data={"maintainer_email": "not-an-address", TOKEN_FIELD: token_of(client, f"/kpi/draft/{draft_id}")},
    )
    assert response.status_code == 200
    errors = BeautifulSoup(response.body, "html.parser").select_one(".kpi-draft-publish .alert-danger")
    assert errors is not None
    text = errors.get_text()
    assert "Access conditions: this item is required" in text and "Tags: this item is required" in text
    assert call_action("package_search", q="*:*", include_private=True)["count"] == 0
    assert store.get(draft_id).state == store.READY


def test_an_unreadable_document_fails_with_a_message_naming_the_file(app, editor, organization):
    client = logged_in(app, editor)
    draft_id = draft_id_of(upload(client, "git", "broken.txt", b"\x00\x01\x02binary\x00" * 50))
    jobs.run_extraction(draft_id)
    draft = store.get(draft_id)
    assert draft.state == store.FAILED
    assert "broken.txt" in draft.error
    page = BeautifulSoup(client.get(f"/kpi/draft/{draft_id}").body, "html.parser")
    assert "broken.txt" in page.select_one(".kpi-draft-error").get_text()


def test_refused_uploads_keep_nothing(app, editor, organization):
    client = logged_in(app, editor)
    before = set(store.drafts_root().glob("*")) if store.drafts_root().exists() else set()
    response = upload(client, "git", "script.exe", b"MZ....")
    assert response.status_code == 200
    assert (
        "script.exe" in BeautifulSoup(response.body, "html.parser").select_one(".kpi-draft-error").get_text()
    )
    response = upload(client, "git", "empty.txt", b"")
    assert (
        "empty.txt" in BeautifulSoup(response.body, "html.parser").select_one(".kpi-draft-error").get_text()
    )
    after = set(store.drafts_root().glob("*")) if store.drafts_root().exists() else set()
    assert after == before


@pytest.mark.ckan_config("ckanext.kpi.drafts.max_upload_mb", 1)
def test_an_upload_over_the_limit_is_refused(app, editor, organization):
    client = logged_in(app, editor)
    response = upload(client, "git", "big.txt", b"a" * (1024 * 1024 + 1))
    assert response.status_code == 200
    message = BeautifulSoup(response.body, "html.parser").select_one(".kpi-draft-error").get_text()
    assert "big.txt" in message and "1 MB" in message


def test_rerun_with_another_profile_and_a_mapping_hook(app, editor, organization, seeds_dir):
    client = logged_in(app, editor)
    draft_id = draft_id_of(upload(client, "git", SEED_003, (seeds_dir / SEED_003).read_bytes()))
    jobs.run_extraction(draft_id)
    token = token_of(client, f"/kpi/draft/{draft_id}")
    response = client.post(
        f"/kpi/draft/{draft_id}/rerun",
        data={"profile": "git_plan", "mapping": '{"indicator": "B"}', TOKEN_FIELD: token},
        follow_redirects=False,
    )
    assert response.status_code == 302
    draft = store.get(draft_id)
    assert (draft.state, draft.profile, draft.mapping, draft.runs) == (
        "queued",
        "git_plan",
        {"indicator": "B"},
        2,
    )
    jobs.run_extraction(draft_id)
    draft = store.get(draft_id)
    # The wrong profile for this report: an honest failure naming the file, not a guessed table.
    assert draft.state == store.FAILED
    assert SEED_003 in draft.error and "no project rows" in draft.error
    page = BeautifulSoup(client.get(f"/kpi/draft/{draft_id}").body, "html.parser")
    assert page.find("form", action=f"/kpi/draft/{draft_id}/rerun") is not None
    token = token_of(client, f"/kpi/draft/{draft_id}")
    client.post(f"/kpi/draft/{draft_id}/rerun", data={"profile": "", TOKEN_FIELD: token})
    jobs.run_extraction(draft_id)
    draft = store.get(draft_id)
    assert (draft.state, draft.preview["profile"], draft.runs) == (store.READY, "mdes_report", 3)
    assert draft.mapping == {"indicator": "B"}  # kept for the next run


def test_posts_without_the_csrf_token_are_refused(app, editor, organization, seeds_dir):
    client = logged_in(app, editor)
    refused = upload(client, "git", SEED_003, b"text", with_token=False)
    assert refused.status_code == 400, (refused.status_code, refused.headers.get("Location"))
    draft_id = draft_id_of(upload(client, "git", SEED_003, (seeds_dir / SEED_003).read_bytes()))
    jobs.run_extraction(draft_id)
    assert client.post(f"/kpi/draft/{draft_id}/publish", data={"visibility": "public"}).status_code == 400
    assert client.post(f"/kpi/draft/{draft_id}/rerun", data={}).status_code == 400
    assert store.get(draft_id).state == store.READY


def test_thai_interface(app, editor, organization):
    client = logged_in(app, editor)
    page = client.get("/th/organization/git/kpi-document").body
    assert "สร้างชุดข้อมูลตัวชี้วัดจากเอกสาร" in page and "อัปโหลดและสกัดข้อมูล" in page
    page = client.get("/en/organization/git/kpi-document").body
    assert "Create a KPI dataset from a document" in page
