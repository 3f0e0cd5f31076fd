"""003, the MDES action-plan progress report: strategies, goals, strategy KPIs, 123 projects in the progress
tables joined to their 131 detail sections, project KPIs, budgets, activities and the report's averages.

The reading of each part lives in ``profiles/mdes/``; this module walks the document and puts them together.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import ClassVar

from ..checks import as_printed, info, warning
from ..model import ExtractionResult, Finding, PlanElement, Project
from ..reading import ExtractionError
from ..structure import Document
from ..thai import (
    fiscal_year_in_text,
    format_decimal,
    parse_quarter,
    parse_thai_period,
    parse_value,
    thai_to_arabic_digits,
)
from .base import Profile, document_metadata
from .mdes.activities import read_activities
from .mdes.budget import read_budget_statements
from .mdes.indicators import read_project_indicators, read_strategy_indicators
from .mdes.progress import (
    StrategyProgress,
    agency_difference,
    average_findings,
    detail_only_project,
    headline_findings,
    is_progress_table,
    join_sections,
    progress_difference,
    project_row,
    read_progress_tables,
    rules_differ_finding,
)
from .mdes.sections import ProjectSection, StrategySection, split_strategies

_HEADLINE_RE = re.compile(r"ก้าวหน้าโดยเฉลี่ยคิดเป็นร้อยละ\s*([0-9.]+)")
_INTRO_STRATEGY_RE = re.compile(r"^ยุทธศาสตร์ที่\s*([0-9]+)")
_INTRO_COUNT_RE = re.compile(r"ประกอบด้วย\s*([0-9]+)\s*(?:แผนงาน/)?โครงการ")
_INTRO_AVERAGE_RE = re.compile(r"ร้อยละ\s*([0-9]+(?:\.[0-9]+)?)")
_SECTION_COUNT_RE = re.compile(r"มีแผนงาน/โครงการภายใต้ยุทธศาสตร์ที่\s*[0-9]+\s*จำนวน\s*([0-9]+)\s*โครงการ")
_TITLE_ANCHOR = "รายงานผลการดำเนินงานตามแผนปฏิบัติการ"
_CUT_OFF_RE = re.compile(r"ณ\s*สิ้นไตรมาส[^(]*\(([^)]*)\)")


class MdesReportProfile(Profile):
    name = "mdes_report"
    doc_type = "progress_report"
    description = (
        "003-like: MDES action-plan progress report (strategies, projects, KPIs, budgets, activities)"
    )
    anchors: ClassVar[tuple[str, ...]] = (
        _TITLE_ANCHOR,
        "ชื่อหน่วยงานรับผิดชอบ",
        "ความก้าวหน้าของการดำเนินการ",
        "แผนระยะเวลาดำเนินงานแต่ละกิจกรรม",
        "โครงการใช้งบประมาณ",
        "ผลลัพธ์ที่ได้ เปรียบเทียบกับตัวชี้วัด",
    )

    def has_key_table(self, document: Document) -> bool:
        return any(is_progress_table(grid) for grid in document.grids)

    def extract(self, document: Document, result: ExtractionResult) -> None:
        if not self.has_key_table(document):
            raise ExtractionError(
                "no progress table (ที่ / แผนงาน/โครงการ / หน่วยงาน / ความก้าวหน้า): not an MDES progress report",
                path=document.source.path,
            )
        result.metadata.update(self._metadata(document))
        strategies = split_strategies(document)
        rules_by_strategy: dict[str, list[str]] = {}
        averages: dict[str, dict[str, object]] = {}
        all_progress: list[StrategyProgress] = []
        for strategy in strategies:
            result.add("plan_elements", *self._plan_elements(strategy))
            grids = strategy.grids(document)
            read_strategy_indicators(strategy, grids, result)
            progress = read_progress_tables(strategy.code, [g for g in grids if is_progress_table(g)])
            all_progress.append(progress)
            rules, findings = average_findings(progress)
            rules_by_strategy[strategy.code] = rules
            result.add("findings", *findings)
            averages[strategy.code] = {
                "stated": _printed(progress.stated_average),
                "source_line": progress.stated_line,
                "rules": rules,
            }
            self._read_projects(strategy, progress, document, result)
            self._check_section_count(strategy, progress, result)
        self._check_report_averages(document, all_progress, rules_by_strategy, averages, result)

    # --- projects -----------------------------------------------------------------------------------

    def _read_projects(
        self,
        strategy: StrategySection,
        progress: StrategyProgress,
        document: Document,
        result: ExtractionResult,
    ) -> None:
        joins = join_sections(strategy.projects, progress.rows)
        by_row = {join.row.code: join for join in joins if join.row is not None}
        projects = {row.code: project_row(strategy.code, row, by_row.get(row.code)) for row in progress.rows}
        section_only = {
            id(join): detail_only_project(strategy.code, join.section, set(projects))
            for join in joins
            if join.row is None
        }
        result.add("projects", *projects.values(), *section_only.values())
        for join in joins:
            if join.row is None:
                result.add("findings", _no_summary_row_finding(section_only[id(join)], join.section))
        for row in progress.rows:
            project = projects[row.code]
            children = [p for p in section_only.values() if p.parent_code == row.code]
            self._check_project(project, row.numbers, children, result)
            join = by_row.get(row.code)
            if join is None:
                result.add("findings", _no_section_finding(project, has_children=bool(children)))
            elif join.method == "name" and join.section.number:
                result.add("findings", _renumbered_finding(project, join.section))
            if join is not None and (agency := agency_difference(project, join.section)):
                result.add("findings", agency)
        for project in section_only.values():
            difference = progress_difference(project)
            if difference:
                result.add("findings", difference)
        for join in joins:
            project = projects[join.row.code] if join.row is not None else section_only[id(join)]
            self._read_section(project, join.section, document, result)

    def _check_project(
        self, project: Project, numbers: list[Decimal], children: list[Project], result: ExtractionResult
    ) -> None:
        if len(numbers) > 1 and len(children) == len(numbers) - 1:
            result.add("findings", _attribute_by_position(project, numbers, children))
        elif len(numbers) > 1:
            shown = ", ".join(format_decimal(n) for n in numbers)
            result.add(
                "findings",
                info(
                    "several_values_in_cell",
                    f"{project.project_id}: the progress cell holds {len(numbers)} values ({shown}); the "
                    "first is kept as the project's progress, the others are not attributed",
                    project.source_line,
                    owner_code=project.project_id,
                    stated=project.progress_text_original,
                ),
            )
        difference = progress_difference(project)
        if difference:
            result.add("findings", difference)

    def _read_section(
        self, project: Project, section: ProjectSection, document: Document, result: ExtractionResult
    ) -> None:
        grids = [
            grid for block in section.blocks if block.is_table and (grid := document.grid_of_block(block))
        ]
        unique = list({grid.index: grid for grid in grids}.values())
        report_year = result.metadata.get("fiscal_year_be")
        read_project_indicators(project, unique, result, report_year)
        read_activities(project, unique, section.blocks, result, report_year)
        read_budget_statements(project, section.blocks, result, report_year)

    # --- strategies and the report's own figures --------------------------------------------------------

    @staticmethod
    def _plan_elements(strategy: StrategySection) -> list[PlanElement]:
        elements = [PlanElement(f"S{strategy.code}", "strategy", strategy.code, strategy.name, strategy.line)]
        for position, goal in enumerate(strategy.goals, start=1):
            code = f"{strategy.code}.G{position}"
            elements.append(
                PlanElement(code, "goal", code, goal.text, goal.line_start, parent_code=strategy.code)
            )
        return elements

    @staticmethod
    def _check_section_count(
        strategy: StrategySection, progress: StrategyProgress, result: ExtractionResult
    ) -> None:
        """``มีแผนงาน/โครงการภายใต้ยุทธศาสตร์ที่ ๒ จำนวน ๕ โครงการ`` against the table's rows (H42)."""
        top_level = sum(1 for row in progress.rows if row.is_top_level)
        for block in strategy.blocks:
            match = (
                _SECTION_COUNT_RE.search(thai_to_arabic_digits(block.text)) if not block.is_table else None
            )
            if match and int(match.group(1)) != top_level:
                result.add(
                    "findings",
                    warning(
                        "stated_count",
                        f"strategy {strategy.code}: the text says {match.group(1)} projects, the progress "
                        f"table lists {top_level}",
                        block.line_start,
                        stated=match.group(1),
                        computed=str(top_level),
                    ),
                )

    def _check_report_averages(
        self,
        document: Document,
        all_progress: list[StrategyProgress],
        rules_by_strategy: dict[str, list[str]],
        averages: dict[str, dict[str, object]],
        result: ExtractionResult,
    ) -> None:
        headline, headline_line = self._headline(document)
        means = [p.stated_average for p in all_progress if p.stated_average is not None]
        rows = [row for progress in all_progress for row in progress.rows]
        result.add("findings", *headline_findings(headline, means, rows, headline_line))
        differ = rules_differ_finding(rules_by_strategy, headline_line)
        if differ:
            result.add("findings", differ)
        result.add("findings", *self._intro_findings(document, all_progress))
        result.metadata["progress_averages"] = {
            "headline": {"stated": _printed(headline), "source_line": headline_line},
            "strategies": averages,
        }

    @staticmethod
    def _headline(document: Document) -> tuple[Decimal | None, int | None]:
        for block in document.text_blocks():
            match = _HEADLINE_RE.search(thai_to_arabic_digits(block.text))
            if match:
                return Decimal(match.group(1)), block.line_start
        return None, None

    @staticmethod
    def _intro_findings(document: Document, all_progress: list[StrategyProgress]) -> list[Finding]:
        """The summary lines before the strategies (003:31-40) against the progress tables."""
        by_code = {progress.strategy_code: progress for progress in all_progress}
        findings = []
        first_strategy_line = min((p.stated_line or 0 for p in all_progress), default=0)
        for block in document.text_blocks():
            if block.line_start >= first_strategy_line:
                break
            text = thai_to_arabic_digits(block.text)
            match = _INTRO_STRATEGY_RE.match(text)
            progress = by_code.get(match.group(1)) if match else None
            if progress is None:
                continue
            findings.extend(_intro_checks(text, block.line_start, progress))
        return findings

    @staticmethod
    def _metadata(document: Document) -> dict[str, object]:
        title_block = next((b for b in document.text_blocks() if _TITLE_ANCHOR in b.text), None)
        title = title_block.text if title_block else ""
        metadata = document_metadata(title, MdesReportProfile.doc_type, fiscal_year_in_text(title))
        cut_off = _CUT_OFF_RE.search(title)
        period = parse_thai_period(cut_off.group(1)) if cut_off else None
        quarters = parse_quarter(title.replace("สิ้นไตรมาส", "ไตรมาส"))
        if period and period[1].to_date():
            metadata["as_of"] = period[1].to_date().isoformat()
        if quarters:
            metadata["quarters_covered"] = f"{quarters[0]}-{quarters[1]}"
        return metadata


