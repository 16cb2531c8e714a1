"""GraphQL ``analysis(territoryId:)`` and the suggestion decisions, at schema level on SQLite."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pactmap.graph.model import Role, TokenScope
from pactmap.seeds.demo import load_demo
from starlette.testclient import TestClient

from .conftest import Api

ANALYSIS = """
query($t: ID!) {
  analysis(territoryId: $t) {
    silos { id size homophily eiIndex sectors { sector count } actors { id name } }
    gaps(limit: 5) { kind score explanation actors { id } topics { id name } }
    brokers(limit: 3) { actor { id name } betweenness constraint effectiveSize }
    coverage {
      uncoveredIndicators { indicator { id } level trend reason }
      uncoveredTopics { id } orphanConcerns { id }
      unrepresentedGroups { group { id } topics { id } contracts { id } }
    }
    suggestions(limit: 3) { id actors { id sector } objective score explanation decision
                            terms { name value } }
    trends { indicator { id } latestLevel trend measurements { on level } changes { kind change } }
  }
}
"""

ACCEPT = """
mutation($t: ID!, $s: ID!) {
  acceptSuggestion(territoryId: $t, suggestionId: $s, note: "from the workshop") {
    __typename
    ... on Contract { id title status }
    ... on NotFound { message }
    ... on PermissionDenied { message }
  }
}
"""

DECIDE = """
mutation($t: ID!, $s: ID!) {
  rejectSuggestion(territoryId: $t, suggestionId: $s, note: "not now") {
    __typename
    ... on SuggestionDecisionRecord { decision note suggestionId }
    ... on NotFound { message }
    ... on PermissionDenied { message }
  }
}
"""


@pytest.fixture
def demo(sqlite_api: Api) -> str:
    return load_demo(sqlite_api.store)


def test_a_facilitator_gets_every_section(sqlite_api: Api, demo: str) -> None:
    facilitator = sqlite_api.user("f@example.org", {demo: Role.FACILITATOR})
    data = sqlite_api.run(ANALYSIS, facilitator, t=demo)["analysis"]
    assert data["silos"] and data["silos"][0]["actors"]
    assert len(data["gaps"]) == 5
    assert all(g["explanation"] and g["actors"] for g in data["gaps"])
    assert len(data["brokers"]) == 3
    assert data["brokers"][0]["betweenness"] >= data["brokers"][1]["betweenness"]
    first = data["suggestions"][0]
    assert first["id"].startswith("sug-")
    assert [t["name"] for t in first["terms"]] == [
        "coverage",
        "sector_diversity",
        "bridging",
        "existing_trust",
        "citizen_voice",
        "future_generations",
    ]
    assert first["decision"] is None
    assert data["trends"] and data["trends"][0]["measurements"]


def test_a_viewer_may_not_run_an_analysis(sqlite_api: Api, demo: str) -> None:
    viewer = sqlite_api.user("v@example.org", {demo: Role.VIEWER})
    (message,) = sqlite_api.errors(ANALYSIS, viewer, t=demo)
    assert "analyse" in message


def test_accept_returns_the_draft_contract_and_the_next_analysis_sees_it(
    sqlite_api: Api, demo: str
) -> None:
    facilitator = sqlite_api.user("f@example.org", {demo: Role.FACILITATOR})
    first = sqlite_api.run(ANALYSIS, facilitator, t=demo)["analysis"]["suggestions"][0]
    result = sqlite_api.run(ACCEPT, facilitator, t=demo, s=first["id"])["acceptSuggestion"]
    assert result["__typename"] == "Contract"
    assert result["status"] == "DRAFT"
    again = sqlite_api.run(ACCEPT, facilitator, t=demo, s=first["id"])["acceptSuggestion"]
    assert again["__typename"] == "NotFound"
    after = sqlite_api.run(ANALYSIS, facilitator, t=demo)["analysis"]["suggestions"]
    assert first["id"] not in {s["id"] for s in after}


def test_reject_is_recorded_and_shown(sqlite_api: Api, demo: str) -> None:
    facilitator = sqlite_api.user("f@example.org", {demo: Role.FACILITATOR})
    first = sqlite_api.run(ANALYSIS, facilitator, t=demo)["analysis"]["suggestions"][0]
    result = sqlite_api.run(DECIDE, facilitator, t=demo, s=first["id"])["rejectSuggestion"]
    assert result == {
        "__typename": "SuggestionDecisionRecord",
        "decision": "rejected",
        "note": "not now",
        "suggestionId": first["id"],
    }
    shown = sqlite_api.run(ANALYSIS, facilitator, t=demo)["analysis"]["suggestions"][0]
    assert (shown["id"], shown["decision"]) == (first["id"], "rejected")


def test_a_viewer_may_not_decide(sqlite_api: Api, demo: str) -> None:
    facilitator = sqlite_api.user("f@example.org", {demo: Role.FACILITATOR})
    viewer = sqlite_api.user("v@example.org", {demo: Role.VIEWER})
    first = sqlite_api.run(ANALYSIS, facilitator, t=demo)["analysis"]["suggestions"][0]
    result = sqlite_api.run(ACCEPT, viewer, t=demo, s=first["id"])["acceptSuggestion"]
    assert result["__typename"] == "PermissionDenied"
    result = sqlite_api.run(DECIDE, viewer, t=demo, s=first["id"])["rejectSuggestion"]
    assert result["__typename"] == "PermissionDenied"


def test_bad_limits_are_refused_by_name(sqlite_api: Api, demo: str) -> None:
    facilitator = sqlite_api.user("f@example.org", {demo: Role.FACILITATOR})
    query = (
        "query($t: ID!) { analysis(territoryId: $t, maxSuggestions: 999) { stats { openPairs } } }"
    )
    (message,) = sqlite_api.errors(query, facilitator, t=demo)
    assert "'maxSuggestions' is between 0 and 50, not 999" in message
    query = "query($t: ID!) { analysis(territoryId: $t) { gaps(limit: -1) { score } } }"
    (message,) = sqlite_api.errors(query, facilitator, t=demo)
    assert "a limit is 0 or more, not -1" in message


def test_rejected_suggestions_can_be_hidden(sqlite_api: Api, demo: str) -> None:
    facilitator = sqlite_api.user("f@example.org", {demo: Role.FACILITATOR})
    first = sqlite_api.run(ANALYSIS, facilitator, t=demo)["analysis"]["suggestions"][0]
    sqlite_api.run(DECIDE, facilitator, t=demo, s=first["id"])
    query = """query($t: ID!) { analysis(territoryId: $t) {
        all: suggestions(limit: 10) { id }
        open: suggestions(limit: 10, hideRejected: true) { id } } }"""
    data = sqlite_api.run(query, facilitator, t=demo)["analysis"]
    assert first["id"] in {s["id"] for s in data["all"]}
    assert first["id"] not in {s["id"] for s in data["open"]}


def test_stats_count_the_open_pairs_exactly_and_say_how_brokers_were_found(
    sqlite_api: Api, demo: str
) -> None:
    """openPairs is the exact count of untied actor pairs sharing a topic or an indicator,
    checked here against a brute force over the demo's own snapshot."""
    from itertools import combinations

    from pactmap.analysis.convert import build_views

    facilitator = sqlite_api.user("f@example.org", {demo: Role.FACILITATOR})
    query = """query($t: ID!) { analysis(territoryId: $t) { stats { actors openPairs
      betweenness { method pivots } } brokers(limit: 3) { betweenness weightedBetweenness
      constraint weightedConstraint } } }"""
    data = sqlite_api.run(query, facilitator, t=demo)["analysis"]
    views = build_views(sqlite_api.store.snapshot(demo))
    on = {
        actor: set(views.actor_topic.adj.get(actor, {})) | set(views.indicators.get(actor, {}))
        for actor in views.collaboration
    }
    expected = sum(
        1
        for a, b in combinations(sorted(on), 2)
        if on[a] & on[b] and not views.collaboration.has_edge(a, b)
    )
    assert data["stats"]["openPairs"] == expected
    assert data["stats"]["betweenness"] == {"method": "exact", "pivots": data["stats"]["actors"]}
    assert all(b["weightedBetweenness"] is not None for b in data["brokers"])


