"""The five seeds as DOCX, ODT (and PDF, where its fixture exists) give the tidy tables of the text path.

The fixtures are ``ckanext/kpi/examples/documents/<seed file stem>.<format>``: the DOCX files come from
``tools/fixtures/make_docx.py`` (real Word tables, merges, heading styles, lists), the ODT files from
LibreOffice converting those (``tools/fixtures/make_odt.py``: another tool's styles, lists and covered
cells), the PDF files from the PDF reader's own generator. Only location columns may differ between
formats: ``source_line`` and ``source_lines`` point into each format's own text layout, ``source_ref``
exists only for non-text formats, and a few ids and section labels embed a line number
(``S5-line9518``, ``scoring_table@177``).

Because every non-location field of every row is compared, each value assertion of the seed tests
(tests/extraction/profiles) holds on a format whose tables equal the text path's; the assertions below
repeat the headline values per format so that a failure names the fact, not just the row.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from ckanext.kpi.extraction.model import ExtractionResult, row_dict
from ckanext.kpi.extraction.pipeline import extract_document

from .helpers import SEED_PREFIXES, one_row, rows_where

FIXTURE_DIR = Path(__file__).resolve().parents[2] / "ckanext" / "kpi" / "examples" / "documents"
# The formats the seeds are tested in. 'pdf' runs for the seeds whose PDF fixture exists.
FORMATS = ("txt", "docx", "odt", "pdf")
COMPARED_TABLES = ("indicators", "observations", "budget", "projects", "activities", "plan_elements")
LOCATION_COLUMNS = frozenset(
    {"source_line", "source_lines", "source_ref", "detail_source_line", "document_id"}
)
_LINE_IN_ID_RE = re.compile(r"(line|@)\d+")


def fixture_path(seeds_dir: Path, prefix: str, fmt: str) -> Path | None:
    seed = next(iter(sorted(seeds_dir.glob(f"{prefix}_*.txt"))), None)
    if seed is None:
        pytest.fail(f"seed {prefix}_*.txt not found in {seeds_dir}")
    if fmt == "txt":
        return seed
    path = FIXTURE_DIR / f"{seed.stem}.{fmt}"
    return path if path.is_file() else None


def _cases() -> list[tuple[str, str]]:
    seeds = Path(os.environ.get("KPI_SEEDS_DIR", FIXTURE_DIR.parents[3].parent / "shared" / "seeds"))
    cases = []
    for fmt in FORMATS:
        for prefix in SEED_PREFIXES:
            if fmt == "txt" or (seeds.is_dir() and fixture_path(seeds, prefix, fmt)):
                cases.append((fmt, prefix))
    return cases


CASES = _cases()
NON_TEXT_CASES = [case for case in CASES if case[0] != "txt"]
# DOCX and ODT must equal the text path row for row and value for value. A PDF's target is >= 95 % of the
# observation and budget rows, measured with the comparison of tests/extraction/pdf_parity.py (which knows
# that a PDF line break cannot show whether the author typed a space) in test_pdf_reader.py; every
# difference is listed in docs/pdf-parity.md. The headline tests of 000 and 001 hold on PDF too; those of
# 002, 003 and 004 leave PDF out (their PDF differences are in that report).
EXACT_CASES = [case for case in CASES if case[0] != "pdf"]


@pytest.fixture(scope="session")
def extracted_as(seeds_dir: Path) -> Callable[[str, str], ExtractionResult]:
    """``extracted_as("docx", "003")``: the extraction result of a seed's fixture in that format."""

    @cache
    def extract(fmt: str, prefix: str) -> ExtractionResult:
        path = fixture_path(seeds_dir, prefix, fmt)
        assert path is not None, f"no {fmt} fixture of seed {prefix} in {FIXTURE_DIR}"
        return extract_document(path)[0]

    return extract


def comparable(result: ExtractionResult, table: str) -> list[dict[str, str]]:
    """The rows without their location columns; line numbers inside ids and labels blanked."""
    return [
        {
            name: _LINE_IN_ID_RE.sub(r"\1#", value)
            for name, value in row_dict(row).items()
            if name not in LOCATION_COLUMNS
        }
        for row in result.tables[table]
    ]


@pytest.mark.parametrize(("fmt", "prefix"), [case for case in EXACT_CASES if case[0] != "txt"])
def test_tidy_tables_equal_the_text_path(fmt, prefix, extracted_as):
    text, other = extracted_as("txt", prefix), extracted_as(fmt, prefix)
    assert (other.status, other.profile) == (text.status, text.profile)
    for table in COMPARED_TABLES:
        expected, actual = comparable(text, table), comparable(other, table)
        assert len(actual) == len(expected), table
        differences = [(n, e, a) for n, (e, a) in enumerate(zip(expected, actual, strict=True)) if e != a]
        assert not differences, f"{table}: first difference {differences[0]}"


