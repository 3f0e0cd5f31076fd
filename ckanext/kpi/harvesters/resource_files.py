"""The files a ``kpi`` dataset publishes for one document: the tidy CSV tables, a JSON bundle of the whole
document, the findings, and the original document (last, so it is never taken for the primary data).
Each file's name is its stable key: re-imports match resources by it and keep their ids and URLs.

Names and descriptions are Thai (the catalogue's language, what DGA's catalogue and CKAN's ``name``
show) with an English version beside them, stored as ``name_translated`` / ``description_translated``
(``{"th": …, "en": …}``), which CKAN's ``h.get_translated`` and ``h.resource_display_name`` pick by the
page's language (issue 21)."""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ckanext.kpi.extraction.model import ExtractionResult, row_dict
from ckanext.kpi.extraction.personal_data import redact_text
from ckanext.kpi.extraction.tables import load_schema, tables_to_write, write_csv

FINDINGS = "findings"
OBSERVATIONS = "observations"
ORIGINAL_PREFIX = "original-"


@dataclass(frozen=True)
class ResourceFile:
    key: str  # the file name, unique within the dataset
    name: str
    description: str
    format: str
    mimetype: str
    data: bytes
    table: str = ""  # the tidy table, for CSVs
    name_en: str = ""
    description_en: str = ""

    @property
    def translations(self) -> dict[str, dict[str, str]]:
        """``name_translated`` and ``description_translated`` of the resource (empty without English)."""
        if not (self.name_en or self.description_en):
            return {}
        return {
            "name_translated": {"th": self.name, "en": self.name_en or self.name},
            "description_translated": {"th": self.description, "en": self.description_en or self.description},
        }


@dataclass(frozen=True)
class OriginalFile:
    file_name: str
    body: bytes
    content_type: str
    url: str

    @property
    def public_location(self) -> str:
        """Where the document came from, as published text: a local file (``ckan kpi load FILE``) is named
        by its file name only, so no server path reaches a public page."""
        return self.file_name if self.url.startswith("file:") else self.url


_ORIGINAL_FORMATS = {
    ".txt": "TXT",
    ".md": "TXT",
    ".pdf": "PDF",
    ".docx": "DOCX",
    ".odt": "ODT",
    ".html": "HTML",
    ".htm": "HTML",
    ".csv": "CSV",
    ".xlsx": "XLSX",
    ".xls": "XLS",
    ".ods": "ODS",
}


def _table_csv(table: str, rows: list[Any]) -> bytes:
    with tempfile.TemporaryDirectory(prefix="kpi-table-") as folder:
        path = Path(folder) / f"{table}.csv"
        write_csv(path, table, rows)
        return path.read_bytes()


# Thai name, English name and Thai description of each tidy table; the English description is the table
# schema's own (ckanext/kpi/schemas/tables/<table>.json).
TABLE_TEXTS: dict[str, tuple[str, str, str]] = {
    "indicators": ("ตัวชี้วัด", "Indicators", "ตัวชี้วัด (KPI) ที่พบในเอกสารฉบับนี้"),
    "observations": (
        "ค่าของตัวชี้วัด", "Indicator values",
        "ค่าของตัวชี้วัดในรูปตัวเลข: ค่าเป้าหมาย ผลการดำเนินงาน เกณฑ์การให้คะแนน ค่าเป้าหมายตามแผน และค่าฐาน",
    ),
    "plan_elements": (
        "โครงสร้างของแผน", "Plan structure",
        "ลำดับชั้นของแผน: ยุทธศาสตร์ ประเด็นยุทธศาสตร์ องค์ประกอบการประเมิน หมวด PMQA และกลุ่มตัวชี้วัด",
    ),
    "projects": ("โครงการ", "Projects", "โครงการและตำแหน่งในลำดับชั้นของยุทธศาสตร์"),
    "budget": (
        "งบประมาณ", "Budget",
        "งบประมาณของโครงการ กิจกรรม ประเด็นยุทธศาสตร์ และยุทธศาสตร์ ปรับหน่วยเป็นบาท",
    ),
    "activities": ("กิจกรรม", "Activities", "กิจกรรมของโครงการ แยกออกจากรายการในเซลล์ของตาราง"),
    "findings": (
        "ผลการตรวจสอบ", "Findings",
        "ผลการตรวจสอบข้อมูล: ผลรวม น้ำหนัก และค่าเฉลี่ยที่คำนวณซ้ำ ขนาดของตัวเลข และข้อสังเกตด้านโครงสร้าง",
    ),
}


def _table_resource(result: ExtractionResult, table: str) -> ResourceFile:
    schema = load_schema(table)
    rows = result.tables[table]
    name_th, name_en, description_th = TABLE_TEXTS.get(
        table, (schema.get("title", table), schema.get("title", table), schema.get("description", ""))
    )
    schema_path = f"ckanext/kpi/schemas/tables/{table}.json"
    return ResourceFile(
        key=f"{table}.csv",
        name=f"{name_th} ({len(rows)})",
        description=f"{description_th}\n\nโครงสร้างตาราง (Table Schema): {schema_path}",
        format="CSV",
        mimetype="text/csv",
        data=_table_csv(table, rows),
        table=table,
        name_en=f"{name_en} ({len(rows)})",
        description_en=f"{schema.get('description', '')}\n\nTable schema: {schema_path}",
    )


