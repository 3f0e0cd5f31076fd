"""The DGA schemas as scheming serves them: thai_gdc v2.2.4's field names and stored values, bilingual labels,
the 14 items required, the kpi type a superset of the dataset type."""

from __future__ import annotations

from typing import Any

import pytest
from ckan.tests.helpers import call_action

from ckanext.kpi.helpers import kpi_dga_choices

pytestmark = pytest.mark.usefixtures("with_plugins")

# ckanext-thai_gdc v2.2.4 ckan_dataset.json (opalthailand/thai-gdc-opal 7d0f1da), without opal's allow_cdp.
THAI_GDC_DATASET_FIELDS = [
    "data_type",
    "data_type_other",
    "title",
    "name",
    "owner_org",
    "allow_harvest",
    "reference_url_catalog",
    "maintainer",
    "maintainer_email",
    "tag_string",
    "notes",
    "objective",
    "objective_other",
    "update_frequency_unit",
    "update_frequency_unit_other",
    "update_frequency_interval",
    "geo_coverage",
    "geo_coverage_other",
    "data_source",
    "data_format",
    "data_format_other",
    "data_category",
    "data_classification",
    "license_id",
    "license_id_other",
    "accessible_condition",
    "data_support",
    "data_support_other",
    "data_collect",
    "data_collect_other",
    "url",
    "data_language",
    "data_language_other",
    "created_date",
    "last_updated_date",
    "data_release_calendar",
    "first_year_of_data",
    "last_year_of_data",
    "disaggregate",
    "disaggregate_other",
    "unit_of_measure",
    "unit_of_multiplier",
    "unit_of_multiplier_other",
    "calculation_method",
    "standard",
    "geographic_data_set",
    "equivalent_scale",
    "equivalent_scale_other",
    "west_bound_longitude",
    "east_bound_longitude",
    "north_bound_longitude",
    "south_bound_longitude",
    "positional_accuracy",
    "reference_period",
    "data_release_date",
    "high_value_dataset",
    "reference_data",
    "official_statistics",
]
THAI_GDC_RESOURCE_FIELDS = [
    "url",
    "name",
    "description",
    "resource_accessible_condition",
    "resource_data_collect",
    "resource_data_collect_other",
    "resource_first_year_of_data",
    "resource_last_year_of_data",
    "resource_disaggregate",
    "resource_disaggregate_other",
    "resource_unit_of_measure",
    "resource_unit_of_multiplier",
    "resource_unit_of_multiplier_other",
    "resource_geographic_data_set",
    "resource_equivalent_scale",
    "resource_equivalent_scale_other",
    "resource_positional_accuracy",
    "resource_created_date",
    "resource_last_updated_date",
    "resource_data_release_calendar",
    "resource_official_statistics",
    "resource_data_release_date",
    "format",
]
KPI_FIELDS = [
    "kpi_document_kind",
    "kpi_fiscal_year",
    "kpi_period_start",
    "kpi_period_end",
    "kpi_as_of_date",
    "kpi_issuing_agency",
    "kpi_subject_agency",
    "kpi_plan_reference",
    "kpi_plan_url",
]
MANDATORY_FIELDS = [
    "title",
    "owner_org",
    "maintainer",
    "maintainer_email",
    "tag_string",
    "notes",
    "objective",
    "update_frequency_unit",
    "geo_coverage",
    "data_source",
    "data_format",
    "data_category",
    "license_id",
    "accessible_condition",
]
# Stored values, byte for byte as thai_gdc v2.2.4 stores them.
THAI_GDC_CHOICES = {
    "data_type": ["ข้อมูลระเบียน", "ข้อมูลสถิติ", "ข้อมูลภูมิสารสนเทศเชิงพื้นที่", "ข้อมูลหลากหลายประเภท", "ข้อมูลประเภทอื่นๆ"],
    "update_frequency_unit": [
        "ไม่ทราบ",
        "ปี",
        "ครึ่งปี",
        "ไตรมาส",
        "เดือน",
        "สัปดาห์",
        "วัน",
        "วันทำการ",
        "ชั่วโมง",
        "นาที",
        "ตามเวลาจริง",
        "ไม่มีการปรับปรุงหลังจากการจัดเก็บข้อมูล",
        "อื่นๆ",
    ],
    "geo_coverage": [
        "ไม่มี",
        "โลก",
        "ทวีป/กลุ่มประเทศในทวีป",
        "กลุ่มประเทศทางเศรษฐกิจ",
        "ประเทศ",
        "ภาค",
        "จังหวัด",
        "อำเภอ",
        "ตำบล",
        "หมู่บ้าน",
        "เทศบาล/อบต.",
        "พิกัด",
        "ไม่ทราบ",
        "อื่นๆ",
    ],
    "data_category": ["ข้อมูลสาธารณะ", "ข้อมูลใช้ภายใน", "ข้อมูลส่วนบุคคล", "ข้อมูลความมั่นคง", "ข้อมูลความลับทางราชการ"],
    "data_classification": ["เปิดเผย", "ชั้นเผยแพร่ภายในองค์กร", "ลับ", "ลับมาก", "ลับที่สุด"],
    "license_id": [
        "Open Data Common",
        "Creative Commons Attributions",
        "Creative Commons Attribution Non-Commercial",
        "Creative Commons Attribution Share-Alike",
        "Creative Commons Attribution Non-Commercial Share-Alike",
        "Creative Commons Attribution Non-Commercial No-Derivs",
        "Creative Commons Attribution No-Derivs",
        "อื่นๆ",
    ],
    "objective": [
        "ยุทธศาสตร์ชาติ",
        "แผนพัฒนาเศรษฐกิจและสังคมแห่งชาติ",
        "แผนความมั่นคงแห่งชาติ",
        "แผนแม่บทภายใต้ยุทธศาสตร์ชาติ",
        "แผนปฏิรูปประเทศ",
        "แผนระดับที่ 3 (มติครม. 4 ธ.ค. 2560)",
        "นโยบายรัฐบาล/ข้อสั่งการนายกรัฐมนตรี",
        "มติคณะรัฐมนตรี",
        "เพื่อการให้บริการประชาชน",
        "กฎหมายที่เกี่ยวข้อง",
        "พันธกิจหน่วยงาน",
        "ดัชนี/ตัวชี้วัดระดับนานาชาติ",
        "ไม่ทราบ",
        "อื่นๆ",
    ],
    "data_format": [
        "Database",
        "CSV",
        "XML",
        "Image",
        "Video",
        "Audio",
        "Text",
        "JSON",
        "HTML",
        "DOC/DOCX",
        "XLS",
        "PDF",
        "RDF",
        "NoSQL",
        "Arc/Info Coverage",
        "Shapefile",
        "GeoTiff",
        "GML",
        "ไม่ทราบ",
        "อื่นๆ",
    ],
    "allow_harvest": ["False", "True"],
    "official_statistics": ["False", "True"],
    "equivalent_scale": ["1:4,000", "1:10,000", "1:25,000", "1:50,000", "1:250,000", "อื่นๆ"],
}


