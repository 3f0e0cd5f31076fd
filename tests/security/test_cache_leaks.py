"""The anonymous response cache (ckanext/kpi/cache.py) against the real Redis: validators and 304s, the
catalog change that invalidates, and no cached answer that leaks a private dataset or a logged-in page —
anonymous after editor, editor after anonymous, a dataset made private after being cached. The same through
a real nginx is tests/security/test_cache_nginx.py."""

from __future__ import annotations

import time
from typing import Any

import pytest
from ckan.lib.redis import connect_to_redis
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.kpi import cache

from .conftest import SEED_001

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", "activity datastore scheming_datasets harvest dcat kpi"),
    pytest.mark.ckan_config("ckanext.kpi.cache.settle_seconds", "1"),
    pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index"),
]

INDICATOR = "1.1.2"
SETTLE = 1.3  # a little over settle_seconds: answers rendered before are not stored


def settle() -> None:
    time.sleep(SETTLE)


def stored_bodies() -> list[bytes]:
    """Every answer the cache holds for this site, reachable or not."""
    client = connect_to_redis()
    return [client.hget(key, "body") or b"" for key in client.scan_iter(match=f"{cache._prefix()}:page:*")]


@pytest.fixture
def public_kpi(load_document, seeds_dir) -> dict[str, Any]:
    return load_document(seeds_dir / SEED_001, private=False)


@pytest.fixture
def private_dataset(complete_dataset_dict, organization, sysadmin) -> dict[str, Any]:
    return call_action("package_create", context={"user": sysadmin["name"]}, **complete_dataset_dict(
        name="cache-private-plan", title="แผนลับเฉพาะบรรณาธิการ CACHEPRIVATE", owner_org=organization["id"],
        private=True,
    ))


def test_anonymous_answers_carry_validators_and_answer_304(app, public_kpi):
    settle()
    paths = ["/catalog.ttl", f"/dataset/{public_kpi['name']}/indicator/{INDICATOR}",
             f"/dataset/{public_kpi['name']}/indicator/{INDICATOR}/data.csv",
             f"/dataset/{public_kpi['name']}/indicator/{INDICATOR}/data.json",
             "/api/3/action/package_search?q=KPI"]
    for path in paths:
        first = app.get(path)
        assert first.status_code == 200, path
        assert first.headers["X-KPI-Cache"] == "MISS", path
        assert first.headers["Cache-Control"] == "public, max-age=0, must-revalidate", path
        assert "Set-Cookie" not in first.headers, path
        etag, last_modified = first.headers["ETag"], first.headers["Last-Modified"]
        second = app.get(path)
        assert second.headers["X-KPI-Cache"] == "HIT", path
        assert second.get_data() == first.get_data(), path
        assert second.headers["ETag"] == etag, path
        not_modified = app.get(path, headers={"If-None-Match": etag})
        assert not_modified.status_code == 304, path
        assert not_modified.get_data() == b"", path
        assert app.get(path, headers={"If-Modified-Since": last_modified}).status_code == 304, path
        assert app.get(path, headers={"If-None-Match": 'W/"0-stale"'}).status_code == 200, path


