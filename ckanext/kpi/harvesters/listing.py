"""What a source lists: the URLs in its config, or the links of an index (CSV or HTML) at its URL, or the
URL itself when it is a document. Only the source's own listing is read, never the catalog."""

from __future__ import annotations

import csv
import dataclasses
import io
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from .config import SourceConfig
from .fetching import INDEX_TYPES, FetchedFile, FetchPolicy, fetch

_URL_COLUMNS = ("url", "document_url", "link", "href")


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


def _html_links(text: str) -> list[str]:
    parser = _LinkParser()
    parser.feed(text)
    return parser.links


def _csv_links(text: str) -> list[str]:
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return []
    header = [cell.strip().lower() for cell in rows[0]]
    column = next((header.index(name) for name in _URL_COLUMNS if name in header), None)
    if column is not None:
        return [row[column].strip() for row in rows[1:] if len(row) > column and row[column].strip()]
    return [
        cell.strip() for row in rows for cell in row[:1] if cell.strip().startswith(("http://", "https://"))
    ]


def index_kind(fetched: FetchedFile, config: SourceConfig) -> str:
    """csv, html, or none (the URL is a document itself)."""
    if config.index_format != "auto":
        return config.index_format
    if fetched.content_type == "text/csv":
        return "csv"
    if fetched.content_type in ("text/html", "application/xhtml+xml"):
        return "html"
    return "none"


def links_of_index(fetched: FetchedFile, kind: str, suffixes: tuple[str, ...]) -> list[str]:
    """Absolute http(s) links of an index; HTML links only when their path ends in a wanted suffix."""
    text = fetched.body.decode("utf-8-sig", errors="replace")
    raw = _csv_links(text) if kind == "csv" else _html_links(text)
    links = []
    for link in raw:
        absolute = urljoin(fetched.final_url, link)
        path = urlsplit(absolute).path.lower()
        if urlsplit(absolute).scheme not in ("http", "https"):
            continue
        if kind == "html" and not path.endswith(suffixes):
            continue
        links.append(absolute)
    return list(dict.fromkeys(links))


def listed_urls(
    source_url: str, config: SourceConfig, policy: FetchPolicy, suffixes: tuple[str, ...]
) -> list[str]:
    """The document URLs of a source. Raises ``FetchError`` when the index cannot be read."""
    if config.documents:
        return list(dict.fromkeys(config.documents))
    if config.index_format == "none":
        return [source_url]
    # Every other rule of the source's policy (size, time, private network) holds for the index too.
    index_policy = dataclasses.replace(
        policy,
        allowed_types=(policy.allowed_types or frozenset()) | INDEX_TYPES,
        allowed_suffixes=(*policy.allowed_suffixes, ".csv", ".html", ".htm"),
    )
    fetched = fetch(source_url, index_policy)
    kind = index_kind(fetched, config)
    if kind == "none":
        return [source_url]
    return links_of_index(fetched, kind, suffixes)
