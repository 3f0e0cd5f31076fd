"""Fixtures for the extraction tests: seed paths and extraction results computed once per session.

The seed folder comes from the ``seeds_dir`` fixture of tests/conftest.py (``KPI_SEEDS_DIR`` or
``<repo>/../shared/seeds``); a missing seed fails the test, it is never skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ckanext.kpi.extraction.model import ExtractionResult
from ckanext.kpi.extraction.pipeline import extract_document
from ckanext.kpi.extraction.reading import read_source
from ckanext.kpi.extraction.structure import Document, parse_document

SEED_PREFIXES = ("000", "001", "002", "003", "004")


@pytest.fixture(scope="session")
def seed_path(seeds_dir: Path) -> Callable[[str], Path]:
    """``seed_path("000")`` → the seed file whose name starts with 000_."""

    def find(prefix: str) -> Path:
        matches = sorted(seeds_dir.glob(f"{prefix}_*.txt"))
        if not matches:
            pytest.fail(f"seed {prefix}_*.txt not found in {seeds_dir}")
        return matches[0]

    return find


@pytest.fixture(scope="session")
def seed_lines(seed_path: Callable[[str], Path]) -> Callable[[str], list[str]]:
    """The lines of a seed; ``seed_lines("000")[10]`` is line 11."""
    cache: dict[str, list[str]] = {}

    def lines(prefix: str) -> list[str]:
        if prefix not in cache:
            cache[prefix] = seed_path(prefix).read_text(encoding="utf-8").split("\n")
        return cache[prefix]

    return lines


@pytest.fixture(scope="session")
def seed_document(seed_path: Callable[[str], Path]) -> Callable[[str], Document]:
    cache: dict[str, Document] = {}

    def parse(prefix: str) -> Document:
        if prefix not in cache:
            cache[prefix] = parse_document(read_source(seed_path(prefix)))
        return cache[prefix]

    return parse


@pytest.fixture(scope="session")
def extracted(seed_path: Callable[[str], Path]) -> Callable[[str], ExtractionResult]:
    """The extraction result of a seed, computed once per session."""
    cache: dict[str, ExtractionResult] = {}

    def extract(prefix: str) -> ExtractionResult:
        if prefix not in cache:
            cache[prefix] = extract_document(seed_path(prefix))[0]
        return cache[prefix]

    return extract
