"""Sign in, pick the territory, and explore its map: the nodes drawn, search, filter,
showcase and focus change what is visible. Expected ids come from the demo's own data
(pactmap.seeds.demo), not from the UI."""

from __future__ import annotations

from typing import Any

import pytest
from pactmap.graph.model import NodeKind, search_key
from pactmap.seeds.demo import demo_territory

from .conftest import (
    DEMO_EMAIL,
    DEMO_TERRITORY,
    open_map,
    screenshot,
    sign_in,
    state,
    wait_state,
)

pytestmark = pytest.mark.browser

DEMO = demo_territory()
ALL_IDS = sorted(n.id for n in DEMO.nodes)
TOPIC_IDS = sorted(n.id for n in DEMO.nodes if n.KIND is NodeKind.TOPIC)


def ids_matching(text: str) -> list[str]:
    return sorted(n.id for n in DEMO.nodes if search_key(text) in search_key(n.label))


def neighbours(node_id: str) -> set[str]:
    found = {node_id}
    for rel in DEMO.relationships:
        if rel.from_id == node_id:
            found.add(rel.to_id)
        elif rel.to_id == node_id:
            found.add(rel.from_id)
    return found


def test_sign_in_refuses_a_wrong_password_then_lists_the_territories(page: Any) -> None:
    page.goto("/")
    wait_state(page, "s.view === 'login'")
    page.get_by_test_id("login-email").fill(DEMO_EMAIL)
    page.get_by_test_id("login-password").fill("not the password")
    page.get_by_test_id("login-submit").click()
    page.get_by_test_id("login-error").filter(has_text="wrong e-mail or password").wait_for()
    screenshot(page, "login")
    assert state(page)["view"] == "login"

    sign_in(page)
    links = page.get_by_test_id("territory-link")
    assert links.evaluate_all("els => els.map(e => e.dataset.territoryId)") == [DEMO_TERRITORY]
    assert state(page)["user"] == DEMO_EMAIL
    screenshot(page, "territories")


def test_the_map_draws_every_node_of_the_demo(page: Any) -> None:
    sign_in(page)
    open_map(page)
    s = state(page)
    assert s["nodeCount"] == len(DEMO.nodes) == 293
    assert s["edgeCount"] == len(DEMO.relationships)
    assert s["visibleNodeIds"] == ALL_IDS
    assert s["renderedNodes"] == len(DEMO.nodes)
    # Coloured by sector by default: the legend names the demo's sectors.
    legend = page.get_by_test_id("legend")
    assert "Citizen group" in legend.inner_text()
    screenshot(page, "map")
    page.get_by_test_id("colour-by").select_option("type")
    legend.filter(has_text="Future concern").wait_for()
    assert legend.locator("li").count() == 10  # the ten node kinds the demo holds
    page.get_by_test_id("size-by").select_option("betweenness")  # computed in a web worker
    wait_state(page, "s.sizeBy === 'betweenness'")
    page.get_by_test_id("size-by").select_option("commitments")
    wait_state(page, "s.sizeBy === 'commitments'")
    screenshot(page, "map-by-type")


def test_search_and_filters_change_what_is_visible(page: Any) -> None:
    sign_in(page)
    open_map(page)

    page.get_by_test_id("search").fill("tilleuls")
    expected = ids_matching("tilleuls")
    assert len(expected) == 7  # seven demo labels name the Tilleuls estate
    wait_state(page, f"s.visibleNodeIds.length === {len(expected)}")
    assert state(page)["visibleNodeIds"] == expected
    assert page.get_by_test_id("search-result").count() == len(expected)
    screenshot(page, "map-search")

    page.get_by_test_id("clear-filters").click()
    wait_state(page, f"s.visibleNodeIds.length === {len(ALL_IDS)}")

    page.get_by_test_id("filter-kind-Topic").check()
    wait_state(page, f"s.visibleNodeIds.length === {len(TOPIC_IDS)}")
    assert state(page)["visibleNodeIds"] == TOPIC_IDS
    assert state(page)["fadedNodeIds"] == []

    # Showcase: everything stays drawn, what does not match fades.
    page.get_by_test_id("mode-showcase").check()
    wait_state(page, f"s.visibleNodeIds.length === {len(ALL_IDS)}")
    assert state(page)["fadedNodeIds"] == sorted(set(ALL_IDS) - set(TOPIC_IDS))
    screenshot(page, "map-showcase")


def test_focus_keeps_a_nodes_neighbourhood(page: Any) -> None:
    sign_in(page)
    open_map(page)
    landlord = "valbrune-act-landlord"
    page.get_by_test_id("search").fill("social landlord")
    page.locator(f"[data-testid=search-result][data-node-id='{landlord}']").click()
    wait_state(page, f"s.selectedNodeId === '{landlord}'")
    page.get_by_test_id("panel-title").wait_for()
    page.get_by_test_id("clear-filters").click()
    page.get_by_test_id("focus-toggle").click()
    one_step = sorted(neighbours(landlord))
    wait_state(page, f"s.visibleNodeIds.length === {len(one_step)}")
    assert state(page)["visibleNodeIds"] == one_step

    page.get_by_test_id("focus-depth").select_option("2")
    two_steps = set()
    for node in one_step:
        two_steps |= neighbours(node)
    wait_state(page, f"s.visibleNodeIds.length === {len(two_steps)}")
    assert state(page)["visibleNodeIds"] == sorted(two_steps)
    screenshot(page, "map-focus")
