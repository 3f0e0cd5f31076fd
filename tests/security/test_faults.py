"""Faults during a harvest job of the seed documents: Solr, and separately Redis, stopped mid-job and
started again. The job reports what failed, and a second run completes with every document's dataset
exactly once: counted and identified in PostgreSQL, in the search index and in the harvest objects.

The Solr and the Redis stopped here are this test's own, started on free ports (the shared ones on 8983 and
6379 serve other engineers' tests and are never touched): a copy of the ``ckan`` core's configuration in a
temporary Solr home, and a ``redis-server`` without persistence, as the set-up runs it."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import redis
import requests
from ckan import model
from ckan.lib import search
from ckan.lib.search.common import SolrConnectionError
from ckan.plugins import toolkit as tk
from ckan.tests.helpers import call_action

from ckanext.kpi import compat
from tests.support.harvest import DocumentServer, create_source, serve_folder, source_config

from .conftest import PLUGINS

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", f"{PLUGINS} kpi_document"),
    pytest.mark.ckan_config("ckanext.kpi.openness.check_links", False),
    pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index", "with_request_context"),
]
REPO_ROOT = Path(__file__).resolve().parents[2]
SOLR_LIB = REPO_ROOT / ".run" / "solr" / "lib"
SOLR_CORE_CONF = REPO_ROOT / ".run" / "solr" / "home" / "ckan" / "conf"
# The seeds one harvest source can publish together: 002 needs a document kind and a fiscal year of its
# own (ckanext/kpi/examples/harvest/seed_documents.json), 003 (1.6 MB) would double the test's time.
SEEDS = ("000_a7de958303e1344d.txt", "001_f22d53a17e33890d.txt", "004_7ca3ec07c9ca3b62.txt")
# Seed 004 (the PMQA guide) states no fiscal year; the others state theirs.
FISCAL_YEAR_BE = 2564
START_TIMEOUT_S = 180


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(ready: Callable[[], bool], process: subprocess.Popen, what: str, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{what} exited with {process.returncode}: {log.read_text()[-2000:]}")
        if ready():
            return
        time.sleep(0.3)
    pytest.fail(f"{what} did not answer within {START_TIMEOUT_S} s: {log.read_text()[-2000:]}")


@dataclass
class OwnService:
    """A server process of this test, stopped and started again on the same port (and data)."""

    name: str
    command: list[str]
    url: str
    log: Path
    answers: Callable[[], bool]
    process: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(self.command, stdout=out, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL)
        wait_until(self.answers, self.process, self.name, self.log)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=60)
        self.process = None


def solr_answers(core_url: str) -> Callable[[], bool]:
    def answers() -> bool:
        try:
            return requests.get(f"{core_url}/select", params={"q": "*:*", "rows": 0}, timeout=5).ok
        except requests.RequestException:
            return False

    return answers


def redis_answers(url: str) -> Callable[[], bool]:
    def answers() -> bool:
        try:
            return bool(redis.Redis.from_url(url, socket_timeout=2).ping())
        except redis.RedisError:
            return False

    return answers


@pytest.fixture(scope="module")
def own_solr(tmp_path_factory) -> Iterator[OwnService]:
    if not SOLR_CORE_CONF.is_dir() or not any(SOLR_LIB.glob("solr-core-*.jar")):
        pytest.fail("the Solr jars and core configuration are missing: run scripts/stack.sh setup")
    home = tmp_path_factory.mktemp("solr-home")
    (home / "solr.xml").write_text('<?xml version="1.0" encoding="UTF-8"?>\n<solr/>\n', encoding="utf-8")
    shutil.copytree(SOLR_CORE_CONF, home / "ckan" / "conf")
    (home / "ckan" / "core.properties").write_text("name=ckan\n", encoding="utf-8")
    port = free_port()
    core_url = f"http://127.0.0.1:{port}/solr/ckan"
    launcher = REPO_ROOT / "tools" / "solr" / "SolrMain.java"
    command = ["java", "-Xms128m", "-Xmx512m", "-cp", f"{SOLR_LIB}/*", str(launcher), str(home), str(port)]
    service = OwnService("own Solr", command, core_url, home / "solr.log", solr_answers(core_url))
    service.start()
    yield service
    service.stop()


@pytest.fixture(scope="module")
def own_redis(tmp_path_factory) -> Iterator[OwnService]:
    folder = tmp_path_factory.mktemp("redis")
    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    command = ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no",
               "--dir", str(folder)]
    service = OwnService("own Redis", command, url, folder / "redis.log", redis_answers(url))
    service.start()
    yield service
    service.stop()


@pytest.fixture
def on_own_services(own_solr, own_redis, monkeypatch) -> Iterator[None]:
    """CKAN's search index, its background-job queue and ckanext-harvest's queues on this test's servers."""
    from ckan.lib import jobs
    from ckan.lib import redis as ckan_redis

    if own_solr.process is None:
        own_solr.start()
    if own_redis.process is None:
        own_redis.start()
    url = compat.solr_url()
    compat.set_solr_url(own_solr.url)
    monkeypatch.setitem(tk.config, "ckan.redis.url", own_redis.url)
    # CKAN keeps one Redis connection pool and its queues once made: make them again for this Redis.
    monkeypatch.setattr(ckan_redis, "_connection_pool", None)
    monkeypatch.setattr(jobs, "_queues", {})
    search.clear_all()
    try:
        yield
    finally:
        compat.set_solr_url(url)
        compat.forget_rq_connections_to(int(own_redis.url.rsplit(":", 1)[1].split("/", 1)[0]))


