"""``status_show`` identifies the catalog to a harvesting catalog, anonymously, over the real action API."""

from __future__ import annotations

import pytest
from ckan.plugins import toolkit as tk

pytestmark = pytest.mark.usefixtures("with_plugins")


@pytest.mark.ckan_config("ckanext.kpi.dcat.catalog_title_th", "บัญชีข้อมูลหน่วยงาน")
@pytest.mark.ckan_config("ckanext.kpi.dcat.catalog_title_en", "Agency Data Catalog")
def test_status_show_names_the_catalog(app):
    status = app.get("/api/3/action/status_show").json["result"]
    catalog = status["kpi_catalog"]
    assert catalog["site_id"] == tk.config.get("ckan.site_id")
    assert catalog["title"] == {"th": "บัญชีข้อมูลหน่วยงาน", "en": "Agency Data Catalog"}
    assert catalog["dcat_catalog"] == "http://test.ckan.net/catalog.ttl"
    assert "ข้อมูลสาธารณะ" in catalog["publication_rule"]
    assert catalog["extension_version"] == "0.1.0"
    assert "ckan_version" in status and "kpi" in status["extensions"]
