"""``kpi-extract FILE… --out DIR [--profile NAME]``: extract Thai KPI documents into tidy CSV tables.

Exit status: 0 all files extracted; 2 usage error; 3 a file could not be read (empty, damaged, encrypted,
over a size cap, a ZIP bomb, named as one format but another, not UTF-8, missing anchors of a forced profile);
4 a file's family is unknown (only its structure was written);
5 an internal error. With several files the most serious status wins; every file is still attempted.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from .model import ExtractionResult
from .pipeline import extract_document
from .profiles import GENERIC, PROFILES
from .profiles.generic import GenericSettings
from .reading import ExtractionError
from .structure import structure_json
from .tables import write_document_folder

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_BAD_INPUT = 3
EXIT_UNKNOWN_FAMILY = 4
EXIT_INTERNAL_ERROR = 5
_SEVERITY_ORDER = (EXIT_OK, EXIT_UNKNOWN_FAMILY, EXIT_BAD_INPUT, EXIT_INTERNAL_ERROR)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kpi-extract",
        description="Extract KPI, project and budget tables from Thai government KPI documents "
        "(PDF, DOCX, ODT, HTML pages, XLSX/XLS/ODS/CSV spreadsheets, or text extractions) into "
        "DIR/<document_id>/ with document.json and CSV files. The format is read from the file's bytes.",
    )
    parser.add_argument("files", nargs="*", type=Path, metavar="FILE", help="document(s) to read")
    parser.add_argument("--out", type=Path, metavar="DIR", help="output folder (one sub-folder per document)")
    parser.add_argument(
        "--profile",
        choices=sorted([*PROFILES, GENERIC.name]),
        help="force a family profile (or the generic KPI reader) instead of detecting it",
    )
    parser.add_argument(
        "--mapping",
        type=Path,
        metavar="FILE",
        help="an admin mapping (JSON or YAML, schema ckanext/kpi/schemas/mapping.schema.json) saying how to "
        "read the tables the generic reader misreads",
    )
    parser.add_argument(
        "--min-confidence",
        type=float,
        metavar="X",
        help="generic reader: rows read with a confidence below X (0-1, default 0.6) become needs_review "
        "findings instead of observations",
    )
    parser.add_argument(
        "--encoding", help="decode the input with this encoding (e.g. cp874) instead of UTF-8"
    )
    parser.add_argument("--list-profiles", action="store_true", help="list the family profiles and exit")
    parser.add_argument("--quiet", action="store_true", help="print only warnings and errors")
    parser.add_argument("--debug", action="store_true", help="show the traceback of an internal error")
    return parser


def _summary(result: ExtractionResult, folder: Path) -> str:
    counts = ", ".join(
        f"{len(rows)} {name}" for name, rows in result.tables.items() if rows and name != "findings"
    )
    severities = Counter(finding.severity for finding in result.findings)
    findings = ", ".join(f"{count} {severity}" for severity, count in sorted(severities.items()))
    profile = result.profile or "unknown family (structure only)"
    return (
        f"{result.document_id}: {profile}; {counts or 'no rows'}; findings: {findings or 'none'} -> {folder}"
    )


def _extract_one(
    path: Path, args: argparse.Namespace, seen_ids: set[str], options: dict[str, object]
) -> int:
    try:
        result, document = extract_document(path, profile=args.profile, encoding=args.encoding, **options)
        if result.document_id in seen_ids:
            raise ExtractionError(
                f"document id {result.document_id!r} already written in this run", path=path
            )
        seen_ids.add(result.document_id)
        folder = write_document_folder(result, structure_json(document), args.out)
    except ExtractionError as error:
        print(f"kpi-extract: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as error:
        print(f"kpi-extract: error: {path}: cannot write output: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as error:
        if args.debug:
            raise
        print(
            f"kpi-extract: internal error while extracting {path}: {type(error).__name__}: {error} "
            "(re-run with --debug for the traceback)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL_ERROR
    if result.status == "unknown_family":
        _warn_ragged_rows(path, result)
        print(
            f"kpi-extract: warning: {path}: no profile recognises this document; only its structure was "
            f"written to {folder}",
            file=sys.stderr,
        )
        return EXIT_UNKNOWN_FAMILY
    _warn_ragged_rows(path, result)
    if not args.quiet:
        print(_summary(result, folder))
    return EXIT_OK


def _warn_ragged_rows(path: Path, result: ExtractionResult) -> None:
    """Rows wider than their table's header, which no profile explained: worth a look."""
    lines = [str(f.source_line) for f in result.findings if f.rule == "ragged_row"]
    if lines:
        shown = ", ".join(lines[:10]) + (" …" if len(lines) > 10 else "")
        print(
            f"kpi-extract: warning: {path}: {len(lines)} table rows have more cells than their header "
            f"(lines {shown}); the cells are kept, see findings.csv",
            file=sys.stderr,
        )


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.list_profiles:
        # The families; the generic reader is no family (kpi-extract --help names it under --profile).
        for name, profile in sorted(PROFILES.items()):
            print(f"{name}\t{profile.description}")
        return EXIT_OK
    if not args.files:
        parser.error("at least one FILE is required")
    if args.out is None:
        parser.error("--out DIR is required")
    options: dict[str, object] = {}
    try:
        if args.min_confidence is not None:
            options["settings"] = GenericSettings(min_confidence=args.min_confidence).checked()
        if args.mapping is not None:
            from .mapping import load_mapping

            options["mapping"] = load_mapping(args.mapping)
    except (ValueError, ExtractionError) as error:
        print(f"kpi-extract: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    seen_ids: set[str] = set()
    statuses = [_extract_one(path, args, seen_ids, options) for path in args.files]
    return max(statuses, key=_SEVERITY_ORDER.index)


if __name__ == "__main__":
    sys.exit(main())
