"""Property-based tests of the extraction library (hypothesis): ``extract_document`` on generated input —
tab-separated tables of Thai text, numbers in Thai, Arabic and Arabic-Indic digits, HTML in cells, windows of
the real seeds with cells replaced and every profile forced on them, and random bytes. Whatever comes in,
the library either returns a result or raises its own ``ExtractionError``: never anything else.

The example counts (``settings(max_examples=...)``) add up to 4,200 inputs and keep the file near a minute."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ckanext.kpi.extraction.model import ExtractionResult
from ckanext.kpi.extraction.pipeline import extract_document
from ckanext.kpi.extraction.profiles import PROFILES
from ckanext.kpi.extraction.reading import ExtractionError
from ckanext.kpi.extraction.thai import parse_value, thai_to_arabic_digits

SEEDS = Path(os.environ.get("KPI_SEEDS_DIR", Path(__file__).resolve().parents[2].parent / "shared" / "seeds"))
SMALL_SEEDS = ("000_a7de958303e1344d.txt", "001_f22d53a17e33890d.txt", "002_519d0143a7a27fde.txt",
               "004_7ca3ec07c9ca3b62.txt")
# Derandomized: the same inputs on every run, so a failure in CI is reproduced by running the file again.
PROPERTY_SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True,
                             database=None)


def examples(count: int) -> settings:
    return settings(PROPERTY_SETTINGS, max_examples=count)
STATUSES = {"complete", "unknown_family"}

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
THAI_LETTERS = "กขคงจฉชซญดตถทนบปผพฟมยรลวศษสหอฮะาิีึืุูเแโใไ่้๊๋็์ํ"
THAI_WORDS = ("ตัวชี้วัด", "ร้อยละ", "เป้าหมาย", "ผลการดำเนินงาน", "ปีงบประมาณ", "พ.ศ.", "ไตรมาส", "ล้านบาท",
              "ไม่น้อยกว่า", "ระดับ", "โครงการ", "ใบรับรอง", "คะแนน", "งบประมาณ", "กิจกรรมที่")
HOSTILE_CELLS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)",
                 "<a href=\"javascript:alert(1)\">ลิงก์</a>", "&lt;b&gt;", "<b>ตัวหนา</b>", "<!-- x -->",
                 "\" onmouseover=\"alert(1)", "</td></tr><tr><td>", "<ol><li>หนึ่ง</li></ol>")


def digits_in(alphabet: str) -> st.SearchStrategy[str]:
    return st.text(alphabet=alphabet, min_size=1, max_size=7)


def numbers() -> st.SearchStrategy[str]:
    """A number as agency documents write it: any digit system, thousands separators, decimals, percent,
    parentheses, a sign or a range."""
    digits = st.one_of(digits_in("0123456789"), digits_in(THAI_DIGITS), digits_in(ARABIC_INDIC_DIGITS))
    decorated = st.tuples(
        st.sampled_from(("", "-", "(", "+", "≥ ", "ไม่น้อยกว่า ")),
        digits,
        st.sampled_from(("", ",000", ".5", ".๒๕", "/", " - ")),
        st.sampled_from(("", "%", " ร้อยละ", " ล้านบาท", ")", " คะแนน")),
    )
    return decorated.map("".join)


def cell_texts() -> st.SearchStrategy[str]:
    return st.one_of(
        numbers(),
        st.sampled_from(THAI_WORDS),
        st.sampled_from(HOSTILE_CELLS),
        st.text(alphabet=THAI_LETTERS + " 0123456789.-", max_size=30),
        # Any printable character; control characters make a file binary, which test_random_bytes covers.
        st.text(alphabet=st.characters(exclude_categories=("Cc", "Cs")), max_size=20),
    )


def tables() -> st.SearchStrategy[str]:
    """A tab-separated table (ragged rows allowed), with text above and below, as the seeds have."""
    row = st.lists(cell_texts(), min_size=1, max_size=9).map("\t".join)
    return st.tuples(
        st.sampled_from(("", "ตัวชี้วัดตามยุทธศาสตร์ ประจำปีงบประมาณ พ.ศ. ๒๕๖๕\n", "รายงานผลการดำเนินงาน\n\n")),
        st.lists(row, min_size=1, max_size=25).map("\n".join),
        st.sampled_from(("", "\n\nหมายเหตุ: ข้อมูล ณ วันที่ ๓๐ กันยายน ๒๕๖๕\n", "\n\f\n")),
    ).map("".join)


@cache
def seed_lines(name: str) -> tuple[str, ...]:
    path = SEEDS / name
    if not path.is_file():
        pytest.fail(f"seed {path} not found: put shared/ beside the repository")
    return tuple(path.read_text(encoding="utf-8").splitlines())


@st.composite
def seed_windows(draw: st.DrawFn) -> str:
    """Up to 60 consecutive lines of a real seed, with some cells replaced by generated ones."""
    lines = seed_lines(draw(st.sampled_from(SMALL_SEEDS)))
    start = draw(st.integers(0, len(lines) - 1))
    window = [line.split("\t") for line in lines[start : start + draw(st.integers(1, 60))]]
    for _ in range(draw(st.integers(0, 12))):
        cells = window[draw(st.integers(0, len(window) - 1))]
        cells[draw(st.integers(0, len(cells) - 1))] = draw(cell_texts())
    return "\n".join("\t".join(cells) for cells in window)


@contextmanager
def written(data: bytes, name: str = "generated.txt") -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="kpi-prop-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        yield path


def extract_or_refuse(data: bytes, profile: str | None = None) -> ExtractionResult | None:
    """The result, or None when the library refused the input with its own error type."""
    with written(data) as path:
        try:
            result, _document = extract_document(path, profile=profile)
        except ExtractionError as error:
            assert error.message  # the refusal says why
            return None
    assert result.status in STATUSES
    assert all(row.document_id == result.document_id for rows in result.tables.values() for row in rows)
    return result


@examples(1500)
@given(tables())
def test_generated_tables_are_extracted(text: str) -> None:
    data = text.encode("utf-8")
    result = extract_or_refuse(data)
    # Printable UTF-8 text is refused only when it is empty.
    assert (result is None) == (not data.strip())
    if result is None:
        return
    assert result.metadata["line_count"] == len(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


@examples(1000)
@given(seed_windows(), st.sampled_from(sorted(PROFILES)))
def test_every_profile_survives_damaged_seed_text(text: str, profile: str) -> None:
    result = extract_or_refuse(text.encode("utf-8"), profile=profile)
    # A forced profile refuses text it cannot read (ExtractionError); what it reads is its own.
    assert result is None or result.profile == profile


@examples(1000)
@given(st.binary(max_size=4096))
def test_random_bytes_are_extracted_or_refused(data: bytes) -> None:
    result = extract_or_refuse(data)
    if result is None:
        return
    assert data.strip(), "empty input must be refused"
    assert b"\x00" not in data, "a NUL byte means binary input and must be refused"


@examples(700)
@given(numbers())
def test_numbers_in_every_digit_system_parse_without_error(text: str) -> None:
    parsed = parse_value(text)
    thai_form = text.translate(str.maketrans("0123456789", THAI_DIGITS))
    # Thai digits mean the same as Arabic ones: the two spellings parse to the same number.
    assert parse_value(thai_form).value_num == parsed.value_num
    assert thai_to_arabic_digits(thai_form) == thai_to_arabic_digits(text)
