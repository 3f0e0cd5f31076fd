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

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import ClassVar

from ..checks import check_sum, info, warning
from ..model import ExtractionResult, Finding, Indicator, Observation, PlanElement, Project
from ..reading import ExtractionError
from ..structure import Document
from ..text_similarity import trigrams
from ..thai import matching_key, parse_value, thai_to_arabic_digits
from .base import Profile, document_metadata

_WEIGHT_RE = re.compile(r"\(\s*([0-9]+(?:\.[0-9]+)?)\s*%\s*\)\s*$")
_BUDGET_ITEM_RE = re.compile(r"คชจ\.\s*([0-9]+(?:\.[0-9]+)*(?:-[0-9]+)?)\s*(.*)$")
_TARGET_IN_BRACKETS_RE = re.compile(r"\(เป้าหมาย\s*([0-9,]+)\s*(\S+?)\)")
_LEADING_NUMBER_RE = re.compile(r"^([0-9][0-9,]*)\s*(\S*)")
_STRATEGY_RE = re.compile(r"^ยุทธศาสตร์ที่\s*([0-9]+)\s*:?")
_LEVEL_HEADER = "ระดับคะแนน"
_LEVELS = 5
_MIN_NAME_LINK = 0.15
_MIN_SHARED_TRIGRAMS = 4
_MIN_NAME_MARGIN = 0.1  # words shared with two KPIs equally (และพัฒนา) decide nothing

# The FY2558 performance-agreement framework: which assessment group each top-level KPI number belongs to,
# and which dimension each group belongs to. The weight sums below verify it for this document.
GROUPS = {
    "การประเมินประสิทธิผล": ("effectiveness", "external"),
    "การประเมินคุณภาพ": ("quality", "external"),
    "การประเมินประสิทธิภาพ": ("efficiency", "internal"),
    "การพัฒนาองค์การ": ("organisational_development", "internal"),
}
DIMENSIONS = {"มิติภายนอก": "external", "มิติภายใน": "internal"}
GROUP_OF_KPI_NUMBER = {
    "1": "effectiveness",
    "2": "quality",
    "3": "efficiency",
    "4": "efficiency",
    "5": "efficiency",
    "6": "organisational_development",
    "7": "organisational_development",
}


@dataclass
class Box:
    """A text box with a weight: its code (``1.3.1``, ``3``, or empty), its label and where it is."""

    code: str
    label: str
    weight: Decimal
    line: int
    first_line: int


@dataclass
class BudgetItem:
    code: str
    name: str
    line: int
    target: Decimal | None = None
    unit_noun: str = ""
    target_text: str = ""
    target_line: int | None = None


@dataclass
class Series:
    """One row of a five-level table: its label (ร้อยละ, จำนวน(กิจการ)) and a value per level."""

    label: str
    values: list[Decimal]
    lines: list[int]
    texts: list[str]


@dataclass
class ScoringTable:
    line: int
    series: list[Series] = field(default_factory=list)
    last_line: int = 0

    def values(self, label_start: str) -> list[Decimal] | None:
        return next((s.values for s in self.series if s.label.startswith(label_start)), None)


def _clean(line: str) -> str:
    return line.replace("\u00a0", " ").replace("[image: ]", "").replace("[bookmark: _GoBack]", "").strip()


# --- reading the fragments ---------------------------------------------------------------------------------


def read_boxes(lines: tuple[str, ...]) -> list[Box]:
    """The boxes that carry a weight; text without one (criteria, captions) belongs to no box."""
    boxes: list[Box] = []
    buffer: list[tuple[int, str]] = []
    for number, raw in enumerate(lines, start=1):
        if not raw or "\t" in raw:  # an empty line or a table value ends a box; a line of spaces does not
            buffer = []
            continue
        text = _clean(raw)
        if not text:
            continue
        weight = _WEIGHT_RE.search(text)
        if weight is None:
            buffer.append((number, text))
            continue
        head = text[: weight.start()].strip()
        if head:
            buffer.append((number, head))
        boxes.append(_box(buffer, Decimal(weight.group(1)), number))
        buffer = []
    return boxes


