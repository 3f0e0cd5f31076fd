"""Family 000: the GIT strategy-KPI plan table (หลักเกณฑ์ตัวชี้วัดตามยุทธศาสตร์).

Strategies → strategy items (กลยุทธ์) → projects, each with activities, indicators whose targets are
embedded in the text, and a budget in million baht split into government (งปม.) and off-budget (เงินนอก)
columns. Subtotals and totals are kept as stated and recomputed from the project rows.
"""

from __future__ import annotations

from .budget import BudgetReader
from .checks import PlanChecks
from .columns import HeadingsAndColumnsReader
from .common import PROJECT_CODE_RE
from .indicators import IndicatorsReader
from .profile import GitPlanProfile
from .projects import ProjectRowsReader

__all__ = [
    "PROJECT_CODE_RE",
    "BudgetReader",
    "GitPlanProfile",
    "HeadingsAndColumnsReader",
    "IndicatorsReader",
    "PlanChecks",
    "ProjectRowsReader",
]