def _schema(dataset_type: str) -> dict[str, Any]:
    return call_action("scheming_dataset_schema_show", type=dataset_type)


def _fields(dataset_type: str) -> dict[str, dict[str, Any]]:
    return {field["field_name"]: field for field in _schema(dataset_type)["dataset_fields"]}


def _choices(field: dict[str, Any]) -> list[dict[str, Any]]:
    """The choices the form and the validators use (scheming calls the field's choices_helper)."""
    assert field["choices_helper"] == "kpi_dga_choices"
    return kpi_dga_choices(field)


def test_fields_are_a_superset_of_thai_gdc():
    schema = _schema("dataset")
    dataset_fields = [field["field_name"] for field in schema["dataset_fields"]]
    resource_fields = [field["field_name"] for field in schema["resource_fields"]]
    assert dataset_fields[: len(THAI_GDC_DATASET_FIELDS)] == THAI_GDC_DATASET_FIELDS
    assert resource_fields == THAI_GDC_RESOURCE_FIELDS


def test_kpi_fields_close_the_one_dataset_schema():
    """Issue 16: KPI datasets are `dataset`-type datasets; there is no `kpi` type any more."""
    fields = list(_fields("dataset"))
    assert fields[-len(KPI_FIELDS):] == KPI_FIELDS
    assert "kpi" not in call_action("scheming_dataset_schema_list")


def test_the_14_items_are_required():
    fields = _fields("dataset")
    assert sorted(name for name, field in fields.items() if field.get("required")) == sorted(
        [*MANDATORY_FIELDS, "data_type"]
    )
    assert sorted(name for name, field in fields.items() if field.get("required_for_kpi")) == [
        "kpi_document_kind", "kpi_fiscal_year", "kpi_issuing_agency"]


def test_every_field_has_a_thai_and_an_english_label():
    schema = _schema("dataset")
    for field in schema["dataset_fields"] + schema["resource_fields"]:
        assert set(field["label"]) == {"th", "en"}, field["field_name"]
        assert all(field["label"].values()), field["field_name"]


@pytest.mark.parametrize("field_name", sorted(THAI_GDC_CHOICES))
def test_choice_values_are_thai_gdcs(field_name):
    field = _fields("dataset")[field_name]
    assert [choice["value"] for choice in _choices(field)] == THAI_GDC_CHOICES[field_name]


def test_choice_labels_are_bilingual():
    choices = _choices(_fields("dataset")["allow_harvest"])
    assert choices == [
        {"value": "False", "label": {"th": "ไม่ยินยอม", "en": "No"}},
        {"value": "True", "label": {"th": "ยินยอม", "en": "Yes"}},
    ]
    category = _choices(_fields("dataset")["data_category"])[0]
    assert category == {"value": "ข้อมูลสาธารณะ", "label": {"th": "ข้อมูลสาธารณะ", "en": "Public data"}}
