"""The error report of a source that mixes broken files with good ones, the CSV export, SSRF refusal
(also after a redirect), the size cap and the content-type check."""

from __future__ import annotations

import csv
import io
import json

import pytest
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.kpi import fetching
from ckanext.kpi.fetching import TEXT_TYPES, FetchError, FetchPolicy, fetch

from .conftest import HARVEST_MARKS, SEED_001, create_source, job_objects, run_job, source_config

pytestmark = HARVEST_MARKS
LOOPBACK = FetchPolicy(allowed_types=TEXT_TYPES, allowed_suffixes=(".txt",), allow_private_network=True)


def test_broken_files_do_not_stop_good_ones(harvest_user, kpi_org, document_server, defaults, app):
    document_server.put("scanned.txt", b"%PDF-1.4\x00\x01\x02 binary")
    document_server.put("empty.txt", b"")
    documents = [document_server.url(n) for n in ("scanned.txt", SEED_001, "missing.txt", "empty.txt")]
    source = create_source(
        harvest_user,
        kpi_org,
        document_server.base_url + "/",
        "kpi_document",
        source_config(documents=documents, dataset_defaults=defaults),
    )

    job = run_job(harvest_user, source["id"])

    statuses = {
        guid.rsplit("#", 1)[1]: o.report_status for guid, o in job_objects(harvest_user, job["id"]).items()
    }
    assert statuses == {
        "scanned": "errored",
        "001_f22d53a17e33890d": "added",
        "missing": "errored",
        "empty": "errored",
    }
    report = call_action("harvest_job_report", {"user": harvest_user["name"]}, id=job["id"])
    assert len(report["object_errors"]) == 3
    rows = call_action("kpi_harvest_job_errors", {"user": harvest_user["name"]}, id=job["id"])
    by_file = {row["file"].rsplit("/", 1)[-1]: row for row in rows}
    assert by_file["scanned.txt"]["rule"] == "unreadable"
    # The bytes are a PDF whatever the name says (issue 18): read, or refused, as a PDF, not as a text line.
    assert "PDF" in by_file["scanned.txt"]["message"]
    assert by_file["missing.txt"]["rule"] == "http_status"
    assert by_file["missing.txt"]["stage"] == "Fetch"
    assert by_file["empty.txt"]["rule"] == "unreadable"

    # An API token, not REMOTE_USER: CKAN 2.12 dropped the test-only REMOTE_USER log-in.
    as_user = {"Authorization": factories.APIToken(user=harvest_user["name"])["token"]}
    response = app.get(f"/harvest/job/{job['id']}/errors.csv", headers=as_user)
    assert response.status_code == 200, response.body
    assert response.headers["Content-Type"].startswith("text/csv")
    exported = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert {(r["rule"], r["file"].rsplit("/", 1)[-1]) for r in exported} == {
        ("unreadable", "scanned.txt"),
        ("http_status", "missing.txt"),
        ("unreadable", "empty.txt"),
    }
    assert app.get(f"/harvest/job/{job['id']}/errors.csv").status_code == 403


def test_every_error_is_reported_not_only_twenty(harvest_user, kpi_org, document_server, defaults):
    rows = (
        "".join(f"K{n},ตัวชี้วัด {n},20{n:02d},actual,{n},ร้อยละ\n" for n in range(30))
        + "K99,ตัวชี้วัด,2567,actual,1,ร้อยละ\n"
    )
    document_server.put(
        "many-bad-years.csv", "indicator_id,name,fiscal_year_be,value_role,value,unit\n" + rows
    )
    source = create_source(
        harvest_user,
        kpi_org,
        document_server.base_url + "/",
        "kpi_table",
        source_config(documents=[document_server.url("many-bad-years.csv")], dataset_defaults=defaults),
    )
    job = run_job(harvest_user, source["id"])

    report = call_action("harvest_job_report", {"user": harvest_user["name"]}, id=job["id"])
    (object_errors,) = report["object_errors"].values()
    assert len(object_errors["errors"]) == 30
    (harvest_object,) = job_objects(harvest_user, job["id"]).values()
    assert harvest_object.report_status == "added"  # the good row is published
    errors = call_action("kpi_harvest_job_errors", {"user": harvest_user["name"]}, id=job["id"])
    assert len(errors) == 30
    assert [e["cell"] for e in errors[:3]] == ["C2", "C3", "C4"]


def test_loopback_source_is_refused_without_the_flag(harvest_user, kpi_org, document_server, defaults):
    config = json.dumps({"documents": [document_server.url(SEED_001)], "dataset_defaults": defaults})
    source = create_source(harvest_user, kpi_org, document_server.base_url + "/", "kpi_document", config)

    job = run_job(harvest_user, source["id"])

    (harvest_object,) = job_objects(harvest_user, job["id"]).values()
    assert harvest_object.report_status == "errored"
    assert harvest_object.package_id is None
    (error,) = call_action("kpi_harvest_job_errors", {"user": harvest_user["name"]}, id=job["id"])
    assert (error["rule"], error["stage"]) == ("ssrf_blocked", "Fetch")
    assert "127.0.0.1" in error["message"]
    assert call_action("package_search", {"user": harvest_user["name"]}, fq="type:kpi")["count"] == 0


def test_redirects_are_followed_by_hand_and_checked_again(document_server, monkeypatch):
    """The test server stands for a public host (only 127.0.0.1 counts as public here): a redirect on it
    is followed, a redirect to a private address is refused before anything is sent there."""
    monkeypatch.setattr(fetching, "_is_public_address", lambda address: address == "127.0.0.1")
    policy = FetchPolicy(allowed_types=TEXT_TYPES, allowed_suffixes=(".txt",))

    followed = fetch(document_server.url("redirect/" + SEED_001), policy)
    assert followed.final_url == document_server.url(SEED_001)
    assert followed.body == (document_server.root / SEED_001).read_bytes()

    with pytest.raises(FetchError) as refused:
        fetch(document_server.url("redirect-to?http://10.0.0.7/internal.txt"), policy)
    assert refused.value.rule == "ssrf_blocked"
    assert refused.value.url == "http://10.0.0.7/internal.txt"
    with pytest.raises(FetchError) as metadata_service:
        fetching.check_target("http://169.254.169.254/latest/meta-data", policy)
    assert metadata_service.value.rule == "ssrf_blocked"


def test_size_cap_and_content_type(document_server):
    document_server.put("big.txt", "ก" * 5000)
    document_server.put("page.html", "<html></html>")
    with pytest.raises(FetchError) as too_large:
        fetch(document_server.url("big.txt"), FetchPolicy(**{**LOOPBACK.__dict__, "max_bytes": 1024}))
    assert too_large.value.rule == "too_large"
    with pytest.raises(FetchError) as wrong_type:
        fetch(document_server.url("page.html"), LOOPBACK)
    assert wrong_type.value.rule == "content_type"
    with pytest.raises(FetchError) as scheme:
        fetch("file:///etc/passwd", LOOPBACK)
    assert scheme.value.rule == "url_scheme"
