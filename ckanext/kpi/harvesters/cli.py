"""The body of ``ckan kpi load`` (the click command lives in ckanext/kpi/cli.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import ckan.plugins.toolkit as tk

from ckanext.kpi.extraction.mapping import MappingError, load_mapping
from ckanext.kpi.extraction.reading import ExtractionError

from .config import ConfigError, parse_config
from .fetching import FetchError
from .loading import load, read_location


def run_load(
    location: str, org: str, config_file: str | None, public: bool, mapping_file: str | None = None
) -> Iterator[tuple[str, bool]]:
    """(line, ok) pairs: one per dataset, one per issue; ok is False for what failed."""
    try:
        text = Path(config_file).read_text(encoding="utf-8") if config_file else "{}"
        data = json.loads(text or "{}")
        if public:
            data["private"] = False
        if mapping_file:
            # JSON or YAML; checked against the mapping schema by parse_config (errors name the field).
            data["mapping"] = load_mapping(mapping_file).data
        config = parse_config(json.dumps(data, ensure_ascii=False))
        user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
        for outcome in load(read_location(location, config), config, org=org, user=user):
            ok = outcome.status != "rejected"
            yield f"{outcome.name}: {outcome.status}{': ' + outcome.message if outcome.message else ''}", ok
            for issue in outcome.issues:
                yield f"  {issue.summary()}", True
    except (ConfigError, json.JSONDecodeError) as error:
        yield f"config: {error}", False
    except MappingError as error:
        yield str(error), False
    except FetchError as error:
        yield f"{error.url}: {error.rule}: {error.message}", False
    except ExtractionError as error:
        yield str(error), False
    except OSError as error:
        yield f"{location}: {error}", False
    except tk.ObjectNotFound as error:
        yield f"organization {org}: {error}", False
