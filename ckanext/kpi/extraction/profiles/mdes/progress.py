"""Layout P of 003: the strategy progress tables, their ``รวม`` averages, and the join to detail sections.

Averages are recomputed, never trusted (H13): strategies 1 and 3 count ``-`` as 0, strategy 5 drops the
cancelled row, and the headline ๕๕.๔๙ is the mean of the five strategy means (003:21).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ...checks import as_printed, check_average, info, warning
from ...grid import Grid, GridRow
from ...model import Finding, Project
from ...text_similarity import containment, similarity
from ...thai import (
    ParsedValue,
    find_numbers,
    format_decimal,
    matching_key,
    parse_value,
    thai_to_arabic_digits,
)
from .sections import ProjectSection

_TOTAL_LABEL = "รวม"
_SUB_NUMBER_RE = re.compile(r"^([0-9]+\.[0-9]+)\s+")
_SUB_ACTIVITY_RE = re.compile(r"^กิจกรรมที่\s*([0-9]+)")
_FLAGSHIP_RE = re.compile(r"🇹🇹|โครงการสำคัญ")
_DETAIL_PROGRESS_RE = re.compile(r"มีความก้าวหน้า\s*คิดเป็นร้อยละ\s*(\S+)\s*ของเป้าหมาย(ทั้งโครงการ|ในปี)")
_STATUS_IN_SECTION: list[tuple[str, re.Pattern[str]]] = [
    ("cancelled", re.compile(r"ยกเลิก(?:การจัดทำ)?โครงการ")),
    # กันเงินเหลื่อมปี and its OCR forms: เหลือมปี, หลัอมปี, เหลือปี, เหลืออมปี (003:2488, 2585, H38)
    ("carried_over", re.compile(r"กั[นก]เงิน(?:เห|ห)ล[ืั]่?ออ?ม?ปี")),
    ("multi_year", re.compile(r"ผูกพันงบประมาณ")),
]
# A detail section joins a summary row by number only when the names agree at least this much; below it
# the number is taken to be wrong (๒๘ printed for ๖๘, 003:7839) and the best name match wins.
_MIN_NAME_AGREEMENT = 0.3
_MIN_NAME_MATCH = 0.35


def is_progress_table(grid: Grid) -> bool:
    labels = grid.column_labels()
    return len(labels) >= 4 and labels[0] == "ที่" and labels[1].startswith("แผนงาน")


@dataclass
class SummaryRow:
    """One row of a progress table: a project, a sub-project (๖.๑) or a sub-activity (กิจกรรมที่ ๑)."""

    code: str
    code_original: str
    name: str
    agency: str
    progress: ParsedValue
    line: int
    parent_code: str = ""
    numbers: list[Decimal] = field(default_factory=list)

    @property
    def is_top_level(self) -> bool:
        return not self.parent_code

    @property
    def value(self) -> Decimal | None:
        return self.progress.value_num


@dataclass
class StrategyProgress:
    strategy_code: str
    rows: list[SummaryRow]
    stated_average: Decimal | None = None
    stated_line: int | None = None


def _is_total_row(row: GridRow) -> bool:
    return _TOTAL_LABEL in (row.text(0), row.text(1)) and not row.text(2)


def _summary_row(row: GridRow, parent: SummaryRow | None, position: int) -> SummaryRow:
    number_text, name = row.text(0), row.text(1)
    progress = parse_value(row.text(3))
    numbers = [number.value for _, _, number in find_numbers(row.text(3))]
    if number_text and number_text != "-":
        code = thai_to_arabic_digits(number_text).rstrip(".")
        return SummaryRow(code, number_text, name, row.text(2), progress, row.line, numbers=numbers)
    if number_text == "-" or parent is None:  # 003:9518, a project printed without a number
        return SummaryRow(
            f"line{row.line}", number_text, name, row.text(2), progress, row.line, numbers=numbers
        )
    normalised = thai_to_arabic_digits(name)
    sub = _SUB_NUMBER_RE.match(normalised)
    activity = _SUB_ACTIVITY_RE.match(normalised)
    code = (
        sub.group(1)
        if sub
        else f"{parent.code}-A{activity.group(1)}"
        if activity
        else f"{parent.code}-{position}"
    )
    return SummaryRow(
        code, "", name, row.text(2) or parent.agency, progress, row.line, parent.code, numbers=numbers
    )


def read_progress_tables(strategy_code: str, grids: list[Grid]) -> StrategyProgress:
    """All rows of a strategy's progress table (page-break chunks may form several grids)."""
    progress = StrategyProgress(strategy_code, [])
    parent: SummaryRow | None = None
    for grid in grids:
        for position, row in enumerate(grid.rows):
            if _is_total_row(row):
                progress.stated_average = parse_value(row.text(3)).value_num
                progress.stated_line = row.line
                continue
            if not row.text(1):
                continue
            summary = _summary_row(row, parent, position)
            if summary.is_top_level:
                parent = summary
            progress.rows.append(summary)
    return progress


