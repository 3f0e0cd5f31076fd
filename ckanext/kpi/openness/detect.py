"""The real format of a file, from its content: libmagic first, then the structure libmagic cannot see
(which ZIP container, which kind of JSON or XML, delimited text or prose)."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import magic
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from .archive import list_archive, read_member, xml_parts_with_dtd
from .encoding import TextEncoding, detect_encoding
from .findings import ERROR, INFO, Finding
from .limits import Limits
from .policy import SCORES, score_of

SNIFF_BYTES = 64 * 1024
MEMBER_SNIFF_BYTES = 8 * 1024

# libmagic's MIME types that settle the format on their own.
MIME_FORMATS = {
    "application/pdf": "PDF",
    "text/html": "HTML",
    "application/vnd.ms-excel": "XLS",
    "application/msword": "DOC",
    "application/x-dosexec": "EXE",
    "application/vnd.microsoft.portable-executable": "EXE",
    "application/x-executable": "EXE",
    "application/x-sharedlib": "EXE",
    "application/x-mach-binary": "EXE",
    "application/x-pie-executable": "EXE",
}
ZIP_MIMES = frozenset({
    "application/zip",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.text",
})
OPENDOCUMENT_TYPES = {
    "application/vnd.oasis.opendocument.spreadsheet": "ODS",
    "application/vnd.oasis.opendocument.text": "ODT",
}
# Member file extensions, for the formats inside a ZIP archive.
EXTENSION_FORMATS = {
    ".csv": "CSV", ".tsv": "TSV", ".json": "JSON", ".geojson": "GEOJSON", ".xml": "XML", ".rdf": "RDF",
    ".ttl": "TTL", ".jsonld": "JSON-LD", ".kml": "KML", ".ods": "ODS", ".xlsx": "XLSX", ".xls": "XLS",
    ".pdf": "PDF", ".doc": "DOC", ".docx": "DOCX", ".txt": "TXT", ".html": "HTML", ".htm": "HTML",
}
RDF_NAMESPACE = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}RDF"
HTML_START = re.compile(
    rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL
)
HTML_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
TURTLE_START = re.compile(r"^\s*(@prefix|@base|PREFIX\s)", re.IGNORECASE)


@dataclass
class Detection:
    format: str
    mime: str = ""
    encoding: TextEncoding | None = None
    members: dict[str, str] = field(default_factory=dict)  # ZIP archive: member name -> format
    findings: list[Finding] = field(default_factory=list)
    title: str = ""  # of an HTML page

    @property
    def score(self) -> int:
        if self.format == "ZIP" and self.members and all(f in SCORES for f in self.members.values()):
            # An archive of open files is as open as its least open member (docs/open-format.md).
            return max(1, min(score_of(f) for f in self.members.values()))
        return score_of(self.format)


def detect_format(path: Path, limits: Limits) -> Detection:
    """The real format of the file at ``path``; unsafe or unreadable content becomes findings."""
    if path.stat().st_size == 0:
        return Detection("EMPTY", findings=[Finding("empty-file", ERROR)])
    mime = magic.from_file(str(path), mime=True)
    if mime in ZIP_MIMES:
        return _detect_zip(path, mime, limits)
    if mime in MIME_FORMATS:
        detection = Detection(MIME_FORMATS[mime], mime)
        if detection.format == "HTML":
            _describe_html(path, detection)
        return detection
    if mime == "application/CDFV2" or mime == "application/x-ole-storage":
        return Detection(_ole_format(path), mime)
    if mime.startswith("image/"):
        return Detection("IMAGE", mime)
    if mime.startswith("text/") or mime in {"application/json", "application/xml", "application/csv"}:
        return _detect_text(path, mime, limits)
    return Detection("UNKNOWN", mime)


def _ole_format(path: Path) -> str:
    """An OLE2 compound file (libmagic's CDFV2): Excel 97–2003 or Word 97–2003, by its description."""
    description = magic.from_file(str(path))
    if "Excel" in description:
        return "XLS"
    if "Word" in description:
        return "DOC"
    return "UNKNOWN"


def _detect_zip(path: Path, mime: str, limits: Limits) -> Detection:
    listing = list_archive(path, limits)
    if not listing.safe:
        return Detection("ZIP", mime, findings=listing.findings)
    names = set(listing.names)
    if "[Content_Types].xml" in names:
        fmt = "XLSX" if any(n.startswith("xl/") for n in names) else "DOCX"
    elif "mimetype" in names:
        kind = read_member(path, "mimetype", 200).decode("ascii", "replace").strip()
        fmt = OPENDOCUMENT_TYPES.get(kind, "ZIP")
    else:
        fmt = "ZIP"
    detection = Detection(fmt, mime)
    if fmt != "ZIP":
        bombs = xml_parts_with_dtd(path, listing.names)
        detection.findings += [Finding("xml-bomb", ERROR, {"member": name}) for name in bombs]
        return detection
    detection.members = {name: _member_format(path, name) for name in listing.names}
    described = ", ".join(f"{name} ({fmt})" for name, fmt in sorted(detection.members.items()))
    detection.findings.append(Finding("archive-contents", INFO, {"members": described or "nothing"}))
    return detection


def _member_format(path: Path, name: str) -> str:
    """A member's format by its extension, confirmed by libmagic on its first bytes (no full expansion)."""
    by_extension = EXTENSION_FORMATS.get(PurePosixPath(name).suffix.lower(), "UNKNOWN")
    head = read_member(path, name, MEMBER_SNIFF_BYTES)
    mime = magic.from_buffer(head, mime=True)
    if mime in MIME_FORMATS:
        return MIME_FORMATS[mime]
    if by_extension in {"CSV", "TSV", "JSON", "GEOJSON", "XML", "TXT"} and not mime.startswith(
        ("text/", "application/json", "application/csv", "application/xml")
    ):
        return "UNKNOWN"
    return by_extension


def _describe_html(path: Path, detection: Detection) -> None:
    head = path.read_bytes()[:SNIFF_BYTES].decode("utf-8", "replace")
    match = HTML_TITLE.search(head)
    detection.title = " ".join(match.group(1).split())[:200] if match else ""
    detection.findings.append(Finding("html-page", ERROR, {"title": detection.title}))


def _detect_text(path: Path, mime: str, limits: Limits) -> Detection:
    data = path.read_bytes()
    encoding = detect_encoding(data)
    if HTML_START.match(data[:SNIFF_BYTES]):
        detection = Detection("HTML", mime, encoding)
        _describe_html(path, detection)
        return detection
    text = data.decode(encoding.codec or "latin-1", "replace").lstrip("\ufeff")
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        fmt = _json_format(text)
    elif stripped.startswith("<"):
        return _xml_detection(text, mime, encoding)
    elif TURTLE_START.match(stripped[:1000]):
        fmt = "TTL"
    else:
        fmt = _delimited_format(text[:SNIFF_BYTES])
    return Detection(fmt, mime, encoding)


def _json_format(text: str) -> str:
    try:
        document = json.loads(text)
    except ValueError:
        return "TXT"
    if isinstance(document, dict) and "@context" in document:
        return "JSON-LD"
    if isinstance(document, dict) and document.get("type") in {"FeatureCollection", "Feature"}:
        return "GEOJSON"
    return "JSON"


def _xml_detection(text: str, mime: str, encoding: TextEncoding) -> Detection:
    try:
        # defusedxml refuses entity declarations (billion laughs) and external references.
        root = fromstring(text.encode("utf-8"))
    except DefusedXmlException:
        return Detection("XML", mime, encoding, findings=[Finding("xml-bomb", ERROR, {"member": "/"})])
    except Exception as error:
        return Detection("XML", mime, encoding, findings=[
            Finding("corrupt-file", ERROR, {"format": "XML", "detail": str(error)[:200]})
        ])
    if root.tag == RDF_NAMESPACE:
        return Detection("RDF", mime, encoding)
    if root.tag.endswith("}kml") or root.tag == "kml":
        return Detection("KML", mime, encoding)
    return Detection("XML", mime, encoding)


def _delimited_format(sample: str) -> str:
    """CSV or TSV when the sample has a delimiter that splits its lines evenly, else plain text."""
    lines = [line for line in sample.splitlines()[:50] if line.strip()]
    if len(lines) > 1 and not sample.endswith("\n"):
        lines = lines[:-1]  # the sample may end inside a line
    if not lines:
        return "TXT"
    try:
        delimiter = csv.Sniffer().sniff("\n".join(lines), delimiters=",;\t|").delimiter
    except csv.Error:
        # Ragged rows defeat the sniffer; a delimiter on most lines still makes a table.
        delimiter = next((d for d in "\t,;" if sum(d in line for line in lines) >= 0.8 * len(lines)), "")
    if not delimiter or (len(lines) == 1 and delimiter not in lines[0]):
        return "TXT"
    return "TSV" if delimiter == "\t" else "CSV"
