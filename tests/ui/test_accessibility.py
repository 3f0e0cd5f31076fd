"""axe-core in Chromium on the pages a citizen meets, in Thai and in English: no serious or critical
violation; and screenshots of each page on a desktop (1366×900) and a phone (390×844) under
.run/artifacts/screenshots/ (issue 21)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import PLUGINS, REPO_ROOT, SCREENSHOTS, SEED_001

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", PLUGINS),
    pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index"),
]
AXE = REPO_ROOT / "tools" / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}
BLOCKING = ("serious", "critical")


def axe_violations(driver) -> list[dict]:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run scripts/stack.sh setup (npm install in tools/a11y)")
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(JSON.stringify(r.violations)))"
        ".catch(e => done(JSON.stringify("
        "[{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}])));"
    )
    return json.loads(result)


def screenshot(driver, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


def test_no_serious_or_critical_axe_violations_in_thai_and_english(live_server, chromium, seed_dataset,
                                                                    organization):
    package = seed_dataset(SEED_001, document_kind="assessment_form")
    pages = {
        "home": "/",
        "search": "/dataset/?q=ตัวชี้วัด",
        "dataset": f"/dataset/{package['name']}",
        "indicator": f"/dataset/{package['name']}/indicator/1.1.2",
        "organization": f"/organization/{organization['name']}",
        "opdc": f"/organization/{organization['name']}/opdc",
    }
    chromium.set_script_timeout(60)
    found = {}
    checked = 0
    for lang in ("th", "en"):
        for page, path in pages.items():
            for size_name, (width, height) in SIZES.items():
                chromium.set_window_size(width, height)
                chromium.get(f"{live_server}/{lang}{path}")
                screenshot(chromium, f"{page}-{lang}-{size_name}")
                if size_name != "desktop":
                    continue
                checked += 1
                assert chromium.execute_script("return document.documentElement.lang") == lang
                blocking = [
                    (v["id"], v["impact"], v["help"], [n.get("target") for n in v["nodes"][:3]])
                    for v in axe_violations(chromium) if v.get("impact") in BLOCKING
                ]
                if blocking:
                    found[f"{page} ({lang})"] = blocking
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)
    assert checked == len(pages) * 2