# --- averages -------------------------------------------------------------------------------------------

AVERAGE_RULES = {
    "dash_as_zero": "every numbered project, '-' and blanks counted as 0",
    "numeric_only": "only the numbered projects with a number",
    "cancelled_dropped": "every numbered project except cancelled ones, '-' counted as 0",
}


def _rule_values(rows: list[SummaryRow], rule: str) -> list[Decimal]:
    top = [row for row in rows if row.is_top_level]
    if rule == "numeric_only":
        return [row.value for row in top if row.value is not None]
    if rule == "cancelled_dropped":
        top = [row for row in top if row.progress.status != "cancelled"]
    return [row.value if row.value is not None else Decimal(0) for row in top]


def _rounded_mean(values: list[Decimal], like: Decimal) -> Decimal:
    exponent = like.as_tuple().exponent
    places = Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
    return (sum(values, Decimal(0)) / len(values)).quantize(places)


def average_rules(progress: StrategyProgress) -> dict[str, Decimal]:
    """The strategy average under each rule, rounded like the stated value."""
    stated = progress.stated_average or Decimal("0.01")
    results = {}
    for rule in AVERAGE_RULES:
        values = _rule_values(progress.rows, rule)
        if values:
            results[rule] = _rounded_mean(values, stated)
    return results


def average_findings(progress: StrategyProgress) -> tuple[list[str], list[Finding]]:
    """The rules that reproduce the stated average, and findings for what they show."""
    computed = average_rules(progress)
    stated = progress.stated_average
    if stated is None:
        return [], [warning("strategy_average_missing", f"strategy {progress.strategy_code}: no รวม row")]
    matching = [rule for rule, value in computed.items() if value == stated]
    label = f"strategy {progress.strategy_code} progress average"
    shown = "; ".join(f"{rule} {as_printed(value)}" for rule, value in computed.items())
    if matching:
        message = f"{label}: stated {as_printed(stated)} is reproduced by {', '.join(matching)} ({shown})"
        finding = info("strategy_average_rule", message, progress.stated_line, stated=as_printed(stated))
        finding.computed_value = as_printed(computed[matching[0]])
        return matching, [finding]
    message = f"{label}: stated {as_printed(stated)} is reproduced by no rule ({shown})"
    return [], [
        warning(
            "stated_average",
            message,
            progress.stated_line,
            stated=as_printed(stated),
            computed=as_printed(computed.get("dash_as_zero", Decimal(0))),
        )
    ]


# The two plain readings of a non-numeric progress cell: a zero, or no project at all.
_PLAIN_RULES = ("dash_as_zero", "numeric_only")


def rules_differ_finding(rules_by_strategy: dict[str, list[str]], line: int | None) -> Finding | None:
    """A warning when the strategies treat non-numeric progress differently (``-`` as 0 in strategies 1
    and 3, the cancelled row left out in strategy 5), naming any rule that still reproduces them all."""
    plain = {code: [r for r in rules if r in _PLAIN_RULES] for code, rules in rules_by_strategy.items()}
    sets = [set(rules) for rules in plain.values() if rules]
    if not sets or set.intersection(*sets):
        return None
    described = "; ".join(f"strategy {code}: {', '.join(rules) or 'none'}" for code, rules in plain.items())
    common = set.intersection(*(set(rules) for rules in rules_by_strategy.values() if rules))
    reconciled = f"; only {', '.join(sorted(common))} reproduces all of them" if common else ""
    return warning(
        "average_rules_differ",
        f"the strategy averages treat non-numeric progress differently: {described}{reconciled}",
        line,
    )


def headline_findings(
    stated: Decimal | None, strategy_means: list[Decimal], all_rows: list[SummaryRow], line: int | None
) -> list[Finding]:
    """The headline against the mean of the strategy means (its rule) and the per-project mean."""
    findings: list[Finding] = []
    if stated is None or not strategy_means:
        return findings
    mismatch = check_average(
        stated, strategy_means, line=line, label="headline progress (mean of strategy means)"
    )
    if mismatch:
        findings.append(mismatch)
    else:
        mean = _rounded_mean(strategy_means, stated)
        finding = info(
            "headline_average_rule",
            f"headline progress {as_printed(stated)} is the unweighted mean of the "
            f"{len(strategy_means)} strategy averages ({as_printed(mean)})",
            line,
            stated=as_printed(stated),
        )
        finding.computed_value = as_printed(mean)
        findings.append(finding)
    per_project = _rule_values(all_rows, "dash_as_zero")
    if per_project:
        weighted = _rounded_mean(per_project, stated)
        findings.append(
            info(
                "headline_not_per_project",
                f"the mean over all {len(per_project)} numbered projects would be "
                f"{as_printed(weighted)}, "
                f"not {as_printed(stated)}: the headline weights every strategy equally",
                line,
                stated=as_printed(weighted),
            )
        )
    return findings


