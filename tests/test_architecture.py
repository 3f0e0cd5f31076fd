"""The house rules of the package layout, read from the source with ``ast`` (nothing imported):

* a feature package never imports upward into ``logic/`` (CKAN actions, auth, validators) or ``plugin.py``
  (the interface wiring): what a feature and ``logic/`` share lives in the feature or at the bottom;
* the extraction library imports nothing from CKAN (it runs as ``kpi-extract`` without it);
* nothing in the package imports the test support (``tests/support/``)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "ckanext" / "kpi"
FEATURES = ("indicators", "opdc", "openness", "drafts", "dcat", "harvesters")
UPWARD = ("ckanext.kpi.logic", "ckanext.kpi.plugin")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parents[1]).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in one file."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    return imports_of(path.read_text(encoding="utf-8"), package)


def imports_of(source: str, package: str) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import of ``source`` (a module of ``package``), relative
    imports resolved; a name imported from a package (``from ckanext.kpi import logic``) counts as that
    submodule."""
    tree = ast.parse(source)
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            found.extend((node.lineno, f"{module}.{alias.name}") for alias in node.names)
    return found


def _is_under(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == prefix or module.startswith(prefix + ".") for prefix in prefixes)


def _files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


def test_the_reader_resolves_relative_and_package_imports():
    """The rule's own check: the forms of an upward import are all seen."""
    source = "\n".join((
        "from ..logic import completeness",
        "from ckanext.kpi import plugin",
        "import ckanext.kpi.logic.auth",
    ))
    modules = [module for _line, module in imports_of(source, "ckanext.kpi.opdc")]
    assert [m for m in modules if _is_under(m, UPWARD)] == [
        "ckanext.kpi.logic",
        "ckanext.kpi.logic.completeness",
        "ckanext.kpi.plugin",
        "ckanext.kpi.logic.auth",
    ]


@pytest.mark.parametrize("feature", FEATURES)
def test_no_feature_imports_upward(feature):
    folder = PACKAGE / feature
    assert folder.is_dir(), f"{feature}/ is one of the feature packages"
    upward = [
        f"{path.relative_to(PACKAGE)}:{line}: {module}"
        for path in _files(folder)
        for line, module in imported_modules(path)
        if _is_under(module, UPWARD)
    ]
    assert upward == []


def test_the_extraction_library_imports_nothing_from_ckan():
    found = [
        f"{path.relative_to(PACKAGE)}:{line}: {module}"
        for path in _files(PACKAGE / "extraction")
        for line, module in imported_modules(path)
        if _is_under(module, ("ckan", "ckanext.harvest", "ckanext.dcat", "ckanext.scheming"))
        or (_is_under(module, ("ckanext.kpi",)) and not _is_under(module, ("ckanext.kpi.extraction",)))
    ]
    assert found == []


def test_the_package_does_not_import_test_support():
    found = [
        f"{path.relative_to(PACKAGE)}:{line}: {module}"
        for path in _files(PACKAGE)
        for line, module in imported_modules(path)
        if _is_under(module, ("tests", "ckanext.kpi.testing", "ckanext.kpi.harvesters.testing", "pytest"))
    ]
    assert found == []
