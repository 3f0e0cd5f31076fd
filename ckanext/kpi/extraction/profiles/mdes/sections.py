"""Segmenting the MDES progress report (003): strategies and their project detail sections.

Heading markup is random per section (``##``…``#####``, ``**…**``, plain text), numbers restart per strategy,
repeat (``๒๘`` twice), are mistyped (``๔.๒.``) or missing (``๔๙``). So a project section is anchored on its
``ชื่อหน่วยงานรับผิดชอบ`` heading (131 in 003) and its title is read backwards from there (seed analysis
§4.1.8).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...blocks import Block
from ...grid import Grid
from ...structure import Document
from ...thai import thai_to_arabic_digits

_STRATEGY_RE = re.compile(r"^ยุทธศาสตร์ที่\s*([0-9]+)\s*:?\s*(.*)$")
_GOAL_RE = re.compile(r"^เป้าประสงค์(?:ที่)?\s*([0-9]+)?\.?\s*:?\s*(.*)$")
_UNIT_ANCHOR = "ชื่อหน่วยงานรับผิดชอบ"
# Blocks that close the previous section, so a title is never read past them.
_SECTION_END_RE = re.compile(r"มีความก้าวหน้า|ความก้าวหน้าของการดำเนินการ|รายละเอียดแผนงาน/โครงการ|ปัญหาและอุปสรรค")
_MAX_TITLE_BLOCKS = 3
_TITLE_PREFIX_RE = re.compile(r"^(?:ชื่อแผนงาน/โครงการ\s*)?[“\"]?\s*")
_NUMBER_RE = re.compile(r"^([0-9]+(?:\.[0-9]+)*)(\.)?\s*(?=\S)")


@dataclass
class ProjectSection:
    """One project's detail section: its title, the number as printed and its blocks."""

    title: str
    number: str  # Arabic digits, no trailing period: "6.1", "4.2", "" when none is printed
    number_original: str  # as printed: "๔.๒.", "๒๘"
    line: int
    blocks: list[Block]
    responsible_unit: str = ""


@dataclass
class StrategySection:
    code: str
    name: str
    line: int
    blocks: list[Block]
    goals: list[Block] = field(default_factory=list)
    projects: list[ProjectSection] = field(default_factory=list)

    def grids(self, document: Document) -> list[Grid]:
        """The grids of this strategy before its first project section (strategy KPIs, progress table)."""
        first_project = (
            self.projects[0].blocks[0].line_start if self.projects else self.blocks[-1].line_end + 1
        )
        return [
            grid for grid in document.grids if self.blocks[0].line_start <= grid.line_start < first_project
        ]


def _strategy_heading(blocks: list[Block], index: int) -> re.Match[str] | None:
    """A ``ยุทธศาสตร์ที่ n : …`` block followed within three blocks by its goal (not the summary lines)."""
    block = blocks[index]
    if block.is_table:
        return None
    match = _STRATEGY_RE.match(thai_to_arabic_digits(block.text))
    if not match:
        return None
    following = blocks[index + 1 : index + 4]
    return match if any(b.text.startswith("เป้าประสงค์") for b in following if not b.is_table) else None


def split_strategies(document: Document) -> list[StrategySection]:
    blocks = document.blocks
    starts: list[tuple[int, re.Match[str]]] = [
        (index, match) for index in range(len(blocks)) if (match := _strategy_heading(blocks, index))
    ]
    strategies = []
    for position, (index, match) in enumerate(starts):
        end = starts[position + 1][0] if position + 1 < len(starts) else len(blocks)
        block = blocks[index]
        name = block.text[len(block.text) - len(match.group(2)) :].strip()
        strategy = StrategySection(match.group(1), name, block.line_start, blocks[index:end])
        strategy.goals = [b for b in strategy.blocks if not b.is_table and _GOAL_RE.match(b.text)]
        strategy.projects = split_projects(strategy.blocks)
        strategies.append(strategy)
    return strategies


def _is_unit_anchor(block: Block) -> bool:
    return not block.is_table and block.text.strip(" :") == _UNIT_ANCHOR


def _title_start(blocks: list[Block], anchor: int, floor: int) -> int:
    """Index of the first title block before the anchor (titles wrap over up to three blocks)."""
    start = anchor
    while start - 1 > floor and anchor - start < _MAX_TITLE_BLOCKS:
        previous = blocks[start - 1]
        if previous.is_table or _SECTION_END_RE.search(previous.text):
            break
        start -= 1
        if _NUMBER_RE.match(_clean_title(previous.text)) or previous.text.startswith("ชื่อแผนงาน"):
            break
    return start


def _clean_title(text: str) -> str:
    return thai_to_arabic_digits(_TITLE_PREFIX_RE.sub("", text).rstrip('”" '))


def split_projects(blocks: list[Block]) -> list[ProjectSection]:
    anchors = [index for index, block in enumerate(blocks) if _is_unit_anchor(block)]
    starts = []
    floor = -1
    for anchor in anchors:
        start = _title_start(blocks, anchor, floor)
        starts.append((start, anchor))
        floor = anchor
    sections = []
    for position, (start, anchor) in enumerate(starts):
        end = starts[position + 1][0] if position + 1 < len(starts) else len(blocks)
        title_blocks = blocks[start:anchor]
        sections.append(_project_section(title_blocks, blocks[start:end], blocks[anchor + 1 : anchor + 2]))
    return sections


def _project_section(
    title_blocks: list[Block], blocks: list[Block], unit_blocks: list[Block]
) -> ProjectSection:
    raw_title = " ".join(block.text for block in title_blocks).strip()
    title = _TITLE_PREFIX_RE.sub("", raw_title).replace("”", "").replace("\\*", "*").strip()
    match = _NUMBER_RE.match(thai_to_arabic_digits(title))
    number_original = title[: match.end()].strip() if match else ""
    number = match.group(1) if match else ""
    if match:
        title = title[match.end() :].strip()
    unit = unit_blocks[0].text if unit_blocks and not unit_blocks[0].is_table else ""
    line = title_blocks[0].line_start if title_blocks else blocks[0].line_start
    return ProjectSection(title, number, number_original, line, blocks, unit)
