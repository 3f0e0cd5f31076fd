"""002, the DIP performance-agreement diagram: a SmartArt slide flattened into text boxes in arbitrary order.

There are no real tables. The profile reads the boxes that carry a weight (``(  8%)``, ``( 7  %)``), the
budget items (``คชจ. 4.2 …`` with an output target), and the vertical five-level scoring tables, then:

* rebuilds the dimension → assessment group → KPI weight tree of the FY2558 performance-agreement framework
  (external 75 = effectiveness 65 + quality 10; internal 25 = efficiency 15 + organisational development 10)
  and checks every sum;
* attributes a scoring table only when arithmetic proves it: its percentage levels times a budget item's
  target give its count levels (14–18 % × 190 กิจการ = 26–34, 002:177-196). Everything else, and every KPI
  box without a number, becomes a ``needs_human_review`` finding, never a guess presented as fact (H44).
"""

from __future__ import annotations

from .boxes import Box, read_boxes
from .budget import BudgetItem, read_budget_items
from .coverage import unattached_text_findings
from .framework import DIMENSIONS, GROUP_DIMENSION, GROUP_OF_KPI_NUMBER, GROUPS, NUMBERED_GROUPS, needs_review
from .profile import DipDiagramProfile
from .scoring import ScoringTable, Series, attribute_table, levels_match, read_scoring_tables
from .strategies import read_strategies
from .weights import WeightTree

__all__ = [
    "DIMENSIONS",
    "GROUPS",
    "GROUP_DIMENSION",
    "GROUP_OF_KPI_NUMBER",
    "NUMBERED_GROUPS",
    "Box",
    "BudgetItem",
    "DipDiagramProfile",
    "ScoringTable",
    "Series",
    "WeightTree",
    "attribute_table",
    "levels_match",
    "needs_review",
    "read_boxes",
    "read_budget_items",
    "read_scoring_tables",
    "read_strategies",
    "unattached_text_findings",
]
