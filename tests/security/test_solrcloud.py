"""Scale-out proven: CKAN on SolrCloud, two harvest fetch consumers on one queue, and a Solr node stopped.

Solr runs in SolrCloud mode from the same Maven jars as the set-up's Solr (tools/solr/SolrMain.java): a
first node that also runs the embedded ZooKeeper and holds no replica (the address CKAN is given, as a load
balancer would be), and two data nodes, all on loopback. The ``ckan`` collection is created with one shard
and two replicas, one on each data node, from the configuration the set-up derives for the standalone core
(the derived schema and tools/solr/solrconfig.xml), uploaded to ZooKeeper as a configset.

The seeds are harvested by two real ``ckan harvester fetch-consumer`` processes reading one Redis queue:
each document is imported exactly once (PostgreSQL, the index on both replicas, the harvest objects). Then
the node holding the shard's leader is killed by its PID (SIGKILL): the other replica is elected leader,
and CKAN's search and indexing still answer.

The collection's schema is the derived one with ``_version_`` as a long with docValues
(tools/solr/derive_schema.py: solrcloud_schema_text). With CKAN's string ``_version_`` every re-index of a
committed dataset failed on the replica, the leader sent it into recovery, and a search routed to the
recovering replica missed the newest dataset: the test failed now and then (one dataset in PostgreSQL
missing from the search right after the harvest). The test now asserts that no node logged an update error
or a recovery, and that each replica, asked alone, holds every dataset at once.

Ports: KPI_SOLRCLOUD_PORT (default 8990) for the ZooKeeper node, the two after it for the data nodes, and the
third after it for the embedded ZooKeeper: one block of four, so each checkout can be given its own."""

from __future__ import annotations

import importlib.util
import io
import os
import signal
import subprocess
import sys
import time
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests
from ckan import model
from ckan.lib import search
from ckan.tests.helpers import call_action

from ckanext.kpi import compat

from .test_faults import (  # noqa: F401  (fixtures)
    PLUGINS,
    SOLR_CORE_CONF,
    SOLR_LIB,
    assert_every_document_once,
    expected_names,
    finish_job,
    indexed_ids,
    seed_server,
    seed_source,
    stored_datasets,
)

pytestmark = [
    pytest.mark.solrcloud,
    pytest.mark.ckan_config("ckan.plugins", f"{PLUGINS} kpi_document"),
    pytest.mark.ckan_config("ckanext.kpi.openness.check_links", False),
    pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index", "with_request_context"),
]
REPO_ROOT = Path(__file__).resolve().parents[2]
LAUNCHER = REPO_ROOT / "tools" / "solr" / "SolrMain.java"
DERIVE_SCHEMA = REPO_ROOT / "tools" / "solr" / "derive_schema.py"
BASE_PORT = int(os.environ.get("KPI_SOLRCLOUD_PORT", "8990"))
START_TIMEOUT_S = 240
CONSUMER_DEADLINE_S = 900
SOLR_XML = """<?xml version="1.0" encoding="UTF-8"?>
<solr>
  <solrcloud>
    <str name="host">127.0.0.1</str>
    <int name="hostPort">${hostPort:0}</int>
    <str name="hostContext">solr</str>
    <int name="zkClientTimeout">30000</int>
    <bool name="genericCoreNodeNames">true</bool>
  </solrcloud>
</solr>
"""
ZOO_CFG = "tickTime=2000\ninitLimit=10\nsyncLimit=5\nadmin.enableServer=false\n"


@dataclass
class SolrCloud:
    ports: list[int]
    logs: Path
    processes: dict[int, subprocess.Popen] = field(default_factory=dict)

    @property
    def admin(self) -> str:
        return f"http://127.0.0.1:{self.ports[0]}/solr/admin"

    @property
    def collection_url(self) -> str:
        return f"http://127.0.0.1:{self.ports[0]}/solr/ckan"

    def replica_trouble(self) -> list[str]:
        """The lines of the nodes' logs that tell of a replica that rejected an update or recovered."""
        return [f"{log.name}: {line[:300]}" for log in sorted(self.logs.glob("*.log"))
                for line in log.read_text(encoding="utf-8", errors="replace").splitlines()
                if any(sign in line for sign in REPLICA_TROUBLE)]

    def node_name(self, port: int) -> str:
        return f"127.0.0.1:{port}_solr"

    def status(self) -> dict[str, Any]:
        answer = requests.get(f"{self.admin}/collections", params={"action": "CLUSTERSTATUS", "wt": "json"},
                              timeout=60)
        answer.raise_for_status()
        return answer.json()["cluster"]

    def replicas(self) -> dict[str, dict[str, Any]]:
        return self.status()["collections"]["ckan"]["shards"]["shard1"]["replicas"]

    def leader(self) -> dict[str, Any] | None:
        live = set(self.status()["live_nodes"])
        for replica in self.replicas().values():
            active = replica["state"] == "active" and replica["node_name"] in live
            if active and replica.get("leader") == "true":
                return replica
        return None


