"""What a person sees: the map and the gap explorer's map have pixels on every kind of visit.

Each case reads the share of the drawing area that is not background from an element
screenshot (conftest.drawn_share; kept in test-artifacts/pixels/). window.__pactmap is used only
to wait for the view and its "rendered" mark; the proof is the screenshot. Issue 14 items 1-2:
after a reload with saved positions the map stayed white (a 1x1 px canvas) while the app said
"map-rendered", and the gap explorer's map stayed white until a gap card was clicked.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from typing import Any

import pytest

from .conftest import (
    DEMO_EMAIL,
    DEMO_PASSWORD,
    DEMO_TERRITORY,
    PIXELS,
    Server,
    drawn_share,
    nav_click,
    wait_state,
)

pytestmark = pytest.mark.browser

# Ink: pixels with a channel below 200 (nodes, labels, edges, dashed gaps; not the pale group
# fills). Measured with the fix: the demo and a generated 40-actor territory drawn cover 6-21 %
# of the area at 1440x900 (least: a first visit still being laid out), a blank area 0.0 %
# (the reload before the fix). 3 % sits well between the two.
DRAWN = 0.03
VIEWPORTS = [
    pytest.param({"viewport": {"width": 1440, "height": 900}}, id="1440x900"),
    pytest.param({"viewport": {"width": 1024, "height": 768}}, id="1024x768"),
    pytest.param(
        {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
        id="390x844",
    ),
]


@dataclass(frozen=True)
class Drawing:
    """A view that draws a graph: its route, its drawing area and the mark it sets when drawn."""

    view: str
    testid: str
    mark: str


MAP = Drawing("map", "map-canvas", "map-rendered")
GAPS = Drawing("gaps", "gaps-canvas", "gaps-rendered")
OTHER = {"map": GAPS, "gaps": MAP}
DRAWINGS = [pytest.param(MAP, id="map"), pytest.param(GAPS, id="gaps")]


@pytest.fixture(scope="module")
def second_territory(server: Server) -> str:
    """A small generated territory the demo user coordinates too (the real CLI)."""
    cli = [sys.executable, "-m", "pactmap.api"]
    made = subprocess.run(
        [*cli, "generate", "--actors", "40", "--seed", "3"],
        env=server.env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    if made.returncode != 0:
        raise RuntimeError(f"pactmap generate failed: {made.stderr}")
    territory = made.stdout.strip().splitlines()[-1].strip()
    server.add_user(DEMO_EMAIL, "coordinator", DEMO_PASSWORD, territory)
    return territory


def case_name(request: pytest.FixtureRequest, step: str) -> str:
    return f"{request.node.name}-{step}".replace("[", "-").replace("]", "").replace("/", "-")


def forget_mark(page: Any, drawing: Drawing) -> None:
    """Before a navigation in the same document: the next mark must come from the next view."""
    page.evaluate("m => { delete window.__pactmap.timings[m]; }", drawing.mark)


def wait_drawn(page: Any, drawing: Drawing) -> None:
    """Wait for the view's "rendered" mark, or for its drawing area to have no size at all
    (as on a phone before the responsive layout), so that a blank case fails on its pixels, not
    on a timeout."""
    wait_state(
        page,
        f"s.view === '{drawing.view}' && (s.timings['{drawing.mark}'] !== undefined || "
        f"document.querySelector('[data-testid={drawing.testid}]')?.offsetWidth === 0)",
    )


def kept(name: str, share: float) -> float:
    """``share``, also written to test-artifacts/pixels/shares.tsv for the record."""
    PIXELS.mkdir(parents=True, exist_ok=True)
    with (PIXELS / "shares.tsv").open("a") as out:
        out.write(f"{name}\t{share:.4f}\n")
    return share


def share_now(page: Any, drawing: Drawing, name: str) -> float:
    return kept(name, drawn_share(page, drawing.testid, name))


def share_soon(page: Any, drawing: Drawing, name: str, within_ms: int = 5000) -> float:
    """For changes with no mark of their own (a resize, a tab shown again): the share once it
    passes DRAWN, or the last one read when ``within_ms`` ran out."""
    waited = 0
    while True:
        share = drawn_share(page, drawing.testid, name)
        if share > DRAWN or waited >= within_ms:
            return kept(name, share)
        page.wait_for_timeout(250)
        waited += 250


def open_view(page: Any, drawing: Drawing, territory: str = DEMO_TERRITORY) -> None:
    """From the territory list: the territory's link (its map), then the view's tab."""
    forget_mark(page, MAP)
    page.locator(f"[data-testid=territory-link][data-territory-id='{territory}']").click()
    if drawing is GAPS:
        wait_state(page, "s.view === 'map'")
        go_to(page, GAPS)
    wait_drawn(page, drawing)


def go_to(page: Any, drawing: Drawing) -> None:
    forget_mark(page, drawing)
    nav_click(page, drawing.view)
    wait_drawn(page, drawing)


def positions_saved(page: Any) -> None:
    """The map's first layout has finished and saved its positions in the browser."""
    wait_state(page, "s.layout === 'saved' || s.layout === 'done'", timeout=60_000)
    stored = page.evaluate(f"() => localStorage.getItem('pactmap:positions:{DEMO_TERRITORY}')")
    assert stored, "the map saved no positions in localStorage"


