"""Structured harvest errors: one :class:`Issue` per problem (file, sheet, cell or line, rule, original
text). Each is saved as a ckanext-harvest ``HarvestObjectError`` (so the job report lists it, all of them,
not only the 20 most frequent of the summary) and, with its structure, in the object extra ``kpi_issues``
(so the CSV export keeps the columns)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from typing import Any

ISSUES_EXTRA = "kpi_issues"
CSV_COLUMNS = (
    "job_id", "guid", "stage", "file", "sheet", "cell", "line",
    "rule", "rule_label", "message", "original_text",
)  # fmt: skip
# What each rule means, for people: translated (Thai in ckanext-kpi.po) when the report is exported.
RULE_LABELS = {
    "ssrf_blocked": "Address not allowed (private, loopback or link-local network)",
    "url_scheme": "Only http and https addresses are fetched",
    "too_many_redirects": "Too many redirects",
    "http_status": "The server did not return the file",
    "too_large": "File larger than the limit",
    "content_type": "Not a file type this harvester reads",
    "network": "Network error",
    "unreadable": "File cannot be read",
    "schema": "Metadata rejected by the dataset schema",
    "required": "Required value missing",
    "be_year": "Not a Buddhist Era year",
    "quarter": "Quarter must be 1 to 4",
    "value_role": "Unknown value role",
    "number": "Not a number",
    "unknown_indicator": "Indicator not in the indicators sheet",
    "value": "Value not understood",
    "owner_org": "Organization not found",
    "search_unavailable": "Search index unavailable; the document will be imported by the next run",
    "gather": "The source could not be listed",
    "harvest": "Harvest error",
}


@dataclass(frozen=True)
class Issue:
    rule: str
    message: str
    file: str = ""
    sheet: str = ""
    cell: str = ""
    line: int | None = None
    original_text: str = ""
    stage: str = "Import"

    def summary(self) -> str:
        """One line for the job report: where, rule, message, and the original text."""
        where = ", ".join(
            part
            for part in (
                self.file,
                f"sheet {self.sheet}" if self.sheet else "",
                f"cell {self.cell}" if self.cell else "",
                f"line {self.line}" if self.line else "",
            )
            if part
        )
        text = f" [{self.original_text[:200]}]" if self.original_text else ""
        return (
            f"{where}: {self.rule}: {self.message}{text}" if where else f"{self.rule}: {self.message}{text}"
        )


def _stored_issues(harvest_object: Any) -> list[dict[str, Any]]:
    for extra in harvest_object.extras:
        if extra.key == ISSUES_EXTRA:
            return json.loads(extra.value or "[]")
    return []


def record_issues(harvest_object: Any, issues: Iterable[Issue]) -> int:
    """Save ``issues`` on the object (error rows and the structured extra); returns how many."""
    from ckanext.harvest.model import HarvestObjectError, HarvestObjectExtra

    issues = list(issues)
    if not issues:
        return 0
    for issue in issues:
        HarvestObjectError(
            message=issue.summary(), object=harvest_object, stage=issue.stage, line=issue.line
        ).save()
    stored = [*_stored_issues(harvest_object), *(asdict(issue) for issue in issues)]
    extra = next((e for e in harvest_object.extras if e.key == ISSUES_EXTRA), None)
    if extra is None:
        extra = HarvestObjectExtra(key=ISSUES_EXTRA, object=harvest_object)
    extra.value = json.dumps(stored, ensure_ascii=False)
    extra.save()
    return len(issues)


def _row(job_id: str, guid: str, issue: dict[str, Any]) -> dict[str, Any]:
    known = {item.name for item in fields(Issue)}
    return {"job_id": job_id, "guid": guid, **{k: v for k, v in issue.items() if k in known}}


def job_issues(job_id: str) -> list[dict[str, Any]]:
    """Every error of a job, structured: gather errors, then each object's issues (errors recorded by
    ckanext-harvest itself, without structure, come as rule ``harvest``)."""
    from ckan import model

    from ckanext.harvest.model import HarvestGatherError, HarvestObject, HarvestObjectError

    rows: list[dict[str, Any]] = [
        _row(job_id, "", asdict(Issue(rule="gather", message=error.message, stage="Gather")))
        for error in model.Session.query(HarvestGatherError)
        .filter(HarvestGatherError.harvest_job_id == job_id)
        .order_by(HarvestGatherError.created)
    ]
    objects = (
        model.Session.query(HarvestObject)
        .filter(HarvestObject.harvest_job_id == job_id)
        .order_by(HarvestObject.gathered, HarvestObject.id)
    )
    for harvest_object in objects:
        structured = _stored_issues(harvest_object)
        summaries = {Issue(**issue).summary() for issue in structured}
        rows.extend(_row(job_id, harvest_object.guid, issue) for issue in structured)
        plain = model.Session.query(HarvestObjectError).filter(
            HarvestObjectError.harvest_object_id == harvest_object.id
        )
        rows.extend(
            _row(job_id, harvest_object.guid, asdict(Issue("harvest", e.message, line=e.line, stage=e.stage)))
            for e in plain
            if e.message not in summaries
        )
    return rows


def rule_label(rule: str) -> str:
    """The rule in the reader's language (rules without a label are shown as they are)."""
    import ckan.plugins.toolkit as tk

    return tk._(RULE_LABELS[rule]) if rule in RULE_LABELS else rule


def issues_csv(rows: Iterable[dict[str, Any]]) -> str:
    """UTF-8 CSV text (the caller adds a BOM for spreadsheet programs if it wants one)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        values = {key: "" if row.get(key) is None else row.get(key) for key in CSV_COLUMNS}
        writer.writerow({**values, "rule_label": rule_label(str(values["rule"]))})
    return buffer.getvalue()