_NUMBER_START_RE = re.compile(r"^(?:ตัวชี้วัดที่\s*)?([0-9]+(?:\.[0-9]+)*)\s*\.?(?:\s+(\S.*))?$")
# "ตัวชี้วัด" as a box header: alone, at the end of a line glued to another box's text (" กิจการตัวชี้วัด",
# "j / xuตัวชี้วัด", 002:15, 65), or followed by the name after two spaces (002:36).
_KPI_HEADER_RE = re.compile(r"^(?:.*\S)?ตัวชี้วัด$|^ตัวชี้วัด\s{2,}(\S.*)$")


def _start_of(text: str) -> tuple[str, str] | None:
    """(code, rest of the line) when the line opens a box: a KPI number first, a ตัวชี้วัด header next."""
    number = _NUMBER_START_RE.match(thai_to_arabic_digits(text))
    if number:
        rest = text[len(text) - len(number.group(2)) :] if number.group(2) else ""
        return number.group(1), rest
    header = _KPI_HEADER_RE.match(text)
    if header:
        return "", header.group(1) or ""
    return None


def _box(buffer: list[tuple[int, str]], weight: Decimal, line: int) -> Box:
    """The box label starts at its last numbered line, else at its last ตัวชี้วัด header; captions and
    criteria above it are not part of it."""
    starts = [(index, start) for index, (_, text) in enumerate(buffer) if (start := _start_of(text))]
    numbered = [item for item in starts if item[1][0]]
    chosen = (numbered or starts or [(0, None)])[-1]
    index, start = chosen
    texts = [text for _, text in buffer[index:]]
    code = ""
    if start is not None and texts:
        code, rest = start
        texts[0] = rest
    label = " ".join(text for text in texts if text).strip().strip("()").strip()
    first_line = buffer[index][0] if buffer else line
    return Box(code, label, weight, line, first_line)


def read_budget_items(lines: tuple[str, ...]) -> list[BudgetItem]:
    """``คชจ. 4.2 …`` with its target on the next lines (``⇥350`` / ``กลุ่ม``) or in brackets."""
    items = []
    for index, raw in enumerate(lines):
        text = _clean(raw)
        match = _BUDGET_ITEM_RE.search(text)
        if not match:
            continue
        item = BudgetItem(f"คชจ. {match.group(1)}", match.group(2).strip(), index + 1)
        _find_target(item, lines, index)
        items.append(item)
    return items


def _find_target(item: BudgetItem, lines: tuple[str, ...], index: int) -> None:
    following = [
        (index + offset + 1, _clean(lines[index + offset]))
        for offset in range(1, 3)
        if index + offset < len(lines)
    ]
    for number, text in following:
        bracket = _TARGET_IN_BRACKETS_RE.search(text)
        leading = _LEADING_NUMBER_RE.match(thai_to_arabic_digits(text))
        if bracket:
            _set_target(item, bracket.group(1), bracket.group(2), text, number)
            return
        if leading:
            noun = leading.group(2) or (following[-1][1].split()[0] if following[-1][1] else "")
            _set_target(item, leading.group(1), noun, text, number)
            return


def _set_target(item: BudgetItem, number: str, noun: str, text: str, line: int) -> None:
    value = parse_value(number)
    item.target = value.value_num
    known = next((n for n in ("กิจการ", "กลุ่ม", "ราย", "คน") if noun.startswith(n)), noun)
    item.unit_noun = known
    item.target_text = text
    item.target_line = line


def read_scoring_tables(lines: tuple[str, ...]) -> list[ScoringTable]:
    """Vertical tables: ``⇥ระดับคะแนน ⇥1 … ⇥5`` then a label (``⇥ร้อยละ``, ``⇥จำนวน(กิจการ)``, a label split
    over two lines, 002:214-215) and five values each, blank lines ignored."""
    tables: list[ScoringTable] = []
    index = 0
    while index < len(lines):
        if _clean(lines[index]) != _LEVEL_HEADER:
            index += 1
            continue
        table = ScoringTable(index + 1)
        index = _skip_levels(lines, index + 1)
        while True:
            label, index = _series_label(lines, index)
            if label is None:
                break
            series, index = _series_values(label, lines, index)
            table.series.append(series)
        table.last_line = index
        tables.append(table)
    return tables


