"""Fixtures of the indicator-page tests: seed documents published as ``kpi`` datasets the way the
harvester publishes them (tidy CSV resources in the file store, observations in the DataStore)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ckanext.kpi.testing import organization, sysadmin  # noqa: F401  (fixtures)

PLUGINS = "activity datastore scheming_datasets harvest dcat kpi"
SEED_000 = "000_a7de958303e1344d.txt"
SEED_001 = "001_f22d53a17e33890d.txt"
SEED_004 = "004_7ca3ec07c9ca3b62.txt"
# Keys of the complete example that the harvester sets itself.
NOT_DEFAULTS = ("id", "name", "type", "owner_org", "resources", "private", "title")


def publish_seed(
    seed: Path, *, user: str, owner_org: str, defaults: dict[str, Any], private: bool = False
) -> dict[str, Any]:
    """Extract one seed and publish it as the harvester does; returns the package dict."""
    from ckanext.kpi.harvesters.config import SourceConfig
    from ckanext.kpi.harvesters.publishing import extract_text, publish
    from ckanext.kpi.harvesters.resource_files import OriginalFile

    original = OriginalFile(seed.name, seed.read_bytes(), "text/plain", f"https://example.org/{seed.name}")
    config = SourceConfig(dataset_defaults=defaults, private=private)
    result = extract_text(original, None)
    return publish(result, original, config, owner_org=owner_org, user=user).package


@pytest.fixture
def dataset_defaults(complete_dataset_dict) -> dict[str, Any]:
    return {k: v for k, v in complete_dataset_dict().items() if k not in NOT_DEFAULTS}


@pytest.fixture
def seed_dataset(seeds_dir, sysadmin, organization, dataset_defaults):  # noqa: F811
    """``seed_dataset("001_….txt", private=False)``: the seed published as a kpi dataset."""

    def publish_one(name: str, private: bool = False) -> dict[str, Any]:
        return publish_seed(
            seeds_dir / name,
            user=sysadmin["name"],
            owner_org=organization["id"],
            defaults=dataset_defaults,
            private=private,
        )

    return publish_one
