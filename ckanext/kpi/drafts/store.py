"""Drafts: the uploaded file under ``<ckan.storage_path>/kpi_drafts/<id>/`` and its state in CKAN's
``task_status`` table (entity_type ``kpi_draft``), so no migration is needed and every process (web workers,
the jobs worker) sees the same state."""

from __future__ import annotations

import json
import re
import shutil
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import ckan.plugins.toolkit as tk
from ckan import model

TASK_TYPE = "kpi_draft"
TASK_KEY = "draft"
# The stages the page shows, in order; ready and failed end a run, published ends the draft.
QUEUED, READING, EXTRACTING, CHECKING, READY, FAILED, PUBLISHED = (
    "queued", "reading", "extracting", "checking", "ready", "failed", "published",
)
STAGES = (QUEUED, READING, EXTRACTING, CHECKING, READY)
FINAL_STATES = frozenset({READY, FAILED, PUBLISHED})
# What an editor may upload: today's extraction reads TXT/MD documents and the CSV/XLSX/ODS KPI template;
# PDF and DOCX go through the same single call (extract_document) once its readers are merged.
ACCEPTED_SUFFIXES = (".pdf", ".docx", ".xlsx", ".ods", ".csv", ".txt", ".md")
_UNSAFE_NAME = re.compile(r"[^\w.\-]+", re.UNICODE)
_DRAFT_ID = re.compile(r"^[0-9a-f]{32}$")


class UploadRefused(ValueError):
    """An upload refused before anything is stored; the message is for the editor (translated)."""


@dataclass
class Draft:
    id: str
    owner_org: str
    user: str
    file_name: str
    state: str = QUEUED
    created: str = ""
    updated: str = ""
    profile: str = ""
    mapping: dict[str, Any] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    error: str = ""
    preview: dict[str, Any] = field(default_factory=dict)
    dataset_values: dict[str, Any] = field(default_factory=dict)
    package_name: str = ""
    runs: int = 0

    @property
    def is_final(self) -> bool:
        return self.state in FINAL_STATES


def drafts_root() -> Path:
    return Path(tk.config.get("ckan.storage_path") or "/tmp") / "kpi_drafts"


def draft_folder(draft_id: str) -> Path:
    return drafts_root() / draft_id


def file_path(draft: Draft) -> Path:
    return draft_folder(draft.id) / draft.file_name


def safe_file_name(name: str) -> str:
    """The upload's own name (Thai letters kept) without path parts or characters unsafe in a path."""
    base = Path(name.replace("\\", "/")).name
    cleaned = _UNSAFE_NAME.sub("_", base).strip("._")
    return cleaned[:120] or "document"


def store_upload(stream: IO[bytes], name: str, max_bytes: int) -> tuple[str, str]:
    """Copy the upload into a new draft folder, refusing a wrong suffix or a file over ``max_bytes``
    (nothing is kept then). Returns (draft id, stored file name)."""
    file_name = safe_file_name(name)
    if not file_name.lower().endswith(ACCEPTED_SUFFIXES):
        raise UploadRefused(
            tk._("{file}: this kind of file cannot be read; upload one of {kinds}").format(
                file=file_name, kinds=", ".join(s.lstrip(".").upper() for s in ACCEPTED_SUFFIXES)
            )
        )
    draft_id = uuid.uuid4().hex
    folder = draft_folder(draft_id)
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    try:
        with (folder / file_name).open("wb") as out:
            while chunk := stream.read(1024 * 1024):
                written += len(chunk)
                if written > max_bytes:
                    raise UploadRefused(
                        tk._("{file}: larger than the limit of {mb} MB").format(
                            file=file_name, mb=max_bytes // (1024 * 1024)
                        )
                    )
                out.write(chunk)
        if written == 0:
            raise UploadRefused(tk._("{file}: the file is empty").format(file=file_name))
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return draft_id, file_name


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _task(draft_id: str) -> model.TaskStatus | None:
    return (
        model.Session.query(model.TaskStatus)
        .filter_by(entity_id=draft_id, task_type=TASK_TYPE, key=TASK_KEY)
        .first()
    )


def save(draft: Draft) -> Draft:
    """Write the draft's state and commit, so the page's next poll sees it."""
    draft.updated = _now()
    draft.created = draft.created or draft.updated
    task = _task(draft.id)
    if task is None:
        task = model.TaskStatus(entity_id=draft.id, entity_type=TASK_TYPE, task_type=TASK_TYPE, key=TASK_KEY)
        model.Session.add(task)
    task.value = json.dumps(asdict(draft), ensure_ascii=False, default=str)
    task.state = draft.state
    task.error = draft.error[:1000]
    task.last_updated = datetime.now(UTC).replace(tzinfo=None)
    model.Session.commit()
    return draft


def get(draft_id: str) -> Draft | None:
    if not _DRAFT_ID.match(draft_id or ""):
        return None
    model.Session.expire_all()
    task = _task(draft_id)
    if task is None:
        return None
    data = json.loads(task.value)
    known = Draft.__dataclass_fields__
    return Draft(**{key: value for key, value in data.items() if key in known})


def update(draft_id: str, **changes: Any) -> Draft:
    draft = get(draft_id)
    if draft is None:
        raise tk.ObjectNotFound(tk._("Draft not found"))
    for key, value in changes.items():
        setattr(draft, key, value)
    return save(draft)
