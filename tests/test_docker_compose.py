"""docker/ cannot run here (no Docker engine): check that the production stack is well-formed."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

DOCKER = Path(__file__).resolve().parent.parent / "docker"
REPO_ROOT = DOCKER.parent
EXPECTED_SERVICES = {
    "ckan", "worker", "harvest-gather", "harvest-fetch", "harvest-scheduler", "solr", "db", "redis", "nginx",
}


def _compose() -> dict:
    return yaml.safe_load((DOCKER / "docker-compose.yml").read_text(encoding="utf-8"))


def test_compose_file_parses_and_names_every_service():
    services = _compose()["services"]
    assert set(services) == EXPECTED_SERVICES
    for name, service in services.items():
        assert "image" in service or "build" in service, name
    # The CKAN-based services share one image and differ only by command.
    ckan_images = {services[name]["image"] for name in EXPECTED_SERVICES - {"solr", "db", "redis", "nginx"}}
    assert ckan_images == {"ckanext-kpi/ckan:${KPI_IMAGE_TAG:-latest}"}
    assert services["harvest-gather"]["command"][-1] == "gather-consumer"
    assert services["harvest-fetch"]["command"][-1] == "fetch-consumer"


def test_every_variable_without_default_is_in_env_example():
    compose_text = (DOCKER / "docker-compose.yml").read_text(encoding="utf-8")
    required = set(re.findall(r"\$\{([A-Z0-9_]+)\}", compose_text))
    example = {
        line.split("=", 1)[0]
        for line in (DOCKER / ".env.example").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    }
    assert required, "the compose file should take its secrets from .env"
    assert required <= example, sorted(required - example)


def test_dockerfiles_copy_only_files_that_exist():
    for dockerfile in DOCKER.glob("*/Dockerfile"):
        for line in dockerfile.read_text(encoding="utf-8").splitlines():
            if not line.startswith("COPY ") or "--from=" in line:
                continue
            sources = [part for part in line.split()[1:-1] if not part.startswith("--")]
            for source in sources:
                assert (REPO_ROOT / source).exists(), f"{dockerfile.relative_to(REPO_ROOT)}: {source}"


def test_images_build_the_ckan_version_the_set_up_defaults_to():
    """docker/ and scripts/stack.sh install the same pinned CKAN: the compose default is the newest
    version of stack.sh's CKAN_VERSIONS, and every version it may name has its requirements file."""
    stack = (REPO_ROOT / "scripts" / "stack.sh").read_text(encoding="utf-8")
    versions = re.search(r"^CKAN_VERSIONS=\(([^)]*)\)", stack, re.MULTILINE).group(1).split()
    services = _compose()["services"]
    for name in ("ckan", "solr"):
        assert services[name]["build"]["args"]["CKAN_VERSION"] == f"${{CKAN_VERSION:-{versions[0]}}}", name
    for version in versions:
        pins = (REPO_ROOT / f"requirements-ckan-{version}.txt").read_text(encoding="utf-8")
        assert re.search(rf"^ckan\[requirements\]=={re.escape(version)}\.\d+$", pins, re.MULTILINE), version
    for dockerfile in ("ckan", "solr"):
        text = (DOCKER / dockerfile / "Dockerfile").read_text(encoding="utf-8")
        assert f"ARG CKAN_VERSION={versions[0]}" in text, dockerfile