def _skip_levels(lines: tuple[str, ...], index: int) -> int:
    count = 0
    while index < len(lines) and count < _LEVELS:
        if _clean(lines[index]):
            count += 1
        index += 1
    return index


def _series_label(lines: tuple[str, ...], index: int) -> tuple[str | None, int]:
    while index < len(lines) and not _clean(lines[index]):
        index += 1
    if index >= len(lines) or "\t" not in lines[index]:
        return None, index
    label = _clean(lines[index])
    if parse_value(label).value_num is not None or label == _LEVEL_HEADER:
        return None, index
    index += 1
    if index < len(lines) and "\t" not in lines[index] and _clean(lines[index]).startswith("("):
        label += _clean(lines[index])  # จำนวน / (กิจการ)
        index += 1
    return label, index


def _series_values(label: str, lines: tuple[str, ...], index: int) -> tuple[Series, int]:
    series = Series(label, [], [], [])
    while index < len(lines) and len(series.values) < _LEVELS:
        text = _clean(lines[index])
        value = parse_value(text).value_num if text else None
        if text and value is None:
            break
        if value is not None:
            series.values.append(value)
            series.lines.append(index + 1)
            series.texts.append(text)
        index += 1
    return series, index


# --- the profile -------------------------------------------------------------------------------------


class DipDiagramProfile(Profile):
    name = "dip_diagram"
    doc_type = "performance_agreement"
    description = (
        "002-like: DIP performance-agreement diagram (weights tree, budget items, five-level tables)"
    )
    anchors: ClassVar[tuple[str, ...]] = (
        "กรอบคำรับรองการปฏิบัติราชการ",
        "มิติภายนอก",
        "ระดับคะแนน",
        "การประเมินคุณภาพ",
        "คชจ.",
    )

    def has_key_table(self, document: Document) -> bool:
        return bool(read_scoring_tables(document.source.lines))

    def extract(self, document: Document, result: ExtractionResult) -> None:
        lines = document.source.lines
        if not self.has_key_table(document):
            raise ExtractionError(
                "no five-level scoring table (ระดับคะแนน): not a DIP diagram", path=document.source.path
            )
        result.metadata.update(self._metadata(document))
        boxes = read_boxes(lines)
        tree = WeightTree.build(boxes, lines)
        result.add("plan_elements", *tree.plan_elements())
        result.add("indicators", *tree.indicators)
        result.add("findings", *tree.check_sums(), *tree.review_findings())
        result.metadata["weight_checks"] = tree.sum_report
        items = read_budget_items(lines)
        self._add_budget_items(items, result)
        tables = read_scoring_tables(lines)
        result.extras["scoring_tables"] = [
            attribute_table(table, items, tree.indicators, result) for table in tables
        ]
        result.add("findings", *self._duplicated_boxes(lines))
        strategies, strategy_lines = read_strategies(lines)
        result.add("plan_elements", *strategies)
        used = _used_lines(lines, boxes, items, tables, tree) | strategy_lines | _metadata_lines(lines)
        result.add("findings", *unattached_text_findings(lines, used))

    @staticmethod
    def _add_budget_items(items: list[BudgetItem], result: ExtractionResult) -> None:
        for item in items:
            result.add("projects", Project(item.code, item.code, item.name, item.line))
            if item.target is None:
                continue
            indicator = Indicator(
                f"{item.code}#target",
                "target",
                f"เป้าหมายผลผลิต {item.name}",
                "project",
                item.code,
                item.line,
                unit="count",
                unit_noun=item.unit_noun,
                level="project",
            )
            result.add("indicators", indicator)
            result.add(
                "observations",
                Observation(
                    indicator.indicator_id,
                    "target",
                    item.target_line or item.line,
                    item.target_text,
                    fiscal_year_be=result.metadata.get("fiscal_year_be"),
                    comparator="=",
                    value_num=item.target,
                    unit="count",
                    unit_noun=item.unit_noun,
                    status="value",
                    source_section="budget_item",
                ),
            )

    @staticmethod
    def _duplicated_boxes(lines: tuple[str, ...]) -> list[Finding]:
        """The same text box twice (``ยุทธศาสตร์ที่ 3:``, 002:164-168)."""
        seen: dict[str, int] = {}
        findings = []
        for number, raw in enumerate(lines, start=1):
            text = _clean(raw)
            if not _STRATEGY_RE.match(text):
                continue
            if text in seen:
                findings.append(
                    info("duplicated_text_box", f"{text!r} repeats the box at line {seen[text]}", number)
                )
            seen.setdefault(text, number)
        return findings

    @staticmethod
    def _metadata(document: Document) -> dict[str, object]:
        text = document.source.text
        title = next((_clean(line) for line in document.source.lines if "กรอบคำรับรอง" in line), "")
        fiscal_year = re.search(r"พ\.ศ\.\s*(25[0-9]{2})", title)
        metadata = document_metadata(
            title, DipDiagramProfile.doc_type, int(fiscal_year.group(1)) if fiscal_year else None
        )
        drafted = re.search(r"จัดทำโดย\s*(.+)", text)
        version = re.search(r"^ฉบับ\s+(.+)$", text, re.MULTILINE)
        metadata.update(
            drafted_by=_clean(drafted.group(1)) if drafted else "",
            version_label=_clean(version.group(0)) if version else "",
        )
        return metadata


