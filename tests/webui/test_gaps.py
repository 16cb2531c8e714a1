"""The gap explorer on the demo: its documented coordination gaps are listed with their
explanations, a suggestion becomes a draft contract, and a rejection is recorded. The
documented gaps come from pactmap.seeds.valbrune.DOCUMENTED_GAPS.

The listing test comes first: drafting a contract ties its parties, which closes gaps."""

from __future__ import annotations

from typing import Any

import pytest
from pactmap.seeds.demo import demo_territory

from .conftest import screenshot, sign_in, state, wait_state

pytestmark = pytest.mark.browser

DEMO = demo_territory()


def open_gaps(page: Any, tab: str = "gaps") -> None:
    page.goto(f"/t/valbrune/gaps?tab={tab}")
    wait_state(page, "s.view === 'gaps' && s.gaps > 0", timeout=90_000)


def cards(page: Any, testid: str) -> list[dict[str, Any]]:
    return list(
        page.get_by_test_id(testid).evaluate_all(
            "els => els.map(e => ({ id: e.dataset.suggestionId, actors: e.dataset.actorIds,"
            " topics: e.dataset.topicIds, text: e.innerText }))"
        )
    )


def test_the_gap_explorer_lists_the_demos_documented_gaps(page: Any) -> None:
    assert len(DEMO.gaps) == 5
    sign_in(page)
    open_gaps(page)
    listed = cards(page, "gap-card")
    assert len(listed) == state(page)["gaps"]
    for documented in DEMO.gaps:
        wanted = set(documented.actors)
        matches = [c for c in listed if wanted <= set(c["actors"].split(","))]
        assert matches, f"no gap card joins {sorted(wanted)}"
        assert any(len(c["text"]) > 80 for c in matches)  # an explanation in words
    page.get_by_test_id("gap-card").first.click()
    assert page.get_by_test_id("gap-card").first.get_attribute("aria-pressed") == "true"
    screenshot(page, "gaps")
    page.get_by_test_id("tab-suggestions").click()
    page.get_by_test_id("suggestion-card").first.wait_for()
    terms = page.get_by_test_id("score-terms").first.inner_text()
    for name in ("Coverage", "Sector diversity", "Bridging", "Citizen voice"):
        assert name in terms
    screenshot(page, "suggestions")


def test_drafting_a_contract_from_a_suggestion_creates_it(page: Any) -> None:
    sign_in(page)
    open_gaps(page, "suggestions")
    first = cards(page, "suggestion-card")[0]
    parties = sorted(first["actors"].split(","))
    assert len(parties) >= 3
    page.get_by_test_id("draft-contract").first.click()
    wait_state(page, "s.view === 'contracts'")
    detail = page.get_by_test_id("contract-detail")
    page.get_by_test_id("contract-status").filter(has_text="Draft").wait_for()
    contract_id = detail.get_attribute("data-contract-id")
    assert contract_id
    drawn = page.get_by_test_id("party-row").evaluate_all(
        "rows => rows.map(r => r.dataset.actorId)"
    )
    assert sorted(drawn) == parties
    assert first["id"] in page.get_by_test_id("contract-origin").inner_text()
    assert (
        page.locator(f"[data-testid=contract-item][data-contract-id='{contract_id}']").count() == 1
    )
    screenshot(page, "drafted-contract")

    # It is a real node of the map: the map explorer finds it.
    page.get_by_test_id("nav-map").click()
    wait_state(page, "s.view === 'map' && s.nodeCount > 0")
    title = page.evaluate(
        "async (id) => { const r = await fetch('/graphql', { method: 'POST',"
        " headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query:"
        " 'query($id: ID!) { node(id: $id) { label } }', variables: { id } }) });"
        " return (await r.json()).data.node.label; }",
        contract_id,
    )
    page.get_by_test_id("search").fill(title)
    page.locator(f"[data-testid=search-result][data-node-id='{contract_id}']").wait_for()


def test_rejecting_a_suggestion_records_the_decision_and_note(page: Any) -> None:
    sign_in(page)
    open_gaps(page, "suggestions")
    card = page.get_by_test_id("suggestion-card").last
    suggestion = card.get_attribute("data-suggestion-id")
    card.get_by_test_id("decision-note").fill("The tenants' group asked for another season first.")
    card.get_by_test_id("reject-suggestion").click()
    card.get_by_test_id("decision-status").filter(has_text="Rejected").wait_for()

    page.reload()
    wait_state(page, "s.view === 'gaps' && s.gaps > 0", timeout=90_000)
    again = page.locator(f"[data-testid=suggestion-card][data-suggestion-id='{suggestion}']")
    again.get_by_test_id("decision-status").filter(has_text="rejected").wait_for()
