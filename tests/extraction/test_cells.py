"""HTML in cells and the eight list encodings of seed 000 (seed analysis §1.1, H9, H10)."""

from __future__ import annotations

from ckanext.kpi.extraction.cells import (
    parse_cell,
    plain_text,
    sequential_enumerator_offsets,
    split_glued_items,
    split_items,
)


def _cell(seed_lines, line: int, column: int) -> str:
    return seed_lines("000")[line - 1].split("\t")[column]


def test_plain_text_strips_tags_and_decodes_entities():
    assert plain_text("<b>21.8125</b>") == "21.8125"
    assert plain_text("ระดับดี (&gt; ๓.๐๐)") == "ระดับดี (> ๓.๐๐)"


def test_inline_numbering_000_11(seed_lines):
    items = split_items(_cell(seed_lines, 11, 3))
    assert [item.marker for item in items] == ["1.", "2.", "3."]
    assert items[0].text == "ความพึงพอใจของผู้ใช้บริการ ร้อยละ 85"
    assert items[2].text == "ระยะเวลาการตรวจอัญมณีลดลง 1 วัน (เฉพาะบริการไม่เกิน 3 เม็ด/ 1 sell order)"


def test_numbered_paragraphs_000_21(seed_lines):
    items = split_items(_cell(seed_lines, 21, 3))
    assert len(items) == 3
    assert items[2].text == "จำนวนความร่วมมือ Platform e-Commerce (นับแบบสะสม) 2 Platform"


def test_numbered_list_items_000_29(seed_lines):
    items = split_items(_cell(seed_lines, 29, 3))
    assert [item.marker for item in items] == ["1.", "2.", "3.", "4."]
    assert items[1].text == "แผนที่นำทางงานวิจัยและนวัตกรรมของอุตสาหกรรมอัญมณีและเครื่องประดับ จำนวน 1 แผนงาน"


def test_unnumbered_items_under_bold_sub_headings_000_37(seed_lines):
    items = split_items(_cell(seed_lines, 37, 2))
    groups = [item for item in items if item.is_group]
    assert [group.text for group in groups] == [
        "หลักสูตร : การพัฒนาเทคนิคการตรวจวิเคราะห์อัญมณีและเครื่องประดับ",
        "หลักสูตร : การพัฒนาองค์ความรู้เฉพาะทางให้แก่บริษัท และคนทั่วไปที่สนใจและริเริ่มธุรกิจ",
    ]
    courses = [item for item in items if not item.is_group]
    assert len(courses) == 8
    assert courses[4].text == "หลักสูตร FGA"
    assert courses[4].group == groups[0].text


def test_dash_bullets_in_ul_000_44(seed_lines):
    items = split_items(_cell(seed_lines, 44, 2))
    bullets = [item for item in items if item.marker == "-"]
    assert len(bullets) == 2
    assert bullets[0].group.startswith("กิจกรรมที่ 1")


def test_inline_activity_labels_000_71(seed_lines):
    items = split_items(_cell(seed_lines, 71, 2))
    assert [(item.marker, item.text) for item in items] == [
        ("กิจกรรมที่ 1", "จัดทำแผนการปฏิบัติงานและประเมินผลการดำเนินงาน"),
        ("กิจกรรมที่ 2", "การจัดกิจกรรมเพื่อรณรงค์ให้เกิดพฤติกรรมการใช้ใบรับรอง"),
    ]


def test_bold_activity_label_continued_as_paragraph_labels_000_90_94(seed_lines):
    items = split_glued_items([_cell(seed_lines, 90, 2), _cell(seed_lines, 94, 2)])
    labels = [item.text for item in items if item.is_group]
    assert labels == ["กิจกรรมที่ 2", "กิจกรรมที่ 3", "กิจกรรมที่ 4"]
    second = next(item for item in items if item.marker == "2.")
    assert second.group == "กิจกรรมที่ 2"
    assert second.part_index == 1


def test_list_item_broken_mid_sentence_is_glued_000_57_61(seed_lines):
    items = split_glued_items([_cell(seed_lines, 57, 3), _cell(seed_lines, 61, 3)])
    assert len(items) == 4
    assert items[-1].text == "ผู้ประกอบการที่จัดแสดง/จำหน่ายสินค้าผ่าน Temp Pop-up Store จำนวน 12 ราย"
    assert items[-1].continued_on_part == 1


def test_numbering_continued_after_a_page_break_000_57_61(seed_lines):
    items = split_glued_items([_cell(seed_lines, 57, 2), _cell(seed_lines, 61, 2)])
    assert [item.marker for item in items] == ["", "", "", "", "5.", "6."]
    assert items[-1].text == "งานอื่นๆ"


def test_enumerators_must_count_up_by_one():
    assert sequential_enumerator_offsets("ใช้ 10.5 ลบ. และ ISO 9001 Thailand 4.0") == []
    assert sequential_enumerator_offsets("1. ก 2. ข 4. ค") == [0, 5]
    assert sequential_enumerator_offsets("๑. ก ๒. ข") == [0, 5]  # Thai digits


def test_unclosed_ul_without_li_keeps_its_text_001_113(seed_lines):
    cell = seed_lines("001")[112].split("\t")[8]
    parsed = parse_cell(cell)
    assert "(15 คะแนน)" in parsed.text and "(10 คะแนน)" in parsed.text


def test_nested_list_three_levels_004_104(seed_lines):
    cell = seed_lines("004")[103].split("\t")[1]
    items = split_items(cell)
    assert [item.text for item in items][-4:] == ["ด้านเศรษฐกิจ", "ด้านสังคม", "ด้านสาธารณสุข", "ด้านสิ่งแวดล้อม"]


def test_nested_table_is_parsed_once_003_9489(seed_lines):
    cell = next(c for c in seed_lines("003")[9488].split("\t") if "<table" in c)
    parsed = parse_cell(cell)
    assert parsed.nested_tables == [
        [
            ["ตัวชี้วัด", "ร้อยละ"],
            ["(1) ความเชื่อมั่นในการใช้งานอินเทอร์เน็ตของบุคคลทั่วไป", "54.15"],
            ["(2) ตัวชี้วัดความเชื่อมั่นการใช้อินเทอร์เน็ตของบริษัท", "90.57"],
            ["ค่าเฉลี่ย", "72.36"],
        ]
    ]
    assert "54.15" not in parsed.text


def test_inline_bullets_in_an_unclosed_list_001_430(seed_lines):
    cell = seed_lines("001")[429].split("\t")[3]
    assert [(item.marker, item.text) for item in split_items(cell)] == [
        ("•", "ข้อมูลลูกค้า"),
        ("•", "ข้อมูลราคาสินค้า"),
        ("•", "ข้อมูลการซื้อขายสินค้า"),
    ]