def _printed(value: Decimal | None) -> str:
    return as_printed(value) if value is not None else ""


def _intro_checks(text: str, line: int, progress: StrategyProgress) -> list[Finding]:
    findings = []
    top_level = sum(1 for row in progress.rows if row.is_top_level)
    count = _INTRO_COUNT_RE.search(text)
    if count and int(count.group(1)) != top_level:
        findings.append(
            warning(
                "stated_count",
                f"strategy {progress.strategy_code}: the summary says {count.group(1)} projects, the "
                f"progress table lists {top_level}",
                line,
                stated=count.group(1),
                computed=str(top_level),
            )
        )
    average = _INTRO_AVERAGE_RE.findall(text)
    stated = parse_value(average[-1]).value_num if average else None
    if stated is not None and progress.stated_average is not None and stated != progress.stated_average:
        findings.append(
            warning(
                "summary_vs_table_average",
                f"strategy {progress.strategy_code}: the summary says {as_printed(stated)}, the "
                f"table's รวม row says {as_printed(progress.stated_average)}",
                line,
                stated=as_printed(stated),
                computed=as_printed(progress.stated_average),
            )
        )
    return findings


def _no_section_finding(project: Project, *, has_children: bool) -> Finding:
    """A parent whose sub-projects have the sections is normal; any other row without one is not (H41)."""
    report = info if has_children else warning
    tail = "; its sub-projects have theirs" if has_children else ""
    return report(
        "summary_row_without_detail_section",
        f"{project.project_id} ({project.name[:60]}) has no detail section of its own{tail}",
        project.source_line,
        owner_code=project.project_id,
    )


