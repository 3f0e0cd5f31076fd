"""Fixtures for the extraction tests: seed paths and extraction results computed once per session.

The seed folder comes from the ``seeds_dir`` fixture of tests/conftest.py (``KPI_SEEDS_DIR`` or
``<repo>/../shared/seeds``); a missing seed fails the test, it is never skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from ckanext.kpi.extraction.model import ExtractionResult
from ckanext.kpi.extraction.pipeline import extract_document
from ckanext.kpi.extraction.reading import read_source
from ckanext.kpi.extraction.structure import Document, parse_document


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
    return cache(lambda prefix: seed_path(prefix).read_text(encoding="utf-8").split("\n"))


@pytest.fixture(scope="session")
def seed_document(seed_path: Callable[[str], Path]) -> Callable[[str], Document]:
    """Stage 1 of a seed, computed once per session."""
    return cache(lambda prefix: parse_document(read_source(seed_path(prefix))))


@pytest.fixture(scope="session")
def extracted(seed_path: Callable[[str], Path]) -> Callable[[str], ExtractionResult]:
    """The extraction result of a seed, computed once per session."""
    return cache(lambda prefix: extract_document(seed_path(prefix))[0])
