"""benchmarks/repository.py: the benchmarks that reuse the test support find it after CKAN is imported
(``import ckan`` puts its package folder, holding ``ckan/tests``, first on sys.path)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

PROGRAM = """
import sys
sys.path.insert(0, {benchmarks!r})
import ckan.plugins.toolkit
import tests
print("before:", tests.__path__[0])
del sys.modules["tests"]
from repository import use_repository_tests
use_repository_tests()
from tests.support.fixtures import example
from tests.support.harvest import serve_folder
import tests
print("after:", list(tests.__path__)[0])
"""


def test_the_benchmarks_import_this_repositorys_test_support_after_ckan(tmp_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-c", PROGRAM.format(benchmarks=str(REPO_ROOT / "benchmarks"))],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    lines = completed.stdout.splitlines()
    # Without the binding, ``tests`` is CKAN's own test package.
    assert lines[0].startswith("before: ") and lines[0].endswith("/ckan/tests")
    assert lines[1] == f"after: {REPO_ROOT / 'tests'}"
