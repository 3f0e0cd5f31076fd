"""The five criteria of the OPDC indicator "การพัฒนาระบบบัญชีข้อมูล (Data Catalog) เพื่อนำไปสู่การเปิดเผยข้อมูลภาครัฐ
(Open Data)" (seed 001 line 413), their points, the target level each belongs to, and their wording."""

from __future__ import annotations

from dataclasses import dataclass

# Target levels of the OPDC scoring table (เป้าหมายขั้นต่ำ / มาตรฐาน / ขั้นสูง), lowest first.
MINIMUM = "minimum"
STANDARD = "standard"
ADVANCED = "advanced"
TARGETS = (MINIMUM, STANDARD, ADVANCED)
TARGET_SCORES = {MINIMUM: 50, STANDARD: 75, ADVANCED: 100}
MAX_SCORE = 100


@dataclass(frozen=True)
class Criterion:
    key: str
    points: int
    target: str
    label: dict[str, str]
    # The criterion as OPDC words it (001:413; the scan's typo รายชื่ชุดข้อมูล corrected).
    wording: str


FOCUS_DATASETS = Criterion(
    "focus_datasets",
    50,
    MINIMUM,
    {
        "th": "ชุดข้อมูลที่สัมพันธ์กับประเด็นการดำเนินงานภายใต้ Focus Area",
        "en": "Datasets related to an issue under a Focus Area",
    },
    "มีรายชื่อชุดข้อมูล (Data Set) ที่สัมพันธ์กับกระบวนการทำงานตามประเด็นการดำเนินงานภายใต้ Focus Area",
)
METADATA = Criterion(
    "metadata",
    15,
    STANDARD,
    {"th": "คำอธิบายข้อมูลครบ 14 รายการทุกชุดข้อมูล", "en": "All 14 metadata items on every such dataset"},
    "มีคำอธิบายข้อมูล (Metadata) ที่สอดคล้องตามมาตรฐานที่ สพร. กำหนด (14 รายการ) ของทุกชุดข้อมูล",
)
CATALOG_URL = Criterion(
    "catalog_url",
    10,
    STANDARD,
    {"th": "มีระบบบัญชีข้อมูลของหน่วยงานพร้อมแจ้ง URL", "en": "Agency Data Catalog with its URL reported"},
    "มีระบบบัญชีข้อมูลของหน่วยงาน (Agency Data Catalog) พร้อมแจ้ง URL ระบบบัญชีข้อมูลของหน่วยงาน",
)
OPEN_DATA = Criterion(
    "open_data",
    20,
    ADVANCED,
    {
        "th": "ชุดข้อมูลเปิดหมวดหมู่สาธารณะทุกชุดมีคำอธิบายข้อมูล แหล่งที่มา และเข้าถึงได้ในรูปแบบเปิด",
        "en": "Every open dataset in the public category has its metadata and source, in open formats",
    },
    "นำขึ้นชุดข้อมูล metadata และระบุแหล่งข้อมูล สำหรับชุดข้อมูลที่ถูกจัดในหมวดหมู่สาธารณะ ร้อยละ 100 "
    "ของชุดข้อมูลเปิดทั้งหมดบนระบบบัญชีข้อมูลของหน่วยงาน เพื่อให้สามารถเข้าถึงข้อมูลได้ตามมาตรฐาน"
    "คุณลักษณะแบบเปิดที่ สพร.กำหนด",
)
TANGIBLE_USE = Criterion(
    "tangible_use",
    5,
    ADVANCED,
    {
        "th": "นำข้อมูลเปิดไปใช้ประโยชน์อย่างเป็นรูปธรรมอย่างน้อย 1 ชุดข้อมูล",
        "en": "At least one open dataset used in a tangible way",
    },
    "นำข้อมูลเปิดไปใช้ประโยชน์ได้อย่างเป็นรูปธรรม ตอบโจทย์ตามประเด็นภายใต้ของ focus area อย่างน้อย 1 ชุดข้อมูล",
)

CRITERIA: tuple[Criterion, ...] = (FOCUS_DATASETS, METADATA, CATALOG_URL, OPEN_DATA, TANGIBLE_USE)
