"""Access control over the matrix anonymous / admin of another organisation / member / editor / sysadmin:
every ``kpi_*`` action, the indicator pages and their downloads, DataStore reads and the DCAT endpoints,
on a private KPI dataset published through the harvester's import. Nothing private may reach a person who
may not read it, and the HTML pages answer such a person 404.

Each test walks the whole matrix and compares the observed table with the expected one, so a failure
shows every cell that differs at once."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from typing import Any

import pytest
from ckan import logic
from ckan.tests.helpers import call_action

from .conftest import PLUGINS, READERS, ROLES, Person

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", f"{PLUGINS} kpi_document"),
    pytest.mark.ckan_config("ckanext.kpi.openness.check_links", False),
    pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index"),
]
EDITORS = frozenset({"editor", "sysadmin"})
NOBODY: frozenset[str] = frozenset()
# An indicator of seed 001 and the text of one of its cells: content only readers may see.
INDICATOR = "1.1.2"
INDICATOR_TEXT = "Buy With Confidence"
OBSERVATION_TEXT = "ใบรับรอง"


@dataclass(frozen=True)
class Read:
    """A GET whose answer depends on who asks: ``allowed`` get ``granted`` (200) and see ``marker``; the
    others get ``refused`` and must not see it."""

    path: str  # formatted with name, id, resource, job
    allowed: frozenset[str]
    refused: int
    marker: str  # a key of the markers fixture


READS = {
    "dataset page": Read("/dataset/{name}", READERS, 404, "title"),
    "kpi dataset page": Read("/dataset/{name}", READERS, 404, "title"),
    "indicator page": Read(f"/dataset/{{name}}/indicator/{INDICATOR}", READERS, 404, "indicator"),
    "indicator CSV": Read(f"/dataset/{{name}}/indicator/{INDICATOR}/data.csv", READERS, 404, "observation"),
    "indicator JSON": Read(f"/dataset/{{name}}/indicator/{INDICATOR}/data.json", READERS, 404, "indicator"),
    "kpi_indicator_show": Read(
        f"/api/3/action/kpi_indicator_show?id={{name}}&indicator_id={INDICATOR}", READERS, 404, "indicator"
    ),
    "kpi_indicator_list": Read("/api/3/action/kpi_indicator_list?id={name}", READERS, 404, "indicator"),
    # 403, not 404: CKAN's own package_show answers so and these actions follow it (see docs/security.md).
    "kpi_metadata_completeness (dataset)": Read(
        "/api/3/action/kpi_metadata_completeness?id={name}", READERS, 403, "id"
    ),
    "kpi_openness_report_show": Read(
        "/api/3/action/kpi_openness_report_show?id={resource}", READERS, 403, "id"
    ),
    "datastore_search": Read(
        "/api/3/action/datastore_search?resource_id={resource}", READERS, 403, "observation"
    ),
    # The DCAT dataset endpoint is the publication channel: a private dataset is published to nobody.
    "DCAT dataset (Turtle)": Read("/dataset/{id}.ttl", NOBODY, 404, "title"),
    # Harvest jobs follow ckanext-harvest's rule: the source's editors.
    "kpi_harvest_job_errors": Read("/api/3/action/kpi_harvest_job_errors?id={job}", EDITORS, 403, "success"),
    "harvest errors CSV": Read("/harvest/job/{job}/errors.csv", EDITORS, 403, "csv_header"),
}

# Answered 200 to everyone; the private dataset is part of the answer for its readers only.
LISTINGS = {
    "OPDC page": ("/organization/git/opdc", READERS, "title"),
    "OPDC CSV": ("/organization/git/opdc.csv", READERS, "title"),
    "kpi_opdc_assessment": ("/api/3/action/kpi_opdc_assessment?id=git", READERS, "id"),
    "kpi_metadata_completeness (organisation)": (
        "/api/3/action/kpi_metadata_completeness?organization=git", READERS, "id"
    ),
    "search page": ("/dataset/?q=BWC", READERS, "title"),
    "package_search with private": ("/api/3/action/package_search?include_private=true", READERS, "id"),
    "DCAT catalog (Turtle)": ("/catalog.ttl", NOBODY, "id"),
}

# POST actions: who may run them, and the status the others get.
WRITES = {
    "kpi_openness_check": (EDITORS, {"background": True}),
    # The organisation's own admins may too; the matrix's outsider is the admin of another organisation.
    "kpi_opdc_catalog_url_update": (frozenset({"sysadmin"}), {"url": "https://catalog.git.or.th"}),
}
# Which endpoint exercises each kpi_* action: every registered one must be listed (see the last test).
COVERED_ACTIONS = {
    "kpi_indicator_show", "kpi_indicator_list", "kpi_metadata_completeness", "kpi_openness_report_show",
    "kpi_harvest_job_errors", "kpi_opdc_assessment", "kpi_openness_summary", *WRITES,
}


def visible_text(response: Any) -> str:
    """What a reader of the answer sees: JSON with its non-ASCII text decoded, HTML with entities."""
    body = response.get_data(as_text=True)
    if response.content_type.startswith("application/json"):
        return json.dumps(json.loads(body), ensure_ascii=False)
    return html.unescape(body)


@pytest.fixture
def harvest_job(sysadmin, organization) -> dict[str, Any]:
    """A job of a private harvest source of the organisation (not run: its error report is empty)."""
    from tests.support.harvest import create_source, source_config

    source = create_source(sysadmin, organization, "http://127.0.0.1:9/kpi/", "kpi_document", source_config())
    return call_action("harvest_job_create", {"user": sysadmin["name"]}, source_id=source["id"], run=False)


@pytest.fixture
def targets(private_kpi, harvest_job) -> dict[str, str]:
    observations = next(r for r in private_kpi["resources"] if r["url"].endswith("/observations.csv"))
    return {"name": private_kpi["name"], "id": private_kpi["id"], "resource": observations["id"],
            "job": harvest_job["id"]}


@pytest.fixture
def markers(private_kpi) -> dict[str, str]:
    return {"title": private_kpi["title"], "id": private_kpi["id"], "indicator": INDICATOR_TEXT,
            "observation": OBSERVATION_TEXT, "success": '"success": true', "csv_header": "original_text"}


def test_private_dataset_reads_follow_the_matrix(app, people, targets, markers):
    expected, observed = {}, {}
    for label, read in READS.items():
        for role in ROLES:
            response = app.get(read.path.format(**targets), headers=people[role].headers)
            allowed = role in read.allowed
            expected[label, role] = (200 if allowed else read.refused, allowed)
            observed[label, role] = (response.status_code, markers[read.marker] in visible_text(response))
    assert observed == expected


def test_listings_show_the_private_dataset_to_its_readers_only(app, people, markers):
    expected, observed = {}, {}
    for label, (path, readers, marker) in LISTINGS.items():
        for role in ROLES:
            response = app.get(path, headers=people[role].headers)
            expected[label, role] = (200, role in readers)
            observed[label, role] = (response.status_code, markers[marker] in visible_text(response))
    assert observed == expected


def test_openness_summary_counts_the_private_dataset_for_its_readers_only(app, people, private_kpi):
    path = "/api/3/action/kpi_openness_summary"
    counted = {role: app.get(path, headers=people[role].headers).json["result"]["datasets"] for role in ROLES}
    assert counted == {role: 1 if role in READERS else 0 for role in ROLES}


def test_write_actions_follow_the_matrix(app, people, targets):
    ids = {"kpi_openness_check": targets["resource"], "kpi_opdc_catalog_url_update": "git"}
    expected, observed = {}, {}
    for action, (allowed, data) in WRITES.items():
        for role in ROLES:
            response = app.post(f"/api/3/action/{action}", json={"id": ids[action], **data},
                                headers=people[role].headers)
            expected[action, role] = 200 if role in allowed else 403
            observed[action, role] = response.status_code
    assert observed == expected


def test_refused_actions_raise_without_content(people: dict[str, Person], targets, markers):
    """The same reads straight through the action layer, as another extension or the CLI calls them."""
    refused = {}
    for role in ("anonymous", "outsider"):
        for action, data in (
            ("kpi_indicator_show", {"id": targets["name"], "indicator_id": INDICATOR}),
            ("kpi_indicator_list", {"id": targets["name"]}),
            ("kpi_metadata_completeness", {"id": targets["name"]}),
            ("kpi_openness_report_show", {"id": targets["resource"]}),
        ):
            with pytest.raises((logic.NotFound, logic.NotAuthorized)) as raised:
                call_action(action, people[role].context, **data)
            refused[action, role] = markers["title"] in str(raised.value)
    assert not any(refused.values())
    assert len(refused) == 8


def test_every_kpi_action_is_in_the_matrix():
    logic.get_action("package_show")  # fills the registry of actions
    registered = {name for name in logic._actions if name.startswith("kpi_")}
    assert registered == COVERED_ACTIONS
