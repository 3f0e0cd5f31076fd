"""Running one harvest job to completion inside the current process: gather, fetch and import of every
object, then ckanext-harvest's own ``harvest_jobs_run`` closes it. The job, its objects and their errors are
recorded exactly as the consumers record them, so ``/harvest`` shows it as any other finished job.

Used by ``ckan kpi load-demo``, which must finish its jobs whether or not consumers are running: a job run
here never goes through the Redis queues, so it cannot race with running consumers."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.harvest import queue
from ckanext.harvest.model import HarvestJob, HarvestObject


def run_job_in_process(source_id: str, user: str) -> dict[str, Any]:
    """Create a job for the source and run it; returns ``harvest_job_show`` of the finished job."""
    context = {"user": user, "ignore_auth": True}
    job_dict = tk.get_action("harvest_job_create")(dict(context), {"source_id": source_id, "run": False})
    job = HarvestJob.get(job_dict["id"])
    job.status = "Running"
    job.save()
    # The source's type from its database row: harvest_source_show answered without `source_type` on
    # CKAN 2.12 when it read the source from a search-index entry written by `search-index rebuild`.
    harvester = queue.get_harvester(job.source.type)
    object_ids = queue.gather_stage(harvester, job)
    for object_id in object_ids if isinstance(object_ids, list) else []:
        harvest_object = HarvestObject.get(object_id)
        if harvest_object is not None:
            queue.fetch_and_import_stages(harvester, harvest_object)
    model.Session.commit()
    tk.get_action("harvest_jobs_run")(dict(context), {"source_id": source_id})
    return tk.get_action("harvest_job_show")(dict(context), {"id": job_dict["id"]})
