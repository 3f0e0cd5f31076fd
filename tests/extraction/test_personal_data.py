"""The personal-data screen: what it finds, what it leaves alone, and that no output file carries it."""

from __future__ import annotations

from pathlib import Path

import pytest

from ckanext.kpi.extraction.cli import main
from ckanext.kpi.extraction.personal_data import (
    CellHit,
    contains_personal_data,
    find_in_table,
    find_personal_data,
    is_valid_national_id,
    redact_text,
)

from .helpers import SEED_PREFIXES


def kinds_and_texts(text: str) -> list[tuple[str, str]]:
    return [(hit.kind, text[hit.start : hit.end]) for hit in find_personal_data([text])]


# --- the kinds ------------------------------------------------------------------------------------------


def test_national_id_needs_its_checksum():
    assert is_valid_national_id("3101500123459")
    assert not is_valid_national_id("3101500123458")
    assert kinds_and_texts("เลขประจำตัวประชาชน 3-1015-00123-45-9") == [("national_id", "3-1015-00123-45-9")]
    assert kinds_and_texts("เลขประจำตัว ๓๑๐๑๕๐๐๑๒๓๔๕๙") == [("national_id", "๓๑๐๑๕๐๐๑๒๓๔๕๙")]
    assert kinds_and_texts("เลขที่ 3101500123458") == []


def test_phone_numbers_in_thai_and_arabic_digits():
    # 001:47: the contact person's name in brackets goes with the number.
    assert kinds_and_texts("โทร. ๐๘ ๕๒๙๙ ๘๗๗๐ (ชญาภัส)") == [("phone", "๐๘ ๕๒๙๙ ๘๗๗๐ (ชญาภัส)")]
    assert kinds_and_texts("โทรสาร ๐ ๒๓๕๖ ๙๙๑๐") == [("phone", "๐ ๒๓๕๖ ๙๙๑๐")]
    assert kinds_and_texts("มือถือ 081-234-5678") == [("phone", "081-234-5678")]
    assert kinds_and_texts("Tel. +66 81 234 5678") == [("phone", "+66 81 234 5678")]


def test_email_address():
    assert kinds_and_texts("ไปรษณีย์อิเล็กทรอนิกส์ saraban@opdc.go.th") == [("email", "saraban@opdc.go.th")]


def test_honorific_names_and_ages():
    assert kinds_and_texts("นางสาว วายุรณีย์ แสนสุภาพดี 41 ปี") == [
        ("person_name", "นางสาว วายุรณีย์ แสนสุภาพดี"),
        ("age", " 41 ปี"),
    ]
    assert kinds_and_texts("(นางสาวสุนทรี สุภาสงวน)") == [("person_name", "นางสาวสุนทรี สุภาสงวน")]
    assert kinds_and_texts("ด.ญ.มานี มีนา 9 ปี") == [("person_name", "ด.ญ.มานี มีนา"), ("age", " 9 ปี")]
    assert kinds_and_texts("ด.ช. ปิติ ชูใจ") == [("person_name", "ด.ช. ปิติ ชูใจ")]
    assert kinds_and_texts("ผู้ป่วยอายุ ๗๐ ปี") == [("age", "อายุ ๗๐ ปี")]


@pytest.mark.parametrize(
    "text",
    [
        "ร้อยละ 41",  # a percentage is not an age
        "ระยะเวลาดำเนินงาน ๓ ปี",  # a duration is not an age
        "จำนวนผู้เข้ารับการอบรม ๑๕๕ นาย ได้ร่วมกันระดมความคิดเห็น ในการปฏิรูป",  # 003:10479, นาย counts officers
        "ณ วันที่ ๓๐ มิถุนายน ๒๕๖๗",  # มิถุนายน contains นาย
        "นายกรัฐมนตรี มอบนโยบาย",  # นายก… is a title, not a name
        "ประชากรที่มีอายุ 6 ปีขึ้นไปที่เคยใช้อินเทอร์เน็ต",  # 003:1619 defines a population
        "ได้รับจัดสรร ๑,๑๐๙,๐๐๐,๐๐๐,๐๐ บาท",  # 003:6714
        "งบประมาณ 1 109 000 000 000 บาท",  # space thousands separators, not a phone
        "ชื่อชุดข้อมูล\tโรคประจำตัว\tCondition\tICD10-TM",  # 003:8094 names a dataset, not a record
        "พ.ศ. ๒๕๖๗ ISO/IEC 27001:2013",
    ],
)
def test_kpi_text_is_left_alone(text):
    assert find_personal_data([text]) == []
    assert not contains_personal_data(text)