def bundle_json(result: ExtractionResult) -> bytes:
    """The whole document: its metadata, extras and every table as lists of rows (CSV cell texts)."""
    bundle = {
        "document": result.metadata,
        "extras": result.extras,
        "tables": {name: [row_dict(row) for row in rows] for name, rows in result.tables.items()},
    }
    return json.dumps(bundle, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")


def published_original(original: OriginalFile) -> tuple[bytes, int]:
    """The original as it may be published: a text document passes through the personal-data screen, like
    the tables extracted from it; returns the bytes and how many places were redacted."""
    try:
        text = original.body.decode("utf-8")
    except UnicodeDecodeError:
        return original.body, 0  # not text: the publishing gate decides what it can read
    redacted, hits = redact_text(text)
    return (redacted.encode("utf-8"), len(hits)) if hits else (original.body, 0)


def personal_data_found(result: ExtractionResult) -> int:
    """How many places of the document the personal-data screen redacted (its findings)."""
    return sum(1 for finding in result.findings if finding.rule.startswith("personal_data_"))


def _original_resource(original: OriginalFile, result: ExtractionResult | None = None) -> ResourceFile:
    suffix = Path(original.file_name).suffix.lower()
    if result is not None and result.screened_text and personal_data_found(result):
        return _withheld_original(original, result)
    body, redactions = published_original(original)
    description = f"เอกสารตามที่เผยแพร่ที่ {original.public_location} ตารางข้างต้นสกัดมาจากเอกสารนี้"
    description_en = (
        f"The document as published at {original.public_location}. The tables above are extracted from it."
    )
    if redactions:
        description += f" ลบข้อมูลส่วนบุคคลออกแล้ว {redactions} แห่ง (ดูประเภทและบรรทัดใน findings.csv)"
        description_en += (
            f" Personal data was removed in {redactions} places (see findings.csv for kind and line)."
        )
    return ResourceFile(
        key=f"{ORIGINAL_PREFIX}{original.file_name}",
        name=f"เอกสารต้นฉบับ: {original.file_name}",
        description=description,
        format=_ORIGINAL_FORMATS.get(suffix, "TXT"),
        mimetype=original.content_type or "application/octet-stream",
        data=body,
        name_en=f"Original document: {original.file_name}",
        description_en=description_en,
    )


def _withheld_original(original: OriginalFile, result: ExtractionResult) -> ResourceFile:
    """A PDF, DOCX, ODT, HTML or spreadsheet original with personal data is not published as is (its
    bytes cannot be redacted reliably: images, metadata, hidden text): its screened text layer is
    published in its place, under the same key, so a re-import replaces it."""
    count = personal_data_found(result)
    return ResourceFile(
        key=f"{ORIGINAL_PREFIX}{original.file_name}.txt",
        name=f"เอกสารต้นฉบับ (ข้อความ ลบข้อมูลส่วนบุคคลแล้ว): {original.file_name}",
        description=(
            f"ข้อความของเอกสารที่เผยแพร่ที่ {original.public_location} ซึ่งใช้สกัดตารางข้างต้น "
            f"ไฟล์ต้นฉบับมีข้อมูลส่วนบุคคล {count} แห่งจึงไม่เผยแพร่ ตำแหน่งเหล่านั้นแทนด้วย "
            "[personal data removed: ประเภท] (ดู findings.csv)"
        ),
        format="TXT",
        mimetype="text/plain",
        data=result.screened_text.encode("utf-8"),
        name_en=f"Original document (text, personal data removed): {original.file_name}",
        description_en=(
            f"The text of the document published at {original.public_location}, as the tables above were "
            f"extracted from it. The original file contains personal data in {count} places and is not "
            "published; those places are replaced by [personal data removed: kind] (see findings.csv)."
        ),
    )


def build_resource_files(result: ExtractionResult, original: OriginalFile) -> list[ResourceFile]:
    tidy = [
        _table_resource(result, table)
        for table in tables_to_write(result)
        if table != FINDINGS and result.tables[table]
    ]
    bundle = ResourceFile(
        key=f"{result.document_id}.json",
        name=f"ข้อมูลทั้งเอกสาร (JSON): {result.document_id}",
        description="เมทาดาตา ข้อมูลเพิ่มเติม และตารางทั้งหมดของเอกสารในไฟล์ JSON ไฟล์เดียว",
        format="JSON",
        mimetype="application/json",
        data=bundle_json(result),
        name_en=f"Document bundle (JSON): {result.document_id}",
        description_en="Metadata, extras and all tables of the document in one JSON file.",
    )
    return [*tidy, bundle, _table_resource(result, FINDINGS), _original_resource(original, result)]
