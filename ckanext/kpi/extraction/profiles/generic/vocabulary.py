"""What a table header says: the words that name the indicator column and each kind of value column.

A label is the text of one header cell (a two-row header gives ``group`` and ``sub``). Every rule here is a
Thai or English word that agencies use in general, never a phrase of one document: a column is a target
column because its label says เป้าหมาย/target, a year column because it names a Buddhist-Era year, and so on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ...thai import expand_two_digit_be, thai_to_arabic_digits

# The indicator column. ผลผลิต/ผลลัพธ์ (output/outcome) head the KPI column of budget action plans.
INDICATOR_RE = re.compile(r"ตัวชี้วัด|ตัววัด|\bKPIs?\b|indicator|ผลผลิต|ผลลัพธ์|ชื่อตัวชี้วัด", re.IGNORECASE)
_LEADING_INDICATOR_RE = re.compile(r"^(?:ชื่อ)?(?:ตัวชี้วัด|KPIs?\b)", re.IGNORECASE)
# Columns that are read but are not values: units, weights, the fiscal year of a row.
UNIT_RE = re.compile(r"^(?:หน่วย(?:นับ|วัด|ตัวชี้วัด|ของตัวชี้วัด)?|unit)\b", re.IGNORECASE)
WEIGHT_RE = re.compile(r"น้ำหนัก|weight", re.IGNORECASE)
FISCAL_YEAR_COLUMN_RE = re.compile(r"^(?:ปีงบประมาณ|ปี\s*งบ\s*ประมาณ|fiscal\s*year)$", re.IGNORECASE)
# Columns derived from the values (a share of the target, a score, a status): never an observation.
DERIVED_RE = re.compile(
    r"ร้อยละ(?:ของ|ความสำเร็จ)?(?:ผลการดำเนินงาน)?(?:เทียบ|ของ)?(?:ค่า)?เป้าหมาย|เทียบ(?:กับ)?(?:ค่า)?เป้า|"
    r"ความก้าวหน้า|คะแนน|score|สถานะ|status|หมายเหตุ|remark|งบประมาณ|budget|เบิกจ่าย",
    re.IGNORECASE,
)
# Columns about something else (row numbers, projects, owners, definitions), unless a role word is there.
OTHER_RE = re.compile(
    r"ผู้รับผิดชอบ|หน่วยงาน|ลำดับ|^ที่$|^ข้อ$|^no\.?$|โครงการ|project|ด้าน|ประเด็น|ยุทธศาสตร์|เป้าประสงค์|"
    r"วิธีการ|แหล่งข้อมูล|คำอธิบาย|คำนิยาม|นิยาม|สูตร|ระดับตัวชี้วัด|รหัส|code|กิจกรรม|มาตรการ",
    re.IGNORECASE,
)
TARGET_RE = re.compile(r"เป้าหมาย|target|^แผน$", re.IGNORECASE)
ACTUAL_RE = re.compile(
    r"ผลการดำเนิน(?:งาน|การ)|ผลดำเนิน(?:งาน|การ)|ผลงาน|ผลการประเมิน|ผลการปฏิบัติ|ผลที่ได้|ผลสำเร็จ|"
    r"^ผล(?:\s|$)|^ผลลัพธ์ที่ได้|actual|result|achieve",
    re.IGNORECASE,
)
BASELINE_RE = re.compile(r"ค่าฐาน|ข้อมูลฐาน|baseline", re.IGNORECASE)
SCORE_LEVEL_GROUP_RE = re.compile(r"เกณฑ์|ระดับ|คะแนน|level|score", re.IGNORECASE)

_YEAR_RE = re.compile(
    r"(?:ปี(?:งบประมาณ|งบฯ|งปม\.?)?\s*(?:พ\.ศ\.)?\s*|พ\.ศ\.\s*|FY\s*|^|(?<=\s))(2[45][0-9]{2})(?![0-9])"
)
_SHORT_YEAR_RE = re.compile(r"(?:ปี(?:งบประมาณ|งปม\.?)?\s*|FY\s*)([5-9][0-9])(?![0-9])")
_QUARTER_RE = re.compile(r"ไตรมาส(?:ที่)?\s*([1-4])(?![0-9])|\bQ([1-4])\b", re.IGNORECASE)
_MONTHS_ROUND_RE = re.compile(r"(?:รอบ|ระยะ)\s*(3|6|9|12)\s*เดือน")
_BARE_LEVEL_RE = re.compile(r"^(?:ระดับ(?:ที่)?\s*|level\s*)?([1-5])$", re.IGNORECASE)
_BARE_PERCENT_LEVEL_RE = re.compile(r"^(50|75|100)\s*%?$")


@dataclass(frozen=True)
class ColumnMeaning:
    """What one column holds, read from its header."""

    kind: str  # indicator, unit, weight, fiscal_year, value, ignored, unknown
    role: str = ""  # for value columns: target, actual, baseline, target_level_n, score_level_n
    fiscal_year_be: int | None = None
    quarter: int | None = None
    role_from_context: bool = False  # the header named a year or quarter but no role
    label: str = ""


def normalise_label(text: str) -> str:
    return " ".join(thai_to_arabic_digits(text).replace("*", "").split())


_CE_YEAR_RE = re.compile(r"(?:^|(?<=[\s(/]))(?:FY\s*|ค\.ศ\.\s*)?(20[0-9]{2})(?![0-9])", re.IGNORECASE)


def year_in_label(label: str) -> int | None:
    """The Buddhist-Era year a header names (ปี 2565, พ.ศ. ๒๕๖๖, ปี 66, FY 2567); a Common-Era year
    (Target 2024, ค.ศ. 2023) is converted, since a 20xx in a header is a year in either era."""
    match = _YEAR_RE.search(label)
    if match:
        return int(match.group(1))
    common_era = _CE_YEAR_RE.search(label)
    if common_era:
        return int(common_era.group(1)) + 543
    short = _SHORT_YEAR_RE.search(label)
    return expand_two_digit_be(int(short.group(1))) if short else None


def quarter_in_label(label: str) -> int | None:
    match = _QUARTER_RE.search(label)
    if match:
        return int(match.group(1) or match.group(2))
    months = _MONTHS_ROUND_RE.search(label)
    return int(months.group(1)) // 3 if months else None


def role_of_label(label: str) -> str:
    """target / actual / baseline named by a row label or caption (เป้าหมาย, ผลการดำเนินงาน, ค่าฐาน)."""
    return _role_of(normalise_label(label))


def _role_of(label: str) -> str:
    """target / actual / baseline from the role words of one label, '' when it names none."""
    if BASELINE_RE.search(label):
        return "baseline"
    has_target = bool(TARGET_RE.search(label))
    has_actual = bool(ACTUAL_RE.search(label))
    if has_target and has_actual:
        return ""  # "ผลการดำเนินงานเทียบเป้าหมาย" and the like: not one role
    if has_target:
        return "target"
    return "actual" if has_actual else ""


_POINTS_LEVEL_RE = re.compile(r"\(?\s*(50|75|100)\s*คะแนน\s*\)?")


def _level_role(group: str, sub: str) -> str:
    """score_level_n under a เกณฑ์/ระดับ/คะแนน group (1–5), target_level_n for 50/75/100 (also a
    target named by its points: เป้าหมายมาตรฐาน (75 คะแนน))."""
    points = _POINTS_LEVEL_RE.search(sub or group)
    if points and (TARGET_RE.search(sub or group) or SCORE_LEVEL_GROUP_RE.search(group)):
        return f"target_level_{points.group(1)}"
    if not sub:
        return ""
    bare = _BARE_LEVEL_RE.match(sub)
    if bare and (SCORE_LEVEL_GROUP_RE.search(group) or sub.startswith("ระดับ")):
        return f"score_level_{bare.group(1)}"
    percent = _BARE_PERCENT_LEVEL_RE.match(sub)
    if percent and (SCORE_LEVEL_GROUP_RE.search(group) or TARGET_RE.search(group)):
        return f"target_level_{percent.group(1)}"
    return ""


@lru_cache(maxsize=8192)
def classify_column(group: str, sub: str = "") -> ColumnMeaning:
    """The meaning of a column with a (group, sub) header; group alone for a one-row header."""
    group, sub = normalise_label(group), normalise_label(sub)
    label = " / ".join(part for part in (group, sub) if part)
    if not label:
        return ColumnMeaning("unknown")
    level_role = _level_role(group, sub)
    if level_role:
        return ColumnMeaning("value", level_role, year_in_label(group), label=label)
    own = sub or group
    if UNIT_RE.search(own):
        return ColumnMeaning("unit", label=label)
    if WEIGHT_RE.search(own):
        return ColumnMeaning("weight", label=label)
    if FISCAL_YEAR_COLUMN_RE.match(own):
        return ColumnMeaning("fiscal_year", label=label)
    year = year_in_label(sub) or year_in_label(group)
    quarter = quarter_in_label(sub) or quarter_in_label(group)
    role = (_role_of(sub) or _role_of(group)) if sub else _role_of(group)
    if DERIVED_RE.search(own):
        return ColumnMeaning("ignored", label=label)
    if INDICATOR_RE.search(own) and not role and not year and not quarter:
        return ColumnMeaning("indicator", label=label)
    if _LEADING_INDICATOR_RE.match(own) and not year and not quarter:
        return ColumnMeaning("indicator", label=label)  # ตัวชี้วัด/ค่าเป้าหมาย: the name (with its target)
    if OTHER_RE.search(own) and not (role or year or quarter):
        return ColumnMeaning("ignored", label=label)
    if role:
        return ColumnMeaning("value", role, year, quarter, label=label)
    if year or quarter:
        return ColumnMeaning("value", "", year, quarter, role_from_context=True, label=label)
    return ColumnMeaning("unknown", label=label)


@lru_cache(maxsize=8192)
def is_header_label(text: str) -> bool:
    """A cell that reads as a column label (for tables without TABs: one cell per line, space-aligned)."""
    label = normalise_label(text)
    if not label or len(label) > 40:
        return False
    meaning = classify_column(label)
    if meaning.kind == "unknown":
        return False
    # A value such as "ร้อยละ 80" is not a label; a label holds no number other than a year or quarter.
    digits = re.sub(r"(?:2[045][0-9]{2})|ไตรมาส(?:ที่)?\s*[1-4]|[1-9][0-9]?\s*เดือน|Q[1-4]", "", label)
    return not re.search(r"[0-9]", digits)
