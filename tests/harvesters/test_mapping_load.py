"""The admin mapping (issue 19) through CKAN: ``ckan kpi load --mapping`` and a harvest source's config;
an invalid mapping is refused with its field named (409 from the API)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.kpi.cli import kpi

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

EXAMPLES = Path(__file__).parent.parent / "extraction" / "mapping_examples"


@pytest.fixture
def config_file(tmp_path: Path, defaults) -> Path:
    path = tmp_path / "source.json"
    path.write_text(json.dumps({"dataset_defaults": defaults}, ensure_ascii=False), encoding="utf-8")
    return path


def test_load_with_a_mapping_reads_the_plan_as_targets(cli, kpi_org, config_file, harvest_user):
    args = ["load", str(EXAMPLES / "plan_table.txt"), "--org", "git", "--config", str(config_file)]
    loaded = cli.invoke(kpi, [*args, "--mapping", str(EXAMPLES / "plan_table.mapping.yaml")])
    assert loaded.exit_code == 0, loaded.output
    assert "git-plan_table: created" in loaded.output
    context = {"user": harvest_user["name"]}
    package = call_action("package_show", context, id="git-plan_table")
    assert package["kpi_fiscal_year"] == "2566"
    listing = call_action("kpi_indicator_list", context, id=package["id"])
    assert listing["count"] == 2
    rows = call_action("datastore_search", context, resource_id=_observations_resource(package), limit=10)[
        "records"
    ]
    assert sorted((r["value_role"], str(r["fiscal_year_be"]), str(r["value_num"])) for r in rows) == [
        ("target", "2566", "1200"),
        ("target", "2566", "85"),
        ("target", "2567", "1500"),
        ("target", "2567", "90"),
    ]


def _observations_resource(package: dict) -> str:
    return next(r["id"] for r in package["resources"] if r["url"].endswith("observations.csv"))


def test_load_refuses_an_invalid_mapping_naming_the_field(cli, kpi_org, config_file):
    args = ["load", str(EXAMPLES / "plan_table.txt"), "--org", "git", "--config", str(config_file)]
    refused = cli.invoke(kpi, [*args, "--mapping", str(EXAMPLES / "plan_table.bad_role.json")])
    assert refused.exit_code == 1
    assert "tables[0].columns[0].role" in refused.output
    assert "ไม่อยู่ในค่าที่อนุญาต" in refused.output


def test_a_harvest_source_with_an_invalid_mapping_answers_409(app, kpi_org, harvest_user):
    bad = {"mapping": {"tables": [{"indicator_column": "A", "columns": [{"column": "B", "role": "goal"}]}]}}
    source = {
        "name": "kpi-mapped",
        "title": "KPI mapped",
        "url": "https://www.example.go.th/kpi/",
        "source_type": "kpi_document",
        "owner_org": kpi_org["id"],
        "config": json.dumps(bad),
    }
    token = factories.APIToken(user=harvest_user["name"])["token"]
    response = app.post("/api/3/action/harvest_source_create", json=source, headers={"Authorization": token})
    assert response.status_code == 409
    assert "mapping.tables[0].columns[0].role" in json.dumps(response.json["error"], ensure_ascii=False)

    good = {"mapping": json.loads(json.dumps(_yaml_mapping()))}
    created = call_action(
        "harvest_source_create", {"user": harvest_user["name"]}, **{**source, "config": json.dumps(good)}
    )
    assert json.loads(created["config"])["mapping"]["tables"][0]["indicator_column"] == "A"


def _yaml_mapping() -> dict:
    from ckanext.kpi.extraction.mapping import load_mapping

    return load_mapping(EXAMPLES / "plan_table.mapping.yaml").data
