"""The dimension → assessment group → KPI weight tree rebuilt from the boxes, and its sum checks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ...checks import check_sum
from ...model import Finding, Indicator, PlanElement
from ...thai import matching_key
from .boxes import Box
from .framework import (
    DIMENSIONS,
    GROUP_DIMENSION,
    GROUP_OF_KPI_NUMBER,
    GROUPS,
    NUMBERED_GROUPS,
    _clean,
    needs_review,
)


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
