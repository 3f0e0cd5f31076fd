"""Value-to-URI maps between the DGA metadata values (as ckanext-thai_gdc stores them) and the controlled
vocabularies DCAT-AP 3 asks for: the EU Publications Office authority tables (frequency, access right,
language, country, file type, licence) and IANA media types.

Every map here goes both ways: the profile serializes with the forward map and parses with the reverse.
"""

from __future__ import annotations

import re

from rdflib import Namespace, URIRef

from ckanext.kpi.vocabulary import PUBLIC_CATEGORY as PUBLIC_DATA_CATEGORY

# Terms that DCAT-AP has no property for (objective, data category, ...). A w3id.org permanent identifier
# keeps the namespace stable whatever hosts the project; see docs/dcat.md.
DGA = Namespace("https://w3id.org/ckanext-kpi/dga#")

EU_AUTHORITY = "http://publications.europa.eu/resource/authority/"
FREQUENCY = Namespace(EU_AUTHORITY + "frequency/")
ACCESS_RIGHT = Namespace(EU_AUTHORITY + "access-right/")
LANGUAGE = Namespace(EU_AUTHORITY + "language/")
COUNTRY = Namespace(EU_AUTHORITY + "country/")
FILE_TYPE = Namespace(EU_AUTHORITY + "file-type/")
LICENCE = Namespace(EU_AUTHORITY + "licence/")
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"

OTHER = "อื่นๆ"

# ---- update frequency: (update_frequency_unit, update_frequency_interval) <-> EU frequency ----------

# Periodic units with every interval the EU table has a code for. Anything else is OTHER (the exact unit
# and interval always travel beside it as dga:updateFrequencyUnit / dga:updateFrequencyInterval).
_PERIODIC_FREQUENCIES: dict[tuple[str, int], str] = {
    ("ปี", 1): "ANNUAL",
    ("ปี", 2): "BIENNIAL",
    ("ปี", 3): "TRIENNIAL",
    ("ปี", 4): "QUADRENNIAL",
    ("ปี", 5): "QUINQUENNIAL",
    ("ปี", 10): "DECENNIAL",
    ("ครึ่งปี", 1): "ANNUAL_2",
    ("ไตรมาส", 1): "QUARTERLY",
    ("ไตรมาส", 2): "ANNUAL_2",
    ("ไตรมาส", 4): "ANNUAL",
    ("เดือน", 1): "MONTHLY",
    ("เดือน", 2): "BIMONTHLY",
    ("เดือน", 3): "QUARTERLY",
    ("เดือน", 4): "ANNUAL_3",
    ("เดือน", 6): "ANNUAL_2",
    ("เดือน", 12): "ANNUAL",
    ("สัปดาห์", 1): "WEEKLY",
    ("สัปดาห์", 2): "BIWEEKLY",
    ("วัน", 1): "DAILY",
    ("วัน", 7): "WEEKLY",
    ("วันทำการ", 1): "DAILY",
    ("ชั่วโมง", 1): "HOURLY",
    ("ชั่วโมง", 2): "BIHOURLY",
    ("ชั่วโมง", 3): "TRIHOURLY",
    ("ชั่วโมง", 12): "12HRS",
    ("นาที", 1): "1MIN",
    ("นาที", 5): "5MIN",
    ("นาที", 10): "10MIN",
    ("นาที", 15): "15MIN",
    ("นาที", 30): "30MIN",
}
# Units that carry no interval.
_APERIODIC_FREQUENCIES: dict[str, str] = {
    "ตามเวลาจริง": "UPDATE_CONT",
    "ไม่มีการปรับปรุงหลังจากการจัดเก็บข้อมูล": "NEVER",
    "ไม่ทราบ": "UNKNOWN",
    OTHER: "OTHER",
}
_UNMAPPED_FREQUENCY = "OTHER"


