"""Every difference between the supported CKAN versions (2.11 and 2.12) that this extension meets, in one
place: the rest of the code (and the tests) calls these helpers and never checks a CKAN version itself.

Each helper names the version that changed and what changed; docs/ckan-versions.md lists them with the
error the old code raised on the new version."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from ckan.plugins import toolkit as tk

# True on CKAN 2.12 and later.
CKAN_2_12 = bool(tk.check_ckan_version(min_version="2.12"))


# ---- Solr connection settings ----------------------------------------------------------------------------
# CKAN 2.11 keeps the Solr URL in ckan.lib.search.common.SolrSettings, set once at start-up; 2.12 removed
# that class and reads config["solr_url"] (and solr_user, solr_password) on every connection.


def solr_url() -> str:
    """The Solr core URL CKAN indexes into and searches now."""
    if CKAN_2_12:
        return tk.config["solr_url"]
    from ckan.lib.search.common import SolrSettings

    return SolrSettings.get()[0]


def set_solr_url(url: str) -> None:
    """Point CKAN's indexing and searching at another Solr core URL (same credentials)."""
    if CKAN_2_12:
        tk.config["solr_url"] = url
        return
    from ckan.lib.search.common import SolrSettings

    _, user, password = SolrSettings.get()
    SolrSettings.init(url, user, password)


@contextmanager
def solr_url_set_to(url: str) -> Iterator[None]:
    """CKAN's indexing and searching on another Solr core URL for the duration."""
    previous = solr_url()
    set_solr_url(url)
    try:
        yield
    finally:
        set_solr_url(previous)


# ---- RQ connections --------------------------------------------------------------------------------------
# CKAN 2.11 (RQ 1.x) pushes every Redis connection it makes onto RQ's global connection stack; RQ 2 (CKAN
# 2.12) has no such stack (rq.connections.get_current_connection and pop_connection are gone).


def forget_rq_connections_to(port: int) -> None:
    """Take the connections to the Redis on ``port`` off RQ's global stack, where there is one, so that later
    jobs in this process do not talk to a Redis that is gone."""
    try:
        from rq.connections import get_current_connection, pop_connection
    except ImportError:  # RQ 2: connections are passed explicitly, nothing global to forget
        return

    def ours(connection: object) -> bool:
        return connection is not None and connection.connection_pool.connection_kwargs.get("port") == port

    while ours(get_current_connection()):
        pop_connection()


# ---- Scheduled jobs --------------------------------------------------------------------------------------
# CKAN 2.12's `ckan jobs worker` runs RQ's scheduler (unless --no-scheduler is given): a job enqueued with a
# delay (rq.Queue.enqueue_in) is moved to its queue when due. CKAN 2.11's worker runs no scheduler, so a
# delayed job would never run there, and periodic work needs a process of its own.
JOBS_WORKER_RUNS_SCHEDULER = CKAN_2_12
