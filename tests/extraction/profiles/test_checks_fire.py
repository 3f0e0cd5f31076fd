"""The checks are not silent by construction: seeds with one figure changed produce the expected finding."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ckanext.kpi.extraction.pipeline import extract_document

from ..helpers import one_row, rows_where


@pytest.fixture
def mutated(seed_path, tmp_path) -> Callable[..., object]:
    """``mutated("000", {51: ("2.0267", "2.0000")})``: extract a copy with text replaced on given lines."""

    def build(prefix: str, replacements: dict[int, tuple[str, str]]):
        lines = seed_path(prefix).read_text(encoding="utf-8").split("\n")
        for number, (old, new) in replacements.items():
            assert old in lines[number - 1], f"{old!r} not on line {number}"
            lines[number - 1] = lines[number - 1].replace(old, new, 1)
        path = Path(tmp_path) / f"{prefix}_mutated.txt"
        path.write_text("\n".join(lines), encoding="utf-8")
        return extract_document(path)[0]

    return build


def test_strategy_total_mismatch_000_51(mutated):
    result = mutated("000", {51: ("2.0267", "2.0000")})
    finding = one_row(result.findings, rule="total_mismatch")
    assert (finding.owner_code, finding.stated_value, finding.computed_value, finding.source_line) == (
        "4",
        "2.0000",
        "2.0267",
        51,
    )


def test_parent_child_mismatch_000_62(mutated):
    result = mutated("000", {62: ("0.3000", "0.3100")})
    finding = one_row(result.findings, rule="parent_child_mismatch")
    assert (finding.owner_code, finding.stated_value, finding.computed_value) == (
        "BAS112/65",
        "0.6767",
        "0.6867",
    )


def test_breakdown_mismatch_000_11(mutated):
    result = mutated("000", {11: ("งบลงทุน 10.5 ลบ.", "งบลงทุน 10.4 ลบ.")})
    finding = one_row(result.findings, rule="breakdown_mismatch")
    assert (finding.owner_code, finding.stated_value, finding.computed_value) == (
        "STR111_1/65",
        "12.1500",
        "12.0500",
    )


def test_implausible_project_amount(mutated):
    result = mutated("000", {45: ("360,000 บ.", "360,000 ล้านบาท")})
    finding = one_row(result.findings, rule="implausible_magnitude")
    assert (finding.owner_code, finding.source_line) == ("SEC112/65#A1", 45)


def test_weights_not_summing_to_100_001_87(mutated):
    result = mutated("001", {87: ("\t5\t33 แบรนด์", "\t6\t33 แบรนด์")})
    finding = one_row(result.findings, rule="weights_sum")
    assert (finding.stated_value, finding.computed_value) == ("100", "101")


def test_detail_weight_against_summary_including_the_ocr_heading_001_361(mutated):
    # "(นำหน้าร้อยละ 10)" is the OCR of (น้ำหนักร้อยละ 10); the check still reads it.
    result = mutated("001", {361: ("นำหน้าร้อยละ 10", "นำหน้าร้อยละ 15")})
    finding = one_row(result.findings, rule="summary_detail_mismatch")
    assert (finding.owner_code, finding.source_line) == ("3.1.1", 361)


def test_detail_objectives_against_summary_001_172(mutated):
    result = mutated("001", {172: ("ข้อที่ 1,2", "ข้อที่ 1,3")})
    finding = one_row(result.findings, rule="summary_detail_mismatch")
    assert (finding.owner_code, finding.source_line) == ("1.1.2", 172)


def test_detail_target_against_summary_001_194(mutated):
    result = mutated("001", {194: ("11,312 ใบรับรอง", "11,313 ใบรับรอง")})
    finding = one_row(result.findings, rule="summary_detail_mismatch")
    assert (finding.owner_code, finding.source_line) == ("1.1.2", 194)


def test_stated_average_of_the_monitoring_kpi_001_134(mutated):
    result = mutated("001", {134: ("เฉลี่ยร้อยละ 50.62", "เฉลี่ยร้อยละ 51.62")})
    finding = one_row(result.findings, rule="stated_average")
    assert (finding.stated_value, finding.computed_value, finding.source_line) == ("51.62", "50.62", 134)


def test_stated_multi_year_sum_of_the_monitoring_kpi_001_134(mutated):
    result = mutated("001", {134: ("72 ราย ปี 63", "75 ราย ปี 63")})
    finding = one_row(result.findings, rule="stated_sum")
    assert (finding.stated_value, finding.computed_value) == ("75", "72")


def test_a_clean_seed_has_no_check_warnings(extracted):
    checks = (
        "total_mismatch",
        "parent_child_mismatch",
        "breakdown_mismatch",
        "weights_sum",
        "stated_average",
    )
    for prefix in ("000", "001", "004"):
        assert not [f for f in extracted(prefix).findings if f.rule in checks], prefix
    assert rows_where(extracted("000").findings, rule="subtotal_mismatch")  # the one real inconsistency


def test_criteria_points_against_the_summary_001_413(mutated):
    result = mutated("001", {413: ("(20 คะแนน)", "(25 คะแนน)")})
    finding = one_row(result.findings, rule="summary_detail_mismatch")
    assert (finding.owner_code, finding.source_line) == ("3.1.1-1)", 413)
    assert "criteria points 25, 5 in the detail, 20, 5 in the summary" in finding.message
