"""Pages of "Create a KPI dataset from a document":

* ``/organization/<id>/kpi-document``: the upload form (GET) and the upload (POST), for the organisation's
  editors and admins;
* ``/kpi/draft/<draft id>``: the extraction's progress, then the preview with the DGA items to publish;
* ``/kpi/draft/<draft id>/status.json``: what the page polls;
* ``/kpi/draft/<draft id>/publish`` and ``/rerun`` (POST).

Anonymous callers get 403 on the form and 404 on drafts; members of other organisations 403 / 404 too. A
draft is visible only to those who may create datasets in its organisation."""

from __future__ import annotations

import json
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.navl.dictization_functions import unflatten
from ckan.logic import clean_dict, parse_params, tuplize_dict
from flask import Blueprint, Response

from ckanext.kpi.extraction.profiles import PROFILES
from ckanext.kpi.extraction.reading import ExtractionError
from ckanext.kpi.harvesters.config import SourceConfig
from ckanext.kpi.harvesters.datasets import dataset_name
from ckanext.kpi.harvesters.ingest import ingest
from ckanext.kpi.harvesters.store import find_package
from ckanext.kpi.web import current_user_context

from . import jobs, store
from .extraction import read_upload

drafts = Blueprint("kpi_draft", __name__)

# The DGA items the preview lets the editor set (the 14 items but title and organisation, which come from the
# document and the draft; data_type selects the per-type fields and data_classification goes with category).
DGA_FORM_FIELDS = (
    "data_type", "maintainer", "maintainer_email", "tag_string", "notes", "objective",
    "update_frequency_unit", "update_frequency_interval", "geo_coverage", "data_source", "data_format",
    "data_category", "data_classification", "license_id", "accessible_condition", "data_language",
)
STAGE_LABELS = {
    store.QUEUED: "Queued", store.READING: "Reading the file", store.EXTRACTING: "Extracting",
    store.CHECKING: "Checking", store.READY: "Ready", store.FAILED: "Failed", store.PUBLISHED: "Published",
}


def _login_or_403() -> str:
    if not tk.current_user.is_authenticated:
        tk.abort(403, tk._("Log in to create datasets"))
    return tk.current_user.name


def _may_create_in(organization_id: str) -> bool:
    try:
        tk.check_access("package_create", current_user_context(), {"owner_org": organization_id})
    except tk.NotAuthorized:
        return False
    return True


def _organization_for_editor(id: str) -> dict[str, Any]:
    _login_or_403()
    try:
        organization = tk.get_action("organization_show")(
            current_user_context(), {"id": id, "include_datasets": False}
        )
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return tk.abort(404, tk._("Organization not found"))
    if not _may_create_in(organization["id"]):
        return tk.abort(403, tk._("Not authorized to create datasets in {organization}").format(
            organization=organization["title"] or organization["name"]))
    return organization


def _draft_or_404(draft_id: str) -> store.Draft:
    """The draft, for those who may create datasets in its organisation; "not found" to anyone else."""
    draft = store.get(draft_id)
    if draft is None or not tk.current_user.is_authenticated or not _may_create_in(draft.owner_org):
        return tk.abort(404, tk._("Draft not found"))
    return draft


def _max_bytes() -> int:
    return int(tk.config.get("ckanext.kpi.drafts.max_upload_mb")) * 1024 * 1024


def new(id: str) -> Any:
    organization = _organization_for_editor(id)
    error = ""
    if tk.request.method == "POST":
        upload = tk.request.files.get("document")
        if upload is None or not upload.filename:
            error = tk._("Choose a document to upload")
        else:
            try:
                draft_id, file_name = store.store_upload(upload.stream, upload.filename, _max_bytes())
            except store.UploadRefused as refused:
                error = str(refused)
            else:
                draft = store.save(store.Draft(
                    id=draft_id, owner_org=organization["id"], user=tk.current_user.name, file_name=file_name
                ))
                jobs.enqueue(draft)
                return tk.redirect_to("kpi_draft.read", draft_id=draft_id)
    return tk.render("kpi/drafts/new.html", extra_vars={
        "group_dict": organization, "group_type": "organization", "error": error,
        "max_mb": _max_bytes() // (1024 * 1024), "accepted": store.ACCEPTED_SUFFIXES,
    })


def status_dict(draft: store.Draft) -> dict[str, Any]:
    reached = list(store.STAGES[: store.STAGES.index(draft.state) + 1]) if draft.state in store.STAGES else []
    if draft.state == store.PUBLISHED:
        reached = list(store.STAGES)
    return {
        "id": draft.id,
        "state": draft.state,
        "stage_label": tk._(STAGE_LABELS.get(draft.state, draft.state)),
        "reached": reached,
        "counts": draft.counts,
        "error": draft.error,
        "runs": draft.runs,
    }


def status(draft_id: str) -> Response:
    draft = _draft_or_404(draft_id)
    return Response(json.dumps(status_dict(draft), ensure_ascii=False), mimetype="application/json",
                    headers={"Cache-Control": "no-store"})


def _latest_dataset_values(owner_org: str) -> dict[str, Any]:
    """The DGA items of the organisation's most recently changed dataset: a sensible first guess."""
    result = tk.get_action("package_search")(current_user_context(), {
        "fq": f'owner_org:"{owner_org}"', "sort": "metadata_modified desc", "rows": 1,
        "include_private": True,
    })
    if not result["results"]:
        return {}
    latest = result["results"][0]
    values = {key: latest.get(key) for key in DGA_FORM_FIELDS if latest.get(key)}
    values["tag_string"] = ",".join(tag["name"] for tag in latest.get("tags", []))
    return values


