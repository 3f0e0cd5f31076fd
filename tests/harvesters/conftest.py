"""Harvest tests run real jobs: documents served over HTTP on 127.0.0.1, ckanext-harvest's Redis queues,
CKAN's actions, PostgreSQL, Solr and the DataStore. Nothing of CKAN is mocked."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ckan.tests import factories

from tests.support.fixtures import organization, sysadmin  # noqa: F401  (fixtures)
from tests.support.harvest import (  # noqa: F401  (re-exported for the test modules)
    PLUGINS,
    DocumentServer,
    create_source,
    job_objects,
    run_job,
    serve_folder,
    source_config,
)

SEED_001 = "001_f22d53a17e33890d.txt"
SEED_000 = "000_a7de958303e1344d.txt"
SEED_004 = "004_7ca3ec07c9ca3b62.txt"
# What the document itself gives: left out of the source's defaults taken from the complete example.
NOT_DEFAULTS = (
    "name",
    "title",
    "notes",
    "resources",
    "type",
    "private",
    "first_year_of_data",
    "last_year_of_data",
)
# Marks of the tests that run harvest jobs.
HARVEST_MARKS = [
    pytest.mark.ckan_config("ckan.plugins", PLUGINS),
    pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index", "clean_harvest_queues"),
]


@pytest.fixture
def defaults(complete_dataset_dict) -> dict[str, Any]:
    """The source's default DGA metadata: the complete example without what the document itself gives."""
    return {k: v for k, v in complete_dataset_dict().items() if k not in NOT_DEFAULTS}


@pytest.fixture
def document_server(tmp_path: Path, seeds_dir: Path) -> Iterator[DocumentServer]:
    """The seeds (and whatever a test puts there) served by http.server on 127.0.0.1."""
    root = tmp_path / "served"
    root.mkdir()
    for seed in sorted(seeds_dir.glob("*.txt")):
        shutil.copy(seed, root / seed.name)
    with serve_folder(root) as server:
        yield server


@pytest.fixture
def clean_harvest_queues() -> None:
    from ckanext.harvest import queue

    queue.purge_queues()


@pytest.fixture
def harvest_user(sysadmin) -> dict[str, Any]:  # noqa: F811 (the imported fixture)
    return sysadmin


@pytest.fixture
def kpi_org(harvest_user) -> dict[str, Any]:
    return factories.Organization(
        name="git", title="สถาบันวิจัยและพัฒนาอัญมณีและเครื่องประดับแห่งชาติ", user=harvest_user
    )


def harvest_files(user, org, server: DocumentServer, kind: str, names, **config: Any):
    """Create a source of ``kind`` listing the served files ``names`` and run one job: (source, job)."""
    urls = [server.url(name) for name in names]
    source = create_source(user, org, server.base_url + "/", kind, source_config(documents=urls, **config))
    return source, run_job(user, source["id"])
