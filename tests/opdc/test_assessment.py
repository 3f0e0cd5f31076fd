"""The assessment as pure functions: every score band and partial step, and the evidence of each criterion,
from facts built by hand (no database)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from ckanext.kpi.opdc import assessment
from ckanext.kpi.opdc.facts import DatasetFacts, OrganizationFacts, ResourceFacts

GOVERNMENT = "ด้านการบริหารจัดการภาครัฐ"
ISSUE = "การขับเคลื่อน e-Service ภาครัฐ"
CATALOG = "https://catalog.git.or.th"
CSV = ResourceFacts("r-csv", "หลักสูตร.csv", "CSV", 3, True)
XLS = ResourceFacts("r-xls", "ราคาสินค้า.xls", "XLS", 2, False)


def dataset(name: str, **changes: Any) -> DatasetFacts:
    """A published, public, complete dataset in the public category, related to an issue, in CSV."""
    base = DatasetFacts(
        id=f"id-{name}", name=name, title=name, type="dataset", private=False, draft=False,
        focus_area=GOVERNMENT, issue=ISSUE, public_category=True, missing_items=(), missing_labels=(),
        data_resources=(CSV,),
    )
    return replace(base, **changes)


def organization(catalog_url: str = CATALOG) -> OrganizationFacts:
    return OrganizationFacts("org-id", "git", "GIT", catalog_url)


def unrelated(name: str, **changes: Any) -> DatasetFacts:
    return dataset(name, focus_area="", issue="", **changes)


def incomplete(name: str, **changes: Any) -> DatasetFacts:
    return dataset(name, missing_items=("objective", "data_source"),
                   missing_labels=("Objective", "Data source"), **changes)


def used(name: str, **changes: Any) -> DatasetFacts:
    return dataset(name, used_in_url="https://dashboard.git.or.th/courses", used_in_title="Dashboard",
                   **changes)


def outcome(result: assessment.Assessment) -> dict[str, Any]:
    return {
        "score": result.score,
        "met": {r.criterion.key: r.met for r in result.results},
        "counted": result.counted,
        "target": result.target_reached,
    }


def reasons_of(result: assessment.Assessment, key: str) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    """{dataset name: [(reason code, params)]} of the criterion's failures."""
    criterion = next(r for r in result.results if r.criterion.key == key)
    return {f.dataset.name: [(r.code, r.params) for r in f.reasons] for f in criterion.failing}


# Each band: (datasets, catalog URL, score, met criteria in order focus/metadata/url/open/use, target).
BANDS = {
    "below 50: nothing related to a Focus Area issue": (
        [unrelated("a"), used("b", focus_area="")], CATALOG, 0, (0, 0, 1, 1, 0), None),
    "50: the base only": (
        [incomplete("a", data_resources=(XLS,))], "", 50, (1, 0, 0, 0, 0), "minimum"),
    "60: base and catalog URL": (
        [incomplete("a", data_resources=(XLS,))], CATALOG, 60, (1, 0, 1, 0, 0), "minimum"),
    "65: base and 14 items": (
        [dataset("a", data_resources=(XLS,))], "", 65, (1, 1, 0, 0, 0), "minimum"),
    "70: base and open data, the related dataset incomplete but not public category": (
        [incomplete("a", public_category=False, private=True), unrelated("b")], "", 70, (1, 0, 0, 1, 0),
        "minimum"),
    "75: the standard target": (
        [dataset("a", data_resources=(XLS,))], CATALOG, 75, (1, 1, 1, 0, 0), "standard"),
    "80: standard and tangible use": (
        [used("a", data_resources=(XLS,))], CATALOG, 80, (1, 1, 1, 0, 1), "standard"),
    "95: standard and open data": (
        [dataset("a")], CATALOG, 95, (1, 1, 1, 1, 0), "standard"),
    "100: the advanced target": (
        [used("a"), unrelated("b")], CATALOG, 100, (1, 1, 1, 1, 1), "advanced"),
    "75 without the standard target: base, open data and use": (
        [used("a", missing_items=("objective",), missing_labels=("Objective",),
              public_category=False, private=True),
         used("b", focus_area="", issue=""), used("c", private=False, public_category=True,
                                                   missing_items=(), data_resources=(CSV,))],
        "", 75, (1, 0, 0, 1, 1), "minimum"),
}


@pytest.mark.parametrize("band", list(BANDS))
def test_score_bands(band):
    datasets, url, score, met, target = BANDS[band]
    result = assessment.assess(organization(url), datasets)
    keys = ["focus_datasets", "metadata", "catalog_url", "open_data", "tangible_use"]
    assert outcome(result) == {
        "score": score,
        "met": dict(zip(keys, map(bool, met), strict=True)),
        "counted": {k: bool(m) and bool(met[0]) for k, m in zip(keys, met, strict=True)},
        "target": target,
    }


def test_below_50_nothing_counts_even_when_met():
    result = assessment.assess(organization(), [unrelated("a")])
    assert result.score == 0
    assert [r.met for r in result.results] == [False, False, True, True, False]
    assert not any(result.counted.values())
    assert result.results[0].summary.code == "no_focus_dataset"
    assert result.results[1].summary.code == "no_focus_dataset"  # nothing to assess the 14 items on


