"""Family 001: the OPDC public-organisation assessment form (แบบประเมินองค์การมหาชน).

* the KPI summary table in page chunks: objective refs, code + name under one header (H2), weight,
  actuals for three fiscal years, FY targets at the 50/75/100-point levels; in one chunk the objective
  column is missing (H3), so columns are found from the code cell, not by position;
* the monitoring KPI table with unequal year groups;
* per-KPI detail blocks: 5-year plan targets, baselines (several series, ratio cells), the FY target
  table (checked against the summary), PMQA group thresholds, also in the revised annex (Thai digits).
"""

from __future__ import annotations

from .checks import plan_outside_levels
from .common import column_role, level_role, split_criteria
from .details import DetailBlockReader
from .monitoring import MonitoringTableReader
from .profile import OpdcAssessmentProfile
from .scope import data_catalog_scope
from .summary import SummaryTableReader

__all__ = [
    "DetailBlockReader",
    "MonitoringTableReader",
    "OpdcAssessmentProfile",
    "SummaryTableReader",
    "column_role",
    "data_catalog_scope",
    "level_role",
    "plan_outside_levels",
    "split_criteria",
]
