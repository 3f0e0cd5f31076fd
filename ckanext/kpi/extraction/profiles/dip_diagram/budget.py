"""The budget items (``คชจ. 4.2 …``) and their output targets."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ...thai import parse_value, thai_to_arabic_digits
from .framework import _BUDGET_ITEM_RE, _LEADING_NUMBER_RE, _TARGET_IN_BRACKETS_RE, _clean


@dataclass
class BudgetItem:
    code: str
    name: str
    line: int
    target: Decimal | None = None
    unit_noun: str = ""
    target_text: str = ""
    target_line: int | None = None


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
