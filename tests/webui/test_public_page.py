"""A resident opens the published page on her phone and with a screen reader's eyes (axe-core).

Steps: the demo territory is published (``pactmap publish``), then the page is read in a French
and in an English browser, on a phone (390x844, touch) and on a desktop; the page must need no
sideways scrolling, show its charts, and pass axe-core without a serious or critical violation.
Results are kept in test-artifacts/axe/.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import DEMO_TERRITORY, ROOT, SCREENSHOTS, Server

pytestmark = pytest.mark.browser
AXE_DIR = ROOT / "test-artifacts" / "axe"


@pytest.fixture(scope="module")
def published(server: Server) -> Server:
    done = subprocess.run(
        [sys.executable, "-m", "pactmap.api", "publish", "--territory", DEMO_TERRITORY],
        env=server.env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return server


def audit(page: Any, name: str) -> Counter[str]:
    """axe-core's violations on the page, counted by impact; the whole result kept on disk."""
    results = Axe().run(page)
    AXE_DIR.mkdir(parents=True, exist_ok=True)
    (AXE_DIR / f"{name}.json").write_text(json.dumps(results.response, indent=1))
    return Counter(v["impact"] for v in results.response["violations"])


@pytest.mark.parametrize(
    ("lang", "viewport", "mobile"),
    [("fr-FR", (390, 844), True), ("en-GB", (1440, 900), False)],
    ids=["french-phone", "english-desktop"],
)
def test_the_public_page_reads_well_on_a_phone_and_passes_axe(
    browser: Any, published: Server, lang: str, viewport: tuple[int, int], mobile: bool
) -> None:
    context = browser.new_context(
        viewport={"width": viewport[0], "height": viewport[1]},
        is_mobile=mobile,
        has_touch=mobile,
        locale=lang,
        base_url=published.base_url,
    )
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        answer = page.goto(f"/public/{DEMO_TERRITORY}")
        assert answer is not None and answer.status == 200
        assert page.evaluate("document.documentElement.lang") == lang[:2]
        heading = "Contrats en vigueur" if lang.startswith("fr") else "Contracts in force"
        assert page.get_by_role("heading", name=heading).is_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport[0], f"the page scrolls sideways: {width} px > {viewport[0]}"
        charts = page.locator("svg.chart")
        assert charts.count() > 0
        box = charts.first.bounding_box()
        assert box is not None and box["width"] > 200 and box["width"] <= viewport[0]
        assert page.locator("h1").count() == 1
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"public-{lang}.png"), full_page=False)
        impacts = audit(page, f"public-{lang}")
        assert impacts["serious"] == 0 and impacts["critical"] == 0, dict(impacts)
        assert not errors, errors
    finally:
        context.close()


def test_an_unpublished_territory_is_a_real_404_in_the_browser(
    browser: Any, published: Server
) -> None:
    context = browser.new_context(base_url=published.base_url)
    try:
        page = context.new_page()
        answer = page.goto("/public/no-such-town")
        assert answer is not None and answer.status == 404
        assert Path(page.url).name == "no-such-town"
        assert audit(page, "public-404")["serious"] == 0
    finally:
        context.close()
