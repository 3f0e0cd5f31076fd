"""The checker inside CKAN: reports on upload, CSV copies kept in sync, background jobs, the API actions and
their auth, block mode, and the openness figures per organisation."""

from __future__ import annotations

import codecs
import http.server
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ckan import model
from ckan.lib import jobs, uploader
from ckan.lib.redis import connect_to_redis
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.kpi.openness import model as storage

from . import files

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index", "clean_queues")


@pytest.fixture
def sysadmin() -> dict[str, Any]:
    return factories.Sysadmin()


@pytest.fixture
def context(sysadmin) -> dict[str, Any]:
    return {"user": sysadmin["name"]}


@pytest.fixture
def organization(sysadmin) -> dict[str, Any]:
    return factories.Organization(user=sysadmin, name="git", title="สถาบันอัญมณี")


@pytest.fixture
def new_dataset(context, organization, complete_dataset_dict):
    def create(name: str, private: bool = False, owner_org: str | None = None) -> dict[str, Any]:
        # Without the example's linked resource: each test uploads the files it is about.
        data = complete_dataset_dict(
            name=name, owner_org=owner_org or organization["id"], private=private, resources=[]
        )
        return call_action("package_create", context=context, **data)

    return create


@pytest.fixture
def upload(create_with_upload, context):
    """``upload(dataset, path, format)``: a resource with the file at ``path`` uploaded."""

    def create(dataset: dict[str, Any], path: Path, fmt: str, **fields: Any) -> dict[str, Any]:
        fields.setdefault("name", path.name)
        return create_with_upload(
            path.read_bytes(),
            path.name,
            context=dict(context),
            package_id=dataset["id"],
            url=path.name,
            format=fmt,
            **fields,
        )

    return create


def as_user(user: str | None) -> dict[str, Any]:
    """A context that goes through the auth functions (call_action skips them by default)."""
    return {"user": user or "", "ignore_auth": False}


def run_jobs() -> None:
    """Run the queued jobs here, on CKAN's Redis named explicitly: without it rq takes the top of its global
    connection stack, which a test that ran jobs in process may leave pointing at a stopped Redis."""
    jobs.Worker(connection=connect_to_redis()).work(burst=True)


def report_of(resource_id: str, user: str | None = None) -> dict[str, Any]:
    return call_action("kpi_openness_report_show", context=as_user(user), id=resource_id)


def stored_bytes(resource: dict[str, Any]) -> bytes:
    return Path(uploader.get_resource_uploader(dict(resource)).get_path(resource["id"])).read_bytes()


def copies_of(dataset_id: str, source_id: str) -> list[dict[str, Any]]:
    resources = call_action("package_show", id=dataset_id)["resources"]
    return sorted(
        (r for r in resources if r.get("kpi_copy_of") == source_id), key=lambda r: r["kpi_copy_sheet"]
    )


def test_xlsx_upload_is_reported_and_gets_a_csv_copy_per_sheet(tmp_path, new_dataset, upload, sysadmin):
    dataset = new_dataset("kpi-2567")
    sheets = {"แผน": files.kpi_sheet(), "วันที่": files.workbook_dates_sheet()}
    source = upload(dataset, files.write_xlsx(tmp_path / "kpi.xlsx", sheets), "XLSX")

    report = report_of(source["id"], sysadmin["name"])
    assert (report["state"], report["status"], report["score"], report["detected_format"]) == (
        "done",
        "pass",
        2,
        "XLSX",
    )
    (open_copy,) = [f for f in report["findings"] if f["code"] == "format-open-copy"]
    assert open_copy["message"] == (
        'kpi.xlsx: XLSX is not an open format (score 2 of 5); the open CSV copies "แผน", "วันที่" are '
        "published beside it."
    )

    copies = copies_of(dataset["id"], source["id"])
    assert [(c["kpi_copy_sheet"], c["format"], c["name"]) for c in copies] == [
        ("วันที่", "CSV", "kpi.xlsx – วันที่ (CSV)"),
        ("แผน", "CSV", "kpi.xlsx – แผน (CSV)"),
    ]
    # Sheet copies start with a UTF-8 BOM so that Excel reads the Thai (issue 21).
    assert stored_bytes(copies[1]) == codecs.BOM_UTF8 + files.KPI_SHEET_CSV
    assert stored_bytes(copies[0]) == codecs.BOM_UTF8 + files.DATES_SHEET_CSV
    # The copies are checked like any resource, and are never copied again.
    copy_report = report_of(copies[1]["id"], sysadmin["name"])
    assert (copy_report["status"], copy_report["score"], copy_report["copies"]) == ("pass", 3, [])


