"""One click must not destroy (issue 14 item 6), and the contract page a facilitator can edit
(item 4), as a coordinator does it in the browser. What the server holds is read back through
its GraphQL API (the page's own session), not from the page. Expected links and statuses come
from the demo's data (pactmap.seeds.valbrune).
"""

from __future__ import annotations

from typing import Any

import pytest
from pactmap.seeds.demo import demo_territory

from .conftest import screenshot, sign_in, wait_map, wait_state

pytestmark = pytest.mark.browser

DEMO = demo_territory()
LABELS = {n.id: n.label for n in DEMO.nodes}
TOWN_HALL, PAPER = "valbrune-act-town-hall", "valbrune-act-newspaper"
# valbrune.COLLABORATIONS: ("town-hall", "newspaper", "2019-01-01", 2, "Monthly town page")
PAPER_LINK = {"since": "2019-01-01", "strength": 2, "evidence": "Monthly town page"}
YARDS = "valbrune-con-cool-schoolyards"  # negotiating in the demo


def api(page: Any, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    """A GraphQL answer's data, asked with the signed-in page's cookie."""
    answer = page.evaluate(
        "async ([query, variables]) => { const r = await fetch('/graphql', { method: 'POST',"
        " headers: { 'content-type': 'application/json' },"
        " body: JSON.stringify({ query, variables }) }); return await r.json(); }",
        [query, variables],
    )
    assert not answer.get("errors"), answer
    return dict(answer["data"])


def collaborations(page: Any, actor: str) -> dict[str, dict[str, Any]]:
    """The actor's outgoing COLLABORATES_WITH links on the server: other end -> properties."""
    node = api(
        page,
        "query($id: ID!) { node(id: $id) { links { type fromId toId properties } } }",
        {"id": actor},
    )["node"]
    return {
        link["toId"]: link["properties"]
        for link in node["links"]
        if link["type"] == "COLLABORATES_WITH" and link["fromId"] == actor
    }


def contract(page: Any, contract_id: str) -> dict[str, Any]:
    query = "query($id: ID!) { node(id: $id) { ... on Contract { title objective status } } }"
    return dict(api(page, query, {"id": contract_id})["node"])


def test_a_removed_link_comes_back_with_undo(page: Any) -> None:
    sign_in(page)
    page.goto(f"/t/valbrune/map?node={TOWN_HALL}")
    wait_map(page)
    assert collaborations(page, TOWN_HALL)[PAPER] == PAPER_LINK
    item = page.locator("[data-testid=link-item][data-link-type=COLLABORATES_WITH]").filter(
        has_text=LABELS[PAPER]
    )
    item.get_by_test_id("unlink").click()
    toast = page.get_by_test_id("toast")
    toast.filter(has_text=f"Removed the collaborates with link to {LABELS[PAPER]}").wait_for()
    item.wait_for(state="detached")
    assert PAPER not in collaborations(page, TOWN_HALL)
    screenshot(page, "undo-offered")

    toast.get_by_test_id("undo").click()
    toast.filter(has_text="Undone").wait_for()
    item.wait_for()
    assert collaborations(page, TOWN_HALL)[PAPER] == PAPER_LINK


def test_closing_a_contract_asks_first(page: Any) -> None:
    sign_in(page)
    page.goto(f"/t/valbrune/contracts/{YARDS}")
    page.get_by_test_id("contract-status").filter(has_text="Negotiating").wait_for()
    page.get_by_test_id("move-CLOSED").click()
    dialog = page.get_by_test_id("confirm-dialog")
    assert "cannot be reopened" in dialog.inner_text()
    screenshot(page, "close-asked")
    dialog.get_by_test_id("confirm-no").click()
    dialog.wait_for(state="detached")
    assert contract(page, YARDS)["status"] == "NEGOTIATING"

    page.get_by_test_id("move-CLOSED").click()
    page.get_by_test_id("confirm-yes").click()
    page.get_by_test_id("contract-status").filter(has_text="Closed").wait_for()
    assert contract(page, YARDS)["status"] == "CLOSED"


def test_a_status_move_that_can_go_back_is_undone(page: Any) -> None:
    food = "valbrune-con-food-solidarity"  # active in the demo; ACTIVE <-> EVALUATED both ways
    sign_in(page)
    page.goto(f"/t/valbrune/contracts/{food}")
    page.get_by_test_id("contract-status").filter(has_text="Active").wait_for()
    page.get_by_test_id("move-EVALUATED").click()
    page.get_by_test_id("contract-status").filter(has_text="Evaluated").wait_for()
    assert contract(page, food)["status"] == "EVALUATED"
    page.get_by_test_id("toast").get_by_test_id("undo").click()
    page.get_by_test_id("contract-status").filter(has_text="Active").wait_for()
    assert contract(page, food)["status"] == "ACTIVE"


def test_the_contract_page_edits_title_and_objective(page: Any) -> None:
    youth = "valbrune-con-youth-pact"
    title, objective = "First jobs in Valbrune", "Forty young people in a first job by June."
    sign_in(page)
    page.goto(f"/t/valbrune/contracts/{youth}")
    page.get_by_test_id("contract-title").filter(has_text=LABELS[youth]).wait_for()
    page.get_by_test_id("edit-contract").click()
    page.get_by_test_id("contract-title-input").fill(title)
    page.get_by_test_id("contract-objective-input").fill(objective)
    page.get_by_test_id("contract-save").click()
    page.get_by_test_id("contract-title").filter(has_text=title).wait_for()
    assert page.get_by_test_id("contract-objective").inner_text() == objective
    page.locator(f"[data-testid=contract-item][data-contract-id='{youth}']").filter(
        has_text=title
    ).wait_for()
    screenshot(page, "contract-edited")
    saved = contract(page, youth)
    assert (saved["title"], saved["objective"]) == (title, objective)


def test_a_drafted_contract_names_its_origin_in_words(page: Any) -> None:
    sign_in(page)
    page.goto("/t/valbrune/gaps?tab=suggestions")
    wait_state(page, "s.view === 'gaps' && s.suggestions > 0")
    page.get_by_test_id("draft-contract").first.click()
    wait_state(page, "s.view === 'contracts'")
    origin = page.get_by_test_id("contract-origin")
    origin.filter(has_text="Drafted from a suggestion of the gap explorer").wait_for()
    screenshot(page, "contract-origin")
    origin.get_by_test_id("origin-link").click()
    wait_state(page, "s.view === 'gaps'")
    assert page.get_by_test_id("tab-suggestions").get_attribute("aria-selected") == "true"