# --- text that belongs to nothing ------------------------------------------------------------------------


def read_strategies(lines: tuple[str, ...]) -> tuple[list[PlanElement], set[int]]:
    """``ยุทธศาสตร์ที่ 2:`` boxes with their name on the next line (002:140-141); a repeated box once."""
    elements: dict[str, PlanElement] = {}
    used: set[int] = set()
    for index, raw in enumerate(lines):
        match = _STRATEGY_RE.match(_clean(raw))
        if not match:
            continue
        name = _clean(lines[index + 1]) if index + 1 < len(lines) else ""
        used.update((index + 1, index + 2))
        elements.setdefault(
            match.group(1),
            PlanElement(f"strategy-{match.group(1)}", "strategy", match.group(1), name, index + 1),
        )
    return list(elements.values()), used


def _metadata_lines(lines: tuple[str, ...]) -> set[int]:
    return {
        n for n, raw in enumerate(lines, start=1) if re.match(r"^(?:กรอบคำรับรอง|จัดทำโดย|ฉบับ\s)", _clean(raw))
    }


def _used_lines(
    lines: tuple[str, ...],
    boxes: list[Box],
    items: list[BudgetItem],
    tables: list[ScoringTable],
    tree: WeightTree,
) -> set[int]:
    """Lines some box, budget item, table or group header was read from; tab lines are table values."""
    used = {n for n, raw in enumerate(lines, start=1) if "\t" in raw}
    for box in boxes:
        used.update(range(box.first_line, box.line + 1))
    for item in items:
        used.update(n for n in (item.line, item.target_line) if n)
        unit_line = (item.target_line or 0) + 1
        if (
            unit_line <= len(lines)
            and item.unit_noun
            and _clean(lines[unit_line - 1]).startswith(item.unit_noun)
        ):
            used.add(unit_line)
    for table in tables:
        used.update(range(table.line, table.last_line + 1))
    for group in tree.kpi_groups.values():
        used.update((group.source_line, group.source_line + 1))
    return used


def unattached_text_findings(lines: tuple[str, ...], used: set[int]) -> list[Finding]:
    """Runs of text read into nothing (criteria, captions, lists): one review finding per run, never a guess
    at the box they describe (002:130-136 are the criteria of KPI 4, but nothing in the text says so)."""
    runs: list[list[int]] = []
    for number, raw in enumerate(lines, start=1):
        if number in used or not _clean(raw):
            if not raw and runs and runs[-1]:
                runs.append([])
            continue
        if not runs or (runs[-1] and number - runs[-1][-1] > 2):
            runs.append([])
        runs[-1].append(number)
    return [
        needs_review(
            f"text at lines {run[0]}-{run[-1]} belongs to no box or table: "
            f"{_clean(lines[run[0] - 1])[:60]!r}",
            run[0],
            f"text@{run[0]}",
        )
        for run in runs
        if run
    ]


# --- the weight tree ------------------------------------------------------------------------------------