GAPS_AND_SUGGESTIONS = """
query($t: ID!) {
  analysis(territoryId: $t) {
    gaps(limit: 3) { explanation }
    suggestions(limit: 1) { objective explanation }
    coverage { uncoveredIndicators { reason } }
  }
}
"""


def test_the_analysis_answers_in_the_request_language(
    api: Api, make_client: Callable[..., TestClient]
) -> None:
    demo = load_demo(api.store)
    plaintext, _ = api.token(demo, TokenScope.WRITE)
    client = make_client()

    def ask(language: str) -> Any:
        response = client.post(
            "/graphql",
            json={"query": GAPS_AND_SUGGESTIONS, "variables": {"t": demo}},
            headers={"authorization": f"Bearer {plaintext}", "accept-language": language},
        )
        return response.json()["data"]["analysis"]

    french, english = ask("fr-BE,fr;q=0.9"), ask("en-GB")
    suggestion = french["suggestions"][0]
    assert suggestion["objective"].startswith(("Améliorer «", "Agir ensemble sur"))
    assert "paires sur" in suggestion["explanation"] and "acteurs de" in suggestion["explanation"]
    assert all("mais" in g["explanation"] for g in french["gaps"])
    assert all("aucun engagement" in n["reason"] for n in french["coverage"]["uncoveredIndicators"])
    assert "pairs have never worked together" in english["suggestions"][0]["explanation"]
    assert all(
        ", but they have" in g["explanation"] or "yet none" in g["explanation"]
        for g in english["gaps"]
    )
