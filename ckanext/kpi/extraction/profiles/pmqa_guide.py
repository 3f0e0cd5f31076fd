"""Family 004: the PMQA 4.0 category-7 guide (แนวทางการกำหนดตัววัดสำคัญ, หมวด 7 ผลลัพธ์การดำเนินการ).

Categories 7.1–7.6 → KPI groups → example KPIs, with the markers of the legend: ``*`` a mandatory KPI
group, ``**`` a mandatory KPI (even inside ``<b>…**</b>``). The scoring bands, the overview levels, the
award bands, the reporting conditions 01–05 and the old-versus-new table go to document.json.
"""

from __future__ import annotations

import re
from typing import Any

from ..blocks import Block
from ..cells import CellItem, collapse_whitespace, parse_cell
from ..checks import info
from ..grid import Grid, GridRow
from ..model import ExtractionResult, Indicator, PlanElement, lines_text
from ..reading import ExtractionError
from ..structure import Document
from ..thai import find_quantities, format_decimal, parse_value, thai_to_arabic_digits
from .base import Profile, cell_items, document_metadata

_CATEGORY_RE = re.compile(r"^(7\.[0-9])\s+(.+)$")
_GROUP_MARKER_RE = re.compile(r"(?<!\*)\*(?!\*)")
_CONDITION_NUMBER_RE = re.compile(r"^0[1-9]$")
_SCORING_BAND_RE = re.compile(r"^-?\s*(.+?)\s*คะแนนเท่ากับ\s*(.*)$")
_BAND_NAME_RE = re.compile(r"\(([A-Za-z ]+)\)\s*$")
_AWARD_BAND_RE = re.compile(r"Band\s*[0-9]+\s*คะแนน(.*)$")
_NOISE_RE = re.compile(r"^(?:The background of the slide|Insert the Subtitle|THANK YOU)")
_LEGEND_RE = re.compile(r"^(\*{1,2})\s+(\S.*)$")
_LEADING_DASH_RE = re.compile(r"^[-–•]\s*")


def strip_markers(text: str) -> str:
    """The name without ``*`` markers and a leading bullet."""
    return collapse_whitespace(_LEADING_DASH_RE.sub("", text.replace("*", "")))


def is_mandatory_kpi(text: str) -> bool:
    return "**" in text


def is_mandatory_group(text: str) -> bool:
    return bool(_GROUP_MARKER_RE.search(text))


