"""Schema-level reads: every query field, filters, pagination, relationship fields through
DataLoaders (with a bounded number of store calls), and territory isolation."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from pactmap.graph.model import NodeKind, RelType, Role
from pactmap.graph.store import Store

from tests.api.conftest import Api


def small_map(store: Store, territory_id: str) -> dict[str, str]:
    """Three actors, a topic, a commitment, a contract and an indicator with one measurement."""

    def make(kind: NodeKind, **fields: Any) -> str:
        return store.create(kind, fields, by="test", territory_id=territory_id).id

    ids = {
        "hall": make(NodeKind.ACTOR, name="Town hall", sector="public_authority"),
        "advice": make(NodeKind.ACTOR, name="Énergie conseil", sector="association"),
        "tenants": make(NodeKind.ACTOR, name="Tenants of Les Coteaux", sector="citizen_group"),
        "energy": make(NodeKind.TOPIC, name="Energy poverty", dimension="A"),
        "housing": make(NodeKind.TOPIC, name="Housing", dimension="B"),
        "insulate": make(NodeKind.COMMITMENT, title="Insulate 40 flats", status="active"),
        "pact": make(NodeKind.CONTRACT, title="Warm homes pact"),
        "cold": make(NodeKind.INDICATOR, name="Households that cannot heat their home"),
    }
    for rel, a, b, props in [
        (RelType.WORKS_ON, "hall", "energy", {"intensity": 4}),
        (RelType.WORKS_ON, "advice", "energy", {}),
        (RelType.WORKS_ON, "tenants", "housing", {}),
        (RelType.COLLABORATES_WITH, "hall", "advice", {"strength": 2}),
        (RelType.MADE, "hall", "insulate", {}),
        (RelType.ADDRESSES, "insulate", "energy", {}),
        (RelType.PART_OF, "insulate", "pact", {}),
        (RelType.SIGNED, "tenants", "pact", {"role": "partner_author"}),
        (RelType.TARGETS, "pact", "cold", {}),
        (RelType.MEASURES, "cold", "energy", {}),
    ]:
        store.link(rel, ids[a], ids[b], props, by="test")
    return ids


@pytest.fixture
def world(api: Api) -> dict[str, Any]:
    territory = api.territory()
    other = api.territory("Elsewhere")
    ids = small_map(api.store, territory)
    stranger_ids = small_map(api.store, other)
    viewer = api.user("viewer@example.org", {territory: Role.VIEWER})
    return {"t": territory, "other": other, "ids": ids, "far": stranger_ids, "viewer": viewer}


def test_territories_lists_only_the_callers(api: Api, world: dict[str, Any]) -> None:
    data = api.run("{ territories { id name myRole } }", world["viewer"])
    assert data["territories"] == [{"id": world["t"], "name": "Valbrune", "myRole": "VIEWER"}]


def test_territory_and_node_of_another_territory_are_null(api: Api, world: dict[str, Any]) -> None:
    query = "query($id: ID!) { territory(id: $id) { name } node(id: $id) { id } }"
    assert api.run(query, world["viewer"], id=world["other"]) == {"territory": None, "node": None}
    far_actor = world["far"]["hall"]
    assert api.run(query, world["viewer"], id=far_actor) == {"territory": None, "node": None}


def test_node_returns_the_concrete_type(api: Api, world: dict[str, Any]) -> None:
    data = api.run(
        "query($id: ID!) { node(id: $id) { __typename id version label"
        " ... on Actor { name sector scale } } }",
        world["viewer"],
        id=world["ids"]["hall"],
    )
    assert data["node"] == {
        "__typename": "Actor",
        "id": world["ids"]["hall"],
        "version": 1,
        "label": "Town hall",
        "name": "Town hall",
        "sector": "PUBLIC_AUTHORITY",
        "scale": "MUNICIPAL",  # the model's default
    }


def test_list_of_another_territory_is_refused(api: Api, world: dict[str, Any]) -> None:
    errors = api.errors(
        "query($t: ID!) { actors(territoryId: $t) { totalCount } }",
        world["viewer"],
        t=world["other"],
    )
    assert errors and "no territory" in errors[0]


def test_actors_filtered_by_sector_and_text(api: Api, world: dict[str, Any]) -> None:
    query = """query($t: ID!, $f: NodeFilter) {
        actors(territoryId: $t, filter: $f) { totalCount edges { node { name } } } }"""
    by_sector = api.run(query, world["viewer"], t=world["t"], f={"sector": "CITIZEN_GROUP"})
    assert [e["node"]["name"] for e in by_sector["actors"]["edges"]] == ["Tenants of Les Coteaux"]
    # text ignores case and accents: "energie" finds "Énergie conseil"
    by_text = api.run(query, world["viewer"], t=world["t"], f={"text": "energie"})
    assert by_text["actors"]["totalCount"] == 1
    assert by_text["actors"]["edges"][0]["node"]["name"] == "Énergie conseil"


def test_status_and_dimension_filters(api: Api, world: dict[str, Any]) -> None:
    data = api.run(
        """query($t: ID!) {
            commitments(territoryId: $t, filter: {status: "ACTIVE"}) { totalCount }
            contracts(territoryId: $t, filter: {status: "SIGNED"}) { totalCount }
            topics(territoryId: $t, filter: {dimension: B}) { edges { node { name } } } }""",
        world["viewer"],
        t=world["t"],
    )
    assert data["commitments"]["totalCount"] == 1
    assert data["contracts"]["totalCount"] == 0  # the pact is a draft
    assert data["topics"]["edges"] == [{"node": {"name": "Housing"}}]


def test_a_filter_that_does_not_apply_is_an_error(api: Api, world: dict[str, Any]) -> None:
    errors = api.errors(
        "query($t: ID!) { topics(territoryId: $t, filter: {sector: ASSOCIATION}) { totalCount } }",
        world["viewer"],
        t=world["t"],
    )
    assert errors and "sector" in errors[0]


def test_pagination_walks_every_actor_once(api: Api, world: dict[str, Any]) -> None:
    query = """query($t: ID!, $after: String) {
        actors(territoryId: $t, first: 2, after: $after) {
            totalCount edges { cursor node { name } } pageInfo { hasNextPage endCursor } } }"""
    first = api.run(query, world["viewer"], t=world["t"])["actors"]
    assert first["totalCount"] == 3
    assert first["pageInfo"]["hasNextPage"] is True
    assert first["pageInfo"]["endCursor"] == first["edges"][-1]["cursor"]
    second = api.run(query, world["viewer"], t=world["t"], after=first["pageInfo"]["endCursor"])
    assert second["actors"]["pageInfo"] == {
        "hasNextPage": False,
        "endCursor": second["actors"]["edges"][-1]["cursor"],
    }
    names = [e["node"]["name"] for e in first["edges"] + second["actors"]["edges"]]
    # ordered by label in code-point order: "Tenants" < "Town" < "Énergie"
    assert names == ["Tenants of Les Coteaux", "Town hall", "Énergie conseil"]


@pytest.mark.parametrize("first", [-1, 501])
def test_page_size_is_capped(api: Api, world: dict[str, Any], first: int) -> None:
    errors = api.errors(
        "query($t: ID!, $n: Int!) { actors(territoryId: $t, first: $n) { totalCount } }",
        world["viewer"],
        t=world["t"],
        n=first,
    )
    assert errors and "500" in errors[0]


def test_a_foreign_cursor_is_refused(api: Api, world: dict[str, Any]) -> None:
    errors = api.errors(
        'query($t: ID!) { actors(territoryId: $t, after: "not-a-cursor") { totalCount } }',
        world["viewer"],
        t=world["t"],
    )
    assert errors and "cursor" in errors[0]


def test_relationship_fields(api: Api, world: dict[str, Any]) -> None:
    ids = world["ids"]
    data = api.run(
        """query($hall: ID!, $pact: ID!, $cold: ID!) {
          hall: node(id: $hall) { ... on Actor {
            topics { name } collaborators { name } commitments { title addresses { label } }
            links(types: [WORKS_ON]) { type toId properties } } }
          pact: node(id: $pact) { ... on Contract {
            signatories { actor { name } role } commitments { title } targets { __typename label } } }
          cold: node(id: $cold) { ... on Indicator { topics { name } contracts { title } } } }""",
        world["viewer"],
        hall=ids["hall"],
        pact=ids["pact"],
        cold=ids["cold"],
    )
    hall = data["hall"]
    assert hall["topics"] == [{"name": "Energy poverty"}]
    assert hall["collaborators"] == [{"name": "Énergie conseil"}]
    assert hall["commitments"] == [
        {"title": "Insulate 40 flats", "addresses": [{"label": "Energy poverty"}]}
    ]
    assert hall["links"] == [
        {"type": "WORKS_ON", "toId": ids["energy"], "properties": {"intensity": 4}}
    ]
    assert data["pact"]["signatories"] == [
        {"actor": {"name": "Tenants of Les Coteaux"}, "role": "PARTNER_AUTHOR"}
    ]
    assert data["pact"]["commitments"] == [{"title": "Insulate 40 flats"}]
    assert data["pact"]["targets"] == [
        {"__typename": "Indicator", "label": "Households that cannot heat their home"}
    ]
    assert data["cold"] == {
        "topics": [{"name": "Energy poverty"}],
        "contracts": [{"title": "Warm homes pact"}],
    }


def test_neighbourhood_search_and_map(api: Api, world: dict[str, Any]) -> None:
    ids = world["ids"]
    data = api.run(
        """query($t: ID!, $id: ID!) {
          neighbourhood(id: $id, depth: 1) { nodes { id } links { type fromId toId } }
          search(territoryId: $t, text: "ho") { label }
          map(territoryId: $t) { territory { name } nodes { id } links { type } } }""",
        world["viewer"],
        t=world["t"],
        id=ids["advice"],
    )
    assert {n["id"] for n in data["neighbourhood"]["nodes"]} == {
        ids["advice"],
        ids["hall"],
        ids["energy"],
    }
    assert len(data["neighbourhood"]["links"]) == 3  # WORKS_ON x2 and COLLABORATES_WITH among them
    # labels containing "ho": those starting with it first, each group by label
    assert [n["label"] for n in data["search"]] == [
        "Households that cannot heat their home",
        "Housing",
        "Warm homes pact",
    ]
    assert data["map"]["territory"]["name"] == "Valbrune"
    assert len(data["map"]["nodes"]) == len(ids)
    assert len(data["map"]["links"]) == 10


def test_neighbourhood_of_a_foreign_node_is_refused(api: Api, world: dict[str, Any]) -> None:
    errors = api.errors(
        "query($id: ID!) { neighbourhood(id: $id) { nodes { id } } }",
        world["viewer"],
        id=world["far"]["hall"],
    )
    # refused as if it did not exist: neither its existence nor its territory is revealed
    assert errors == [f"Node '{world['far']['hall']}' does not exist"]


class CountingStore:
    """Counts the calls made to the store it wraps (to prove the DataLoaders batch)."""

    def __init__(self, inner: Store) -> None:
        self.inner = inner
        self.calls: Counter[str] = Counter()

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self.inner, name)
        if not callable(attr):
            return attr

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls[name] += 1
            return attr(*args, **kwargs)

        return counted


def test_200_actors_with_topics_and_commitments_cost_a_bounded_number_of_calls(
    api: Api,
) -> None:
    territory = api.territory()
    store = api.store
    topics = [
        store.create(
            NodeKind.TOPIC, {"name": f"topic {i}", "dimension": "A"}, by="t", territory_id=territory
        ).id
        for i in range(5)
    ]
    for i in range(200):
        actor = store.create(
            NodeKind.ACTOR,
            {"name": f"actor {i:03}", "sector": "association"},
            by="t",
            territory_id=territory,
        ).id
        store.link(RelType.WORKS_ON, actor, topics[i % 5], by="t")
        commitment = store.create(
            NodeKind.COMMITMENT, {"title": f"commitment {i}"}, by="t", territory_id=territory
        ).id
        store.link(RelType.MADE, actor, commitment, by="t")
    viewer = api.user("v@example.org", {territory: Role.VIEWER})
    counting = CountingStore(store)
    api.store = counting  # type: ignore[assignment]
    data = api.run(
        """query($t: ID!) { actors(territoryId: $t, first: 200) {
            edges { node { name topics { name } commitments { title } } } } }""",
        viewer,
        t=territory,
    )
    edges = data["actors"]["edges"]
    assert len(edges) == 200
    assert edges[7]["node"] == {
        "name": "actor 007",
        "topics": [{"name": "topic 2"}],
        "commitments": [{"title": "commitment 7"}],
    }
    # one page, then one related call for both types with the nodes at their ends
    assert counting.calls["list_nodes"] == 1
    assert counting.calls["related"] == 1
    assert sum(counting.calls.values()) == 2, counting.calls


def test_compact_map_carries_what_the_typed_fields_give(api: Api, world: dict[str, Any]) -> None:
    data = api.run(
        """query($t: ID!) { map(territoryId: $t) {
            nodes { __typename id label version ... on Actor { name sector scale influence } }
            links { type fromId toId properties } compact } }""",
        world["viewer"],
        t=world["t"],
    )["map"]
    compact = data["compact"]
    assert compact["links"] == data["links"]
    typed = {n["id"]: n for n in data["nodes"]}
    assert {n["id"] for n in compact["nodes"]} == set(typed)
    for node in compact["nodes"]:
        # every key the typed query asked for has the same value in the compact form
        assert {k: node[k] for k in typed[node["id"]]} == typed[node["id"]]
    hall = next(n for n in compact["nodes"] if n["id"] == world["ids"]["hall"])
    assert hall["territoryId"] == world["t"]
    assert hall["sector"] == "PUBLIC_AUTHORITY"