@pytest.fixture
def seed_server(seeds_dir: Path, tmp_path: Path) -> Iterator[DocumentServer]:
    root = tmp_path / "served"
    root.mkdir()
    for seed in SEEDS:
        shutil.copy(seeds_dir / seed, root / seed)
    with serve_folder(root) as server:
        yield server


@pytest.fixture
def seed_source(sysadmin, organization, seed_server, dataset_defaults) -> dict[str, Any]:
    documents = [seed_server.url(seed) for seed in SEEDS]
    config = source_config(
        documents=documents, dataset_defaults=dataset_defaults, fiscal_year_be=FISCAL_YEAR_BE
    )
    return create_source(sysadmin, organization, seed_server.base_url, "kpi_document", config)


# ---- a harvest job, one queue message at a time ---------------------------------------------------------


def start_job(user: dict[str, Any], source_id: str) -> dict[str, Any]:
    """Create the job and run its gather stage: one fetch message per document waits in Redis."""
    from ckanext.harvest import queue

    job = call_action("harvest_job_create", {"user": user["name"]}, source_id=source_id, run=True)
    gather = queue.get_gather_consumer()
    reply = gather.basic_get(queue=queue.get_gather_queue_name())
    assert reply[2], "nothing on the gather queue"
    queue.gather_callback(gather, *reply)
    return job


def fetch_next() -> bool:
    """Run the fetch consumer's callback on the next message; False when the queue is empty."""
    from ckanext.harvest import queue

    fetch = queue.get_fetch_consumer()
    reply = fetch.basic_get(queue=queue.get_fetch_queue_name())
    if not reply[2]:
        return False
    queue.fetch_callback(fetch, *reply)
    return True


def crashed_consumers(error: type[Exception]) -> int:
    """Run the fetch callbacks until the queue is empty. A callback that raises ``error`` ends its consumer
    process, as in production, where the container's restart policy starts a new one: count those."""
    crashes = 0
    while True:
        try:
            if not fetch_next():
                return crashes
        except error:
            model.Session.rollback()
            crashes += 1


def assert_rerun_completes(user, organization, source, published_before: dict[str, str]) -> None:
    """A second job publishes every document without an error, each exactly once, and the datasets the
    interrupted job had published keep their ids."""
    second = run_whole_job(user, source["id"])
    assert (second["status"], second["stats"].get("errored", 0), second["errors"]) == ("Finished", 0, [])
    datasets = assert_every_document_once(user, organization, source)
    assert published_before.items() <= datasets.items()


def abort_stuck_job(user: dict[str, Any], source_id: str, job_id: str) -> dict[str, Any]:
    """What an operator does with a job that cannot finish (``ckan harvester job-abort``): its unfinished
    objects become errors and the job is finished, so its report shows them."""
    stuck = finish_job(user, source_id, job_id)
    assert stuck["status"] == "Running"  # harvest_jobs_run waits for objects that will never finish
    call_action("harvest_job_abort", {"user": user["name"]}, source_id=source_id)
    return call_action("harvest_job_show", {"user": user["name"]}, id=job_id)


def finish_job(user: dict[str, Any], source_id: str, job_id: str) -> dict[str, Any]:
    call_action("harvest_jobs_run", {"user": user["name"]}, source_id=source_id)
    return call_action("harvest_job_show", {"user": user["name"]}, id=job_id)


def run_whole_job(user: dict[str, Any], source_id: str) -> dict[str, Any]:
    job = start_job(user, source_id)
    while fetch_next():
        pass
    finished = finish_job(user, source_id, job["id"])
    errors = call_action("kpi_harvest_job_errors", {"user": user["name"]}, id=job["id"])
    return {**finished, "errors": [(error["guid"], error["rule"], error["message"]) for error in errors]}


