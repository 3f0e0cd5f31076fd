"""Readable dataset URLs for Thai titles (issue 21): never a bare number; existing URLs keep working."""

from __future__ import annotations

import pytest
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.kpi.slugs import romanised_slug, unique_slug

TITLE = "รายงานผลการดำเนินงาน กระทรวงดิจิทัล ประจำปีงบประมาณ ๒๕๖๗"


def test_a_thai_title_is_romanised_word_by_word_with_arabic_digits():
    assert romanised_slug("ตัวชี้วัด KPI ๒๕๖๗") == "tua-chi-wat-kpi-2567"
    slug = romanised_slug(TITLE)
    assert slug.startswith("raingan-") and slug.endswith("-2567") and len(slug) <= 80


def test_a_taken_slug_gets_a_number():
    taken = {"a", "a-2"}
    assert unique_slug("a", taken.__contains__) == "a-3"
    assert unique_slug("b", taken.__contains__) == "b"


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_a_bare_number_url_becomes_the_romanised_title_and_existing_urls_stay(complete_dataset_dict):
    sysadmin = factories.Sysadmin()
    org = factories.Organization()
    context = {"user": sysadmin["name"]}
    first = call_action("package_create", context=dict(context),
                        **complete_dataset_dict(name="2567", title=TITLE, owner_org=org["id"]))
    assert first["name"] == romanised_slug(TITLE)
    second = call_action("package_create", context=dict(context),
                         **complete_dataset_dict(name="2567", title=TITLE, owner_org=org["id"]))
    assert second["name"] == romanised_slug(TITLE) + "-2"
    chosen = call_action("package_create", context=dict(context),
                         **complete_dataset_dict(name="mdes-plan-2567", title=TITLE, owner_org=org["id"]))
    assert chosen["name"] == "mdes-plan-2567"
    # An existing dataset keeps its URL, even a bare number made before this rule.
    updated = call_action("package_patch", context=dict(context), id=first["id"], notes="ปรับปรุง")
    assert updated["name"] == first["name"]
    assert call_action("package_show", id=first["name"])["id"] == first["id"]