class PmqaGuideProfile(Profile):
    name = "pmqa_guide"
    doc_type = "guideline"
    description = "PMQA 4.0 category-7 guide: KPI groups, example KPIs, scoring bands (seed 004)"
    anchors = (
        "หมวด 7",
        "ผลลัพธ์การดำเนินการ",
        "กลุ่มตัวชี้วัด",
        "ตัวอย่างตัวชี้วัด",
        "ระบบราชการ 4.0",
    )

    def has_key_table(self, document: Document) -> bool:
        return any(self._is_detail(grid) for grid in document.grids)

    @staticmethod
    def _is_detail(grid: Grid) -> bool:
        return grid.header_texts()[:2] == ["กลุ่มตัวชี้วัด", "ตัวอย่างตัวชี้วัด"]

    @staticmethod
    def _is_overview(grid: Grid) -> bool:
        return any(row.text(0).startswith("7.") for row in grid.rows) and "ผลลัพธ์ดีกว่าค่าเป้าหมาย" in " ".join(
            grid.header_texts()
        )

    @staticmethod
    def _is_revision_table(grid: Grid) -> bool:
        return grid.header_texts()[:4] == ["เดิม", "ใหม่", "เดิม", "ใหม่"]

    def extract(self, document: Document, result: ExtractionResult) -> None:
        if not any(self._is_detail(grid) for grid in document.grids):
            raise ExtractionError(
                "no KPI-group table (กลุ่มตัวชี้วัด / ตัวอย่างตัวชี้วัด) found", path=document.source.path
            )
        category = ""
        group_numbers: dict[str, int] = {}
        seen: set[int] = set()
        for block in document.blocks:
            if not block.is_table:
                category = self._read_text(block, category, result)
                continue
            grid = document.grid_of_block(block)
            if grid is None or grid.index in seen:
                continue
            seen.add(grid.index)
            if self._is_detail(grid):
                self._read_detail(grid, category, group_numbers, result)
            elif self._is_overview(grid):
                self._read_overview(grid, result)
            elif self._is_revision_table(grid):
                result.extras["revision_pairs"] = self._revision_pairs(grid)
        result.extras["scoring_bands"] = self._scoring_bands(document)
        result.extras["reporting_conditions"] = self._reporting_conditions(document)
        result.extras["award_bands"] = self._award_bands(document)
        result.extras["markers"] = self._legend(document, result)
        title = next((b.text.strip('“”" ') for b in document.text_blocks() if "ระบบราชการ 4.0" in b.text), "")
        result.metadata.update(document_metadata(title, self.doc_type, None))

    # --- categories, groups and example KPIs ----------------------------------------------------------

    def _read_text(self, block: Block, category: str, result: ExtractionResult) -> str:
        if _NOISE_RE.match(block.text):
            result.add(
                "findings",
                info("non_content_text", f"slide leftover ignored: {block.text[:50]!r}", block.line_start),
            )
        match = _CATEGORY_RE.match(block.text) if block.kind == "heading" else None
        if not match:
            return category
        self._add_category(match.group(1), match.group(2), block.line_start, result)
        return match.group(1)

    @staticmethod
    def _add_category(code: str, name: str, line: int, result: ExtractionResult) -> None:
        if not any(
            e.code == code and e.element_type == "pmqa_category" for e in result.tables["plan_elements"]
        ):
            result.add("plan_elements", PlanElement(f"P{code}", "pmqa_category", code, name.strip(), line))

    def _read_detail(
        self, grid: Grid, category: str, group_numbers: dict[str, int], result: ExtractionResult
    ) -> None:
        for row in grid.rows:
            group_text = " ".join(item.text for item, _ in cell_items(row.cells[0]))
            if not group_text:
                continue
            group_numbers[category] = group_numbers.get(category, 0) + 1
            group_code = f"{category}.G{group_numbers[category]}"
            mandatory_group = is_mandatory_group(group_text)
            result.add(
                "plan_elements",
                PlanElement(
                    f"P{group_code}",
                    "kpi_group",
                    group_code,
                    strip_markers(group_text),
                    row.line,
                    parent_code=category,
                    is_mandatory=mandatory_group,
                ),
            )
            self._read_examples(row, group_code, mandatory_group, result)

    def _read_examples(
        self, row: GridRow, group_code: str, mandatory_group: bool, result: ExtractionResult
    ) -> None:
        examples = [(item, lines) for item, lines in cell_items(row.cells[1]) if not item.is_group]
        for number, (item, lines) in enumerate(examples, start=1):
            code = f"{group_code}.{number}"
            text = _item_text(item)
            result.add(
                "indicators",
                Indicator(
                    indicator_id=code,
                    code=code,
                    name=strip_markers(text),
                    owner_type="kpi_group",
                    owner_code=group_code,
                    source_line=lines[0],
                    level="pmqa_example",
                    is_mandatory=is_mandatory_kpi(text),
                    is_mandatory_group=mandatory_group,
                    name_text_original=text,
                    source_lines=lines_text(lines),
                    unit="pct" if strip_markers(text).startswith("ร้อยละ") else "",
                    unit_noun="ร้อยละ" if strip_markers(text).startswith("ร้อยละ") else "",
                ),
            )

    def _read_overview(self, grid: Grid, result: ExtractionResult) -> None:
        """Overview by achievement level (004:99-105): groups listed under each level column."""
        levels = []
        for column in grid.columns[1:]:
            band = parse_value(column.label)
            levels.append(
                {
                    "column": column.index,
                    "label": column.label,
                    "comparator": band.comparator,
                    "value_pct": format_decimal(band.value_num),
                    "value_pct_max": format_decimal(band.value_num_max),
                }
            )
        result.extras["overview_levels"] = levels
        for row in grid.rows:
            match = _CATEGORY_RE.match(row.text(0))
            if not match:
                continue
            self._add_category(match.group(1), match.group(2), row.line, result)
            for column in grid.columns[1:]:
                for number, (item, lines) in enumerate(cell_items(row.cells[column.index]), start=1):
                    text = _item_text(item)
                    code = f"{match.group(1)}.L{column.index}.{number}"
                    result.add(
                        "plan_elements",
                        PlanElement(
                            f"P{code}",
                            "overview_group",
                            code,
                            strip_markers(text),
                            lines[0],
                            parent_code=match.group(1),
                            is_mandatory=is_mandatory_group(text),
                            overview_level=column.label,
                        ),
                    )

    @staticmethod
    def _revision_pairs(grid: Grid) -> list[dict[str, Any]]:
        """The old-versus-new table (004:47-50): two (old, new) pairs side by side per row."""
        pairs = []
        for row in grid.rows:
            for old, new in ((0, 1), (2, 3)):
                pairs.append(
                    {
                        "line": row.line,
                        "old": _titled_list(row.cells[old].raw),
                        "new": _titled_list(row.cells[new].raw),
                    }
                )
        return pairs

    # --- rules in the running text --------------------------------------------------------------------

    @staticmethod
    def _scoring_bands(document: Document) -> list[dict[str, Any]]:
        """``ไม่เกินร้อยละ 5 คะแนนเท่ากับ 300 คะแนน เป็นระดับพื้นฐาน (basic)`` and its two siblings (004:85-87)."""
        bands = []
        for block in document.text_blocks():
            match = _SCORING_BAND_RE.match(block.text)
            if not match:
                continue
            bounds = [q for q in find_quantities(match.group(1)) if q.unit is not None]
            points = parse_value(match.group(2))
            name = _BAND_NAME_RE.search(match.group(2))
            bands.append(
                {
                    "line": block.line_start,
                    "text": block.text,
                    "band": name.group(1).strip() if name else "",
                    "bounds": [
                        {"comparator": q.comparator or "=", "value_pct": format_decimal(q.number.value)}
                        for q in bounds
                    ],
                    "points": format_decimal(
                        points.value_num
                    ),  # "คะแนนเท่ากับ 400": points even without a unit
                }
            )
        return bands

    @staticmethod
    def _reporting_conditions(document: Document) -> list[dict[str, Any]]:
        """Conditions ``01`` … ``05``: the number, its bold title and the text up to the next number."""
        conditions: list[dict[str, Any]] = []
        for block in document.text_blocks():
            text = block.text
            if _CONDITION_NUMBER_RE.match(text):
                conditions.append({"number": text, "line": block.line_start, "title": "", "details": []})
            elif conditions and text.startswith("#"):
                break
            elif conditions and block.kind == "heading" and block.line_start > conditions[-1]["line"]:
                if conditions[-1]["title"]:
                    break
                conditions[-1]["title"] = text
            elif conditions and conditions[-1]["title"]:
                conditions[-1]["details"].append({"line": block.line_start, "text": text})
        return conditions

    @staticmethod
    def _award_bands(document: Document) -> list[dict[str, Any]]:
        """``… Band 3 คะแนน 400 ขึ้นไป`` (>= 400) and ``คะแนนประมาณ 300 – 350`` (a range) (004:23-24)."""
        bands = []
        for block in document.text_blocks():
            match = _AWARD_BAND_RE.search(thai_to_arabic_digits(block.text))
            if match:
                value = parse_value(match.group(1))
                bands.append(
                    {
                        "line": block.line_start,
                        "text": block.text,
                        "comparator": value.comparator,
                        "points": format_decimal(value.value_num),
                        "points_max": format_decimal(value.value_num_max),
                    }
                )
        return bands

    @staticmethod
    def _legend(document: Document, result: ExtractionResult) -> dict[str, dict[str, Any]]:
        """The marker legend (004:176-178); the markers keep their meaning even if it is missing."""
        legend = {}
        for block in document.text_blocks():
            match = _LEGEND_RE.match(block.text)
            if match:
                legend[match.group(1)] = {"meaning": match.group(2), "line": block.line_start}
        if not legend:
            result.add(
                "findings",
                info("legend_missing", "no '*' / '**' legend found; the PMQA meanings are assumed"),
            )
        return legend


def _item_text(item: CellItem) -> str:
    return f"{item.marker} {item.text}".strip() if item.marker in ("*", "**") else item.text


def _titled_list(raw: str) -> dict[str, Any]:
    segments = parse_cell(raw).segments
    title = " ".join(segment.text for segment in segments if segment.kind != "li")
    return {"title": title, "items": [segment.text for segment in segments if segment.kind == "li"]}
