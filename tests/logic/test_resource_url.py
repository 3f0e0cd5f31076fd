"""A resource's URL is a web link or an uploaded file's name, never a javascript:, data: or file: link."""

from __future__ import annotations

import pytest
from ckan.logic import ValidationError
from ckan.tests import factories
from ckan.tests.helpers import call_action

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


@pytest.fixture
def dataset(complete_dataset_dict):
    sysadmin = factories.Sysadmin()
    org = factories.Organization()
    context = {"user": sysadmin["name"]}
    return context, call_action(
        "package_create", context=dict(context), **complete_dataset_dict(name="links", owner_org=org["id"])
    )


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<b>x</b>",
                                 "file:///etc/passwd"])
def test_a_script_or_local_link_is_refused(dataset, url):
    context, created = dataset
    with pytest.raises(ValidationError) as error:
        call_action("resource_create", context=dict(context), package_id=created["id"], url=url, name="x")
    assert "url" in error.value.error_dict
    assert url in error.value.error_dict["url"][0]


@pytest.mark.parametrize("url", ["https://data.example.go.th/kpi.csv", "ftp://ftp.example.go.th/kpi.csv"])
def test_web_links_are_kept(dataset, url):
    context, created = dataset
    resource = call_action(
        "resource_create", context=dict(context), package_id=created["id"], url=url, name="x"
    )
    assert resource["url"] == url
