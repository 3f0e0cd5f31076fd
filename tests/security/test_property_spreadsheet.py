"""Property-based tests of the spreadsheet harvester's parsing (hypothesis): generated CSV and XLSX files
through ``read_sheets``, random bytes under every table suffix, and generated KPI-template and NSO-template
sheets through the functions ``kpi_table`` and ``ckan kpi load`` call. The reader returns sheets or raises
``ExtractionError``; the template readers turn every data row into a result or a reported issue.

2,400 generated inputs in all (``examples(...)`` below)."""

from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pandas.io.parsers.readers import STR_NA_VALUES

from ckanext.kpi.extraction.reading import ExtractionError
from ckanext.kpi.harvesters.kpi_template import extract_kpi_template
from ckanext.kpi.harvesters.nso_template import META_PREFIX, read_nso_template
from ckanext.kpi.harvesters.spreadsheets import TABLE_SUFFIXES, Sheet, read_sheets
from tests.support.fixtures import xlsx_bytes

# Derandomized: the same inputs on every run, so a failure in CI is reproduced by running the file again.
PROPERTY_SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True,
                             database=None)

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
# Characters a spreadsheet cell may hold (openpyxl refuses control characters, as Excel does).
CELL_ALPHABET = st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp"))
HOSTILE_CELLS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)",
                 "=HYPERLINK(\"javascript:alert(1)\")", "\"quoted, with comma\"", "line\nbreak")
VALUE_ROLES = ("target", "actual", "เป้าหมาย", "ผล", "baseline", "unknown-role", "")


def examples(count: int) -> settings:
    return settings(PROPERTY_SETTINGS, max_examples=count)


def cells() -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(alphabet=CELL_ALPHABET, max_size=25),
        st.text(alphabet="0123456789" + THAI_DIGITS + ".,-% ", min_size=1, max_size=10),
        st.sampled_from(HOSTILE_CELLS),
    )


def grids(min_rows: int = 1) -> st.SearchStrategy[list[list[str]]]:
    """A rectangular grid whose every row has a visible cell (a CSV reader skips blank lines)."""
    return st.integers(1, 6).flatmap(
        lambda width: st.lists(
            st.lists(cells(), min_size=width, max_size=width).filter(lambda row: any(c.strip() for c in row)),
            min_size=min_rows, max_size=12,
        )
    )


