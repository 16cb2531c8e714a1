"""Coordinators edit in the side panel: the edit persists, another signed-in browser sees it
live (mapChanged), and a stale edit opens the conflict dialog showing the other change.
Each test edits its own demo actor so the tests do not depend on one another."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import Browsing, screenshot, sign_in, state, wait_map, wait_state

pytestmark = pytest.mark.browser


def open_node(page: Any, node_id: str) -> None:
    page.goto(f"/t/valbrune/map?node={node_id}")
    wait_map(page)
    wait_state(page, f"s.selectedNodeId === '{node_id}'")
    page.get_by_test_id("panel-fields").wait_for()


def start_editing(page: Any) -> None:
    page.get_by_test_id("edit-node").click()
    page.get_by_test_id("edit-form").wait_for()


def test_an_edit_is_saved_and_still_there_after_reload(page: Any) -> None:
    theatre = "valbrune-act-theatre"
    sign_in(page)
    open_node(page, theatre)
    version = int(page.get_by_test_id("field-version").inner_text())
    start_editing(page)
    page.get_by_test_id("input-description").fill("Runs the summer festival with the schools.")
    screenshot(page, "panel-edit")
    page.get_by_test_id("save-node").click()
    page.get_by_test_id("field-description").filter(
        has_text="Runs the summer festival with the schools."
    ).wait_for()
    assert int(page.get_by_test_id("field-version").inner_text()) == version + 1

    page.reload()
    wait_map(page)
    page.get_by_test_id("field-description").filter(
        has_text="Runs the summer festival with the schools."
    ).wait_for()
    assert int(page.get_by_test_id("field-version").inner_text()) == version + 1
    assert state(page)["selectedNodeId"] == theatre


def test_invalid_input_is_shown_next_to_its_field(page: Any) -> None:
    sign_in(page)
    open_node(page, "valbrune-act-sports-club")
    start_editing(page)
    page.get_by_test_id("input-influence").fill("9")
    page.get_by_test_id("input-name").fill("")
    page.get_by_test_id("save-node").click()
    assert page.get_by_test_id("error-influence").inner_text() == "At most 5 (9 given)."
    assert page.get_by_test_id("error-name").inner_text() == "This field is required."
    assert page.get_by_test_id("input-influence").get_attribute("aria-invalid") == "true"
    screenshot(page, "panel-validation")


def test_another_browser_sees_the_edit_live(page: Any, second: Browsing) -> None:
    media = "valbrune-act-media-library"
    watcher = second.new_page()
    sign_in(watcher)
    open_node(watcher, media)
    wait_state(watcher, "s.subscription === 'open'")
    events_before = state(watcher)["liveEvents"]

    sign_in(page)
    open_node(page, media)
    start_editing(page)
    page.get_by_test_id("input-name").fill("Médiathèque Jules-Verne (media library)")
    page.get_by_test_id("save-node").click()

    wait_state(watcher, f"s.liveEvents > {events_before}")
    watcher.get_by_test_id("panel-title").filter(
        has_text="Médiathèque Jules-Verne (media library)"
    ).wait_for()
    watcher.get_by_test_id("search").fill("jules-verne")
    watcher.locator(f"[data-testid=search-result][data-node-id='{media}']").wait_for()
    screenshot(watcher, "live-edit")


def test_a_stale_edit_shows_the_other_change_and_merges(page: Any, second: Browsing) -> None:
    bank = "valbrune-act-bank"
    other = second.new_page()
    sign_in(other)
    open_node(other, bank)
    sign_in(page)
    open_node(page, bank)
    # Both start from the same version; the other coordinator saves first.
    start_editing(page)
    start_editing(other)
    other.get_by_test_id("input-description").fill("Cooperative bank; funds the repair café.")
    other.get_by_test_id("input-influence").fill("2")
    other.get_by_test_id("save-node").click()
    other.get_by_test_id("field-description").filter(has_text="funds the repair café").wait_for()

    page.get_by_test_id("input-website").fill("https://bank.valbrune.example")
    page.get_by_test_id("input-influence").fill("5")
    page.get_by_test_id("save-node").click()
    dialog = page.get_by_test_id("conflict-dialog")
    dialog.wait_for()
    their_changes = page.get_by_test_id("their-changes").inner_text()
    assert "Cooperative bank; funds the repair café." in their_changes
    assert page.get_by_test_id("their-value-influence").inner_text().strip() == "2"
    assert "version" in page.get_by_test_id("conflict-message").inner_text()
    screenshot(page, "conflict-dialog")

    page.get_by_test_id("keep-mine-influence").check()
    page.get_by_test_id("conflict-merge").click()
    page.get_by_test_id("field-website").filter(has_text="https://bank.valbrune.example").wait_for()
    # Nothing is lost: their description and my website and influence are all kept.
    assert (
        page.get_by_test_id("field-description").inner_text()
        == "Cooperative bank; funds the repair café."
    )
    assert page.get_by_test_id("field-influence").inner_text() == "5"


def test_a_new_relationship_is_saved_edited_and_seen_live(page: Any, second: Browsing) -> None:
    mjc, nature = "valbrune-act-mjc", "valbrune-act-nature"
    nature_name = "Valbrune Nature Environnement"  # its label in pactmap.seeds.valbrune
    watcher = second.new_page()
    sign_in(watcher)
    open_node(watcher, nature)
    wait_state(watcher, "s.subscription === 'open'")
    edges_before = state(watcher)["edgeCount"]

    sign_in(page)
    open_node(page, mjc)
    page.get_by_test_id("link-type").select_option("COLLABORATES_WITH")
    page.get_by_test_id("link-target").fill(nature_name)
    page.get_by_test_id("link-prop-strength").fill("4")
    page.get_by_test_id("link-prop-evidence").fill("Joint summer nature workshops")
    page.get_by_test_id("link-add").click()
    added = page.locator("[data-testid=link-item][data-link-type=COLLABORATES_WITH]").filter(
        has_text=nature_name
    )
    # A property is shown by its label (webui/src/i18n/en.json "field.strength").
    added.filter(has_text="Strength (1-5): 4").wait_for()

    # The other browser's map gains the link, and its open panel lists it.
    wait_state(watcher, f"s.edgeCount === {edges_before + 1}")
    watcher.locator("[data-testid=link-item][data-link-type=COLLABORATES_WITH]").filter(
        has_text="MJC de Valbrune"
    ).wait_for()

    # Editing the link replaces its properties.
    added.get_by_test_id("edit-link").click()
    page.get_by_test_id("link-prop-strength").fill("5")
    page.get_by_test_id("link-add").click()
    added.filter(has_text="Strength (1-5): 5").wait_for()
    screenshot(page, "panel-links")
