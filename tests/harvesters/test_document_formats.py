"""Issue 18 at the entrances: DOCX (and HTML) documents through a ``kpi_document`` source listed by an HTML
index page and through ``ckan kpi load``; provenance (``source_ref``) in the DataStore; an original that
contains personal data is not published as is. Real jobs, real CKAN, PostgreSQL, Solr and DataStore."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from ckan.lib import uploader
from ckan.tests.helpers import call_action

from ckanext.kpi.cli import kpi

from .conftest import HARVEST_MARKS, create_source, job_objects, run_job, source_config

pytestmark = HARVEST_MARKS

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "ckanext" / "kpi" / "examples" / "documents"
DOCX_001 = "001_f22d53a17e33890d.docx"
DOCX_000 = "000_a7de958303e1344d.docx"


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location("make_docx", REPO / "tools" / "fixtures" / "make_docx.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _package(user: dict[str, Any], package_id: str) -> dict[str, Any]:
    return call_action("package_show", {"user": user["name"]}, id=package_id)


def _resource(package: dict[str, Any], file_name: str) -> dict[str, Any]:
    return next(r for r in package["resources"] if r["url"].rsplit("/", 1)[-1] == file_name)


def _stored(resource: dict[str, Any]) -> bytes:
    return Path(uploader.get_resource_uploader(resource).get_path(resource["id"])).read_bytes()


def test_docx_documents_listed_by_an_html_index(harvest_user, kpi_org, document_server, defaults):
    for name in (DOCX_001, DOCX_000):
        document_server.put(name, (FIXTURES / name).read_bytes())
    index = document_server.put(
        "index.html",
        f'<html><body><h1>เอกสาร</h1><a href="{DOCX_001}">แบบประเมิน</a> <a href="{DOCX_000}">แผน</a>'
        '<a href="notes.zip">ไม่ใช่เอกสาร</a></body></html>',
    )
    source = create_source(
        harvest_user, kpi_org, index, "kpi_document", source_config(dataset_defaults=defaults)
    )
    job = run_job(harvest_user, source["id"])
    objects = job_objects(harvest_user, job["id"])
    assert sorted(o.report_status for o in objects.values()) == ["added", "added"]

    package = _package(harvest_user, objects[f"{index}#001_f22d53a17e33890d"].package_id)
    assert package["title"] == "แบบประเมินองค์การมหาชน ประจำปีงบประมาณ พ.ศ. 2565"
    original = _resource(package, f"original-{DOCX_001}")
    assert original["format"] == "DOCX"
    assert _stored(original) == (FIXTURES / DOCX_001).read_bytes()  # published as is: no personal data

    found = call_action(
        "datastore_search",
        {"user": harvest_user["name"]},
        resource_id=_resource(package, "observations.csv")["id"],
        filters={"indicator_id": "1.1.2", "fiscal_year_be": 2564, "value_role": "actual"},
    )
    assert found["total"] == 1
    record = found["records"][0]
    assert (record["value_num"], record["value_text_original"]) == (10774, "10,774 ใบรับรอง")
    assert record["source_ref"].startswith("table ") and " · row " in record["source_ref"]


def test_docx_original_with_personal_data_is_replaced_by_its_screened_text(
    harvest_user, kpi_org, document_server, defaults, seeds_dir, tmp_path
):
    seed = sorted(seeds_dir.glob("001_*.txt"))[0]
    with_personal_data = _generator().make_docx(seed, tmp_path, keep_personal_data=True)
    url = document_server.put(DOCX_001, with_personal_data.read_bytes())
    source = create_source(
        harvest_user, kpi_org, url, "kpi_document", source_config(documents=[url], dataset_defaults=defaults)
    )
    job = run_job(harvest_user, source["id"])
    package = _package(harvest_user, next(iter(job_objects(harvest_user, job["id"]).values())).package_id)
    files = [r["url"].rsplit("/", 1)[-1] for r in package["resources"]]
    assert f"original-{DOCX_001}" not in files
    replacement = _resource(package, f"original-{DOCX_001}.txt")
    assert replacement["format"] == "TXT"
    text = _stored(replacement).decode("utf-8")
    assert "[personal data removed: phone]" in text
    assert "แบบประเมินองค์การมหาชน" in text
    seed_text = seed.read_text(encoding="utf-8")
    assert "สุภาสงวน" in seed_text and "สุภาสงวน" not in text  # the signatory (001:39)


@pytest.fixture
def config_file(tmp_path: Path, defaults) -> Path:
    path = tmp_path / "source.json"
    path.write_text(json.dumps({"dataset_defaults": defaults}, ensure_ascii=False), encoding="utf-8")
    return path


def test_ckan_kpi_load_reads_a_docx_and_refuses_an_html_page_named_pdf(
    cli, kpi_org, config_file, harvest_user, tmp_path
):
    loaded = cli.invoke(kpi, ["load", str(FIXTURES / DOCX_000), "--org", "git", "--config", str(config_file)])
    assert loaded.exit_code == 0, loaded.output
    assert "git-000_a7de958303e1344d: created" in loaded.output
    package = _package(harvest_user, "git-000_a7de958303e1344d")
    assert _resource(package, f"original-{DOCX_000}")["format"] == "DOCX"

    fake = tmp_path / "plan-2567.pdf"
    fake.write_bytes(b"<!DOCTYPE html><html><body>Session expired</body></html>")
    refused = cli.invoke(kpi, ["load", str(fake), "--org", "git", "--config", str(config_file)])
    assert refused.exit_code == 1
    assert "plan-2567.pdf: named .pdf but the content is HTML page" in refused.output
    assert "Traceback" not in refused.output
    assert not call_action("package_search", {"user": harvest_user["name"]}, q="name:git-plan-2567")["count"]
