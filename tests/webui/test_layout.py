"""Phones and tablets (issue 14 item 3), as a person holding one sees them.

At 1440x900, 1024x768 and 390x844 nothing scrolls sideways, "Sign out" is on screen and the
map fills the width it is given. On a phone the controls, the side panel, the gap lists and the
view menu are drawers whose buttons say (aria-expanded) whether they are open, and the map
follows one finger (pan) and two (pinch zoom) through Playwright's touch emulation. Screenshots
in test-artifacts/screenshots/layout-*.
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import (
    DEMO_TERRITORY,
    ink_spread,
    screenshot,
    wait_map,
    wait_state,
)

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
SIZES = [
    pytest.param({"viewport": {"width": 1440, "height": 900}}, id="1440x900"),
    pytest.param({"viewport": {"width": 1024, "height": 768}}, id="1024x768"),
    pytest.param(PHONE, id="390x844"),
]
ON_A_PHONE = [pytest.param(PHONE, id="390x844")]
VIEWS = ["map", "gaps", "contracts", "history", "indicators"]
# The map's share of the window's width: before the responsive layout it was 384 of 1024 px
# (37 %) and 0 of 390 px (issue 14); 70 % leaves room for the controls column on a tablet.
MAP_WIDTH_SHARE = 0.7
# ...and of its height on a phone, under the top bar (about 50 of 844 px).
PHONE_MAP_HEIGHT_SHARE = 0.8


def box(page: Any, testid: str) -> dict[str, float]:
    return dict(page.get_by_test_id(testid).bounding_box() or {})


@pytest.mark.parametrize("seen", SIZES, indirect=True)
def test_no_sideways_scrolling_and_sign_out_on_screen(seen: Any) -> None:
    size = seen.viewport_size
    for view in VIEWS:
        seen.goto(f"/t/{DEMO_TERRITORY}/{view}")
        wait_state(seen, f"s.view === '{view}'")
        seen.wait_for_load_state("networkidle")
        widths = seen.evaluate(
            "() => [document.documentElement.scrollWidth, document.body.scrollWidth, innerWidth]"
        )
        # innerWidth too: a phone browser widens its layout viewport to fit wider content.
        assert widths == [size["width"]] * 3, f"{view} at {size}: [document, body, window] {widths}"
        out = box(seen, "sign-out")
        assert out, f"{view} at {size}: no Sign out button drawn"
        inside = out["x"] >= 0 and out["x"] + out["width"] <= size["width"]
        assert inside and out["y"] >= 0 and out["y"] + out["height"] <= size["height"], (
            f"{view} at {size}: Sign out at {out}"
        )
        screenshot(seen, f"layout-{view}-{size['width']}x{size['height']}")


@pytest.mark.parametrize("seen", SIZES, indirect=True)
def test_the_map_fills_the_width_it_is_given(seen: Any) -> None:
    size = seen.viewport_size
    seen.goto(f"/t/{DEMO_TERRITORY}/map")
    wait_map(seen)
    drawn = box(seen, "map-canvas")
    assert drawn["width"] >= MAP_WIDTH_SHARE * size["width"] or size["width"] > 1280, (
        f"the map is {drawn['width']} px of {size['width']}"
    )
    if size["width"] < 760:
        assert drawn["width"] == size["width"]
        assert drawn["height"] >= PHONE_MAP_HEIGHT_SHARE * size["height"], drawn


def expanded(page: Any, testid: str) -> str:
    return str(page.get_by_test_id(testid).get_attribute("aria-expanded"))


@pytest.mark.parametrize("seen", ON_A_PHONE, indirect=True)
def test_on_a_phone_the_controls_and_panel_are_drawers(seen: Any) -> None:
    seen.goto(f"/t/{DEMO_TERRITORY}/map")
    wait_map(seen)
    search = seen.get_by_test_id("search")
    assert not search.is_visible() and expanded(seen, "open-controls") == "false"
    seen.get_by_test_id("open-controls").click()
    assert search.is_visible() and expanded(seen, "open-controls") == "true"
    screenshot(seen, "layout-phone-controls")

    # Picking a search result closes the controls and opens the node in a bottom sheet.
    search.fill("Town Hall")
    seen.get_by_test_id("search-result").first.click()
    wait_state(seen, "s.selectedNodeId !== null")
    assert not search.is_visible() and expanded(seen, "open-controls") == "false"
    sheet = box(seen, "side-panel")
    assert expanded(seen, "open-panel") == "true"
    assert sheet["y"] > 844 / 3 and sheet["y"] + sheet["height"] == pytest.approx(844, abs=1)
    seen.get_by_test_id("panel-title").wait_for()
    screenshot(seen, "layout-phone-panel")
    seen.get_by_test_id("open-panel").click()
    assert not seen.get_by_test_id("side-panel").is_visible()
    assert expanded(seen, "open-panel") == "false"

    # The views are behind "Menu".
    gaps_tab = seen.get_by_test_id("nav-gaps")
    assert not gaps_tab.is_visible() and expanded(seen, "nav-menu") == "false"
    seen.get_by_test_id("nav-menu").click()
    assert expanded(seen, "nav-menu") == "true"
    gaps_tab.click()
    wait_state(seen, "s.view === 'gaps'")
    lists = seen.get_by_test_id("gap-list")
    assert not lists.is_visible() and expanded(seen, "open-gap-lists") == "false"
    seen.get_by_test_id("open-gap-lists").click()
    assert lists.is_visible() and expanded(seen, "open-gap-lists") == "true"
    screenshot(seen, "layout-phone-gap-lists")


def gesture(page: Any, start: list[tuple[float, float]], end: list[tuple[float, float]]) -> None:
    """Fingers down at ``start``, moved in 10 steps to ``end``, lifted: touch events through the
    DevTools protocol (Playwright's touchscreen only taps)."""
    cdp = page.context.new_cdp_session(page)

    def touch(kind: str, points: list[tuple[float, float]]) -> None:
        at = [{"x": x, "y": y, "id": i} for i, (x, y) in enumerate(points)]
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": at})

    touch("touchStart", start)
    for step in range(1, 11):
        t = step / 10
        touch(
            "touchMove",
            [
                (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
                for a, b in zip(start, end, strict=True)
            ],
        )
        page.wait_for_timeout(30)
    touch("touchEnd", [])
    cdp.detach()


@pytest.mark.parametrize("seen", ON_A_PHONE, indirect=True)
def test_on_a_phone_one_finger_pans_and_two_fingers_zoom(seen: Any) -> None:
    seen.goto(f"/t/{DEMO_TERRITORY}/map")
    wait_map(seen)
    area = box(seen, "map-canvas")
    cx, cy = area["x"] + area["width"] / 2, area["y"] + area["height"] / 2
    x0, y0, spread0, _ = ink_spread(seen, "map-canvas", "layout-touch-before")

    gesture(seen, [(cx - 60, cy)], [(cx + 60, cy)])
    x1, y1, spread1, _ = ink_spread(seen, "map-canvas", "layout-touch-panned")
    # Measured: +73 px (the labels pushed past the right edge are cut off); no pan: 0.
    assert x1 - x0 > 40, f"a 120 px drag to the right moved the drawing by {x1 - x0:.0f} px"
    assert abs(y1 - y0) < 30 and spread1 == pytest.approx(spread0, rel=0.25)

    gesture(seen, [(cx - 40, cy), (cx + 40, cy)], [(cx - 120, cy), (cx + 120, cy)])
    _, _, spread2, _ = ink_spread(seen, "map-canvas", "layout-touch-pinched")
    # Measured: 168 -> 235 px (x1.4; the zoomed drawing is cut off by the screen's edges).
    assert spread2 > 1.2 * spread1, (
        f"spreading two fingers 3x: spread {spread1:.0f} -> {spread2:.0f} px"
    )
