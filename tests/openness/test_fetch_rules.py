"""The open-format checker downloads linked resources with the one downloader (ckanext.kpi.fetching), so the
stricter rules the harvesters had hold for it too: multicast and IPv4-mapped addresses are refused, and a
declared Content-Length over the cap is refused before any byte is read."""

from __future__ import annotations

import http.server
from collections.abc import Iterator
from typing import Any

import pytest
from ckan.lib import jobs
from ckan.lib.redis import connect_to_redis
from ckan.tests import factories
from ckan.tests.helpers import call_action

from . import files

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index", "clean_queues")

MIB = 1024 * 1024


@pytest.fixture
def linked_resource(complete_dataset_dict) -> Any:
    """``linked_resource(url)``: a resource of a new dataset linking to ``url``, declared as CSV."""
    sysadmin = factories.Sysadmin()
    organization = factories.Organization(user=sysadmin, name="git")
    context = {"user": sysadmin["name"]}
    data = complete_dataset_dict(name="kpi-2567", owner_org=organization["id"], resources=[])
    dataset = call_action("package_create", context=dict(context), **data)

    def create(url: str) -> dict[str, Any]:
        return call_action(
            "resource_create", context=dict(context), package_id=dataset["id"], url=url, name="kpi.csv",
            format="CSV",
        )

    return create


def checked_findings(resource: dict[str, Any]) -> list[dict[str, Any]]:
    jobs.Worker(connection=connect_to_redis()).work(burst=True)
    return call_action("kpi_openness_report_show", id=resource["id"])["findings"]


@pytest.mark.parametrize(
    ("url", "address"),
    [
        ("http://239.255.0.1/kpi.csv", "239.255.0.1"),  # multicast: ``is_global`` alone lets it through
        ("http://[ff0e::1]/kpi.csv", "ff0e::1"),  # global-scope IPv6 multicast
        ("http://[::ffff:127.0.0.1]/kpi.csv", "::ffff:127.0.0.1"),  # loopback behind an IPv4-mapped address
    ],
)
def test_linked_resources_on_multicast_or_mapped_addresses_are_not_fetched(linked_resource, url, address):
    (finding,) = checked_findings(linked_resource(url))
    assert finding["code"] == "fetch-failed"
    assert finding["params"]["detail"] == f"{address} is a private or local address ({address})"


class _HugeDeclaredBody(http.server.BaseHTTPRequestHandler):
    """Declares 5 MiB, sends a few bytes and closes: only the declared length can refuse it at once."""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/csv")
        self.send_header("Content-Length", str(5 * MIB))
        self.end_headers()
        self.wfile.write(b"a,b\n1,2\n")

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def huge_declared_url() -> Iterator[str]:
    with files.serving(_HugeDeclaredBody, "/kpi.csv") as url:
        yield url


@pytest.mark.ckan_config("ckanext.kpi.openness.allow_private_addresses", True)
@pytest.mark.ckan_config("ckanext.kpi.openness.max_file_size_mb", 1)
def test_declared_length_over_the_cap_is_refused_before_reading(linked_resource, huge_declared_url):
    (finding,) = checked_findings(linked_resource(huge_declared_url))
    assert finding["code"] == "fetch-failed"
    assert finding["params"]["detail"] == f"{5 * MIB} bytes is more than the limit of {MIB}"
