"""Reading a seed file: refuse empty, binary and non-UTF-8 input with a message naming file and line."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

# Bytes that never occur in a text extraction (controls other than TAB, LF, CR, FF).
_CONTROL_BYTES = frozenset(range(32)) - {9, 10, 12, 13}
_BINARY_CONTROL_RATIO = 0.01
_THAI_BLOCK = range(0x0E00, 0x0E80)


class ExtractionError(Exception):
    """A document that cannot be extracted; the message names the file and, where known, the line."""

    def __init__(self, message: str, *, path: Path | str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        location = self.path or "<input>"
        if self.line is not None:
            location = f"{location}:{self.line}"
        return f"{location}: {self.message}"


@dataclass(frozen=True)
class SourceText:
    """A decoded seed file. ``lines[0]`` is line 1, so ``line(n)`` matches editors and ``sed -n``."""

    path: Path
    text: str
    lines: tuple[str, ...]
    sha256: str
    size_bytes: int
    encoding: str
    # Where each line came from in a PDF, DOCX, HTML page or spreadsheet (``source_refs[n - 1]`` for line n);
    # empty for a text extraction, whose line number is its own reference.
    source_refs: tuple[str, ...] = ()
    source_format: str = "txt"
    reader_warnings: tuple[str, ...] = ()
    page_count: int | None = None

    def line(self, number: int) -> str:
        return self.lines[number - 1]

    def source_ref(self, number: int | None) -> str:
        """The place line ``number`` came from (``table 3 · row 5``, ``p. 12 · table 3``), or ``""``."""
        if not number or not self.source_refs or number > len(self.source_refs):
            return ""
        return self.source_refs[number - 1]


def _line_of_offset(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _check_not_binary(data: bytes, path: Path) -> None:
    nul = data.find(b"\x00")
    if nul >= 0:
        raise ExtractionError(
            "binary data (NUL byte), not a text extraction", path=path, line=_line_of_offset(data, nul)
        )
    sample = data[:65536]
    controls = sum(1 for byte in sample if byte in _CONTROL_BYTES)
    if sample and controls / len(sample) > _BINARY_CONTROL_RATIO:
        raise ExtractionError(f"binary data ({controls} control bytes in the first {len(sample)})", path=path)


def _looks_like_legacy_thai(data: bytes) -> bool:
    try:
        decoded = data.decode("cp874")
    except UnicodeDecodeError:
        return False
    thai_letters = sum(1 for ch in decoded if ord(ch) in _THAI_BLOCK)
    return thai_letters > len(decoded) * 0.05


def _decode(data: bytes, path: Path, encoding: str | None) -> tuple[str, str]:
    if encoding:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as error:
            raise ExtractionError(f"cannot decode as {encoding}: {error}", path=path) from None
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as error:
        line = _line_of_offset(data, error.start)
        if _looks_like_legacy_thai(data):
            raise ExtractionError(
                "not UTF-8: the bytes look like a legacy Thai encoding (TIS-620/cp874); "
                "convert it (iconv -f CP874 -t UTF-8) or pass --encoding cp874",
                path=path,
                line=line,
            ) from None
        raise ExtractionError(
            f"not UTF-8 (invalid byte 0x{data[error.start]:02x})", path=path, line=line
        ) from None


def read_source(path: Path | str, *, encoding: str | None = None) -> SourceText:
    """Read and decode one seed file, or raise :class:`ExtractionError` with a clear message."""
    path = Path(path)
    if not path.exists():
        raise ExtractionError("no such file", path=path)
    if not path.is_file():
        raise ExtractionError("not a regular file", path=path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ExtractionError(f"cannot read: {error.strerror}", path=path) from None
    if not data.strip():
        raise ExtractionError("empty file" if not data else "empty file (whitespace only)", path=path)
    _check_not_binary(data, path)
    text, used_encoding = _decode(data, path, encoding)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return SourceText(
        path=path,
        text=text,
        lines=tuple(text.split("\n")),
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        encoding=used_encoding,
    )


def read_document(path: Path | str, *, encoding: str | None = None) -> SourceText:
    """Any supported document as a :class:`SourceText`: a text extraction through :func:`read_source`, a
    PDF, DOCX, ODT, HTML page or spreadsheet through its reader (:mod:`.readers`), rendered into the same
    text layout with a source reference per line. Raises :class:`ExtractionError` (a ``ReaderError`` for
    the other formats) with a message naming the file."""
    from .readers import render_file  # the readers import this module

    path = Path(path)
    if not path.exists():
        raise ExtractionError("no such file", path=path)
    if not path.is_file():
        raise ExtractionError("not a regular file", path=path)
    rendition = None if encoding else render_file(path)
    if rendition is None:
        return read_source(path, encoding=encoding)
    data = path.read_bytes()
    if not rendition.text.strip():
        raise ExtractionError(
            f"no text found in this {rendition.source_format.upper()} file / ไม่พบข้อความในไฟล์", path=path
        )
    return SourceText(
        path=path,
        text=rendition.text,
        lines=tuple(rendition.text.split("\n")),
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        encoding="utf-8",
        source_refs=rendition.source_refs,
        source_format=rendition.source_format,
        reader_warnings=rendition.warnings,
        page_count=rendition.page_count,
    )
