"""The openness policy: canonical format names, the 0–5 score of each, and what counts as open.

The DGA defines an open format (คุณลักษณะแบบเปิด) as one "not restricted by conditions of the product's owner,
freely accessible without charge, usable or processable by many programs". That is the third star of the
5-star scheme (non-proprietary, machine-readable), so:

* machine-readable means a score of 2 or more (the seed-003 KPI "Machine Readable Format");
* open means a score of 3 or more (the DGA definition, and the OPDC "+20" criterion).

XLS and XLSX score 2: machine-readable, but their specification is controlled by one vendor, which is what
the DGA definition excludes. Every XLS/XLSX/ODS upload therefore gets CSV copies (3), and a spreadsheet with
a current open copy counts as open for the dataset figures. docs/open-format.md explains the choices.
"""

from __future__ import annotations

# Scores after ckanext-qa's public table (the idea, not the code), with the formats our detector names.
SCORES: dict[str, int] = {
    "RDF": 5,
    "TTL": 5,
    "N3": 5,
    "JSON-LD": 5,
    "CSV": 3,
    "TSV": 3,
    "JSON": 3,
    "GEOJSON": 3,
    "XML": 3,
    "KML": 3,
    "ODS": 3,
    "XLSX": 2,
    "XLS": 2,
    "PDF": 1,
    "DOC": 1,
    "DOCX": 1,
    "ODT": 1,
    "TXT": 1,
    "ZIP": 1,
    "IMAGE": 1,
    "HTML": 0,
    "EXE": 0,
    "EMPTY": 0,
    "UNKNOWN": 0,
}

MACHINE_READABLE_SCORE = 2
OPEN_SCORE = 3

# Formats read as tables: checked with frictionless, and spreadsheets given CSV copies.
DELIMITED_FORMATS = frozenset({"CSV", "TSV"})
SPREADSHEET_FORMATS = frozenset({"XLSX", "XLS", "ODS"})

# A detected format that is a special case of the declared one is no mismatch (RDF/XML is XML, …).
SPECIALISATIONS: dict[str, frozenset[str]] = {
    "XML": frozenset({"RDF", "KML"}),
    "JSON": frozenset({"GEOJSON", "JSON-LD"}),
    "CSV": frozenset({"TSV", "TXT"}),  # a one-column CSV has no delimiter to sniff
    "TSV": frozenset({"TXT"}),
    "TXT": frozenset({"CSV", "TSV"}),
    "RDF": frozenset({"TTL", "N3", "JSON-LD"}),
}

# What people type in CKAN's format field, mapped to the canonical name.
ALIASES: dict[str, str] = {
    "TEXT/CSV": "CSV",
    "COMMA SEPARATED VALUES": "CSV",
    "TAB SEPARATED VALUES": "TSV",
    "TEXT/TAB-SEPARATED-VALUES": "TSV",
    "APPLICATION/JSON": "JSON",
    "APPLICATION/GEO+JSON": "GEOJSON",
    "APPLICATION/LD+JSON": "JSON-LD",
    "JSONLD": "JSON-LD",
    "APPLICATION/XML": "XML",
    "TEXT/XML": "XML",
    "APPLICATION/RDF+XML": "RDF",
    "RDF/XML": "RDF",
    "TURTLE": "TTL",
    "TEXT/TURTLE": "TTL",
    "EXCEL": "XLSX",
    "MS EXCEL": "XLS",
    "APPLICATION/VND.MS-EXCEL": "XLS",
    "APPLICATION/VND.OPENXMLFORMATS-OFFICEDOCUMENT.SPREADSHEETML.SHEET": "XLSX",
    "APPLICATION/VND.OASIS.OPENDOCUMENT.SPREADSHEET": "ODS",
    "APPLICATION/PDF": "PDF",
    "APPLICATION/MSWORD": "DOC",
    "WORD": "DOCX",
    "TEXT/PLAIN": "TXT",
    "TEXT": "TXT",
    "TEXT/HTML": "HTML",
    "HTM": "HTML",
    "WEB PAGE": "HTML",
    "APPLICATION/ZIP": "ZIP",
    "PNG": "IMAGE",
    "JPG": "IMAGE",
    "JPEG": "IMAGE",
    "GIF": "IMAGE",
}


def canonical_format(declared: str | None) -> str:
    """The canonical name of a format as typed in CKAN ("csv", ".xlsx", "text/csv" …); "" when blank."""
    text = (declared or "").strip().lstrip(".").upper()
    return ALIASES.get(text, text)


def score_of(fmt: str) -> int:
    """The 0–5 openness score of a canonical format; an unknown format scores 0."""
    return SCORES.get(fmt, 0)


def is_open(score: int) -> bool:
    return score >= OPEN_SCORE


def is_machine_readable(score: int) -> bool:
    return score >= MACHINE_READABLE_SCORE


def satisfies(detected: str, declared: str) -> bool:
    """Whether content of the ``detected`` format may be published under the ``declared`` one."""
    if not declared or detected == declared:
        return True
    return detected in SPECIALISATIONS.get(declared, frozenset())
