"""The contract every format reader meets: a document of any format rendered as the text layout the
extraction already reads, with the place each line came from.

Why a text rendition and not a second block model: the profiles, checks and tidy tables are written
against :mod:`..blocks` (which parses the text layout), so a reader that writes that layout makes every
profile work unchanged on every format, and a difference between formats can be read with ``diff``.

The layout (the same as the text extractions of the seeds):
- ``# `` … ``###### `` headings (the level from the heading style / outline level / font size);
- ``- `` list items (numbered items keep their number: ``1. ``);
- table rows as TAB-separated cells, one physical row per line; a merged cell's text is written once,
  in its first grid position, and the positions it covers are empty, so two-row headers read as in the
  text path; a TAB or line break inside a cell becomes one space (Thai text is joined without one);
- a blank line between blocks (and between two tables).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..reading import ExtractionError


class ReaderError(ExtractionError):
    """A file a reader cannot read; the message names the file and, where known, the page."""

    def __init__(self, message: str, *, path: str | None = None, page: int | None = None) -> None:
        super().__init__(message, path=path)
        self.page = page

    def __str__(self) -> str:
        location = self.path or "<input>"
        if self.page is not None:
            location = f"{location} (page {self.page})"
        return f"{location}: {self.message}"


@dataclass(frozen=True)
class ReaderLimits:
    """Caps that keep a hostile or huge file from exhausting the machine."""

    max_bytes: int = 50 * 1024 * 1024
    max_pages: int = 2000
    max_uncompressed_bytes: int = 300 * 1024 * 1024  # ZIP containers (DOCX, ODT, XLSX, ODS)
    max_compression_ratio: float = 200.0
    max_cells: int = 2_000_000  # spreadsheets


@dataclass(frozen=True)
class Rendition:
    """A document rendered as the text layout above.

    ``source_refs[n - 1]`` says where line ``n`` of ``text`` came from, in words a person can follow back:
    ``p. 12 · table 3 · row 5`` (PDF), ``table 3 · row 5`` or ``paragraph 41`` (DOCX/ODT/HTML),
    ``Sheet1!7`` (a spreadsheet row; the column letter is added per cell), ``""`` for a blank line and for
    the text format, whose line number is its own reference.
    """

    text: str
    source_refs: tuple[str, ...]
    source_format: str  # txt, md, docx, odt, pdf, html, xlsx, xls, ods, csv
    warnings: tuple[str, ...] = field(default_factory=tuple)
    page_count: int | None = None

    def __post_init__(self) -> None:
        if len(self.source_refs) != len(self.text.split("\n")):
            raise ValueError("a Rendition needs exactly one source_ref per line of its text")
