"""The pure parts of the harvesters: addresses, listings, cells, years and dates."""

from __future__ import annotations

import pytest

from ckanext.kpi import fetching
from ckanext.kpi.fetching import FetchedFile
from ckanext.kpi.harvesters.config import ConfigError, parse_config
from ckanext.kpi.harvesters.kpi_template import RowProblem, be_year
from ckanext.kpi.harvesters.listing import links_of_index
from ckanext.kpi.harvesters.nso_template import be_date
from ckanext.kpi.harvesters.spreadsheets import cell_ref, cell_text


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2001:4860:4860::8888", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("::1", False),
        ("fe80::1%eth0", False),
        ("fd00::1", False),
        ("::ffff:127.0.0.1", False),
        ("0.0.0.0", False),
        ("100.64.0.1", False),
    ],
)
def test_only_global_addresses_are_public(address, public):
    assert fetching._is_public_address(address) is public


def test_index_links_csv_and_html():
    csv_index = FetchedFile(
        "u",
        "https://agency.go.th/kpi/index.csv",
        "text/csv",
        b"title,url\nA,a.txt\nB,https://x.go.th/b.txt\n",
    )
    assert links_of_index(csv_index, "csv", (".txt",)) == [
        "https://agency.go.th/kpi/a.txt",
        "https://x.go.th/b.txt",
    ]
    html = b'<a href="plan-2567.txt">plan</a><a href="/about.html">about</a><a href="mailto:a@b">m</a>'
    html_index = FetchedFile("u", "https://agency.go.th/kpi/", "text/html", html)
    assert links_of_index(html_index, "html", (".txt",)) == ["https://agency.go.th/kpi/plan-2567.txt"]


@pytest.mark.parametrize(
    ("text", "year"), [("2567", 2567), ("๒๕๖๗", 2567), ("พ.ศ. 2566", 2566), ("67", 2567)]
)
def test_be_years(text, year):
    assert be_year(text) == year


@pytest.mark.parametrize("text", ["2024", "ปีหน้า", ""])
def test_not_be_years(text):
    with pytest.raises(RowProblem):
        be_year(text)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("15/10/2567", "2024-10-15"),
        ("๑/๑๐/๒๕๖๖", "2023-10-01"),
        ("2567-10-15", "2024-10-15"),
        ("2024-10-15", "2024-10-15"),
    ],
)
def test_be_dates(text, iso):
    assert be_date(text) == iso


def test_cells():
    assert cell_ref(0, 0) == "A1"
    assert cell_ref(9, 27) == "AB10"
    assert cell_text(10774.0) == "10774"
    assert cell_text(97.25) == "97.25"
    assert cell_text(float("nan")) == ""


def test_config_errors_name_the_key():
    with pytest.raises(ConfigError) as bad_type:
        parse_config('{"max_bytes": "big"}')
    assert bad_type.value.key == "max_bytes"
    with pytest.raises(ConfigError) as bad_url:
        parse_config('{"documents": ["ftp://x/y.txt"]}')
    assert bad_url.value.key == "documents.0"
    assert parse_config("").private is True
