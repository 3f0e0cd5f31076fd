"""The agency admin's journey in Chromium, against the demo's production topology started by this test
(``scripts/stack.sh topology start``: gunicorn, the CKAN jobs worker, the harvest gather and fetch consumers
and scheduler, the seed file server, all supervised), on the demo databases, Solr and Redis:

1. create a dataset with the 14 DGA items through CKAN's form, upload a CSV to it and see its open-format
   result appear on the resource page without a manual reload;
2. create a ``kpi_document`` harvest source, run it, read its job report;
3. upload a document to "Create a KPI dataset from a document", watch the progress, read the preview,
   publish, open one of its indicator pages;
4. kill the jobs worker by its PID: supervisord has it back within 10 s and a queued check completes.

Screenshots of every step go to .run/artifacts/screenshots/admin-journey-*.png."""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.support.fixtures import environment_without_test_overrides

from .conftest import REPO_ROOT, full_page_screenshot

RUN = REPO_ROOT / ".run"
DEMO_INI = RUN / "ckan.ini"
STACK = REPO_ROOT / "scripts" / "stack.sh"
# The virtual environment running these tests (.venv or .venv-2.11 for the other CKAN version), so the
# commands below run the same CKAN as the test.
VENV_BIN = Path(sys.executable).parent
DEMO_PORT = int(os.environ.get("KPI_DEMO_PORT", "5000"))
BASE_URL = f"http://127.0.0.1:{DEMO_PORT}"
SEEDS = Path(os.environ.get("KPI_SEEDS_DIR") or REPO_ROOT.parent / "shared" / "seeds")
# The document uploaded in step 3: switch to a DOCX or PDF here once the readers are merged.
DOCUMENT = SEEDS / "000_a7de958303e1344d.txt"
# What the harvest source of step 2 reads from the supervised seed file server.
HARVESTED = "004_7ca3ec07c9ca3b62.txt"
COMPLETE = REPO_ROOT / "ckanext" / "kpi" / "examples" / "ckan" / "dataset_complete.json"
DGA_ITEMS = (
    "data_type",
    "maintainer",
    "maintainer_email",
    "tag_string",
    "notes",
    "objective",
    "update_frequency_unit",
    "update_frequency_interval",
    "geo_coverage",
    "data_source",
    "data_format",
    "data_category",
    "data_classification",
    "license_id",
    "accessible_condition",
    "data_language",
)
PASSWORD = "journey-" + secrets.token_urlsafe(10)


def demo_environment(**extra: str) -> dict[str, str]:
    """The demo's processes read the demo configuration only: the CKAN_* overrides that point the tests at
    their own databases must not reach them (CKAN_VERSION does: the same CKAN as the tests)."""
    return environment_without_test_overrides(**extra)


def supervisorctl(*args: str) -> str:
    command = [str(VENV_BIN / "supervisorctl"), "-c", str(RUN / "supervisord.conf"), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=30).stdout.strip()