# --- detail sections and the join ------------------------------------------------------------------------


@dataclass
class DetailProgress:
    whole_project: ParsedValue | None = None
    fiscal_year: ParsedValue | None = None
    line: int | None = None


def detail_progress(section: ProjectSection) -> DetailProgress:
    """``มีความก้าวหน้า คิดเป็นร้อยละ ๔๐ ของเป้าหมายทั้งโครงการ`` / ``… ในปี พ.ศ. ๒๕๖๗`` (003:207-209)."""
    found = DetailProgress()
    for block in section.blocks:
        if block.is_table:
            continue
        for match in _DETAIL_PROGRESS_RE.finditer(block.text):
            value = parse_value(match.group(1))
            found.line = found.line or block.line_start
            if match.group(2) == "ทั้งโครงการ":
                found.whole_project = found.whole_project or value
            else:
                found.fiscal_year = found.fiscal_year or value
    return found


@dataclass
class Join:
    section: ProjectSection
    row: SummaryRow | None
    method: str  # number, name, none
    score: float = 0.0


def _name_score(section: ProjectSection, row: SummaryRow) -> float:
    return max(similarity(section.title, row.name), containment(row.name, section.title))


def _number_agrees(section: ProjectSection, row: SummaryRow) -> bool:
    """A sub-project number (๖.๑) is unambiguous; a top-level one restarts per strategy and is sometimes
    wrong (๒๘ printed for ๖๘, 003:7839), so the names must agree too."""
    return "." in row.code or _name_score(section, row) >= _MIN_NAME_AGREEMENT


def _is_sub_project(
    section: ProjectSection, unmatched: dict[str, SummaryRow], joined_codes: set[str]
) -> bool:
    """``๒.๑`` under a row ``๒`` that has no section of its own is that row's sub-project (003:1711), while
    ``๔.๒.`` under a row ``๔`` that has one is a mistyped ``๔๒`` (003:5724)."""
    parent = section.number.rsplit(".", 1)[0] if "." in section.number else ""
    return bool(parent) and parent in unmatched and parent not in joined_codes


def join_sections(sections: list[ProjectSection], rows: list[SummaryRow]) -> list[Join]:
    """Each detail section to at most one summary row: first every join by number (where the names agree),
    then the rest by name similarity, best pairs first."""
    unmatched = {row.code: row for row in rows}
    joined: dict[int, Join] = {}
    for position, section in enumerate(sections):
        row = unmatched.get(section.number) if section.number else None
        if row is not None and _number_agrees(section, row):
            joined[position] = Join(section, unmatched.pop(row.code), "number", _name_score(section, row))
    joined_codes = {join.row.code for join in joined.values() if join.row is not None}
    pairs = sorted(
        (
            (_name_score(section, row), position, row.code)
            for position, section in enumerate(sections)
            if position not in joined and not _is_sub_project(section, unmatched, joined_codes)
            for row in unmatched.values()
        ),
        reverse=True,
    )
    for score, position, code in pairs:
        if score < _MIN_NAME_MATCH:
            break
        if position not in joined and code in unmatched:
            joined[position] = Join(sections[position], unmatched.pop(code), "name", score)
    return [joined.get(position, Join(section, None, "none")) for position, section in enumerate(sections)]


def flags_of(name: str) -> list[str]:
    flags = []
    if name.rstrip().endswith("*"):
        flags.append("carry_over")
    if _FLAGSHIP_RE.search(name):
        flags.append("flagship")
    return flags


def project_row(strategy_code: str, row: SummaryRow, join: Join | None) -> Project:
    status = "cancelled" if row.progress.status == "cancelled" else ""
    project = Project(
        project_id=f"S{strategy_code}-{row.code}",
        code=row.code,
        name=row.name,
        source_line=row.line,
        parent_code=row.parent_code,
        strategy_code=strategy_code,
        responsible_unit=row.agency,
        progress_pct=row.value,
        status=status,
        flags=";".join(flags_of(row.name)),
        progress_text_original=row.progress.text_original,
        detail_match=join.method if join else "none",
    )
    if join is not None:
        _add_detail(project, join.section)
    return project


