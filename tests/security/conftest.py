"""Fixtures of the security tests: the people of the access matrix (each with an API token, so that every
request of a test is made as that person), a KPI document published through the harvester's import
(``ckan kpi load``), and the hostile strings the rendering tests plant."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.support.fixtures import organization, sysadmin, sysadmin_context  # noqa: F401  (fixtures)

PLUGINS = "activity datastore scheming_datasets harvest dcat kpi"
SEED_001 = "001_f22d53a17e33890d.txt"
# Keys of the complete example that the import sets itself.
SET_BY_THE_IMPORT = ("id", "name", "type", "owner_org", "resources", "private", "title")
ROLES = ("anonymous", "outsider", "member", "editor", "sysadmin")
# Who may read a private dataset of the organisation: its members of every role, and sysadmins. The
# outsider is the admin of another organisation.
READERS = frozenset({"member", "editor", "sysadmin"})


@dataclass(frozen=True)
class Person:
    role: str
    name: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": self.token} if self.token else {}

    @property
    def context(self) -> dict[str, Any]:
        """An action context that goes through the auth functions (call_action skips them by default)."""
        return {"user": self.name, "ignore_auth": False}


def _person(role: str, user: dict[str, Any]) -> Person:
    return Person(role, user["name"], factories.APIToken(user=user["name"])["token"])


@pytest.fixture
def other_organization(sysadmin) -> dict[str, Any]:  # noqa: F811
    return factories.Organization(name="dip", title="กรมทรัพย์สินทางปัญญา", user=sysadmin)


@pytest.fixture
def people(sysadmin, organization, other_organization) -> dict[str, Person]:  # noqa: F811
    """role → Person: anonymous, the admin of another organisation, a member, an editor, a sysadmin."""

    def with_role(org: dict[str, Any], role: str) -> dict[str, Any]:
        user = factories.User()
        call_action("organization_member_create", id=org["id"], username=user["name"], role=role)
        return user

    return {
        "anonymous": Person("anonymous", "", ""),
        "outsider": _person("outsider", with_role(other_organization, "admin")),
        "member": _person("member", with_role(organization, "member")),
        "editor": _person("editor", with_role(organization, "editor")),
        "sysadmin": _person("sysadmin", sysadmin),
    }


@pytest.fixture
def dataset_defaults(complete_dataset_dict) -> dict[str, Any]:
    """The DGA metadata a harvest source gives every dataset it creates (the complete example's)."""
    return {k: v for k, v in complete_dataset_dict().items() if k not in SET_BY_THE_IMPORT}


@pytest.fixture
def load_document(sysadmin, organization, dataset_defaults) -> Callable[..., dict[str, Any]]:  # noqa: F811
    """``load_document(path, private=True, **defaults)``: the file published through ``ckan kpi load``'s
    import (extraction, tidy CSV resources, DataStore rows); returns the package dict."""
    from ckanext.kpi.harvesters.config import SourceConfig
    from ckanext.kpi.harvesters.loading import load, read_location

    def publish(path: Path, private: bool = True, **defaults: Any) -> dict[str, Any]:
        config = SourceConfig(dataset_defaults={**dataset_defaults, **defaults}, private=private)
        original = read_location(str(path), config)
        outcomes = list(load(original, config, org=organization["name"], user=sysadmin["name"]))
        assert [outcome.status for outcome in outcomes] == ["created"], outcomes
        return call_action("package_show", id=outcomes[0].name)

    return publish


@pytest.fixture
def private_kpi(load_document, seeds_dir) -> dict[str, Any]:
    """Seed 001 (the OPDC assessment of GIT) published private in the organisation ``git``."""
    return load_document(seeds_dir / SEED_001, private=True)
