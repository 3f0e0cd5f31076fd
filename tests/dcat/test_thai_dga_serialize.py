"""The thai_dga profile's output, field by field, read back from the real endpoints (/dataset/<id>.ttl and
/catalog.ttl) with rdflib. Thai literals are compared byte for byte with what was stored."""

from __future__ import annotations

from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef

from ckanext.dcat.profiles import DCAT, DCT, FOAF, RDF, RDFS, VCARD, XSD
from ckanext.kpi.dcat import vocabularies as vocab
from ckanext.kpi.dcat.vocabularies import DGA

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

EU = "http://publications.europa.eu/resource/authority/"


@pytest.fixture
def dataset_graph(app, create_dataset, graph_of):
    """``dataset_graph(**overrides)`` -> (graph, dataset URI, the dataset as package_show gives it)."""

    def serialize(**overrides: Any) -> tuple[Graph, URIRef, dict[str, Any]]:
        dataset = create_dataset(**overrides)
        graph = graph_of(app.get(f"/dataset/{dataset['id']}.ttl"))
        return graph, URIRef(f"http://test.ckan.net/dataset/{dataset['id']}"), dataset

    return serialize


def values(graph: Graph, subject: Any, predicate: URIRef) -> set[Any]:
    return set(graph.objects(subject, predicate))


def th(text: str) -> Literal:
    return Literal(text, lang="th")


def en(text: str) -> Literal:
    return Literal(text, lang="en")


# ---- the 14 items and the rest of the DGA record, one property at a time ---------------------------


def test_title_description_and_keywords_are_thai_literals(dataset_graph):
    graph, ref, dataset = dataset_graph(
        title="ผลการเบิกจ่ายงบประมาณ ประจำปีงบประมาณ พ.ศ. 2567", tag_string="งบประมาณ,KPI"
    )
    assert values(graph, ref, DCT.title) == {th("ผลการเบิกจ่ายงบประมาณ ประจำปีงบประมาณ พ.ศ. 2567")}
    assert values(graph, ref, DCT.description) == {th(dataset["notes"])}
    # Thai keywords are tagged; a code such as KPI stays untagged
    assert values(graph, ref, DCAT.keyword) == {th("งบประมาณ"), Literal("KPI")}


def test_objective_keeps_the_stored_thai_values_with_english_labels(dataset_graph):
    graph, ref, _ = dataset_graph(objective=["พันธกิจหน่วยงาน", "แผนระดับที่ 3 (มติครม. 4 ธ.ค. 2560)"])
    assert values(graph, ref, DGA.objective) == {
        th("พันธกิจหน่วยงาน"),
        th("แผนระดับที่ 3 (มติครม. 4 ธ.ค. 2560)"),
        en("Agency mission"),
        en("Level-3 plan (Cabinet resolution 4 Dec 2017)"),
    }


def test_data_category_is_an_eu_access_right_and_a_dga_literal(dataset_graph):
    graph, ref, _ = dataset_graph()
    access_rights = URIRef(EU + "access-right/PUBLIC")
    assert values(graph, ref, DCT.accessRights) == {access_rights}
    assert (access_rights, RDF.type, DCT.RightsStatement) in graph
    assert values(graph, ref, DGA.dataCategory) == {th("ข้อมูลสาธารณะ"), en("Public data")}
    assert values(graph, ref, DGA.dataClassification) == {th("เปิดเผย"), en("Open")}
    assert values(graph, ref, DGA.accessibleCondition) == {th("ไม่มีการจำกัดการเข้าถึงข้อมูล")}


