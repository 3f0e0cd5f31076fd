"""Profiles are chosen by content, not by file name; a manual override wins; unknown families keep stage 1."""

from __future__ import annotations

import shutil

import pytest

from ckanext.kpi.extraction.pipeline import extract_document
from ckanext.kpi.extraction.profiles import MIN_SCORE, PROFILES, choose_profile, profile_scores
from ckanext.kpi.extraction.reading import ExtractionError

from ..helpers import rows_where


@pytest.mark.parametrize(
    ("prefix", "profile"),
    [
        ("000", "git_plan"),
        ("001", "opdc_assessment"),
        ("002", "dip_diagram"),
        ("003", "mdes_report"),
        ("004", "pmqa_guide"),
    ],
)
def test_each_seed_is_recognised_by_its_content(seed_document, prefix, profile):
    document = seed_document(prefix)
    assert choose_profile(document).name == profile
    scores = profile_scores(document)
    assert scores[profile] >= MIN_SCORE
    assert all(score < MIN_SCORE for name, score in scores.items() if name != profile)


def test_file_name_does_not_matter(seed_path, tmp_path):
    renamed = tmp_path / "report.txt"
    shutil.copy(seed_path("004"), renamed)
    result, _ = extract_document(renamed)
    assert (result.profile, result.document_id) == ("pmqa_guide", "report")


UNKNOWN_FAMILY_TEXT = "# รายงานการประชุม\n\nวาระที่\tเรื่อง\n๑\tรับรองรายงานการประชุมครั้งที่แล้ว\n"


def test_unknown_families_keep_their_structure(tmp_path):
    path = tmp_path / "minutes.txt"
    path.write_text(UNKNOWN_FAMILY_TEXT, encoding="utf-8")
    result, document = extract_document(path)
    assert (result.status, result.profile) == ("unknown_family", None)
    assert rows_where(result.findings, rule="unknown_family")
    assert not result.tables["indicators"] and not result.tables["observations"]
    assert document.grids  # stage 1 still ran


def test_manual_override_is_used(seed_path):
    result, _ = extract_document(seed_path("000"), profile="git_plan")
    assert result.metadata["profile_chosen_by"] == "override"


def test_override_that_does_not_fit_fails_with_a_clear_message(seed_path):
    with pytest.raises(ExtractionError, match="no KPI summary table"):
        extract_document(seed_path("000"), profile="opdc_assessment")


def test_unknown_override_name(seed_document):
    with pytest.raises(ExtractionError, match="unknown profile 'nope'"):
        choose_profile(seed_document("000"), "nope")


def test_registry_lists_the_families():
    assert sorted(PROFILES) == ["dip_diagram", "git_plan", "mdes_report", "opdc_assessment", "pmqa_guide"]
