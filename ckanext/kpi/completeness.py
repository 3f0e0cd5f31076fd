"""The 14 mandatory DGA metadata items, and whether a dataset (a package_show dict) has them all.

OPDC counts a dataset only when all 14 are present, and only a published (active) one: drafts never count."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ckanext.kpi import vocabulary


@dataclass(frozen=True)
class Item:
    key: str
    label: dict[str, str]
    fields: tuple[str, ...]


MANDATORY_ITEMS: tuple[Item, ...] = (
    Item("title", {"th": "ชื่อชุดข้อมูล", "en": "Dataset name"}, ("title",)),
    Item("owner_org", {"th": "หน่วยงาน", "en": "Organization"}, ("owner_org",)),
    Item("maintainer", {"th": "ชื่อฝ่ายงานสำหรับติดต่อ", "en": "Contact person"}, ("maintainer",)),
    Item("maintainer_email", {"th": "อีเมลสำหรับติดต่อ", "en": "Contact e-mail"}, ("maintainer_email",)),
    Item("tags", {"th": "คำสำคัญ", "en": "Tags"}, ("tags",)),
    Item("notes", {"th": "รายละเอียด", "en": "Description"}, ("notes",)),
    Item("objective", {"th": "วัตถุประสงค์", "en": "Objective"}, ("objective",)),
    Item(
        "update_frequency",
        {"th": "ความถี่ของการปรับปรุงข้อมูล", "en": "Update frequency"},
        ("update_frequency_unit", "update_frequency_interval"),
    ),
    Item("geo_coverage", {"th": "ขอบเขตเชิงภูมิศาสตร์หรือเชิงพื้นที่", "en": "Geographic coverage"}, ("geo_coverage",)),
    Item("data_source", {"th": "แหล่งที่มา", "en": "Data source"}, ("data_source",)),
    Item("data_format", {"th": "รูปแบบการเก็บข้อมูล", "en": "Data format"}, ("data_format",)),
    Item(
        "data_category",
        {"th": "หมวดหมู่ข้อมูลตามธรรมาภิบาลข้อมูลภาครัฐ", "en": "Data category (data governance)"},
        ("data_category",),
    ),
    Item("license_id", {"th": "สัญญาอนุญาตให้ใช้ข้อมูล", "en": "License"}, ("license_id",)),
    Item(
        "accessible_condition",
        {"th": "เงื่อนไขในการเข้าถึงข้อมูล", "en": "Access conditions"},
        ("accessible_condition",),
    ),
)


def _filled(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    return bool(value)


def _field_present(dataset: dict[str, Any], field_name: str) -> bool:
    if field_name == "update_frequency_interval":
        # only periodic units ("every N months") carry an interval
        unit = dataset.get("update_frequency_unit")
        return unit not in vocabulary.PERIODIC_FREQUENCY_UNITS or _filled(dataset.get(field_name))
    value = dataset.get(field_name)
    if not _filled(value):
        return False
    chosen = value if isinstance(value, list) else [value]
    chose_other = any(isinstance(v, str) and vocabulary.is_other_choice(v) for v in chosen)
    return not chose_other or _filled(dataset.get(f"{field_name}_other"))


def item_present(dataset: dict[str, Any], item: Item) -> bool:
    return all(_field_present(dataset, name) for name in item.fields)


def report(dataset: dict[str, Any]) -> dict[str, Any]:
    """Which of the 14 items a dataset has, and whether it counts in the assessment."""
    present = [item for item in MANDATORY_ITEMS if item_present(dataset, item)]
    missing = [item for item in MANDATORY_ITEMS if item not in present]
    complete = not missing
    return {
        "id": dataset["id"],
        "name": dataset["name"],
        "title": dataset.get("title", ""),
        "type": dataset.get("type"),
        "state": dataset.get("state"),
        "private": dataset.get("private", False),
        "present": [item.key for item in present],
        "missing": [item.key for item in missing],
        "missing_labels": [vocabulary.localized(item.label) for item in missing],
        "present_count": len(present),
        "item_count": len(MANDATORY_ITEMS),
        "complete": complete,
        "counts": complete and dataset.get("state") == "active",
    }
