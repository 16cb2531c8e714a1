"""Across territories: a territory that did not share is invisible to another territory's
members through every query and mutation of the cycle module, exactly like an id that does not
exist; once it shares, its profile and contract templates (and only those) are visible."""

from __future__ import annotations

from typing import Any

import pytest
from pactmap.api.auth import Caller
from pactmap.graph.model import NodeKind, RelType, Role

from tests.api.conftest import Api

MISSING = "ter-0000000000000000"

# Every operation of api/schema/cycle.py that names a territory or a node in it, run against
# "B" by a facilitator of "A". ``b`` is B's id, ``c`` a contract of B, ``g`` a group of B.
OPERATIONS: dict[str, str] = {
    "criteriaSynthesis": "query($b: ID!) { x: criteriaSynthesis(territoryId: $b) { total } }",
    "synthesis": "query($b: ID!) { x: synthesis(territoryId: $b) { cycle } }",
    "cycles": "query($b: ID!) { x: cycles(territoryId: $b) { cycle } }",
    "cycleSnapshot": (
        "query($b: ID!) { x: cycleSnapshot(territoryId: $b, cycle: 1) { map { nodes { id } } } }"
    ),
    "cycleDiff": (
        "query($b: ID!) { x: cycleDiff(territoryId: $b, fromCycle: 1, toCycle: 1) "
        "{ newActors { id } } }"
    ),
    "compareTerritories": (
        "query($a: ID!, $b: ID!) { x: compareTerritories(territoryId: $a, otherIds: [$b]) "
        "{ territory { name } gaps } }"
    ),
    "recordCriteria": (
        "mutation($b: ID!, $g: ID!) { x: recordCriteria(territoryId: $b, groupId: $g, "
        'criteria: [{text: "x", question: WELLBEING}]) { __typename '
        "... on NotFound { message } ... on PermissionDenied { message } } }"
    ),
    "createIndicatorFromCriteria": (
        "mutation($b: ID!) { x: createIndicatorFromCriteria(territoryId: $b, criterionIds: "
        '["cri-1"], input: {name: "x"}) { __typename ... on NotFound { message } } }'
    ),
    "advanceCycle": (
        "mutation($b: ID!) { x: advanceCycle(territoryId: $b, expectedVersion: 1) "
        "{ __typename ... on NotFound { message } } }"
    ),
    "setSharing": (
        "mutation($b: ID!) { x: setSharing(territoryId: $b, shared: true, expectedVersion: 1) "
        "{ __typename ... on NotFound { message } } }"
    ),
    "classifyCriterion": (
        "mutation($k: ID!) { x: classifyCriterion(id: $k, expectedVersion: 1, "
        "input: {dimension: A}) { __typename ... on NotFound { message } } }"
    ),
    "exportFile": 'query($b: ID!) { x: exportFile(territoryId: $b, format: "kumu") { nodes } }',
    "importFile": (
        'mutation($b: ID!) { x: importFile(territoryId: $b, format: "kumu", contentBase64: "e30=") '
        "{ __typename ... on NotFound { message } } }"
    ),
    "contractFromTemplate": (
        "mutation($a: ID!, $c: ID!) { x: contractFromTemplate(territoryId: $a, "
        "sourceContractId: $c) { __typename ... on NotFound { message } } }"
    ),
}


def _world(api: Api) -> dict[str, Any]:
    a = api.territory("Alpha town")
    b = api.territory("Bravo secret city")
    store = api.store
    group = store.create(
        NodeKind.ACTOR,
        {"name": "Bravo hidden group", "sector": "citizen_group"},
        by="test",
        territory_id=b,
    ).id
    town = store.create(
        NodeKind.ACTOR,
        {"name": "Bravo town hall", "sector": "public_authority"},
        by="t",
        territory_id=b,
    ).id
    contract = store.create(
        NodeKind.CONTRACT,
        {"title": "Bravo energy pact", "objective": "No cold homes", "duration_months": 10},
        by="test",
        territory_id=b,
    ).id
    for title in ("Insulate 40 flats", "Visit every cold home"):
        commitment = store.create(
            NodeKind.COMMITMENT, {"title": title}, by="test", territory_id=b
        ).id
        store.link(RelType.PART_OF, commitment, contract, by="test")
        store.link(RelType.MADE, town, commitment, by="test")
    store.link(RelType.SIGNED, group, contract, {"role": "partner_author"}, by="test")
    criterion = store.create(
        NodeKind.CRITERION,
        {"text": "Bravo hidden criterion", "question": "wellbeing"},
        by="test",
        territory_id=b,
    ).id
    return {
        "a": a,
        "b": b,
        "c": contract,
        "g": group,
        "k": criterion,
        "facilitator": api.user("alpha@example.org", {a: Role.FACILITATOR}),
        "admin_b": api.user("bravo@example.org", {b: Role.ADMIN}),
        "facilitator_b": api.user("bravo-f@example.org", {b: Role.FACILITATOR}),
    }


