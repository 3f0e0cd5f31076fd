"""End-to-end harvest benchmark: real kpi_document jobs (HTTP on 127.0.0.1, ckanext-harvest's Redis
queues, CKAN actions, PostgreSQL, Solr, DataStore, file store).

    KPI_DB_SUFFIX=_harvest KPI_REDIS_DB=5 bash scripts/stack.sh pytest benchmarks/bench_harvest.py -q -s
    python benchmarks/bench_harvest.py            # the same, through scripts/stack.sh

Part 1 harvests the five seed documents, each into its agency's organisation with the demo's source
config (ckanext/kpi/examples/harvest/seed_documents.json). Part 2 harvests a synthetic source of
KPI_BENCH_DOCS (default 200) documents generated from seeds 000 and 001 (numbers changed, so every one is
a distinct document) and reports datasets per minute; the target is 120 on the 2-core machine. It prints
a table and writes JSON to .run/benchmarks/harvest.json. It empties the test database it runs on.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent))
from figures import Figure
from repository import use_repository_tests

REPO_ROOT = Path(__file__).resolve().parent.parent
use_repository_tests()  # tests.support.harvest: the test support is kept out of the package
DEMO_SETTINGS = REPO_ROOT / "config" / "demo-settings.ini"


def deployed_solr_commit() -> str:
    """``ckan.search.solr_commit`` as the demo and Docker deploy it (false: Solr's autoSoftCommit)."""
    for line in DEMO_SETTINGS.read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition("=")
        if key.strip() == "ckan.search.solr_commit":
            return value.strip()
    return "true"  # CKAN's default


# The deployed setting by default; KPI_BENCH_SOLR_COMMIT=true measures a Solr commit on every write (the
# tests' setting).
SOLR_COMMIT = os.environ.get("KPI_BENCH_SOLR_COMMIT") or deployed_solr_commit()
# KPI_BENCH_CONSUMERS=N runs the synthetic jobs with N `ckan harvester fetch-consumer` processes (the
# production set-up), with the same Solr commit setting.
CONSUMERS = int(os.environ.get("KPI_BENCH_CONSUMERS", "0"))
DOCUMENTS = int(os.environ.get("KPI_BENCH_DOCS", "200"))
# benchmarks/run.py names the report file (KPI_BENCH_OUT); run alone, the file names its settings.
OUT = Path(os.environ.get("KPI_BENCH_OUT") or (
    REPO_ROOT
    / ".run"
    / "benchmarks"
    / f"harvest-{DOCUMENTS}-solr-commit-{SOLR_COMMIT}-consumers-{CONSUMERS}.json"
))
TARGET_PER_MINUTE = 120
MANIFEST = REPO_ROOT / "ckanext" / "kpi" / "examples" / "harvest" / "seed_documents.json"
TEMPLATE_SEEDS = ("000_a7de958303e1344d.txt", "001_f22d53a17e33890d.txt")
_NUMBER_RE = re.compile(r"(?<![0-9.,])([1-9][0-9]{2,3})(?![0-9])")

pytestmark = [
    pytest.mark.ckan_config(
        "ckan.plugins", "activity datastore scheming_datasets harvest dcat kpi kpi_document"
    ),
    pytest.mark.ckan_config("ckan.search.solr_commit", SOLR_COMMIT),
    pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index"),
]


@pytest.fixture
def clean_db(reset_db, migrate_db_for):
    from ckan import model
    from ckan.plugins.toolkit import config

    reset_db()
    for plugin in ("activity", "harvest", "kpi"):  # as tests/conftest.py
        migrate_db_for(plugin)
    # CKAN's migrations leave the session bound to their own engine, which has no connection pool: every
    # transaction would open a new PostgreSQL connection. A harvest consumer in production never runs a
    # migration; bind the session to the pooled engine that CKAN's start-up makes, as there.
    model.init_model(sa.engine_from_config(config, prefix="sqlalchemy."))


def seeds_dir() -> Path:
    return Path(os.environ.get("KPI_SEEDS_DIR", REPO_ROOT.parent / "shared" / "seeds"))


def _shifted(number: str, index: int) -> str:
    value = int(number)
    return number if 2400 <= value <= 2700 else str(value + index)  # B.E. years stay


def synthetic_document(template: str, index: int) -> str:
    """A seed with its 3-4 digit numbers (not its years) shifted by ``index``: a distinct document of the
    same family."""
    return _NUMBER_RE.sub(lambda m: _shifted(m.group(1), index), template) if index else template


def write_synthetic_source(folder: Path, count: int) -> list[str]:
    templates = [(seeds_dir() / name).read_text(encoding="utf-8") for name in TEMPLATE_SEEDS]
    names = []
    for index in range(count):
        name = f"synthetic-{index:04d}.txt"
        (folder / name).write_text(synthetic_document(templates[index % 2], index // 2), encoding="utf-8")
        names.append(name)
    return names


def _unfinished_objects(job_id: str) -> int:
    from ckan import model

    from ckanext.harvest.model import HarvestObject

    model.Session.expire_all()
    states = ("WAITING", "FETCH", "IMPORT")
    query = model.Session.query(HarvestObject).filter(HarvestObject.harvest_job_id == job_id)
    count = query.filter(HarvestObject.state.in_(states)).count()
    model.Session.commit()  # end the read transaction, so the next poll sees the consumers' commits
    return count


CONSUMER_DEADLINE_S = 900


def consumer_config(test_ini: Path) -> str:
    """test.ini with this run's Solr commit setting, its ``%(here)s`` paths made absolute (the copy lives
    elsewhere). Written in full: a ``use = config:`` chain would lack the logging sections the CLI needs."""
    text = test_ini.read_text(encoding="utf-8").replace("%(here)s", str(test_ini.parent))
    lines = [
        f"ckan.search.solr_commit = {SOLR_COMMIT}" if line.startswith("ckan.search.solr_commit") else line
        for line in text.splitlines()
    ]
    return "\n".join(lines) + "\n"


def run_job_with_consumers(user: dict[str, Any], source_id: str, consumers: int) -> dict[str, Any]:
    """Gather in-process, then ``consumers`` real ``ckan harvester fetch-consumer`` processes fetch and
    import in parallel, as in production; they are stopped when every object is done."""
    from ckan.plugins.toolkit import config
    from ckan.tests.helpers import call_action

    from ckanext.harvest import queue

    gather = queue.get_gather_consumer()
    job = call_action("harvest_job_create", {"user": user["name"]}, source_id=source_id, run=True)
    queue.gather_callback(gather, *gather.basic_get(queue=queue.get_gather_queue_name()))
    with tempfile.TemporaryDirectory(prefix="kpi-bench-") as folder:
        # The consumers read the tests' configuration with this run's Solr commit setting over it.
        consumer_ini = Path(folder) / "consumer.ini"
        consumer_ini.write_text(consumer_config(Path(config["__file__"])), encoding="utf-8")
        # The ckan command of this Python's virtual environment (.venv, or .venv-2.11 for CKAN 2.11).
        command = [str(Path(sys.executable).with_name("ckan")), "-c", str(consumer_ini), "harvester",
                   "fetch-consumer"]
        workers = [
            subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for _ in range(consumers)
        ]
        try:
            deadline = time.monotonic() + CONSUMER_DEADLINE_S
            while _unfinished_objects(job["id"]):
                if all(worker.poll() is not None for worker in workers):
                    raise RuntimeError(f"every fetch consumer exited: run `ckan -c {consumer_ini} harvester "
                                       "fetch-consumer` to see why")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the consumers did not finish within {CONSUMER_DEADLINE_S} s")
                time.sleep(0.5)
        finally:
            for worker in workers:
                worker.terminate()
            for worker in workers:
                worker.wait(timeout=30)
    call_action("harvest_jobs_run", {"user": user["name"]}, source_id=source_id)
    return job


def _busy_seconds(job_id: str) -> float:
    """From the first fetch to the last object finished (consumer start-up excluded); an unchanged object
    finishes with its fetch."""
    from ckan import model

    from ckanext.harvest.model import HarvestObject

    finished = sa.func.coalesce(HarvestObject.import_finished, HarvestObject.fetch_finished)
    first, last = (
        model.Session.query(sa.func.min(HarvestObject.fetch_started), sa.func.max(finished))
        .filter(HarvestObject.harvest_job_id == job_id)
        .one()
    )
    return (last - first).total_seconds() if first and last else 0.0


def _timed_job(
    user: dict[str, Any], source: dict[str, Any], consumers: int = 0
) -> tuple[float, dict[str, Any]]:
    from ckan.tests.helpers import call_action

    from tests.support.harvest import job_objects, run_job

    started = time.perf_counter()
    if consumers:
        job = run_job_with_consumers(user, source["id"], consumers)
        elapsed = _busy_seconds(job["id"])
    else:
        job = run_job(user, source["id"])
        elapsed = time.perf_counter() - started
    statuses: dict[str, int] = {}
    for harvest_object in job_objects(user, job["id"]).values():
        statuses[harvest_object.report_status] = statuses.get(harvest_object.report_status, 0) + 1
    for error in call_action("kpi_harvest_job_errors", {"user": user["name"]}, id=job["id"])[:3]:
        print(f"  error {error['file']}: {error['rule']}: {error['message'][:300]}")
    return elapsed, statuses


def harvest_seeds(user: dict[str, Any], server: Any) -> list[dict[str, Any]]:
    """One source per seed with the demo config; the time of each job."""
    from ckan.tests import factories

    from tests.support.harvest import create_source, source_config

    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    organizations: dict[str, dict[str, Any]] = {}
    rows = []
    for entry in manifest["documents"]:
        org_name = entry["organization"]["name"]
        if org_name not in organizations:
            organizations[org_name] = factories.Organization(user=user, **entry["organization"])
        org = organizations[org_name]
        defaults = {**manifest["dataset_defaults"], **entry.get("dataset_defaults", {})}
        config = source_config(
            documents=[server.url(entry["file"])], dataset_defaults=defaults, **entry["config"]
        )
        source = create_source(
            user, org, server.url(entry["file"]), "kpi_document", config, name=f"seed-{entry['file'][:3]}"
        )
        elapsed, statuses = _timed_job(user, source)
        rows.append(
            {"document": entry["file"], "organization": org_name, "seconds": round(elapsed, 3), **statuses}
        )
    return rows


def harvest_synthetic(
    user: dict[str, Any], org: dict[str, Any], server: Any, names: list[str]
) -> dict[str, Any]:
    from tests.support.harvest import create_source, source_config

    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    defaults = {**manifest["dataset_defaults"], "data_source": "synthetic benchmark documents"}
    config = source_config(documents=[server.url(n) for n in names], dataset_defaults=defaults)
    source = create_source(user, org, server.base_url + "/", "kpi_document", config, name="synthetic")
    elapsed, statuses = _timed_job(user, source, CONSUMERS)
    rerun_elapsed, rerun_statuses = _timed_job(user, source, CONSUMERS)
    return {
        "fetch_consumers": CONSUMERS or "in-process",
        "documents": len(names),
        "seconds": round(elapsed, 2),
        "datasets_per_minute": round(statuses.get("added", 0) / elapsed * 60, 1),
        "statuses": statuses,
        "unchanged_rerun_seconds": round(rerun_elapsed, 2),
        "unchanged_rerun_statuses": rerun_statuses,
    }


def print_table(seeds: list[dict[str, Any]], synthetic: dict[str, Any]) -> None:
    print("\nseed document                     organization  seconds  result")
    for row in seeds:
        result = ", ".join(
            f"{k} {v}" for k, v in row.items() if k not in ("document", "organization", "seconds")
        )
        print(f"{row['document']:<33} {row['organization']:<13} {row['seconds']:>7.2f}  {result}")
    print(
        f"\nsynthetic source: {synthetic['documents']} documents in {synthetic['seconds']} s = "
        f"{synthetic['datasets_per_minute']} datasets/min (target {TARGET_PER_MINUTE}); "
        f"{synthetic['statuses']}"
    )
    print(
        f"unchanged re-run: {synthetic['unchanged_rerun_seconds']} s; {synthetic['unchanged_rerun_statuses']}"
    )
    print(
        f"fetch consumers: {synthetic['fetch_consumers']}; Solr commit per write: {SOLR_COMMIT}; "
        f"load average now: {os.getloadavg()}"
    )


def test_bench_harvest(tmp_path: Path) -> None:
    from ckan.tests import factories

    from tests.support.harvest import serve_folder

    user = factories.Sysadmin()
    root = tmp_path / "served"
    root.mkdir()
    for seed in sorted(seeds_dir().glob("*.txt")):
        shutil.copy(seed, root / seed.name)
    names = write_synthetic_source(root, DOCUMENTS)
    with serve_folder(root) as server:
        seeds = harvest_seeds(user, server)
        org = factories.Organization(name="synthetic", user=user)
        synthetic = harvest_synthetic(user, org, server, names)
    print_table(seeds, synthetic)
    report = {
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "load_average_1_5_15_at_end": os.getloadavg(),
        },
        "solr_commit_per_write": SOLR_COMMIT,
        "seeds": seeds,
        "synthetic": synthetic,
        "target_datasets_per_minute": TARGET_PER_MINUTE,
        "figures": [figure.as_dict() for figure in harvest_figures(seeds, synthetic)],
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(report, ensure_ascii=False))


def harvest_figures(seeds: list[dict[str, Any]], synthetic: dict[str, Any]) -> list[Figure]:
    """The report's figures (benchmarks/figures.py)."""
    figures = [
        Figure(f"harvest of seed {row['document'][:3]} (one job)", row["seconds"], "s") for row in seeds
    ]
    figures.append(Figure(
        f"harvest throughput, synthetic source of {synthetic['documents']} documents",
        synthetic["datasets_per_minute"], "datasets/min", TARGET_PER_MINUTE, ">=",
        note=f"load average at end {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores",
    ))
    return figures


if __name__ == "__main__":
    command = [
        "bash",
        str(REPO_ROOT / "scripts" / "stack.sh"),
        "pytest",
        __file__,
        "-q",
        "-s",
        "-p",
        "no:randomly",
    ]
    out = {"KPI_BENCH_OUT": str(Path(sys.argv[1]).resolve())} if len(sys.argv) > 1 else {}
    environment = {"KPI_DB_SUFFIX": "_harvest", "KPI_REDIS_DB": "5", **os.environ, **out}
    sys.exit(subprocess.call(command, env=environment))
