"""Activity tables of 003: planned periods mapped to fiscal quarters (A-plan) and results split by their
quarter tags (A-result). No table has per-quarter target columns; quarters exist only as planned periods, as
tags inside result cells and as the report's Q1–Q3 cut-off (seed analysis §1.4).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ...blocks import Block
from ...grid import Grid, GridRow
from ...model import Activity, ExtractionResult, Project
from ...text_similarity import similarity
from ...thai import (
    ThaiDate,
    fiscal_quarter_of,
    parse_quarter,
    parse_thai_date,
    parse_thai_period,
    thai_to_arabic_digits,
)

_SEQ_RE = re.compile(r"^(กิจกรรมที่\s*[0-9]+(?:\.[0-9]+)?|[0-9]{1,2}(?:\.[0-9]+)?[.)]|งานงวดที่\s*[0-9]+)\s*:?\s*")
_SUB_YEAR_RE = re.compile(r"^ปี\s*(?:พ\.ศ\.)?\s*(25[0-9]{2})$")
# Only "ไตรมาสที่ n" tags a result; "ไตรมาส ๓" inside the text is a survey round (003:2730, H34).
_QUARTER_TAG_RE = re.compile(r"ไตรมาสที่\s*[0-9](?:\s*[-–]\s*[0-9])?")
_STATUS_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("in_progress", re.compile(r"อยู่ระหว่าง")),
    ("not_started", re.compile(r"ยังไม่(?:ได้)?(?:ดำเนิน|เริ่ม|ถึง)|ต่อไปตามแผน")),
    # "คาดว่าจะแล้วเสร็จ" (expected to be finished, 003:197) is not done.
    ("done", re.compile(r"(?<!คาดว่าจะ)แล้วเสร็จ|ดำเนินการแล้ว|เรียบร้อยแล้ว|ครบถ้วน")),
]
_SAME_ACTIVITY_SIMILARITY = 0.45
_DETAILS_HEADING_RE = re.compile(r"^รายละเอียดผลการดำเนินงาน")
_DETAILS_END_RE = re.compile(r"^(?:ปัญหาและอุปสรรค|ความก้าวหน้าของการดำเนินการ)")
_ACTIVITY_LABEL_RE = re.compile(r"^กิจกรรมที่\s*[0-9]+")
_OUTCOME_RE = re.compile(r"^มีผลการดำเนินการ\s*คือ\s*:?\s*(.*)$")


def is_plan_table(grid: Grid) -> bool:
    labels = grid.column_labels()
    return len(labels) >= 2 and labels[0] == "กิจกรรม" and labels[1].startswith("ช่วงระยะเวลา")


def is_result_table(grid: Grid) -> bool:
    labels = grid.column_labels()
    return len(labels) >= 2 and labels[0] == "กิจกรรม" and labels[1].startswith("ผลการดำเนิน")


def _seq_and_name(text: str) -> tuple[str, str]:
    match = _SEQ_RE.match(thai_to_arabic_digits(text))
    if not match:
        return "", text.strip()
    return text[: match.end()].rstrip(" :"), text[match.end() :].strip()


def _end_of(day: ThaiDate) -> date | None:
    """The last day a partial date stands for: ``ก.ย. ๖๗`` → 30 Sep 2024."""
    start = day.to_date()
    if start is None or day.day is not None:
        return start
    next_month = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return date.fromordinal(next_month.toordinal() - 1)


def planned_period(text: str) -> tuple[date, date] | None:
    """A period cell as CE dates: a range (``๓ ส.ค. ๖๗ - ๑๖ ส.ค. ๖๗``), one month, or ``ปีงบประมาณ``."""
    period = parse_thai_period(text)
    if period:
        start, end = period[0].to_date(), _end_of(period[1])
        return (start, end) if start and end else None
    single = parse_thai_date(text)
    if single and single.year_be:
        start, end = single.to_date(), _end_of(single)
        return (start, end) if start and end else None
    return None


def _set_period(activity: Activity, text: str) -> None:
    activity.period_text_original = text
    period = planned_period(text)
    if period is None:
        return
    start, end = period
    activity.planned_start, activity.planned_end = start.isoformat(), end.isoformat()
    activity.planned_start_fiscal_year_be, activity.planned_start_quarter = fiscal_quarter_of(start)
    activity.planned_end_fiscal_year_be, activity.planned_end_quarter = fiscal_quarter_of(end)


def read_activities(
    project: Project,
    grids: list[Grid],
    blocks: list[Block],
    result: ExtractionResult,
    report_year: int | None,
) -> None:
    """Planned activities, then their results from result tables or from the narrative form."""
    planned: list[Activity] = []
    for grid in grids:
        if is_plan_table(grid):
            planned.extend(_read_plan(project, grid, len(planned)))
    result.add("activities", *planned)
    results = _Results(project, planned, report_year)
    for grid in grids:
        if is_result_table(grid):
            _read_result_table(grid, results)
    _read_narrative_results(blocks, results)
    result.add("activities", *results.rows)


def _read_plan(project: Project, grid: Grid, offset: int) -> list[Activity]:
    activities: list[Activity] = []
    current_seq, current_name = "", ""
    for row in grid.rows:
        texts = row.texts()
        label = texts[0] if texts else ""
        if not label:
            continue
        sub_year = _SUB_YEAR_RE.match(thai_to_arabic_digits(label))
        period_text = next((text for text in texts[1:] if text), "")
        number = offset + len(activities) + 1
        if sub_year:  # ปี พ.ศ. ๒๕๖๖ under a survey activity (003:2694-2696)
            activity = _activity(project, number, current_seq, current_name, row, "plan")
            activity.sub_year_be = int(sub_year.group(1))
        else:
            current_seq, current_name = _seq_and_name(label)
            activity = _activity(project, number, current_seq, current_name, row, "plan")
            activity.is_group = not period_text
        if period_text:
            _set_period(activity, period_text)
        activities.append(activity)
    return activities


def _activity(project: Project, number: int, seq: str, name: str, row: GridRow, kind: str) -> Activity:
    return Activity(
        activity_id=f"{project.project_id}#A{number}",
        project_id=project.project_id,
        name=name or seq,
        source_line=row.line,
        seq=seq,
        row_kind=kind,
    )


def result_status(text: str) -> str:
    if not text.strip() or text.strip() == "-":
        return ""
    return next((status for status, pattern in _STATUS_PATTERNS if pattern.search(text)), "unknown")


def quarter_pieces(text: str) -> list[tuple[int | None, int | None, str]]:
    """A result cell split at its ``ไตรมาสที่ n`` (or ``n - m``) tags; untagged text is one piece."""
    normalised = thai_to_arabic_digits(text)
    tags = list(_QUARTER_TAG_RE.finditer(normalised))
    if not tags:
        return [(None, None, text.strip())]
    pieces = []
    head = text[: tags[0].start()].strip()
    if head:
        pieces.append((None, None, head))
    for position, tag in enumerate(tags):
        end = tags[position + 1].start() if position + 1 < len(tags) else len(text)
        quarter = parse_quarter(tag.group(0))
        first, last = (quarter[0], quarter[1]) if quarter else (None, None)
        pieces.append((first, last, text[tag.end() : end].strip(" :")))
    return pieces


def _matching_plan(planned: list[Activity], seq: str, name: str) -> Activity | None:
    by_seq = [a for a in planned if seq and a.seq == seq and not a.sub_year_be]
    if len(by_seq) == 1:
        return by_seq[0]
    scored = [(similarity(a.name, name), a) for a in planned if not a.sub_year_be]
    best = max(scored, key=lambda item: item[0], default=(0.0, None))
    return best[1] if best[0] >= _SAME_ACTIVITY_SIMILARITY else None


@dataclass
class _Results:
    """Result rows of one project, numbered in reading order."""

    project: Project
    planned: list[Activity]
    report_year: int | None
    rows: list[Activity] = field(default_factory=list)

    def add(self, seq: str, name: str, text: str, line: int, sub_year: int | None = None) -> None:
        """One row per quarter tag of the result text; the id names the planned activity it matches."""
        plan = _matching_plan(self.planned, seq, name)
        for first, last, piece in quarter_pieces(text):
            number = len(self.rows) + 1
            self.rows.append(
                Activity(
                    activity_id=f"{plan.activity_id if plan else self.project.project_id}#R{number}",
                    project_id=self.project.project_id,
                    name=name or seq or self.project.name,  # an outcome under no activity: the project's
                    source_line=line,
                    seq=seq,
                    row_kind="result",
                    sub_year_be=sub_year,
                    result_fiscal_year_be=self.report_year,
                    result_quarter_from=first,
                    result_quarter_to=last,
                    result_text=piece,
                    result_status=result_status(piece),
                )
            )


def _read_result_table(grid: Grid, results: _Results) -> None:
    seq, name = "", ""
    for row in grid.rows:
        texts = [*row.texts(), "", ""]
        label, text = texts[0], texts[1]
        if not label and not text:
            continue
        sub_year = _SUB_YEAR_RE.match(thai_to_arabic_digits(label))
        if not sub_year and label:
            seq, name = _seq_and_name(label)
        results.add(seq, name, text, row.line, int(sub_year.group(1)) if sub_year else None)


def _read_narrative_results(blocks: list[Block], results: _Results) -> None:
    """``**กิจกรรมที่ ๑** …`` then ``**มีผลการดำเนินการ คือ** …`` under รายละเอียดผลการดำเนินงาน (003:181-199)."""
    seq, name = "", ""
    inside = False
    for block in blocks:
        text = "" if block.is_table else block.text.strip()
        if _DETAILS_HEADING_RE.match(text):
            inside = True
        elif not inside or not text:
            continue
        elif _DETAILS_END_RE.match(text):
            inside = False
        elif _ACTIVITY_LABEL_RE.match(thai_to_arabic_digits(text)):
            seq, name = _seq_and_name(text)
            name = name.lstrip("-– ").strip()
        elif outcome := _OUTCOME_RE.match(text):
            results.add(seq, name, outcome.group(1), block.line_start)