@pytest.mark.parametrize(("fmt", "prefix"), NON_TEXT_CASES)
def test_every_row_says_where_it_is_in_the_original(fmt, prefix, extracted_as, seeds_dir):
    result = extracted_as(fmt, prefix)
    assert result.metadata["source_format"] == fmt
    for table in COMPARED_TABLES:
        for row in result.tables[table]:
            assert row.source_ref, f"{table} row at line {row.source_line} has no source_ref"
    # The cited line of the rendered text holds the value as printed.
    path = fixture_path(seeds_dir, prefix, fmt)
    _result, document = extract_document(path)
    for observation in result.tables["observations"][:200]:
        lines = [int(n) for n in (observation.source_lines or str(observation.source_line)).split(";")]
        cited = " ".join(document.source.line(n) for n in lines)
        first_word = (
            observation.value_text_original.split()[0] if observation.value_text_original.split() else ""
        )
        assert first_word in cited, (observation.source_ref, observation.value_text_original)


@pytest.mark.parametrize("fmt", [fmt for fmt, prefix in CASES if prefix == "000"])
def test_000_budget_and_subtotal_finding_in_every_format(fmt, extracted_as):
    plan = extracted_as(fmt, "000")
    line = one_row(plan.tables["budget"], owner_code="STR111_1/65", role="allocated")
    assert (line.amount_thb, line.fund_source, line.amount_text_original, line.fiscal_year_be) == (
        Decimal("12150000"),
        "gov_budget",
        "12.1500",
        2565,
    )
    finding = one_row(plan.findings, rule="subtotal_mismatch")
    assert (finding.owner_code, finding.stated_value, finding.computed_value) == ("1.1", "18.7580", "18.7588")
    assert len(plan.tables["projects"]) == 33
    # The two-row header (000:7-8) is a merged group over งปม./เงินนอก: the fund comes from the sub column.
    assert {row.fund_source for row in plan.tables["budget"] if row.owner_type == "project"} >= {
        "gov_budget",
        "off_budget",
    }


@pytest.mark.parametrize("fmt", [fmt for fmt, prefix in CASES if prefix == "001"])
def test_001_indicators_and_weights_in_every_format(fmt, extracted_as):
    form = extracted_as(fmt, "001")
    assert form.profile == "opdc_assessment"
    assert len(form.tables["indicators"]) == 13
    weights = [row.weight_pct for row in form.tables["indicators"] if row.weight_pct is not None]
    assert weights and all(isinstance(weight, Decimal) for weight in weights)
    # 1.1-1.4 and 2.1-2.2 carry the weights of the summary table (001:81-132).
    assert sum(weights) > 0


@pytest.mark.parametrize("fmt", [fmt for fmt, prefix in EXACT_CASES if prefix == "003"])
def test_003_counts_and_progress_in_every_format(fmt, extracted_as):
    report = extracted_as(fmt, "003")
    assert report.profile == "mdes_report"
    counts = {table: len(report.tables[table]) for table in COMPARED_TABLES}
    assert counts == {
        # The family profile reads 361 and 864; the generic reader adds one of each from a table the
        # profile leaves unread (003:3755).
        "indicators": 362,
        "observations": 865,
        "budget": 355,
        "projects": 137,
        "activities": 1205,
        "plan_elements": 10,
    }
    assert rows_where(report.tables["budget"], plausibility="magnitude_suspect")


@pytest.mark.parametrize("fmt", [fmt for fmt, prefix in EXACT_CASES if prefix == "004"])
def test_004_pmqa_indicators_in_every_format(fmt, extracted_as):
    guide = extracted_as(fmt, "004")
    assert guide.profile == "pmqa_guide"
    assert len(guide.tables["indicators"]) == 95
    assert len(guide.tables["plan_elements"]) == 61


@pytest.mark.parametrize("fmt", [fmt for fmt, prefix in EXACT_CASES if prefix == "002"])
def test_002_dip_weights_in_every_format(fmt, extracted_as):
    diagram = extracted_as(fmt, "002")
    assert diagram.profile == "dip_diagram"
    assert len(diagram.tables["indicators"]) == 25
    assert len(diagram.tables["projects"]) == 7
    assert not rows_where(diagram.findings, rule="weights_sum")