@pytest.mark.parametrize(
    ("unit", "interval", "code"),
    [
        ("ปี", "1", "ANNUAL"),
        ("ปี", "2", "BIENNIAL"),
        ("ครึ่งปี", "1", "ANNUAL_2"),
        ("ไตรมาส", "1", "QUARTERLY"),
        ("เดือน", "1", "MONTHLY"),
        ("เดือน", "3", "QUARTERLY"),
        ("สัปดาห์", "2", "BIWEEKLY"),
        ("วัน", "1", "DAILY"),
        ("ตามเวลาจริง", "", "UPDATE_CONT"),
        ("ไม่มีการปรับปรุงหลังจากการจัดเก็บข้อมูล", "", "NEVER"),
        ("ไม่ทราบ", "", "UNKNOWN"),
        ("ปี", "7", "OTHER"),
    ],
)
def test_update_frequency_maps_unit_and_interval_to_the_eu_frequency(unit, interval, code):
    assert vocab.frequency_uri(unit, interval) == URIRef(EU + "frequency/" + code)


def test_update_frequency_on_the_endpoint(dataset_graph):
    graph, ref, _ = dataset_graph(update_frequency_unit="เดือน", update_frequency_interval="1")
    frequency = URIRef(EU + "frequency/MONTHLY")
    assert values(graph, ref, DCT.accrualPeriodicity) == {frequency}
    assert (frequency, RDF.type, DCT.Frequency) in graph
    assert values(graph, ref, DGA.updateFrequencyUnit) == {th("เดือน"), en("Month")}
    assert values(graph, ref, DGA.updateFrequencyInterval) == {Literal(1, datatype=XSD.integer)}


def test_geo_coverage_inside_thailand_is_the_country_thailand(dataset_graph):
    graph, ref, _ = dataset_graph(geo_coverage="จังหวัด")
    assert values(graph, ref, DCT.spatial) == {URIRef(EU + "country/THA")}
    assert (URIRef(EU + "country/THA"), RDF.type, DCT.Location) in graph
    assert values(graph, ref, DGA.geoCoverage) == {th("จังหวัด"), en("Province")}


def test_geo_coverage_of_the_world_names_no_location(dataset_graph):
    graph, ref, _ = dataset_graph(geo_coverage="โลก")
    assert values(graph, ref, DCT.spatial) == set()
    assert values(graph, ref, DGA.geoCoverage) == {th("โลก"), en("World")}


def test_data_source_text_is_a_provenance_statement(dataset_graph):
    graph, ref, _ = dataset_graph(data_source="สำนักงานคณะกรรมการพัฒนาระบบราชการ (สำนักงาน ก.พ.ร.)")
    (statement,) = values(graph, ref, DCT.provenance)
    assert (statement, RDF.type, DCT.ProvenanceStatement) in graph
    assert values(graph, statement, RDFS.label) == {th("สำนักงานคณะกรรมการพัฒนาระบบราชการ (สำนักงาน ก.พ.ร.)")}
    assert values(graph, ref, DCT.source) == set()


def test_data_source_url_is_also_the_source_dataset(dataset_graph):
    graph, ref, _ = dataset_graph(data_source="https://data.go.th/dataset/gfmis")
    assert values(graph, ref, DCT.source) == {URIRef("https://data.go.th/dataset/gfmis")}
    (statement,) = values(graph, ref, DCT.provenance)
    assert values(graph, statement, RDFS.label) == {Literal("https://data.go.th/dataset/gfmis")}


def test_data_format_keeps_the_stored_codes(dataset_graph):
    graph, ref, _ = dataset_graph(data_format=["CSV", "XLS", "ไม่ทราบ"])
    assert values(graph, ref, DGA.dataFormat) == {Literal("CSV"), Literal("XLS"), th("ไม่ทราบ"), en("Unknown")}


def test_data_type_and_language(dataset_graph):
    graph, ref, _ = dataset_graph(data_language=["ไทย", "อังกฤษ"])
    assert values(graph, ref, DGA.dataType) == {th("ข้อมูลสถิติ"), en("Statistical data")}
    assert values(graph, ref, DCT.language) == {URIRef(EU + "language/THA"), URIRef(EU + "language/ENG")}


def test_maintainer_and_email_are_the_vcard_contact_point(dataset_graph):
    graph, ref, _ = dataset_graph(maintainer="ฝ่ายยุทธศาสตร์และแผน", maintainer_email="plan@git.or.th")
    (contact,) = values(graph, ref, DCAT.contactPoint)
    assert {VCARD.Organization, VCARD.Kind} <= values(graph, contact, RDF.type)
    assert values(graph, contact, VCARD.fn) == {th("ฝ่ายยุทธศาสตร์และแผน")}
    assert values(graph, contact, VCARD.hasEmail) == {URIRef("mailto:plan@git.or.th")}