@pytest.mark.parametrize("seen", VIEWPORTS, indirect=True)
@pytest.mark.parametrize("drawing", DRAWINGS)
def test_first_visit_draws(seen: Any, drawing: Drawing, request: pytest.FixtureRequest) -> None:
    # Nothing saved in this fresh browser: the gap explorer opened straight from its address.
    if drawing is MAP:
        open_view(seen, MAP)
    else:
        seen.goto(f"/t/{DEMO_TERRITORY}/gaps")
        wait_drawn(seen, GAPS)
    share = share_now(seen, drawing, case_name(request, "first"))
    assert share > DRAWN, f"{drawing.view} on a first visit: {share:.1%} of its area drawn"


@pytest.mark.parametrize("seen", VIEWPORTS, indirect=True)
@pytest.mark.parametrize("drawing", DRAWINGS)
def test_reload_with_saved_positions_draws(
    seen: Any, drawing: Drawing, request: pytest.FixtureRequest
) -> None:
    open_view(seen, MAP)
    positions_saved(seen)
    if drawing is GAPS:
        go_to(seen, GAPS)
    seen.reload()
    wait_drawn(seen, drawing)
    share = share_now(seen, drawing, case_name(request, "reload"))
    assert share > DRAWN, f"{drawing.view} after a reload: {share:.1%} of its area drawn"


@pytest.mark.parametrize("seen", VIEWPORTS, indirect=True)
@pytest.mark.parametrize("drawing", DRAWINGS)
def test_territory_switch_draws_both(
    seen: Any, drawing: Drawing, second_territory: str, request: pytest.FixtureRequest
) -> None:
    open_view(seen, drawing)
    for territory, step in [(second_territory, "other"), (DEMO_TERRITORY, "back")]:
        seen.get_by_role("link", name="pactmap").click()
        wait_state(seen, "s.view === 'territories'")
        open_view(seen, drawing, territory)
        share = share_now(seen, drawing, case_name(request, step))
        assert share > DRAWN, f"{drawing.view} of {territory}: {share:.1%} of its area drawn"


@pytest.mark.parametrize("seen", VIEWPORTS, indirect=True)
@pytest.mark.parametrize("drawing", DRAWINGS)
def test_back_and_forward_draw(seen: Any, drawing: Drawing, request: pytest.FixtureRequest) -> None:
    other = OTHER[drawing.view]
    open_view(seen, other)
    go_to(seen, drawing)
    go_to(seen, other)
    forget_mark(seen, drawing)
    seen.go_back()
    wait_drawn(seen, drawing)
    share = share_now(seen, drawing, case_name(request, "back"))
    assert share > DRAWN, f"{drawing.view} after Back: {share:.1%} of its area drawn"
    forget_mark(seen, other)
    seen.go_forward()
    wait_drawn(seen, other)
    share = share_now(seen, other, case_name(request, "forward"))
    assert share > DRAWN, f"{other.view} after Forward: {share:.1%} of its area drawn"


@pytest.mark.parametrize("seen", VIEWPORTS, indirect=True)
@pytest.mark.parametrize("drawing", DRAWINGS)
def test_window_resize_redraws(seen: Any, drawing: Drawing, request: pytest.FixtureRequest) -> None:
    open_view(seen, drawing)
    size = seen.viewport_size
    seen.set_viewport_size({"width": size["width"] - 200, "height": size["height"] - 100})
    share = share_soon(seen, drawing, case_name(request, "smaller"))
    assert share > DRAWN, f"{drawing.view} after a resize: {share:.1%} of its area drawn"
    sizes = seen.get_by_test_id(drawing.testid).evaluate(
        "el => [el.offsetWidth, Math.max(...[...el.querySelectorAll('canvas')].map(c => c.offsetWidth))]"
    )
    assert sizes[0] == sizes[1], f"the canvases do not fill the resized area: {sizes}"


@pytest.mark.parametrize("seen", VIEWPORTS, indirect=True)
@pytest.mark.parametrize("drawing", DRAWINGS)
def test_background_tab_shown_again_draws(
    seen: Any, drawing: Drawing, request: pytest.FixtureRequest
) -> None:
    """The return visit opens while another tab is in front, then the person comes back.
    Headless Chromium keeps such a tab's document.visibilityState "visible" (so do a minimized
    window and a tab created in the background): a truly hidden tab is not reproduced here."""
    open_view(seen, MAP)
    positions_saved(seen)
    other_tab = seen.context.new_page()
    other_tab.goto("about:blank")
    other_tab.bring_to_front()
    forget_mark(seen, drawing)
    seen.goto(f"/t/{DEMO_TERRITORY}/{drawing.view}")
    wait_state(seen, f"s.view === '{drawing.view}'")
    seen.bring_to_front()
    wait_drawn(seen, drawing)
    share = share_soon(seen, drawing, case_name(request, "shown"))
    other_tab.close()
    assert share > DRAWN, f"{drawing.view} opened behind another tab: {share:.1%} of its area drawn"