def test_a_dataset_change_changes_the_etag_and_the_answer(app, public_kpi, sysadmin):
    settle()
    first = app.get("/catalog.ttl")
    second = app.get("/catalog.ttl")
    assert second.headers["X-KPI-Cache"] == "HIT"
    call_action("package_patch", context={"user": sysadmin["name"]}, id=public_kpi["id"],
                title="ตัวชี้วัดที่แก้ไขแล้ว RETITLED")
    changed = app.get("/catalog.ttl", headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200
    assert "RETITLED" in changed.get_data(as_text=True)
    # Rendered right after the change: served, but kept by nobody until the index has settled.
    assert changed.headers["Cache-Control"] == "no-cache"
    settle()
    stored = app.get("/catalog.ttl", headers={"If-None-Match": first.headers["ETag"]})
    assert stored.status_code == 200
    assert stored.headers["ETag"] != first.headers["ETag"]
    assert app.get("/catalog.ttl", headers={"If-None-Match": stored.headers["ETag"]}).status_code == 304
    assert "RETITLED" not in first.get_data(as_text=True)
    # The old copy is deleted, not only out of reach.
    assert not [body for body in stored_bodies() if public_kpi["title"].encode() in body
                and b"RETITLED" not in body]


def test_editor_after_anonymous_gets_the_live_page_and_anonymous_keeps_the_public_one(
        app, people, public_kpi, private_dataset):
    settle()
    path = "/api/3/action/package_search?q=*:*&rows=100&include_private=true"
    anonymous = app.get(path)
    assert anonymous.headers["X-KPI-Cache"] == "MISS"
    assert private_dataset["name"] not in anonymous.get_data(as_text=True)
    editor = app.get(path, headers=people["editor"].headers)
    assert private_dataset["name"] in editor.get_data(as_text=True)
    assert editor.headers["Cache-Control"] == "private, no-store"
    assert "X-KPI-Cache" not in editor.headers
    again = app.get(path)
    assert again.headers["X-KPI-Cache"] == "HIT"
    assert private_dataset["name"] not in again.get_data(as_text=True)


def test_anonymous_after_editor_never_gets_the_editors_page(app, people, public_kpi, private_dataset):
    settle()
    paths = ["/dataset/?q=แผน", "/api/3/action/package_search?q=*:*&rows=100&include_private=true",
             f"/dataset/{public_kpi['name']}"]
    for path in paths:
        editor = app.get(path, headers=people["editor"].headers)
        assert editor.status_code == 200, path
        assert editor.headers["Cache-Control"] == "private, no-store", path
    # A browser session (CKAN's cookie) is personal too, whatever it holds.
    with_cookie = app.test_client(use_cookies=False).get(paths[1], headers={"Cookie": "ckan=anything"})
    assert with_cookie.headers["Cache-Control"] == "private, no-store"
    for path in paths:
        anonymous = app.get(path)
        assert anonymous.headers["X-KPI-Cache"] == "MISS", path
        assert private_dataset["name"] not in anonymous.get_data(as_text=True), path
    editor_name = people["editor"].name.encode()
    bodies = stored_bodies()
    assert bodies, "the anonymous answers were stored"
    assert not [body for body in bodies if editor_name in body or private_dataset["name"].encode() in body]


def test_a_dataset_made_private_after_being_cached_is_gone_from_every_answer(app, public_kpi, sysadmin):
    settle()
    name, marks = public_kpi["name"], (public_kpi["name"].encode(), public_kpi["id"].encode())
    paths = {"catalog": "/catalog.ttl", "indicator": f"/dataset/{name}/indicator/{INDICATOR}",
             "json": f"/dataset/{name}/indicator/{INDICATOR}/data.json",
             "search": "/api/3/action/package_search?q=*:*&rows=100", "dataset": f"/dataset/{name}"}
    for path in paths.values():
        app.get(path)
        cached = app.get(path)
        assert cached.headers["X-KPI-Cache"] == "HIT", path
        assert any(mark in cached.get_data() for mark in marks), path

    call_action("package_patch", context={"user": sysadmin["name"]}, id=public_kpi["id"], private=True)
    # At once, without waiting for any expiry:
    assert app.get(paths["indicator"]).status_code == 404
    assert app.get(paths["json"]).status_code == 404
    assert app.get(paths["dataset"]).status_code == 404
    for path in (paths["catalog"], paths["search"]):
        assert not any(mark in app.get(path).get_data() for mark in marks), path
    assert not [body for body in stored_bodies() if any(mark in body for mark in marks)]
    settle()
    for key in ("indicator", "json", "dataset"):
        assert app.get(paths[key]).status_code == 404, key
    for path in (paths["catalog"], paths["search"]):
        app.get(path)
        assert not any(mark in app.get(path).get_data() for mark in marks), path
    assert not [body for body in stored_bodies() if any(mark in body for mark in marks)]


def test_bulk_privacy_change_of_an_organisation_invalidates(app, public_kpi, organization, sysadmin):
    settle()
    app.get("/catalog.ttl")
    assert public_kpi["id"] in app.get("/catalog.ttl").get_data(as_text=True)
    call_action("bulk_update_private", context={"user": sysadmin["name"]}, datasets=[public_kpi["id"]],
                org_id=organization["id"])
    assert public_kpi["id"] not in app.get("/catalog.ttl").get_data(as_text=True)
    assert not [body for body in stored_bodies() if public_kpi["id"].encode() in body]


def test_a_not_found_answer_is_not_stored(app, public_kpi):
    settle()
    missing = app.get(f"/dataset/{public_kpi['name']}/indicator/no-such-indicator")
    assert missing.status_code == 404
    assert missing.headers["X-KPI-Cache"] == "MISS"
    again = app.get(f"/dataset/{public_kpi['name']}/indicator/no-such-indicator")
    assert again.headers["X-KPI-Cache"] == "MISS"


def test_organisation_factory_user_token_headers_are_personal(app):
    user = factories.User()
    token = factories.APIToken(user=user["name"])["token"]
    answer = app.get("/api/3/action/package_search", headers={"Authorization": token})
    assert answer.headers["Cache-Control"] == "private, no-store"
    assert "X-KPI-Cache" not in answer.headers


def test_a_site_restarted_with_another_configuration_never_gets_an_old_page(app, public_kpi, monkeypatch):
    """The catalog's title comes from the configuration: a page stored before a restart with another title
    (the same catalog, the same generation) is not served after it."""
    from ckan.common import config
    from ckan.tests.helpers import _get_test_app

    settle()
    assert app.get("/catalog.ttl").headers["X-KPI-Cache"] == "MISS"
    before = app.get("/catalog.ttl")
    assert before.headers["X-KPI-Cache"] == "HIT"
    monkeypatch.setitem(config, "ckanext.kpi.dcat.catalog_title_en", "Restarted Catalog Title")
    restarted = _get_test_app().test_client()
    after = restarted.get("/catalog.ttl")
    assert after.status_code == 200
    assert after.headers["X-KPI-Cache"] == "MISS"
    assert "Restarted Catalog Title" in after.get_data(as_text=True)
    assert "Restarted Catalog Title" not in before.get_data(as_text=True)
    assert after.headers["ETag"] != before.headers["ETag"]
