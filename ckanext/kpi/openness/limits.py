"""The limits one check works within, so that no file can exhaust the worker (sizes, ratios, time, memory)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 50 * MIB
    # ZIP containers (ZIP, XLSX, ODS, DOCX): total expanded size, members, and expansion ratio of one member.
    max_expanded_bytes: int = 256 * MIB
    max_members: int = 10_000
    max_member_ratio: int = 200
    # Rows a table check reads per table (frictionless limit_rows); errors kept per table.
    max_rows: int = 100_000
    max_errors: int = 1_000
    # The isolated check process: wall-clock seconds and address space.
    timeout_seconds: int = 120
    max_memory_bytes: int = 2048 * MIB

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> Limits:
        return cls(**{key: int(value) for key, value in values.items() if key in cls.__dataclass_fields__})
