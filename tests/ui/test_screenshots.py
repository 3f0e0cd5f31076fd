"""The README's screenshots (issue 21): Debian's Chromium against a real CKAN server serving seed 001 as the
harvester publishes it, in Thai, on a desktop (1366×900) and a phone (390×844): home, search, dataset,
its indicator dashboard, an indicator page with the interactive chart, the organisation and its OPDC
assessment. Each PNG is palette-quantised (Pillow) to at most 150 KB and written under
.run/artifacts/screenshots/readme/; with KPI_README_IMAGES=update it replaces the one in docs/images/.
The test also checks that README.md shows every one of them.

    KPI_README_IMAGES=update bash scripts/stack.sh pytest tests/ui/test_screenshots.py
"""

from __future__ import annotations

import io
import os

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from .conftest import PLUGINS, REPO_ROOT, SCREENSHOTS, SEED_001

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", PLUGINS),
    pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index"),
]
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}
README_IMAGES = REPO_ROOT / "docs" / "images"
MAX_BYTES = 150_000


def optimised_png(raw: bytes) -> bytes:
    """A screenshot in at most 256 colours without dithering: text and flat colours stay sharp, and the
    file is a third of the size or less."""
    from PIL import Image

    image = Image.open(io.BytesIO(raw)).convert("RGB")
    quantised = image.quantize(colors=256, dither=Image.Dither.NONE)
    out = io.BytesIO()
    quantised.save(out, "PNG", optimize=True)
    return out.getvalue()


def _scroll_to(driver, selector: str) -> None:
    driver.execute_script(
        "const target = document.querySelector(arguments[0]);"
        "if (target) { target.scrollIntoView({block: 'start', behavior: 'instant'}); }",
        selector,
    )


CHARTS = "#kpi-charts-heading"


def test_readme_screenshots_in_thai_on_desktop_and_phone(live_server, chromium, seed_dataset, organization):
    package = seed_dataset(SEED_001, document_kind="assessment_form")
    # page → (path, element to scroll to on a desktop, on a phone; None for the top of the page)
    pages = {
        "home": ("/", None, None),
        "search": ("/dataset/?q=ตัวชี้วัด", None, None),
        "dataset": (f"/dataset/{package['name']}", None, None),
        "dashboard": (f"/dataset/{package['name']}", "section.kpi-dashboard", "section.kpi-dashboard"),
        "indicator": (f"/dataset/{package['name']}/indicator/1.1.2", CHARTS, CHARTS),
        "organization": (f"/organization/{organization['name']}", None, None),
        "opdc": (f"/organization/{organization['name']}/opdc", None, None),
    }
    update = os.environ.get("KPI_README_IMAGES") == "update"
    folder = SCREENSHOTS / "readme"
    folder.mkdir(parents=True, exist_ok=True)
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    written: dict[str, int] = {}
    for page, (path, desktop_target, phone_target) in pages.items():
        for size_name, (width, height) in SIZES.items():
            chromium.set_window_size(width, height + 150)
            # The viewport itself at the stated size (the window's own bars would take some of it); a
            # phone as a mobile device, so the page's viewport meta applies as on a real phone.
            chromium.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                "width": width, "height": height, "deviceScaleFactor": 1, "mobile": size_name == "phone",
            })
            chromium.get(f"{live_server}/th{path}")
            if page == "indicator":
                WebDriverWait(chromium, 20).until(
                    lambda d: d.find_element(By.CSS_SELECTOR, "figure.kpi-chart-interactive")
                )
            target = desktop_target if size_name == "desktop" else phone_target
            if target:
                assert chromium.find_elements(By.CSS_SELECTOR, target), f"{page}: no {target}"
                _scroll_to(chromium, target)
            chromium.execute_async_script("document.fonts.ready.then(() => arguments[0]());")
            name = f"citizen-{page}-th-{size_name}.png"
            png = optimised_png(chromium.get_screenshot_as_png())
            (folder / name).write_bytes(png)
            written[name] = len(png)
            if update:
                (README_IMAGES / name).write_bytes(png)
    too_big = {name: size for name, size in written.items() if size > MAX_BYTES}
    assert too_big == {}
    missing = [name for name in written if not (README_IMAGES / name).exists()]
    assert missing == [], "run with KPI_README_IMAGES=update to write them"
    not_shown = [name for name in written if f"docs/images/{name}" not in readme]
    assert not_shown == []
    assert len(written) == len(pages) * len(SIZES)
