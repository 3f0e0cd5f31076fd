"""Search on a Thai KPI catalog: indicator and project names of kpi datasets are searchable, and the
facets citizens filter by are offered."""

from __future__ import annotations

import io

import pytest
from ckan.tests import factories
from ckan.tests.helpers import call_action
from werkzeug.datastructures import FileStorage

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

# From seed 003: an indicator and a project that the dataset's title and description do not mention.
INDICATOR = "ร้อยละความแม่นยำของการพยากรณ์อากาศเพื่อการบิน"
PROJECT = "โครงการพัฒนาระบบคลาวด์กลางภาครัฐ"


@pytest.fixture
def sysadmin_context() -> dict[str, str]:
    return {"user": factories.Sysadmin()["name"]}


def _upload(context, dataset_id: str, file_name: str, text: str) -> dict:
    upload = FileStorage(io.BytesIO(text.encode("utf-8")), filename=file_name, content_type="text/csv")
    return call_action(
        "resource_create", context=dict(context), package_id=dataset_id, upload=upload,
        name=file_name, format="CSV", url=file_name,
    )


@pytest.fixture
def kpi_dataset(sysadmin_context, complete_dataset_dict, tmp_path, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckan.storage_path", str(tmp_path))
    org = factories.Organization(name="mdes")
    dataset = call_action(
        "package_create", context=dict(sysadmin_context), **complete_dataset_dict(
            type="dataset", name="mdes-action-plan-2567", title="Action plan progress report 2567",
            notes="Quarterly progress of the action plan.", tag_string="report", owner_org=org["id"],
            kpi_document_kind="progress_report", kpi_fiscal_year="2567", kpi_issuing_agency="MDES",
        ),
    )
    _upload(sysadmin_context, dataset["id"], "indicators.csv",
            f"indicator_id,code,name\nmdes-1,1,{INDICATOR}\nmdes-2,2,จำนวนผู้ใช้บริการ\n")
    _upload(sysadmin_context, dataset["id"], "projects.csv", f"project_id,code,name\np-1,1,{PROJECT}\n")
    return dataset


def _names(**params) -> list[str]:
    return [d["name"] for d in call_action("package_search", **params)["results"]]


def test_indicator_and_project_names_find_their_dataset(kpi_dataset):
    assert _names(q="พยากรณ์อากาศ") == [kpi_dataset["name"]]
    assert _names(q="คลาวด์กลาง") == [kpi_dataset["name"]]
    assert _names(q="ผู้ใช้บริการ") == [kpi_dataset["name"]]
    assert _names(q="แผนที่ภาษี") == []


def test_a_dataset_that_is_not_kpi_gets_no_table_names(sysadmin_context, complete_dataset_dict):
    org = factories.Organization()
    call_action("package_create", context=dict(sysadmin_context),
                **complete_dataset_dict(name="plain", owner_org=org["id"]))
    assert _names(q="พยากรณ์อากาศ") == []


def test_facets_offer_fiscal_year_category_and_document_kind(kpi_dataset, app):
    result = call_action(
        "package_search",
        **{"facet.field": '["kpi_fiscal_year", "data_category", "kpi_document_kind", "organization"]'},
    )
    facets = result["facets"]
    assert facets["kpi_fiscal_year"] == {"2567": 1}
    assert facets["data_category"] == {"ข้อมูลสาธารณะ": 1}
    assert facets["kpi_document_kind"] == {"progress_report": 1}
    assert facets["organization"] == {"mdes": 1}

    page = app.get("/dataset/", params={"kpi_fiscal_year": "2567"})
    assert page.status_code == 200
    assert "Fiscal year (B.E.)" in page.body
    assert "mdes-action-plan-2567" in page.body


# Issue 21: words the Thai tokenizer's dictionary lacks, spelling variants and Thai digits.
MDES_TITLE = "รายงานผลกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม ปีงบประมาณ ๒๕๖๗"
MDES_NOTES = "บริการอินเทอร์เน็ตความเร็วสูงบนแพลตฟอร์มกลางภาครัฐ"


@pytest.fixture
def loanword_dataset(sysadmin_context, complete_dataset_dict):
    org = factories.Organization(name="mdes-loanwords")
    return call_action("package_create", context=dict(sysadmin_context), **complete_dataset_dict(
        name="mdes-loanwords", title=MDES_TITLE, notes=MDES_NOTES, owner_org=org["id"]))


@pytest.mark.parametrize("query", [
    "ดิจิทัล", "อินเทอร์เน็ต", "แพลตฟอร์ม",  # loanwords the dictionary does not know, inside runs of text
    "ดิจิตอล", "อินเตอร์เน็ต", "แพลทฟอร์ม",  # their other spellings
    "2567", "๒๕๖๗", "เศรษฐกิจและสังคม", "ความเร็วสูง",
])
def test_loanwords_variants_and_digits_find_the_dataset(loanword_dataset, query):
    assert _names(q=query) == [loanword_dataset["name"]]


def test_a_word_not_in_the_text_finds_nothing(loanword_dataset):
    assert _names(q="ดิจิทัลไทย") == []
    assert _names(q="2568") == []


def test_the_thai_tokenizer_alone_misses_the_loanword(loanword_dataset):
    """What the bigram field adds: without it the dictionary tokenizer glues ดิจิทัล to its neighbours."""
    from ckanext.kpi.search import without_ngram_field

    with without_ngram_field():
        assert _names(q="ดิจิทัล") == []
    assert _names(q="ดิจิทัล") == [loanword_dataset["name"]]
