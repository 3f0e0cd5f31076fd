"""What the parts of the GIT action plan share: its patterns, the located columns, the plan tree's
nodes and the reading state."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

PROJECT_CODE_RE = re.compile(r"^[A-Z]{3}[0-9]{3}(?:_([0-9]+))?/([0-9]{2})$")
_STRATEGY_RE = re.compile(r"^ยุทธศาสตร์ที่\s*([0-9]+)\s*(.*)$")
_STRATEGY_TOTAL_RE = re.compile(r"งบประมาณรวม\s*ยุทธศาสตร์ที่\s*([0-9]+)")
_STRATEGY_ITEM_RE = re.compile(r"^กลยุทธ์ที่\s*([0-9]+\.[0-9]+)\s*(.*)$")
_BREAKDOWN_RE = re.compile(r"(งบลงทุน|งบดำเนินงาน|ดำเนินงาน)\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*(ลบ\.|ล้านบาท)")
_ACTIVITY_BUDGET_RE = re.compile(r"ใช้งบประมาณ\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*(บ\.|บาท|ลบ\.|ล้านบาท)")
_HEADER_UNIT_RE = re.compile(r"\((ลบ\.|ล้านบาท|บาท)\)")
_EXPENSE_TYPES = {"งบลงทุน": "investment", "งบดำเนินงาน": "operating", "ดำเนินงาน": "operating"}
_FUNDS = ("gov_budget", "off_budget")
_NOT_A_NUMBER = "..", "…"


@dataclass
class _Columns:
    code: int
    name: int
    activities: int
    indicators: int
    funds: dict[str, int]
    responsible: int
    amount_unit: str


@dataclass
class _Node:
    """A strategy or strategy item: its stated amounts per fund and the projects under it."""

    code: str
    line: int
    stated: dict[str, Decimal | None] = field(default_factory=dict)
    stated_text: dict[str, str] = field(default_factory=dict)
    projects: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)


@dataclass
class _State:
    fiscal_year_be: int | None
    strategy: _Node | None = None
    item: _Node | None = None
    strategies: dict[str, _Node] = field(default_factory=dict)
    items: dict[str, _Node] = field(default_factory=dict)
    project_amounts: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    project_lines: dict[str, int] = field(default_factory=dict)


def _parent_of(code: str) -> str:
    return re.sub(r"_[0-9]+/", "/", code)


def _direction(comparator: str) -> str:
    if comparator in ("decrease_by", "<=", "<"):
        return "lower_better"
    if comparator in ("increase_by", ">=", ">"):
        return "higher_better"
    return ""
