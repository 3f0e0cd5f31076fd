"""Format readers: PDF, DOCX/ODT, HTML and spreadsheets rendered into the text layout of :mod:`.base`.

:func:`sniff_format` names a file's real format from its bytes (never from its extension alone: a ``.pdf``
that a server answered with an HTML error page is refused as such), :func:`check_container` refuses ZIP
bombs before any XML is parsed, and :func:`render_bytes` / :func:`render_file` dispatch to the reader.
Text extractions (``.txt``, ``.md``) keep the existing :func:`..reading.read_source` path.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path, PurePath

from .base import ReaderError, ReaderLimits, Rendition

__all__ = [
    "BINARY_SUFFIXES",
    "DOCUMENT_SUFFIXES",
    "ReaderError",
    "ReaderLimits",
    "Rendition",
    "check_container",
    "render_bytes",
    "render_file",
    "sniff_format",
]

TEXT_FORMATS = frozenset({"txt", "md"})
# Every suffix an entrance (kpi-extract, the document harvester, ckan kpi load, an upload) accepts.
DOCUMENT_SUFFIXES = (
    ".txt",
    ".md",
    ".pdf",
    ".docx",
    ".odt",
    ".html",
    ".htm",
    ".xlsx",
    ".xlsm",
    ".xls",
    ".ods",
    ".csv",
)
BINARY_SUFFIXES = (".pdf", ".docx", ".odt", ".xlsx", ".xlsm", ".xls", ".ods", ".doc")
_FORMAT_NAMES = {
    "pdf": "PDF",
    "docx": "Word (DOCX)",
    "odt": "OpenDocument text (ODT)",
    "xlsx": "Excel workbook (XLSX)",
    "xls": "Excel 97-2003 workbook (XLS)",
    "ods": "OpenDocument spreadsheet (ODS)",
    "html": "HTML page",
    "csv": "CSV table",
    "txt": "text",
    "md": "text",
    "zip": "ZIP archive",
    "ole": "Office 97-2003 file",
}
_ODF_MIMETYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
}
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta ", b"<title", b"<table", b"<div")


def _suffix_format(file_name: str) -> str:
    suffix = PurePath(file_name).suffix.lower().lstrip(".")
    return {"htm": "html", "xlsm": "xlsx", "markdown": "md"}.get(suffix, suffix)


def _zip_format(data: bytes, file_name: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                if mimetype in _ODF_MIMETYPES:
                    return _ODF_MIMETYPES[mimetype]
            if "word/document.xml" in names:
                return "docx"
            if "xl/workbook.xml" in names:
                return "xlsx"
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise ReaderError(
            f"damaged ZIP container, cannot be opened ({error}) / ไฟล์เสียหาย เปิดไม่ได้", path=file_name
        ) from None
    return "zip"


def sniff_format(data: bytes, file_name: str) -> str:
    """The format the bytes are: pdf, docx, odt, xlsx, ods, xls, ole, zip, html, csv, md or txt."""
    head = data[:2048]
    if head.startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_format(data, file_name)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls" if _suffix_format(file_name) in ("xls", "") else "ole"
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if any(lowered.startswith(marker) for marker in _HTML_MARKERS[:6]) or (
        b"<html" in lowered and b"</" in lowered
    ):
        return "html"
    claimed = _suffix_format(file_name)
    if claimed in ("html", "csv", "md", "txt"):
        return claimed
    return "txt"


def check_container(data: bytes, file_name: str, limits: ReaderLimits) -> None:
    """Refuse a ZIP container (DOCX, ODT, XLSX, ODS) whose members would inflate beyond the caps, before
    anything is decompressed: the sizes come from the central directory, and a member's declared size is
    enforced while it is read by :mod:`zipfile` itself (a lying header fails with a CRC/size error)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise ReaderError(f"damaged ZIP container ({error}) / ไฟล์เสียหาย", path=file_name) from None
    if len(members) > 10_000:
        raise ReaderError(
            f"{len(members)} parts in the container: refused / ไฟล์มีส่วนประกอบมากเกินไป", path=file_name
        )
    total = sum(member.file_size for member in members)
    compressed = sum(member.compress_size for member in members)
    if total > limits.max_uncompressed_bytes:
        raise ReaderError(
            f"would unpack to {total:,} bytes, over the cap of {limits.max_uncompressed_bytes:,} "
            "(a ZIP bomb?) "
            "/ ไฟล์ขยายตัวเกินขนาดที่กำหนด (อาจเป็น ZIP bomb)",
            path=file_name,
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > 1024 * 1024 and ratio > limits.max_compression_ratio:
            raise ReaderError(
                f"part {member.filename} is compressed {ratio:,.0f}:1, over the cap of "
                f"{limits.max_compression_ratio:,.0f}:1 (a ZIP bomb?) / อัตราการบีบอัดสูงผิดปกติ (อาจเป็น ZIP bomb)",
                path=file_name,
            )
    if compressed and total / compressed > limits.max_compression_ratio and total > 1024 * 1024:
        raise ReaderError(
            f"compressed {total / compressed:,.0f}:1 overall (a ZIP bomb?) / อัตราการบีบอัดสูงผิดปกติ",
            path=file_name,
        )


def _refuse_mismatch(real: str, file_name: str) -> None:
    """A file whose name promises a binary document but whose bytes are something else: most often a
    server's HTML error or login page saved under the document's name."""
    claimed = _suffix_format(file_name)
    if claimed == "doc" or real == "ole":
        raise ReaderError(
            "a Word 97-2003 (.doc) file: save it as DOCX or PDF / ไฟล์ Word รุ่นเก่า (.doc) "
            "กรุณาบันทึกเป็น DOCX หรือ PDF",
            path=file_name,
        )
    if claimed in ("pdf", "docx", "odt", "xlsx", "xls", "ods") and claimed != real:
        if claimed == "xls" and real in ("xlsx", "ods", "html"):
            return  # Excel opens these under .xls; so do we
        raise ReaderError(
            f"named .{claimed} but the content is {_FORMAT_NAMES.get(real, real)}"
            + (" (perhaps an error or login page saved under the document's name)" if real == "html" else "")
            + f" / ชื่อไฟล์เป็น .{claimed} แต่เนื้อหาเป็น {_FORMAT_NAMES.get(real, real)}",
            path=file_name,
        )
    if real == "zip":
        raise ReaderError(
            "a ZIP archive that is no DOCX, ODT, XLSX or ODS document / ไฟล์ ZIP ที่ไม่ใช่เอกสาร", path=file_name
        )


def render_bytes(data: bytes, file_name: str, limits: ReaderLimits | None = None) -> Rendition | None:
    """The document rendered as the text layout, or ``None`` for a text extraction (the caller reads it
    with :func:`..reading.read_source`). Raises :class:`ReaderError` with a bilingual message."""
    limits = limits or ReaderLimits()
    if len(data) > limits.max_bytes:
        raise ReaderError(
            f"{len(data):,} bytes, over the size cap of {limits.max_bytes:,} / ไฟล์ใหญ่เกินขนาดที่กำหนด",
            path=file_name,
        )
    if not data.strip():
        return None  # read_source names an empty file
    real = sniff_format(data, file_name)
    _refuse_mismatch(real, file_name)
    if real in TEXT_FORMATS:
        return None
    if real in ("docx", "odt", "xlsx", "ods"):
        check_container(data, file_name, limits)
    if real == "pdf":
        try:
            from .pdf import render_pdf  # built separately (issue 18, PDF part)
        except ImportError:
            raise ReaderError(
                "PDF reading is not available in this installation / ระบบนี้ยังอ่านไฟล์ PDF ไม่ได้",
                path=file_name,
            ) from None
        return render_pdf(data, file_name, limits)
    if real == "docx":
        from .docx import render_docx

        return render_docx(data, file_name, limits)
    if real == "odt":
        from .odt import render_odt

        return render_odt(data, file_name, limits)
    if real == "html":
        from .html import render_html

        return render_html(data, file_name, limits)
    from .sheets import render_spreadsheet

    return render_spreadsheet(data, file_name, limits, real)


def render_file(path: Path | str, limits: ReaderLimits | None = None) -> Rendition | None:
    """:func:`render_bytes` on a file; ``None`` for a text extraction."""
    path = Path(path)
    limits = limits or ReaderLimits()
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ReaderError(f"cannot read: {error.strerror}", path=path.name) from None
    if size > limits.max_bytes:
        raise ReaderError(
            f"{size:,} bytes, over the size cap of {limits.max_bytes:,} / ไฟล์ใหญ่เกินขนาดที่กำหนด", path=path.name
        )
    return render_bytes(path.read_bytes(), path.name, limits)