def test_copies_follow_the_source(tmp_path, new_dataset, upload, create_with_upload, context):
    dataset = new_dataset("kpi-2567")
    sheets = {"แผน": files.kpi_sheet(), "วันที่": files.workbook_dates_sheet()}
    source = upload(dataset, files.write_xlsx(tmp_path / "kpi.xlsx", sheets), "XLSX")
    plan_copy_id = copies_of(dataset["id"], source["id"])[1]["id"]

    changed = files.write_xlsx(tmp_path / "kpi2.xlsx", {"แผน": [["ปี", "ค่า"], [2568, 99]]})
    create_with_upload(
        changed.read_bytes(),
        "kpi.xlsx",
        action="resource_update",
        context=dict(context),
        id=source["id"],
        package_id=dataset["id"],
        url="kpi.xlsx",
        name="kpi.xlsx",
        format="XLSX",
    )

    copies = copies_of(dataset["id"], source["id"])
    assert [c["kpi_copy_sheet"] for c in copies] == ["แผน"]  # the vanished sheet's copy is gone
    assert copies[0]["id"] == plan_copy_id  # the same resource, updated
    assert stored_bytes(copies[0]) == codecs.BOM_UTF8 + "ปี,ค่า\r\n2568,99\r\n".encode()


def test_deleting_the_source_removes_its_copies_and_report(tmp_path, new_dataset, upload, context):
    dataset = new_dataset("kpi-2567")
    source = upload(dataset, files.write_xlsx(tmp_path / "kpi.xlsx", {"แผน": files.kpi_sheet()}), "XLSX")
    assert len(copies_of(dataset["id"], source["id"])) == 1

    call_action("resource_delete", context=dict(context), id=source["id"])
    run_jobs()
    assert copies_of(dataset["id"], source["id"]) == []
    assert call_action("package_show", id=dataset["id"])["resources"] == []
    assert storage.get_report(source["id"]) is None


def test_a_metadata_edit_does_not_check_again(tmp_path, new_dataset, upload, context):
    dataset = new_dataset("kpi-2567")
    source = upload(dataset, files.write_csv_text(tmp_path / "kpi.csv", files.kpi_csv_text()), "CSV")
    checked_at = report_of(source["id"], context["user"])["checked_at"]
    call_action("resource_patch", context=dict(context), id=source["id"], description="คำอธิบายใหม่")
    assert report_of(source["id"], context["user"])["checked_at"] == checked_at


@pytest.mark.ckan_config("ckanext.kpi.openness.sync_max_kb", 0)
def test_larger_uploads_are_checked_in_a_background_job(tmp_path, new_dataset, upload, context):
    dataset = new_dataset("kpi-2567")
    path = files.write_csv_text(tmp_path / "kpi.csv", "ปี,ค่า\n2565,๘๕\n2566,90\n2567,๙๒\n", encoding="cp874")
    source = upload(dataset, path, "CSV")
    assert report_of(source["id"], context["user"])["state"] == "pending"
    assert [job.func_name for job in jobs.get_queue().jobs] == [
        "ckanext.kpi.openness.service.check_resource"
    ]

    run_jobs()
    report = report_of(source["id"], context["user"])
    assert (report["state"], report["status"], report["encoding"]) == (
        "done",
        "warn",
        "TIS-620 / Windows-874 (Thai)",
    )
    assert [f["code"] for f in report["findings"]] == ["encoding-not-utf8", "thai-digits"]


def test_report_follows_the_dataset_visibility(tmp_path, new_dataset, upload, organization):
    public = upload(new_dataset("public-kpi"), files.write_pdf(tmp_path / "plan.pdf"), "PDF")
    private = upload(new_dataset("private-kpi", private=True), files.write_pdf(tmp_path / "plan.pdf"), "PDF")
    stranger = factories.User()

    assert report_of(public["id"])["score"] == 1
    with pytest.raises(Exception) as refused:
        report_of(private["id"], stranger["name"])
    assert type(refused.value).__name__ == "NotAuthorized"
    with pytest.raises(Exception) as not_allowed:
        call_action("kpi_openness_check", context=as_user(stranger["name"]), id=public["id"])
    assert type(not_allowed.value).__name__ == "NotAuthorized"

    editor = factories.User()
    call_action("organization_member_create", id=organization["id"], username=editor["name"], role="editor")
    assert report_of(private["id"], editor["name"])["detected_format"] == "PDF"
    rerun = call_action("kpi_openness_check", context=as_user(editor["name"]), id=private["id"])
    assert (rerun["state"], rerun["score"]) == ("done", 1)


@pytest.mark.ckan_config("ckanext.kpi.openness.publish_mode", "block")
def test_block_mode_refuses_to_publish_a_dataset_with_a_failing_resource(
    tmp_path, new_dataset, upload, context
):
    dataset = new_dataset("kpi-2567", private=True)
    bad = upload(dataset, files.write_pdf(tmp_path / "kpi.csv"), "CSV", name="ผลการดำเนินงาน.csv")
    with pytest.raises(Exception) as refused:
        call_action("package_patch", context=dict(context), id=dataset["id"], private=False)
    assert type(refused.value).__name__ == "ValidationError"
    assert refused.value.error_dict["private"] == [
        "The dataset cannot be made public while these data resources fail the open-format check: "
        '"ผลการดำเนินงาน.csv". See the report on each resource page.'
    ]
    assert model.Package.get(dataset["id"]).private is True

    call_action("resource_delete", context=dict(context), id=bad["id"])
    upload(dataset, files.write_csv_text(tmp_path / "kpi.csv", files.kpi_csv_text()), "CSV")
    assert (
        call_action("package_patch", context=dict(context), id=dataset["id"], private=False)["private"]
        is False
    )


