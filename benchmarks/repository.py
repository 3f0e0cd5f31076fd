"""The repository's own test support (``tests/support``) for the benchmarks that reuse it.

``import ckan`` puts CKAN's package folder first on ``sys.path`` (2.11 and 2.12 alike), where the regular
package ``ckan/tests`` then answers to ``import tests`` ahead of this repository's ``tests`` folder (a
namespace package: pytest needs no ``__init__.py`` there, and gives the tests the name itself). Binding the
name to our folder, whatever was imported before, keeps it ours."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def use_repository_tests() -> None:
    """Make ``import tests.support…`` (and ``tests.extraction…``) load from this repository."""
    folder = str(REPO_ROOT / "tests")
    current = sys.modules.get("tests")
    if current is not None and folder in list(getattr(current, "__path__", [])):
        return
    spec = importlib.machinery.PathFinder.find_spec("tests", [str(REPO_ROOT)])
    if spec is None:
        raise ImportError(f"no tests folder in {REPO_ROOT}")
    sys.modules["tests"] = importlib.util.module_from_spec(spec)