def _start_node(home: Path, port: int, zookeeper: str, log: Path, runs_zookeeper: bool) -> subprocess.Popen:
    home.mkdir(parents=True)
    (home / "solr.xml").write_text(SOLR_XML, encoding="utf-8")
    if runs_zookeeper:
        (home / "zoo.cfg").write_text(ZOO_CFG, encoding="utf-8")
    zk_option = f"-DzkRun={zookeeper}" if runs_zookeeper else f"-DzkHost={zookeeper}"
    command = ["java", "-Xms128m", "-Xmx384m", zk_option, f"-DhostPort={port}", f"-Dsolr.log.dir={home}",
               "-cp", f"{SOLR_LIB}/*", str(LAUNCHER), str(home), str(port)]
    with log.open("ab") as out:
        return subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)


def _wait(ready: Any, what: str, cloud: SolrCloud, logs: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        for port, process in cloud.processes.items():
            if process.poll() is not None:
                pytest.fail(f"Solr node {port} exited: {(logs / f'{port}.log').read_text()[-2000:]}")
        try:
            if ready():
                return
        except (requests.RequestException, KeyError, ValueError):
            pass
        time.sleep(1)
    pytest.fail(f"SolrCloud: {what} within {START_TIMEOUT_S} s")


# What a node logs when a replica rejects the leader's update and is sent into recovery.
REPLICA_TROUBLE = ("UnsupportedOperationException", "start recovery", "Error when calling SolrCmdDistributor")


def solrcloud_schema_text(core_schema_text: str) -> str:
    spec = importlib.util.spec_from_file_location("derive_schema", DERIVE_SCHEMA)
    assert spec is not None and spec.loader is not None
    derive_schema = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(derive_schema)
    return derive_schema.solrcloud_schema_text(core_schema_text)


def configset_zip() -> bytes:
    """The standalone ``ckan`` core's configuration (derived schema, tools/solr/solrconfig.xml), its schema
    made fit for replication as an operator's is (derive_schema.py writes ckan.solrcloud.schema.xml)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(SOLR_CORE_CONF.iterdir()):
            if path.name == "schema.xml":
                archive.writestr(path.name, solrcloud_schema_text(path.read_text(encoding="utf-8")))
            else:
                archive.write(path, path.name)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def solr_cloud(tmp_path_factory) -> Iterator[SolrCloud]:
    if not SOLR_CORE_CONF.is_dir() or not any(SOLR_LIB.glob("solr-core-*.jar")):
        pytest.fail("the Solr jars and core configuration are missing: run scripts/stack.sh setup")
    root = tmp_path_factory.mktemp("solrcloud")
    cloud = SolrCloud(ports=[BASE_PORT, BASE_PORT + 1, BASE_PORT + 2], logs=root)
    zookeeper = f"127.0.0.1:{BASE_PORT + 3}"
    try:
        cloud.processes[BASE_PORT] = _start_node(root / "zk-node", BASE_PORT, zookeeper,
                                                 root / f"{BASE_PORT}.log", runs_zookeeper=True)
        _wait(lambda: cloud.status() is not None, "the first node (with ZooKeeper) to answer", cloud, root)
        for port in cloud.ports[1:]:
            cloud.processes[port] = _start_node(root / f"node-{port}", port, zookeeper, root / f"{port}.log",
                                                runs_zookeeper=False)
        _wait(lambda: len(cloud.status()["live_nodes"]) == 3, "three live nodes", cloud, root)
        uploaded = requests.post(f"{cloud.admin}/configs", params={"action": "UPLOAD", "name": "ckan"},
                                 data=configset_zip(), headers={"Content-Type": "application/octet-stream"},
                                 timeout=120)
        assert uploaded.ok, uploaded.text
        created = requests.get(f"{cloud.admin}/collections", timeout=300, params={
            "action": "CREATE", "name": "ckan", "numShards": 1, "replicationFactor": 2,
            "collection.configName": "ckan", "wt": "json",
            "createNodeSet": ",".join(cloud.node_name(port) for port in cloud.ports[1:]),
        })
        assert created.ok, created.text
        _wait(lambda: cloud.leader() is not None and all(
            replica["state"] == "active" for replica in cloud.replicas().values()), "an active collection",
            cloud, root)
        yield cloud
    finally:
        for process in cloud.processes.values():
            if process.poll() is None:
                process.terminate()
        for process in cloud.processes.values():
            process.wait(timeout=60)


@pytest.fixture
def on_solr_cloud(solr_cloud) -> Iterator[SolrCloud]:
    with compat.solr_url_set_to(solr_cloud.collection_url):
        search.clear_all()
        yield solr_cloud


def run_job_with_two_consumers(user: dict[str, Any], source_id: str, cloud: SolrCloud) -> dict[str, Any]:
    """Gather in this process; two real fetch-consumer processes on the one fetch queue import."""
    from ckan.plugins.toolkit import config

    from ckanext.harvest import queue
    from ckanext.harvest.model import HarvestObject

    # Messages an earlier test of the session may have left on this site's queues are not this job's.
    queue.purge_queues()
    gather = queue.get_gather_consumer()
    job = call_action("harvest_job_create", {"user": user["name"]}, source_id=source_id, run=True)
    queue.gather_callback(gather, *gather.basic_get(queue=queue.get_gather_queue_name()))
    test_ini = Path(config["__file__"])
    consumer_ini = test_ini.parent / ".run" / "solrcloud-consumer.ini"
    consumer_ini.write_text(test_ini.read_text(encoding="utf-8").replace("%(here)s", str(test_ini.parent)),
                            encoding="utf-8")
    # The consumers get the tests' databases and Redis from the environment, and the cloud's collection.
    environment = {**os.environ, "CKAN_SOLR_URL": cloud.collection_url}
    # The ckan command of the virtual environment running this test: the same CKAN version.
    command = [str(Path(sys.executable).parent / "ckan"), "-c", str(consumer_ini), "harvester",
               "fetch-consumer"]
    logs = [consumer_ini.with_suffix(f".{n}.log") for n in (1, 2)]
    consumers = []
    for log in logs:
        with log.open("wb") as out:
            consumers.append(subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=environment))
    try:
        deadline = time.monotonic() + CONSUMER_DEADLINE_S
        while True:
            model.Session.expire_all()
            unfinished = model.Session.query(HarvestObject).filter(
                HarvestObject.harvest_job_id == job["id"], HarvestObject.state.notin_(("COMPLETE", "ERROR"))
            ).count()
            if not unfinished:
                break
            assert all(c.poll() is None for c in consumers), [log.read_text()[-1500:] for log in logs]
            assert time.monotonic() < deadline, "the consumers did not finish"
            time.sleep(0.5)
        # Both consumers read the one queue until the job's last document was imported.
        assert [consumer.poll() for consumer in consumers] == [None, None]
    finally:
        for consumer in consumers:
            consumer.terminate()
        for consumer in consumers:
            consumer.wait(timeout=60)
    finish_job(user, source_id, job["id"])
    return {"job": job, "logs": [log.read_text() for log in logs]}


def replica_counts(cloud: SolrCloud) -> dict[str, int]:
    """core → kpi datasets of this site, asked of each replica alone (distrib=false)."""
    from ckan.plugins.toolkit import config

    counts = {}
    for replica in cloud.replicas().values():
        answer = requests.get(f"{replica['base_url']}/{replica['core']}/select", timeout=60, params={
            "q": "*:*", "rows": 0, "distrib": "false", "wt": "json",
            "fq": [f"site_id:\"{config['ckan.site_id']}\"", "kpi_document_kind:[* TO *]"],
        })
        answer.raise_for_status()
        counts[replica["core"]] = answer.json()["response"]["numFound"]
    return counts


def describe_index_against_database(cloud: SolrCloud, user: dict[str, Any], stored_ids: list[str]) -> str:
    """For each id in only one of CKAN's search and PostgreSQL: its row, its harvest objects, and the document
    each replica holds (asked alone), then the search again a few seconds later (a visibility lag)."""
    from ckan.plugins.toolkit import config

    from ckanext.harvest.model import HarvestObject

    searched = indexed_ids(user)
    lines = [f"search: {searched}", f"postgresql: {stored_ids}", f"replicas: {cloud.replicas()}"]
    model.Session.expire_all()
    for dataset_id in sorted(set(searched) ^ set(stored_ids)):
        package = model.Session.get(model.Package, dataset_id)
        row = package and (package.name, package.type, package.state, package.private, package.owner_org)
        objects = [(o.harvest_job_id, o.guid, o.state, o.current) for o in
                   model.Session.query(HarvestObject).filter(HarvestObject.package_id == dataset_id)]
        lines.append(f"{dataset_id}: row {row}, harvest objects {objects}")
        for replica in cloud.replicas().values():
            answer = requests.get(f"{replica['base_url']}/{replica['core']}/select", timeout=60, params={
                "q": f"id:{dataset_id}", "distrib": "false", "wt": "json",
                "fl": "id,name,state,dataset_type,site_id,capacity,_version_,metadata_modified,index_id"})
            lines.append(f"  {replica['core']} ({replica['state']}, leader={replica.get('leader')}): "
                         f"{answer.json()['response']['docs'] if answer.ok else answer.text[:300]}")
    time.sleep(5)
    lines.append(f"search 5 s later: {indexed_ids(user)}; site_id {config['ckan.site_id']}")
    lines.extend(cloud.replica_trouble())
    return "\n".join(lines)


def test_harvest_on_solrcloud_survives_a_node_killed(on_solr_cloud, sysadmin, organization,
                                                     seed_source, complete_dataset_dict):  # noqa: F811
    from ckanext.harvest.model import HarvestObject

    cloud = on_solr_cloud
    run = run_job_with_two_consumers(sysadmin, seed_source["id"], cloud)

    # Each document imported exactly once, by one of the two consumers.
    model.Session.expire_all()
    job_id = run["job"]["id"]
    objects = model.Session.query(HarvestObject).filter(HarvestObject.harvest_job_id == job_id).all()
    assert Counter(obj.guid for obj in objects).most_common(1)[0][1] == 1
    assert Counter(obj.state for obj in objects) == {"COMPLETE": len(expected_names(organization))}
    assert all("Traceback" not in log for log in run["logs"]), run["logs"]
    # No replica rejected an update or was sent into recovery (the cause of the earlier flaky failures).
    assert cloud.replica_trouble() == []
    # Every index write commits (test.ini: ckan.search.solr_commit), and a commit answers once every replica
    # has opened its new searcher: CKAN's search and each replica asked alone hold every dataset at once.
    stored_ids = sorted(stored_datasets(organization["id"]).values())
    if indexed_ids(sysadmin) != stored_ids:
        pytest.fail(describe_index_against_database(cloud, sysadmin, stored_ids))
    datasets = assert_every_document_once(sysadmin, organization, seed_source)
    assert set(replica_counts(cloud).values()) == {len(datasets)}, replica_counts(cloud)

    # Kill the node that holds the leader, by its PID.
    leader = cloud.leader()
    port = int(leader["node_name"].split("_", 1)[0].rsplit(":", 1)[1])
    os.kill(cloud.processes[port].pid, signal.SIGKILL)
    cloud.processes[port].wait(timeout=30)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        new_leader = cloud.leader()
        if new_leader is not None and new_leader["node_name"] != leader["node_name"]:
            break
        time.sleep(1)
    else:
        pytest.fail("no replica became leader after the leader's node was killed")

    # Search answers, through CKAN.
    found = call_action("package_search", {"user": sysadmin["name"]}, fq="kpi_document_kind:[* TO *]",
                        include_private=True, rows=100)
    assert sorted(result["name"] for result in found["results"]) == sorted(datasets)
    # Indexing answers: a changed dataset and a new one are searchable.
    name = sorted(datasets)[0]
    call_action("package_patch", {"user": sysadmin["name"]}, id=name, title="หลังโหนดล่ม SOLRCLOUDRETITLED")
    created = call_action("package_create", {"user": sysadmin["name"]}, **complete_dataset_dict(
        name="after-node-killed", title="ชุดข้อมูลหลังโหนดล่ม", owner_org=organization["id"]))
    assert [r["name"] for r in call_action("package_search", q="SOLRCLOUDRETITLED",
                                                    include_private=True)["results"]] == [name]
    assert call_action("package_search", q=f"id:{created['id']}", include_private=True)["count"] == 1
