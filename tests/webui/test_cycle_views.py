"""The SPIRAL cycle views on the demo territory: criteria typed in bulk, the synthesis by
dimension, advancing the cycle and the cycle diff. Expected values come from the demo's own
data (pactmap.seeds.demo / seeds/valbrune.py) and the analysis that the API itself uses."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from pactmap.analysis.convert import snapshot_to_graph
from pactmap.analysis.synthesis import synthesis
from pactmap.graph.store import Snapshot
from pactmap.seeds.demo import demo_territory

from .conftest import screenshot, sign_in, state, wait_state

pytestmark = pytest.mark.browser

DEMO = demo_territory()
DEMO_CYCLE = 2  # seeds/valbrune.py: the Valbrune territory's "spiral_cycle"


def graphql(page: Any, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    """A request from the signed-in page (its session cookie), as the UI makes them."""
    body = json.dumps({"query": query, "variables": variables})
    answer: dict[str, Any] = page.evaluate(
        """async (body) => {
            const r = await fetch('/graphql', {method: 'POST', credentials: 'same-origin',
              headers: {'content-type': 'application/json'}, body});
            return await r.json();
        }""",
        body,
    )
    assert "errors" not in answer, answer
    data: dict[str, Any] = answer["data"]
    return data


def test_a_facilitator_types_a_groups_criteria_in_bulk_and_sees_them_in_the_synthesis(
    page: Any,
) -> None:
    group = "Night-shift workers (browser test)"
    sign_in(page)
    page.goto("/t/valbrune/map")
    wait_state(page, "s.view === 'map'")
    page.keyboard.press("Alt+6")  # the navigation's shortcut for Criteria
    wait_state(page, "s.view === 'criteria'")
    assert group not in state(page)["cycleViews"]["criteriaGroups"]

    page.get_by_test_id("criteria-group").select_option("__new")
    page.get_by_test_id("criteria-new-group").fill(group)
    page.get_by_test_id("criteria-text-wellbeing").fill(
        "- A bus that runs at night\n- Quiet streets to sleep by day\n\n- a bus that runs at night"
    )
    page.get_by_test_id("criteria-text-illbeing").fill("Noise in the daytime\nFood prices")
    page.get_by_test_id("criteria-text-action").fill("1. We could share cars")
    page.get_by_test_id("criteria-suggest").click()
    # 5 distinct answers: the repeated bus line is kept once.
    wait_state(page, "s.cycleViews.criteriaLines === 5")
    assert page.get_by_test_id("criteria-line").count() == 5
    # The facilitator corrects the first line: personal relations (D), no component.
    page.get_by_test_id("criteria-dimension-0").select_option("D")
    assert page.get_by_test_id("criteria-code-0").input_value() == ""
    screenshot(page, "criteria-review")

    page.get_by_test_id("criteria-save").click()
    wait_state(page, f"s.cycleViews.criteriaGroups.includes({json.dumps(group)})")
    assert state(page)["cycleViews"]["criteriaSaved"] == 5
    card = page.locator(f"[data-testid=criteria-group-card][data-group={json.dumps(group)}]")
    assert "5 criteria" in card.inner_text()

    # Saved on the server: the group now holds the five criteria, the corrected one in D.
    found = graphql(
        page,
        "query($t: ID!) { criteriaSynthesis(territoryId: $t) { groups { group { name } total "
        "dimensions { dimension count } } } }",
        {"t": "valbrune"},
    )["criteriaSynthesis"]["groups"]
    mine = [g for g in found if g["group"]["name"] == group]
    assert len(mine) == 1 and mine[0]["total"] == 5
    assert any(d["dimension"] == "D" and d["count"] >= 1 for d in mine[0]["dimensions"])
    screenshot(page, "criteria-synthesis")


def test_a_criterion_saved_unclassified_is_classified_from_the_synthesis(page: Any) -> None:
    group = "Dog walkers (browser test)"
    answer = "Zzyzx quux"  # no taxonomy keyword in it
    sign_in(page)
    page.goto("/t/valbrune/criteria")
    wait_state(page, "s.view === 'criteria'")
    page.get_by_test_id("criteria-group").select_option("__new")
    page.get_by_test_id("criteria-new-group").fill(group)
    page.get_by_test_id("criteria-text-action").fill(answer)
    page.get_by_test_id("criteria-suggest").click()
    wait_state(page, "s.cycleViews.criteriaLines === 1")
    page.get_by_test_id("criteria-dimension-0").select_option("")
    page.get_by_test_id("criteria-save").click()
    wait_state(page, f"s.cycleViews.criteriaGroups.includes({json.dumps(group)})")
    item = page.get_by_test_id("criteria-unclassified").locator("li", has_text=answer)
    item.locator("select").select_option("H")
    item.get_by_role("button", name="Classify").click()
    page.get_by_test_id("criteria-unclassified").locator("li", has_text=answer).wait_for(
        state="detached"
    )
    found = graphql(
        page,
        "query($t: ID!) { criteriaSynthesis(territoryId: $t) { groups { group { name } "
        "classified dimensions { dimension count } } } }",
        {"t": "valbrune"},
    )["criteriaSynthesis"]["groups"]
    mine = [g for g in found if g["group"]["name"] == group]
    assert mine[0]["classified"] == 1
    assert mine[0]["dimensions"] == [{"dimension": "H", "count": 1}]


def test_the_synthesis_lists_the_demos_indicators_by_dimension(page: Any) -> None:
    snap = Snapshot(
        territory=DEMO.territory, nodes=list(DEMO.nodes), relationships=list(DEMO.relationships)
    )
    expected = sorted(
        f"{line.dimension or ''}|{i.indicator.name}"
        for line in synthesis(snapshot_to_graph(snap)).dimensions
        for i in line.indicators
    )
    indicators = {n.label for n in DEMO.nodes if n.KIND.value == "Indicator"}
    assert {e.split("|", 1)[1] for e in expected} == indicators  # every demo indicator

    sign_in(page)
    page.goto("/t/valbrune/synthesis")
    wait_state(page, "s.view === 'synthesis'")
    assert sorted(state(page)["cycleViews"]["synthesisIndicators"]) == expected
    assert page.get_by_test_id("synthesis-indicator").count() == len(expected)
    screenshot(page, "synthesis")


def test_a_coordinator_advances_the_cycle_and_the_diff_shows_it(page: Any) -> None:
    sign_in(page)
    page.goto("/t/valbrune/synthesis")
    wait_state(page, "s.view === 'synthesis'")
    assert state(page)["cycleViews"]["cycle"] == DEMO_CYCLE
    page.once("dialog", lambda d: d.accept())
    page.get_by_test_id("cycle-advance").click()
    wait_state(page, f"s.cycleViews.cycle === {DEMO_CYCLE + 1}")

    # Something new in the new cycle: an actor of the demo's map did not hold.
    newcomer = "Night bakery (browser test)"
    made = graphql(
        page,
        "mutation($i: CreateActorInput!) { createActor(input: $i) { __typename } }",
        {"i": {"territoryId": "valbrune", "name": newcomer, "sector": "PRIVATE_COMPANY"}},
    )
    assert made["createActor"]["__typename"] == "Actor"

    page.reload()
    wait_state(page, "s.view === 'synthesis'")
    assert state(page)["cycleViews"]["cycle"] == DEMO_CYCLE + 1  # kept by the server
    assert DEMO_CYCLE + 1 in state(page)["cycleViews"]["cycles"]
    page.get_by_test_id("diff-from").select_option(str(DEMO_CYCLE))
    page.get_by_test_id("diff-to").select_option(str(DEMO_CYCLE + 1))
    page.get_by_test_id("diff-show").click()
    wait_state(page, "s.cycleViews.diff !== null")
    actors = state(page)["cycleViews"]["diff"]["actors"]
    assert f"{newcomer} (private company)" in actors
    assert newcomer in page.get_by_test_id("diff-actors").inner_text()
    screenshot(page, "cycle-diff")


def test_compare_shows_the_territory_and_a_contract_starts_from_a_template(page: Any) -> None:
    food = "valbrune-con-food-solidarity"  # a demo contract (seeds/valbrune.py)
    sign_in(page)
    page.goto("/t/valbrune/compare")
    wait_state(page, "s.view === 'compare'")
    # The demo installation holds one territory: its own profile comes first and alone.
    assert state(page)["cycleViews"]["compared"] == ["valbrune"]
    contracts = {n.id for n in DEMO.nodes if n.KIND.value == "Contract"}
    rows = page.locator("[data-testid=compare-contracts-valbrune] tbody tr")
    assert rows.count() == len(contracts)
    screenshot(page, "compare")
    page.get_by_test_id(f"template-{food}").click()
    wait_state(page, "s.view === 'contracts'")
    assert "/contracts/" in page.url and not page.url.endswith(food)


def test_the_map_downloads_as_a_spreadsheet_and_its_import_reads_every_row(
    page: Any, tmp_path: Path
) -> None:
    sign_in(page)
    page.goto("/t/valbrune/compare")
    wait_state(page, "s.view === 'compare'")
    page.get_by_test_id("export-format").select_option("xlsx")
    with page.expect_download() as info:
        page.get_by_test_id("export-run").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    wait_state(page, "s.cycleViews.exported !== null")
    exported = re.search(
        r": (\d+) nodes, (\d+) relationships", page.get_by_test_id("export-result").inner_text()
    )
    assert exported is not None
    path = tmp_path / download.suggested_filename  # the name keeps the extension
    download.save_as(path)
    page.get_by_test_id("import-file").set_input_files(str(path))
    page.get_by_test_id("import-run").click()
    wait_state(page, "s.cycleViews.imported !== null || s.lastError !== null", timeout=60_000)
    imported = state(page)["cycleViews"]["imported"]
    assert imported is not None, state(page)["lastError"]
    # Every node and relationship the download holds is read back (ids are not kept by the
    # importer: see the report — a re-import into the same territory creates copies).
    text = page.get_by_test_id("import-result").inner_text()
    assert f"{exported[1]} nodes and {exported[2]} relationships read" in text
    screenshot(page, "files")
