"""The harvest scheduler: ckanext-harvest's ``harvest_jobs_run`` must be called every few minutes, or jobs
are never created for sources with a frequency and finished jobs are never marked Finished.

Two ways to call it, one per CKAN version (``compat.JOBS_WORKER_RUNS_SCHEDULER``):

- a scheduled job (CKAN 2.12): CKAN's jobs worker runs RQ's scheduler, so one job runs the harvest check
  and schedules the next one ``interval`` seconds later (``Queue.enqueue_in``); no process of our own;
- a loop (CKAN 2.11, whose worker runs no scheduler, so a delayed job would never run): a process that
  runs the check, sleeps ``interval`` seconds, and again.

``ckan kpi harvest-scheduler`` picks the way of the installed CKAN; ``--loop``/``--scheduled-job`` force one
(both work on both versions when a worker runs RQ's scheduler), so the tests run both on either version."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib import jobs
from rq.job import Job
from rq.registry import ScheduledJobRegistry, StartedJobRegistry

log = logging.getLogger(__name__)

JOB_TITLE = "kpi harvest scheduler: harvest_jobs_run"
# A run that takes longer than this is stuck (it only reads job states and queues gather messages).
JOB_TIMEOUT_S = 600


def run_harvest_jobs() -> None:
    """One ``ckan harvester run``: create the due jobs of scheduled sources, mark finished jobs Finished,
    resubmit lost queue items. The site user (a sysadmin) acts, as the harvest command's admin does."""
    user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    tk.get_action("harvest_jobs_run")({"user": user["name"]}, {})


# ---- a scheduled job (CKAN 2.12's worker runs RQ's scheduler) ----------------------------------------------


def periodic_harvest_run(interval_s: int) -> None:
    """The scheduled job: one harvest check, then the next one ``interval_s`` seconds later. The next one is
    scheduled even when this check fails, so one error (the database restarting) does not end the chain."""
    try:
        run_harvest_jobs()
    finally:
        schedule_next_run(interval_s)


def schedule_next_run(interval_s: int, due_in_s: int | None = None) -> Job:
    """Put the next check in the default queue's scheduled registry, due in ``due_in_s`` seconds (default:
    ``interval_s``); it schedules its own successor ``interval_s`` seconds after it runs."""
    queue = jobs.get_queue()
    return queue.enqueue_in(
        timedelta(seconds=interval_s if due_in_s is None else due_in_s), periodic_harvest_run, interval_s,
        job_timeout=JOB_TIMEOUT_S, meta={"title": JOB_TITLE},
        # Each link of the chain is kept only a short while after it ran; its successor is the live one.
        result_ttl=max(interval_s * 2, 60), failure_ttl=24 * 3600,
    )


def pending_runs() -> list[Job]:
    """The chain's jobs now scheduled, queued or running in the default queue."""
    queue = jobs.get_queue()
    ids = [
        *ScheduledJobRegistry(queue=queue).get_job_ids(),
        *queue.get_job_ids(),
        *StartedJobRegistry(queue=queue).get_job_ids(),
    ]
    found = Job.fetch_many(ids, connection=queue.connection) if ids else []
    name = f"{periodic_harvest_run.__module__}.{periodic_harvest_run.__name__}"
    return [job for job in found if job is not None and job.func_name == name]


def start_scheduled_runs(interval_s: int) -> Job | None:
    """Start the chain, its first check due now, unless one is already scheduled, queued or running (so that
    running this at every start-up keeps exactly one chain). Returns the new job, or None."""
    if pending_runs():
        return None
    return schedule_next_run(interval_s, due_in_s=0)


def keep_scheduled_runs(interval_s: int, times: int | None = None,
                        sleep: Callable[[float], Any] = time.sleep) -> int:
    """Start the chain, then every ``interval_s`` seconds start it again if it is gone (the stack's Redis
    keeps nothing across a restart, and the chain lives in Redis), ``times`` times (None: until stopped).
    Only Redis is read here; the harvest checks run in CKAN's jobs worker. Returns the chains started."""
    started = done = 0
    while times is None or done < times:
        if done:
            sleep(interval_s)
        try:
            job = start_scheduled_runs(interval_s)
        except Exception:  # Redis restarting: try again at the next pass
            log.exception("could not read or start the scheduled harvest checks; again in %s s", interval_s)
        else:
            if job is not None:
                started += 1
                log.info("scheduled harvest checks started (job %s, every %s s)", job.id, interval_s)
        done += 1
    return started


# ---- a loop (CKAN 2.11) ---------------------------------------------------------------------------------


def run_in_a_loop(interval_s: int, times: int | None = None,
                  sleep: Callable[[float], Any] = time.sleep) -> int:
    """Run the harvest check every ``interval_s`` seconds, ``times`` times (None: until stopped). A failed
    check is logged and the loop goes on, as the scheduled job's chain does. Returns the checks run."""
    done = 0
    while times is None or done < times:
        if done:
            sleep(interval_s)
        try:
            run_harvest_jobs()
        except Exception:  # the next check may succeed: the database may be back
            log.exception("harvest check failed; the next one runs in %s s", interval_s)
        done += 1
    return done
