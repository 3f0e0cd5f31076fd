"""Source configuration of the KPI harvesters: one JSON Schema, validated with ``jsonschema``.

Both harvesters share the keys; ``kpi_table`` ignores the document-only ones (``profile``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import jsonschema

ON_MISSING_KEEP = "keep"
ON_MISSING_WITHDRAW = "withdraw"
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_CONNECT_TIMEOUT = 5.0
DEFAULT_READ_TIMEOUT = 30.0

_HTTP_URL = {"type": "string", "pattern": "^https?://", "maxLength": 2000}

CONFIG_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "documents": {"type": "array", "items": _HTTP_URL, "maxItems": 5000},
        "index_format": {"enum": ["auto", "csv", "html", "none"]},
        "owner_org": {"type": "string", "minLength": 2, "maxLength": 100},
        "fiscal_year_be": {"type": "integer", "minimum": 2400, "maximum": 2700},
        "document_kind": {"type": "string", "minLength": 1},
        "profile": {"type": "string", "minLength": 1},
        "dataset_defaults": {"type": "object"},
        "name_prefix": {"type": "string", "pattern": "^[a-z0-9_-]{0,40}$"},
        "private": {"type": "boolean"},
        "on_missing": {"enum": [ON_MISSING_KEEP, ON_MISSING_WITHDRAW]},
        "allow_private_network": {"type": "boolean"},
        "max_bytes": {"type": "integer", "minimum": 1024, "maximum": 200 * 1024 * 1024},
        "connect_timeout": {"type": "number", "exclusiveMinimum": 0, "maximum": 60},
        "read_timeout": {"type": "number", "exclusiveMinimum": 0, "maximum": 600},
        # An admin mapping for a layout the generic reader misreads (ckanext/kpi/schemas/mapping.schema.json),
        # validated by ckanext.kpi.extraction.mapping so its errors name the mapping's own field.
        "mapping": {"type": "object"},
    },
}


class ConfigError(ValueError):
    """A source configuration that does not validate; ``key`` names the offending key."""

    def __init__(self, message: str, key: str = "") -> None:
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class SourceConfig:
    """The validated configuration of one harvest source, with defaults filled in."""

    documents: tuple[str, ...] = ()
    index_format: str = "auto"
    owner_org: str = ""
    fiscal_year_be: int | None = None
    document_kind: str = ""
    profile: str | None = None
    dataset_defaults: dict[str, Any] = field(default_factory=dict)
    name_prefix: str = ""
    private: bool = True
    on_missing: str = ON_MISSING_KEEP
    allow_private_network: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT
    read_timeout: float = DEFAULT_READ_TIMEOUT
    mapping: dict[str, Any] | None = None

    def fingerprint(self) -> str:
        """What, besides the document bytes, changes the dataset: a changed value forces a re-import."""
        relevant = {
            "owner_org": self.owner_org,
            "fiscal_year_be": self.fiscal_year_be,
            "document_kind": self.document_kind,
            "profile": self.profile,
            "dataset_defaults": self.dataset_defaults,
            "name_prefix": self.name_prefix,
            "private": self.private,
            "mapping": self.mapping,
        }
        return json.dumps(relevant, sort_keys=True, ensure_ascii=False)


def _error_key(error: jsonschema.ValidationError) -> str:
    if error.validator == "additionalProperties":
        unknown = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return ".".join([*map(str, error.absolute_path), *unknown[:1]])
    return ".".join(str(part) for part in error.absolute_path)


def parse_config(text: str | None) -> SourceConfig:
    """The config of a source: empty means all defaults. Raises :class:`ConfigError` naming the key."""
    if not text or not text.strip():
        return SourceConfig()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ConfigError(
            f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        ) from error
    validator = jsonschema.Draft202012Validator(CONFIG_SCHEMA)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        key = _error_key(first)
        raise ConfigError(f"{key or 'config'}: {first.message}", key)
    if "mapping" in data:
        from ckanext.kpi.extraction.mapping import MappingError, validate_mapping

        try:
            validate_mapping(data["mapping"], source="config")
        except MappingError as error:
            key = f"mapping.{error.field}" if error.field != "(mapping)" else "mapping"
            raise ConfigError(f"{key}: {error.message_en} / {error.message_th}", key) from error
    data["documents"] = tuple(data.get("documents", ()))
    return SourceConfig(**data)


def mapping_of(config: SourceConfig) -> Any:
    """The config's mapping as a :class:`ckanext.kpi.extraction.mapping.Mapping` (None without one)."""
    if config.mapping is None:
        return None
    from ckanext.kpi.extraction.mapping import validate_mapping

    return validate_mapping(config.mapping, source="config.mapping")