@pytest.fixture(scope="module")
def topology() -> Iterator[str]:
    if not DEMO_INI.is_file():
        pytest.fail(f"{DEMO_INI} is missing: run `make test` (or scripts/stack.sh setup), which writes it")
    try:
        requests.get(f"{BASE_URL}/api/3/action/status_show", timeout=3)
        pytest.fail(f"something already answers on {BASE_URL}: stop the demo (make stop) before this test")
    except requests.ConnectionError:
        pass
    environment = demo_environment(KPI_HARVEST_RUN_INTERVAL="5")
    started = subprocess.run(
        ["bash", str(STACK), "topology", "start"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert started.returncode == 0, started.stdout + started.stderr
    try:
        yield BASE_URL
    finally:
        subprocess.run(["bash", str(STACK), "topology", "stop"], env=environment, timeout=120)


def ckan_cli(*args: str) -> str:
    command = [str(VENV_BIN / "ckan"), "-c", str(DEMO_INI), *args]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, env=demo_environment())
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def api(topology) -> Callable[..., Any]:
    """Calls the demo's action API as the demo sysadmin (a token made with the CLI for this test)."""
    output = ckan_cli("user", "token", "add", "admin", f"journey-{secrets.token_hex(4)}")
    token = output.strip().splitlines()[-1].strip()

    def call(action: str, files: dict[str, Any] | None = None, missing_ok: bool = False, **data: Any) -> Any:
        headers = {"Authorization": token}
        if files:
            response = requests.post(
                f"{topology}/api/3/action/{action}", data=data, files=files, headers=headers, timeout=60
            )
        else:
            response = requests.post(
                f"{topology}/api/3/action/{action}", json=data, headers=headers, timeout=60
            )
        body = response.json()
        if missing_ok and not body["success"] and body["error"].get("__type") == "Not Found Error":
            return None
        assert body["success"], (action, body.get("error"))
        return body["result"]

    return call


@pytest.fixture(scope="module")
def agency(api) -> Iterator[dict[str, str]]:
    """A new organisation and its admin (a plain user, not a sysadmin), for this run only; removed with
    everything made in it afterwards, so that the demo catalog shows only the demo's data."""
    suffix = secrets.token_hex(3)
    user = api(
        "user_create",
        name=f"journey-admin-{suffix}",
        email=f"journey-{suffix}@example.org",
        password=PASSWORD,
    )
    organization = api("organization_create", name=f"journey-{suffix}", title=f"หน่วยงานทดสอบ {suffix}")
    api("organization_member_create", id=organization["id"], username=user["name"], role="admin")
    yield {"user": user["name"], "organization": organization["name"], "organization_id": organization["id"]}
    remove_organization(api, organization["id"])
    api("user_delete", id=user["id"])


def remove_organization(api: Callable[..., Any], organization_id: str) -> None:
    """Purges an organisation of the demo and what it holds: harvest sources first (ckanext-harvest clears
    their jobs and the datasets they made), then its other datasets, drafts and private ones included."""

    def owned(fq: str) -> list[dict[str, Any]]:
        return api("package_search", fq=f'owner_org:"{organization_id}" {fq}', rows=1000,
                   include_private=True, include_drafts=True)["results"]

    for source in owned("+dataset_type:harvest"):
        api("harvest_source_clear", id=source["id"])
        api("harvest_source_delete", id=source["id"])  # marks its harvest_source row inactive
        api("dataset_purge", id=source["id"])
    for dataset in owned("-dataset_type:harvest"):
        # The datasets the source made are gone from PostgreSQL already, but may still be in the search
        # results until Solr's next soft commit.
        api("dataset_purge", id=dataset["id"], missing_ok=True)
    api("organization_purge", id=organization_id)


def wait_for(predicate: Callable[[], Any], seconds: float, what: str, interval: float = 0.5) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"{what}: not within {seconds} s")


def shot(driver: Any, step: str) -> None:
    full_page_screenshot(driver, f"admin-journey-{step}")


FILL_SCRIPT = """
const [name, value] = arguments;
const values = Array.isArray(value) ? value.map(String) : [String(value)];
// The page's own forms only: the language chooser's select is also named "url", and a change submits it.
const elements = Array.from(document.querySelectorAll(`[name="${name}"]`))
  .filter((element) => !(element.form && element.form.action.includes('/util/redirect')));
if (!elements.length) { return 'missing'; }
for (const element of elements) {
  if (element.type === 'checkbox' || element.type === 'radio') {
    element.checked = values.includes(element.value);
  } else if (element.tagName === 'SELECT') {
    for (const option of element.options) { option.selected = values.includes(option.value); }
  } else {
    element.value = values.join(',');
  }
  element.dispatchEvent(new Event('change', {bubbles: true}));
}
return 'ok';
"""


def fill(driver: Any, name: str, value: Any) -> None:
    assert driver.execute_script(FILL_SCRIPT, name, value) == "ok", f"no form field named {name}"


def log_in(driver: Any, base_url: str, user: str) -> None:
    from selenium.webdriver.common.by import By

    driver.get(f"{base_url}/en/user/login")
    driver.find_element(By.ID, "field-login").send_keys(user)
    driver.find_element(By.ID, "field-password").send_keys(PASSWORD)
    driver.find_element(By.ID, "field-password").submit()
    wait_for(lambda: "/user/login" not in driver.current_url, 30, "log in")


