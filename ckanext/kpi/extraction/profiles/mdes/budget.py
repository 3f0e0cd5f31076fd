"""Budget statements of 003: prose bullets under ``โครงการใช้งบประมาณ`` (and one two-column table), normalised
to baht. Roles: allocated, contracted or in-house, disbursed, yearly appropriation and commitment,
whole-project total, carry-over amounts (operated, remaining). Implausible magnitudes
(๖๑,๒๖๘,๕๐๐ ล้านบาท, 003:8413) and
malformed numbers (๑,๑๐๙,๐๐๐,๐๐๐,๐๐ บาท, 003:6714) are flagged through :func:`..checks.plausibility`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ...blocks import Block
from ...checks import plausibility
from ...model import BudgetLine, ExtractionResult, Project, lines_text
from ...thai import parse_number, thai_to_arabic_digits

_REGION_START_RE = re.compile(r"^โครงการใช้งบประมาณ\s*:?$")
_REGION_END_RE = re.compile(r"^(?:สรุปผลการดำเนินงาน|ผลลัพธ์ที่ได้|รายละเอียดผลการดำเนินงาน|ปัญหาและอุปสรรค)")
# Checked in this order: "งบประมาณคงเหลือ" is a remainder even though it contains งบประมาณ.
_ROLE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("total_project", re.compile(r"งบประมาณทั้งสิ้น")),
    ("remaining", re.compile(r"คงเหลือ")),
    ("disbursed", re.compile(r"เบิกจ่าย|ใช้จ่ายใน")),
    ("contracted_or_inhouse", re.compile(r"สัญญาจ้าง|ดำเนินการเอง")),
    ("operated", re.compile(r"วงเงินงบประมาณที่ดำเนินการ")),
    ("annual_commitment", re.compile(r"ผูกพันงบประมาณ")),
    ("annual_appropriation", re.compile(r"ตั้งงบประมาณ")),
    ("allocated", re.compile(r"ได้รับจัดสรร|โครงการใช้งบประมาณ|วงเงินงบประมาณ")),
]
_FUND_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("interim_prev_fy_act", re.compile(r"ไปพลางก่อน|พลาทก่อน")),  # พลาทก่อน: OCR, 003:674
    ("central_fund", re.compile(r"งบกลาง")),
    ("own_revenue", re.compile(r"จากรายได้ของ")),
]
_AMOUNT_RE = re.compile(r"(?<![0-9])([0-9][0-9,]*(?:\.[0-9]+)?|-)\s*(ล้านบาท|ลบ\.|บาท)")
_YEAR_RE = re.compile(r"(?:ปี(?:งบประมาณ)?|พ\.ศ\.)\s*(?:พ\.ศ\.)?\s*(25[0-9]{2})")
_MILLION = Decimal(1_000_000)


@dataclass
class Statement:
    text: str
    lines: list[int]
    raw_lines: list[str]


def budget_regions(blocks: list[Block]) -> list[list[Block]]:
    """The runs of blocks from each ``โครงการใช้งบประมาณ`` heading to the next results heading."""
    regions: list[list[Block]] = []
    current: list[Block] | None = None
    for block in blocks:
        text = block.text.strip() if not block.is_table else ""
        if _REGION_START_RE.match(text):
            current = []
            regions.append(current)
        elif current is not None and _REGION_END_RE.match(text):
            current = None
        elif current is not None:
            current.append(block)
    return regions


def _block_statements(block: Block) -> list[Statement]:
    if block.is_table:  # the B-year table, 003:6956-6960: label ⇥ amount
        return [
            Statement(" ".join(row.cells), [row.line], ["\t".join(row.cells)])
            for row in block.rows
            if not row.is_rule
        ]
    return [Statement(block.text, list(range(block.line_start, block.line_end + 1)), block.raw.split("\n"))]


def statements(region: list[Block]) -> list[Statement]:
    """Statements of a region; an amount wrapped onto the next block joins its statement (003:346-347)."""
    result: list[Statement] = []
    for block in region:
        for statement in _block_statements(block):
            starts_with_amount = _AMOUNT_RE.match(thai_to_arabic_digits(statement.text.strip()))
            if (
                result
                and starts_with_amount
                and not _AMOUNT_RE.search(thai_to_arabic_digits(result[-1].text))
            ):
                previous = result[-1]
                result[-1] = Statement(
                    f"{previous.text} {statement.text}",
                    previous.lines + statement.lines,
                    previous.raw_lines + statement.raw_lines,
                )
            else:
                result.append(statement)
    return result


def _role(text: str) -> str | None:
    return next((role for role, pattern in _ROLE_PATTERNS if pattern.search(text)), None)


def budget_line(project: Project, statement: Statement, report_year: int | None) -> BudgetLine | None:
    """One statement as a budget row, or None when it states no budget role."""
    normalised = thai_to_arabic_digits(statement.text)
    role = _role(normalised)
    if role is None:
        return None
    fund = next((fund for fund, pattern in _FUND_PATTERNS if pattern.search(normalised)), "")
    amount = _AMOUNT_RE.search(normalised)
    if amount is None and fund != "own_revenue":
        return None  # a heading such as "ผูกพันงบประมาณ พ.ศ. ๒๕๖๖ – ๒๕๖๙" (003:6708)
    year = _YEAR_RE.search(normalised)
    line = BudgetLine(
        owner_type="project",
        owner_code=project.project_id,
        role=role,
        amount_text_original=statement.text[amount.start() : amount.end()] if amount else "",
        source_line=_line_of(statement, amount.group(0)) if amount else statement.lines[0],
        fiscal_year_be=_fiscal_year(role, fund, year, report_year),
        fund_source=fund,
        expense_type="investment" if "งบลงทุน" in normalised else "",
        unit_original=amount.group(2) if amount else "",
        source_lines="",
    )
    if len(statement.lines) > 1:  # the source line first, as everywhere
        line.source_lines = lines_text([line.source_line, *statement.lines])
    _set_amount(line, statement.text[amount.start(1) : amount.end(1)] if amount else "")
    return line


def _line_of(statement: Statement, amount: str) -> int:
    """The line the amount is printed on (it may wrap onto the next line, 003:6712-6714)."""
    for line, raw in zip(statement.lines, statement.raw_lines, strict=False):
        if amount in thai_to_arabic_digits(raw):
            return line
    return statement.lines[0]


def _fiscal_year(role: str, fund: str, year: re.Match[str] | None, report_year: int | None) -> int | None:
    """The year printed on the line; the report's year for an interim budget (the previous year's act is
    spent in this year, 003:6554) or when none is printed; none for a whole-project total."""
    if role == "total_project":
        return None
    if fund == "interim_prev_fy_act" or year is None:
        return report_year
    return int(year.group(1))


def _set_amount(line: BudgetLine, number_text: str) -> None:
    parsed = parse_number(number_text) if number_text and number_text != "-" else None
    if parsed is None:
        return
    multiplier = _MILLION if line.unit_original in ("ล้านบาท", "ลบ.") else Decimal(1)
    line.amount_thb = parsed.value * multiplier
    line.plausibility = plausibility(line.amount_thb, malformed=parsed.malformed)


def read_budget_statements(
    project: Project, blocks: list[Block], result: ExtractionResult, report_year: int | None = None
) -> None:
    for region in budget_regions(blocks):
        for statement in statements(region):
            line = budget_line(project, statement, report_year)
            if line is not None:
                if not line.amount_text_original:
                    line.amount_text_original = statement.text
                result.add("budget", line)
