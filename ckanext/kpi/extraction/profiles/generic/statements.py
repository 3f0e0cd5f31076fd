"""KPI statements in prose and lists: ``ตัวชี้วัด: ร้อยละ … ค่าเป้าหมาย ร้อยละ 80``,
``- เชิงปริมาณ: จำนวน … เป้าหมาย 1,000 กิจการ``, ``… ค่าเป้าหมาย 1,000 ผลิตภัณฑ์ ผลการดำเนินงาน 1,045``.

A statement is read only when the target (and result) part is one clear quantity with nothing else after
it, and the statement names an indicator (ตัวชี้วัด) or sits under a heading or caption that does
(ตัวชี้วัด, ผลผลิต, ผลลัพธ์). Sentences such as ``มีเป้าหมาย 3 ด้าน ได้แก่ …`` are left alone.
"""

from __future__ import annotations

import re

from ...blocks import Block
from ...checks import warning
from ...model import Observation
from ...structure import Document
from ...thai import thai_to_arabic_digits
from .context import table_context
from .reader import GenericReading, _default_unit, split_name
from .values import read_cell

_STATEMENT_RE = re.compile(
    r"^\s*(?:[-*•]\s*)?(?P<label>ตัวชี้วัด(?:ที่\s*[0-9.]+)?(?:ผลผลิต|ผลลัพธ์|โครงการ)?\s*[:：]?\s*)?"
    r"(?:เชิง(?:ปริมาณ|คุณภาพ|เวลา|ต้นทุน)\s*[:：]?\s*)?"
    r"(?P<name>.{6,300})\s*(?:ค่าเป้าหมาย|เป้าหมาย)\s*[:：]?\s*(?P<target>.{1,60}?)"
    r"(?:\s*(?:ผลการดำเนินงาน|ผลงาน|ผลการดำเนินการ)\s*[:：]?\s*(?P<actual>.{1,60}?))?\s*$"
)
_KPI_CONTEXT_RE = re.compile(r"ตัวชี้วัด|ผลผลิต|ผลลัพธ์|KPI", re.IGNORECASE)
_MAX_CONTEXT_BLOCKS = 8


def _has_kpi_context(blocks: list[Block], index: int) -> bool:
    for previous in reversed(blocks[max(0, index - _MAX_CONTEXT_BLOCKS) : index]):
        if previous.is_table:
            return False
        if _KPI_CONTEXT_RE.search(previous.text) and (previous.kind == "heading" or len(previous.text) < 80):
            return True
    return False


def read_statements(document: Document, reading: GenericReading, skip_lines: set[int]) -> int:
    """Statements read into ``reading``; returns how many gave an observation."""
    read = 0
    blocks = document.blocks
    for index, block in enumerate(blocks):
        if block.is_table or block.kind not in ("paragraph", "list_item") or block.line_start in skip_lines:
            continue
        text = thai_to_arabic_digits(block.text)
        match = _STATEMENT_RE.match(text)
        if not match:
            continue
        if not match.group("label") and not _has_kpi_context(blocks, index):
            continue
        original = block.text[match.start("name") : match.end("name")].strip()
        code, name = split_name(original)
        if len(name) < 6:
            continue
        default_unit = _default_unit(name, "")
        parts = [("target", match.group("target"))]
        if match.group("actual"):
            parts.append(("actual", match.group("actual")))
        readings = [(role, read_cell(part, default_unit=default_unit)) for role, part in parts]
        unclear = [(role, part) for role, part in readings if not part.clear or part.value.value_num is None]
        if unclear:
            # Only a statement that starts as a KPI statement and puts a number after เป้าหมาย is worth a
            # look; prose that merely mentions ตัวชี้วัด and เป้าหมาย is not a statement.
            if not match.group("label") or not re.search(r"[0-9]", match.group("target")):
                continue
            reading.findings.append(
                warning(
                    "needs_review",
                    f"KPI statement not read: {block.text[:80]!r}",
                    block.line_start,
                    stated=block.text[:200],
                )
            )
            continue
        context = table_context(document, block.line_start)
        confidence = 0.9 * (1.0 if context.fiscal_year_be else 0.75)
        if confidence < reading.settings.min_confidence:
            reading.findings.append(
                warning(
                    "needs_review",
                    f"KPI statement read with confidence {confidence:.2f}: " f"{block.text[:80]!r}",
                    block.line_start,
                    stated=block.text[:200],
                )
            )
            continue
        indicator = reading.indicator_for(name, original, code, [block.line_start], "S")
        if default_unit and not indicator.unit:
            indicator.unit, indicator.unit_noun = default_unit.code, default_unit.noun
        for role, part in readings:
            reading.add_observation(
                Observation.from_value(
                    indicator.indicator_id,
                    role,
                    part.value,
                    [block.line_start],
                    fiscal_year_be=context.fiscal_year_be,
                    source_section="statement",
                )
            )
        read += 1
    return read