def test_redact_text_keeps_the_lines_and_drops_the_values():
    text = "ติดต่อ\nนายสมชาย ใจดี โทร 081-234-5678\nจบ"
    redacted, hits = redact_text(text)
    assert [hit.kind for hit in hits] == ["person_name", "phone"]
    assert redacted.count("\n") == 2 and "สมชาย" not in redacted and "081" not in redacted
    mark = "[personal data removed: {}]".format
    assert redacted.split("\n")[1] == f"{mark('person_name')} โทร {mark('phone')}"


def test_tables_are_screened_cell_by_cell():
    rows = [
        {"ชื่อ": "นางสาวมานี มีนา", "โทร": "๐๘๑ ๒๓๔ ๕๖๗๘", "ค่า": "ร้อยละ 41"},
        {"ชื่อ": "สำนักงานสถิติแห่งชาติ", "โทร": "", "ค่า": None},
    ]
    assert find_in_table(rows) == [CellHit(1, "ชื่อ", "person_name"), CellHit(1, "โทร", "phone")]


# --- the seeds ------------------------------------------------------------------------------------------


def test_health_record_003_8103_8188(seed_lines):
    hits = find_personal_data(seed_lines("003"))
    assert [(hit.kind, hit.line, hit.last_line) for hit in hits] == [
        ("person_name", 8103, 8103),
        ("age", 8103, 8103),
        ("medical_record", 8103, 8188),
    ]


def test_letter_contacts_001_39_51(seed_lines):
    hits = find_personal_data(seed_lines("001"))
    assert [(hit.kind, hit.line) for hit in hits] == [
        ("person_name", 39),
        ("phone", 47),
        ("phone", 49),
        ("email", 51),
    ]


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("000", []),
        ("001", ["person_name", "phone", "phone", "email"]),
        ("002", []),
        ("003", ["person_name", "age", "medical_record"]),
        ("004", ["person_name"]),  # 004:16, the author of the slides
    ],
)
def test_every_family_is_screened_by_the_pipeline(extracted, prefix, expected):
    findings = [f for f in extracted(prefix).findings if f.rule.startswith("personal_data_")]
    assert [f.rule.removeprefix("personal_data_") for f in findings] == expected
    assert all(f.severity == "warning" and not f.stated_value and not f.computed_value for f in findings)


# Values from 003:8103-8188 (name, age, diagnoses, medicines) and 001:39-51 (signatory, phone, e-mail).
PERSONAL_VALUES = {
    "003": [
        "วายุรณีย์",
        "แสนสุภาพดี",
        "41 ปี",
        "Diabetes",
        "Hypertension",
        "myocardial infarction",
        "phenoxymethylpenicillin",
        "simvastatin",
        "Propranolol",
        "BESTATIN",
        "มีผื่นขึ้นบนผิวหนังของคอ",
        "DischargeSummary",
    ],
    "001": ["สุนทรี", "สุภาสงวน", "๕๒๙๙", "๘๗๗๐", "ชญาภัส", "saraban@opdc.go.th", "๒๓๕๖ ๙๙๑๐"],
}


@pytest.fixture(scope="module")
def written(seed_path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("screened")
    status = main([str(seed_path(prefix)) for prefix in SEED_PREFIXES] + ["--out", str(out), "--quiet"])
    assert status == 0
    return out


@pytest.mark.parametrize("prefix", sorted(PERSONAL_VALUES))
def test_no_output_file_carries_personal_values(written, seed_lines, prefix):
    source = "\n".join(seed_lines(prefix))
    assert all(value in source for value in PERSONAL_VALUES[prefix])  # the values are really in the seed
    files = [path for path in written.rglob("*") if path.is_file()]
    assert {path.name for path in files} >= {"document.json", "structure.json", "findings.csv"}
    for path in files:
        text = path.read_text(encoding="utf-8")
        leaked = [value for value in PERSONAL_VALUES[prefix] if value in text]
        assert not leaked, f"{path.relative_to(written)} carries {leaked}"


def test_findings_name_kind_and_line_not_value(written):
    findings = next(written.glob("003_*/findings.csv")).read_text(encoding="utf-8")
    assert "personal_data_medical_record" in findings and "lines 8103-8188" in findings
    assert "8103" in findings and "วายุรณีย์" not in findings


def test_digits_inside_a_hash_or_identifier_are_not_a_phone_number():
    # The JSON bundle carries the document's SHA-256; "0214404176" inside it once read as a Bangkok number.
    lines = ['"sha256":"0214404176f9e992d92be4d7f0f8ca"', "ref a0812345678b", "โทร 02 356 9910"]
    assert [(hit.kind, hit.line) for hit in find_personal_data(lines)] == [("phone", 3)]
