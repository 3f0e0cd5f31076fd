"""``ckan kpi migrate-kpi-type``: datasets of the former ``kpi`` dataset type become ``dataset``-type
datasets (issue 16). Their KPI fields are stored as package extras under both types (scheming keeps a
non-core field as an extra), so only the type changes; the activity stream's stored copies change too (their
pages build ``<type>.read`` URLs, and no ``kpi.read`` endpoint exists any more). Then the search index is
rebuilt for them. Idempotent: a second run finds nothing to do and writes nothing."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass, field

from ckan import model

from ckanext.kpi import kpi_datasets


@dataclass
class MigrationReport:
    dataset_ids: list[str] = field(default_factory=list)
    dataset_names: list[str] = field(default_factory=list)
    activities: int = 0
    reindexed: int = 0

    def lines(self) -> Iterator[str]:
        if not self.dataset_ids:
            yield f"no dataset of type '{kpi_datasets.LEGACY_TYPE}': nothing to migrate"
            return
        yield (
            f"migrated {len(self.dataset_ids)} dataset(s) from type '{kpi_datasets.LEGACY_TYPE}' to "
            f"'{kpi_datasets.DATASET_TYPE}': {', '.join(self.dataset_names)}"
        )
        yield f"activity records updated: {self.activities}"
        yield f"reindexed: {self.reindexed}"


def legacy_packages() -> list[model.Package]:
    """Every package of the former type, whatever its state (drafts and deleted ones too)."""
    return (
        model.Session.query(model.Package)
        .filter(model.Package.type == kpi_datasets.LEGACY_TYPE)
        .order_by(model.Package.name)
        .all()
    )


def _activity_model():
    try:
        from ckanext.activity.model import Activity
    except ImportError:  # the activity plugin is not installed: no stored copies to change
        return None
    return Activity


def _migrate_activities(package_ids: list[str]) -> int:
    activity_model = _activity_model()
    if activity_model is None or not package_ids:
        return 0
    changed = 0
    activities = model.Session.query(activity_model).filter(activity_model.object_id.in_(package_ids))
    for activity in activities:
        data = activity.data or {}
        stored = data.get("package") if isinstance(data, dict) else None
        if isinstance(stored, dict) and stored.get("type") == kpi_datasets.LEGACY_TYPE:
            data = copy.deepcopy(data)
            data["package"]["type"] = kpi_datasets.DATASET_TYPE
            activity.data = data  # a new object: the JSON column sees the change
            changed += 1
    return changed


def migrate(*, reindex: bool = True) -> MigrationReport:
    """Turn every ``kpi``-type package into a ``dataset``-type one in one transaction, then reindex them."""
    report = MigrationReport()
    packages = legacy_packages()
    if not packages:
        return report
    report.dataset_ids = [package.id for package in packages]
    report.dataset_names = [package.name for package in packages]
    try:
        for package in packages:
            package.type = kpi_datasets.DATASET_TYPE
        report.activities = _migrate_activities(report.dataset_ids)
        model.Session.commit()
    except Exception:
        model.Session.rollback()
        raise
    if reindex:
        from ckan.lib import search

        from ckanext.kpi import cache

        for package_id in report.dataset_ids:
            search.rebuild(package_id)
            report.reindexed += 1
        search.commit()
        cache.catalog_changed("migrate-kpi-type")
    return report
