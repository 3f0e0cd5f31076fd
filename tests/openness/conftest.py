"""Fixtures of the open-format tests: an inspector with small limits, over files written in tmp_path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ckanext.kpi.openness.inspect import inspect_file
from ckanext.kpi.openness.limits import Limits


@pytest.fixture
def inspect(tmp_path: Path) -> Callable[..., dict[str, Any]]:
    """``inspect(path, declared, **limits)``: the report, with CSV copies written to tmp_path/copies."""

    def run(path: Path, declared: str = "", **limits: int) -> dict[str, Any]:
        copies = tmp_path / "copies"
        copies.mkdir(exist_ok=True)
        return inspect_file(
            path, name=path.name, declared_format=declared, limits=Limits(**limits), copies_dir=copies
        )

    return run
