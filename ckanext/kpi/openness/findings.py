"""Report entries: what was found, how bad it is, and where (file, sheet, column, rows).

A finding is stored as its code and parameters; the message is rendered when shown, in the reader's language
(the English templates below are the msgids of i18n/th/LC_MESSAGES/ckanext-kpi.po).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

ERROR = "error"
WARNING = "warning"
INFO = "info"

# How many row numbers a finding lists before "…".
ROWS_SHOWN = 10

TEMPLATES: dict[str, str] = {
    "empty-file": "{where}: the file is empty.",
    "too-large": "{where}: {size} bytes, over the limit of {limit} bytes; the content was not checked.",
    "format-mismatch": "{where}: declared as {declared}, but the content is {detected}.",
    "format-not-open": (
        "{where}: {detected} is not an open format (score {score} of 5); also publish it as CSV, JSON, XML "
        "or ODS."
    ),
    "format-open-copy": (
        "{where}: {detected} is not an open format (score {score} of 5); the open CSV copies {copies} are "
        "published beside it."
    ),
    "html-page": (
        '{where}: the content is a web page (title "{title}"), not data; the address may lead to an error '
        "or a log-in page."
    ),
    "archive-bomb": (
        '{where}: archive member "{member}" expands {ratio} times to {size} bytes; refused as a possible '
        "ZIP bomb."
    ),
    "archive-too-large": "{where}: the archive expands to {size} bytes, over the limit of {limit}; refused.",
    "archive-too-many-members": (
        "{where}: the archive has {count} members, over the limit of {limit}; refused."
    ),
    "archive-contents": "{where}: the archive holds {members}.",
    "xml-bomb": (
        '{where}: part "{member}" declares a DTD or entities (a possible XML bomb); refused.'
    ),
    "corrupt-file": "{where}: cannot be read as {format} ({detail}).",
    "check-stopped": "{where}: the check was stopped by the {limit} limit; the file may be too complex.",
    "fetch-failed": "{where}: cannot download {url} ({detail}).",
    "encoding-not-utf8": "{where}: the text is encoded as {encoding}, not UTF-8; save it as UTF-8.",
    "encoding-unknown": (
        "{where}: the text is not UTF-8 (invalid byte on line {line}) and its encoding is not recognised."
    ),
    "blank-header": "{where}: column {column} has no header.",
    "duplicate-header": '{where}: the header "{label}" is used by more than one column ({columns}).',
    "multi-row-header": (
        '{where}: the header seems to span two rows (row 2 has labels such as "{labels}" above numbers); '
        "keep a single header row."
    ),
    "merged-cells": "{where}: merged cells {ranges}; unmerge them and repeat the value in every cell.",
    "merged-cell-artefact": (
        '{where}: column "{column}" is blank in {count} otherwise filled rows (rows {rows}), as merged cells '
        "leave it; repeat the value in every row."
    ),
    "ragged-rows": (
        "{where}: {count} rows do not have the {columns} cells of the header (rows {rows}); a comma inside "
        "an unquoted number splits a cell."
    ),
    "blank-rows": "{where}: {count} blank rows (rows {rows}).",
    "no-data-rows": "{where}: the table has a header but no data rows.",
    "thai-digits": (
        '{where}: numeric column "{column}" has Thai digits in {count} cells (rows {rows}, '
        'e.g. "{example}"); use the digits 0–9.'
    ),
    "thousands-separator": (
        '{where}: numeric column "{column}" has thousands separators in {count} cells (rows {rows}, e.g. '
        '"{example}"); write plain numbers.'
    ),
    "year-era-mix": (
        '{where}: year column "{column}" mixes Buddhist-Era years (e.g. {be_example}, rows {be_rows}) with '
        "Christian-Era years (e.g. {ce_example}, rows {ce_rows}); B.E. = C.E. + 543."
    ),
    "rows-limit": "{where}: only the first {limit} rows were checked.",
}

LOCATION_FILE = "{file}"
LOCATION_SHEET = '{file}, sheet "{sheet}"'


@dataclass
class Finding:
    code: str
    severity: str
    params: dict[str, Any] = field(default_factory=dict)
    sheet: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def row_list(rows: Iterable[int]) -> str:
    """Row numbers as a reader wants them: "3, 7, 9" or "3, 7, 9, … (25 in all)"."""
    numbers = sorted(set(rows))
    shown = ", ".join(str(number) for number in numbers[:ROWS_SHOWN])
    if len(numbers) > ROWS_SHOWN:
        shown += f", … ({len(numbers)})"
    return shown


def worst_severity(findings: Iterable[dict[str, Any]]) -> str | None:
    order = {ERROR: 3, WARNING: 2, INFO: 1}
    worst = max((order[f["severity"]] for f in findings), default=0)
    return {3: ERROR, 2: WARNING, 1: INFO}.get(worst)