GROUP_DIMENSION = {group: dimension for group, dimension in GROUPS.values()}
# KPI numbers whose items sit in a numbered KPI group box ("1. ตัวชี้วัดตามภารกิจหลัก…", "2. คุณภาพการให้บริการ").
NUMBERED_GROUPS = {"1": "effectiveness", "2": "quality"}


@dataclass
class WeightTree:
    """Dimensions → assessment groups → (numbered KPI groups →) KPIs → sub-KPIs, with every weight printed."""

    dimensions: dict[str, Box] = field(default_factory=dict)
    groups: dict[str, Box] = field(default_factory=dict)
    kpi_groups: dict[str, PlanElement] = field(default_factory=dict)
    indicators: list[Indicator] = field(default_factory=list)
    unattributed: list[Box] = field(default_factory=list)
    sum_report: list[dict[str, object]] = field(default_factory=list)

    @classmethod
    def build(cls, boxes: list[Box], lines: tuple[str, ...] = ()) -> WeightTree:
        tree = cls()
        for box in boxes:
            key = matching_key(box.label)
            dimension = next((code for label, code in DIMENSIONS.items() if label in key), None)
            group = next((codes[0] for label, codes in GROUPS.items() if key.startswith(label)), None)
            if dimension and not box.code:
                tree.dimensions[dimension] = box
            elif group and not box.code:
                tree.groups[group] = box
            elif box.code in NUMBERED_GROUPS:
                tree.kpi_groups[box.code] = _group_element(box.code, box.label, box.first_line, box.weight)
            elif box.code:
                tree.indicators.append(_indicator(box))
            else:
                tree.unattributed.append(box)
        tree._add_unweighted_groups(lines)
        codes = {indicator.code for indicator in tree.indicators}
        for indicator in tree.indicators:
            parent = indicator.code.rsplit(".", 1)[0]
            indicator.parent_code = parent if "." in indicator.code and parent in codes else ""
        return tree

    def _add_unweighted_groups(self, lines: tuple[str, ...]) -> None:
        """A numbered group box printed without a weight (``2. คุณภาพการให้บริการประชาชน``, 002:274)."""
        used = {indicator.code.split(".")[0] for indicator in self.indicators}
        for code in NUMBERED_GROUPS:
            if code in self.kpi_groups or code not in used:
                continue
            pattern = re.compile(rf"^{code}\.\s+(\S.*)$")
            for number, raw in enumerate(lines, start=1):
                match = pattern.match(_clean(raw))
                if match:
                    following = _clean(lines[number]) if number < len(lines) else ""
                    name = (
                        f"{match.group(1)} {following}".strip()
                        if following.startswith("(")
                        else match.group(1)
                    )
                    self.kpi_groups[code] = _group_element(code, name, number, None)
                    break

    def plan_elements(self) -> list[PlanElement]:
        elements = [
            PlanElement(code, "dimension", code, box.label, box.first_line, weight_pct=box.weight)
            for code, box in self.dimensions.items()
        ]
        elements.extend(
            PlanElement(
                code, "assessment_group", code, box.label, box.first_line, GROUP_DIMENSION[code], box.weight
            )
            for code, box in self.groups.items()
        )
        return [*elements, *self.kpi_groups.values()]

    def _parts(self, code: str) -> list[Decimal | None]:
        """The printed weights of an element's children."""
        if code == "total":
            return [box.weight for box in self.dimensions.values()]
        if code in DIMENSIONS.values():
            return [box.weight for group, box in self.groups.items() if GROUP_DIMENSION[group] == code]
        if code in GROUP_DIMENSION:
            numbered = [g for g, owner in NUMBERED_GROUPS.items() if owner == code and g in self.kpi_groups]
            if numbered:
                return [self._weight(g) for g in numbered]
            return [i.weight_pct for i in self.indicators if i.owner_code == code and not i.parent_code]
        return [
            i.weight_pct
            for i in self.indicators
            if (i.parent_code or i.owner_code) == code and i.code != code
        ]

    def _weight(self, code: str) -> Decimal | None:
        """A printed weight, or for a group box printed without one the sum of its KPIs."""
        if code == "total":
            return Decimal(100)
        box = self.dimensions.get(code) or self.groups.get(code)
        if box:
            return box.weight
        if code in self.kpi_groups:
            stated = self.kpi_groups[code].weight_pct
            return stated if stated is not None else _sum(self._parts(code))
        return next((i.weight_pct for i in self.indicators if i.code == code), None)

    def check_sums(self) -> list[Finding]:
        """Every printed weight against the sum of its parts (the dimensions against 100)."""
        elements = ["total", *self.dimensions, *self.groups, *self.kpi_groups]
        elements += [i.code for i in self.indicators if any(o.parent_code == i.code for o in self.indicators)]
        findings = []
        for code in elements:
            parts = [part for part in self._parts(code) if part is not None]
            stated = self.kpi_groups[code].weight_pct if code in self.kpi_groups else self._weight(code)
            self.sum_report.append(
                {
                    "element": code,
                    "stated": _text(stated),
                    "parts": [_text(p) for p in parts],
                    "computed": _text(_sum(parts)),
                }
            )
            finding = check_sum("weights_sum", f"weight of {code}", stated, parts, line=None, owner_code=code)
            if finding:
                findings.append(finding)
        return findings

    def review_findings(self) -> list[Finding]:
        """KPI boxes without a number: nothing in the diagram places them (002:1-6, 15-17, 30-37, 65-67)."""
        return [
            needs_review(
                f"KPI box {box.label!r} ({_text(box.weight)} %) has no KPI number and no link to a group; "
                "its weight is part of no sum in the diagram (perhaps a ministry-level box)",
                box.first_line,
                f"box@{box.first_line}",
            )
            for box in self.unattributed
        ]


