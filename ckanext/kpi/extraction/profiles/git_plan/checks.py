"""Checks of the GIT action plan once every row is read: inherited units, totals, parents."""

from __future__ import annotations

from ...checks import check_sum, info
from ...model import (
    ExtractionResult,
)
from .common import _FUNDS, _Node, _parent_of, _State


class PlanChecks:
    """After all rows: responsible units inherited down the tree, totals against subtotals, parents."""

    def _inherit_responsible_units(self, result: ExtractionResult) -> None:
        """Child projects print no unit (000:57, 000:62); they take their parent's."""
        units = {project.code: project.responsible_unit for project in result.tables["projects"]}
        for project in result.tables["projects"]:
            if project.parent_code not in units:
                project.parent_code = ""  # implied by the code only; reported as parent_missing
            if not project.responsible_unit and units.get(project.parent_code):
                project.responsible_unit = units[project.parent_code]
                project.responsible_unit_inherited = True

    def _check_totals(self, state: _State, result: ExtractionResult) -> None:
        parents = set(state.project_lines)

        def counted(codes: list[str]) -> list[str]:
            # A child whose parent is counted in the same sum would be counted twice (strategy 4, 000:55-62).
            return [
                code
                for code in codes
                if _parent_of(code) == code or _parent_of(code) not in set(codes) & parents
            ]

        for node in state.items.values():
            self._check_node(
                node, counted(node.projects), "subtotal_mismatch", "strategy item", state, result
            )
        for node in state.strategies.values():
            self._check_node(node, counted(node.projects), "total_mismatch", "strategy", state, result)
            self._check_total_against_subtotals(node, state, result)
        self._check_parents(state, result)

    def _check_node(
        self, node: _Node, codes: list[str], rule: str, label: str, state: _State, result: ExtractionResult
    ) -> None:
        for fund in _FUNDS:
            parts = [
                state.project_amounts[code][fund] for code in codes if fund in state.project_amounts[code]
            ]
            finding = check_sum(
                rule,
                f"{label} {node.code} ({fund})",
                node.stated.get(fund),
                parts,
                line=node.line,
                owner_code=node.code,
            )
            if finding:
                result.add("findings", finding)

    def _check_total_against_subtotals(self, node: _Node, state: _State, result: ExtractionResult) -> None:
        for fund in _FUNDS:
            subtotals = [state.items[code].stated.get(fund) for code in node.items]
            stated = node.stated.get(fund)
            if stated is None or not subtotals or any(value is None for value in subtotals):
                continue
            finding = check_sum(
                "total_vs_subtotals",
                f"strategy {node.code} ({fund}) total against its item subtotals",
                stated,
                [value for value in subtotals if value is not None],
                line=node.line,
                owner_code=node.code,
                severity="info",
            )
            if finding:
                result.add("findings", finding)

    def _check_parents(self, state: _State, result: ExtractionResult) -> None:
        children: dict[str, list[str]] = {}
        for code in state.project_lines:
            if _parent_of(code) != code:
                children.setdefault(_parent_of(code), []).append(code)
        for parent, codes in children.items():
            if parent not in state.project_amounts:
                result.add(
                    "findings",
                    info(
                        "parent_missing",
                        f"child projects {', '.join(codes)} have no parent row " f"{parent}",
                        state.project_lines[codes[0]],
                        owner_code=parent,
                    ),
                )
                continue
            for fund in _FUNDS:
                parts = [
                    state.project_amounts[code][fund] for code in codes if fund in state.project_amounts[code]
                ]
                finding = check_sum(
                    "parent_child_mismatch",
                    f"{parent} against its child projects ({fund})",
                    state.project_amounts[parent].get(fund),
                    parts,
                    line=state.project_lines[parent],
                    owner_code=parent,
                )
                if finding:
                    result.add("findings", finding)
