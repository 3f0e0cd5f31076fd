"""Bad input is refused with a message naming the file (and the line where it is known)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ckanext.kpi.extraction.reading import ExtractionError, read_source

THAI_TEXT = "หลักเกณฑ์ตัวชี้วัดตามยุทธศาสตร์ประจำปีงบประมาณ ๒๕๖๕\nรหัส\tชื่อโครงการ\n"


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_empty_file(tmp_path):
    path = _write(tmp_path, "empty.txt", b"")
    with pytest.raises(ExtractionError) as error:
        read_source(path)
    assert str(error.value) == f"{path}: empty file"


def test_whitespace_only_file(tmp_path):
    with pytest.raises(ExtractionError, match="whitespace only"):
        read_source(_write(tmp_path, "blank.txt", b" \n\t\n"))


def test_binary_file_names_the_line_of_the_nul_byte(tmp_path):
    path = _write(tmp_path, "image.txt", b"line one\nline two\n\x89PNG\x00\x00")
    with pytest.raises(ExtractionError) as error:
        read_source(path)
    assert error.value.line == 3
    assert str(error.value).startswith(f"{path}:3: binary data")


def test_legacy_thai_encoding_is_recognised(tmp_path):
    path = _write(tmp_path, "tis620.txt", THAI_TEXT.encode("cp874"))
    with pytest.raises(ExtractionError) as error:
        read_source(path)
    message = str(error.value)
    assert "TIS-620/cp874" in message and "--encoding cp874" in message
    assert message.startswith(f"{path}:1:")


def test_legacy_thai_encoding_can_be_read_on_request(tmp_path):
    source = read_source(_write(tmp_path, "tis620.txt", THAI_TEXT.encode("tis-620")), encoding="cp874")
    assert source.line(1) == "หลักเกณฑ์ตัวชี้วัดตามยุทธศาสตร์ประจำปีงบประมาณ ๒๕๖๕"
    assert source.encoding == "cp874"


def test_other_invalid_utf8(tmp_path):
    with pytest.raises(ExtractionError, match="not UTF-8"):
        read_source(_write(tmp_path, "latin.txt", "ok\ncafé ß\n".encode("latin-1")))


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(ExtractionError, match="no such file"):
        read_source(tmp_path / "missing.txt")
    with pytest.raises(ExtractionError, match="not a regular file"):
        read_source(tmp_path)


def test_crlf_and_bom_do_not_shift_lines(tmp_path):
    source = read_source(_write(tmp_path, "crlf.txt", "\ufeffบรรทัด 1\r\nบรรทัด 2\r\n".encode()))
    assert source.lines[:2] == ("บรรทัด 1", "บรรทัด 2")


def test_seed_lines_match_the_file(seed_path):
    source = read_source(seed_path("000"))
    assert source.line(11).startswith("STR111_1/65\t")
    assert len(source.sha256) == 64
