"""Fixtures of the OPDC assessment tests: organisations whose datasets are published through the DGA schema,
each described by what matters to the assessment (focus area, category, formats, missing items …)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.support.fixtures import (  # noqa: F401  (fixtures)
    csrf_token_in,
    drop_stored_fields,
    log_in_through_form,
    sysadmin,
    sysadmin_context,
)

GOVERNMENT = "ด้านการบริหารจัดการภาครัฐ"
ISSUE = "การขับเคลื่อน e-Service ภาครัฐ"
CATALOG_URL = "https://catalog.git.or.th"
# What makes a dataset related to an issue, personal data, or used in a dashboard.
RELATED = {"focus_area": GOVERNMENT, "focus_area_issue": ISSUE}
PERSONAL = {"data_category": "ข้อมูลส่วนบุคคล", "data_classification": "ลับ", "private": True}
USED = {"used_in_url": "https://dashboard.git.or.th/courses", "used_in_title": "แดชบอร์ดหลักสูตรฝึกอบรม"}
ANONYMOUS = {"user": "", "ignore_auth": False}


def as_user(user: dict[str, Any] | None) -> dict[str, Any]:
    """A context that goes through the auth functions (call_action skips them by default)."""
    return {"user": user["name"] if user else "", "ignore_auth": False}


def dataset_title(name: str) -> str:
    return f"ชุดข้อมูล {name}"


@pytest.fixture
def make_organization(sysadmin) -> Callable[..., dict[str, Any]]:  # noqa: F811
    """``make_organization(name, catalog_url="")``: an organisation, with the reported URL as its extra."""

    def create(name: str, catalog_url: str = "") -> dict[str, Any]:
        extras = [{"key": "opdc_catalog_url", "value": catalog_url}] if catalog_url else []
        return factories.Organization(name=name, title=f"หน่วยงาน {name}", user=sysadmin, extras=extras)

    return create


@pytest.fixture
def publish(sysadmin_context, complete_dataset_dict) -> Callable[..., dict[str, Any]]:  # noqa: F811
    """``publish(organization, name, formats=("CSV",), missing=(), **fields)``: a dataset with one linked
    resource per format, created through the schema; ``missing`` items are then dropped from the database
    (the schema refuses them), as legacy data lacks them."""

    def create(organization: dict[str, Any], name: str, *, formats: tuple[str, ...] = ("CSV",),
               missing: tuple[str, ...] = (), **fields: Any) -> dict[str, Any]:
        resources = [
            {"name": f"{name}-{fmt.lower()}", "format": fmt,
             "url": f"https://data.git.or.th/{name}.{fmt.lower()}"}
            for fmt in formats
        ]
        fields.setdefault("title", dataset_title(name))
        data = complete_dataset_dict(name=name, owner_org=organization["id"], resources=resources, **fields)
        created = call_action("package_create", context=dict(sysadmin_context), **data)
        if missing:
            drop_stored_fields(created["id"], *missing)
        return created

    return create


PASSWORD = "correct-horse-battery-staple"


def csrf_token(client: Any, url: str) -> str:
    return csrf_token_in(client.get(url).body)


@pytest.fixture
def browser(app) -> Callable[[dict[str, Any] | None], Any]:
    """``browser(user)``: a client with its own cookies, logged in through the login form as a person is (a
    session cookie, not an API token, so CSRF checks apply); ``browser(None)`` stays anonymous."""

    def open_as(user: dict[str, Any] | None) -> Any:
        client = app.test_client()
        if user:
            log_in_through_form(client, user["name"], PASSWORD)
        return client

    return open_as


@pytest.fixture
def mixed_organization(make_organization, publish) -> dict[str, Any]:
    """A public related dataset that passes everything, and a private personal-data one missing an item:
    95 for the public, 80 for members."""
    organization = make_organization("git", CATALOG_URL)
    publish(organization, "courses", **RELATED)
    publish(organization, "customers", missing=("objective",), **RELATED, **PERSONAL)
    return organization


@pytest.fixture
def member_of(sysadmin_context) -> Callable[[str, str], dict[str, Any]]:  # noqa: F811
    """``member_of(organization, role)``: a new user with that role in the organisation."""

    def create(organization: str, role: str) -> dict[str, Any]:
        user = factories.User(password=PASSWORD)
        call_action("organization_member_create", context=dict(sysadmin_context), id=organization,
                    username=user["name"], role=role)
        return user

    return create
