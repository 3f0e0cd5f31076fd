"""Harvest tests run real jobs: documents served over HTTP on 127.0.0.1, ckanext-harvest's Redis queues,
CKAN's actions, PostgreSQL, Solr and the DataStore. Nothing of CKAN is mocked."""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import pytest
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.kpi.testing import organization, sysadmin  # noqa: F401  (fixtures)

PLUGINS = "activity datastore scheming_datasets harvest dcat kpi kpi_document kpi_table"
SEED_001 = "001_f22d53a17e33890d.txt"
SEED_000 = "000_a7de958303e1344d.txt"
SEED_004 = "004_7ca3ec07c9ca3b62.txt"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".txt": "text/plain; charset=utf-8",
        ".csv": "text/csv; charset=utf-8",
        ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".ods": "application/vnd.oasis.opendocument.spreadsheet",
        ".bin": "application/octet-stream",
    }

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        # /redirect/<path> answers 302 to /<path>, /redirect-to?<url> to <url>: for the redirect tests.
        if self.path.startswith("/redirect/"):
            self._redirect(self.path[len("/redirect") :])
        elif self.path.startswith("/redirect-to?"):
            self._redirect(self.path.split("?", 1)[1])
        else:
            super().do_GET()

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.end_headers()


@dataclass
class DocumentServer:
    root: Path
    base_url: str

    def url(self, name: str) -> str:
        return f"{self.base_url}/{name}"

    def put(self, name: str, data: bytes | str) -> str:
        path = self.root / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return self.url(name)


@pytest.fixture
def document_server(tmp_path: Path, seeds_dir: Path) -> Iterator[DocumentServer]:
    """The seeds (and whatever a test puts there) served by http.server on 127.0.0.1."""
    root = tmp_path / "served"
    root.mkdir()
    for seed in sorted(seeds_dir.glob("*.txt")):
        shutil.copy(seed, root / seed.name)
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield DocumentServer(root, f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def clean_harvest_queues() -> None:
    from ckanext.harvest import queue

    queue.purge_queues()


@pytest.fixture
def harvest_user(sysadmin) -> dict[str, Any]:  # noqa: F811 (the imported fixture)
    return sysadmin


def source_config(**config: Any) -> str:
    """Loopback is allowed explicitly: the test server is on 127.0.0.1."""
    return json.dumps({"allow_private_network": True, **config}, ensure_ascii=False)


def create_source(
    user: dict[str, Any], org: dict[str, Any], url: str, kind: str, config: str, name: str = "kpi-src"
) -> dict[str, Any]:
    return call_action(
        "harvest_source_create",
        {"user": user["name"]},
        name=name,
        title=name,
        url=url,
        source_type=kind,
        owner_org=org["id"],
        config=config,
        frequency="MANUAL",
    )


def run_job(user: dict[str, Any], source_id: str) -> dict[str, Any]:
    """One real job through ckanext-harvest's Redis queues, the consumers' callbacks called in-process."""
    from ckanext.harvest import queue

    gather = queue.get_gather_consumer()
    fetch = queue.get_fetch_consumer()
    job = call_action("harvest_job_create", {"user": user["name"]}, source_id=source_id, run=True)
    reply = gather.basic_get(queue=queue.get_gather_queue_name())
    assert reply[2], "nothing on the gather queue"
    queue.gather_callback(gather, *reply)
    while True:
        reply = fetch.basic_get(queue=queue.get_fetch_queue_name())
        if not reply[2]:
            break
        queue.fetch_callback(fetch, *reply)
    call_action("harvest_jobs_run", {"user": user["name"]}, source_id=source_id)
    return call_action("harvest_job_show", {"user": user["name"]}, id=job["id"])


def job_objects(user: dict[str, Any], job_id: str) -> dict[str, Any]:
    """guid -> harvest object (state, report_status, package_id) of one job."""
    from ckan import model

    from ckanext.harvest.model import HarvestObject

    model.Session.expire_all()
    objects = model.Session.query(HarvestObject).filter(HarvestObject.harvest_job_id == job_id).all()
    return {obj.guid: obj for obj in objects}


@pytest.fixture
def kpi_org(harvest_user) -> dict[str, Any]:
    return factories.Organization(
        name="git", title="สถาบันวิจัยและพัฒนาอัญมณีและเครื่องประดับแห่งชาติ", user=harvest_user
    )