def test_warn_mode_publishes_and_reports(tmp_path, new_dataset, upload, context):
    dataset = new_dataset("kpi-2567", private=True)
    bad = upload(dataset, files.write_pdf(tmp_path / "kpi.csv"), "CSV")
    assert (
        call_action("package_patch", context=dict(context), id=dataset["id"], private=False)["private"]
        is False
    )
    assert report_of(bad["id"])["status"] == "fail"


def test_openness_figures_per_organisation(tmp_path, new_dataset, upload, sysadmin, organization):
    other = factories.Organization(user=sysadmin, name="opdc", title="สำนักงาน ก.พ.ร.")
    # git: one all-open public dataset, one public dataset with only a PDF.
    upload(new_dataset("git-open"), files.write_csv_text(tmp_path / "a.csv", files.kpi_csv_text()), "CSV")
    upload(new_dataset("git-pdf"), files.write_pdf(tmp_path / "b.pdf"), "PDF")
    # opdc: a public XLSX dataset (open through its CSV copy) and a private CSV dataset.
    upload(
        new_dataset("opdc-xlsx", owner_org=other["id"]),
        files.write_xlsx(tmp_path / "c.xlsx", {"แผน": files.kpi_sheet()}),
        "XLSX",
    )
    upload(
        new_dataset("opdc-private", private=True, owner_org=other["id"]),
        files.write_csv_text(tmp_path / "d.csv", files.kpi_csv_text()),
        "CSV",
    )

    catalog = call_action("kpi_openness_summary", context=as_user(sysadmin["name"]))
    assert {
        key: catalog[key]
        for key in (
            "datasets",
            "with_open_resource",
            "with_open_resource_percent",
            "with_machine_readable_resource",
            "public_datasets",
            "public_all_open",
            "public_all_open_percent",
            "resources",
            "resources_checked",
            "resources_failing",
        )
    } == {
        "datasets": 4,
        "with_open_resource": 3,
        "with_open_resource_percent": 75.0,
        "with_machine_readable_resource": 3,
        "public_datasets": 3,
        "public_all_open": 2,
        "public_all_open_percent": 66.7,
        "resources": 5,
        "resources_checked": 5,
        "resources_failing": 1,
    }
    by_name = {o["name"]: o for o in catalog["organizations"]}
    assert (by_name["git"]["datasets"], by_name["git"]["public_all_open_percent"]) == (2, 50.0)
    assert (by_name["opdc"]["datasets"], by_name["opdc"]["public_all_open_percent"]) == (2, 100.0)

    anonymous = call_action("kpi_openness_summary", context=as_user(None), organization="opdc")
    assert (anonymous["datasets"], anonymous["public_all_open"]) == (1, 1)


class _ErrorPageHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = files.ERROR_PAGE.encode("utf-8")
        self.send_response(200)  # many portals answer an error page with 200
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def error_page_url() -> Iterator[str]:
    with files.serving(_ErrorPageHandler, "/data/kpi.csv") as url:
        yield url


@pytest.fixture
def linked_resource(new_dataset, context, error_page_url) -> dict[str, Any]:
    """A resource linking to the local error page, declared as CSV."""
    dataset = new_dataset("kpi-2567")
    return call_action(
        "resource_create",
        context=dict(context),
        package_id=dataset["id"],
        url=error_page_url,
        name="kpi.csv",
        format="CSV",
    )


@pytest.mark.ckan_config("ckanext.kpi.openness.allow_private_addresses", True)
def test_linked_html_error_page_is_found_by_the_job(linked_resource):
    assert report_of(linked_resource["id"])["state"] == "pending"
    run_jobs()
    report = report_of(linked_resource["id"])
    assert (report["detected_format"], report["score"], report["status"]) == ("HTML", 0, "fail")
    assert [f["code"] for f in report["findings"]] == ["html-page", "format-not-open"]
    assert report["findings"][0]["message"] == (
        'kpi.csv: the content is a web page (title "404 ไม่พบหน้าที่ต้องการ"), not data; the address may lead '
        "to an error or a log-in page."
    )


def test_links_to_local_addresses_are_not_fetched(linked_resource):
    run_jobs()
    (fetch,) = report_of(linked_resource["id"])["findings"]
    assert fetch["code"] == "fetch-failed"
    assert fetch["params"]["detail"] == "127.0.0.1 is a private or local address (127.0.0.1)"
