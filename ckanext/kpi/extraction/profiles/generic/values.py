"""One value cell read with the shared helpers of :mod:`...thai`, and how sure that reading is.

A cell is *clear* when everything in it is accounted for: one quantity (or a range ``50 - 55`` or an
alternate ``A หรือ B``) with its comparator and unit, or a status phrase (``-``, อยู่ระหว่างดำเนินการ).
Anything else left over (``2,000 (ปี 66: 1,800)``, ``2,150 / 2,300``, ``ดูภาคผนวก``) makes the cell
unclear: the reader reports it for review and publishes no value from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...thai import ParsedValue, Unit, find_quantities, parse_value, thai_to_arabic_digits, unit_from_word

_COMPARATOR_WORDS_RE = re.compile(
    r"ไม่น้อยกว่า|ไม่ต่ำกว่า|อย่างน้อย|ตั้งแต่|ไม่เกินกว่า|ไม่มากกว่า|ไม่สูงกว่า|ไม่เกิน|ภายใน|มากกว่า|เกินกว่า|"
    r"สูงกว่า|น้อยกว่า|ต่ำกว่า|เพิ่มขึ้น|ลดลง|ขึ้นไป|หรือ|ถึง|ร้อยละ|ระดับ|จำนวน|ทั้งสิ้น|ทั้งหมด|\\geq|\\leq|&gt;|&lt;"
)
# Qualifiers that say what the number is measured against, not a second value.
_QUALIFIER_RE = re.compile(r"จากปีที่ผ่านมา|จากปีก่อนหน้า|จากปีก่อน|จากปีฐาน|ต่อปี|ต่อเดือน")
_LETTER_RE = re.compile(r"[A-Za-z\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e4e]")
_WORD_RE = re.compile(r"[A-Za-z\u0e01-\u0e4e]+")


@dataclass
class CellReading:
    value: ParsedValue
    clear: bool
    reason: str = ""


def unit_of_label(text: str) -> Unit | None:
    """The unit a unit cell (หน่วยนับ column) or a parenthesised name suffix names."""
    word = text.strip().strip("()").strip()
    if not word:
        return None
    unit = unit_from_word(word)
    if unit:
        return unit
    # A counted thing the lexicon does not know (ครัวเรือน, ต้น, ชุมชน): a count, the noun kept.
    if _WORD_RE.fullmatch(word) and len(word) <= 12:
        return Unit("count", word)
    return None


def _residue(text: str, value: ParsedValue) -> str:
    """What is left of a cell after its quantities, comparators and units are taken out."""
    cleaned = thai_to_arabic_digits(text)
    pieces = []
    position = 0
    for quantity in find_quantities(cleaned):
        pieces.append(cleaned[position : quantity.phrase_start])
        position = quantity.end
    pieces.append(cleaned[position:])
    rest = _COMPARATOR_WORDS_RE.sub(" ", _QUALIFIER_RE.sub(" ", " ".join(pieces)))
    for unit in (value.unit, value.unit_alt):
        if unit and unit.noun:
            rest = rest.replace(unit.noun, " ")
    return rest


_NOT_APPLICABLE_RE = re.compile(r"^\s*(?:N/?A|n\.a\.|ไม่มีข้อมูล|ไม่ประเมิน)\s*$", re.IGNORECASE)


def read_cell(text: str, *, default_unit: Unit | None = None) -> CellReading:
    if _NOT_APPLICABLE_RE.match(text):
        return CellReading(ParsedValue(text_original=text, status="not_applicable"), True)
    value = parse_value(text.replace("**", ""), default_unit=default_unit)
    value.text_original = text
    if (
        value.unit is None
        and value.value_num is not None
        and thai_to_arabic_digits(text).strip().startswith("ระดับ")
    ):
        value.unit = Unit("level", "ระดับ")  # "ระดับ 5": the unit word before the number
    if value.status not in ("value", "text"):
        return CellReading(value, True)
    if value.status == "text":
        return CellReading(value, False, "no number in the cell")
    quantities = find_quantities(thai_to_arabic_digits(text))
    if len(quantities) > 2 or (
        len(quantities) == 2 and value.value_num_max is None and value.value_num_alt is None
    ):
        return CellReading(value, False, "several numbers in one cell")
    if value.malformed:
        return CellReading(value, False, "malformed number")
    if value.notes:
        return CellReading(value, False, "; ".join(value.notes))
    residue = _residue(text, value)
    if _LETTER_RE.search(residue):
        words = " ".join(_WORD_RE.findall(residue))
        # A unit word the lexicon does not know, printed after the number (15 ฐานข้อมูล, 12,000 แปลง).
        if len(quantities) == 1 and len(words.split()) == 1 and len(words) <= 12 and value.unit is None:
            value.unit = Unit("count", words)
            return CellReading(value, True)
        return CellReading(value, False, f"text next to the number: {words[:40]}")
    return CellReading(value, True)
