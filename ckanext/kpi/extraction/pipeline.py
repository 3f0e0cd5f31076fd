"""One document from file to :class:`ExtractionResult`: read, stage 1, choose a profile, stage 2."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from pathlib import Path

from .checks import budget_plausibility_findings, info, warning
from .grid import Grid
from .model import ExtractionResult
from .personal_data import screen_source
from .profiles import GENERIC, choose_profile, profile_scores
from .profiles.generic import GenericReading, GenericSettings, generic_metadata, merge_into
from .profiles.generic import read_document as read_generic
from .reading import SourceText, read_document
from .structure import Document, parse_document

EXTRACTOR = "ckanext-kpi kpi-extract"


def _extractor_version() -> str:
    """A digest of the extraction code (this package's modules and table schemas), so a harvester re-extracts
    an unchanged document whenever the extractor changes, without anyone having to bump a number."""
    package = Path(__file__).parent
    digest = hashlib.sha256()
    sources = sorted(package.rglob("*.py")) + sorted((package.parent / "schemas" / "tables").glob("*.json"))
    for source in sources:
        digest.update(source.relative_to(package.parent).as_posix().encode())
        digest.update(source.read_bytes())
    return "1." + digest.hexdigest()[:12]


EXTRACTOR_VERSION = _extractor_version()
_UNSAFE_ID_RE = re.compile(r"[^A-Za-z0-9_.-]+")


def document_id_for(path: Path, sha256: str) -> str:
    """The file name without extension when it is path-safe; otherwise its safe part plus a short content
    hash, so that two Thai file names never collapse into the same id."""
    slug = _UNSAFE_ID_RE.sub("-", path.stem).strip("-.")
    if slug == path.stem:
        return slug
    return f"{slug}-{sha256[:8]}" if slug else f"doc-{sha256[:16]}"


def _structure_findings(grid: Grid) -> list:
    findings = [
        info(
            "page_break_glue",
            f"continuation row glued onto line {glue.onto_line} after a repeated header "
            f"(confidence {glue.confidence})",
            glue.line,
            stated=glue.confidence,
        )
        for glue in grid.glues
    ]
    findings.extend(
        warning(
            "ragged_row",
            f"table at line {grid.line_start}: row has more cells than its {grid.width}-column "
            "header; the extra cells are kept",
            line,
        )
        for line in grid.ragged_lines
    )
    return findings


def _base_metadata(document: Document, document_id: str) -> dict[str, object]:
    source = document.source
    return {
        "document_id": document_id,
        "source_file": source.path.name,
        "sha256": source.sha256,
        "size_bytes": source.size_bytes,
        "encoding": source.encoding,
        "source_format": source.source_format,
        **({"page_count": source.page_count} if source.page_count is not None else {}),
        "line_count": len(source.lines),
        "digit_system": document.digit_system(),
        "extractor": {"name": EXTRACTOR, "version": EXTRACTOR_VERSION},
        "extracted_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "block_count": len(document.blocks),
        "table_count": len(document.grids),
    }


def _cited_lines(result: ExtractionResult) -> set[int]:
    """Every line a profile's rows cite: the tables around them are the profile's, not the generic
    reader's."""
    lines: set[int] = set()
    for name, rows in result.tables.items():
        if name == "findings":
            continue
        for row in rows:
            lines.add(row.source_line)
            lines.update(int(part) for part in (getattr(row, "source_lines", "") or "").split(";") if part)
    return lines


def extract_document(
    path: Path | str,
    *,
    profile: str | None = None,
    encoding: str | None = None,
    settings: GenericSettings | None = None,
    mapping: object | None = None,
) -> tuple[ExtractionResult, Document]:
    """Extract one file of any supported format (text extraction, PDF, DOCX, ODT, HTML, spreadsheet).
    Raises :class:`.reading.ExtractionError` for input that cannot be read.

    ``mapping`` (a :class:`.mapping.Mapping`) reads the tables it names the way an admin wrote, before
    any profile or the generic reader; ``settings`` holds the generic reader's confidence threshold."""
    # Personal data is removed before stage 1, so no output file can carry it (issue 6, H43); for a PDF,
    # DOCX … it is screened in the rendered text layer, which is all the later stages see.
    source, personal_findings = screen_source(read_document(path, encoding=encoding))
    document = parse_document(source)
    document_id = document_id_for(source.path, source.sha256)
    settings = settings or GenericSettings.from_env()
    chosen = choose_profile(document, profile)
    chosen_by = "override" if profile else "content"
    generic: GenericReading | None = None
    mapped = None
    if mapping is not None:
        from .mapping import Mapping, apply_mapping

        if not isinstance(mapping, Mapping):
            raise TypeError("mapping must be a ckanext.kpi.extraction.mapping.Mapping")
        # The admin's mapping reads its tables (and, unless it says otherwise, the generic reader the rest).
        mapped = apply_mapping(document, mapping, settings)
        if not profile:
            chosen, chosen_by = GENERIC, "mapping"
    elif chosen is None and not profile:
        # No family is sure enough: the generic reader decides whether the document has KPI tables.
        generic = read_generic(document, settings)
        if generic.observations or generic.indicators or generic.tables:
            chosen, chosen_by = GENERIC, "generic_reader"
    result = ExtractionResult(
        document_id, "complete" if chosen else "unknown_family", chosen.name if chosen else None
    )
    result.metadata.update(_base_metadata(document, document_id))
    result.metadata.update(
        status=result.status,
        profile=result.profile,
        profile_scores=profile_scores(document),
        profile_chosen_by=chosen_by,
        generic_min_confidence=settings.min_confidence,
    )
    result.add("findings", *personal_findings)
    result.add("findings", *(info("reader_note", note) for note in source.reader_warnings))
    for grid in document.grids:
        result.add("findings", *_structure_findings(grid))
    if mapped is not None:
        merge_into(result, mapped.reading)
        result.metadata["mapping"] = {
            "source": mapping.source,
            "tables": len(mapping.tables),
            "year_convention": mapping.data.get("year_convention", "be"),
            "fiscal_year_start_month": mapping.data.get("fiscal_year_start_month", 10),
        }
    if chosen is None:
        result.add(
            "findings",
            info(
                "unknown_family",
                "no profile recognises this document and it has no KPI table; only its stage-1 "
                "structure (structure.json) is written",
            ),
        )
    elif chosen is GENERIC:
        if mapped is not None:
            generic = mapped.reading  # already merged above
        else:
            generic = generic or read_generic(document, settings)
            merge_into(result, generic)
        result.metadata.update(generic_metadata(document, generic))
    else:
        chosen.extract(document, result)
        _tables_by_profile(result, document, chosen.name)
        # Tables the profile left unread get the generic reader (a KPI table the family does not expect).
        if mapped is None:
            merge_into(
                result,
                read_generic(document, settings, skip_lines=_cited_lines(result), self_contained_only=True),
            )
        result.add("findings", *budget_plausibility_findings(result.tables["budget"]))
    _stamp_document_id(result)
    _stamp_source_refs(result, source)
    if source.source_format not in ("txt", "md"):
        result.screened_text = source.text
    return result, document


def _tables_by_profile(result: ExtractionResult, document: Document, profile: str) -> None:
    """document.json says which reader produced each table: the profile's are the grids its rows cite."""
    cited = _cited_lines(result)
    tables = result.metadata.setdefault("tables_read", [])
    for grid in document.grids:
        if any(grid.line_start <= line <= grid.line_end for line in cited):
            tables.append(
                {
                    "table": f"grid{grid.index}",
                    "layout": grid.source_format,
                    "line_start": grid.line_start,
                    "line_end": grid.line_end,
                    "reader": profile,
                    "status": "read",
                }
            )


def _stamp_document_id(result: ExtractionResult) -> None:
    for rows in result.tables.values():
        for row in rows:
            row.document_id = result.document_id


def _stamp_source_refs(result: ExtractionResult, source: SourceText) -> None:
    """Every row of a PDF, DOCX, HTML or spreadsheet document says where its line came from in the
    original (``p. 12 · table 3 · row 5``); the line numbers alone point into the rendered text."""
    if not source.source_refs:
        return
    for rows in result.tables.values():
        for row in rows:
            if not row.source_ref:
                row.source_ref = source.source_ref(row.source_line)
