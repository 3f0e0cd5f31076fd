"""Pytest fixtures and helpers for the DGA schema tests (tests/logic, tests/schemas, tests/views).

Each of those folders' conftest.py re-exports the fixtures (pytest runs with --import-mode=importlib, so
test folders cannot import one another)."""

from __future__ import annotations

import copy
import io
import json
import os
import re
from importlib import resources
from typing import Any

import pytest
from ckan import model
from ckan.lib import search
from ckan.tests import factories

from ckanext.kpi.logic.validators import BE_YEARS_AHEAD, EARLIEST_BE_YEAR, current_be_year


def environment_without_test_overrides(**extra: str) -> dict[str, str]:
    """This process's environment for a demo process (scripts/stack.sh serve-demo, topology): without the
    CKAN_* variables that point the tests at their own databases (CKAN applies them over any ini file), but
    with CKAN_VERSION, which chooses the CKAN the script runs (its virtual environment and databases)."""
    kept = {key: value for key, value in os.environ.items()
            if not key.startswith("CKAN_") or key == "CKAN_VERSION"}
    return {**kept, **extra}

EXAMPLES = resources.files("ckanext.kpi") / "examples" / "ckan"


def example(name: str) -> dict[str, Any]:
    """A fresh copy of an example document of ckanext/kpi/examples/ckan/."""
    return copy.deepcopy(json.loads((EXAMPLES / name).read_text(encoding="utf-8")))


def drop_stored_fields(dataset_id: str, *fields: str) -> None:
    """Make a dataset incomplete the way legacy thai_gdc data is (accessible_condition was optional there):
    straight in the database, since the schema refuses such a write; then reindex (pages read the index)."""
    package = model.Package.get(dataset_id)
    for field in fields:
        del package.extras[field]
    model.repo.commit_and_remove()
    search.rebuild(dataset_id)


@pytest.fixture
def sysadmin() -> dict[str, Any]:
    return factories.Sysadmin()


@pytest.fixture
def sysadmin_context(sysadmin) -> dict[str, Any]:
    return {"user": sysadmin["name"], "ignore_auth": False}


@pytest.fixture
def organization(sysadmin) -> dict[str, Any]:
    return factories.Organization(name="git", title="สถาบันวิจัยและพัฒนาอัญมณีและเครื่องประดับแห่งชาติ", user=sysadmin)


@pytest.fixture
def complete_dataset(organization) -> dict[str, Any]:
    """The complete `dataset`-type example (statistics), owned by the test organization; not yet created."""
    return {**example("dataset_complete.json"), "owner_org": organization["id"]}


@pytest.fixture
def complete_kpi(organization) -> dict[str, Any]:
    """The complete KPI example (a `dataset` with the KPI fields), owned by the test organization."""
    return {**example("kpi_complete.json"), "owner_org": organization["id"]}


# ---- the rules, shared by the API tests (tests/logic) and the web-form tests (tests/views) ----

# Each of the 14 items (and data_type) missing: (fields removed, error key, English label).
MISSING_ITEMS = [
    # (fields removed, error key, label)
    (("title",), "title", "Dataset name"),
    (("owner_org",), "owner_org", "Organization"),
    (("maintainer",), "maintainer", "Contact person"),
    (("maintainer_email",), "maintainer_email", "Contact e-mail"),
    (("tag_string",), "tag_string", "Tags"),
    (("notes",), "notes", "Description"),
    (("objective",), "objective", "Objective"),
    (
        ("update_frequency_unit", "update_frequency_interval"),
        "update_frequency_unit",
        "Update frequency unit",
    ),
    (("geo_coverage",), "geo_coverage", "Geographic coverage"),
    (("data_source",), "data_source", "Data source"),
    (("data_format",), "data_format", "Data format"),
    (("data_category",), "data_category", "Data category (data governance)"),
    (("license_id",), "license_id", "License"),
    (("accessible_condition",), "accessible_condition", "Access conditions"),
    (("data_type",), "data_type", "Data type"),
]

