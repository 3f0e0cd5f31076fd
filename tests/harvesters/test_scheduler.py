"""The harvest scheduler (``ckan kpi harvest-scheduler``) both ways, on whichever CKAN runs the tests: the
loop of CKAN 2.11 and the chain of scheduled jobs CKAN 2.12's jobs worker runs. A real job is harvested
through ckanext-harvest's Redis queues and left Running, as the consumers leave it; the scheduler must mark it
Finished. The scheduled job runs in a real RQ worker (forked, as ``ckan jobs worker``) with RQ's scheduler on
CKAN's Redis."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from ckan.lib import jobs
from ckan.lib.redis import connect_to_redis
from ckan.tests.helpers import call_action
from rq.registry import ScheduledJobRegistry

from ckanext.kpi import compat
from ckanext.kpi.cli import kpi
from ckanext.kpi.harvesters import schedule

from .conftest import HARVEST_MARKS, SEED_001, create_source, source_config

pytestmark = HARVEST_MARKS


def empty_default_queue() -> None:
    queue = jobs.get_queue()
    queue.empty()
    registry = ScheduledJobRegistry(queue=queue)
    for job_id in registry.get_job_ids():
        registry.remove(job_id, delete_job=True)


@pytest.fixture
def default_queue() -> Iterator[None]:
    """The default queue with no job before and after the test (a chain left behind would run forever)."""
    empty_default_queue()
    yield
    empty_default_queue()


def job_left_running(user: dict[str, Any], org: dict[str, Any], server, defaults) -> dict[str, Any]:
    """A real job gathered and fetched through the Redis queues, not yet marked Finished: what the gather
    and fetch consumers leave for the scheduler."""
    from ckanext.harvest import queue

    source = create_source(user, org, server.base_url + "/", "kpi_document",
                           source_config(documents=[server.url(SEED_001)], dataset_defaults=defaults))
    job = call_action("harvest_job_create", {"user": user["name"]}, source_id=source["id"], run=True)
    gather = queue.get_gather_consumer()
    queue.gather_callback(gather, *gather.basic_get(queue=queue.get_gather_queue_name()))
    fetch = queue.get_fetch_consumer()
    while (reply := fetch.basic_get(queue=queue.get_fetch_queue_name()))[2]:
        queue.fetch_callback(fetch, *reply)
    shown = call_action("harvest_job_show", {"user": user["name"]}, id=job["id"])
    assert shown["status"] == "Running" and shown["stats"].get("added") == 1, shown
    return shown


def job_status(user: dict[str, Any], job_id: str) -> str:
    return call_action("harvest_job_show", {"user": user["name"]}, id=job_id)["status"]


def run_worker_with_scheduler() -> None:
    """``ckan jobs worker`` on 2.12 in burst mode: RQ's scheduler moves the due jobs to the queue, the worker
    runs them (each in a fork). RQ installs SIGINT/SIGTERM handlers for the worker: restored afterwards."""
    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        jobs.Worker(connection=connect_to_redis()).work(burst=True, with_scheduler=True)
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)


def test_the_loop_marks_a_finished_job_finished(
    cli, harvest_user, kpi_org, document_server, defaults, default_queue
):
    job = job_left_running(harvest_user, kpi_org, document_server, defaults)
    result = cli.invoke(kpi, ["harvest-scheduler", "--loop", "--times", "2", "--interval", "1"])
    assert result.exit_code == 0, result.output
    assert "checking every 1 s in this process" in result.output
    assert job_status(harvest_user, job["id"]) == "Finished"
    # The loop queued nothing: it is the process that runs the checks.
    assert schedule.pending_runs() == []


def test_the_loop_goes_on_after_a_failed_check(monkeypatch):
    """A check that raises (the database restarting) is logged; the next one still runs."""
    outcomes = iter([RuntimeError("database restarting"), None, None])
    calls: list[float] = []

    def check() -> None:
        outcome = next(outcomes)
        if outcome is not None:
            raise outcome

    monkeypatch.setattr(schedule, "run_harvest_jobs", check)
    assert schedule.run_in_a_loop(7, times=3, sleep=calls.append) == 3
    assert calls == [7, 7]


def test_scheduled_jobs_mark_a_finished_job_finished_and_reschedule(
    cli, harvest_user, kpi_org, document_server, defaults, default_queue
):
    job = job_left_running(harvest_user, kpi_org, document_server, defaults)
    first = cli.invoke(kpi, ["harvest-scheduler", "--scheduled-job", "--interval", "3600", "--times", "1"])
    assert first.exit_code == 0, first.output
    assert "every 3600 s as a scheduled job in CKAN's jobs worker" in first.output
    assert "1 chain(s) of scheduled checks started" in first.output
    # Run again (every start-up does): still one chain.
    again = cli.invoke(kpi, ["harvest-scheduler", "--scheduled-job", "--interval", "3600", "--times", "1"])
    assert "0 chain(s) of scheduled checks started" in again.output, again.output
    assert len(schedule.pending_runs()) == 1

    run_worker_with_scheduler()

    assert job_status(harvest_user, job["id"]) == "Finished"
    # The job that ran scheduled its successor an interval later, and only one.
    pending = schedule.pending_runs()
    assert len(pending) == 1
    registry = ScheduledJobRegistry(queue=jobs.get_queue())
    due = registry.get_scheduled_time(pending[0])
    due = due if due.tzinfo else due.replace(tzinfo=UTC)  # RQ 1 answers in naive UTC, RQ 2 aware
    expected = datetime.now(UTC) + timedelta(seconds=3600)
    assert abs((due - expected).total_seconds()) < 120, due
    assert pending[0].meta["title"] == schedule.JOB_TITLE
    assert pending[0].args == (3600,)


def test_a_chain_redis_lost_is_started_again(default_queue):
    """The stack's Redis keeps nothing across a restart: the next pass starts the chain again, once."""
    passes: list[float] = []
    assert schedule.keep_scheduled_runs(900, times=2, sleep=passes.append) == 1
    empty_default_queue()  # what a Redis restart does to the chain
    assert schedule.keep_scheduled_runs(900, times=3, sleep=passes.append) == 1
    assert passes == [900, 900, 900]
    assert [job.args for job in schedule.pending_runs()] == [(900,)]


def test_the_default_way_is_the_installed_ckans(cli, default_queue):
    """No option: scheduled jobs where CKAN's jobs worker runs RQ's scheduler (2.12), else the loop (2.11)."""
    if compat.JOBS_WORKER_RUNS_SCHEDULER:
        result = cli.invoke(kpi, ["harvest-scheduler", "--interval", "600", "--times", "1"])
        assert result.exit_code == 0, result.output
        assert [job.args for job in schedule.pending_runs()] == [(600,)]
    else:
        result = cli.invoke(kpi, ["harvest-scheduler", "--interval", "1", "--times", "1"])
        assert result.exit_code == 0, result.output
        assert "in this process" in result.output and schedule.pending_runs() == []
