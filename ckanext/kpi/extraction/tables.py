"""Writing one document's outputs: ``DIR/<document_id>/`` with document.json, structure.json and CSVs.

Everything is written into a hidden temporary folder next to the target and renamed into place only when
complete, so an interrupted run never leaves output that looks finished.
"""

from __future__ import annotations

import csv
import json
import os
import secrets
import shutil
from functools import cache
from pathlib import Path
from typing import Any

from .model import ExtractionResult, row_dict

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas" / "tables"
ALWAYS_WRITTEN = ("indicators", "observations", "projects", "budget", "findings")
WRITTEN_WHEN_NOT_EMPTY = ("activities", "plan_elements")


@cache
def load_schema(table: str) -> dict[str, Any]:
    """The Frictionless Table Schema of one output table."""
    return json.loads((SCHEMA_DIR / f"{table}.json").read_text(encoding="utf-8"))


def field_names(table: str) -> list[str]:
    return [field["name"] for field in load_schema(table)["fields"]]


def write_csv(path: Path, table: str, rows: list[Any]) -> int:
    """UTF-8 with a byte-order mark (Excel reads a CSV file as UTF-8 only with one; every CSV reader of this
    project decodes ``utf-8-sig``), one header row in schema order, values formatted by
    :func:`.model.cell_value`."""
    names = field_names(table)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=names, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(row_dict(row))
    return len(rows)


def tables_to_write(result: ExtractionResult) -> list[str]:
    optional = [name for name in WRITTEN_WHEN_NOT_EMPTY if result.tables[name]]
    return [*ALWAYS_WRITTEN, *optional]


def _write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")


def write_document_folder(result: ExtractionResult, structure: dict[str, Any], out_dir: Path) -> Path:
    """Write all outputs of one document atomically and return the final folder."""
    out_dir.mkdir(parents=True, exist_ok=True)
    final = out_dir / result.document_id
    staging = out_dir / f".{result.document_id}.{os.getpid()}.{secrets.token_hex(4)}.partial"
    staging.mkdir()
    try:
        written = {}
        for table in tables_to_write(result):
            rows = write_csv(staging / f"{table}.csv", table, result.tables[table])
            written[table] = {
                "path": f"{table}.csv",
                "rows": rows,
                "schema": f"ckanext/kpi/schemas/tables/{table}.json",
            }
        _write_json(staging / "structure.json", structure)
        document = {**result.metadata, "tables": written, "extras": result.extras}
        _write_json(staging / "document.json", document)
        if final.exists():
            shutil.rmtree(final)
        staging.rename(final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return final
