"""The background job of a draft (``ckan jobs worker``): read, extract, check, then ready or failed. Each
stage is written to the draft as it starts, so the page shows where the job is."""

from __future__ import annotations

import logging
import mimetypes

from ckan.lib import jobs

from ckanext.kpi.extraction.reading import ExtractionError
from ckanext.kpi.harvesters.resource_files import OriginalFile

from . import store
from .extraction import counts, extract_upload, preview

log = logging.getLogger(__name__)
JOB_TIMEOUT_SECONDS = 600


def enqueue(draft: store.Draft) -> None:
    store.update(draft.id, state=store.QUEUED, error="", counts={}, preview={}, runs=draft.runs + 1)
    jobs.enqueue(run_extraction, [draft.id], title=f"kpi draft {draft.id}",
                 rq_kwargs={"timeout": JOB_TIMEOUT_SECONDS})


def read_original(draft: store.Draft) -> OriginalFile:
    path = store.file_path(draft)
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return OriginalFile(draft.file_name, path.read_bytes(), content_type, f"upload:{draft.file_name}")


def run_extraction(draft_id: str) -> None:
    """The job's entry point. An unreadable file ends the draft ``failed`` with the library's message
    (which names the file and the line or page); anything unexpected too, without a traceback for the user."""
    draft = store.get(draft_id)
    if draft is None:
        return
    try:
        store.update(draft_id, state=store.READING)
        original = read_original(draft)
        store.update(draft_id, state=store.EXTRACTING, counts={"bytes": len(original.body)})
        result, issues = extract_upload(original, draft.profile or None, draft.mapping)
        store.update(draft_id, state=store.CHECKING, counts={"bytes": len(original.body), **counts(result)})
        summary = preview(result, issues, draft.file_name)
        store.update(draft_id, state=store.READY, preview=summary)
    except ExtractionError as error:
        store.update(draft_id, state=store.FAILED, error=str(error))
    except Exception:
        log.exception("draft %s: extraction failed", draft_id)
        # Bilingual here: a job runs outside any request, so the reader's language is not known.
        store.update(draft_id, state=store.FAILED,
                     error=f"{draft.file_name}: the document could not be read / ไม่สามารถอ่านเอกสารได้")