def _form_fields() -> list[dict[str, Any]]:
    schema = tk.h.scheming_get_dataset_schema("dataset") or {}
    by_name = {field["field_name"]: field for field in schema.get("dataset_fields", [])}
    return [by_name[name] for name in DGA_FORM_FIELDS if name in by_name]


def _render_read(draft: store.Draft, values: dict[str, Any] | None = None,
                 errors: dict[str, Any] | None = None, error_summary: dict[str, Any] | None = None) -> str:
    organization = tk.get_action("organization_show")(
        current_user_context(), {"id": draft.owner_org, "include_datasets": False}
    )
    data = values if values is not None else (draft.dataset_values or _latest_dataset_values(draft.owner_org))
    licenses = [(license["title"], license["id"]) for license in
                tk.get_action("license_list")(current_user_context(), {})]
    return tk.render("kpi/drafts/read.html", extra_vars={
        "draft": draft, "status": status_dict(draft), "preview": draft.preview, "group_dict": organization,
        "group_type": "organization", "form_fields": _form_fields(), "data": data, "errors": errors or {},
        "error_summary": error_summary or {}, "licenses": licenses, "profiles": sorted(PROFILES),
    })


def read(draft_id: str) -> str:
    return _render_read(_draft_or_404(draft_id))


def _posted_dataset_values() -> dict[str, Any]:
    posted = clean_dict(unflatten(tuplize_dict(parse_params(tk.request.form))))
    allowed = {
        name for field in _form_fields() for name in (field["field_name"], f"{field['field_name']}_other")
    }
    return {key: value for key, value in posted.items() if key in allowed and value not in ("", None, [])}


def publish_draft(draft_id: str) -> Any:
    draft = _draft_or_404(draft_id)
    if draft.state != store.READY:
        tk.h.flash_error(tk._("This draft cannot be published now ({state})").format(state=draft.state))
        return tk.redirect_to("kpi_draft.read", draft_id=draft_id)
    values = _posted_dataset_values()
    private = tk.request.form.get("visibility") != "public"
    config = SourceConfig(dataset_defaults=values, private=private, profile=draft.profile or None)
    user = tk.current_user.name
    try:
        original = jobs.read_original(draft)
        reading = read_upload(original, draft.profile or None, draft.mapping)
        assert reading.result is not None  # a KPI-template-only reading always has a result
        organization = tk.get_action("organization_show")(
            current_user_context(), {"id": draft.owner_org, "include_datasets": False}
        )
        existing = find_package(user, dataset_name(organization["name"], reading.result.document_id))
        if existing is not None and existing.get("owner_org") != draft.owner_org:
            message = tk._("A dataset of another organisation has the name this document would get")
            return _render_read(draft, values, {"name": [message]}, {"name": message})
        # An editor's explicit publish always writes (no "unchanged" shortcut).
        outcome = next(ingest(original, config, owner_org=draft.owner_org, user=user, reading=reading,
                              check_unchanged=False))
    except ExtractionError as error:
        store.update(draft_id, state=store.FAILED, error=str(error))
        return tk.redirect_to("kpi_draft.read", draft_id=draft_id)
    if outcome.error is not None:
        error = outcome.error
        summary = error.error_summary or {"": str(error.error_dict)}
        return _render_read(draft, values, error.error_dict, summary)
    assert outcome.package is not None
    publication_name = outcome.package["name"]
    store.update(draft_id, state=store.PUBLISHED, dataset_values=values,
                 package_name=publication_name)
    tk.h.flash_success(tk._("Dataset {name} published ({visibility})").format(
        name=publication_name, visibility=tk._("private") if private else tk._("public")))
    return tk.redirect_to("dataset.read", id=publication_name)


def rerun(draft_id: str) -> Any:
    """Extract again, with another profile, or (once the generic reader takes one) a mapping: the hook is
    the ``mapping`` field, a JSON object stored with the draft and passed to ``extract_upload``."""
    draft = _draft_or_404(draft_id)
    profile = tk.request.form.get("profile") or ""
    if profile and profile not in PROFILES:
        tk.h.flash_error(tk._("Unknown profile {profile}").format(profile=profile))
        return tk.redirect_to("kpi_draft.read", draft_id=draft_id)
    mapping_text = (tk.request.form.get("mapping") or "").strip()
    try:
        mapping = json.loads(mapping_text) if mapping_text else draft.mapping
    except json.JSONDecodeError as error:
        mapping = None
        tk.h.flash_error(tk._("mapping: not valid JSON ({error})").format(error=error.msg))
    if not isinstance(mapping, dict):
        if mapping is not None:
            tk.h.flash_error(tk._("mapping: a JSON object is expected"))
        return tk.redirect_to("kpi_draft.read", draft_id=draft_id)
    draft = store.update(draft_id, profile=profile, mapping=mapping)
    jobs.enqueue(draft)
    return tk.redirect_to("kpi_draft.read", draft_id=draft_id)


drafts.add_url_rule("/organization/<id>/kpi-document", view_func=new, methods=["GET", "POST"], endpoint="new")
drafts.add_url_rule("/kpi/draft/<draft_id>", view_func=read, endpoint="read")
drafts.add_url_rule("/kpi/draft/<draft_id>/status.json", view_func=status, endpoint="status")
drafts.add_url_rule("/kpi/draft/<draft_id>/publish", view_func=publish_draft, methods=["POST"],
                    endpoint="publish")
drafts.add_url_rule("/kpi/draft/<draft_id>/rerun", view_func=rerun, methods=["POST"], endpoint="rerun")


def get_blueprints() -> list[Blueprint]:
    return [drafts]
