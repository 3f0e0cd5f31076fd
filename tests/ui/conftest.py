"""Fixtures of the indicator-page tests: seed documents published as ``kpi`` datasets the way the
harvester publishes them (tidy CSV resources in the file store, observations in the DataStore)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.support.fixtures import organization, sysadmin  # noqa: F401  (fixtures)

PLUGINS = "activity datastore scheming_datasets harvest dcat kpi"
SEED_000 = "000_a7de958303e1344d.txt"
SEED_001 = "001_f22d53a17e33890d.txt"
SEED_002 = "002_519d0143a7a27fde.txt"
SEED_003 = "003_7ae9a440b3a3e7ac.txt"
SEED_004 = "004_7ca3ec07c9ca3b62.txt"
# Keys of the complete example that the harvester sets itself.
NOT_DEFAULTS = ("id", "name", "type", "owner_org", "resources", "private", "title")


def publish_seed(
    seed: Path,
    *,
    user: str,
    owner_org: str,
    defaults: dict[str, Any],
    private: bool = False,
    fiscal_year_be: int | None = None,
    document_kind: str = "",
) -> dict[str, Any]:
    """Extract one seed and publish it as the harvester does; returns the package dict."""
    from ckanext.kpi.harvesters.config import SourceConfig
    from ckanext.kpi.harvesters.publishing import extract_text, publish
    from ckanext.kpi.harvesters.resource_files import OriginalFile

    original = OriginalFile(seed.name, seed.read_bytes(), "text/plain", f"https://example.org/{seed.name}")
    config = SourceConfig(
        dataset_defaults=defaults, private=private, fiscal_year_be=fiscal_year_be, document_kind=document_kind
    )
    result = extract_text(original, None)
    return publish(result, original, config, owner_org=owner_org, user=user).package


@pytest.fixture
def dataset_defaults(complete_dataset_dict) -> dict[str, Any]:
    return {k: v for k, v in complete_dataset_dict().items() if k not in NOT_DEFAULTS}


@pytest.fixture
def seed_dataset(seeds_dir, sysadmin, organization, dataset_defaults):  # noqa: F811
    """``seed_dataset("001_….txt", private=False, **config)``: the seed published as a kpi dataset; config
    (``fiscal_year_be``, ``document_kind``) fills in what a document does not state."""

    def publish_one(name: str, private: bool = False, **config: Any) -> dict[str, Any]:
        return publish_seed(
            seeds_dir / name,
            user=sysadmin["name"],
            owner_org=organization["id"],
            defaults=dataset_defaults,
            private=private,
            **config,
        )

    return publish_one


REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO_ROOT / ".run" / "artifacts" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,1000",
)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def live_server(tmp_path, ckan_config):
    """``ckan run`` on a free loopback port with the test configuration; the CKAN_* variables that point
    the tests at this engineer's databases (scripts/stack.sh pytest) reach the server too, so it serves
    what the test's fixtures wrote."""
    import os
    import subprocess
    import sys
    import time

    import requests

    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    log = tmp_path / "server.log"
    ini = os.environ.get("KPI_TEST_INI") or str(REPO_ROOT / "test.ini")
    ckan = Path(sys.executable).with_name("ckan")
    command = [str(ckan), "-c", ini, "run", "-H", "127.0.0.1", "-p", str(port), "--disable-reloader"]
    with log.open("wb") as out:
        server = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 90
        while True:
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the CKAN server did not start: {log.read_text()[-2000:]}")
            try:
                if requests.get(f"{base_url}/api/3/action/status_show", timeout=2).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.5)
        yield base_url
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture
def chromium(tmp_path):
    """Debian's Chromium, headless, driven through Debian's ChromeDriver, with a fresh profile."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.fail(
            "chromium and chromium-driver are missing: run scripts/stack.sh setup, which installs them"
        )
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'chromium-profile'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def full_page_screenshot(driver: Any, name: str) -> Path:
    """A PNG of the whole page under .run/artifacts/screenshots/, kept as a test artefact."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.set_window_size(1280, 1000)  # measure the page, not the window left by a longer page
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, min(int(height) + 40, 12000))
    path = SCREENSHOTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path
