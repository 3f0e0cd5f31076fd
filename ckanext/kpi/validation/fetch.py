"""Download a linked resource for checking, in the background job only, with the usual guards: http(s)
only, no private, loopback or link-local addresses (unless configured), redirects re-checked, a size cap
and timeouts. A failure is a report entry, never an exception out of the job."""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests

MAX_REDIRECTS = 5
CHUNK_BYTES = 64 * 1024


class FetchError(Exception):
    """Why a URL was not downloaded, in words for the report."""


def download(url: str, target: Path, *, max_bytes: int, timeout: int, allow_private: bool = False) -> None:
    """Save at most ``max_bytes`` of ``url`` to ``target``; raise :class:`FetchError` otherwise."""
    for _ in range(MAX_REDIRECTS + 1):
        _check_address(url, allow_private)
        try:
            response = requests.get(url, stream=True, timeout=timeout, allow_redirects=False)
        except requests.RequestException as error:
            raise FetchError(type(error).__name__) from None
        with response:
            if response.is_redirect:
                url = urljoin(url, response.headers.get("Location", ""))
                continue
            if response.status_code >= 400:
                raise FetchError(f"HTTP {response.status_code}")
            _save(response, target, max_bytes)
            return
    raise FetchError(f"more than {MAX_REDIRECTS} redirects")


def _save(response: requests.Response, target: Path, max_bytes: int) -> None:
    written = 0
    with target.open("wb") as handle:
        for chunk in response.iter_content(CHUNK_BYTES):
            written += len(chunk)
            if written > max_bytes:
                raise FetchError(f"larger than {max_bytes} bytes")
            handle.write(chunk)


def _check_address(url: str, allow_private: bool) -> None:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise FetchError(f"not an http(s) address: {url[:100]}")
    if allow_private:
        return
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, parts.port or 443)}
    except socket.gaierror:
        raise FetchError(f"unknown host {parts.hostname}") from None
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global:
            raise FetchError(f"{parts.hostname} is a private or local address ({ip})")
