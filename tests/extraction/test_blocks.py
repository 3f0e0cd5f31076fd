"""Stage 1a: blocks with 1-based line numbers."""

from __future__ import annotations

from ckanext.kpi.extraction.blocks import split_blocks, strip_markdown
from ckanext.kpi.extraction.reading import read_source


def _block_at(document, line: int):
    return next(block for block in document.blocks if block.line_start <= line <= block.line_end)


def test_headings_in_four_markups_000(seed_document):
    document = seed_document("000")
    # 000:5 ###, 000:23 **bold**, 000:31 plain text, 000:47 ##.
    assert (_block_at(document, 5).kind, _block_at(document, 5).heading_level) == ("heading", 3)
    assert (_block_at(document, 23).kind, _block_at(document, 23).heading_level) == ("heading", 0)
    assert _block_at(document, 31).kind == "paragraph"
    assert _block_at(document, 47).heading_level == 2


def test_bold_heading_broken_by_a_hard_break_is_one_block_000_64_65(seed_document):
    block = _block_at(seed_document("000"), 64)
    assert (block.line_start, block.line_end, block.kind) == (64, 65, "heading")
    assert block.text == (
        "ยุทธศาสตร์ที่ 5 การพัฒนาไปสู่องค์กรดิจิทัลที่มีสมรรถนะสูง และเสริมสร้างภาพลักษณ์" "ความเป็นมืออาชีพ ขององค์กรไปสู่ระดับสากล"
    )


def test_table_rows_keep_their_lines_and_raw_cells(seed_document, seed_lines):
    block = _block_at(seed_document("000"), 11)
    row = next(row for row in block.rows if row.line == 11)
    assert row.cells == seed_lines("000")[10].split("\t")


def test_markdown_pipe_table_001_490(seed_document):
    block = _block_at(seed_document("001"), 492)
    assert block.is_table and block.source_format == "pipe"
    assert block.rows[1].cells[0] == "1. การวางแผนยุทธศาสตร์ (15 คะแนน)"


def test_markdown_escapes_are_undone():
    assert strip_markdown("\\*\\* ตัวชี้วัดบังคับ") == "** ตัวชี้วัดบังคับ"  # 004:178
    assert strip_markdown("## 7.1 ด้านประสิทธิผลและการบรรลุพันธกิจ") == "7.1 ด้านประสิทธิผลและการบรรลุพันธกิจ"


def test_rule_row_and_blank_line_do_not_split_a_header_003_10800(seed_document):
    block = _block_at(seed_document("003"), 10800)
    assert (block.line_start, block.kind) == (10800, "table")
    assert block.line_end >= 10803
    assert [row.line for row in block.rows if row.is_rule] == [10801]


def test_echoed_rows_of_a_nested_table_are_marked_003_9490(seed_document):
    block = _block_at(seed_document("003"), 9489)
    echoes = [row.line for row in block.rows if row.echo_of_line == 9489]
    assert echoes == [9490, 9491, 9492, 9493]


def test_every_line_is_in_at_most_one_block(seed_path):
    source = read_source(seed_path("001"))
    covered = [line for block in split_blocks(source) for line in range(block.line_start, block.line_end + 1)]
    assert len(covered) == len(set(covered))
