"""The one downloader of ckanext-kpi: every outbound fetch (harvest sources, ``ckan kpi load``, the
open-format checker's linked resources) goes through :func:`fetch` or :func:`fetch_to_file`, so one set of
rules holds everywhere: http(s) only, SSRF protection (private, loopback, link-local, multicast and
IPv4-mapped addresses refused) applied again to every redirect target (redirects are followed by hand),
connect and read timeouts, a size cap checked against Content-Length and while reading, and content-type
checks.

Known limit: the address is checked before ``requests`` connects, so a DNS answer that changes between
the check and the connection (DNS rebinding) is not caught; a forward proxy with its own egress rules
remains the production safeguard.
"""

from __future__ import annotations

import hashlib
import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests

MAX_REDIRECTS = 5
_CHUNK = 64 * 1024
USER_AGENT = "ckanext-kpi/1.0 (+https://github.com/ckanext-kpi)"

TEXT_TYPES = frozenset({"text/plain", "text/markdown"})
# Documents the format readers read (issue 18); the readers check the bytes, not this label.
DOCUMENT_TYPES = TEXT_TYPES | frozenset(
    {
        "application/pdf",
        "application/x-pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.oasis.opendocument.text",
        "text/html",
        "application/xhtml+xml",
    }
)
INDEX_TYPES = frozenset({"text/csv", "text/html", "application/xhtml+xml"})
SPREADSHEET_TYPES = frozenset(
    {
        "text/csv",
        "application/csv",
        "application/vnd.ms-excel",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.oasis.opendocument.spreadsheet",
    }
)
# Servers often label any file this way; the file name then has to say what it is.
GENERIC_TYPE = "application/octet-stream"


class FetchError(Exception):
    """A download that was refused or failed; ``rule`` says which check."""

    def __init__(self, message: str, rule: str, url: str) -> None:
        super().__init__(message)
        self.message = message
        self.rule = rule
        self.url = url


@dataclass(frozen=True)
class FetchPolicy:
    """What a caller accepts. ``allowed_types`` None: any content type (the caller checks the bytes)."""

    allowed_types: frozenset[str] | None
    allowed_suffixes: tuple[str, ...] = ()
    max_bytes: int = 20 * 1024 * 1024
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    allow_private_network: bool = False
    # Appended to the SSRF refusal: which setting allows private addresses for this caller.
    private_network_hint: str = ""


@dataclass(frozen=True)
class FetchedFile:
    url: str
    final_url: str
    content_type: str
    body: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()

    @property
    def file_name(self) -> str:
        return urlsplit(self.final_url).path.rsplit("/", 1)[-1] or "document"


@dataclass(frozen=True)
class SavedFile:
    """A download written to ``path`` (large files are not held in memory)."""

    url: str
    final_url: str
    content_type: str
    path: Path
    size: int


def _is_public_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_target(url: str, policy: FetchPolicy) -> None:
    """Refuse anything but http(s) to public addresses (all addresses the name resolves to)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError("only http and https URLs are fetched", "url_scheme", url)
    if policy.allow_private_network:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or None, proto=socket.IPPROTO_TCP)
    except socket.gaierror as error:
        raise FetchError(f"host {parts.hostname} does not resolve: {error}", "network", url) from error
    blocked = sorted({info[4][0] for info in infos if not _is_public_address(info[4][0])})
    if blocked:
        hint = f"; {policy.private_network_hint}" if policy.private_network_hint else ""
        message = f"{parts.hostname} is a private or local address ({', '.join(blocked)}){hint}"
        raise FetchError(message, "ssrf_blocked", url)


def _media_type(response: requests.Response) -> str:
    return response.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()


def _check_type(url: str, media_type: str, policy: FetchPolicy) -> None:
    if policy.allowed_types is None or media_type in policy.allowed_types:
        return
    path = urlsplit(url).path.lower()
    if media_type in ("", GENERIC_TYPE) and path.endswith(policy.allowed_suffixes):
        return
    raise FetchError(
        f"content type {media_type or '(none)'} is not one of {', '.join(sorted(policy.allowed_types))}",
        "content_type",
        url,
    )


def _read_capped(
    response: requests.Response, url: str, max_bytes: int, write: Callable[[bytes], object]
) -> int:
    """Pass the body to ``write`` chunk by chunk; refuse it past the size cap."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"{declared} bytes is more than the limit of {max_bytes}", "too_large", url)
    total = 0
    for chunk in response.iter_content(_CHUNK):
        total += len(chunk)
        if total > max_bytes:
            raise FetchError(f"more than the limit of {max_bytes} bytes", "too_large", url)
        write(chunk)
    return total


def _open(session: requests.Session, url: str, policy: FetchPolicy) -> tuple[str, requests.Response]:
    """GET ``url``, following up to MAX_REDIRECTS redirects, each target checked before it is requested."""
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        check_target(current, policy)
        response = session.get(
            current,
            stream=True,
            allow_redirects=False,
            timeout=(policy.connect_timeout, policy.read_timeout),
            headers={"User-Agent": USER_AGENT},
        )
        if not response.is_redirect:
            return current, response
        location = response.headers.get("Location", "")
        response.close()
        current = urljoin(current, location)
    raise FetchError(f"more than {MAX_REDIRECTS} redirects", "too_many_redirects", url)


def _download(
    url: str, policy: FetchPolicy, session: requests.Session | None, write: Callable[[bytes], object]
) -> tuple[str, str, int]:
    """(final URL, media type, size) of ``url`` downloaded under ``policy`` into ``write``."""
    session = session or requests.Session()
    try:
        final_url, response = _open(session, url, policy)
        with response:
            if response.status_code != 200:
                raise FetchError(f"HTTP {response.status_code}", "http_status", final_url)
            media_type = _media_type(response)
            _check_type(final_url, media_type, policy)
            size = _read_capped(response, final_url, policy.max_bytes, write)
    except requests.RequestException as error:
        raise FetchError(f"{type(error).__name__}: {error}", "network", url) from error
    return final_url, media_type, size


def fetch(url: str, policy: FetchPolicy, session: requests.Session | None = None) -> FetchedFile:
    """Download ``url`` under ``policy`` into memory. Raises :class:`FetchError`; TLS is always verified."""
    chunks: list[bytes] = []
    final_url, media_type, _size = _download(url, policy, session, chunks.append)
    return FetchedFile(url=url, final_url=final_url, content_type=media_type, body=b"".join(chunks))


def fetch_to_file(
    url: str, target: Path, policy: FetchPolicy, session: requests.Session | None = None
) -> SavedFile:
    """Download ``url`` under ``policy`` into the file ``target``. Raises :class:`FetchError`."""
    with target.open("wb") as handle:
        final_url, media_type, size = _download(url, policy, session, handle.write)
    return SavedFile(url=url, final_url=final_url, content_type=media_type, path=target, size=size)