YEAR_RANGE = f"4 digits, {EARLIEST_BE_YEAR}–{current_be_year() + BE_YEARS_AHEAD}; B.E. = C.E. + 543"
# Each broken rule on the complete `dataset` example: (id, changes, the expected error dict).
BROKEN_RULES = [
    (
        "objective other",
        {"objective": ["อื่นๆ"]},
        {"objective_other": ['Other objective (specify): required because "อื่นๆ" is chosen for Objective.']},
    ),
    (
        "geo other",
        {"geo_coverage": "อื่นๆ"},
        {
            "geo_coverage_other": [
                'Other geographic coverage (specify): required because "อื่นๆ" is chosen for '
                "Geographic coverage."
            ]
        },
    ),
    (
        "format other",
        {"data_format": ["CSV", "อื่นๆ"]},
        {
            "data_format_other": [
                'Other data format (specify): required because "อื่นๆ" is chosen for Data format.'
            ]
        },
    ),
    (
        "license other",
        {"license_id": "อื่นๆ"},
        {"license_id_other": ['Other license (specify): required because "อื่นๆ" is chosen for License.']},
    ),
    (
        "frequency other",
        {"update_frequency_unit": "อื่นๆ"},
        {
            "update_frequency_unit_other": [
                'Other update frequency (specify): required because "อื่นๆ" is chosen '
                "for Update frequency unit."
            ]
        },
    ),
    (
        "data type other",
        {"data_type": "ข้อมูลประเภทอื่นๆ"},
        {
            "data_type_other": [
                'Other data type (specify): required because "ข้อมูลประเภทอื่นๆ" is chosen for ' "Data type."
            ]
        },
    ),
    (
        "interval zero",
        {"update_frequency_interval": "0"},
        {
            "update_frequency_interval": [
                'Update frequency interval: "0" is not a whole number from 1 to 999; one is '
                'needed when Update frequency unit is "ไตรมาส".'
            ]
        },
    ),
    (
        "interval missing",
        {"update_frequency_interval": ""},
        {
            "update_frequency_interval": [
                'Update frequency interval: "" is not a whole number from 1 to 999; one is '
                'needed when Update frequency unit is "ไตรมาส".'
            ]
        },
    ),
    (
        "interval fraction",
        {"update_frequency_unit": "ปี", "update_frequency_interval": "1.5"},
        {
            "update_frequency_interval": [
                'Update frequency interval: "1.5" is not a whole number from 1 to 999; one '
                'is needed when Update frequency unit is "ปี".'
            ]
        },
    ),
    (
        "e-mail",
        {"maintainer_email": "plan-at-git.or.th"},
        {"maintainer_email": ['Contact e-mail: "plan-at-git.or.th" is not a valid e-mail address.']},
    ),
    (
        "url ftp",
        {"url": "ftp://git.or.th/budget"},
        {"url": ['URL: "ftp://git.or.th/budget" is not an http:// or https:// address.']},
    ),
    (
        "url script",
        {"url": "javascript:alert(1)"},
        {"url": ['URL: "javascript:alert(1)" is not an http:// or https:// address.']},
    ),
    (
        "classification matrix",
        {"data_classification": "ลับ"},
        {
            "data_classification": [
                'Data classification: "ลับ" is not allowed for Data category (data governance) '
                '"ข้อมูลสาธารณะ"; allowed: เปิดเผย.'
            ]
        },
    ),
    (
        "classification matrix personal",
        {"private": True, "data_category": "ข้อมูลส่วนบุคคล", "data_classification": "ลับที่สุด"},
        {
            "data_classification": [
                'Data classification: "ลับที่สุด" is not allowed for Data category (data '
                'governance) "ข้อมูลส่วนบุคคล"; allowed: ชั้นเผยแพร่ภายในองค์กร, ลับ, ลับมาก.'
            ]
        },
    ),
    (
        "not public",
        {"data_category": "ข้อมูลส่วนบุคคล", "data_classification": "ลับ"},
        {
            "data_category": [
                'Data category (data governance): a dataset in category "ข้อมูลส่วนบุคคล" cannot be '
                "public; make it private."
            ]
        },
    ),
    (
        "harvest public",
        {"allow_harvest": "False"},
        {
            "allow_harvest": [
                'Allow for harvest to GD-Catalog: "False" is not possible for a public dataset; '
                "GD-Catalog harvests all public datasets."
            ]
        },
    ),
    (
        "harvest unknown",
        {"allow_harvest": "yes"},
        {"allow_harvest": ['Allow for harvest to GD-Catalog: "yes" is not one of the allowed choices.']},
    ),
    (
        "C.E. year",
        {"first_year_of_data": "2024"},
        {
            "first_year_of_data": [
                f'First year of data (B.E.): "2024" is not a Buddhist-Era year ({YEAR_RANGE}).'
            ]
        },
    ),
    (
        "3-digit year",
        {"last_year_of_data": "๒๕๖"},
        {
            "last_year_of_data": [
                f'Last year of data (B.E.): "๒๕๖" is not a Buddhist-Era year ({YEAR_RANGE}).'
            ]
        },
    ),
    (
        "unknown choice",
        {"geo_coverage": "ดาวอังคาร"},
        {"geo_coverage": ['Geographic coverage: "ดาวอังคาร" is not one of the allowed choices.']},
    ),
    (
        "unknown multiple choice",
        {"objective": ["ยุทธศาสตร์ชาติ", "แผนลับ"]},
        {"objective": ['Objective: "แผนลับ" is not one of the allowed choices.']},
    ),
    (
        "script in title",
        {"title": "<script>alert(1)</script>"},
        {"title": ['Dataset name: HTML tags are not allowed ("<script>alert(1)</script>").']},
    ),
    (
        "markup in notes",
        {"notes": 'ดู <a href="https://evil.example">ที่นี่</a>'},
        {"notes": ['Description: HTML tags are not allowed ("ดู <a href="https://evil.example">ที่นี่</a>").']},
    ),
    (
        "long title",
        {"title": "ก" * 501},
        {"title": ['Dataset name: 501 characters, at most 500 are allowed ("' + "ก" * 79 + '…").']},
    ),
    (
        "short tag",
        {"tag_string": "ตัวชี้วัด,a"},
        {"tag_string": ['Tags: Tag "a" must be 2 to 100 characters long.']},
    ),
    (
        "tag markup",
        {"tag_string": "ตัวชี้วัด,KPI<b>"},
        {
            "tag_string": [
                'Tags: Tag "KPI<b>" may contain only letters (Thai included), digits, spaces, "-", "_" '
                'and ".".'
            ]
        },
    ),
    (
        "B.E. date",
        {"last_updated_date": "2567-10-15"},
        {
            "last_updated_date": [
                'Last updated date: "2567-10-15" has a Buddhist-Era year; dates use the '
                "Christian-Era year."
            ]
        },
    ),
    (
        "date format",
        {"last_updated_date": "15/10/2024"},
        {"last_updated_date": ['Last updated date: "15/10/2024" is not a date in the form YYYY-MM-DD.']},
    ),
]


def xlsx_bytes(sheets: dict[str, list[list[Any]]], merged: dict[str, list[str]] | None = None) -> bytes:
    """An XLSX workbook with one sheet per ``sheets`` entry, its rows as given, and the ``merged`` cell
    ranges of each sheet (``{"observations": ["A1:B1"]}``)."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for cell_range in (merged or {}).get(name, []):
            sheet.merge_cells(cell_range)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# ---- logging in as a person does ---------------------------------------------------------------------------
CSRF_INPUT = re.compile(r'<input type="hidden" name="_csrf_token" value="([^"]+)"')


def csrf_token_in(page: str | bytes) -> str:
    """The CSRF token of a rendered form."""
    text = page.decode("utf-8") if isinstance(page, bytes) else page
    return CSRF_INPUT.search(text).group(1)


def log_in_through_form(client, user_name: str, password: str) -> None:
    """Logs a test client in through CKAN's login form: a session cookie, not an API token, so the CSRF
    checks apply to its later posts (CKAN skips them for token-authenticated requests)."""
    token = csrf_token_in(client.get("/user/login").get_data(as_text=True))
    client.post("/user/login", data={"login": user_name, "password": password, "_csrf_token": token})