def test_owner_organization_is_the_publisher(dataset_graph, organization):
    graph, ref, _ = dataset_graph()
    (publisher,) = values(graph, ref, DCT.publisher)
    assert values(graph, publisher, FOAF.name) == {th(organization["title"])}


@pytest.mark.parametrize(
    ("title", "uri"),
    [
        ("Open Data Common", "https://w3id.org/ckanext-kpi/dga#licence-open-data-common"),
        ("Creative Commons Attributions", EU + "licence/CC_BY_4_0"),
        ("Creative Commons Attribution Non-Commercial", EU + "licence/CC_BYNC_4_0"),
        ("Creative Commons Attribution Share-Alike", EU + "licence/CC_BYSA_4_0"),
        ("Creative Commons Attribution Non-Commercial Share-Alike", EU + "licence/CC_BYNCSA_4_0"),
        ("Creative Commons Attribution Non-Commercial No-Derivs", EU + "licence/CC_BYNCND_4_0"),
        ("Creative Commons Attribution No-Derivs", EU + "licence/CC_BYND_4_0"),
    ],
)
def test_every_thai_gdc_licence_title_has_a_uri(title, uri):
    assert vocab.licence_uri(title) == URIRef(uri)
    assert vocab.licence_title_from_uri(uri) == title


def test_licence_is_on_the_dataset_and_its_distributions(dataset_graph):
    graph, ref, _ = dataset_graph(license_id="Creative Commons Attributions")
    licence = URIRef(EU + "licence/CC_BY_4_0")
    assert values(graph, ref, DCT.license) == {licence}
    assert (licence, RDF.type, DCT.LicenseDocument) in graph
    assert values(graph, licence, DCT.title) == {Literal("Creative Commons Attributions")}
    (distribution,) = values(graph, ref, DCAT.distribution)
    assert values(graph, distribution, DCT.license) == {licence}


def test_other_licence_is_a_described_licence_document(dataset_graph):
    graph, ref, _ = dataset_graph(license_id="อื่นๆ", license_id_other="สัญญาอนุญาตของหน่วยงาน")
    (licence,) = values(graph, ref, DCT.license)
    assert (licence, RDF.type, DCT.LicenseDocument) in graph
    assert values(graph, licence, RDFS.label) == {th("สัญญาอนุญาตของหน่วยงาน")}
    assert values(graph, licence, DCT.title) == {th("อื่นๆ")}


def test_resource_format_and_media_type_are_vocabulary_uris(dataset_graph, complete_dataset_example):
    resource = {**complete_dataset_example["resources"][0], "mimetype": "text/csv"}
    graph, ref, _ = dataset_graph(resources=[resource])
    (distribution,) = values(graph, ref, DCAT.distribution)
    assert values(graph, distribution, DCT["format"]) == {URIRef(EU + "file-type/CSV")}
    assert values(graph, distribution, DCAT.mediaType) == {
        URIRef("https://www.iana.org/assignments/media-types/text/csv")
    }
    assert values(graph, distribution, DCT.title) == {th(resource["name"])}
    assert values(graph, distribution, DCAT.accessURL) == {URIRef(resource["url"])}


# ---- the `kpi` type: fiscal year and reporting period ------------------------------------------------


def period_of(graph: Graph, period: Any) -> tuple[Any, Any]:
    return graph.value(period, DCAT.startDate), graph.value(period, DCAT.endDate)


