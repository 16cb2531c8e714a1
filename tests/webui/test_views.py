"""The contracts, indicators and history views on the demo territory. Expected parties,
measurements and markers come from the demo's own data (pactmap.seeds.demo)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from pactmap.graph.model import RelType
from pactmap.seeds.demo import demo_territory

from .conftest import open_map, screenshot, sign_in, state, wait_map, wait_state

pytestmark = pytest.mark.browser

DEMO = demo_territory()
LABELS = {n.id: n.label for n in DEMO.nodes}


def targets_of(rel_type: RelType, to_id: str) -> list[str]:
    return sorted(r.from_id for r in DEMO.relationships if r.type is rel_type and r.to_id == to_id)


def children(rel_type: RelType, from_id: str) -> list[str]:
    return sorted(
        r.to_id for r in DEMO.relationships if r.type is rel_type and r.from_id == from_id
    )


def test_a_contract_shows_its_parties_roles_and_timeline(page: Any) -> None:
    food = "valbrune-con-food-solidarity"
    sign_in(page)
    page.goto(f"/t/valbrune/contracts/{food}")
    wait_state(page, "s.view === 'contracts'")
    page.get_by_test_id("contract-title").filter(has_text=LABELS[food]).wait_for()
    parties = page.get_by_test_id("party-row").evaluate_all(
        "rows => rows.map(r => r.dataset.actorId)"
    )
    assert sorted(parties) == targets_of(RelType.SIGNED, food)
    # The demo gives the single parents' group the partner-author role.
    single_parents = page.locator(
        "[data-testid=party-row][data-actor-id='valbrune-act-single-parents']"
    )
    assert "Partner author" in single_parents.inner_text()
    assert page.get_by_test_id("evaluation-row").count() >= 1
    assert "Signed" in page.get_by_test_id("contract-timeline").inner_text()
    all_contracts = page.get_by_test_id("contract-item").evaluate_all(
        "els => els.map(e => e.dataset.contractId)"
    )
    assert set(all_contracts) >= {n.id for n in DEMO.nodes if n.KIND.value == "Contract"}
    screenshot(page, "contracts")


def test_a_contract_moves_along_its_life_cycle(page: Any) -> None:
    yards = "valbrune-con-cool-schoolyards"  # negotiating in the demo
    sign_in(page)
    page.goto(f"/t/valbrune/contracts/{yards}")
    page.get_by_test_id("contract-status").filter(has_text="Negotiating").wait_for()
    assert page.get_by_test_id("move-ACTIVE").count() == 0  # not an allowed move from there
    page.get_by_test_id("move-SIGNED").click()
    page.get_by_test_id("contract-status").filter(has_text="Signed").wait_for()
    page.get_by_test_id("move-ACTIVE").wait_for()
    assert "Moved to signed" in page.get_by_test_id("contract-timeline").inner_text()


def test_an_indicator_chart_shows_its_measurements(page: Any) -> None:
    food_fresh = "valbrune-ind-food-fresh"
    measurements = children(RelType.HAS, food_fresh)
    sign_in(page)
    page.goto("/t/valbrune/indicators")
    card = page.locator(f"[data-testid=indicator-card][data-indicator-id='{food_fresh}']")
    card.wait_for()
    screenshot(page, "indicators-dashboard")
    card.click()
    wait_state(page, f"s.chartPoints === {len(measurements)}")
    assert len(measurements) == 12  # quarterly from 2022 to 2024 in the demo
    assert page.get_by_test_id("measurement-row").count() == len(measurements)
    chart = page.get_by_test_id("indicator-chart")
    assert chart.locator("canvas").count() >= 1
    # The contract and the two actions that target it are marked on the time axis.
    markers = page.get_by_test_id("chart-marker").all_inner_texts()
    assert len(markers) == len(targets_of(RelType.TARGETS, food_fresh)) == 3
    assert any(LABELS["valbrune-con-food-solidarity"] in m for m in markers)
    screenshot(page, "indicator-chart")


def test_recording_a_measurement_adds_a_point(page: Any) -> None:
    green = "valbrune-ind-green"
    before = len(children(RelType.HAS, green))
    sign_in(page)
    page.goto(f"/t/valbrune/indicators/{green}")
    wait_state(page, f"s.chartPoints === {before}")
    page.get_by_test_id("measure-on").fill("2025-06-30")
    page.get_by_test_id("measure-value").fill("12.5")
    page.get_by_test_id("measure-level").select_option("3")
    page.get_by_test_id("measure-submit").click()
    wait_state(page, f"s.chartPoints === {before + 1}")
    # The date as an English browser writes it (webui/src/i18n formatDay: dateStyle "medium").
    assert page.get_by_test_id("measurement-row").first.inner_text().startswith("Jun 30, 2025")


def test_history_lists_an_edit_and_the_map_at_an_earlier_date_shows_the_old_name(
    page: Any,
) -> None:
    paper = "valbrune-act-newspaper"
    old_name = LABELS[paper]
    sign_in(page)
    page.goto(f"/t/valbrune/map?node={paper}")
    wait_map(page)
    page.get_by_test_id("edit-node").click()
    # The change log dates the demo from when `pactmap demo` loaded it, so "before the edit"
    # is a moment between that load and this save (both on this machine's clock).
    before_edit = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    page.get_by_test_id("input-name").fill("Le Courrier de la Brune (renamed)")
    page.get_by_test_id("save-node").click()
    page.get_by_test_id("panel-title").filter(has_text="(renamed)").wait_for()

    page.get_by_test_id("nav-history").click()
    wait_state(page, "s.view === 'history'")
    page.get_by_test_id("history-list").filter(has_text="(renamed)").wait_for()
    screenshot(page, "history")

    page.get_by_test_id("map-at-input").fill(before_edit)
    page.get_by_test_id("map-at-submit").click()
    wait_state(page, "s.view === 'map' && s.mapAt !== null")
    wait_map(page)
    page.get_by_test_id("map-at-banner").wait_for()
    page.get_by_test_id("search").fill(old_name)
    page.locator(f"[data-testid=search-result][data-node-id='{paper}']").wait_for()
    page.get_by_test_id("search").fill("(renamed)")
    wait_state(page, "s.visibleNodeIds.length === 0")
    screenshot(page, "map-at")
    page.get_by_test_id("back-to-now").click()
    wait_state(page, "s.mapAt === null")
    page.get_by_test_id("search").fill("")
    page.get_by_test_id("search").fill("(renamed)")
    wait_state(page, f"s.visibleNodeIds.length === 1 && s.visibleNodeIds[0] === '{paper}'")
    assert state(page)["subscription"] in ("open", "connecting")


def test_keyboard_reaches_the_views_and_a_node(page: Any) -> None:
    sign_in(page)
    open_map(page)
    page.get_by_test_id("search").focus()
    page.keyboard.type("town hall")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    wait_state(page, "s.selectedNodeId === 'valbrune-act-town-hall'")
    page.locator("body").click(position={"x": 5, "y": 850})
    page.keyboard.press("Alt+4")
    wait_state(page, "s.view === 'indicators'")
    # Tabbing shows where the focus is (a visible outline on the focused control).
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => { const a = document.activeElement; const st = getComputedStyle(a);"
        " return [a.tagName, st.outlineStyle, st.outlineWidth]; }"
    )
    assert focused[0] in ("A", "BUTTON", "INPUT")
    assert focused[1] != "none" and focused[2] != "0px"
