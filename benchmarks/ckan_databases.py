"""Point an in-process CKAN at a benchmark's own test databases, as scripts/stack.sh does for the tests."""

from __future__ import annotations

import os


def use_test_databases(benchmark: str, default_suffix: str = "", default_redis_db: str = "1") -> None:
    """The CKAN_* overrides scripts/stack.sh gives the tests for KPI_DB_SUFFIX. A benchmark that empties
    the databases it runs on refuses to run on the tests' own (no suffix)."""
    suffix = os.environ.get("KPI_DB_SUFFIX", default_suffix)
    if not suffix:
        raise SystemExit(f"{benchmark} empties the databases it runs on: give it a KPI_DB_SUFFIX of its own")
    # CKAN_VERSION=2.11 has databases of its own (scripts/stack.sh exports the suffix it appends).
    suffix += os.environ.get("KPI_CKAN_VERSION_SUFFIX", "")
    redis_port = os.environ.get("KPI_REDIS_PORT", "6379")
    os.environ.update(
        CKAN_SQLALCHEMY_URL=f"postgresql://ckan_default:pass@127.0.0.1/ckan_test{suffix}",
        CKAN_DATASTORE_WRITE_URL=f"postgresql://ckan_default:pass@127.0.0.1/datastore_test{suffix}",
        CKAN_DATASTORE_READ_URL=f"postgresql://datastore_read:pass@127.0.0.1/datastore_test{suffix}",
        CKAN_SITE_ID=f"test.ckan.net{suffix}",
        CKAN_REDIS_URL=f"redis://127.0.0.1:{redis_port}/{os.environ.get('KPI_REDIS_DB', default_redis_db)}",
        CKAN_SOLR_URL=f"http://127.0.0.1:{os.environ.get('KPI_SOLR_PORT', '8983')}/solr/ckan",
    )
