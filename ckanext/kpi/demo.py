"""Demo data for ``make demo``: organisations and sample datasets, created or updated through the actions."""

from __future__ import annotations

import functools
import http.server
import json
import os
import tempfile
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

import ckan.plugins.toolkit as tk

EXAMPLES = resources.files("ckanext.kpi") / "examples" / "demo"
SEED_MANIFEST = resources.files("ckanext.kpi") / "examples" / "harvest" / "seed_documents.json"
DOCUMENT_FIXTURES = Path(str(resources.files("ckanext.kpi") / "examples" / "documents"))
# The seeds live beside the repository (shared/seeds); KPI_SEEDS_DIR points elsewhere.
DEFAULT_SEEDS_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """The demo's seed file server (and the tests' document server): Thai text as UTF-8, no access log."""

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


def _read_example(name: str) -> list[dict[str, Any]]:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


def _site_context() -> dict[str, Any]:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"], "ignore_auth": True}


def _upsert(kind: str, data: dict[str, Any]) -> str:
    """Create the organization or dataset ``data['name']``, or update it when it exists."""
    try:
        existing = tk.get_action(f"{kind}_show")(_site_context(), {"id": data["name"]})
    except tk.ObjectNotFound:
        tk.get_action(f"{kind}_create")(_site_context(), dict(data))
        return "created"
    tk.get_action(f"{kind}_update")(_site_context(), {**existing, **data, "id": existing["id"]})
    return "updated"


def load_demo_data() -> Iterator[str]:
    for organization in _read_example("organizations.json"):
        yield f"organization {organization['name']}: {_upsert('organization', organization)}"
    for dataset in _read_example("datasets.json"):
        yield f"dataset {dataset['name']}: {_upsert('package', dataset)}"


def seeds_dir() -> Path:
    return Path(os.environ.get("KPI_SEEDS_DIR") or DEFAULT_SEEDS_DIR)


DEFAULT_SEED_URL = "http://127.0.0.1:5002"  # scripts/stack.sh: SEED_PORT, the demo port + 2


def seed_url() -> str:
    """Where the demo's harvest sources read the seeds: the supervised loopback file server."""
    return (tk.config.get("ckanext.kpi.demo.seed_url") or DEFAULT_SEED_URL).rstrip("/")


def seed_source_name(file_name: str, organization: str) -> str:
    """``git-seed-000``: the organisation, then the seed's number (the file name up to its first ``_``)."""
    return f"{organization}-seed-{Path(file_name).stem.split('_', 1)[0]}".lower()


def load_seed_documents(folder: Path | None = None, manifest: dict[str, Any] | None = None) -> Iterator[str]:
    """The five seed documents through real ``kpi_document`` harvest sources, one per seed, each owned by
    the organisation of its agency and reading its document from the loopback file server. Each run of
    this function runs one job per source to completion (an unchanged document is "not modified" and not
    written again), so ``/harvest`` shows the sources, their finished jobs and per-document reports.
    ``manifest`` replaces the shipped ckanext/kpi/examples/harvest/seed_documents.json (a test's own)."""

    folder = folder or seeds_dir()
    manifest = manifest or json.loads(SEED_MANIFEST.read_text(encoding="utf-8"))
    user = _site_context()["user"]
    base_url = seed_url()
    with tempfile.TemporaryDirectory(prefix="kpi-demo-documents-") as staging:
        served = link_demo_documents(folder, Path(staging))
        with _seed_server(served, base_url):
            yield from _harvest_seeds(manifest, folder, served, base_url, user)


def link_demo_documents(seeds: Path, target: Path) -> Path:
    """One folder for the demo's file server: links to the seed text files and to the DOCX/PDF versions of
    the seeds shipped with the extension (a source may read a seed in another format, issue 18)."""
    target.mkdir(parents=True, exist_ok=True)
    for source in [*sorted(seeds.glob("*.txt")), *sorted(DOCUMENT_FIXTURES.iterdir())]:
        link = target / source.name
        if not link.exists():
            link.symlink_to(source.resolve())
    return target


def served_file(entry: dict[str, Any]) -> str:
    """The file a seed's harvest source reads: its DOCX/PDF version where the manifest names one."""
    return entry.get("document") or entry["file"]


