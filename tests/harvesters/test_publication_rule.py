"""The publication rule (ckanext/kpi/visibility.py) on the harvesting paths: ``ckan kpi load`` and the
harvesters' publishing code (harvesters/publishing.py, which both harvesters use), with a real seed document,
PostgreSQL, Solr and the file store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from ckan import model
from ckan.logic import ValidationError
from ckan.tests.helpers import call_action

from ckanext.kpi.cli import kpi
from ckanext.kpi.harvesters.config import parse_config
from ckanext.kpi.harvesters.publishing import publish_metadata

from .conftest import SEED_001

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

PERSONAL = {"data_category": "ข้อมูลส่วนบุคคล", "data_classification": "ลับ"}
SEED_001_NAME = "git-001_f22d53a17e33890d"


def _config_file(tmp_path: Path, defaults: dict[str, Any], **extra: Any) -> Path:
    path = tmp_path / "source.json"
    path.write_text(json.dumps({"dataset_defaults": defaults, **extra}, ensure_ascii=False), encoding="utf-8")
    return path


def _anonymous_names() -> set[str]:
    result = call_action("package_search", context={"user": "", "ignore_auth": False}, rows=100)
    return {dataset["name"] for dataset in result["results"]}


def test_load_public_with_a_personal_data_category_is_rejected(cli, kpi_org, seeds_dir, tmp_path, defaults):
    config = _config_file(tmp_path, {**defaults, **PERSONAL})
    result = cli.invoke(kpi, ["load", str(seeds_dir / SEED_001), "--org", "git", "--config", str(config),
                              "--public"])
    assert result.exit_code == 1
    assert f"{SEED_001_NAME}: rejected" in result.output and "cannot be public" in result.output
    assert model.Package.get(SEED_001_NAME) is None
    assert _anonymous_names() == set()


def test_load_public_gives_consent(cli, kpi_org, seeds_dir, tmp_path, defaults, harvest_user):
    config = _config_file(tmp_path, {k: v for k, v in defaults.items() if k != "allow_harvest"})
    result = cli.invoke(kpi, ["load", str(seeds_dir / SEED_001), "--org", "git", "--config", str(config),
                              "--public"])
    assert result.exit_code == 0, result.output
    package = call_action("package_show", {"user": harvest_user["name"]}, id=SEED_001_NAME)
    assert (package["private"], package["allow_harvest"]) == (False, "True")
    assert _anonymous_names() == {SEED_001_NAME}


def test_harvest_publishing_refuses_a_non_public_category(kpi_org, harvest_user, complete_dataset_dict):
    """publish_metadata is what the kpi_table harvester and NSO-template rows go through."""
    config = parse_config(json.dumps({"private": False}))
    row = complete_dataset_dict(name="nso-row", **PERSONAL)
    resources = row.pop("resources")
    with pytest.raises(ValidationError) as error:
        publish_metadata(row, resources, config, owner_org="git", user=harvest_user["name"])
    assert "data_category" in error.value.error_dict
    assert model.Package.get("nso-row") is None
