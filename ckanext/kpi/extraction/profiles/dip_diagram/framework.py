"""The FY2558 performance-agreement framework the diagram follows (its groups and dimensions), the
patterns of its text boxes, and what every part shares."""

from __future__ import annotations

import re

from ...checks import warning
from ...model import Finding

_WEIGHT_RE = re.compile(r"\(\s*([0-9]+(?:\.[0-9]+)?)\s*%\s*\)\s*$")
_BUDGET_ITEM_RE = re.compile(r"คชจ\.\s*([0-9]+(?:\.[0-9]+)*(?:-[0-9]+)?)\s*(.*)$")
_TARGET_IN_BRACKETS_RE = re.compile(r"\(เป้าหมาย\s*([0-9,]+)\s*(\S+?)\)")
_LEADING_NUMBER_RE = re.compile(r"^([0-9][0-9,]*)\s*(\S*)")
_STRATEGY_RE = re.compile(r"^ยุทธศาสตร์ที่\s*([0-9]+)\s*:?")
_LEVEL_HEADER = "ระดับคะแนน"
_LEVELS = 5
_MIN_NAME_LINK = 0.15
_MIN_SHARED_TRIGRAMS = 4
_MIN_NAME_MARGIN = 0.1  # words shared with two KPIs equally (และพัฒนา) decide nothing

# The FY2558 performance-agreement framework: which assessment group each top-level KPI number belongs to,
# and which dimension each group belongs to. The weight sums below verify it for this document.
GROUPS = {
    "การประเมินประสิทธิผล": ("effectiveness", "external"),
    "การประเมินคุณภาพ": ("quality", "external"),
    "การประเมินประสิทธิภาพ": ("efficiency", "internal"),
    "การพัฒนาองค์การ": ("organisational_development", "internal"),
}
DIMENSIONS = {"มิติภายนอก": "external", "มิติภายใน": "internal"}
GROUP_OF_KPI_NUMBER = {
    "1": "effectiveness",
    "2": "quality",
    "3": "efficiency",
    "4": "efficiency",
    "5": "efficiency",
    "6": "organisational_development",
    "7": "organisational_development",
}


def _clean(line: str) -> str:
    return line.replace("\u00a0", " ").replace("[image: ]", "").replace("[bookmark: _GoBack]", "").strip()


_NUMBER_START_RE = re.compile(r"^(?:ตัวชี้วัดที่\s*)?([0-9]+(?:\.[0-9]+)*)\s*\.?(?:\s+(\S.*))?$")
# "ตัวชี้วัด" as a box header: alone, at the end of a line glued to another box's text (" กิจการตัวชี้วัด",
# "j / xuตัวชี้วัด", 002:15, 65), or followed by the name after two spaces (002:36).
_KPI_HEADER_RE = re.compile(r"^(?:.*\S)?ตัวชี้วัด$|^ตัวชี้วัด\s{2,}(\S.*)$")
GROUP_DIMENSION = {group: dimension for group, dimension in GROUPS.values()}
# KPI numbers whose items sit in a numbered KPI group box ("1. ตัวชี้วัดตามภารกิจหลัก…", "2. คุณภาพการให้บริการ").
NUMBERED_GROUPS = {"1": "effectiveness", "2": "quality"}


def needs_review(message: str, line: int | None, owner: str) -> Finding:
    return warning("needs_human_review", f"needs human review: {message}", line, owner_code=owner)


_LATIN_WORD_RE = re.compile(r"\b[A-Z]{2,}\b")
