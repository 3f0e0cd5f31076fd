"""The response cache through a real nginx (Debian's, with config/nginx.conf.in as `make demo` runs it) in
front of this test's CKAN served over real HTTP: nginx keeps anonymous answers, passes personal requests by,
and after a dataset is made private no copy of it is served or left in nginx's cache folder."""

from __future__ import annotations

import gzip
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from werkzeug.serving import make_server

from .conftest import SEED_001

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT / "tools"))
import nginx_conf  # noqa: E402  (tools/ is not a package)

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", "activity datastore scheming_datasets harvest dcat kpi"),
    pytest.mark.ckan_config("ckanext.kpi.cache.settle_seconds", "1"),
    pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index"),
]

INDICATOR = "1.1.2"
SETTLE = 1.3
# Served from nginx's cache: fresh, or after its 2 s were up, revalidated with CKAN's 304 (a slow machine).
FROM_CACHE = ("HIT", "REVALIDATED")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def ckan_over_http(app) -> Iterator[str]:
    """This test's CKAN (its databases, Solr core and Redis db) on a loopback port, in a thread."""
    server = make_server("127.0.0.1", _free_port(), app.app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture
def nginx(ckan_over_http, ckan_config, monkeypatch) -> Iterator[dict[str, Any]]:
    if shutil.which("nginx") is None:
        pytest.fail("nginx is not installed: apt-get install nginx-light (scripts/stack.sh setup does)")
    port = _free_port()
    # Under the checkout's .run/, which nginx's workers (www-data) can reach, unlike pytest's 0700 tmp.
    tmp_path = REPO_ROOT / ".run" / "test-nginx" / str(port)
    cache_dir = tmp_path / "cache"
    storage = tmp_path / "storage"
    storage.mkdir(parents=True)
    config = nginx_conf.write_config(tmp_path / "nginx", port=port, upstream=ckan_over_http, storage=storage,
                                     logs=tmp_path / "logs", cache_dir=cache_dir)
    monkeypatch.setitem(ckan_config, "ckanext.kpi.cache.proxy_cache_dir", str(cache_dir))
    command = ["nginx", "-c", str(config), "-p", str(tmp_path / "nginx"), "-g", "daemon off;"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"nginx exited: {process.stdout.read().decode()}")
            try:
                requests.get(base_url + "/api/3/action/status_show", timeout=10)
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        yield {"url": base_url, "cache_dir": cache_dir, "port": port}
    finally:
        process.terminate()
        process.wait(timeout=20)
        shutil.rmtree(tmp_path, ignore_errors=True)


@pytest.fixture
def public_kpi(load_document, seeds_dir) -> dict[str, Any]:
    return load_document(seeds_dir / SEED_001, private=False)


@pytest.fixture
def private_dataset(complete_dataset_dict, organization, sysadmin) -> dict[str, Any]:
    from ckan.tests.helpers import call_action

    return call_action("package_create", context={"user": sysadmin["name"]}, **complete_dataset_dict(
        name="nginx-private-plan", title="แผนลับ NGINXPRIVATE", owner_org=organization["id"], private=True,
    ))


def cached_files_holding(cache_dir: Path, text: str) -> list[Path]:
    return [path for path in cache_dir.rglob("*") if path.is_file() and text.encode() in path.read_bytes()]


def test_nginx_keeps_anonymous_answers_compressed(nginx, public_kpi):
    time.sleep(SETTLE)
    url = nginx["url"] + "/catalog.ttl"
    first = requests.get(url, timeout=60)
    second = requests.get(url, timeout=60, headers={"Accept-Encoding": "gzip"})
    assert first.status_code == second.status_code == 200
    assert first.headers["X-Cache-Status"] == "MISS"
    assert second.headers["X-Cache-Status"] in FROM_CACHE
    assert second.headers["Content-Encoding"] == "gzip"
    assert second.content == first.content
    assert public_kpi["id"] in second.text
    raw = requests.get(url, timeout=60, headers={"Accept-Encoding": "gzip"}, stream=True).raw.read()
    assert gzip.decompress(raw) == first.content
    assert "X-Accel-Expires" not in second.headers
    assert cached_files_holding(nginx["cache_dir"], public_kpi["id"])


def test_nginx_passes_personal_requests_by_both_ways(nginx, people, public_kpi, private_dataset):
    time.sleep(SETTLE)
    url = nginx["url"] + "/api/3/action/package_search?q=*:*&rows=100&include_private=true"
    # Anonymous first, then the editor: the editor gets the live answer with the private dataset.
    assert requests.get(url, timeout=60).headers["X-Cache-Status"] == "MISS"
    assert requests.get(url, timeout=60).headers["X-Cache-Status"] in FROM_CACHE
    editor = requests.get(url, timeout=60, headers=people["editor"].headers)
    assert editor.headers["X-Cache-Status"] == "BYPASS"
    assert editor.headers["Cache-Control"] == "private, no-store"
    assert private_dataset["name"] in editor.text
    # The editor first, then anonymous: a page nobody anonymous asked for yet is not served from the cache.
    other = nginx["url"] + "/dataset/?q=แผน"
    editor_page = requests.get(other, timeout=60, headers=people["editor"].headers)
    assert editor_page.headers["X-Cache-Status"] == "BYPASS"
    browser = requests.get(other, timeout=60, cookies={"ckan": "a-session"})
    assert browser.headers["X-Cache-Status"] == "BYPASS"
    anonymous = requests.get(other, timeout=60)
    assert anonymous.headers["X-Cache-Status"] == "MISS"
    assert private_dataset["name"] not in anonymous.text
    assert people["editor"].name not in anonymous.text
    assert not cached_files_holding(nginx["cache_dir"], private_dataset["name"])
    assert not cached_files_holding(nginx["cache_dir"], people["editor"].name)


def test_nginx_forgets_a_dataset_made_private(nginx, public_kpi, sysadmin):
    from ckan.tests.helpers import call_action

    time.sleep(SETTLE)
    name, marks = public_kpi["name"], (public_kpi["name"], public_kpi["id"])
    paths = ["/catalog.ttl", f"/dataset/{name}/indicator/{INDICATOR}",
             "/api/3/action/package_search?rows=100"]
    for path in paths:
        requests.get(nginx["url"] + path, timeout=60)
        cached = requests.get(nginx["url"] + path, timeout=60)
        assert cached.headers["X-Cache-Status"] in FROM_CACHE, path
        assert any(mark in cached.text for mark in marks), path
    call_action("package_patch", context={"user": sysadmin["name"]}, id=public_kpi["id"], private=True)
    assert not [path for mark in marks for path in cached_files_holding(nginx["cache_dir"], mark)]
    assert requests.get(nginx["url"] + paths[1], timeout=60).status_code == 404
    for path in (paths[0], paths[2]):
        assert not any(mark in requests.get(nginx["url"] + path, timeout=60).text for mark in marks), path
    time.sleep(SETTLE)
    assert requests.get(nginx["url"] + paths[1], timeout=60).status_code == 404
    for path in (paths[0], paths[2]):
        for _ in range(2):
            assert not any(mark in requests.get(nginx["url"] + path, timeout=60).text for mark in marks), path
    assert not [path for mark in marks for path in cached_files_holding(nginx["cache_dir"], mark)]


def test_nginx_refuses_an_oversized_upload_before_reading_it(nginx):
    with socket.create_connection(("127.0.0.1", nginx["port"]), timeout=30) as sock:
        sock.sendall(b"POST /api/3/action/resource_create HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     b"Content-Type: application/octet-stream\r\nContent-Length: 104857600\r\n\r\n")
        answer = sock.recv(4096).decode("latin-1")
    assert answer.startswith("HTTP/1.1 413")
