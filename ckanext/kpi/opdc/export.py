"""The assessment as CSV: the score, each criterion, every passing and failing dataset with its reasons,
and the openness figures, one row each, so a spreadsheet can filter by ``record`` and ``criterion``."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

COLUMNS = ("record", "criterion", "points", "earned", "met", "dataset", "dataset_title", "code", "value",
           "message")
# A cell starting with one of these is a formula to spreadsheet programs; a dataset title must stay text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


def _score_row(result: dict[str, Any]) -> dict[str, Any]:
    return {
        "record": "score", "points": result["max_score"], "earned": result["score"],
        "met": result["target_reached"] is not None, "code": result["target_reached"] or "",
        "message": f'{result["target_name"]}. {result["combination_rule"]} {result["scope_note"]}',
    }


def _criterion_rows(criterion: dict[str, Any]) -> Iterator[dict[str, Any]]:
    key = criterion["key"]
    yield {
        "record": "criterion", "criterion": key, "points": criterion["points"], "earned": criterion["earned"],
        "met": criterion["met"], "code": criterion["summary"]["code"],
        "message": " ".join(filter(None, [criterion["summary"]["message"], criterion["note"]])),
    }
    for dataset in criterion["passing"]:
        yield {"record": "passing", "criterion": key, "dataset": dataset["name"],
               "dataset_title": dataset["title"]}
    for failure in criterion["failing"]:
        dataset = failure["dataset"]
        for reason in failure["reasons"]:
            yield {
                "record": "failing", "criterion": key, "dataset": dataset["name"],
                "dataset_title": dataset["title"], "code": reason["code"], "message": reason["message"],
            }


def _openness_rows(openness: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for name, value in openness.items():
        if not isinstance(value, list):  # per-organisation breakdowns belong to the catalog-wide summary
            yield {"record": "openness", "code": name, "value": value}


def rows(result: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The CSV rows of a ``kpi_opdc_assessment`` result."""
    yield _score_row(result)
    for criterion in result["criteria"]:
        yield from _criterion_rows(criterion)
    yield from _openness_rows(result["openness"])


def csv_text(result: dict[str, Any]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows(result):
        writer.writerow({column: _cell(row.get(column)) for column in COLUMNS})
    return buffer.getvalue()
