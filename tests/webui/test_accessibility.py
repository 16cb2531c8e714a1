"""Every view of the app through a screen reader's eyes (issue 15, WCAG 2.1 AA): axe-core on
the sign-in page and each of the eight views, in a French phone and an English desktop, with no
serious or critical violation. Each result is kept in test-artifacts/axe/app-*.json with its
counts by impact (a moderate or minor finding is kept there, not hidden)."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import DEMO_TERRITORY, ROOT, Browsing, sign_in, wait_state

pytestmark = pytest.mark.browser
AXE_DIR = ROOT / "test-artifacts" / "axe"
VIEWS = ["map", "gaps", "contracts", "indicators", "history", "criteria", "synthesis", "compare"]
BLOCKING = ("serious", "critical")


def audit(page: Any, name: str) -> tuple[Counter[str], list[str]]:
    """axe-core's violations counted by impact, and the blocking ones named (rule: targets)."""
    results = Axe().run(page).response
    AXE_DIR.mkdir(parents=True, exist_ok=True)
    counts = Counter(v["impact"] for v in results["violations"])
    (AXE_DIR / f"app-{name}.json").write_text(
        json.dumps({"counts": counts, "violations": results["violations"]}, indent=1)
    )
    blocking = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}"
        for v in results["violations"]
        if v["impact"] in BLOCKING
    ]
    return counts, blocking


@pytest.mark.parametrize(
    ("locale", "options"),
    [
        (
            "fr-FR",
            {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
        ),
        ("en-GB", {"viewport": {"width": 1440, "height": 900}}),
    ],
    ids=["french-phone", "english-desktop"],
)
def test_every_view_passes_axe_without_a_serious_violation(
    browser: Any, server: Any, guard: Any, locale: str, options: dict[str, Any]
) -> None:
    ctx = Browsing(browser, server, guard, locale=locale, **options)
    found: dict[str, list[str]] = {}
    try:
        page = ctx.new_page()
        page.goto("/login")
        page.wait_for_load_state("networkidle")
        found["login"] = audit(page, f"{locale}-login")[1]
        sign_in(page)
        for view in VIEWS:
            page.goto(f"/t/{DEMO_TERRITORY}/{view}")
            wait_state(page, f"s.view === '{view}'")
            page.wait_for_load_state("networkidle")
            found[view] = audit(page, f"{locale}-{view}")[1]
            headings = page.locator("h1").count()
            if headings != 1:
                found[view].append(f"{headings} h1 headings (one per view)")
    finally:
        ctx.close()
    blocking = {view: v for view, v in found.items() if v}
    assert not blocking, json.dumps(blocking, indent=1)
