"""Stage 1b: headers merged into (group, sub) keys, page breaks, continuation glue, ragged rows."""

from __future__ import annotations

from pathlib import Path

from ckanext.kpi.extraction.reading import read_source
from ckanext.kpi.extraction.structure import parse_document


def _grid_at(document, line: int):
    return next(grid for grid in document.grids if grid.line_start <= line <= grid.line_end)


def test_spanning_budget_header_000_7_8(seed_document):
    grid = _grid_at(seed_document("000"), 7)
    assert [(c.group, c.sub) for c in grid.columns[4:6]] == [
        ("งบประมาณ (ลบ.)", "งปม."),
        ("งบประมาณ (ลบ.)", "เงินนอก"),
    ]
    assert grid.columns[6].label == "ฝ่ายที่รับผิดชอบ"


def test_year_and_level_header_001_81_82(seed_document):
    grid = _grid_at(seed_document("001"), 81)
    labels = grid.column_labels()
    assert labels[3] == "ผลการดำเนินงาน (ปีงบประมาณ พ.ศ.) / 2562"
    assert labels[5] == "ผลการดำเนินงาน (ปีงบประมาณ พ.ศ.) / 2564"
    assert labels[8] == "เป้าหมาย (ปีงบประมาณ พ.ศ. 2565) / เป้าหมายขั้นสูง (100 คะแนน)"


def test_unequal_year_groups_001_132_133(seed_document):
    grid = _grid_at(seed_document("001"), 132)
    assert grid.column_labels()[5:] == [
        "ปี 2565 / เป้าหมาย",
        "สรุปผลการดำเนินงาน 3 ปี (ปี 2563 - 2565) / เป้าหมายรวม",
        "สรุปผลการดำเนินงาน 3 ปี (ปี 2563 - 2565) / ผลการดำเนินงานรวม",
    ]


def test_shifted_header_is_still_two_rows_000_25_26(seed_document):
    grid = _grid_at(seed_document("000"), 25)
    assert len(grid.header) == 2
    assert grid.columns[5].label == "ฝ่ายที่รับผิดชอบ / เงินนอก"
    assert grid.ragged_lines == [29]  # its data row has the unit in a 7th column


def test_page_break_chunks_merge_and_repeated_headers_drop_000(seed_document):
    grid = _grid_at(seed_document("000"), 67)
    assert grid.line_end == 113
    assert grid.dropped_header_lines == [77, 78, 83, 84, 92, 93, 100, 101, 110, 111]
    assert all(row.text(0) != "รหัส" for row in grid.rows)


def test_continuation_rows_are_glued_with_confidence_000(seed_document):
    document = seed_document("000")
    glues = {glue.line: (glue.onto_line, glue.confidence) for grid in document.grids for glue in grid.glues}
    # 000:19 continues BAS114 mid-sentence; 000:61 and 000:94 start new numbered items.
    assert glues == {
        19: (15, "high"),
        43: (39, "medium"),
        61: (57, "medium"),
        94: (90, "medium"),
        102: (98, "medium"),
        112: (108, "medium"),
    }
    row = next(row for row in _grid_at(document, 57).rows if row.line == 57)
    assert row.lines == [57, 61]
    assert row.cells[3].lines == [57, 61]
    assert row.text(1) == "งานพัฒนาบริการภายในห้องสมุดอัญมณีและเครื่องประดับ"


def test_chunks_separated_by_text_stay_apart_001(seed_document):
    document = seed_document("001")
    summaries = [grid for grid in document.grids if "องค์ประกอบ/ตัวชี้วัด" in grid.column_labels()]
    assert [grid.line_start for grid in summaries] == [81, 96, 108]
    assert not any(grid.glues for grid in summaries)


def test_thai_digit_list_split_by_a_page_break_001_670_674(seed_document):
    grid = _grid_at(seed_document("001"), 670)
    assert grid.dropped_header_lines == [674]
    assert [row.text(0) for row in grid.rows] == ["๑", "๒", "๓", "๔", "๕", "๖", "๗", "๘", "๙", "๑๐", "๑๑"]


def test_ragged_table_keeps_the_extra_cells(tmp_path: Path):
    path = tmp_path / "ragged.txt"
    path.write_text("ก\tข\n1\t2\n3\t4\t5\t6\n", encoding="utf-8")
    grid = parse_document(read_source(path)).grids[0]
    assert grid.ragged_lines == [3]
    assert grid.rows[1].texts() == ["3", "4", "5", "6"]
