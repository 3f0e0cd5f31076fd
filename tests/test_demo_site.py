"""The demo site that ``make demo`` serves, fetched over real HTTP from a CKAN server process.

``make test`` performs the demo set-up (configuration, database, sample data) before the suite, so this
starts the same gunicorn server ``make demo`` starts, on a free loopback port, and reads its pages."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.support.fixtures import environment_without_test_overrides

REPO_ROOT = Path(__file__).resolve().parent.parent
DEMO_INI = REPO_ROOT / ".run" / "ckan.ini"
SAMPLE_DATASET = "git-strategy-kpi-2565"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_serving(base_url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the demo server exited with {server.returncode}: {log.read_text()[-2000:]}")
        try:
            if requests.get(f"{base_url}/api/3/action/status_show", timeout=10).ok:
                return
        # The socket accepts before a gunicorn worker has loaded CKAN: refused or slow means not ready yet.
        except (requests.ConnectionError, requests.Timeout):
            pass
        time.sleep(0.5)
    pytest.fail(f"the demo server did not answer within 180 s: {log.read_text()[-2000:]}")


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory) -> Iterator[str]:
    if not DEMO_INI.is_file():
        pytest.fail(f"{DEMO_INI} is missing: run `make test` (or `make demo`), which writes it")
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("demo") / "server.log"
    # The demo server reads the demo configuration only: the CKAN_* overrides that point the tests at
    # their own databases must not reach it (CKAN_VERSION does: the same CKAN as the tests).
    environment = environment_without_test_overrides()
    with log.open("wb") as out:
        server = subprocess.Popen(
            ["bash", str(REPO_ROOT / "scripts" / "stack.sh"), "serve-demo", str(port)],
            stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=environment,
        )
    try:
        _wait_until_serving(base_url, server, log)
        yield base_url
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_demo_home_and_dataset_list_are_served(demo_site):
    home = requests.get(demo_site + "/", timeout=30)
    assert home.status_code == 200
    assert "Agency Data Catalog" in home.text

    datasets = requests.get(demo_site + "/dataset/", timeout=30)
    assert datasets.status_code == 200
    assert f"/dataset/{SAMPLE_DATASET}" in datasets.text


def test_demo_api_finds_the_sample_kpi_dataset_by_a_thai_word(demo_site):
    response = requests.get(
        demo_site + "/api/3/action/package_search",
        params={"q": "ตัวชี้วัด", "fq": "kpi_document_kind:[* TO *]"}, timeout=30,
    )
    assert response.status_code == 200
    names = [dataset["name"] for dataset in response.json()["result"]["results"]]
    assert SAMPLE_DATASET in names
