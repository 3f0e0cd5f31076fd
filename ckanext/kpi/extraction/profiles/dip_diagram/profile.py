"""The profile of the DIP diagram: finds the parts and puts them together in the tidy model."""

from __future__ import annotations

import re
from typing import ClassVar

from ...checks import info
from ...model import ExtractionResult, Finding, Indicator, Observation, Project
from ...reading import ExtractionError
from ...structure import Document
from ..base import Profile, document_metadata
from .boxes import read_boxes
from .budget import BudgetItem, read_budget_items
from .coverage import _metadata_lines, _used_lines, unattached_text_findings
from .framework import _STRATEGY_RE, _clean
from .scoring import attribute_table, read_scoring_tables
from .strategies import read_strategies
from .weights import WeightTree


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
