"""CSRF (test.ini: WTF_CSRF_ENABLED = true, ckan.csrf_protection.ignore_extensions = false): every POST form
of the extension, found from the blueprints and the templates, refuses a post without the token and accepts
it with the token. Each form is submitted as a browser would: the fields as the page renders them, by a
user logged in through the login form (a session cookie; API tokens are exempt from CSRF checks)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from ckan.tests import factories
from ckan.tests.helpers import call_action

from .conftest import PLUGINS

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", PLUGINS),
    pytest.mark.ckan_config("ckanext.kpi.openness.check_links", False),
    pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index"),
]
TEMPLATES = Path(__file__).resolve().parents[2] / "ckanext" / "kpi" / "templates"
TOKEN_FIELD = "_csrf_token"
PASSWORD = "correct-horse-battery-staple"
# The extension's POST routes (Flask endpoints) and the page that renders each one's form.
POST_FORMS = {"kpi_opdc.catalog_url": "/organization/git/opdc"}
# POST routes whose token check is tested beside their feature (tests/drafts/test_drafts.py).
TESTED_ELSEWHERE = {"kpi_draft.new", "kpi_draft.publish", "kpi_draft.rerun"}


def form_fields(form: Any) -> dict[str, Any]:
    """What the browser sends for the form as rendered: inputs, checked boxes, selected options, texts."""
    fields: dict[str, list[str]] = {}
    for element in form.find_all(["input", "select", "textarea"]):
        name = element.get("name")
        if not name or element.get("type") in ("submit", "button", "file"):
            continue
        if element.get("type") in ("checkbox", "radio") and not element.has_attr("checked"):
            continue
        if element.name == "select":
            chosen = [option.get("value", option.get_text()) for option in element.find_all("option")
                      if option.has_attr("selected")]
            fields.setdefault(name, []).extend(chosen[:1] if not element.has_attr("multiple") else chosen)
        elif element.name == "textarea":
            fields.setdefault(name, []).append(element.get_text())
        else:
            fields.setdefault(name, []).append(element.get("value", ""))
    return {name: values[0] if len(values) == 1 else values for name, values in fields.items()}


def rendered_form(client: Any, page: str, field: str) -> tuple[str, dict[str, Any]]:
    """The action and fields of the page's POST form that has a field named ``field``."""
    soup = BeautifulSoup(client.get(page).body, "html.parser")
    posted = soup.find_all("form", method=re.compile("post", re.I))
    form = next(candidate for candidate in posted if candidate.find(attrs={"name": field}))
    return form.get("action") or page, form_fields(form)


def logged_in(app: Any, user: dict[str, Any]) -> Any:
    client = app.test_client()
    action, fields = rendered_form(client, "/user/login", "login")
    client.post(action, data={**fields, "login": user["name"], "password": PASSWORD})
    return client


@pytest.fixture
def admin_client(app, sysadmin):
    """A sysadmin's browser session (the factory's sysadmin has a password we know only if we set it)."""
    user = factories.Sysadmin(password=PASSWORD)
    return logged_in(app, user)


def extension_post_endpoints(app: Any) -> set[str]:
    """POST endpoints of the blueprints the plugin registers (scheming's per-type dataset views, kpi.* and
    kpi_resource.*, are CKAN's own forms)."""
    from ckanext.kpi import admin_views
    from ckanext.kpi.drafts import views as draft_views
    from ckanext.kpi.harvesters import views as harvest_views
    from ckanext.kpi.indicators import views
    from ckanext.kpi.opdc import views as opdc_views

    modules = (views, harvest_views, opdc_views, draft_views, admin_views)
    ours = {bp.name for module in modules for bp in module.get_blueprints()}
    return {rule.endpoint for rule in app.flask_app.url_map.iter_rules()
            if "POST" in (rule.methods or ()) and rule.endpoint.split(".")[0] in ours}


def test_every_post_route_of_the_extension_is_tested(app):
    assert extension_post_endpoints(app) == set(POST_FORMS) | TESTED_ELSEWHERE


def test_every_post_form_template_carries_the_token():
    forms = [(path.name, block) for path in TEMPLATES.rglob("*.html")
             for block in re.findall(r"<form\b.*?</form>", path.read_text(encoding="utf-8"), re.S | re.I)]
    names = sorted(name for name, _ in forms)
    # index.html: the home page's search box (GET, no token needed).
    assert names == ["catalog_url_form.html", "index.html", "new.html", "read.html", "read.html"]
    assert all("h.csrf_input()" in block for _, block in forms if 'method="post"' in block.lower())


def test_the_catalog_url_form_needs_the_token(admin_client, organization):
    action, fields = rendered_form(admin_client, POST_FORMS["kpi_opdc.catalog_url"], "url")
    assert fields[TOKEN_FIELD]
    without = {**fields, "url": "https://forged.example.org"}
    del without[TOKEN_FIELD]
    assert admin_client.post(action, data=without).status_code == 400
    assert call_action("organization_show", id="git")["extras"] == []

    accepted = admin_client.post(action, data={**fields, "url": "https://catalog.git.or.th"},
                                 follow_redirects=False)
    assert accepted.status_code == 302
    extras = call_action("organization_show", id="git")["extras"]
    assert [(extra["key"], extra["value"]) for extra in extras] == [
        ("opdc_catalog_url", "https://catalog.git.or.th")
    ]


def test_the_dga_dataset_form_needs_the_token(admin_client, organization, complete_dataset_dict, sysadmin):
    """The extension's schema form (scheming renders it from ckanext/kpi/schemas): edit and save."""
    dataset = call_action("package_create", {"user": sysadmin["name"]},
                          **complete_dataset_dict(name="csrf-target", owner_org=organization["id"]))
    action, fields = rendered_form(admin_client, f"/dataset/edit/{dataset['name']}", "title")
    fields["save"] = ""
    without = {**fields, "title": "forged title"}
    del without[TOKEN_FIELD]
    assert admin_client.post(action, data=without).status_code == 400
    assert call_action("package_show", id=dataset["id"])["title"] == dataset["title"]

    accepted = admin_client.post(action, data={**fields, "title": "ชื่อที่แก้ไขแล้ว"}, follow_redirects=False)
    assert accepted.status_code == 302
    assert call_action("package_show", id=dataset["id"])["title"] == "ชื่อที่แก้ไขแล้ว"