def csv_bytes(grid: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(grid)
    return out.getvalue().encode("utf-8")


def stripped(grid: list[list[str]]) -> list[list[str]]:
    return [[cell.strip() for cell in row] for row in grid]


def as_stored_in_xlsx(grid: list[list[str]]) -> list[list[str]]:
    """What reading gives back: openpyxl stores "=…" as a formula without a computed value, which reads as
    an empty cell; a harvest sees the values a spreadsheet program computed, never formula text."""
    return [["" if len(cell) > 1 and cell.startswith("=") else cell.strip() for cell in row] for row in grid]


def seen_through(sheet: Sheet, grid: list[list[str]]) -> list[list[str]]:
    """The sheet's cells at the grid's positions, as the template readers see them (``Sheet.cell``: a
    workbook stores no trailing empty cells)."""
    return [[sheet.cell(r, c) for c in range(len(row))] for r, row in enumerate(grid)]


@examples(500)
@given(grids())
def test_generated_csv_reads_back_cell_for_cell(grid: list[list[str]]) -> None:
    sheets = read_sheets(csv_bytes(grid), "generated.csv")
    assert [sheet.name for sheet in sheets] == ["generated"]
    assert sheets[0].rows == stripped(grid)


SHEET_NAMES = st.text(alphabet=st.characters(exclude_characters="[]:*?/\\'", exclude_categories=("Cc", "Cs")),
                      min_size=1, max_size=31).filter(lambda name: name.strip() == name and name)


def without_na_spellings(grid: list[list[str]]) -> list[list[str]]:
    """The grid with pandas' missing-value spellings ("N/A", "None" …) blanked out: a workbook loses them
    (test_xlsx_keeps_not_applicable_cells below)."""
    return [["" if cell.strip() in STR_NA_VALUES else cell for cell in row] for row in grid]


def with_header(grid: list[list[str]]) -> list[list[str]]:
    """A header row of words over the grid, as every template has. (pandas types a header-less column of
    number-like text, "00" → "0": see docs/security.md.)"""
    return [[f"column_{index}" for index in range(len(grid[0]))], *grid]


XLSX_WORKBOOKS = st.dictionaries(
    SHEET_NAMES, grids().map(without_na_spellings).map(with_header), min_size=1, max_size=3
)


@examples(200)
@given(XLSX_WORKBOOKS)
def test_generated_xlsx_reads_back_sheet_for_sheet(workbook: dict[str, list[list[str]]]) -> None:
    sheets = {sheet.name: sheet for sheet in read_sheets(xlsx_bytes(workbook), "generated.xlsx")}
    assert sheets.keys() == workbook.keys()
    assert {name: seen_through(sheets[name], grid) for name, grid in workbook.items()} == {
        name: as_stored_in_xlsx(grid) for name, grid in workbook.items()
    }
    # Nothing beyond the written rows (trailing rows that read empty are not kept).
    assert all(len(sheets[name].rows) <= len(grid) for name, grid in workbook.items())


def test_xlsx_keeps_not_applicable_cells() -> None:
    """N/A (not applicable) and None are values in a KPI table; pandas' default turned them into blanks."""
    rows = [["indicator_id", "value"], ["1.1", "N/A"], ["1.2", "None"], ["1.3", "n/a"]]
    sheets = read_sheets(xlsx_bytes({"observations": rows}), "generated.xlsx")
    assert sheets[0].rows == rows


@examples(800)
@given(st.binary(max_size=2048), st.sampled_from(TABLE_SUFFIXES))
def test_random_bytes_are_read_or_refused(data: bytes, suffix: str) -> None:
    try:
        sheets = read_sheets(data, f"random{suffix}")
    except ExtractionError as error:
        assert error.path == f"random{suffix}"
        return
    assert all(isinstance(cell, str) for sheet in sheets for row in sheet.rows for cell in row)


def years() -> st.SearchStrategy[str]:
    valid = st.integers(2500, 2600).map(str)
    thai = valid.map(lambda year: year.translate(str.maketrans("0123456789", THAI_DIGITS)))
    return st.one_of(valid, thai, st.sampled_from(("65", "พ.ศ. 2565", "2022", "", "ปี", "๒๕๖x")))


@st.composite
def observation_rows(draw: st.DrawFn) -> list[str]:
    return [
        draw(st.sampled_from(("1", "1.1", "๑.๒", "2", ""))),
        draw(st.sampled_from(("ร้อยละความสำเร็จ", "<script>alert(1)</script>", ""))),
        draw(years()),
        draw(st.sampled_from(("", "1", "๔", "5", "Q2"))),
        draw(st.sampled_from(VALUE_ROLES)),
        draw(cells()),
        draw(st.sampled_from(("ร้อยละ", "ล้านบาท", "", "คน"))),
    ]


OBSERVATION_HEADER = ["indicator_id", "name", "fiscal_year_be", "quarter", "value_role", "value", "unit"]


@examples(600)
@given(st.lists(observation_rows(), max_size=15))
def test_every_kpi_template_row_is_read_or_reported(rows: list[list[str]]) -> None:
    sheet = Sheet("observations", [OBSERVATION_HEADER, *rows])
    result, issues = extract_kpi_template([sheet], "generated.csv", b"generated")
    data_rows = [row for row in rows if any(cell.strip() for cell in row)]
    assert len(result.tables["observations"]) + len(issues) == len(data_rows)
    assert all(issue.sheet == "observations" and issue.line >= 2 for issue in issues)


@examples(300)
@given(st.lists(st.lists(cells(), min_size=0, max_size=20), max_size=12), st.sampled_from(("Stat", "Record")))
def test_nso_template_rows_become_datasets(rows: list[list[str]], suffix: str) -> None:
    header = [["NSO"], [], [], ["name", "d_type", "title", "notes", "objective", "first_year_of_data"],
              ["example"]]
    sheet = Sheet(f"{META_PREFIX}{suffix}", [*header, *rows])
    datasets = read_nso_template([sheet], "generated.xlsx")
    assert len(datasets) == sum(1 for row in rows if any(cell.strip() for cell in row))
    assert all(dataset.dataset["type"] == "dataset" for dataset in datasets)