def frequency_uri(unit: str, interval: str | int | None) -> URIRef | None:
    """The EU frequency of "every ``interval`` ``unit``" (a missing interval means 1)."""
    if not unit:
        return None
    if unit in _APERIODIC_FREQUENCIES:
        return FREQUENCY[_APERIODIC_FREQUENCIES[unit]]
    code = _PERIODIC_FREQUENCIES.get((unit, parse_interval(interval) or 1), _UNMAPPED_FREQUENCY)
    return FREQUENCY[code]


# The first (unit, interval) listed for a code is the one a parsed frequency reads back as.
_FREQUENCY_BY_CODE: dict[str, tuple[str, int | None]] = {}
for (_unit, _interval), _code in _PERIODIC_FREQUENCIES.items():
    _FREQUENCY_BY_CODE.setdefault(_code, (_unit, _interval))
for _unit, _code in _APERIODIC_FREQUENCIES.items():
    _FREQUENCY_BY_CODE.setdefault(_code, (_unit, None))


def frequency_from_uri(uri: str) -> tuple[str, int | None] | None:
    """(update_frequency_unit, interval or None) of an EU frequency URI; None for other URIs."""
    if not uri.startswith(str(FREQUENCY)):
        return None
    return _FREQUENCY_BY_CODE.get(uri[len(str(FREQUENCY)) :])


def parse_interval(interval: str | int | None) -> int | None:
    """update_frequency_interval is free text in thai_gdc: a positive whole number, or nothing usable."""
    text = str(interval or "").strip()
    return int(text) if re.fullmatch(r"[1-9][0-9]{0,3}", text) else None


# ---- data category <-> EU access right --------------------------------------------------------------

_ACCESS_RIGHT_BY_CATEGORY: dict[str, str] = {
    PUBLIC_DATA_CATEGORY: "PUBLIC",
    "ข้อมูลใช้ภายใน": "RESTRICTED",
    "ข้อมูลส่วนบุคคล": "NON_PUBLIC",
    "ข้อมูลความมั่นคง": "NON_PUBLIC",
    "ข้อมูลความลับทางราชการ": "NON_PUBLIC",
}


def access_right_uri(data_category: str) -> URIRef | None:
    code = _ACCESS_RIGHT_BY_CATEGORY.get(data_category)
    return ACCESS_RIGHT[code] if code else None


def data_category_from_access_right(uri: str) -> str | None:
    """Only PUBLIC names one category; RESTRICTED and NON_PUBLIC cover several."""
    return PUBLIC_DATA_CATEGORY if uri == str(ACCESS_RIGHT.PUBLIC) else None


# ---- geo coverage <-> dct:spatial --------------------------------------------------------------------

# The coverage levels that lie inside one country are, for a Thai agency, inside Thailand. The others
# (world, continent, economic group, coordinates) name no place the EU tables can point to.
THAILAND = COUNTRY.THA
_COVERAGE_INSIDE_THAILAND = frozenset(("ประเทศ", "ภาค", "จังหวัด", "อำเภอ", "ตำบล", "หมู่บ้าน", "เทศบาล/อบต."))
COUNTRY_COVERAGE = "ประเทศ"


def spatial_uri(geo_coverage: str) -> URIRef | None:
    return THAILAND if geo_coverage in _COVERAGE_INSIDE_THAILAND else None


def geo_coverage_from_spatial(uri: str) -> str | None:
    return COUNTRY_COVERAGE if uri == str(THAILAND) else None


# ---- data_language <-> EU language -------------------------------------------------------------------

_LANGUAGE_CODES: dict[str, str] = {
    "ไทย": "THA",
    "อังกฤษ": "ENG",
    "จีน": "ZHO",
    "มลายู": "MSA",
    "พม่า": "MYA",
    "ลาว": "LAO",
    "เขมร": "KHM",
    "ญี่ปุ่น": "JPN",
    "เกาหลี": "KOR",
    "ฝรั่งเศส": "FRA",
    "เยอรมัน": "DEU",
    "อารบิก": "ARA",
}
_LANGUAGE_BY_CODE = {code: name for name, code in _LANGUAGE_CODES.items()}
# CKAN locale codes (ckan.locales_offered) of the catalog itself.
_LOCALE_CODES: dict[str, str] = {"th": "THA", "en": "ENG"}


