"""One way in: a harvest source, ``ckan kpi load`` and the demo's seed loader publish the same file as the
same dataset (DGA fields, resources, DataStore rows), because all three call the one ingest function."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests.helpers import call_action

from ckanext.kpi import demo
from ckanext.kpi.harvesters.config import parse_config
from ckanext.kpi.harvesters.ingest import fingerprint, is_unchanged, read_location
from ckanext.kpi.harvesters.loading import load

from .conftest import HARVEST_MARKS, SEED_001, create_source, run_job, serve_folder

pytestmark = HARVEST_MARKS

NAME = "git-001_f22d53a17e33890d"
# What differs by nature between two writes of one dataset: ids, times, the writer, the harvest link.
VOLATILE = {"id", "metadata_created", "metadata_modified", "creator_user_id", "revision_id"}


def _snapshot(user: dict[str, Any], name: str) -> dict[str, Any]:
    context = {"user": user["name"]}
    package = call_action("package_show", context, id=name)
    fields = {
        key: value
        for key, value in package.items()
        if key not in VOLATILE and key not in ("resources", "organization") and not key.startswith("harvest")
    }
    fields["extras"] = [e for e in package.get("extras", []) if not e["key"].startswith("harvest")]
    fields["organization"] = package["organization"]["name"]
    resources = []
    rows: dict[str, list[dict[str, Any]]] = {}
    for resource in package["resources"]:
        file_name = resource["url"].rsplit("/", 1)[-1]
        resources.append(
            {
                "file": file_name,
                **{key: resource.get(key) for key in ("name", "format", "mimetype", "description", "hash")},
                "datastore_active": resource.get("datastore_active"),
            }
        )
        if resource.get("datastore_active"):
            records = call_action("datastore_search", context, resource_id=resource["id"], limit=1000)
            rows[file_name] = [{k: v for k, v in r.items() if k != "_id"} for r in records["records"]]
    return {"fields": fields, "resources": resources, "rows": rows}


def _purge(user: dict[str, Any], name: str) -> None:
    call_action("dataset_purge", {"user": user["name"]}, id=name)


@pytest.fixture
def served(tmp_path: Path, seeds_dir: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy(seeds_dir / SEED_001, folder / SEED_001)
    return folder


def test_harvest_load_and_demo_publish_the_same_dataset(
    harvest_user, kpi_org, defaults, served, monkeypatch
):
    config = {"private": True, "index_format": "none", "allow_private_network": True,
              "dataset_defaults": defaults}
    with serve_folder(served) as server:
        url = server.url(SEED_001)
        # 1. The demo: its seed loader runs a real kpi_document source on the seed file server.
        monkeypatch.setitem(tk.config, "ckanext.kpi.demo.seed_url", server.base_url)
        manifest = {
            "dataset_defaults": defaults,
            "documents": [
                {"file": SEED_001, "organization": {"name": "git", "title": kpi_org["title"]},
                 "config": {"private": True}}
            ],
        }
        lines = list(demo.load_seed_documents(served, manifest))
        assert f"seed {SEED_001} -> dataset {NAME}: created" in lines, lines
        by_demo = _snapshot(harvest_user, NAME)
        _purge(harvest_user, NAME)

        # 2. A harvest source of its own on the same URL.
        source = create_source(
            harvest_user, kpi_org, url, "kpi_document", json.dumps(config, ensure_ascii=False), name="one-way"
        )
        job = run_job(harvest_user, source["id"])
        assert job["stats"].get("added") == 1, job
        by_harvest = _snapshot(harvest_user, NAME)
        _purge(harvest_user, NAME)

        # 3. ``ckan kpi load URL`` with the same config.
        source_config = parse_config(json.dumps(config, ensure_ascii=False))
        original = read_location(url, source_config)
        outcomes = list(load(original, source_config, org="git", user=harvest_user["name"]))
        assert [(o.name, o.status) for o in outcomes] == [(NAME, "created")]
        by_load = _snapshot(harvest_user, NAME)

        # The same fingerprint rule everywhere: the load's dataset is "unchanged" for the same file.
        assert is_unchanged(
            next(r["hash"] for r in by_load["resources"] if r["file"] == f"original-{SEED_001}"),
            fingerprint(original, source_config),
            call_action("package_show", {"user": harvest_user["name"]}, id=NAME),
        )

    assert by_harvest["fields"] == by_demo["fields"]
    assert by_load["fields"] == by_harvest["fields"]
    assert by_harvest["resources"] == by_demo["resources"]
    assert by_load["resources"] == by_harvest["resources"]
    assert by_load["rows"] == by_harvest["rows"] == by_demo["rows"]
    assert len(by_load["rows"]["observations.csv"]) > 0
    assert by_load["fields"]["kpi_fiscal_year"] == "2565"
    assert len(by_load["resources"]) >= 4
