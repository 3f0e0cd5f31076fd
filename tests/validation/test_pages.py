"""The badge and the report on the resource page, in English and in Thai."""

from __future__ import annotations

import pytest
from ckan.tests import factories
from ckan.tests.helpers import call_action

from . import files

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


@pytest.fixture
def pdf_named_csv(tmp_path, create_with_upload, complete_dataset_dict):
    sysadmin = factories.Sysadmin()
    organization = factories.Organization(user=sysadmin)
    context = {"user": sysadmin["name"]}
    dataset = call_action(
        "package_create",
        context=dict(context),
        **complete_dataset_dict(name="kpi-2567", owner_org=organization["id"], resources=[]),
    )
    path = files.write_pdf(tmp_path / "kpi.csv")
    resource = create_with_upload(
        path.read_bytes(),
        "kpi.csv",
        context=dict(context),
        package_id=dataset["id"],
        url="kpi.csv",
        name="ผลการดำเนินงาน",
        format="CSV",
    )
    return dataset, resource


def test_resource_page_shows_the_badge_and_the_findings(app, pdf_named_csv):
    dataset, resource = pdf_named_csv
    page = app.get(f"/dataset/{dataset['name']}/resource/{resource['id']}").body
    assert "Not an open format" in page
    assert "PDF · ★☆☆☆☆" in page
    assert "Open-format check" in page
    assert "ผลการดำเนินงาน: declared as CSV, but the content is PDF." in page


def test_resource_page_in_thai(app, pdf_named_csv):
    dataset, resource = pdf_named_csv
    page = app.get(f"/th/dataset/{dataset['name']}/resource/{resource['id']}").body
    assert "ไม่ใช่รูปแบบเปิด" in page
    assert "การตรวจรูปแบบเปิด" in page
    assert "ผลการดำเนินงาน: ระบุรูปแบบเป็น CSV แต่เนื้อหาจริงเป็น PDF" in page
