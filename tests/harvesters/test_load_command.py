"""``ckan kpi load`` and the seed documents of ``ckan kpi load-demo``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ckan.lib import uploader
from ckan.tests.helpers import call_action

from ckanext.kpi.cli import kpi

from .conftest import SEED_001

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


@pytest.fixture
def config_file(tmp_path: Path, defaults) -> Path:
    path = tmp_path / "source.json"
    path.write_text(json.dumps({"dataset_defaults": defaults}, ensure_ascii=False), encoding="utf-8")
    return path


def test_load_a_document_twice(cli, kpi_org, seeds_dir, config_file, harvest_user):
    args = ["load", str(seeds_dir / SEED_001), "--org", "git", "--config", str(config_file)]

    first = cli.invoke(kpi, args)
    assert first.exit_code == 0, first.output
    assert "git-001_f22d53a17e33890d: created" in first.output
    package = call_action("package_show", {"user": harvest_user["name"]}, id="git-001_f22d53a17e33890d")
    assert (package["type"], package["kpi_fiscal_year"], package["private"]) == ("dataset", "2565", True)

    second = cli.invoke(kpi, args)
    assert second.exit_code == 0, second.output
    assert "git-001_f22d53a17e33890d: unchanged" in second.output
    again = call_action("package_show", {"user": harvest_user["name"]}, id="git-001_f22d53a17e33890d")
    assert again["metadata_modified"] == package["metadata_modified"]


def test_load_writes_again_a_dataset_whose_files_left_the_file_store(
    cli, kpi_org, seeds_dir, config_file, harvest_user
):
    """A database that outlives its file store (restored alone, or a new storage path): the hashes match,
    but the indicator pages would be empty, so the dataset is written again with its files."""
    args = ["load", str(seeds_dir / SEED_001), "--org", "git", "--config", str(config_file)]
    assert cli.invoke(kpi, args).exit_code == 0
    context = {"user": harvest_user["name"]}
    package = call_action("package_show", context, id="git-001_f22d53a17e33890d")
    loaded = call_action("kpi_indicator_list", context, id=package["id"])
    assert loaded["count"] == 13
    for resource in package["resources"]:
        Path(uploader.get_resource_uploader(resource).get_path(resource["id"])).unlink()
    assert call_action("kpi_indicator_list", context, id=package["id"])["count"] == 0

    again = cli.invoke(kpi, args)

    assert again.exit_code == 0, again.output
    assert "git-001_f22d53a17e33890d: updated" in again.output
    assert call_action("kpi_indicator_list", context, id=package["id"])["indicators"] == loaded["indicators"]


def test_load_reports_what_it_cannot_read(cli, kpi_org, tmp_path, config_file):
    scanned = tmp_path / "scanned.txt"
    scanned.write_bytes(b"%PDF\x00\x00")
    result = cli.invoke(kpi, ["load", str(scanned), "--org", "git", "--config", str(config_file)])
    assert result.exit_code == 1
    assert "scanned.txt:1: binary data" in result.output
    without_defaults = cli.invoke(kpi, ["load", str(tmp_path / "missing.txt"), "--org", "git"])
    assert without_defaults.exit_code == 1


def test_load_demo_loads_the_five_seeds_once(cli, seeds_dir, monkeypatch, harvest_user):
    monkeypatch.setenv("KPI_SEEDS_DIR", str(seeds_dir))

    first = cli.invoke(kpi, ["load-demo"])

    assert first.exit_code == 0, first.output
    seeds = [line for line in first.output.splitlines() if line.startswith("seed ")]
    assert len(seeds) == 5, first.output
    assert all(line.endswith(": created") for line in seeds), first.output
    owners = {
        name: call_action("package_show", {"user": harvest_user["name"]}, id=name)["organization"]["name"]
        for name in (
            "git-000_a7de958303e1344d",
            "git-001_f22d53a17e33890d",
            "dip-002_519d0143a7a27fde",
            "mdes-003_7ae9a440b3a3e7ac",
            "opdc-004_7ca3ec07c9ca3b62",
        )
    }
    assert owners == {
        "git-000_a7de958303e1344d": "git",
        "git-001_f22d53a17e33890d": "git",
        "dip-002_519d0143a7a27fde": "dip",
        "mdes-003_7ae9a440b3a3e7ac": "mdes",
        "opdc-004_7ca3ec07c9ca3b62": "opdc",
    }

    second = cli.invoke(kpi, ["load-demo"])
    assert second.exit_code == 0, second.output
    assert all(
        line.endswith(": unchanged") for line in second.output.splitlines() if line.startswith("seed ")
    )
