"""Normalisation helpers for Thai government documents.

Digits, numbers, units, comparator phrases, ranges, alternates, Buddhist-Era years, fiscal years, quarters
and Thai month names. Every parser here normalises Thai digits explicitly and then matches ``[0-9]``:
Python's ``\\d`` and ``int()`` silently accept Thai digits, which hides where a value came from.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
ARABIC_DIGITS = "0123456789"
_THAI_TO_ARABIC = str.maketrans(THAI_DIGITS, ARABIC_DIGITS)
_ARABIC_TO_THAI = str.maketrans(ARABIC_DIGITS, THAI_DIGITS)

BE_CE_OFFSET = 543


# --- digits -------------------------------------------------------------------------------------------


def thai_to_arabic_digits(text: str) -> str:
    """Replace Thai digits by Arabic ones. Length-preserving, so offsets stay valid in the original."""
    return text.translate(_THAI_TO_ARABIC)


def arabic_to_thai_digits(text: str) -> str:
    return text.translate(_ARABIC_TO_THAI)


def digit_system(text: str) -> str:
    """'arabic', 'thai', 'mixed' or 'none', by which digits occur in ``text``."""
    has_thai = any(ch in THAI_DIGITS for ch in text)
    has_arabic = any(ch in ARABIC_DIGITS for ch in text)
    if has_thai and has_arabic:
        return "mixed"
    if has_thai:
        return "thai"
    return "arabic" if has_arabic else "none"


# --- matching keys --------------------------------------------------------------------------------

# Look-alike letters from other scripts seen in the seeds (003:7161 "บ่อदान" for บ่อดาน).
_HOMOGLYPHS = str.maketrans({"द": "ด", "ा": "า", "न": "น", "\u200b": None, "\ufeff": None, "\u00a0": " "})
_DECOMPOSED_SARA_AM_RE = re.compile("\u0e4d\u0e32")  # ํ + า, which NFC leaves as two characters (H39)
_DOUBLED_MARK_RE = re.compile("([\u0e48-\u0e4b])\\1+")  # "ให้้" (001:474)
_SPACE_RE = re.compile(r"\s+")


def matching_key(text: str) -> str:
    """A key for comparing and searching Thai text, never for storing it: NFC, composed sara am, single tone
    marks, look-alike letters repaired, Arabic digits, no spaces."""
    key = unicodedata.normalize("NFC", text).translate(_HOMOGLYPHS)
    key = _DOUBLED_MARK_RE.sub(r"\1", _DECOMPOSED_SARA_AM_RE.sub("\u0e33", key))
    return _SPACE_RE.sub("", thai_to_arabic_digits(key))


# --- numbers ------------------------------------------------------------------------------------------

# A number token after digit normalisation: thousands groups by comma or by a single space, an optional
# decimal part. A trailing ",dd" group is the malformed decimal comma of 003:6714.
NUMBER_PATTERN = (
    r"[0-9]{1,3}(?:,[0-9]{3})+(?:[.,][0-9]+)?|[0-9]{1,3}(?: [0-9]{3})+(?![0-9])|[0-9]+(?:\.[0-9]+)?"
)
_NUMBER_RE = re.compile(rf"(?<![0-9.])(?:{NUMBER_PATTERN})")


@dataclass(frozen=True)
class ParsedNumber:
    value: Decimal
    text: str
    malformed: bool = False


def parse_number(text: str) -> ParsedNumber | None:
    """Parse one number written with Thai or Arabic digits, commas or spaces as separators.

    ``1,109,000,000,00`` (a decimal comma after thousands commas) is repaired to 1109000000.00 and flagged
    as malformed. Returns None when ``text`` is not a single number.
    """
    original = text.strip()
    token = thai_to_arabic_digits(original)
    if not re.fullmatch(NUMBER_PATTERN, token):
        return None
    malformed = False
    groups = token.split(",")
    if len(groups) > 1 and len(groups[-1].split(".")[0]) != 3:
        # The last comma group is not a thousands group: a decimal comma.
        token = "".join(groups[:-1]) + "." + groups[-1]
        malformed = True
    token = token.replace(",", "").replace(" ", "")
    try:
        return ParsedNumber(Decimal(token), original, malformed)
    except InvalidOperation:
        return None


def find_numbers(text: str) -> list[tuple[int, int, ParsedNumber]]:
    """All number tokens in ``text`` as (start, end, parsed); offsets index the original text."""
    normalised = thai_to_arabic_digits(text)
    found = []
    for match in _NUMBER_RE.finditer(normalised):
        parsed = parse_number(text[match.start() : match.end()])
        if parsed is not None:
            found.append((match.start(), match.end(), parsed))
    return found


def format_decimal(value: Decimal | None) -> str:
    """Plain notation, '.' decimal point, no thousands separators, no trailing zeros."""
    if value is None:
        return ""
    normalised = value.normalize()
    text = format(normalised, "f")
    return "0" if text in ("-0", "") else text


# --- units --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    code: str  # pct, thb, points, level, count, day, hour, times, thb_per_item ...
    noun: str  # the Thai (or English) word as printed, e.g. ราย, ใบรับรอง
    multiplier: Decimal = Decimal(1)


_MILLION = Decimal(1_000_000)

# Longest spellings first so that ล้านบาท wins over บาท and บาท/ชิ้นงาน over บาท.
_UNIT_WORDS: list[tuple[str, str, Decimal]] = [
    ("บาท/ชิ้นงาน", "thb_per_item", Decimal(1)),
    ("ล้านบาท", "thb", _MILLION),
    ("ลบ.", "thb", _MILLION),
    ("บาท", "thb", Decimal(1)),
    ("บ.", "thb", Decimal(1)),
    ("ร้อยละ", "pct", Decimal(1)),
    ("เปอร์เซ็นต์", "pct", Decimal(1)),
    ("%", "pct", Decimal(1)),
    ("คะแนน", "points", Decimal(1)),
    ("ระดับ", "level", Decimal(1)),
    ("ชั่วโมง", "hour", Decimal(1)),
    ("ชม.", "hour", Decimal(1)),
    ("วัน", "day", Decimal(1)),
    ("เดือน", "month", Decimal(1)),
    ("เท่า", "times", Decimal(1)),
]

# Count nouns (ลักษณนาม and counted things) seen in the seeds; each becomes unit code "count".
COUNT_NOUNS = (
    "เรื่องต่อปี",
    "ใบรับรอง",
    "แบรนด์",
    "แบรินด์",
    "แห่ง",
    "ราย",
    "คน",
    "กิจการ",
    "เรื่อง",
    "ฉบับ",
    "เล่ม",
    "ระบบ",
    "หลักสูตร",
    "ชุดข้อมูล",
    "หน่วยงาน",
    "ครั้ง",
    "ขอบข่าย",
    "แผนงาน",
    "แผน",
    "รายงาน",
    "แบบจำลอง",
    "Platform",
    "VM",
    "สถานี",
    "จังหวัด",
    "โครงการ",
    "ช่องทาง",
    "กลุ่ม",
    "ชิ้นงาน",
    "ตัว",
    "URLs",
    "ไฟล์",
    "กรมธรรม์",
    "ชุด",
    "เม็ด",
    "รายการ",
    "ผลงาน",
    "ตัวอย่าง",
    "สิทธิบัตร",
)

_UNIT_RE = re.compile(
    "|".join(
        re.escape(word) for word in sorted([w for w, _, _ in _UNIT_WORDS] + list(COUNT_NOUNS), key=len)[::-1]
    )
)


def unit_from_word(word: str) -> Unit | None:
    """The unit for one printed unit word, or None when the word is not in the lexicon."""
    word = word.strip()
    for spelling, code, multiplier in _UNIT_WORDS:
        if word == spelling:
            return Unit(code, spelling, multiplier)
    if word in COUNT_NOUNS:
        return Unit("count", word)
    return None


def match_unit_at(text: str, position: int) -> tuple[Unit, int] | None:
    """The unit word starting at ``position`` (after optional spaces): (unit, end offset)."""
    rest = text[position:]
    stripped = rest.lstrip()
    skipped = len(rest) - len(stripped)
    match = _UNIT_RE.match(stripped)
    if not match:
        return None
    unit = unit_from_word(match.group(0))
    return (unit, position + skipped + match.end()) if unit else None


# --- comparators --------------------------------------------------------------------------------------

# Phrase → comparator. Longest first, so ไม่น้อยกว่า is never read as น้อยกว่า.
_COMPARATOR_PHRASES: list[tuple[str, str]] = [
    ("ไม่น้อยกว่า", ">="),
    ("ไม่ต่ำกว่า", ">="),
    ("อย่างน้อย", ">="),
    ("ตั้งแต่", ">="),
    ("\\geq", ">="),
    ("≥", ">="),
    (">=", ">="),
    ("ไม่เกินกว่า", "<="),
    ("ไม่มากกว่า", "<="),
    ("ไม่สูงกว่า", "<="),
    ("ไม่เกิน", "<="),
    ("ภายใน", "<="),
    ("\\leq", "<="),
    ("≤", "<="),
    ("<=", "<="),
    ("มากกว่า", ">"),
    ("เกินกว่า", ">"),
    ("สูงกว่า", ">"),
    (">", ">"),
    ("&gt;", ">"),
    ("น้อยกว่า", "<"),
    ("ต่ำกว่า", "<"),
    ("<", "<"),
    ("&lt;", "<"),
    ("เพิ่มขึ้น", "increase_by"),
    ("ลดลง", "decrease_by"),
]
_COMPARATOR_RE = re.compile(
    "|".join(re.escape(p) for p, _ in sorted(_COMPARATOR_PHRASES, key=lambda item: -len(item[0])))
)
_COMPARATOR_BY_PHRASE = dict(_COMPARATOR_PHRASES)
# "400 ขึ้นไป" — a suffix meaning at least.
_AT_LEAST_SUFFIX_RE = re.compile(r"^\s*ขึ้นไป")


def comparator_of(phrase: str) -> str | None:
    """The comparator code of one phrase (e.g. ไม่น้อยกว่า → '>='), None when unknown."""
    return _COMPARATOR_BY_PHRASE.get(phrase.strip())


# --- values -------------------------------------------------------------------------------------------

# Cell contents that mean "no value", each with the status it gets.
_STATUS_PHRASES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^[-–—.]+$"), "not_applicable"),
    (re.compile(r"^-?\s*ไม่มี\s*-?$"), "not_applicable"),
    (re.compile(r"อยู่ระหว่าง(?:การ)?ดำเนิน"), "in_progress"),
    (re.compile(r"ยังไม่ถึงคาบ"), "not_due"),
    (re.compile(r"คื[นบ]งบประมาณ|ยกเลิก"), "cancelled"),
]


@dataclass
class ParsedValue:
    """One value phrase: comparator, number(s), unit, status and the text it came from."""

    text_original: str
    status: str = "value"  # value, missing, not_applicable, in_progress, not_due, cancelled, text
    comparator: str = ""
    value_num: Decimal | None = None
    value_num_max: Decimal | None = None
    value_num_alt: Decimal | None = None
    unit: Unit | None = None
    unit_alt: Unit | None = None
    malformed: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def scaled_value(self) -> Decimal | None:
        """value_num in base units (ล้านบาท → บาท)."""
        if self.value_num is None:
            return None
        return self.value_num * (self.unit.multiplier if self.unit else 1)


@dataclass(frozen=True)
class Quantity:
    """A number found inside a longer text, with its comparator and unit.

    ``phrase_start`` … ``end`` spans the whole phrase (comparator, a leading ร้อยละ, number, unit).
    """

    start: int
    end: int
    number: ParsedNumber
    comparator: str
    unit: Unit | None
    in_parentheses: bool
    phrase_start: int


# Numbers that are part of identifiers or dates, not quantities: ISO 9001, ปี 2564, Thailand 4.0 ...
_NOT_A_QUANTITY_BEFORE = re.compile(
    r"(?:ISO|IEC|ISO/IEC|ปี|พ\.ศ\.|ปีงบประมาณ|ปีงปม\.|ฐาน|Thailand|ระยะที่|ข้อที่|ที่|ครั้งที่|กิจกรรม|ไตรมาส|"
    r"ไตรมาสที่|Band|หมวด|version|No\.)\s*$"
)
_PCT_WORD = "ร้อยละ"


def _parenthesis_depth_at(text: str, position: int) -> int:
    return text.count("(", 0, position) - text.count(")", 0, position)


def _comparator_before(text: str) -> tuple[str, int]:
    """The comparator phrase that ends ``text`` (spaces ignored) and where it starts."""
    stripped = text.rstrip()
    for match in _COMPARATOR_RE.finditer(stripped, max(0, len(stripped) - 30)):
        if match.end() == len(stripped):
            return _COMPARATOR_BY_PHRASE[match.group(0)], match.start()
    return "", len(stripped)


def _quantity_at(text: str, start: int, end: int, number: ParsedNumber) -> Quantity:
    unit_after = match_unit_at(text, end)
    unit = unit_after[0] if unit_after else None
    unit_end = unit_after[1] if unit_after else end
    before = text[:start].rstrip()
    if before.endswith(_PCT_WORD) and (unit is None or unit.code != "pct"):
        unit = Unit("pct", _PCT_WORD)
        before = before[: -len(_PCT_WORD)].rstrip()
    comparator, phrase_start = _comparator_before(before)
    if not comparator and _AT_LEAST_SUFFIX_RE.match(text[unit_end:]):
        comparator = ">="
    in_parentheses = _parenthesis_depth_at(text, start) > 0
    return Quantity(start, unit_end, number, comparator, unit, in_parentheses, phrase_start)


def find_quantities(text: str) -> list[Quantity]:
    """Numbers in running text with the comparator before them and the unit around them.

    A unit may precede the number (ร้อยละ 85) or follow it (3 แห่ง, 20%). Numbers that belong to years,
    standards or version labels are skipped.
    """
    return [
        _quantity_at(text, start, end, number)
        for start, end, number in find_numbers(text)
        if not _NOT_A_QUANTITY_BEFORE.search(text[:start]) and not _is_enumerator(text, start, end)
    ]


def _is_enumerator(text: str, start: int, end: int) -> bool:
    """``1.ร้อยละ…`` or ``2) …`` at the start of a list item: a list number, not a quantity."""
    token = thai_to_arabic_digits(text[start:end])
    if not re.fullmatch(r"[0-9]{1,2}", token) or (start and not text[start - 1].isspace()):
        return False
    follows = thai_to_arabic_digits(text[end : end + 2])
    if re.match(r"\.(?![0-9])", follows):
        return not text[:start].rstrip().endswith(_PCT_WORD)
    return follows.startswith(")") and _parenthesis_depth_at(text, start) == 0


_PER_YEAR_RE = re.compile(r"ปีละ$")
_TRAILING_FILLER_RE = re.compile(r"\s*(?:จำนวน|ปีละ|ที่|:)\s*$")


def find_embedded_target(text: str) -> tuple[Quantity | None, str]:
    """The target phrase inside an indicator text and the name without it (000, seed analysis §4.1.3).

    The target is the last quantity with a unit or comparator outside parentheses; failing that, the last
    one inside them (``(Downtime 0 ชั่วโมง)``, whose name then stays whole).
    """
    candidates = [q for q in find_quantities(text) if q.unit is not None or q.comparator]
    outside = [q for q in candidates if not q.in_parentheses]
    if outside:
        target = outside[-1]
        head = _PER_YEAR_RE.sub("", text[: target.phrase_start].rstrip())
        name = f"{head.rstrip()} {text[target.end :].lstrip()}".strip()
        return target, _TRAILING_FILLER_RE.sub("", name).strip()
    return (candidates[-1] if candidates else None), text.strip()


def parenthesised_alternate(text: str, target: Quantity) -> Quantity | None:
    """A quantity opening a parenthesis after the target, the same target in other terms:
    ``เพิ่มขึ้น 20% (จากฐานปีงปม. 2564) (48 ราย)`` → 48 ราย (000:53). Qualifiers such as
    ``(เฉพาะบริการไม่เกิน 3 เม็ด…)`` do not open with their number and are skipped."""
    for quantity in find_quantities(text):
        opens_parenthesis = text[: quantity.phrase_start].rstrip().endswith("(")
        if quantity.start > target.end and quantity.unit is not None and opens_parenthesis:
            return quantity
    return None


_ANNUAL_RE = re.compile(r"นับแบบไม่สะสม|ไม่สะสม|ต่อปี|ปีละ")
_CUMULATIVE_RE = re.compile(r"นับแบบสะสม|ยอดสะสม|สะสมรวม|\(สะสม\)")


def accumulation_in_text(text: str) -> str:
    """cumulative (นับแบบสะสม, ยอดสะสม, สะสมรวม), annual (นับแบบไม่สะสม, ต่อปี, ปีละ) or '' (H26)."""
    if _ANNUAL_RE.search(text):
        return "annual"
    return "cumulative" if _CUMULATIVE_RE.search(text) else ""


_BASELINE_YEAR_RE = re.compile(r"ฐาน\s*(?:ปี\s*)?(?:งบประมาณ|งปม\.?)?\s*(?:พ\.ศ\.)?\s*([0-9]{4})")


def baseline_year_in_text(text: str) -> int | None:
    """``(จากฐานปีงปม. 2564)`` → 2564."""
    match = _BASELINE_YEAR_RE.search(thai_to_arabic_digits(text))
    return int(match.group(1)) if match else None


_ALTERNATE_RE = re.compile(r"\s+หรือ\s+")
_RANGE_SEPARATOR_RE = re.compile(r"^\s*(?:[-–—]|ถึง)\s*(?:<=|<|≤|\\leq|&lt;)?\s*$")
_LATEX_RE = re.compile(r"\$+|\\text\{[^}]*\}")


def _status_of(text: str) -> str | None:
    for pattern, status in _STATUS_PHRASES:
        if pattern.search(text):
            return status
    return None


def parse_value(text: str, *, default_unit: Unit | None = None) -> ParsedValue:
    """Parse one value cell: ``10,774 ใบรับรอง``, ``ไม่น้อยกว่า ร้อยละ 80``, ``300 – 350``,
    ``๕๕,๕๘๔ หรือ ๑๓,๘๙๖ VM``, ``-``, ``อยู่ระหว่างดำเนินการ``.

    The first quantity is the value. A range gives value_num_max, an ``A หรือ B`` alternate gives
    value_num_alt. The original text is kept verbatim.
    """
    result = ParsedValue(text_original=text)
    stripped = text.strip()
    if not stripped:
        result.status = "missing"
        return result
    cleaned = _LATEX_RE.sub(" ", stripped.replace("\\%", "%"))
    quantities = find_quantities(cleaned)
    status = _status_of(stripped)
    if not quantities or status == "not_applicable":
        result.status = status or "text"
        result.comparator = "" if status else "text"
        return result
    if status:
        result.notes.append(f"status phrase next to a number: {status}")
    first = quantities[0]
    _fill_from_quantity(result, first, default_unit)
    if len(quantities) > 1:
        second = quantities[1]
        between = cleaned[first.end : second.start]
        if _RANGE_SEPARATOR_RE.match(between):
            _fill_range(result, first, second)
        elif _ALTERNATE_RE.fullmatch(between) or between.strip() == "หรือ":
            result.value_num_alt = second.number.value
            result.unit_alt = second.unit
            if result.unit is None and second.unit is not None:
                result.notes.append("unit printed only after the alternate")
    return result


def _fill_from_quantity(result: ParsedValue, quantity: Quantity, default_unit: Unit | None) -> None:
    result.value_num = quantity.number.value
    result.malformed = quantity.number.malformed
    result.comparator = quantity.comparator or "="
    result.unit = quantity.unit or default_unit


def _fill_range(result: ParsedValue, low: Quantity, high: Quantity) -> None:
    result.value_num_max = high.number.value
    if result.unit is None:
        result.unit = high.unit
    # "≥5% - <10%" keeps its bounds' comparators; "300 – 350" is a closed range.
    result.comparator = "between"


# --- years, fiscal years, quarters --------------------------------------------------------------------


def be_to_ce(year_be: int) -> int:
    return year_be - BE_CE_OFFSET


def ce_to_be(year_ce: int) -> int:
    return year_ce + BE_CE_OFFSET


def expand_two_digit_be(year: int) -> int:
    """``๖๗`` → 2567. Two-digit years in these documents are always Buddhist Era 25xx."""
    if year >= 100:
        return year
    return 2500 + year


def fiscal_year_bounds(fiscal_year_be: int) -> tuple[date, date]:
    """FY n (BE) runs from 1 October of n−1 to 30 September of n; dates are returned in CE."""
    year_ce = be_to_ce(fiscal_year_be)
    return date(year_ce - 1, 10, 1), date(year_ce, 9, 30)


def fiscal_year_of(day: date) -> int:
    """The Thai government fiscal year (BE) a CE date falls in."""
    return ce_to_be(day.year + 1 if day.month >= 10 else day.year)


def fiscal_quarter_of(day: date) -> tuple[int, int]:
    """(fiscal_year_be, quarter): Q1 = Oct–Dec, Q2 = Jan–Mar, Q3 = Apr–Jun, Q4 = Jul–Sep."""
    quarter = (day.month - 10) // 3 + 1 if day.month >= 10 else (day.month - 1) // 3 + 2
    return fiscal_year_of(day), quarter


def fiscal_quarter_bounds(fiscal_year_be: int, quarter: int) -> tuple[date, date]:
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"quarter must be 1-4, not {quarter}")
    start_of_year, _ = fiscal_year_bounds(fiscal_year_be)
    first_month_index = start_of_year.month - 1 + 3 * (quarter - 1)  # months since January of start year
    start = date(start_of_year.year + first_month_index // 12, first_month_index % 12 + 1, 1)
    end_month_index = first_month_index + 2
    end_year, end_month = start_of_year.year + end_month_index // 12, end_month_index % 12 + 1
    end = date(end_year, end_month, _days_in_month(end_year, end_month))
    return start, end


def _days_in_month(year: int, month: int) -> int:
    next_month = date(year + month // 12, month % 12 + 1, 1)
    return (next_month - date(year, month, 1)).days


_QUARTER_RE = re.compile(r"ไตรมาส(?:ที่)?\s*([0-9])(?:\s*[-–]\s*([0-9]))?(?:\s*/\s*([0-9]{2,4}))?")


def parse_quarter(text: str) -> tuple[int, int, int | None] | None:
    """``ไตรมาสที่ ๑ - ๒`` → (1, 2, None); ``ณ สิ้นไตรมาสที่ ๔/๒๕๖๗`` → (4, 4, 2567)."""
    match = _QUARTER_RE.search(thai_to_arabic_digits(text))
    if not match:
        return None
    first = int(match.group(1))
    last = int(match.group(2) or first)
    year = expand_two_digit_be(int(match.group(3))) if match.group(3) else None
    if not (1 <= first <= last <= 4):
        return None
    return first, last, year


# --- Thai months and dates ----------------------------------------------------------------------------

THAI_MONTHS_FULL = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
THAI_MONTHS_ABBREVIATED = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)

_MONTH_BY_NAME = {name: index + 1 for index, name in enumerate(THAI_MONTHS_FULL)}
_MONTH_BY_NAME.update({name: index + 1 for index, name in enumerate(THAI_MONTHS_ABBREVIATED)})
# The abbreviation without its final period (มี.ค at 003:2738).
_MONTH_BY_NAME.update({name[:-1]: index + 1 for index, name in enumerate(THAI_MONTHS_ABBREVIATED)})

_MONTH_RE = re.compile("|".join(re.escape(name) for name in sorted(_MONTH_BY_NAME, key=len, reverse=True)))
_DATE_RE = re.compile(
    rf"(?:([0-9]{{1,2}})\s*)?({_MONTH_RE.pattern})(?!\.?[ก-ฮ]\.)\s*(?:(?:พ\.ศ\.|ปี)\s*)?([0-9]{{4}}|[0-9]{{2}})?(?![0-9])"
)


def month_number(name: str) -> int | None:
    """Month 1–12 for a full or abbreviated Thai month name; None for unknown names such as ``มี.ย.``."""
    return _MONTH_BY_NAME.get(name.strip())


@dataclass(frozen=True)
class ThaiDate:
    """A possibly partial date read from Thai text; the year is Buddhist Era."""

    year_be: int | None
    month: int
    day: int | None
    text: str

    def to_date(self) -> date | None:
        if self.year_be is None:
            return None
        return date(be_to_ce(self.year_be), self.month, self.day or 1)


def parse_thai_date(text: str) -> ThaiDate | None:
    """``๓ ส.ค. ๖๗`` → 3 Aug 2567 BE; ``ตุลาคม ๒๕๖๖`` → Oct 2566; ``30 พ.ย. 58`` → 30 Nov 2558."""
    normalised = thai_to_arabic_digits(text)
    match = _DATE_RE.search(normalised)
    if not match:
        return None
    month = _MONTH_BY_NAME[match.group(2)]
    day = int(match.group(1)) if match.group(1) else None
    year = expand_two_digit_be(int(match.group(3))) if match.group(3) else None
    return ThaiDate(year, month, day, text[match.start() : match.end()])


_PERIOD_SPLIT_RE = re.compile(r"\s*(?:[-–—]|ถึง)\s*")


def parse_thai_period(text: str) -> tuple[ThaiDate, ThaiDate] | None:
    """``ตุลาคม – ธันวาคม ๒๕๖๖``: the start borrows its year from the end (one year earlier when the
    start month is later in the calendar than the end month)."""
    parts = _PERIOD_SPLIT_RE.split(text.strip(), maxsplit=1)
    if len(parts) != 2:
        return None
    start, end = parse_thai_date(parts[0]), parse_thai_date(parts[1])
    if start is None or end is None:
        return None
    if start.year_be is None and end.year_be is not None:
        year = end.year_be - 1 if start.month > end.month else end.year_be
        start = ThaiDate(year, start.month, start.day, start.text)
    return start, end


_FISCAL_YEAR_RE = re.compile(r"ปีงบประมาณ\s*(?:พ\.ศ\.)?\s*([0-9]{4})")


def fiscal_year_in_text(text: str) -> int | None:
    """The first ``ปีงบประมาณ (พ.ศ.) 2565`` in a title, as a BE year."""
    match = _FISCAL_YEAR_RE.search(thai_to_arabic_digits(text))
    return int(match.group(1)) if match else None
