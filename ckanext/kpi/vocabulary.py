"""The DGA controlled vocabularies (schemas/choices/dga.yaml) and the rules that tie them together."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import ckan.plugins.toolkit as tk
import yaml

from ckanext.scheming.helpers import scheming_language_text

CHOICES_FILE = resources.files("ckanext.kpi") / "schemas" / "choices" / "dga.yaml"

# thai_gdc's "other" choice: `อื่นๆ` everywhere, `ข้อมูลประเภทอื่นๆ` for data_type; both end the same way.
OTHER_SUFFIX = "อื่นๆ"
PUBLIC_CATEGORY = "ข้อมูลสาธารณะ"

# DGA data classification matrix (มสพร. 8-2565, as thai_gdc's form enforces it in JavaScript).
CLASSIFICATIONS_BY_CATEGORY: dict[str, tuple[str, ...]] = {
    "ข้อมูลสาธารณะ": ("เปิดเผย",),
    "ข้อมูลใช้ภายใน": ("ชั้นเผยแพร่ภายในองค์กร",),
    "ข้อมูลส่วนบุคคล": ("ชั้นเผยแพร่ภายในองค์กร", "ลับ", "ลับมาก"),
    "ข้อมูลความมั่นคง": ("ลับ", "ลับมาก", "ลับที่สุด"),
    "ข้อมูลความลับทางราชการ": ("ลับ", "ลับมาก", "ลับที่สุด"),
}

# Units that describe a period, so that an interval ("every 3 months") makes sense with them.
PERIODIC_FREQUENCY_UNITS = frozenset(
    ("ปี", "ครึ่งปี", "ไตรมาส", "เดือน", "สัปดาห์", "วัน", "วันทำการ", "ชั่วโมง", "นาที")
)


@cache
def _choice_lists() -> dict[str, list[list[str]]]:
    return yaml.safe_load(CHOICES_FILE.read_text(encoding="utf-8"))


def choices(list_name: str) -> list[dict[str, Any]]:
    """Scheming choices of one list: the stored value, and a label in Thai and English.

    An entry is [value, English label] (the Thai label is the value) or [value, English, Thai]."""
    return [
        {"value": entry[0], "label": {"th": entry[2] if len(entry) > 2 else entry[0], "en": entry[1]}}
        for entry in _choice_lists()[list_name]
    ]


def is_other_choice(value: str) -> bool:
    return value.endswith(OTHER_SUFFIX)


def current_language() -> str:
    """The user's language in a request; the site's default language elsewhere (CLI, background jobs)."""
    try:
        return tk.h.lang() or tk.config.get("ckan.locale_default")
    except (RuntimeError, TypeError):
        return tk.config.get("ckan.locale_default")


def localized(label: str | dict[str, str]) -> str:
    """A {th, en} label (or a plain string) in the current language."""
    return scheming_language_text(label, prefer_lang=current_language())