def test_the_agency_admins_journey(topology, api, agency, chromium, tmp_path):
    from selenium.webdriver.common.by import By

    driver, base = chromium, topology
    organization = agency["organization"]
    log_in(driver, base, agency["user"])

    # The admin's entry points: the dashboard page and the organisation's tabs.
    driver.get(f"{base}/en/dashboard/kpi")
    shot(driver, "01-dashboard")
    assert driver.find_element(By.CSS_SELECTOR, f'[data-organization="{organization}"]')
    shot(driver, "01-dashboard")

    # 1. A dataset with the 14 DGA items through CKAN's own form, then a CSV upload.
    complete = json.loads(COMPLETE.read_text(encoding="utf-8"))
    dataset_name = f"{organization}-budget"
    driver.get(f"{base}/en/dataset/new")
    fill(driver, "title", complete["title"])
    fill(driver, "name", dataset_name)
    fill(driver, "owner_org", agency["organization_id"])
    for item in DGA_ITEMS:
        fill(driver, item, complete[item])
    shot(driver, "02-dataset-form")
    driver.find_element(By.CSS_SELECTOR, "button[name=save]").click()
    wait_for(
        lambda: "/resource/new" in driver.current_url or "/new_resource" in driver.current_url,
        30,
        "the resource form after the dataset form",
    )
    csv_file = tmp_path / "budget-2567.csv"
    csv_file.write_text("quarter,amount\n1,120.5\n2,98.25\n3,143\n4,160\n", encoding="utf-8")
    upload_inputs = driver.find_elements(By.CSS_SELECTOR, "input[type=file][name=upload]")
    assert upload_inputs, "uploads are off: the resource form offers no file input"
    driver.execute_script(
        "arguments[0].style.display='block'; arguments[0].removeAttribute('hidden');", upload_inputs[0]
    )
    upload_inputs[0].send_keys(str(csv_file))
    fill(driver, "name", "budget-2567.csv")
    fill(driver, "format", "CSV")
    shot(driver, "03-resource-upload")
    driver.find_element(By.CSS_SELECTOR, "button[name=save][value=go-metadata]").click()
    wait_for(
        lambda: f"/dataset/{dataset_name}" in driver.current_url and "/new" not in driver.current_url,
        60,
        "the dataset page after the upload",
    )
    dataset = api("package_show", id=dataset_name)
    assert api("kpi_metadata_completeness", id=dataset_name)["datasets"][0]["complete"] is True
    resource = dataset["resources"][0]
    assert resource["url_type"] == "upload"
    driver.get(f"{base}/en/dataset/{dataset_name}/resource/{resource['id']}")
    started = time.monotonic()
    badge = wait_for(
        lambda: [
            b
            for b in driver.find_elements(By.CSS_SELECTOR, ".kpi-openness-badge")
            if "kpi-openness-pending" not in (b.get_attribute("class") or "")
        ],
        30,
        "the open-format result on the resource page, without a reload by the test",
    )
    elapsed = time.monotonic() - started
    assert "CSV" in badge[0].text and "Open format" in badge[0].text, badge[0].text
    shot(driver, "04-open-format-result")
    print(f"open-format result shown {elapsed:.1f} s after the page opened")

    # 2. A kpi_document harvest source on the seed file server, run, and its job report.
    source_name = f"{organization}-source"
    seed_url = f"http://127.0.0.1:{DEMO_PORT + 2}/{HARVESTED}"  # scripts/stack.sh: SEED_PORT
    defaults = {item: complete[item] for item in DGA_ITEMS if item != "notes"}
    config = {
        "index_format": "none",
        "allow_private_network": True,
        "fiscal_year_be": 2564,
        "private": True,
        # One source per URL and config: the run's own prefix keeps a re-run from meeting the last one's.
        "name_prefix": organization,
        "dataset_defaults": defaults,
    }
    driver.get(f"{base}/en/harvest/new")
    fill(driver, "url", seed_url)
    fill(driver, "title", f"KPI documents {organization}")
    fill(driver, "name", source_name)
    fill(driver, "source_type", "kpi_document")
    fill(driver, "config", json.dumps(config, ensure_ascii=False))
    fill(driver, "frequency", "MANUAL")
    fill(driver, "owner_org", agency["organization_id"])
    shot(driver, "05-harvest-source-form")
    driver.find_element(By.ID, "save").click()
    try:
        wait_for(lambda: f"/harvest/{source_name}" in driver.current_url, 60, "the new harvest source's page")
    finally:
        shot(driver, "05-harvest-source-saved")
    source_id = api("harvest_source_show", id=source_name)["id"]
    # The source's "Reharvest" button (ckanext-harvest's admin page) links here.
    driver.get(f"{base}/en/harvest/refresh/{source_id}")
    shot(driver, "06-harvest-source-admin")
    job = wait_for(
        lambda: [j for j in api("harvest_job_list", source_id=source_id) if j["status"] == "Finished"],
        120,
        "the harvest job to finish (gather and fetch consumers, scheduler)",
    )[0]
    assert job["stats"].get("added") == 1, job
    driver.get(f"{base}/en/harvest/{source_name}/job/{job['id']}")
    page = driver.find_element(By.TAG_NAME, "body").text
    assert "Finished" in page or "เสร็จ" in page
    shot(driver, "07-harvest-job-report")

    # 3. A document to a KPI dataset: progress, preview, publish, an indicator page.
    driver.get(f"{base}/en/organization/{organization}/kpi-document")
    driver.find_element(By.ID, "kpi-document").send_keys(str(DOCUMENT))
    shot(driver, "08-document-upload")
    driver.find_element(By.ID, "kpi-draft-submit").click()
    wait_for(lambda: "/kpi/draft/" in driver.current_url, 30, "the draft page")
    draft_url = driver.current_url
    states = set()

    def preview_shown() -> bool:
        states.add(driver.find_element(By.ID, "kpi-draft-state").text)
        return bool(driver.find_elements(By.ID, "kpi-draft-preview"))

    wait_for(preview_shown, 120, "the preview (the page updating itself)", interval=0.3)
    assert driver.current_url == draft_url
    print("draft states seen:", sorted(states))
    shot(driver, "09-draft-preview")
    assert int(driver.find_element(By.CSS_SELECTOR, "[data-kpi-field=indicators]").text) > 0
    assert driver.find_elements(By.CSS_SELECTOR, ".kpi-draft-indicators tbody tr td")
    # Nothing public yet: the catalog has no dataset of this document.
    assert (
        requests.get(
            f"{base}/api/3/action/package_search",
            params={"q": f"organization:{organization}", "fq": "kpi_document_kind:[* TO *]"},
            timeout=30,
        ).json()["result"]["count"]
        == 0
    )
    fill(driver, "visibility", "public")
    driver.find_element(By.ID, "kpi-draft-publish").click()
    wait_for(lambda: "/dataset/" in driver.current_url, 120, "the published dataset's page")
    shot(driver, "10-published-dataset")
    published = driver.current_url.rstrip("/").rsplit("/", 1)[-1]
    assert api("package_show", id=published)["private"] is False
    links = driver.find_elements(By.CSS_SELECTOR, f'a[href*="/{published}/indicator/"]')
    assert links, "the published dataset's page links no indicator page"
    driver.get(links[0].get_attribute("href"))
    shot(driver, "11-indicator-page")
    assert driver.find_elements(By.CSS_SELECTOR, ".kpi-indicator"), driver.page_source[:2000]

    # 4. The jobs worker killed by its PID: back within 10 s, and a queued check completes.
    old_pid = int(re.sub(r"\D", "", supervisorctl("pid", "jobs-worker")))
    os.kill(old_pid, 9)
    killed = time.monotonic()

    def new_worker() -> int:
        text = re.sub(r"\D", "", supervisorctl("pid", "jobs-worker"))
        return int(text) if text and int(text) not in (0, old_pid) else 0

    new_pid = wait_for(new_worker, 10, "the jobs worker back after kill -9", interval=0.2)
    back_after = time.monotonic() - killed
    print(f"jobs worker {old_pid} killed; {new_pid} running {back_after:.1f} s later")
    queued = api("kpi_openness_check", id=resource["id"], background=True)
    assert queued["state"] == "pending"
    done = wait_for(
        lambda: api("kpi_openness_report_show", id=resource["id"])["state"] != "pending",
        60,
        "the queued check after the worker restart",
    )
    assert done
    driver.get(f"{base}/en/dataset/{dataset_name}/resource/{resource['id']}")
    shot(driver, "12-check-after-worker-restart")

    # The admin's page again: the source, its finished job, the datasets.
    driver.get(f"{base}/en/dashboard/kpi")
    section = driver.find_element(By.CSS_SELECTOR, f'[data-organization="{organization}"]')
    assert source_name in section.get_attribute("innerHTML") and "Finished" in section.text
    shot(driver, "13-dashboard-after")