def _group_element(code: str, name: str, line: int, weight: Decimal | None) -> PlanElement:
    return PlanElement(f"group-{code}", "kpi_group", code, name, line, NUMBERED_GROUPS[code], weight)


def _indicator(box: Box) -> Indicator:
    top = box.code.split(".")[0]
    if top in NUMBERED_GROUPS:
        owner_type, owner_code = "kpi_group", top
    else:
        owner_type, owner_code = "assessment_group", GROUP_OF_KPI_NUMBER.get(top, "")
    return Indicator(
        indicator_id=f"KPI-{box.code}",
        code=box.code,
        name=box.label,
        owner_type=owner_type,
        owner_code=owner_code,
        source_line=box.first_line,
        weight_pct=box.weight,
        level="agency_assessment",
        unit="pct" if box.label.startswith("ร้อยละ") else "",
    )


def _sum(parts: list[Decimal | None]) -> Decimal | None:
    values = [part for part in parts if part is not None]
    return sum(values, Decimal(0)) if values else None


def _text(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


def needs_review(message: str, line: int | None, owner: str) -> Finding:
    return warning("needs_human_review", f"needs human review: {message}", line, owner_code=owner)


# --- scoring-table attribution ---------------------------------------------------------------------------


def levels_match(percentages: list[Decimal], counts: list[Decimal], target: Decimal) -> bool:
    """Each count level is the percentage of the target, rounded down or to the nearest (26.6 → 26 but
    54.6 → 55: the document rounds both ways, 002:192, 216)."""
    if len(percentages) != len(counts):
        return False
    for pct, count in zip(percentages, counts, strict=True):
        exact = pct * target / 100
        if count not in (Decimal(math.floor(exact)), exact.quantize(Decimal(1), rounding="ROUND_HALF_UP")):
            return False
    return True


_LATIN_WORD_RE = re.compile(r"\b[A-Z]{2,}\b")


def _distinctive_overlap(item: BudgetItem, indicator: Indicator, common: set[str]) -> float:
    """Share of the item name's trigrams found in the KPI name, counting only trigrams no other KPI name has
    (แฟชั่น, อาหารแปรรูป; never การพัฒนา or อุตสาหกรรม); fewer than a word's worth counts as none."""
    own = trigrams(item.name) - common
    shared = own & trigrams(indicator.name)
    return len(shared) / len(own) if len(shared) >= _MIN_SHARED_TRIGRAMS else 0.0


def _kpi_for_item(item: BudgetItem, indicators: list[Indicator]) -> Indicator | None:
    """The KPI a budget item serves, when the names say so: a shared acronym (AEC) or distinctive words
    (แฟชั่น). Being printed near a KPI box proves nothing in a flattened diagram, so it is never used."""
    acronyms = set(_LATIN_WORD_RE.findall(item.name))
    shared = [i for i in indicators if acronyms & set(_LATIN_WORD_RE.findall(i.name))]
    if len(shared) == 1:
        return shared[0]
    counts = Counter(t for i in indicators for t in trigrams(i.name))
    common = {t for t, c in counts.items() if c > 1}
    scored = sorted(
        ((_distinctive_overlap(item, i, common), i.source_line, i) for i in indicators), reverse=True
    )
    runner_up = scored[1][0] if len(scored) > 1 else 0.0
    if scored and scored[0][0] >= _MIN_NAME_LINK and scored[0][0] - runner_up >= _MIN_NAME_MARGIN:
        return scored[0][2]
    return None


def _nearest_kpi_above(item: BudgetItem, indicators: list[Indicator]) -> Indicator | None:
    above = [i for i in indicators if i.source_line < item.line]
    return max(above, key=lambda i: i.source_line) if above else None


def _level_observations(
    series: Series, indicator: Indicator, item: BudgetItem, fiscal_year: int | None, table_line: int
) -> list[Observation]:
    unit = "pct" if series.label.startswith("ร้อยละ") else "count"
    return [
        Observation(
            indicator.indicator_id,
            f"score_level_{level}",
            line,
            text,
            fiscal_year_be=fiscal_year,
            fiscal_year_ce=fiscal_year - 543 if fiscal_year else None,
            comparator="=",
            value_num=value,
            unit=unit,
            unit_noun=item.unit_noun if unit == "count" else "",
            status="value",
            series=series.label,
            source_section=f"scoring_table@{table_line}",
        )
        for level, (value, line, text) in enumerate(
            zip(series.values, series.lines, series.texts, strict=True), start=1
        )
    ]


def attribute_table(
    table: ScoringTable, items: list[BudgetItem], indicators: list[Indicator], result: ExtractionResult
) -> dict[str, object]:
    """The table's attribution and its confidence; observations only for a table arithmetic attributes."""
    percentages = table.values("ร้อยละ") or []
    counts = next((s.values for s in table.series if not s.label.startswith("ร้อยละ")), None)
    record: dict[str, object] = {
        "line": table.line,
        "series": {s.label: [_text(v) for v in s.values] for s in table.series},
        "budget_item": None,
        "indicator_id": None,
        "confidence": "none",
        "basis": "",
    }
    item = next(
        (i for i in items if counts and i.target and levels_match(percentages, counts, i.target)), None
    )
    if item is None:
        reason = (
            "it has only percentage levels"
            if counts is None
            else "no budget item's target reproduces its counts"
        )
        shown = "–".join(_text(v) for v in (percentages[:1] + percentages[-1:]))
        result.add(
            "findings",
            needs_review(
                f"five-level table with levels {shown} % is not attributed: {reason}",
                table.line,
                f"scoring_table@{table.line}",
            ),
        )
        return record
    indicator = _kpi_for_item(item, indicators)
    record.update(
        budget_item=item.code, basis=f"levels × {item.code} target {_text(item.target)} {item.unit_noun}"
    )
    if indicator is None:
        record["confidence"] = "budget_item_only"
        nearest = _nearest_kpi_above(item, indicators)
        hint = (
            f"; the KPI box printed nearest above it is {nearest.code} (line {nearest.source_line})"
            if nearest
            else ""
        )
        result.add(
            "findings",
            needs_review(
                f"the table at line {table.line} belongs to {item.code} ({record['basis']}), but no KPI "
                f"names it{hint}",
                table.line,
                item.code,
            ),
        )
        return record
    record.update(indicator_id=indicator.indicator_id, confidence="high")
    for series in table.series:
        result.add(
            "observations",
            *_level_observations(series, indicator, item, result.metadata.get("fiscal_year_be"), table.line),
        )
    result.add(
        "findings",
        info(
            "scoring_table_attributed",
            f"table at line {table.line} → {indicator.indicator_id} via {item.code} ({record['basis']}; "
            "the KPI and the budget item share distinctive words)",
            table.line,
            owner_code=indicator.indicator_id,
        ),
    )
    return record
