"""The publishing gate: a dataset cannot be public while the personal-data screen finds personal data in its
metadata or in the files of its resources, unless a sysadmin overrides it with a reason, which is recorded.

The screen is the one the extraction applies to every document (ckanext/kpi/extraction/personal_data.py).
Findings name the kind and the place (field, or resource and line), never the value, so they can be shown
to the editor who made the change.

Not screened, by decision: ``maintainer`` and ``maintainer_email`` are the contact point that the DGA
standard requires every dataset to publish (a department and its address), and files that are not text
(PDF, spreadsheets) cannot be read line by line here; their CSV copies are screened like any CSV."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import ckan.plugins.toolkit as tk

from ckanext.kpi import visibility
from ckanext.kpi.extraction.personal_data import KIND_LABELS, find_personal_data
from ckanext.kpi.uploads import stored_upload_path

OVERRIDE_KEY = "kpi_publish_override_reason"
OVERRIDE_TASK_TYPE = "kpi_publication_override"
CONTACT_FIELDS = frozenset({"maintainer", "maintainer_email"})
SCREENED_FORMATS = frozenset(
    {"csv", "tsv", "txt", "text", "json", "md", "markdown", "geojson", "xml", "html"}
)
NOT_SCREENED_KEYS = frozenset({"resources", "id", "name", "owner_org", "url", OVERRIDE_KEY}) | CONTACT_FIELDS
MAX_SCREENED_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class GateFinding:
    kind: str
    place: str  # "notes", or "resource observations.csv, line 12"

    def message(self) -> str:
        kind = tk._(KIND_LABELS.get(self.kind, self.kind))
        return tk._("{kind} in {place}").format(kind=kind, place=self.place)


def _text_fields(dataset: dict[str, Any]) -> Iterable[tuple[str, str]]:
    for key, value in dataset.items():
        if key in NOT_SCREENED_KEYS:
            continue
        if isinstance(value, str) and value.strip():
            yield key, value
        elif key == "tags" and isinstance(value, list):
            yield key, " ".join(tag.get("name", "") for tag in value if isinstance(tag, dict))
    for number, resource in enumerate(dataset.get("resources") or [], start=1):
        for key in ("name", "description"):
            if isinstance(resource.get(key), str) and resource[key].strip():
                label = resource.get("name") or f"#{number}"
                yield f"resource {label} {key}", resource[key]


def screen_metadata(dataset: dict[str, Any]) -> list[GateFinding]:
    findings = []
    for field, text in _text_fields(dataset):
        findings += [GateFinding(hit.kind, field) for hit in find_personal_data(text.splitlines())]
    return findings


def _decoded_lines(raw: bytes) -> list[str]:
    for encoding in ("utf-8-sig", "cp874"):
        try:
            return raw.decode(encoding).splitlines()
        except UnicodeDecodeError:
            continue
    return []


def screen_file(stream: IO[bytes], label: str) -> list[GateFinding]:
    raw = stream.read(MAX_SCREENED_BYTES)
    return [
        GateFinding(hit.kind, tk._("resource {name}, line {line}").format(name=label, line=hit.line))
        for hit in find_personal_data(_decoded_lines(raw))
    ]


def _is_screened_format(resource: dict[str, Any], file_name: str) -> bool:
    declared = (resource.get("format") or "").lower().lstrip(".")
    extension = Path(file_name).suffix.lower().lstrip(".")
    return declared in SCREENED_FORMATS or extension in SCREENED_FORMATS


def screen_stored_resources(resources: Iterable[dict[str, Any]]) -> list[GateFinding]:
    findings = []
    for resource in resources:
        path = stored_upload_path(resource)
        label = resource.get("name") or (resource.get("url") or "").rsplit("/", 1)[-1]
        if path is not None and _is_screened_format(resource, path.name):
            with path.open("rb") as stream:
                findings += screen_file(stream, label)
    return findings


def screen_upload(data_dict: dict[str, Any]) -> list[GateFinding]:
    """Screen a file being uploaded with resource_create/update, leaving the stream as it was."""
    upload = data_dict.get("upload")
    stream = getattr(upload, "stream", None)
    file_name = getattr(upload, "filename", None) or ""
    if stream is None or not _is_screened_format(data_dict, file_name):
        return []
    position = stream.tell()
    try:
        return screen_file(stream, data_dict.get("name") or file_name)
    finally:
        stream.seek(position)


# Harvest sources are packages too, but they publish no data: their config names the contact point that
# the harvested datasets will carry. One list for this gate and the publication rule.
NOT_GATED_TYPES = visibility.NOT_GATED_TYPES


def will_be_public(data_dict: dict[str, Any], current: dict[str, Any] | None) -> bool:
    dataset_type = data_dict.get("type") or (current or {}).get("type")
    if dataset_type in NOT_GATED_TYPES:
        return False
    private = data_dict.get("private", current.get("private") if current else False)
    return not tk.asbool(private)


def _is_sysadmin(context: dict[str, Any]) -> bool:
    user = context.get("auth_user_obj")
    if user is None and context.get("user"):
        user = tk.get_action("user_show")({"ignore_auth": True}, {"id": context["user"]})
        return bool(user.get("sysadmin"))
    return bool(getattr(user, "sysadmin", False))


def _record_override(
    context: dict[str, Any], dataset_id: str, reason: str, findings: list[GateFinding]
) -> None:
    """The sysadmin's reason, kept in CKAN's task_status table (task_status_show reads it back)."""
    record = {
        "reason": reason,
        "user": context.get("user"),
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "findings": [{"kind": finding.kind, "place": finding.place} for finding in findings],
    }
    tk.get_action("task_status_update")(
        {"ignore_auth": True, "user": context.get("user")},
        {
            "entity_id": dataset_id, "entity_type": "package", "task_type": OVERRIDE_TASK_TYPE,
            "key": "override", "value": json.dumps(record, ensure_ascii=False), "state": "done",
            "last_updated": record["at"],
        },
    )


def enforce(
    context: dict[str, Any], data_dict: dict[str, Any], findings: list[GateFinding], dataset_id: str | None
) -> str | None:
    """Refuse the write when there are findings, unless a sysadmin gave a reason; return that reason."""
    if not findings:
        return None
    reason = (data_dict.get(OVERRIDE_KEY) or "").strip()
    if reason and _is_sysadmin(context):
        return reason
    messages = sorted({finding.message() for finding in findings})
    hint = tk._(
        "Personal data must not be published: remove it, or keep the dataset private. "
        "A sysadmin may publish anyway by giving a reason in {key}."
    ).format(key=OVERRIDE_KEY)
    raise tk.ValidationError({"private": [hint, *messages]})


def record_if_overridden(context: dict[str, Any], reason: str | None, dataset_id: str,
                         findings: list[GateFinding]) -> None:
    if reason:
        _record_override(context, dataset_id, reason, findings)
