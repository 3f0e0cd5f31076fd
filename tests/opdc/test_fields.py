"""The dataset fields of the assessment: the 9 Focus Areas as a choice, the issue, the "used in" link, and
focus_area as a search facet."""

from __future__ import annotations

import pytest
from ckan.plugins import toolkit as tk
from ckan.tests.helpers import call_action

from .conftest import GOVERNMENT, RELATED, USED

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


@pytest.fixture
def organization(make_organization):
    return make_organization("git")


def test_the_fields_are_stored_and_shown(publish, organization):
    created = publish(organization, "courses", **RELATED, **USED)
    shown = call_action("package_show", id=created["id"])
    assert {key: shown[key] for key in [*RELATED, *USED]} == {**RELATED, **USED}


def test_a_focus_area_outside_the_nine_is_refused(publish, organization):
    with pytest.raises(tk.ValidationError) as raised:
        publish(organization, "courses", focus_area="ด้านอวกาศ")
    assert raised.value.error_dict["focus_area"] == [
        'Focus area: "ด้านอวกาศ" is not one of the allowed choices.'
    ]


def test_a_used_in_link_must_be_a_web_address(publish, organization):
    with pytest.raises(tk.ValidationError) as raised:
        publish(organization, "courses", used_in_url="javascript:alert(1)")
    assert raised.value.error_dict["used_in_url"] == [
        'Used in (URL of an analysis report or dashboard): "javascript:alert(1)" is not an http:// or '
        "https:// address."
    ]


def test_the_fields_are_optional(publish, organization):
    created = publish(organization, "courses")
    assert "focus_area" not in call_action("package_show", id=created["id"])


def test_focus_area_is_a_search_facet(publish, organization, app):
    publish(organization, "courses", **RELATED)
    publish(organization, "library", focus_area="ด้านการศึกษา", focus_area_issue="ห้องสมุดออนไลน์")
    result = app.get("/api/3/action/package_search", params={"facet.field": '["focus_area"]'}).json["result"]
    assert result["facets"]["focus_area"] == {GOVERNMENT: 1, "ด้านการศึกษา": 1}
    found = call_action("package_search", fq=f'focus_area:"{GOVERNMENT}"')["results"]
    assert [d["name"] for d in found] == ["courses"]