def _attribute_by_position(project: Project, numbers: list[Decimal], children: list[Project]) -> Finding:
    """``๓๒.๕  ๔๐ ๒๕`` (003:1635): the parent's mean, then one value per sub-project in section order."""
    for child, value in zip(children, numbers[1:], strict=True):
        child.progress_pct = value
        child.progress_text_original = project.progress_text_original
    shown = ", ".join(
        f"{child.code} = {format_decimal(value)}" for child, value in zip(children, numbers[1:], strict=True)
    )
    return info(
        "progress_attributed_by_position",
        f"{project.project_id}: the progress cell {project.progress_text_original!r} holds the "
        f"project's value and one per sub-project; attributed by position ({shown}); a reviewer confirms",
        project.source_line,
        owner_code=project.project_id,
        stated=project.progress_text_original,
    )


def _no_summary_row_finding(project: Project, section: ProjectSection) -> Finding:
    return info(
        "detail_section_without_summary_row",
        f"detail section '{section.number_original} {section.title[:60]}' matches no row of the progress "
        "table; kept as its own project",
        section.line,
        owner_code=project.project_id,
    )


def _renumbered_finding(project: Project, section: ProjectSection) -> Finding:
    return warning(
        "section_number_mismatch",
        f"detail section numbered '{section.number_original}' (line {section.line}) joined to summary row "
        f"{project.code} by name similarity",
        section.line,
        owner_code=project.project_id,
        stated=section.number_original,
        computed=project.code,
    )
