"""Normalisation helpers: digits, numbers, units, comparators, ranges, alternates, years, quarters, months."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from ckanext.kpi.extraction.thai import (
    accumulation_in_text,
    arabic_to_thai_digits,
    baseline_year_in_text,
    be_to_ce,
    ce_to_be,
    comparator_of,
    digit_system,
    expand_two_digit_be,
    find_embedded_target,
    find_numbers,
    fiscal_quarter_bounds,
    fiscal_quarter_of,
    fiscal_year_bounds,
    fiscal_year_in_text,
    fiscal_year_of,
    format_decimal,
    matching_key,
    month_number,
    parse_number,
    parse_quarter,
    parse_thai_date,
    parse_thai_period,
    parse_value,
    thai_to_arabic_digits,
    unit_from_word,
)

# --- digits -------------------------------------------------------------------------------------------


def test_thai_digits_become_arabic_and_back():
    assert thai_to_arabic_digits("ตัวชี้วัดที่ ๓.๑.๒") == "ตัวชี้วัดที่ 3.1.2"
    assert arabic_to_thai_digits("2567") == "๒๕๖๗"
    # Length-preserving, so offsets found in the normalised text index the original.
    assert len(thai_to_arabic_digits("๑,๑๐๙,๐๐๐ บาท")) == len("๑,๑๐๙,๐๐๐ บาท")


def test_python_digit_class_accepts_thai_digits_which_is_why_we_normalise_explicitly():
    # The pitfall the seed analysis warns about (§4.1.6): \d and int() silently accept Thai digits.
    assert re.fullmatch(r"\d+", "๒๕๖๔")
    assert int("๒๕๖๔") == 2564
    # Our parsers normalise first and then match [0-9] only.
    assert re.fullmatch(r"[0-9]+", "๒๕๖๔") is None
    assert parse_number("๒๕๖๔").value == Decimal(2564)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ที่ นร ๑๒๐๘/๗๔๐", "thai"),
        ("10,774 ใบรับรอง", "arabic"),
        ("พุทธศักราช 2477 จำนวน ๑ ชุด", "mixed"),
        ("ไม่มี", "none"),
    ],
)
def test_digit_system(text, expected):
    assert digit_system(text) == expected


# --- numbers ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "malformed"),
    [
        ("10,774", "10774", False),  # 001:86
        ("๑,๑๐๖,๗๑๔,๒๐๐", "1106714200", False),  # 003:6554
        ("๑๕,๐๐๐,๐๐๐.๐๐", "15000000", False),  # 003:1154
        ("32,515.00", "32515", False),  # stray decimal in a count, 001:323
        ("21.8125", "21.8125", False),  # 4-decimal million baht, 000:9
        ("๓๘๗ ๙๑๕", "387915", False),  # a space as thousands separator, 003:3694
        ("๑,๑๐๙,๐๐๐,๐๐๐,๐๐", "1109000000", True),  # malformed decimal comma, 003:6714
    ],
)
def test_parse_number(text, value, malformed):
    parsed = parse_number(text)
    assert parsed is not None
    assert format_decimal(parsed.value) == value
    assert parsed.malformed is malformed


def test_parse_number_rejects_text_and_keeps_the_original():
    assert parse_number("ร้อยละ 85") is None
    assert parse_number("๔๒.๐๗๒๙").text == "๔๒.๐๗๒๙"


def test_three_values_separated_by_double_spaces_stay_three_numbers():
    # 003:1635 "๓๒.๕  ๔๐ ๒๕" is a parent and its two sub-projects, not one number.
    assert [format_decimal(n.value) for _, _, n in find_numbers("๓๒.๕  ๔๐ ๒๕")] == ["32.5", "40", "25"]


def test_format_decimal_has_no_exponent_or_separator():
    assert format_decimal(Decimal("12.1500") * Decimal(1_000_000)) == "12150000"
    assert format_decimal(Decimal("0.3767")) == "0.3767"
    assert format_decimal(None) == ""


# --- units --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "code", "multiplier"),
    [
        ("ร้อยละ", "pct", 1),
        ("%", "pct", 1),
        ("ล้านบาท", "thb", 1_000_000),
        ("ลบ.", "thb", 1_000_000),
        ("บาท", "thb", 1),
        ("บ.", "thb", 1),
        ("คะแนน", "points", 1),
        ("บาท/ชิ้นงาน", "thb_per_item", 1),
        ("ใบรับรอง", "count", 1),
        ("แห่ง", "count", 1),
        ("ชม.", "hour", 1),
    ],
)
def test_unit_lexicon(word, code, multiplier):
    unit = unit_from_word(word)
    assert unit is not None
    assert (unit.code, unit.multiplier) == (code, Decimal(multiplier))
    assert unit.noun == word


def test_million_baht_value_scales_to_baht():
    value = parse_value("29.93 ล้านบาท")  # 001:100
    assert value.value_num == Decimal("29.93")
    assert value.scaled_value == Decimal("29930000")


def test_number_glued_to_its_unit():
    value = parse_value("1,000กิจการ")  # 002:21
    assert (value.value_num, value.unit.noun) == (Decimal(1000), "กิจการ")
    assert parse_value("20%").unit.code == "pct"  # 000:53


# --- comparators, ranges, alternates, statuses --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "comparator", "value", "unit"),
    [
        ("ไม่น้อยกว่า ร้อยละ ๘๐", ">=", "80", "pct"),  # 003:4139
        ("ไม่น้อยกว่า ๘,๐๐๐ ชุดข้อมูล", ">=", "8000", "count"),  # 003:5637
        ("อย่างน้อย ๑ ช่องทาง", ">=", "1", "count"),  # 003:143
        ("น้อยกว่า ร้อยละ 72", "<", "72", "pct"),  # 001:90, 50-point level
        ("ร้อยละ 72", "=", "72", "pct"),  # 001:90, 75-point level
        ("มากกว่า ร้อยละ 72", ">", "72", "pct"),  # 001:90, 100-point level
        ("ภายใน 24 ชม.", "<=", "24", "hour"),  # 000:108
        ("ไม่เกิน 3 เม็ด", "<=", "3", "count"),  # 000:11
        ("ระดับดี (มากกว่า ๓.๐)", ">", "3", None),  # 003:5639
        ("ระดับดี (&gt; ๓.๐๐)", ">", "3", None),  # 003:5833, entity kept
        ("400 ขึ้นไป", ">=", "400", None),  # 004:23
        ("เพิ่มขึ้นร้อยละ ๑๕ ของปีฐาน", "increase_by", "15", "pct"),  # 003:2146
        ("ลดลง 1 วัน", "decrease_by", "1", "day"),  # 000:11
    ],
)
def test_comparator_phrases(text, comparator, value, unit):
    parsed = parse_value(text)
    assert parsed.comparator == comparator
    assert format_decimal(parsed.value_num) == value
    assert (parsed.unit.code if parsed.unit else None) == unit
    assert parsed.text_original == text


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("คะแนนประมาณ 300 – 350", "300", "350"),  # en dash, 004:24
        ("ตั้งแต่ 350 - 399 คะแนน", "350", "399"),  # 001:452
        ("ตั้งแต่ ๓๕๐ - ๓๙๙ คะแนน", "350", "399"),  # 001:668, Thai digits
        ("$\\geq 5\\% - < 10\\%$", "5", "10"),  # LaTeX in a header, 004:99
    ],
)
def test_ranges(text, low, high):
    parsed = parse_value(text)
    assert parsed.comparator == "between"
    assert (format_decimal(parsed.value_num), format_decimal(parsed.value_num_max)) == (low, high)


def test_alternate_values():
    parsed = parse_value("๕๕,๕๘๔ หรือ ๑๓,๘๙๖ VM")  # 003:6533
    assert (parsed.value_num, parsed.value_num_alt) == (Decimal(55584), Decimal(13896))
    assert parsed.unit_alt.noun == "VM"


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("-", "not_applicable"),  # 001:85
        ("..", "not_applicable"),  # 000:56
        ("-ไม่มี-", "not_applicable"),  # 003:400
        ("", "missing"),
        ("อยู่ระหว่างดำเนินการ", "in_progress"),  # 003:355
        ("ยังไม่ถึงคาบการดำเนินงาน", "not_due"),  # 003:3142
        ("คืบงบประมาณ", "cancelled"),  # OCR for คืนงบประมาณ, 003:9518
        ("มีรายชื่อชุดข้อมูล (Data Set)", "text"),
    ],
)
def test_statuses_instead_of_values(text, status):
    parsed = parse_value(text)
    assert parsed.status == status
    assert parsed.value_num is None


def test_list_number_is_not_a_value():
    # 001:102: "1.ร้อยละค่าใช้จ่าย…" is a criterion, the 1 is its list number.
    assert parse_value("1.ร้อยละค่าใช้จ่าย ด้านบุคลากร ไม่เกินกรอบ วงเงินรวมฯ").status == "text"


# --- targets embedded in indicator text (000) ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit", "comparator", "name"),
    [
        ("ความพึงพอใจของผู้ใช้บริการ ร้อยละ 85", "85", "ร้อยละ", "", "ความพึงพอใจของผู้ใช้บริการ"),  # 000:11
        # ISO 17025 / 9001 / 27001 are not targets (000:14).
        (
            "ร้อยละของการอ้างระบบมาตรฐาน ISO/IEC 17025, ISO 9001 และ ISO/IEC 27001 "
            "และขอบข่ายที่ได้รับรองในปัจจุบัน ร้อยละ 100",
            "100",
            "ร้อยละ",
            "",
            "ร้อยละของการอ้างระบบมาตรฐาน ISO/IEC 17025, ISO 9001 และ ISO/IEC 27001 และขอบข่ายที่ได้รับรองในปัจจุบัน",
        ),
        # Outside the parentheses wins over "(ร้อยละ 20 จากฐานปี 2564)" (000:57).
        (
            "จำนวนผู้ใช้บริการห้องสมุดอัญมณีและเครื่องประดับ ไม่น้อยกว่า 1,140 ราย (ร้อยละ 20 จากฐานปี 2564)",
            "1140",
            "ราย",
            ">=",
            "จำนวนผู้ใช้บริการห้องสมุดอัญมณีและเครื่องประดับ (ร้อยละ 20 จากฐานปี 2564)",
        ),
        # Only inside parentheses: the target is read, the name stays whole (000:96).
        (
            "การหยุดการทำงานของระบบสารสนเทศ (Downtime 0 ชั่วโมง)",
            "0",
            "ชั่วโมง",
            "",
            "การหยุดการทำงานของระบบสารสนเทศ (Downtime 0 ชั่วโมง)",
        ),
        (
            "ความรู้ที่สำคัญต่อการ ดำเนินงานของสถาบัน จัดเก็บในระบบ KMS จำนวน 11 เรื่องต่อปี",
            "11",
            "เรื่องต่อปี",
            "",
            "ความรู้ที่สำคัญต่อการ ดำเนินงานของสถาบัน จัดเก็บในระบบ KMS",
        ),  # 000:105
    ],
)
def test_embedded_target(text, value, unit, comparator, name):
    target, stripped = find_embedded_target(text)
    assert target is not None
    assert (format_decimal(target.number.value), target.unit.noun, target.comparator) == (
        value,
        unit,
        comparator,
    )
    assert stripped == name


def test_text_without_target():
    target, name = find_embedded_target("ความสำเร็จของการจัดทำแผนปฏิบัติงาน")
    assert target is None
    assert name == "ความสำเร็จของการจัดทำแผนปฏิบัติงาน"


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("(จากฐานปีงปม. 2564)", 2564),
        ("(เพิ่มขึ้นจากฐานปีงบประมาณ 2564)", 2564),
        ("(จากฐาน ปี 2564)", 2564),
        ("ไม่มี", None),
    ],
)
def test_baseline_year(text, year):
    assert baseline_year_in_text(text) == year


# --- years, fiscal years, quarters --------------------------------------------------------------------


def test_buddhist_era_and_common_era():
    assert be_to_ce(2565) == 2022
    assert ce_to_be(2024) == 2567
    assert expand_two_digit_be(67) == 2567  # ๖๗ in 003:153
    assert expand_two_digit_be(58) == 2558  # 30 พ.ย. 58, 002:130
    assert expand_two_digit_be(2566) == 2566


def test_fiscal_year_runs_october_to_september():
    assert fiscal_year_bounds(2565) == (date(2021, 10, 1), date(2022, 9, 30))
    assert fiscal_year_of(date(2023, 10, 1)) == 2567
    assert fiscal_year_of(date(2024, 9, 30)) == 2567


@pytest.mark.parametrize(
    ("day", "fiscal_year", "quarter"),
    [
        (date(2023, 10, 1), 2567, 1),
        (date(2023, 12, 31), 2567, 1),
        (date(2024, 1, 1), 2567, 2),
        (date(2024, 6, 30), 2567, 3),
        (date(2024, 7, 1), 2567, 4),
    ],
)
def test_fiscal_quarters(day, fiscal_year, quarter):
    assert fiscal_quarter_of(day) == (fiscal_year, quarter)


def test_fiscal_quarter_bounds():
    # The MDES report runs to the end of Q3 FY2567: 1 Oct 2023 – 30 Jun 2024 (003:5-17).
    assert fiscal_quarter_bounds(2567, 1)[0] == date(2023, 10, 1)
    assert fiscal_quarter_bounds(2567, 3)[1] == date(2024, 6, 30)
    assert fiscal_quarter_bounds(2567, 2) == (date(2024, 1, 1), date(2024, 3, 31))
    with pytest.raises(ValueError):
        fiscal_quarter_bounds(2567, 5)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ไตรมาสที่ ๑ - ๒", (1, 2, None)),
        ("ไตรมาสที่ ๑ - ๓", (1, 3, None)),
        ("ณ สิ้นไตรมาสที่ ๔/๒๕๖๗", (4, 4, 2567)),
        ("ไตรมาส 3", (3, 3, None)),
        ("ไม่มีไตรมาส", None),
    ],
)
def test_quarter_tags(text, expected):
    assert parse_quarter(text) == expected


def test_fiscal_year_in_a_title():
    assert fiscal_year_in_text("เรื่อง การประเมินองค์การมหาชน ประจำปีงบประมาณ พ.ศ. ๒๕๖๕") == 2565  # 001:12
    assert fiscal_year_in_text("หลักเกณฑ์ตัวชี้วัดตามยุทธศาสตร์ประจำปีงบประมาณ 2565") == 2565  # 000:3


# --- Thai months and dates ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "month"),
    [
        ("มกราคม", 1),
        ("กุมภาพันธ์", 2),
        ("ธันวาคม", 12),
        ("ม.ค.", 1),
        ("มี.ค.", 3),
        ("มี.ค", 3),
        ("ส.ค.", 8),
        ("ต.ค.", 10),
        ("มี.ย.", None),
    ],
)
def test_month_names_full_abbreviated_and_a_typo(name, month):
    # "มี.ย." (003:10163) is not a month: it could be มี.ค. or มิ.ย.
    assert month_number(name) == month


def test_thai_dates_with_two_and_four_digit_years():
    assert parse_thai_date("๓ ส.ค. ๖๗").to_date() == date(2024, 8, 3)  # 003:153
    assert parse_thai_date("๓๐ ธันวาคม ๒๕๖๔").to_date() == date(2021, 12, 30)  # 001:10
    assert parse_thai_date("30 พ.ย. 58").to_date() == date(2015, 11, 30)  # 002:130
    assert parse_thai_date("ตามเกณฑ์ ก.พ.ร.") is None  # an agency abbreviation, not February


def test_period_borrows_the_year_from_its_end():
    start, end = parse_thai_period("ตุลาคม – ธันวาคม ๒๕๖๖")  # 003:2493
    assert (start.year_be, start.month, end.year_be, end.month) == (2566, 10, 2566, 12)
    start, _ = parse_thai_period("ตุลาคม - มีนาคม ๒๕๖๗")
    assert start.year_be == 2566


def test_comparator_lexicon_prefers_the_longest_phrase():
    assert comparator_of("ไม่น้อยกว่า") == ">="
    assert comparator_of("น้อยกว่า") == "<"
    assert comparator_of("ไม่เกิน") == "<="
    assert comparator_of("เกินกว่า") == ">"
    assert comparator_of("ประมาณ") is None


def test_matching_key_repairs_what_breaks_keyword_matching_h39():
    assert matching_key("ส\u0e4d\u0e32รวจ") == matching_key("สำรวจ")  # decomposed sara am, 003:338
    assert matching_key("ให้้") == "ให้"  # doubled tone mark, 001:474
    assert matching_key("บ่อदान") == "บ่อดาน"  # Devanagari look-alikes, 003:7161
    assert matching_key("ร้อยละ ๙๙.๙๑") == matching_key("ร้อยละ99.91")


def test_accumulation_phrases_h26():
    assert (
        accumulation_in_text("จำนวนความร่วมมือ Platform e-Commerce (นับแบบสะสม) 2 Platform") == "cumulative"
    )  # 000:21
    assert accumulation_in_text("(นับแบบไม่สะสม)") == "annual"  # 001:178
    assert accumulation_in_text("จัดเก็บในระบบ KMS จำนวน 11 เรื่องต่อปี") == "annual"  # 000:105
    assert accumulation_in_text("กำไรสะสมตามมาตรฐานบัญชี") == ""  # 001:604, not about the KPI
