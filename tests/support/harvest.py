"""Test and benchmark helpers for the harvesters: a document server on 127.0.0.1 and real harvest jobs run
through ckanext-harvest's Redis queues with the consumers' callbacks called in-process."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ckan.tests.helpers import call_action

from ckanext.kpi.demo import QuietHandler

PLUGINS = "activity datastore scheming_datasets harvest dcat kpi kpi_document kpi_table"


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


@contextmanager
def serve_folder(root: Path) -> Iterator[DocumentServer]:
    """Serve ``root`` over HTTP on 127.0.0.1 (a free port) while the block runs."""
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield DocumentServer(root, f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()


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
        # Private: the personal-data gate (issue 6) screens a public source's config, where the DGA
        # contact e-mail of the dataset defaults would stop it.
        private=True,
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
