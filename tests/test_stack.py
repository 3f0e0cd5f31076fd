"""The runnable stack, end to end against the real services: Solr search (with Thai word segmentation),
Redis background jobs, typed DataStore tables."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from ckan.lib import jobs, search
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.kpi import compat

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

# From seed 000's title: a Thai sentence without spaces between its words.
THAI_SENTENCE = (
    "หลักเกณฑ์ตัวชี้วัดตามยุทธศาสตร์ประจำปีงบประมาณ 2565 ของสถาบันวิจัยและพัฒนาอัญมณีและเครื่องประดับแห่งชาติ"
)
WORD_INSIDE = "ยุทธศาสตร์"


def _search_ids(**params) -> list[str]:
    return [d["id"] for d in call_action("package_search", **params)["results"]]


@pytest.fixture
def sysadmin_context() -> dict[str, str]:
    return {"user": factories.Sysadmin()["name"]}


def test_dataset_created_through_the_api_is_found_by_package_search(sysadmin_context, complete_dataset_dict):
    org = factories.Organization()
    dataset = call_action(
        "package_create", context=sysadmin_context, **complete_dataset_dict(
            name="water-quality-2567", title="Water quality 2567", owner_org=org["id"],
            notes="Dissolved oxygen by station",
        ),
    )
    result = call_action("package_search", q="oxygen")
    assert result["count"] == 1
    assert result["results"][0]["id"] == dataset["id"]
    assert result["results"][0]["title"] == "Water quality 2567"


@pytest.fixture
def stock_solr_core() -> Iterator[None]:
    """Point CKAN's search at the core with CKAN's unchanged schema for the duration of a test."""
    url = compat.solr_url()
    compat.set_solr_url(url.rsplit("/", 1)[0] + "/ckan_stock")
    search.clear_all()
    try:
        yield
    finally:
        search.clear_all()
        compat.set_solr_url(url)


def test_thai_word_inside_a_sentence_is_found_only_with_thai_segmentation(
    request, sysadmin_context, complete_dataset_dict
):
    org = factories.Organization()
    # Title and tags in English, so that the Thai words can only be found inside the description.
    dataset = call_action(
        "package_create", context=sysadmin_context, **complete_dataset_dict(
            name="git-kpi-2565", title="GIT KPI plan", owner_org=org["id"], notes=THAI_SENTENCE,
            tag_string="KPI,plan", data_source="GIT", maintainer="Planning division",
        ),
    )
    # Our core: the word in the middle of the Thai sentence finds the dataset, and so does a word that the
    # dictionary splits into several (ตัว|ชี้|วัด), searched as a phrase.
    assert _search_ids(q=WORD_INSIDE) == [dataset["id"]]
    assert _search_ids(q="ตัวชี้วัด") == [dataset["id"]]
    assert _search_ids(q="อัญมณี") == [dataset["id"]]
    # A word that is not in the text finds nothing, so the match above is not a match-everything.
    assert _search_ids(q="สิ่งแวดล้อม") == []

    # The same dataset in a core with CKAN's stock schema: whitespace tokens only, the word is not found,
    # while the whole first run of Thai text still is.
    request.getfixturevalue("stock_solr_core")
    search.rebuild(dataset["id"])
    assert _search_ids(q=WORD_INSIDE) == []
    assert _search_ids(q="หลักเกณฑ์ตัวชี้วัดตามยุทธศาสตร์ประจำปีงบประมาณ") == [dataset["id"]]


def _double(number: int) -> int:
    return number * 2


@pytest.mark.usefixtures("clean_queues")
def test_background_job_runs_through_redis():
    job = jobs.enqueue(_double, [21], title="kpi stack test job")
    assert job.id in [queued.id for queued in jobs.get_queue().jobs]
    jobs.Worker().work(burst=True)
    job.refresh()
    assert job.get_status() == "finished"
    assert job.return_value() == 42


def test_datastore_table_with_typed_columns(sysadmin_context, complete_dataset_dict):
    context = sysadmin_context
    dataset = call_action(
        "package_create", context=dict(context),
        **complete_dataset_dict(name="observations-2565", owner_org=factories.Organization()["id"]),
    )
    resource = call_action(
        "resource_create", context=dict(context), package_id=dataset["id"], url="http://example.org/o.csv",
        name="observations", format="CSV",
    )
    call_action(
        "datastore_create", context=context, resource_id=resource["id"], force=True,
        fields=[
            {"id": "indicator_id", "type": "text"},
            {"id": "fiscal_year_be", "type": "int"},
            {"id": "value_num", "type": "numeric"},
        ],
        records=[
            {"indicator_id": "1.1.2", "fiscal_year_be": 2564, "value_num": "10774"},
            {"indicator_id": "1.1.2", "fiscal_year_be": 2565, "value_num": "11312.5"},
            {"indicator_id": "2.1", "fiscal_year_be": 2565, "value_num": "82"},
        ],
    )
    result = call_action(
        "datastore_search", context=context, resource_id=resource["id"],
        filters={"indicator_id": "1.1.2"}, sort="fiscal_year_be",
    )
    types = {field["id"]: field["type"] for field in result["fields"]}
    assert types["fiscal_year_be"] == "int4"
    assert types["value_num"] == "numeric"
    values = [(r["fiscal_year_be"], r["value_num"]) for r in result["records"]]
    assert values == [(2564, 10774), (2565, 11312.5)]
    assert isinstance(result["records"][0]["fiscal_year_be"], int)
