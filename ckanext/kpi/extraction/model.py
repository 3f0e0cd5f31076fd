"""The tidy rows written by the CLI. Field names and order follow ``ckanext/kpi/schemas/tables/*.json``."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any

from .thai import ParsedValue, be_to_ce, format_decimal


def lines_text(lines: list[int]) -> str:
    """``57;61`` for a value glued from two lines; the first line is also the ``source_line``."""
    return ";".join(str(line) for line in dict.fromkeys(lines))


@dataclass
class Indicator:
    indicator_id: str
    code: str
    name: str
    owner_type: str
    owner_code: str
    source_line: int
    unit: str = ""
    weight_pct: Decimal | None = None
    measure_type: str = ""
    direction: str = ""
    document_id: str = ""
    parent_code: str = ""
    level: str = ""
    unit_noun: str = ""
    is_mandatory: bool | None = None
    is_mandatory_group: bool | None = None
    objective_refs: str = ""
    accumulation: str = ""
    name_text_original: str = ""
    source_lines: str = ""
    pushing_units: str = ""
    collecting_units: str = ""
    alternative_names: str = ""  # ';'-separated other wordings of the name (issue 19)
    source_ref: str = ""  # where the line came from in a non-text document (p. 12 · table 3 · row 5)


@dataclass
class Observation:
    indicator_id: str
    value_role: str
    source_line: int
    value_text_original: str
    fiscal_year_be: int | None = None
    quarter: int | None = None
    comparator: str = ""
    value_num: Decimal | None = None
    value_num_max: Decimal | None = None
    unit: str = ""
    status: str = ""
    document_id: str = ""
    fiscal_year_ce: int | None = None
    period_type: str = "FY"
    unit_noun: str = ""
    value_num_alt: Decimal | None = None
    unit_alt: str = ""
    score_points: Decimal | None = None
    series: str = ""
    source_section: str = ""
    target_semantics: str = ""
    baseline_year_be: int | None = None
    source_lines: str = ""

    source_ref: str = ""  # where the line came from in a non-text document (p. 12 · table 3 · row 5)
    @classmethod
    def from_value(
        cls, indicator_id: str, value_role: str, value: ParsedValue, lines: list[int], **extra: Any
    ) -> Observation:
        """An observation carrying a parsed value, its verbatim text and its lines."""
        observation = cls(
            indicator_id=indicator_id,
            value_role=value_role,
            source_line=lines[0],
            value_text_original=value.text_original,
            comparator=value.comparator,
            value_num=value.value_num,
            value_num_max=value.value_num_max,
            value_num_alt=value.value_num_alt,
            unit=value.unit.code if value.unit else "",
            unit_noun=value.unit.noun if value.unit else "",
            unit_alt=value.unit_alt.noun if value.unit_alt else "",
            status=value.status,
            source_lines=lines_text(lines),
            **extra,
        )
        if observation.fiscal_year_be is not None:
            observation.fiscal_year_ce = be_to_ce(observation.fiscal_year_be)
        if value.comparator in ("increase_by", "decrease_by") and not observation.target_semantics:
            observation.target_semantics = "change_vs_baseline"
        return observation


@dataclass
class Project:
    project_id: str
    code: str
    name: str
    source_line: int
    parent_code: str = ""
    strategy_code: str = ""
    responsible_unit: str = ""
    progress_pct: Decimal | None = None
    status: str = ""
    document_id: str = ""
    strategy_item_code: str = ""
    responsible_unit_inherited: bool | None = None
    source_lines: str = ""
    seq_original: str = ""
    flags: str = ""
    progress_text_original: str = ""
    progress_pct_detail_project: Decimal | None = None
    progress_pct_detail_fy: Decimal | None = None
    detail_source_line: int | None = None
    detail_match: str = ""
    source_ref: str = ""  # where the line came from in a non-text document (p. 12 · table 3 · row 5)


@dataclass
class BudgetLine:
    owner_type: str
    owner_code: str
    role: str
    amount_text_original: str
    source_line: int
    fiscal_year_be: int | None = None
    fund_source: str = ""
    amount_thb: Decimal | None = None
    plausibility: str = "ok"
    document_id: str = ""
    expense_type: str = ""
    unit_original: str = ""
    source_lines: str = ""
    source_ref: str = ""  # where the line came from in a non-text document (p. 12 · table 3 · row 5)


@dataclass
class Activity:
    activity_id: str
    project_id: str
    name: str
    source_line: int
    seq: str = ""
    group_label: str = ""
    is_group: bool = False
    document_id: str = ""
    source_lines: str = ""
    row_kind: str = ""
    period_text_original: str = ""
    planned_start: str = ""
    planned_end: str = ""
    planned_start_fiscal_year_be: int | None = None
    planned_start_quarter: int | None = None
    planned_end_fiscal_year_be: int | None = None
    planned_end_quarter: int | None = None
    sub_year_be: int | None = None
    result_fiscal_year_be: int | None = None
    result_quarter_from: int | None = None
    result_quarter_to: int | None = None
    result_status: str = ""
    result_text: str = ""
    source_ref: str = ""  # where the line came from in a non-text document (p. 12 · table 3 · row 5)


@dataclass
class Finding:
    severity: str  # error, warning, info
    rule: str
    message: str
    source_line: int | None = None
    stated_value: str = ""
    computed_value: str = ""
    document_id: str = ""
    owner_code: str = ""
    source_ref: str = ""  # where the line came from in a non-text document (p. 12 · table 3 · row 5)


@dataclass
class PlanElement:
    element_id: str
    element_type: str
    code: str
    name: str
    source_line: int
    parent_code: str = ""
    weight_pct: Decimal | None = None
    is_mandatory: bool | None = None
    overview_level: str = ""
    document_id: str = ""
    source_ref: str = ""  # where the line came from in a non-text document (p. 12 · table 3 · row 5)


TABLE_ROW_TYPES: dict[str, type] = {
    "indicators": Indicator,
    "observations": Observation,
    "projects": Project,
    "budget": BudgetLine,
    "activities": Activity,
    "findings": Finding,
    "plan_elements": PlanElement,
}


@dataclass
class ExtractionResult:
    """Everything extracted from one document: metadata, tidy rows and findings."""

    document_id: str
    status: str  # complete, unknown_family
    profile: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    tables: dict[str, list[Any]] = field(default_factory=lambda: {name: [] for name in TABLE_ROW_TYPES})
    extras: dict[str, Any] = field(default_factory=dict)
    # The text layer of a PDF, DOCX, ODT, HTML page or spreadsheet as the later stages read it, after the
    # personal-data screen: what may be published in place of an original that contains personal data.
    # Not written to any output file.
    screened_text: str = field(default="", repr=False)

    def add(self, table: str, *rows: Any) -> None:
        self.tables[table].extend(rows)

    @property
    def findings(self) -> list[Finding]:
        return self.tables["findings"]


def cell_value(value: Any) -> str:
    """CSV text of one field: Arabic digits, '.' decimal point, no thousands separators."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format_decimal(value)
    return str(value)


def row_dict(row: Any) -> dict[str, str]:
    return {item.name: cell_value(getattr(row, item.name)) for item in fields(row)}