def test_fiscal_year_is_a_period_in_ce_dates(app, create_kpi, graph_of):
    kpi = create_kpi(kpi_fiscal_year="2565", kpi_period_start="2021-10-01", kpi_period_end="2022-09-30")
    graph = graph_of(app.get(f"/dataset/{kpi['id']}.ttl"))
    (period,) = values(graph, URIRef(f"http://test.ckan.net/dataset/{kpi['id']}"), DCT.temporal)
    assert (period, RDF.type, DCT.PeriodOfTime) in graph
    assert period_of(graph, period) == (
        Literal("2021-10-01", datatype=XSD.date),
        Literal("2022-09-30", datatype=XSD.date),
    )
    assert values(graph, period, DGA.fiscalYear) == {Literal(2565, datatype=XSD.integer)}
    assert values(graph, period, RDFS.label) == {
        th("ปีงบประมาณ พ.ศ. 2565"),
        en("Fiscal year 2022 (B.E. 2565)"),
    }


def test_a_reporting_period_inside_the_fiscal_year_is_a_second_period(app, create_kpi, graph_of):
    kpi = create_kpi(kpi_fiscal_year="2567", kpi_period_start="2023-10-01", kpi_period_end="2024-03-31")
    graph = graph_of(app.get(f"/dataset/{kpi['id']}.ttl"))
    periods = values(graph, URIRef(f"http://test.ckan.net/dataset/{kpi['id']}"), DCT.temporal)
    assert {period_of(graph, period) for period in periods} == {
        (Literal("2023-10-01", datatype=XSD.date), Literal("2024-09-30", datatype=XSD.date)),
        (Literal("2023-10-01", datatype=XSD.date), Literal("2024-03-31", datatype=XSD.date)),
    }


# ---- the catalog -----------------------------------------------------------------------------------


def test_catalog_title_description_and_publisher_come_from_config_in_thai_and_english(app, graph_of):
    graph = graph_of(app.get("/catalog.ttl"))
    catalog = URIRef("http://test.ckan.net")
    assert values(graph, catalog, DCT.title) == {
        th("บัญชีข้อมูลหน่วยงาน (ทดสอบ)"),
        en("Agency Data Catalog (test)"),
    }
    assert values(graph, catalog, DCT.description) == {
        th("ชุดข้อมูลตัวชี้วัดและโครงการของหน่วยงาน"),
        en("The agency's KPI and project datasets"),
    }
    publisher = URIRef("http://test.ckan.net/organization/git")
    assert values(graph, catalog, DCT.publisher) == {publisher}
    assert values(graph, publisher, FOAF.name) == {
        th("สถาบันวิจัยและพัฒนาอัญมณีและเครื่องประดับแห่งชาติ (องค์การมหาชน)"),
        en("The Gem and Jewelry Institute of Thailand (Public Organization)"),
    }
    assert values(graph, publisher, FOAF.mbox) == {URIRef("mailto:info@git.or.th")}
    assert values(graph, catalog, DCT.language) == {URIRef(EU + "language/ENG"), URIRef(EU + "language/THA")}


@pytest.mark.ckan_config("ckanext.kpi.dcat.catalog_title_th", "")
@pytest.mark.ckan_config("ckanext.kpi.dcat.catalog_title_en", "")
@pytest.mark.ckan_config("ckanext.kpi.dcat.publisher_name_th", "")
@pytest.mark.ckan_config("ckanext.kpi.dcat.publisher_name_en", "")
def test_catalog_falls_back_to_the_site_title(app, graph_of):
    graph = graph_of(app.get("/catalog.ttl"))
    catalog = URIRef("http://test.ckan.net")
    assert values(graph, catalog, DCT.title) == {Literal("ckanext-kpi tests")}
    (publisher,) = values(graph, catalog, DCT.publisher)
    assert values(graph, publisher, FOAF.name) == {en("ckanext-kpi tests")}


def test_catalog_modified_is_the_last_published_change(app, create_dataset, store_directly, graph_of):
    published = create_dataset(name="published")
    withdrawn = create_dataset(name="withdrawn-later")
    store_directly(withdrawn["id"], allow_harvest="False")
    graph = graph_of(app.get("/catalog.ttl"))
    modified = graph.value(URIRef("http://test.ckan.net"), DCT.modified).toPython()
    assert modified.replace(tzinfo=None).isoformat()[:23] == published["metadata_modified"][:23]
