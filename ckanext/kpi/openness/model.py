"""Storage of the reports: the ``kpi_openness_report`` table (migration/kpi/versions/8a0c1f3e5b21_…).

A table of our own rather than resource extras: writing a report then neither re-triggers the resource
hooks nor adds an activity entry nor changes the dataset's ``metadata_modified``."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from ckan import model

metadata = sa.MetaData()

report_table = sa.Table(
    "kpi_openness_report",
    metadata,
    sa.Column("resource_id", sa.UnicodeText, primary_key=True),
    sa.Column("package_id", sa.UnicodeText, nullable=False, index=True),
    sa.Column("state", sa.UnicodeText, nullable=False),
    sa.Column("status", sa.UnicodeText),
    sa.Column("score", sa.Integer),
    sa.Column("detected_format", sa.UnicodeText),
    sa.Column("source_sha256", sa.UnicodeText),
    sa.Column("fingerprint", sa.UnicodeText),
    sa.Column("report", sa.UnicodeText),
    sa.Column("checked_at", sa.DateTime),
    sa.Column("queued_at", sa.DateTime),
)

PENDING = "pending"
DONE = "done"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _upsert(resource_id: str, values: dict[str, Any]) -> None:
    exists = model.Session.execute(
        sa.select(report_table.c.resource_id).where(report_table.c.resource_id == resource_id)
    ).first()
    if exists:
        model.Session.execute(report_table.update().where(report_table.c.resource_id == resource_id)
                              .values(**values))
    else:
        model.Session.execute(report_table.insert().values(resource_id=resource_id, **values))
    model.Session.commit()


def mark_pending(resource_id: str, package_id: str, fingerprint: str) -> None:
    """A check is queued: the page shows "being checked" until the job stores the report."""
    _upsert(resource_id, {
        "package_id": package_id, "state": PENDING, "fingerprint": fingerprint, "queued_at": _now()
    })


def save_report(resource_id: str, package_id: str, report: dict[str, Any]) -> None:
    _upsert(resource_id, {
        "package_id": package_id,
        "state": DONE,
        "status": report["status"],
        "score": report["score"],
        "detected_format": report["detected_format"],
        "source_sha256": report.get("sha256") or "",
        "fingerprint": report.get("fingerprint") or "",
        "report": json.dumps(report, ensure_ascii=False),
        "checked_at": _now(),
    })


def delete_report(resource_id: str) -> None:
    model.Session.execute(report_table.delete().where(report_table.c.resource_id == resource_id))
    model.Session.commit()


def get_report(resource_id: str) -> dict[str, Any] | None:
    """The stored report of one resource with its state and times, or None when it was never checked."""
    return reports_for([resource_id]).get(resource_id)


def reports_for(resource_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Stored reports by resource id, in one query."""
    ids = list(resource_ids)
    if not ids:
        return {}
    rows = model.Session.execute(sa.select(report_table).where(report_table.c.resource_id.in_(ids))).all()
    return {row.resource_id: _as_dict(row) for row in rows}


def _as_dict(row: Any) -> dict[str, Any]:
    report = json.loads(row.report) if row.report else {}
    return {
        **report,
        "resource_id": row.resource_id,
        "package_id": row.package_id,
        "state": row.state,
        "fingerprint": row.fingerprint,
        "status": row.status,
        "score": row.score,
        "checked_at": row.checked_at.isoformat() if row.checked_at else None,
        "queued_at": row.queued_at.isoformat() if row.queued_at else None,
    }