def language_uri(data_language: str) -> URIRef | None:
    code = _LANGUAGE_CODES.get(data_language)
    return LANGUAGE[code] if code else None


def locale_language_uri(locale: str) -> URIRef | None:
    code = _LOCALE_CODES.get(locale.split("_")[0].lower())
    return LANGUAGE[code] if code else None


def data_language_from_uri(uri: str) -> str | None:
    if not uri.startswith(str(LANGUAGE)):
        return None
    return _LANGUAGE_BY_CODE.get(uri[len(str(LANGUAGE)) :])


# ---- license_id (thai_gdc licence titles) <-> licence URIs ------------------------------------------

OPEN_DATA_COMMON = "Open Data Common"
# Thailand's Open Data Common licence has no URI of its own: it gets one in the DGA namespace, which
# docs/dcat.md asks DGA to replace with an official one.
_LICENCE_URIS: dict[str, URIRef] = {
    OPEN_DATA_COMMON: URIRef(str(DGA) + "licence-open-data-common"),
    "Creative Commons Attributions": LICENCE.CC_BY_4_0,
    "Creative Commons Attribution Non-Commercial": LICENCE.CC_BYNC_4_0,
    "Creative Commons Attribution Share-Alike": LICENCE.CC_BYSA_4_0,
    "Creative Commons Attribution Non-Commercial Share-Alike": LICENCE.CC_BYNCSA_4_0,
    "Creative Commons Attribution Non-Commercial No-Derivs": LICENCE.CC_BYNCND_4_0,
    "Creative Commons Attribution No-Derivs": LICENCE.CC_BYND_4_0,
}
_LICENCE_BY_URI = {str(uri): title for title, uri in _LICENCE_URIS.items()}


def licence_uri(license_title: str) -> URIRef | None:
    """None for อื่นๆ and titles outside thai_gdc's list: those become a described blank node."""
    return _LICENCE_URIS.get(license_title)


def licence_title_from_uri(uri: str) -> str | None:
    return _LICENCE_BY_URI.get(uri)


# ---- resource format <-> EU file type, media type <-> IANA ------------------------------------------

# CKAN format labels (upper-cased) whose EU file-type code differs from the label.
_FILE_TYPE_CODE_EXCEPTIONS: dict[str, str] = {"RDF": "RDF_XML", "TTL": "RDF_TURTLE", "JSON-LD": "JSON_LD"}
_FILE_TYPE_CODES = frozenset(
    (
        "CSV", "TSV", "XLS", "XLSX", "ODS", "JSON", "XML", "PDF", "HTML", "DOC", "DOCX", "ODT", "TXT", "ZIP",
        "RDF_XML", "RDF_TURTLE", "JSON_LD", "SHP", "GEOJSON", "KML", "GML", "GPKG", "JPEG", "PNG", "TIFF",
        "PPT", "PPTX",
    )
)  # fmt: skip
_FORMAT_BY_FILE_TYPE = {code: label for label, code in _FILE_TYPE_CODE_EXCEPTIONS.items()}


def file_type_uri(resource_format: str) -> URIRef | None:
    label = resource_format.strip().upper()
    code = _FILE_TYPE_CODE_EXCEPTIONS.get(label, label)
    return FILE_TYPE[code] if code in _FILE_TYPE_CODES else None


def format_from_file_type(uri: str) -> str | None:
    if not uri.startswith(str(FILE_TYPE)):
        return None
    code = uri[len(str(FILE_TYPE)) :]
    return _FORMAT_BY_FILE_TYPE.get(code, code) if code in _FILE_TYPE_CODES else None


_MEDIA_TYPE_RE = re.compile(r"[a-z]+/[A-Za-z0-9.+-]+")


def media_type_uri(media_type: str) -> URIRef | None:
    """The IANA register URI of a media type such as ``text/csv``."""
    media_type = media_type.strip()
    return URIRef(IANA_MEDIA_TYPES + media_type) if _MEDIA_TYPE_RE.fullmatch(media_type) else None
