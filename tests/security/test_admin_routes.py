"""Every page and POST route of the extension, and every action it registers or overrides (harvest's job
list included), answers 403 or 404, never 500, to a caller who may not see what it names: anonymous, and
the admin of another organisation. The routes come from the Flask URL map, so a new route is covered as
soon as it is registered (a route without a value for its arguments below fails the test)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.kpi.drafts import store
from tests.support.harvest import create_source, source_config

from .conftest import PLUGINS, SEED_001, Person

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", f"{PLUGINS} kpi_document kpi_table"),
    pytest.mark.ckan_config("ckanext.kpi.openness.check_links", False),
    pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index"),
]
# Blueprints of ours: every rule of theirs is requested.
OUR_BLUEPRINTS = ("kpi_indicator", "kpi_opdc", "kpi_harvest_errors", "kpi_draft", "kpi_admin")
# Pages anyone may read when the organisation is public (they list only what the caller may see).
PUBLIC_PAGES = frozenset({"kpi_opdc.read", "kpi_opdc.download"})


@pytest.fixture
def targets(private_kpi, organization, sysadmin, seeds_dir) -> dict[str, str]:
    """Values of the route arguments: the private dataset and its indicator, the organisation, a draft of
    the organisation, a job of its private harvest source."""
    source = create_source(
        sysadmin,
        organization,
        "http://127.0.0.1:9/doc.txt",
        "kpi_document",
        source_config(index_format="none"),
        name="private-source",
    )
    job = call_action("harvest_job_create", {"user": sysadmin["name"]}, source_id=source["id"], run=False)
    draft_id, file_name = store.store_upload(open(seeds_dir / SEED_001, "rb"), SEED_001, 10 * 1024 * 1024)
    store.save(
        store.Draft(id=draft_id, owner_org=organization["id"], user=sysadmin["name"], file_name=file_name)
    )
    return {
        "package_type": "dataset",
        "id": private_kpi["name"],
        "indicator_id": "1",
        "data_format": "csv",
        "draft_id": draft_id,
        "job_id": job["id"],
        "source_id": source["id"],
        "organization": organization["name"],
    }


def route_urls(app: Any, targets: dict[str, str]) -> list[tuple[str, str, str]]:
    """(endpoint, method, url) of every rule of our blueprints, arguments filled from ``targets``."""
    urls = []
    for rule in app.flask_app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] not in OUR_BLUEPRINTS:
            continue
        values = {}
        for argument in rule.arguments:
            key = argument
            if rule.endpoint.startswith(("kpi_opdc", "kpi_draft.new")) and argument == "id":
                key = "organization"
            if rule.endpoint.startswith("kpi_harvest_errors") and argument == "id":
                key = "job_id"
            assert key in targets, f"no test value for <{argument}> of {rule.rule}"
            values[argument] = targets[key]
        url = rule.rule
        for argument, value in values.items():
            url = re.sub(rf"<(?:[^:<>]+:)?{argument}>", value, url)
        for method in sorted((rule.methods or set()) & {"GET", "POST"}):
            urls.append((rule.endpoint, method, url))
    return urls


@pytest.fixture
def clients(app, people: dict[str, Person]) -> dict[str, tuple[Any, dict[str, str]]]:
    return {role: (app, people[role].headers) for role in ("anonymous", "outsider")}


@pytest.mark.parametrize("role", ["anonymous", "outsider"])
def test_every_route_of_ours_refuses_without_500(app, people, targets, role):
    person = people[role]
    urls = route_urls(app, targets)
    assert {endpoint.split(".")[0] for endpoint, _, _ in urls} == set(OUR_BLUEPRINTS)
    answers = {}
    for endpoint, method, url in urls:
        # API tokens are exempt from the CSRF check, so a POST reaches the view's own access check.
        response = (
            app.get(url, headers=person.headers)
            if method == "GET"
            else app.post(url, headers=person.headers, data={})
        )
        answers[(endpoint, method)] = response.status_code
    assert all(code != 500 for code in answers.values()), answers
    refused = {key: code for key, code in answers.items() if key[0] not in PUBLIC_PAGES}
    if role == "outsider":
        # The admin dashboard answers everyone logged in, with their own organisations only.
        assert refused.pop(("kpi_admin.dashboard", "GET")) == 200
    assert all(code in (403, 404) for code in refused.values()), refused


def test_the_outsiders_dashboard_shows_only_their_organisation(app, people, targets):
    page = app.get("/dashboard/kpi", headers=people["outsider"].headers).body
    assert 'data-organization="dip"' in page and 'data-organization="git"' not in page
    page = app.get("/dashboard/kpi", headers=people["editor"].headers).body
    assert 'data-organization="git"' in page and "private-source" in page


HARVEST_READS = [
    ("harvest_job_list", {}),
    ("harvest_job_list", {"source_id": "{source_id}"}),
    ("harvest_job_list", {"source_id": "no-such-source"}),
    ("harvest_job_show", {"id": "{job_id}"}),
    ("harvest_source_show", {"id": "{source_id}"}),
    ("harvest_source_show_status", {"id": "{source_id}"}),
    ("kpi_harvest_job_errors", {"id": "{job_id}"}),
    ("kpi_harvest_job_errors", {}),
]


@pytest.mark.parametrize("role", ["anonymous", "outsider"])
def test_harvest_reads_refuse_without_500(app, people, targets, role):
    for action, params in HARVEST_READS:
        filled = {key: value.format(**targets) for key, value in params.items()}
        response = app.post(f"/api/3/action/{action}", json=filled, headers=people[role].headers)
        assert response.status_code in (400, 403, 404, 409), (action, params, response.status_code)
        assert response.json["success"] is False


def test_harvest_job_list_still_answers_the_sources_editor(app, people, targets):
    response = app.post(
        "/api/3/action/harvest_job_list",
        json={"source_id": targets["source_id"]},
        headers=people["editor"].headers,
    )
    assert response.status_code == 200
    assert [job["id"] for job in response.json["result"]] == [targets["job_id"]]


@pytest.mark.parametrize("role", ["anonymous", "outsider"])
def test_every_kpi_action_refuses_without_500(app, people, targets, role):
    from ckan.logic import _actions

    ours = sorted(name for name in _actions if name.startswith("kpi_"))
    assert len(ours) >= 5
    for name in ours:
        for params in ({}, {"id": targets["id"]}, {"id": targets["id"], "indicator_id": "1"}):
            response = app.post(f"/api/3/action/{name}", json=params, headers=people[role].headers)
            assert response.status_code != 500, (name, params, response.body[:500])
            if response.status_code == 200:
                # Only a read that lists what the caller may see answers; never the private dataset.
                assert targets["id"] not in response.body, (name, params)


def test_a_member_of_the_organisation_sees_the_draft_but_another_editor_does_not(app, people, targets):
    url = f"/kpi/draft/{targets['draft_id']}/status.json"
    assert app.get(url, headers=people["editor"].headers).status_code == 200
    assert app.get(url, headers=people["outsider"].headers).status_code == 404
    other = factories.User()
    assert (
        app.get(url, headers={"Authorization": factories.APIToken(user=other["name"])["token"]}).status_code
        == 404
    )