def test_base_evidence_names_partly_related_datasets_and_drafts():
    datasets = [
        dataset("counted"),
        dataset("no-issue", issue=""),
        dataset("no-area", focus_area=""),
        dataset("legacy-area", focus_area="ด้านอวกาศ"),
        dataset("draft", draft=True),
        unrelated("other"),
    ]
    result = assessment.assess(organization(), datasets)
    base = result.results[0]
    assert [d.name for d in base.passing] == ["counted"]
    assert (base.summary.code, base.summary.params) == ("focus_datasets_found", {"datasets": 1, "issues": 1})
    assert reasons_of(result, "focus_datasets") == {
        "no-issue": [("no_issue", {"focus_area": GOVERNMENT})],
        "no-area": [("no_focus_area", {"issue": ISSUE})],
        "legacy-area": [("unknown_focus_area", {"value": "ด้านอวกาศ"})],
        "draft": [("draft", {})],
    }


def test_drafts_never_count():
    result = assessment.assess(organization(), [used("draft", draft=True)])
    assert result.score == 0
    assert reasons_of(result, "tangible_use") == {"draft": [("draft", {})]}
    assert result.results[3].summary.code == "no_open_dataset"


def test_metadata_evidence_names_the_missing_items_of_related_datasets_only():
    datasets = [dataset("complete"), incomplete("incomplete"),
                incomplete("unrelated", focus_area="", issue="")]
    result = assessment.assess(organization(), datasets)
    assert reasons_of(result, "metadata") == {
        "incomplete": [("missing_items", {"items": ["Objective", "Data source"]})]
    }
    metadata = result.results[1]
    assert metadata.summary == assessment.Reason("metadata_complete", {"complete": 1, "total": 2})
    assert result.score == 60  # base + URL; one incomplete related dataset loses the 15


def test_open_data_evidence_names_source_formats_and_private_datasets():
    pdf = ResourceFacts("r-pdf", "รายงาน.pdf", "PDF", 1, False)
    datasets = [
        dataset("good"),
        incomplete("no-source", data_resources=(CSV, XLS, pdf)),
        dataset("private", private=True),
        dataset("empty", data_resources=()),
        dataset("personal", public_category=False, private=True, data_resources=(pdf,)),
    ]
    result = assessment.assess(organization(), datasets)
    assert reasons_of(result, "open_data") == {
        "no-source": [
            ("missing_items", {"items": ["Objective"]}),
            ("missing_source", {}),
            ("not_open_format", {"resource": "ราคาสินค้า.xls", "format": "XLS", "score": 2}),
            ("not_open_format", {"resource": "รายงาน.pdf", "format": "PDF", "score": 1}),
        ],
        "private": [("not_published", {})],
        "empty": [("no_data_resource", {})],
    }
    open_data = result.results[3]
    assert [d.name for d in open_data.passing] == ["good"]
    assert open_data.summary.params == {"passing": 1, "total": 4}


def test_a_spreadsheet_with_an_open_copy_is_reachable_in_an_open_format():
    copied = replace(XLS, covered=True)
    result = assessment.assess(organization(), [dataset("a", data_resources=(copied,))])
    assert result.results[3].met


def test_tangible_use_evidence_names_links_that_do_not_count():
    datasets = [
        used("personal", public_category=False, private=True),
        used("private", private=True),
        used("unrelated", focus_area="", issue=""),
        dataset("open-without-link"),
    ]
    result = assessment.assess(organization(), datasets)
    assert result.results[4].met is False
    assert result.results[4].summary.code == "no_tangible_use"
    assert reasons_of(result, "tangible_use") == {
        "personal": [("not_public_category", {})],
        "private": [("not_published", {})],
        "unrelated": [("not_focus_dataset", {})],
    }


@pytest.mark.parametrize(
    ("url", "code", "met"),
    [
        ("", "no_catalog_url", False),
        ("catalog.git.or.th", "invalid_catalog_url", False),
        ("javascript:alert(1)", "invalid_catalog_url", False),
        ("https://catalog.git.or.th/dataset", "catalog_url_reported", True),
    ],
)
def test_catalog_url(url, code, met):
    result = assessment.assess_catalog_url(organization(url))
    assert (result.summary.code, result.met) == (code, met)


def test_issues_are_grouped_by_focus_area_in_opdc_order():
    datasets = [
        dataset("b", focus_area="ด้านการศึกษา", issue="หลักสูตรออนไลน์"),
        dataset("a"),
        dataset("c", issue="ห้องสมุดออนไลน์"),
        dataset("draft", draft=True, focus_area="ด้านการเกษตร"),
    ]
    groups = assessment.focus_issues(datasets)
    assert [(g["focus_area"], [(i["issue"], [d.name for d in i["datasets"]]) for i in g["issues"]])
            for g in groups] == [
        ("ด้านการศึกษา", [("หลักสูตรออนไลน์", ["b"])]),
        (GOVERNMENT, [(ISSUE, ["a"]), ("ห้องสมุดออนไลน์", ["c"])]),
    ]


def test_the_nine_focus_areas_are_seed_001s():
    assert assessment.focus_areas() == (
        "ด้านเศรษฐกิจ อุตสาหกรรม SME",
        "ด้านการเกษตร",
        "ด้านท่องเที่ยว",
        "ด้านการมีรายได้และการมีงานทำ",
        "ด้านความเหลื่อมล้ำทางสิทธิสวัสดิการประชาชน",
        "ด้านสุขภาพและการสาธารณสุข",
        "ด้านการศึกษา",
        "ด้านสิ่งแวดล้อม",
        "ด้านการบริหารจัดการภาครัฐ",
    )


def test_the_focus_area_values_are_verbatim_from_seed_001(seeds_dir):
    lines = (seeds_dir / "001_f22d53a17e33890d.txt").read_text(encoding="utf-8").splitlines()[378:387]
    assert [line.split(") ", 1)[1].strip() for line in lines] == list(assessment.focus_areas())
