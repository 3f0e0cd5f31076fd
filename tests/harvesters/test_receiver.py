"""Issue 16: a catalog that does not run this extension harvests ours.

The test starts two real CKAN servers from this virtual environment, on free loopback ports:

* **our site**: ``ckan run`` with the test configuration, serving what this test loaded
  (``ckan kpi load-demo``: the demo's sample KPI dataset and the five seed documents harvested into KPI
  datasets, public), plus a plain DGA dataset and two private datasets that must never leave;
* **the receiver**, imitating the national GD Catalog: its own PostgreSQL database
  (``ckan_receiver_test<KPI_DB_SUFFIX>``), its own ``ckan.site_id`` on the shared Solr, the plugins
  ``scheming_datasets harvest ckan_harvester dcat dcat_rdf_harvester`` and ``gdc_receiver`` (a Thai tag rule,
  tests/harvesters/receiver/gdc_receiver.py), and a scheming schema with thai_gdc's field names written by us
  (tests/harvesters/receiver/gdc_dataset.json) — NOT our ``kpi`` plugin nor our schema.

The receiver harvests us with ckanext-harvest's ``ckan`` harvester (our action API) and with ckanext-dcat's
``dcat_rdf`` harvester (our ``/catalog.ttl``; the receiver parses with ``euro_dcat_ap_3`` and our ``thai_dga``
RDF profile, which it can install without our plugin), each job run to completion by ``ckan harvester
run-test``. Then every public dataset must be on the receiver with the 14 DGA items equal to ours, its tags
and its resources (URLs answering anonymously), the KPI fields as extras (ckan harvester), its pages
answering 200, and no private dataset anywhere.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests
from ckan.tests.helpers import call_action

RECEIVER_FILES = Path(__file__).resolve().parent / "receiver"
REPO_ROOT = Path(__file__).resolve().parents[2]
CKAN = Path(sys.executable).with_name("ckan")
START_TIMEOUT = 120
HTTP_TIMEOUT = 60


def _free_port(taken: int = 0) -> int:
    """A free loopback port: in this engineer's range (KPI_DEMO_PORT + 50 … + 99) when the stack gives one,
    else one the system picks."""
    base = int(os.environ.get("KPI_DEMO_PORT") or 0)
    candidates = [*range(base + 50, base + 100), 0] if base else [0]
    for candidate in candidates:
        if candidate and candidate == taken:
            continue
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", candidate))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise RuntimeError("no free loopback port")


# Our site's URL must be known before the test's configuration is built: the datasets' resource URLs are
# written into the search index with it, and package_search (what the ckan harvester reads) serves them.
OUR_PORT = _free_port()
OUR_URL = f"http://127.0.0.1:{OUR_PORT}"

pytestmark = [
    pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index"),
    pytest.mark.ckan_config("ckan.site_url", OUR_URL),
]

# The 14 mandatory DGA items (docs/metadata.md), as thai_gdc names them; owner_org is compared by name,
# tags separately, and the update frequency with its interval.
DGA_ITEMS = (
    "title", "maintainer", "maintainer_email", "notes", "objective", "update_frequency_unit",
    "update_frequency_interval", "geo_coverage", "data_source", "data_format", "data_category", "license_id",
    "accessible_condition",
)
KPI_FIELDS = ("kpi_document_kind", "kpi_fiscal_year", "kpi_issuing_agency")


# ---- servers -------------------------------------------------------------------------------------------


def _run(command: list[str], env: dict[str, str], log: Path, timeout: int = 600) -> str:
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout,
                            stdin=subprocess.DEVNULL)
    with log.open("a", encoding="utf-8") as out:
        out.write(f"$ {' '.join(command)}\n{result.stdout}\n{result.stderr}\n")
    if result.returncode != 0:
        pytest.fail(f"{' '.join(command[:4])}… failed ({result.returncode}): {result.stderr[-3000:]}")
    return result.stdout


def _wait_until_up(server: subprocess.Popen, base_url: str, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if server.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"the CKAN server at {base_url} did not start: {log.read_text()[-3000:]}")
        try:
            if requests.get(f"{base_url}/api/3/action/status_show", timeout=5).ok:
                return
        except requests.RequestException:
            time.sleep(0.5)


def _serve(ini: str, port: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    command = [str(CKAN), "-c", ini, "run", "-H", "127.0.0.1", "-p", str(port), "--disable-reloader"]
    with log.open("ab") as out:
        return subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL)


def _stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=30)


@pytest.fixture
def our_site(tmp_path, ckan_config) -> Iterator[str]:
    """Our test site over HTTP: the test's own databases and index (the CKAN_* variables of
    scripts/stack.sh pytest reach the server), served at OUR_URL."""
    ini = os.environ.get("KPI_TEST_INI") or str(REPO_ROOT / "test.ini")
    env = {**os.environ, "CKAN_SITE_URL": OUR_URL}
    log = tmp_path / "our-site.log"
    server = _serve(ini, OUR_PORT, env, log)
    try:
        _wait_until_up(server, OUR_URL, log)
        yield OUR_URL
    finally:
        _stop(server)


def _receiver_database_url(ckan_config) -> str:
    """The receiver's database: the test database's server and role, the name ckan_receiver_test<suffix>
    (scripts/stack.sh creates it beside ckan_test<suffix>)."""
    test_url = urlsplit(os.environ.get("CKAN_SQLALCHEMY_URL") or ckan_config["sqlalchemy.url"])
    name = test_url.path.lstrip("/").replace("ckan_test", "ckan_receiver_test", 1)
    return urlunsplit(test_url._replace(path=f"/{name}"))


def _empty_database(database_url: str) -> None:
    import psycopg2

    try:
        connection = psycopg2.connect(database_url)
    except psycopg2.OperationalError as error:
        pytest.fail(f"the receiver's database is missing ({error}): scripts/stack.sh setup creates it")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public")
    connection.close()


class Receiver:
    def __init__(self, ini: Path, url: str, env: dict[str, str], log: Path, site_id: str) -> None:
        self.ini, self.url, self.env, self.log, self.site_id = ini, url, env, log, site_id
        self.token = ""

    def cli(self, *args: str) -> str:
        return _run([str(CKAN), "-c", str(self.ini), *args], self.env, self.log)

    def action(self, action_name: str, /, **data: Any) -> Any:
        response = requests.post(f"{self.url}/api/3/action/{action_name}", json=data, timeout=HTTP_TIMEOUT,
                                 headers={"Authorization": self.token} if self.token else {})
        body = response.json()
        assert body.get("success"), f"receiver {action_name}: {body.get('error')}"
        return body["result"]

    def anonymous(self, action_name: str, /, **params: Any) -> Any:
        response = requests.get(f"{self.url}/api/3/action/{action_name}", params=params, timeout=HTTP_TIMEOUT)
        assert response.ok, f"receiver {action_name}: {response.status_code} {response.text[:500]}"
        return response.json()["result"]


@pytest.fixture
def receiver(tmp_path, ckan_config) -> Iterator[Receiver]:
    port = _free_port(taken=OUR_PORT)
    url = f"http://127.0.0.1:{port}"
    suffix = os.environ.get("KPI_DB_SUFFIX", "")
    site_id = f"kpi-receiver{suffix}"
    database_url = _receiver_database_url(ckan_config)
    ini = tmp_path / "receiver.ini"
    log = tmp_path / "receiver.log"
    # The receiver reads its own ini only: none of the CKAN_* overrides that point the tests at our databases.
    env = {key: value for key, value in os.environ.items() if not key.startswith("CKAN")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(tmp_path / "plugins"), env.get("PYTHONPATH")]))
    _register_receiver_plugin(tmp_path / "plugins")
    _run([str(CKAN), "generate", "config", str(ini)], env, log)
    storage = tmp_path / "receiver-storage"
    storage.mkdir()
    settings = {
        "ckan.site_url": url,
        "ckan.site_id": site_id,
        "sqlalchemy.url": database_url,
        "solr_url": os.environ.get("CKAN_SOLR_URL") or ckan_config["solr_url"],
        "ckan.redis.url": os.environ.get("CKAN_REDIS_URL") or ckan_config["ckan.redis.url"],
        "ckan.plugins": "scheming_datasets harvest ckan_harvester dcat dcat_rdf_harvester gdc_receiver",
        "scheming.dataset_schemas": "gdc_receiver_files:gdc_dataset.json",
        "scheming.presets": "ckanext.scheming:presets.json",
        "scheming.dataset_fallback": "false",
        "ckanext.dcat.rdf.profiles": "euro_dcat_ap_3 thai_dga",
        "ckan.storage_path": str(storage),
        "ckan.harvest.mq.type": "redis",
        "ckan.search.solr_commit": "true",
        "ckan.locale_default": "th",
        "ckan.locales_offered": "th en",
    }
    _run([str(CKAN), "config-tool", str(ini), *(f"{key}={value}" for key, value in settings.items())],
         env, log)
    _empty_database(database_url)
    requests.post(f"{settings['solr_url']}/update?commit=true",
                  json={"delete": {"query": f'site_id:"{site_id}"'}}, timeout=HTTP_TIMEOUT).raise_for_status()
    found = Receiver(ini, url, env, log, site_id)
    found.cli("db", "init")
    password = secrets.token_urlsafe(16)
    found.cli("user", "add", "receiver-admin", "email=admin@receiver.example", f"password={password}")
    found.cli("sysadmin", "add", "receiver-admin")
    token_output = found.cli("user", "token", "add", "receiver-admin", "harvest")
    found.token = token_output.strip().splitlines()[-1].strip()
    server = _serve(str(ini), port, env, log)
    try:
        _wait_until_up(server, url, log)
        yield found
    finally:
        _stop(server)


def _register_receiver_plugin(folder: Path) -> None:
    """The receiver's plugin and schema as an importable package with a ``ckan.plugins`` entry point (a
    dist-info folder on its PYTHONPATH), so nothing of the test data is installed into the environment."""
    package = folder / "gdc_receiver_files"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "gdc_dataset.json").write_bytes((RECEIVER_FILES / "gdc_dataset.json").read_bytes())
    (folder / "gdc_receiver.py").write_bytes((RECEIVER_FILES / "gdc_receiver.py").read_bytes())
    dist = folder / "gdc_receiver_test-0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: gdc-receiver-test\nVersion: 0\n",
                                   encoding="utf-8")
    (dist / "entry_points.txt").write_text(
        "[ckan.plugins]\ngdc_receiver = gdc_receiver:GdcReceiverPlugin\n", encoding="utf-8"
    )


# ---- our catalog -----------------------------------------------------------------------------------------


def _load_our_catalog(cli, seeds_dir, monkeypatch, complete_dataset_dict) -> dict[str, dict[str, Any]]:
    """The demo's datasets and the five seeds (public, through their harvest sources), a plain DGA dataset,
    and two private datasets; returns our public datasets by name as package_show gives them."""
    from ckanext.kpi.cli import kpi

    monkeypatch.setenv("KPI_SEEDS_DIR", str(seeds_dir))
    loaded = cli.invoke(kpi, ["load-demo"])
    assert loaded.exit_code == 0, loaded.output
    site = call_action("get_site_user", {"ignore_auth": True})
    context = {"user": site["name"], "ignore_auth": True}
    git = call_action("organization_show", context=dict(context), id="git")
    call_action("package_create", context=dict(context), **complete_dataset_dict(
        owner_org=git["id"], name="git-budget-disbursement-2567", private=False))
    call_action("package_create", context=dict(context), **complete_dataset_dict(
        owner_org=git["id"], name="git-private-with-consent", title="ชุดข้อมูลส่วนตัวที่ยินยอมให้นำไปใช้",
        private=True, allow_harvest="True"))
    call_action("package_create", context=dict(context), **complete_dataset_dict(
        owner_org=git["id"], name="git-personal-records", title="ทะเบียนบุคคล", private=True,
        data_category="ข้อมูลส่วนบุคคล", data_classification="ลับ", allow_harvest="False"))
    public = call_action("package_search", {"ignore_auth": False, "user": ""}, rows=1000,
                         fq="+dataset_type:dataset")["results"]
    return {package["name"]: call_action("package_show", context=dict(context), id=package["name"])
            for package in public}


# ---- comparisons ---------------------------------------------------------------------------------------


def _normalised(value: Any) -> Any:
    if isinstance(value, str) and value.startswith("["):
        try:
            value = json.loads(value)
        except ValueError:
            return value
    if isinstance(value, list):
        return sorted(str(item) for item in value)
    return "" if value is None else str(value)


def dga_items(package: dict[str, Any]) -> dict[str, Any]:
    items = {name: _normalised(package.get(name)) for name in DGA_ITEMS}
    items["tags"] = sorted(tag["name"] for tag in package.get("tags", []))
    return items


def resources_of(package: dict[str, Any]) -> list[tuple[str, str, str]]:
    return sorted((r.get("name") or "", (r.get("format") or "").upper(), r.get("url") or "")
                  for r in package.get("resources", []))


def extras_of(package: dict[str, Any]) -> dict[str, str]:
    return {extra["key"]: extra["value"] for extra in package.get("extras", [])}


def _run_harvest(receiver: Receiver, source_name: str) -> dict[str, Any]:
    receiver.cli("harvester", "run-test", source_name)
    source = receiver.action("harvest_source_show", id=source_name)
    (job,) = receiver.action("harvest_job_list", source_id=source["id"])
    return job


# ---- the test ------------------------------------------------------------------------------------------


def test_a_gd_catalog_without_our_plugin_harvests_every_public_dataset(
    cli, seeds_dir, monkeypatch, complete_dataset_dict, our_site, receiver
):
    ours = _load_our_catalog(cli, seeds_dir, monkeypatch, complete_dataset_dict)
    kpi_names = sorted(name for name, package in ours.items() if package.get("kpi_document_kind"))
    assert len(kpi_names) == 6, sorted(ours)  # the demo's sample and the five seeds
    assert "git-budget-disbursement-2567" in ours and len(ours) == 7
    private_names = {"git-private-with-consent", "git-personal-records"}
    # What our site serves anonymously is exactly that.
    served = requests.get(f"{our_site}/api/3/action/package_search", params={"rows": 1000},
                          timeout=HTTP_TIMEOUT).json()["result"]
    assert sorted(package["name"] for package in served["results"]) == sorted(ours)

    # ---- ckanext-harvest's `ckan` harvester over our action API ----
    # A source needs an owner; the datasets go to their own organisations, created from ours.
    receiver.action("organization_create", name="harvesting", title="Harvest sources")
    receiver.action("harvest_source_create", name="agency-ckan", title="Agency catalog (CKAN API)",
                    url=our_site, source_type="ckan", frequency="MANUAL", owner_org="harvesting",
                    config=json.dumps({"remote_orgs": "create"}))
    job = _run_harvest(receiver, "agency-ckan")
    assert (job["status"], job["stats"].get("errored", 0), job["stats"].get("added")) == (
        "Finished", 0, len(ours)), job
    arrived = {
        package["name"]: package
        for package in receiver.anonymous("package_search", rows=1000, fq="+dataset_type:dataset")["results"]
    }
    assert sorted(arrived) == sorted(ours)
    assert not private_names & set(arrived)
    for name, mine in ours.items():
        theirs = receiver.anonymous("package_show", id=name)
        assert dga_items(theirs) == dga_items(mine), name
        assert theirs["organization"]["name"] == mine["organization"]["name"], name
        assert resources_of(theirs) == resources_of(mine), name
        if name in kpi_names:
            stored = extras_of(theirs)
            assert {field: stored.get(field) for field in KPI_FIELDS} == {
                field: str(mine[field]) for field in KPI_FIELDS}, name
    fetched = 0
    for name in kpi_names:  # the KPI tables arrive as resources whose URLs answer anonymously
        for resource in arrived[name]["resources"]:
            response = requests.get(resource["url"], timeout=HTTP_TIMEOUT, stream=True)
            assert response.status_code == 200, (name, resource["url"])
            assert resource["url"].startswith(f"{our_site}/dataset/")
            response.close()
            fetched += 1
    assert fetched >= 5 * 5  # each seed has its tables, bundle and original document
    organizations = {package["organization"]["name"] for package in ours.values()}
    pages = ["/dataset/", *(f"/dataset/{name}" for name in ours)]
    pages += [f"/organization/{organization}" for organization in organizations]
    for page in pages:
        assert requests.get(f"{receiver.url}{page}", timeout=HTTP_TIMEOUT).status_code == 200, page

    # ---- ckanext-dcat's `dcat_rdf` harvester over our /catalog.ttl ----
    receiver.action("organization_create", name="dcat-harvest", title="DCAT harvest")
    receiver.action("harvest_source_create", name="agency-dcat", title="Agency catalog (DCAT)",
                    url=f"{our_site}/catalog.ttl", source_type="dcat_rdf", frequency="MANUAL",
                    owner_org="dcat-harvest", config=json.dumps({"rdf_format": "text/turtle"}))
    job = _run_harvest(receiver, "agency-dcat")
    assert (job["status"], job["stats"].get("errored", 0), job["stats"].get("added")) == (
        "Finished", 0, len(ours)), job
    by_dcat = {
        package["title"]: receiver.anonymous("package_show", id=package["name"])
        for package in receiver.anonymous(
            "package_search", rows=1000, fq='+dataset_type:dataset +organization:"dcat-harvest"')["results"]
    }
    assert sorted(by_dcat) == sorted(package["title"] for package in ours.values())
    for mine in ours.values():
        theirs = by_dcat[mine["title"]]
        assert dga_items(theirs) == dga_items(mine), mine["name"]
        assert [(n, u) for n, _f, u in resources_of(theirs)] == [(n, u) for n, _f, u in resources_of(mine)]
    assert not {package["title"] for package in by_dcat.values()} & {"ชุดข้อมูลส่วนตัวที่ยินยอมให้นำไปใช้",
                                                                    "ทะเบียนบุคคล"}
    total = receiver.anonymous("package_search", rows=0, fq="+dataset_type:dataset")["count"]
    assert total == 2 * len(ours)
    # Not even as a private dataset: the receiver's sysadmin sees the same.
    everything = receiver.action("package_search", rows=1000, include_private=True, include_drafts=True,
                                 fq="+dataset_type:dataset")["results"]
    assert len(everything) == total and not private_names & {package["name"] for package in everything}
    print(f"receiver: {len(arrived)} datasets by the ckan harvester ({len(kpi_names)} KPI), {len(by_dcat)} "
          f"by dcat_rdf, {fetched} KPI resource URLs fetched, {len(pages)} pages 200, private arrived: 0")