# ---- what the harvest left --------------------------------------------------------------------------------


def stored_datasets(organization_id: str) -> dict[str, str]:
    """name → id of the organisation's active KPI datasets (those with a document kind), in PostgreSQL."""
    model.Session.expire_all()
    # Package.extras is a mapping on both CKAN versions (package_extra rows on 2.11, JSONB on 2.12).
    packages = [
        package for package in model.Session.query(model.Package).filter(
            model.Package.owner_org == organization_id, model.Package.type == "dataset",
            model.Package.state == "active",
        )
        if "kpi_document_kind" in package.extras
    ]
    rows = [(package.name, package.id) for package in packages]
    assert len(rows) == len({name for name, _ in rows}), f"duplicated dataset names: {rows}"
    return dict(rows)


def indexed_ids(user: dict[str, Any]) -> list[str]:
    found = call_action("package_search", {"user": user["name"]}, fq="kpi_document_kind:[* TO *]",
                        include_private=True, rows=100, fl="id")
    return sorted(result["id"] for result in found["results"])


def current_objects(source_id: str) -> dict[str, str]:
    """guid → package id of the source's current harvest objects."""
    from ckanext.harvest.model import HarvestObject

    model.Session.expire_all()
    objects = model.Session.query(HarvestObject).filter(
        HarvestObject.harvest_source_id == source_id, HarvestObject.current.is_(True)
    ).all()
    guids = [obj.guid for obj in objects]
    assert len(guids) == len(set(guids)), f"two current objects for one document: {guids}"
    return {obj.guid: obj.package_id for obj in objects}


def expected_names(organization: dict[str, Any]) -> list[str]:
    return sorted(f"{organization['name']}-{Path(seed).stem}" for seed in SEEDS)


def assert_every_document_once(user, organization, source) -> dict[str, str]:
    datasets = stored_datasets(organization["id"])
    assert sorted(datasets) == expected_names(organization)
    assert indexed_ids(user) == sorted(datasets.values())
    assert sorted(current_objects(source["id"]).values()) == sorted(datasets.values())
    return datasets


def object_states(job_id: str) -> dict[str, int]:
    """How many of the job's harvest objects are in each state (COMPLETE, ERROR …)."""
    from ckanext.harvest.model import HarvestObject

    model.Session.expire_all()
    objects = model.Session.query(HarvestObject).filter(HarvestObject.harvest_job_id == job_id).all()
    return dict(Counter(obj.state for obj in objects))


# ---- the faults ------------------------------------------------------------------------------------------


def test_solr_stopped_mid_job(on_own_services, own_solr, sysadmin, organization, seed_source):
    job = start_job(sysadmin, seed_source["id"])
    assert fetch_next() and fetch_next()  # two of the three documents published while Solr is up
    published_before = stored_datasets(organization["id"])
    own_solr.stop()
    # The index write that ends package_create fails: the import stage records it on the object and the
    # fetch consumer lives on (harvesters/base.py, docs/security.md).
    assert crashed_consumers(SolrConnectionError) == 0
    own_solr.start()
    assert stored_datasets(organization["id"]) == published_before  # nothing half-written

    first = finish_job(sysadmin, seed_source["id"], job["id"])
    assert first["status"] == "Finished"  # no operator needed
    assert object_states(job["id"]) == {"COMPLETE": 2, "ERROR": 1}
    assert (first["stats"].get("added", 0), first["stats"].get("errored", 0)) == (2, 1)
    errors = call_action("kpi_harvest_job_errors", {"user": sysadmin["name"]}, id=job["id"])
    assert [error["rule"] for error in errors] == ["search_unavailable"]

    assert_rerun_completes(sysadmin, organization, seed_source, published_before)


def test_redis_stopped_mid_job(on_own_services, own_redis, sysadmin, organization, seed_source):
    job = start_job(sysadmin, seed_source["id"])
    assert fetch_next()
    published_before = stored_datasets(organization["id"])
    own_redis.stop()
    with pytest.raises(redis.ConnectionError):
        fetch_next()  # the fetch consumer loses its queue
    own_redis.start()  # empty: the queued documents were lost with the server
    assert fetch_next() is False
    aborted = abort_stuck_job(sysadmin, seed_source["id"], job["id"])
    assert aborted["status"] == "Finished"
    assert object_states(job["id"]) == {"COMPLETE": 1, "ERROR": 2}
    assert aborted["stats"].get("added", 0) == 1

    assert_rerun_completes(sysadmin, organization, seed_source, published_before)