def detail_only_project(strategy_code: str, section: ProjectSection, parent_codes: set[str]) -> Project:
    """A project known only from its detail section (๒.๑, ๒.๒ under ๒, 003:1711, 1786)."""
    code = section.number or f"line{section.line}"
    parent = code.rsplit(".", 1)[0] if "." in code else ""
    project = Project(
        project_id=f"S{strategy_code}-{code}",
        code=code,
        name=section.title,
        source_line=section.line,
        parent_code=parent if parent in parent_codes else "",
        strategy_code=strategy_code,
        responsible_unit=section.responsible_unit,
        flags=";".join(flags_of(section.title)),
        detail_match="none",
    )
    _add_detail(project, section)
    return project


def _add_detail(project: Project, section: ProjectSection) -> None:
    found = detail_progress(section)
    project.detail_source_line = section.line
    project.seq_original = section.number_original
    project.progress_pct_detail_project = found.whole_project.value_num if found.whole_project else None
    project.progress_pct_detail_fy = found.fiscal_year.value_num if found.fiscal_year else None
    if not project.responsible_unit:
        project.responsible_unit = section.responsible_unit
    if not project.status:
        project.status = section_status(section)


def section_status(section: ProjectSection) -> str:
    """cancelled, carried_over or multi_year when the section says so, the first that applies; a cancelled
    tender (ยกเลิกการประกวดราคา, 003:10220) does not cancel the project."""
    text = " ".join(block.text for block in section.blocks if not block.is_table)
    return next((status for status, pattern in _STATUS_IN_SECTION if pattern.search(text)), "")


# The ministry's agencies as the progress tables abbreviate them (003:53-63 names most of them).
AGENCY_NAMES = {
    "สป.ดศ.": "สำนักงานปลัดกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม",
    "สดช.": "สำนักงานคณะกรรมการดิจิทัลเพื่อเศรษฐกิจและสังคมแห่งชาติ",
    "อต.": "กรมอุตุนิยมวิทยา",
    "สสช.": "สำนักงานสถิติแห่งชาติ",
    "สคส.": "สำนักงานคณะกรรมการคุ้มครองข้อมูลส่วนบุคคล",
    "สศด.": "สำนักงานส่งเสริมเศรษฐกิจดิจิทัล",
    "DEPA": "สำนักงานส่งเสริมเศรษฐกิจดิจิทัล",
    "สพธอ.": "สำนักงานพัฒนาธุรกรรมทางอิเล็กทรอนิกส์",
    "สขญ.": "สถาบันข้อมูลขนาดใหญ่",
    "ปอท.": "กองบังคับการปราบปรามการกระทำความผิดเกี่ยวกับอาชญากรรมทางเทคโนโลยี",
    "NT": "บริษัท โทรคมนาคมแห่งชาติ",
    "ปณท": "บริษัท ไปรษณีย์ไทย",
}


def agency_difference(project: Project, section: ProjectSection) -> Finding | None:
    """The summary's agency, by abbreviation or by name, not found in the section's responsible unit:
    สศช. for สดช. (003:102), สสช. on rows whose sections say สดช. (003:2214-2225), H42. Both stay as
    printed."""
    agency = project.responsible_unit
    unit = matching_key(section.responsible_unit)
    if not agency or not unit:
        return None
    names = [agency.strip("."), AGENCY_NAMES.get(agency, "")]
    if any(name and matching_key(name) in unit for name in names):
        return None
    unknown = "" if agency in AGENCY_NAMES else " (an abbreviation of no known agency)"
    return info(
        "agency_differs_from_section",
        f"{project.project_id}: the progress table names {agency!r}{unknown}, the detail section "
        f"(line {section.line}) {section.responsible_unit[:80]!r}",
        project.source_line,
        owner_code=project.project_id,
        stated=agency,
    )


def progress_difference(project: Project) -> Finding | None:
    """Summary and detail progress both stay in projects.csv; a difference is a finding (H42)."""
    detail = [
        v for v in (project.progress_pct_detail_project, project.progress_pct_detail_fy) if v is not None
    ]
    if project.progress_pct is None or not detail or project.progress_pct in detail:
        return None
    shown = " / ".join(format_decimal(value) for value in detail)
    return warning(
        "progress_summary_vs_detail",
        f"{project.project_id}: the summary table says {format_decimal(project.progress_pct)} %, "
        f"the detail section (line {project.detail_source_line}) says {shown} % "
        "(whole project / fiscal year)",
        project.source_line,
        owner_code=project.project_id,
        stated=format_decimal(project.progress_pct),
        computed=shown,
    )
