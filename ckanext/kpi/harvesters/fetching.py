"""The downloader lives in :mod:`ckanext.kpi.fetching` (one set of SSRF, size and time rules for every
outbound fetch); the names are re-exported here for the harvesters."""

from __future__ import annotations

from ckanext.kpi.fetching import (
    DOCUMENT_TYPES,
    GENERIC_TYPE,
    INDEX_TYPES,
    SPREADSHEET_TYPES,
    TEXT_TYPES,
    FetchedFile,
    FetchError,
    FetchPolicy,
    check_target,
    fetch,
)

# Which setting lets a harvest source reach private addresses, named in the SSRF refusal.
PRIVATE_NETWORK_HINT = "set allow_private_network in the source config to allow it"


__all__ = [
    "DOCUMENT_TYPES",
    "GENERIC_TYPE",
    "INDEX_TYPES",
    "PRIVATE_NETWORK_HINT",
    "SPREADSHEET_TYPES",
    "TEXT_TYPES",
    "FetchError",
    "FetchPolicy",
    "FetchedFile",
    "check_target",
    "fetch",
]
