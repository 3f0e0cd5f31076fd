"""Thai repairs of PDF text layers, on the damage patterns seen in real agency PDFs."""

from __future__ import annotations

import unicodedata

import pytest

from ckanext.kpi.extraction.readers.thai_repair import (
    join_wrapped,
    map_private_use,
    repair_thai,
    replacement_characters,
)

SARA_AM = "\u0E33"
NIKHAHIT = "\u0E4D"
SARA_AA = "\u0E32"
MAI_EK = "\u0E48"
MAI_THO = "\u0E49"


@pytest.mark.parametrize(
    ("pua", "thai"),
    [
        # Windows range: tone marks moved down (SD), down-left (SDL), left (SL)
        ("\uF70A", MAI_EK), ("\uF70B", MAI_THO), ("\uF70C", "\u0E4A"), ("\uF70D", "\u0E4B"), ("\uF70E", "\u0E4C"),
        ("\uF705", MAI_EK), ("\uF706", MAI_THO), ("\uF707", "\u0E4A"), ("\uF708", "\u0E4B"), ("\uF709", "\u0E4C"),
        ("\uF713", MAI_EK), ("\uF714", MAI_THO), ("\uF715", "\u0E4A"), ("\uF716", "\u0E4B"), ("\uF717", "\u0E4C"),
        # upper vowels moved left, lower vowels moved down, letters without their descender
        ("\uF710", "\u0E31"), ("\uF701", "\u0E34"), ("\uF702", "\u0E35"), ("\uF703", "\u0E36"), ("\uF704", "\u0E37"),
        ("\uF711", NIKHAHIT), ("\uF712", "\u0E47"), ("\uF718", "\u0E38"), ("\uF719", "\u0E39"), ("\uF71A", "\u0E3A"),
        ("\uF70F", "ญ"), ("\uF700", "ฐ"),
        # Mac range
        ("\uF88B", MAI_EK), ("\uF88E", MAI_THO), ("\uF884", "\u0E31"), ("\uF885", "\u0E34"), ("\uF899", NIKHAHIT),
        ("\uF89A", "ญ"), ("\uF89E", "ฐ"), ("\uF89B", "\u0E38"),
    ],
)
def test_every_private_use_glyph_maps_to_the_character_it_draws(pua: str, thai: str) -> None:
    assert map_private_use(pua) == thai


@pytest.mark.parametrize(
    ("damaged", "repaired"),
    [
        # TH Sarabun PUA glyphs in real words
        ("ตัวช\u0E35\uF70Bวัด", "ตัวชี้วัด"),
        ("ท\uF70Aี", "ที่"),  # the tone came before the vowel and was shifted
        ("\u0E1B\uF713า", "ป่า"),  # mai ek moved left over the tall ป
        ("ผ\u0E39\uF70Bใหญ\uF70A", "ผู้ใหญ่"),
        ("\u0E1B\uF701ด", "ปิด"),
        ("ก\uF70F\u0E38", "กญุ"),  # ญ without its descender before sara u (letters as given)
        # sara am split into nikhahit + sara aa, with and without a tone mark between or after
        ("ด" + NIKHAHIT + SARA_AA + "เนิน", "ดำเนิน"),
        ("จ" + NIKHAHIT + SARA_AA + "นวน", "จำนวน"),
        ("น" + MAI_THO + NIKHAHIT + SARA_AA, "น้ำ"),
        ("น" + NIKHAHIT + MAI_THO + SARA_AA, "น้ำ"),
        ("ประจ\uF711าปี", "ประจำปี"),
        # tone mark typed or extracted before the vowel of its consonant
        ("ท" + MAI_EK + "\u0E35", "ที่"),
        ("ช" + MAI_THO + "\u0E35", "ชี้"),
        ("ก" + MAI_EK + "\u0E38ม", "กุ่ม"),
        # spaces a layout engine put before a combining mark or a following vowel
        ("เป้ าหมาย", "เป้าหมาย"),
        ("ตัวช ี้วัด", "ตัวชี้วัด"),
        ("ดำเนินก าร", "ดำเนินการ"),
        # letter-spaced justified text
        ("ก า ร ด ำ เ นิ น ง า น", "การดำเนินงาน"),
        ("ผลการดำเนินงาน: ก า ร", "ผลการดำเนินงาน: การ"),
        # a mark doubled by fake-bold printing
        ("ที่" + MAI_EK, "ที่"),
        # zero-width characters
        ("การ\u200bดำเนินงาน", "การดำเนินงาน"),
    ],
)
def test_real_damage_patterns_are_repaired(damaged: str, repaired: str) -> None:
    assert repair_thai(damaged) == repaired


@pytest.mark.parametrize(
    "clean",
    [
        "ต่าง ๆ ที่เกี่ยวข้อง",  # the space before mai yamok is correct Thai
        "ISO 9001 และ ISO/IEC 27001",
        "ก ข",  # two single letters are not a letter-spaced word
        "ร้อยละ 85 (วัดจากผู้ประกอบการไทยเท่านั้น)",
        "ดำเนินการ น้ำ ประจำปี",
        "ปีงบประมาณ พ.ศ. ๒๕๖๗ ไตรมาส ๑ - ๓",
        "Thailand 4.0",
    ],
)
def test_clean_text_is_left_as_it_is(clean: str) -> None:
    assert repair_thai(clean) == clean


def test_repair_is_idempotent() -> None:
    damaged = "ก า ร ตัวช\u0E35\uF70Bวัด ด" + NIKHAHIT + SARA_AA + "เนิน เป้ าหมาย"
    once = repair_thai(damaged)
    assert repair_thai(once) == once == "การ ตัวชี้วัด ดำเนิน เป้าหมาย"


def test_sara_am_is_never_decomposed() -> None:
    """NFKC/NFKD would turn ำ into ํ + า; the repair composes, it never decomposes."""
    repaired = repair_thai("ดำเนินการ ประจำปี")
    assert SARA_AM in repaired
    assert NIKHAHIT not in repaired
    assert unicodedata.normalize("NFKC", SARA_AM) != SARA_AM  # why NFKC is never applied


def test_replacement_characters_are_kept_and_counted_never_guessed() -> None:
    text = "ประจ\uFFFDาปี ด\uFFFDาเนินการ"
    assert repair_thai(text) == text
    assert replacement_characters(text) == 2
    assert replacement_characters("ประจำปี") == 0


@pytest.mark.parametrize(
    ("before", "after", "joined"),
    [
        ("ความพึงพอใจของผู้เข้า", "รับการฝึกอบรม", "ความพึงพอใจของผู้เข้ารับการฝึกอบรม"),
        ("Buy with", "Confidence", "Buy with Confidence"),
        ("ร้อยละ 85 (วัด", "จากผู้ประกอบการ", "ร้อยละ 85 (วัดจากผู้ประกอบการ"),
        ("ยุทธศาสตร์", "ที่ 1", "ยุทธศาสตร์ที่ 1"),
        ("ราย", "(2) มูลค่า", "ราย (2) มูลค่า"),
        ("Platform e-", "Commerce", "Platform e-Commerce"),
        ("ISO/", "IEC 17025", "ISO/IEC 17025"),
        ("การฝึกอบรม ", "ร้อยละ 85", "การฝึกอบรม ร้อยละ 85"),  # the layout engine kept the space
        ("", "ข้อความ", "ข้อความ"),
        ("ข้อความ", "", "ข้อความ"),
    ],
)
def test_wrapped_lines_are_joined_without_inventing_spaces(before: str, after: str, joined: str) -> None:
    assert join_wrapped(before, after) == joined