def _harvest_seeds(
    manifest: dict[str, Any], folder: Path, served: Path, base_url: str, user: str
) -> Iterator[str]:
    from ckanext.kpi.harvesters.jobs import run_job_in_process

    for entry in manifest["documents"]:
        if not (served / served_file(entry)).is_file():
            yield f"seed {served_file(entry)}: not found in {folder} (set KPI_SEEDS_DIR)"
            continue
        organization = entry["organization"]["name"]
        yield f"organization {organization}: {_ensure_organization(entry['organization'])}"
        source, status = _upsert_seed_source(entry, manifest, organization, base_url)
        job = run_job_in_process(source["id"], user)
        stats = ", ".join(f"{key} {n}" for key, n in sorted(job.get("stats", {}).items()) if n)
        outcome = f"job {job['status']} ({stats or 'nothing to do'})"
        yield f"harvest source {source['name']}: {status}; {outcome}"
        for dataset_name in _current_datasets(source["id"]):
            yield f"seed {entry['file']} -> dataset {dataset_name}: {_dataset_outcome(job)}"


def _current_datasets(source_id: str) -> list[str]:
    """The datasets a source's current harvest objects hold (what its last job left published)."""
    from ckan import model

    from ckanext.harvest.model import HarvestObject

    rows = (
        model.Session.query(model.Package.name)
        .join(HarvestObject, HarvestObject.package_id == model.Package.id)
        .filter(HarvestObject.harvest_source_id == source_id, HarvestObject.current.is_(True))
        .filter(model.Package.state == "active")
        .order_by(model.Package.name)
    )
    return [name for (name,) in rows]


def _dataset_outcome(job: dict[str, Any]) -> str:
    """created, updated or unchanged, as ``ckan kpi load`` says it, read from the job's counts."""
    stats = job.get("stats", {})
    if stats.get("errored"):
        return "failed (see the job report on /harvest)"
    if stats.get("added"):
        return "created"
    if stats.get("updated"):
        return "updated"
    return "unchanged"


def _upsert_seed_source(
    entry: dict[str, Any], manifest: dict[str, Any], organization: str, base_url: str
) -> tuple[dict[str, Any], str]:
    defaults = {**manifest["dataset_defaults"], **entry.get("dataset_defaults", {})}
    # The seeds are served on loopback, which a source must allow explicitly.
    config = {**entry["config"], "index_format": "none", "allow_private_network": True,
              "dataset_defaults": defaults}
    name = seed_source_name(entry["file"], organization)
    data = {
        "name": name,
        "title": f"{entry['organization']['title']} ({served_file(entry)})",
        "url": f"{base_url}/{served_file(entry)}",
        "source_type": "kpi_document",
        "owner_org": organization,
        "frequency": "MANUAL",
        "config": json.dumps(config, ensure_ascii=False, sort_keys=True),
        # The source itself (its configuration names a contact e-mail) is for the agency's editors only;
        # the datasets it creates are public as the manifest says.
        "private": True,
    }
    try:
        existing = tk.get_action("harvest_source_show")(_site_context(), {"id": name})
    except tk.ObjectNotFound:
        return tk.get_action("harvest_source_create")(_site_context(), data), "created"
    if all(existing.get(key) == value for key, value in data.items() if key != "owner_org"):
        return existing, "unchanged"
    updated = tk.get_action("harvest_source_update")(_site_context(), {**data, "id": existing["id"]})
    return updated, "updated"


@contextmanager
def _seed_server(folder: Path, base_url: str) -> Iterator[None]:
    """The supervised file server when it answers; otherwise one in this process, on its port, while the
    jobs run (the set-up runs before the supervised processes start)."""
    parts = urlsplit(base_url)
    try:
        with urllib.request.urlopen(base_url + "/", timeout=3):
            answering = True
    except OSError:
        answering = False
    if answering:
        yield
        return
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer((parts.hostname or "127.0.0.1", parts.port or 80), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()


def report_demo_catalog_url(organization: str = "git") -> str:
    """The demo site is the agency's Agency Data Catalog: report its URL for the OPDC assessment (+10)."""
    url = tk.config.get("ckan.site_url")
    tk.get_action("kpi_opdc_catalog_url_update")(_site_context(), {"id": organization, "url": url})
    return f"organization {organization}: Agency Data Catalog URL {url}"


def _ensure_organization(data: dict[str, Any]) -> str:
    """Create the organisation when missing; an existing one is left as it is."""
    try:
        tk.get_action("organization_show")(_site_context(), {"id": data["name"]})
    except tk.ObjectNotFound:
        tk.get_action("organization_create")(_site_context(), dict(data))
        return "created"
    return "exists"