def _answer(api: Api, caller: Caller, query: str, **variables: Any) -> str:
    """Everything the caller gets back, errors included, as one text."""
    result = api.execute(query, caller, **variables)
    return repr((result.data, [e.message for e in result.errors or []]))


SECRETS = ("Bravo", "bravo", "hidden", "energy pact", "Insulate")


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_an_unshared_territory_answers_like_a_missing_one(api: Api, operation: str) -> None:
    w = _world(api)
    query = OPERATIONS[operation]
    names = {k: w[k] for k in ("a", "b", "c", "g", "k")}
    used = {k: v for k, v in names.items() if f"${k}" in query}
    answer = _answer(api, w["facilitator"], query, **used)
    assert not any(secret in answer for secret in SECRETS), answer
    assert "no territory" in answer or "no contract" in answer or "does not exist" in answer
    # the same answer as for ids that never existed, but for the id itself
    missing = {k: (MISSING if k in ("b", "c", "g", "k") else v) for k, v in used.items()}
    if "g" in used:
        missing["b"] = MISSING
    ghost = _answer(api, w["facilitator"], query, **missing)
    assert answer.replace(w["b"], "?").replace(w["c"], "?").replace(w["k"], "?") == (
        ghost.replace(MISSING, "?")
    ), operation
    # and nothing was written in either territory
    assert api.store.list_nodes(NodeKind.CONTRACT, w["a"]).total_count == 0


def test_sharing_is_an_admins_choice_and_shows_profiles_and_templates_only(api: Api) -> None:
    w = _world(api)
    facilitator = w["facilitator"]
    listed = "{ s: sharedTerritories { id name } }"
    assert api.run(listed, facilitator)["s"] == []
    assert api.errors(listed) == ["sign in to see which territories share"]

    share = """mutation($b: ID!, $v: Int!, $on: Boolean!) { x: setSharing(territoryId: $b,
        shared: $on, expectedVersion: $v) { __typename ... on Territory { shared version } } }"""
    version = api.store.get(w["b"]).version
    assert api.run(share, w["facilitator_b"], b=w["b"], v=version, on=True)["x"] == {
        "__typename": "PermissionDenied"
    }
    shared = api.run(share, w["admin_b"], b=w["b"], v=version, on=True)["x"]
    assert shared == {"__typename": "Territory", "shared": True, "version": version + 1}
    assert api.run(listed, facilitator)["s"] == [{"id": w["b"], "name": "Bravo secret city"}]

    compared = api.run(OPERATIONS["compareTerritories"], facilitator, a=w["a"], b=w["b"])["x"]
    assert [p["territory"]["name"] for p in compared] == ["Alpha town", "Bravo secret city"]
    forms = api.run(
        """query($a: ID!, $b: ID!) { x: compareTerritories(territoryId: $a, otherIds: [$b]) {
            contracts { contract { name } parties sectors durationMonths commitments status } } }""",
        facilitator,
        a=w["a"],
        b=w["b"],
    )["x"]
    # Bravo's pact: the group signed, the town made both commitments -> 2 parties, 2 sectors
    assert forms[1]["contracts"] == [
        {
            "contract": {"name": "Bravo energy pact"},
            "parties": 2,
            "sectors": ["CITIZEN_GROUP", "PUBLIC_AUTHORITY"],
            "durationMonths": 10,
            "commitments": 2,
            "status": "DRAFT",
        }
    ]

    # the map itself stays B's own: sharing shows profiles, not nodes
    for operation in ("synthesis", "criteriaSynthesis", "cycles", "cycleDiff"):
        assert "no territory" in _answer(api, facilitator, OPERATIONS[operation], b=w["b"])
    assert api.run("query($c: ID!) { node(id: $c) { id } }", facilitator, c=w["c"]) == {
        "node": None
    }

    made = api.run(
        """mutation($a: ID!, $c: ID!) { x: contractFromTemplate(territoryId: $a,
            sourceContractId: $c) { __typename ... on Contract { id title objective status
            durationMonths origin territoryId commitments { title status } signatories { actor { id } } } } }""",
        facilitator,
        a=w["a"],
        c=w["c"],
    )["x"]
    assert made["__typename"] == "Contract"
    assert (made["title"], made["objective"], made["durationMonths"], made["status"]) == (
        "Bravo energy pact",
        "No cold homes",
        10,
        "DRAFT",
    )
    assert made["territoryId"] == w["a"] and made["origin"] == f"template:{w['c']}"
    assert sorted(c["title"] for c in made["commitments"]) == [
        "Insulate 40 flats",
        "Visit every cold home",
    ]
    assert {c["status"] for c in made["commitments"]} == {"PROPOSED"}
    assert made["signatories"] == []  # no actor of B comes along

    # B stops sharing: hidden again
    version = api.store.get(w["b"]).version
    api.run(share, w["admin_b"], b=w["b"], v=version, on=False)
    assert api.run(listed, facilitator)["s"] == []
    assert "no territory" in _answer(
        api, facilitator, OPERATIONS["compareTerritories"], a=w["a"], b=w["b"]
    )
