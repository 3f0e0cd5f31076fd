"""The demo data (ckanext/kpi/examples/demo) loads under the DGA schema and its KPI dataset is complete."""

from __future__ import annotations

import pytest
from ckan.tests.helpers import call_action

from ckanext.kpi.demo import load_demo_data

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


def test_demo_data_loads_and_its_kpi_dataset_counts():
    assert list(load_demo_data()) == ["organization git: created", "dataset git-strategy-kpi-2565: created"]
    # loading again updates through the same validation
    assert list(load_demo_data())[-1] == "dataset git-strategy-kpi-2565: updated"

    dataset = call_action("package_show", id="git-strategy-kpi-2565")
    assert sorted(tag["name"] for tag in dataset["tags"]) == ["KPI", "ตัวชี้วัด", "ยุทธศาสตร์"]
    report = call_action("kpi_metadata_completeness", organization="git")
    assert (report["total"], report["complete"]) == (1, 1)
