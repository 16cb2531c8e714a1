"""The Store contract: every operation of pactmap.graph.store.Store, run unchanged against
every store (the ``store`` fixture of tests/conftest.py: SQLite, and the real Neo4j under the
``neo4j`` marker).

Expected values come from the Store protocol's docstrings and graph/model.py: ordering by
(label, id) in code-point order, accent- and case-folding of ``model.search_key``, versions
starting at 1 and growing by one, the ENDPOINTS table, and so on.
"""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from pactmap.graph.errors import (
    AlreadyExists,
    NotFound,
    TransitionError,
    ValidationError,
    VersionConflict,
)
from pactmap.graph.model import (
    ApiToken,
    ChangeOp,
    Comment,
    Decision,
    Node,
    NodeKind,
    Relationship,
    RelType,
    Role,
    Session,
    TokenScope,
    build_node,
    build_relationship,
    new_node,
    search_key,
    utcnow,
)
from pactmap.graph.store import MAX_PAGE, LinkSpec, ListFilter, Store, encode_cursor

BY = "usr-test"

# ---------------------------------------------------------------- helpers


def territory(store: Store, name: str = "Testville", **fields: Any) -> Node:
    return store.create(NodeKind.TERRITORY, {"name": name, **fields}, by=BY)


def actor(store: Store, tid: str, name: str, sector: str = "association", **fields: Any) -> Node:
    return store.create(
        NodeKind.ACTOR, {"name": name, "sector": sector, **fields}, by=BY, territory_id=tid
    )


def topic(store: Store, tid: str, name: str, dimension: str = "A") -> Node:
    return store.create(
        NodeKind.TOPIC, {"name": name, "dimension": dimension}, by=BY, territory_id=tid
    )


def state(store: Store, tid: str) -> tuple[Any, ...]:
    """Everything observable about a territory, to prove an operation wrote nothing."""
    snap = store.snapshot(tid)
    return (
        snap.territory,
        snap.nodes,
        snap.relationships,
        store.count_changes(tid),
        store.territory_version(tid),
    )


def walk(store: Store, kind: NodeKind, tid: str | None, flt: ListFilter | None, first: int):
    """Every page of a list, following end cursors; returns (items, totals seen)."""
    items: list[Node] = []
    totals = set()
    after = None
    for _ in range(1000):
        page = store.list_nodes(kind, tid, filter=flt, first=first, after=after)
        items += page.items
        totals.add(page.total_count)
        if not page.has_next_page:
            return items, totals
        assert page.end_cursor is not None
        after = page.end_cursor
    raise AssertionError("pagination never ended")


@pytest.fixture
def tid(store: Store) -> str:
    return territory(store).id


# ---------------------------------------------------------------- create / get


def test_create_territory_starts_at_version_1(store: Store) -> None:
    before = utcnow()
    ter = territory(store, "Testville", country="FR", spiral_cycle=2)
    assert ter.KIND is NodeKind.TERRITORY
    assert ter.territory_id is None
    assert ter.version == 1
    assert ter.created_at == ter.updated_at
    assert before <= ter.created_at <= utcnow()
    assert store.get(ter.id) == ter


def test_create_keeps_every_field_and_the_given_id(store: Store, tid: str) -> None:
    node = store.create(
        NodeKind.COMMITMENT,
        {
            "title": "Open the school yard on Sundays",
            "status": "active",
            "starts_on": "2025-01-01",
            "ends_on": "2025-10-31",
            "progress": 40,
            "horizon": "medium",
            "uses_non_renewable": True,
        },
        by=BY,
        territory_id=tid,
        node_id="com-yard",
    )
    got = store.get("com-yard")
    assert got == node
    assert got.model_dump()["ends_on"] == date(2025, 10, 31)
    assert got.territory_id == tid


def test_create_generates_distinct_ids(store: Store, tid: str) -> None:
    ids = {actor(store, tid, f"Actor {i}").id for i in range(5)}
    assert len(ids) == 5


def test_create_in_a_missing_territory_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound) as caught:
        actor(store, "ter-missing", "Orphan")
    assert "ter-missing" in str(caught.value)


def test_create_with_a_taken_id_is_refused_and_writes_nothing(store: Store, tid: str) -> None:
    store.create(
        NodeKind.ACTOR,
        {"name": "First", "sector": "other"},
        by=BY,
        territory_id=tid,
        node_id="act-1",
    )
    before = state(store, tid)
    with pytest.raises(AlreadyExists) as caught:
        store.create(
            NodeKind.TOPIC,
            {"name": "Second", "dimension": "B"},
            by=BY,
            territory_id=tid,
            node_id="act-1",
        )
    assert "act-1" in str(caught.value)
    assert state(store, tid) == before
    assert store.get("act-1").label == "First"


def test_create_refuses_invalid_fields_naming_field_and_value(store: Store, tid: str) -> None:
    before = state(store, tid)
    with pytest.raises(ValidationError) as caught:
        actor(store, tid, "Club", sector="guild", influence=9)
    fields = {p.field: p.value for p in caught.value.problems}
    assert fields == {"sector": "guild", "influence": 9}
    assert "guild" in str(caught.value)
    assert state(store, tid) == before


@pytest.mark.parametrize("forged", ["x' OR 1=1", "a}) DETACH DELETE n //", "", "-lead", "a b"])
def test_create_refuses_ids_that_could_be_forged_into_a_query(
    store: Store, tid: str, forged: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        store.create(
            NodeKind.ACTOR,
            {"name": "X", "sector": "other"},
            by=BY,
            territory_id=tid,
            node_id=forged,
        )
    assert caught.value.field == "id"
    assert store.list_nodes(NodeKind.ACTOR, tid).total_count == 0


def test_create_refuses_system_fields(store: Store, tid: str) -> None:
    with pytest.raises(ValidationError) as caught:
        actor(store, tid, "Club", version=7)
    assert caught.value.field == "version"


def test_create_territory_inside_a_territory_is_refused(store: Store, tid: str) -> None:
    with pytest.raises(ValidationError):
        store.create(NodeKind.TERRITORY, {"name": "Nested"}, by=BY, territory_id=tid)


def test_create_with_links_writes_node_and_links_together(store: Store, tid: str) -> None:
    club = actor(store, tid, "Club")
    housing = topic(store, tid, "Housing")
    commitment = store.create(
        NodeKind.COMMITMENT,
        {"title": "Renovate 10 flats"},
        by=BY,
        territory_id=tid,
        links=[
            LinkSpec(RelType.MADE, club.id, outgoing=False),
            LinkSpec(RelType.ADDRESSES, housing.id),
        ],
    )
    rels = store.relationships([commitment.id])[commitment.id]
    assert {r.key for r in rels} == {
        (club.id, "MADE", commitment.id),
        (commitment.id, "ADDRESSES", housing.id),
    }


@pytest.mark.parametrize("bad", ["dangling", "wrong_kind", "bad_props"])
def test_create_with_a_bad_link_writes_nothing(store: Store, tid: str, bad: str) -> None:
    club = actor(store, tid, "Club")
    housing = topic(store, tid, "Housing")
    links = {
        "dangling": [LinkSpec(RelType.WORKS_ON, "top-nowhere")],
        "wrong_kind": [LinkSpec(RelType.WORKS_ON, club.id)],  # Actor -> Actor
        "bad_props": [LinkSpec(RelType.WORKS_ON, housing.id, properties={"intensity": 9})],
    }[bad]
    before = state(store, tid)
    expected = NotFound if bad == "dangling" else ValidationError
    with pytest.raises(expected):
        store.create(
            NodeKind.ACTOR,
            {"name": "New", "sector": "other"},
            by=BY,
            territory_id=tid,
            node_id="act-new",
            links=links,
        )
    assert state(store, tid) == before
    with pytest.raises(NotFound):
        store.get("act-new")


def test_get_a_missing_node_is_not_found_naming_it(store: Store, tid: str) -> None:
    with pytest.raises(NotFound) as caught:
        store.get("act-nope")
    assert "act-nope" in str(caught.value)
    actor(store, tid, "A")
    for forged in ("x' OR '1'='1", "a' OR 1=1 --", "x}) RETURN n //", '" OR ""="'):
        with pytest.raises(NotFound):
            store.get(forged)
        assert store.get_many([forged]) == {}
        assert store.relationships([forged]) == {forged: []}


def test_get_many_leaves_missing_ids_out(store: Store, tid: str) -> None:
    a = actor(store, tid, "A")
    b = actor(store, tid, "B")
    got = store.get_many([b.id, "act-missing", a.id])
    assert got == {a.id: a, b.id: b}
    assert store.get_many([]) == {}


# ---------------------------------------------------------------- update


def test_update_bumps_version_and_keeps_creation_time(store: Store, tid: str) -> None:
    club = actor(store, tid, "Club")
    updated = store.update(club.id, {"influence": 5, "name": "Club 2"}, expected_version=1, by=BY)
    assert updated.version == 2
    assert updated.model_dump()["influence"] == 5
    assert updated.label == "Club 2"
    assert updated.created_at == club.created_at
    assert updated.updated_at > club.updated_at
    assert store.get(club.id) == updated
    again = store.update(club.id, {"interest": 1}, expected_version=2, by=BY)
    assert again.version == 3


def test_update_with_a_stale_version_conflicts_and_writes_nothing(store: Store, tid: str) -> None:
    club = actor(store, tid, "Club")
    current = store.update(club.id, {"influence": 4}, expected_version=1, by=BY)
    before = state(store, tid)
    with pytest.raises(VersionConflict) as caught:
        store.update(club.id, {"influence": 1}, expected_version=1, by=BY)
    conflict = caught.value
    assert conflict.expected == 1
    assert conflict.current_version == 2
    assert conflict.current["influence"] == 4
    assert conflict.current["id"] == club.id
    assert str(conflict) == f"Actor '{club.id}' has version 2, the update expected 1"
    assert state(store, tid) == before
    assert store.get(club.id) == current


def test_update_refuses_invalid_values_and_writes_nothing(store: Store, tid: str) -> None:
    com = store.create(
        NodeKind.COMMITMENT,
        {"title": "Plant trees", "starts_on": "2025-03-01"},
        by=BY,
        territory_id=tid,
    )
    before = state(store, tid)
    for changes, field in (
        ({"progress": 101}, "progress"),
        ({"ends_on": "2025-02-01"}, "(node)"),  # before starts_on
        ({"status": "sleeping"}, "status"),
        ({"title": "x" * 201}, "title"),
        ({"nonsense": 1}, "nonsense"),
        ({"id": "com-other"}, "id"),
    ):
        with pytest.raises(ValidationError) as caught:
            store.update(com.id, changes, expected_version=1, by=BY)
        assert caught.value.field == field, changes
    assert state(store, tid) == before


def test_update_follows_the_contract_life_cycle(store: Store, tid: str) -> None:
    con = store.create(NodeKind.CONTRACT, {"title": "Pact"}, by=BY, territory_id=tid)
    with pytest.raises(TransitionError) as caught:
        store.update(con.id, {"status": "active"}, expected_version=1, by=BY)  # draft -> active
    assert caught.value.problems[0].value == "active"
    con = store.update(con.id, {"status": "negotiating"}, expected_version=1, by=BY)
    con = store.update(con.id, {"status": "signed"}, expected_version=2, by=BY)
    assert con.model_dump()["status"] == "signed"


def test_update_a_missing_node_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound):
        store.update("act-missing", {"name": "X"}, expected_version=1, by=BY)


# ---------------------------------------------------------------- delete


def test_delete_removes_the_node_and_its_relationships(store: Store, tid: str) -> None:
    a = actor(store, tid, "A")
    b = actor(store, tid, "B")
    t = topic(store, tid, "Housing")
    store.link(RelType.COLLABORATES_WITH, a.id, b.id, by=BY)
    store.link(RelType.WORKS_ON, a.id, t.id, by=BY)
    store.link(RelType.WORKS_ON, b.id, t.id, by=BY)
    store.delete(a.id, expected_version=1, by=BY)
    with pytest.raises(NotFound):
        store.get(a.id)
    rels = store.relationships([b.id, t.id])
    assert [r.key for r in rels[b.id]] == [(b.id, "WORKS_ON", t.id)]
    assert [r.key for r in rels[t.id]] == [(b.id, "WORKS_ON", t.id)]
    assert store.snapshot(tid).relationships == rels[b.id]


def test_delete_with_a_stale_version_conflicts(store: Store, tid: str) -> None:
    a = actor(store, tid, "A")
    store.update(a.id, {"influence": 2}, expected_version=1, by=BY)
    before = state(store, tid)
    with pytest.raises(VersionConflict) as caught:
        store.delete(a.id, expected_version=1, by=BY)
    assert caught.value.current_version == 2
    assert state(store, tid) == before
    store.delete(a.id, expected_version=None, by=BY)  # no version: unconditional
    with pytest.raises(NotFound):
        store.get(a.id)


def test_delete_a_missing_node_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound):
        store.delete("act-missing", expected_version=None, by=BY)


def test_delete_an_indicator_removes_its_measurements(store: Store, tid: str) -> None:
    ind = store.create(NodeKind.INDICATOR, {"name": "Rent burden"}, by=BY, territory_id=tid)
    other = store.create(NodeKind.INDICATOR, {"name": "Noise"}, by=BY, territory_id=tid)
    ms = [
        store.create(
            NodeKind.MEASUREMENT,
            {"on": f"202{i}-01-01", "value": i, "level": 2},
            by=BY,
            territory_id=tid,
            links=[LinkSpec(RelType.HAS, owner.id, outgoing=False)],
        )
        for i, owner in enumerate([ind, ind, other])
    ]
    store.delete(ind.id, expected_version=1, by=BY)
    left = store.snapshot(tid)
    assert [n.id for n in left.nodes] == sorted([other.id, ms[2].id])
    assert [r.key for r in left.relationships] == [(other.id, "HAS", ms[2].id)]


def test_delete_a_territory_removes_everything_in_it(store: Store) -> None:
    ter = territory(store, "Gone")
    keep = territory(store, "Kept")
    a = actor(store, ter.id, "A")
    t = topic(store, ter.id, "T")
    store.link(RelType.WORKS_ON, a.id, t.id, by=BY)
    kept = actor(store, keep.id, "K")
    user = store.create_user("someone@example.org")
    store.set_membership(user.id, ter.id, Role.COORDINATOR)
    now = utcnow()
    store.create_token(
        ApiToken(id="tok-gone", territory_id=ter.id, scope=TokenScope.READ,
                 token_hash="hash-gone", created_at=now)
    )  # fmt: skip
    store.add_comment(
        Comment(id="cmt-gone", territory_id=ter.id, node_id=a.id, author_id=user.id,
                text="Soon gone", created_at=now)
    )  # fmt: skip
    store.record_decision(
        Decision(id="dec-gone", territory_id=ter.id, suggestion_id="sug-1",
                 decision="rejected", by=user.id, at=now)
    )  # fmt: skip
    store.delete(ter.id, expected_version=1, by=BY)
    assert store.get_many([ter.id, a.id, t.id]) == {}
    assert store.find_token("hash-gone") is None and store.tokens(ter.id) == []
    assert store.comments(a.id) == [] and store.decisions(ter.id) == []
    assert store.get_user(user.id) == user  # people are not part of a territory
    with pytest.raises(NotFound):
        store.snapshot(ter.id)
    assert store.memberships(user_id=user.id) == []
    assert store.get(kept.id) == kept
    assert [n.id for n in store.list_nodes(NodeKind.TERRITORY, None).items] == [keep.id]
    last = store.changes(ter.id, first=MAX_PAGE)[-1]  # the audit trail outlives the territory
    assert (last.op, last.target, last.by) == (ChangeOp.DELETE, ter.id, BY)


# ---------------------------------------------------------------- link / unlink


def test_link_creates_a_relationship_with_default_properties(store: Store, tid: str) -> None:
    a = actor(store, tid, "A")
    t = topic(store, tid, "T")
    rel = store.link(RelType.WORKS_ON, a.id, t.id, by=BY)
    assert rel == build_relationship("WORKS_ON", a.id, t.id, {"intensity": 3})
    assert store.relationships([a.id], direction="out")[a.id] == [rel]


def test_link_again_replaces_the_properties(store: Store, tid: str) -> None:
    a = actor(store, tid, "A")
    b = actor(store, tid, "B")
    store.link(RelType.COLLABORATES_WITH, a.id, b.id, {"strength": 2}, by=BY)
    rel = store.link(
        RelType.COLLABORATES_WITH, a.id, b.id, {"strength": 5, "since": "2020-05-01"}, by=BY
    )
    assert rel.properties == {"strength": 5, "since": "2020-05-01", "evidence": ""}
    assert store.relationships([a.id])[a.id] == [rel]


@pytest.mark.parametrize(
    ("case", "error", "field"),
    [
        ("reverse", ValidationError, "type"),  # MADE goes Actor -> Commitment, never back
        ("wrong_kinds", ValidationError, "type"),
        ("self", ValidationError, "(node)"),
        ("bad_props", ValidationError, "intensity"),
        ("unknown_prop", ValidationError, "colour"),
        ("unknown_type", ValidationError, "type"),
        ("missing_end", NotFound, None),
        ("other_territory", ValidationError, None),
    ],
)
def test_link_refuses_bad_relationships(
    store: Store, tid: str, case: str, error: type[Exception], field: str | None
) -> None:
    a = actor(store, tid, "A")
    t = topic(store, tid, "T")
    com = store.create(NodeKind.COMMITMENT, {"title": "C"}, by=BY, territory_id=tid)
    elsewhere = actor(store, territory(store, "Elsewhere").id, "Far")
    args: dict[str, tuple[Any, str, str, dict[str, Any]]] = {
        "reverse": (RelType.MADE, com.id, a.id, {}),
        "wrong_kinds": (RelType.WORKS_ON, t.id, a.id, {}),
        "self": (RelType.COLLABORATES_WITH, a.id, a.id, {}),
        "bad_props": (RelType.WORKS_ON, a.id, t.id, {"intensity": 0}),
        "unknown_prop": (RelType.WORKS_ON, a.id, t.id, {"colour": "red"}),
        "unknown_type": ("LIKES", a.id, t.id, {}),
        "missing_end": (RelType.WORKS_ON, a.id, "top-missing", {}),
        "other_territory": (RelType.COLLABORATES_WITH, a.id, elsewhere.id, {}),
    }
    before = state(store, tid)
    with pytest.raises(error) as caught:
        store.link(*args[case], by=BY)
    if field is not None:
        assert isinstance(caught.value, ValidationError)
        assert caught.value.field == field
    assert state(store, tid) == before


def test_unlink_removes_only_that_relationship(store: Store, tid: str) -> None:
    a = actor(store, tid, "A")
    b = actor(store, tid, "B")
    store.link(RelType.COLLABORATES_WITH, a.id, b.id, by=BY)
    store.link(RelType.FUNDS, a.id, b.id, by=BY)
    store.unlink(RelType.COLLABORATES_WITH, a.id, b.id, by=BY)
    assert [r.type for r in store.relationships([a.id])[a.id]] == [RelType.FUNDS]
    with pytest.raises(NotFound) as caught:
        store.unlink(RelType.COLLABORATES_WITH, a.id, b.id, by=BY)
    assert a.id in str(caught.value)


def test_relationships_by_direction_and_type(store: Store, tid: str) -> None:
    a = actor(store, tid, "A")
    b = actor(store, tid, "B")
    c = actor(store, tid, "C")
    t = topic(store, tid, "T")
    ab = store.link(RelType.COLLABORATES_WITH, a.id, b.id, by=BY)
    ca = store.link(RelType.FUNDS, c.id, a.id, by=BY)
    at = store.link(RelType.WORKS_ON, a.id, t.id, by=BY)

    def by_key(*rels: Relationship) -> list[Relationship]:  # each list is sorted by key
        return sorted(rels, key=lambda r: r.key)

    assert store.relationships([a.id], direction="out") == {a.id: by_key(ab, at)}
    assert store.relationships([a.id], direction="in") == {a.id: [ca]}
    both = store.relationships([a.id, b.id, "act-none"])
    assert both == {a.id: by_key(ab, at, ca), b.id: [ab], "act-none": []}
    typed = store.relationships([a.id], types=[RelType.FUNDS, RelType.WORKS_ON])
    assert typed == {a.id: by_key(at, ca)}
    with pytest.raises(ValidationError):
        store.relationships([a.id], direction="sideways")


def test_related_gives_the_other_ends_of_each_step_in_one_call(store: Store, tid: str) -> None:
    """What relationships() then get_many() give, per step: the nodes at the other end, in
    relationship-key order (the same a DataLoader would build)."""
    a = actor(store, tid, "A")
    b = actor(store, tid, "B")
    c = actor(store, tid, "C")
    t = topic(store, tid, "T")
    store.link(RelType.COLLABORATES_WITH, a.id, b.id, by=BY)
    store.link(RelType.COLLABORATES_WITH, c.id, a.id, by=BY)
    store.link(RelType.WORKS_ON, a.id, t.id, by=BY)
    store.link(RelType.WORKS_ON, b.id, t.id, by=BY)
    steps = [
        (RelType.WORKS_ON, "out"),
        (RelType.WORKS_ON, "in"),
        (RelType.COLLABORATES_WITH, "both"),
        (None, "both"),
    ]

    found = store.related([a.id, t.id, "act-none"], steps)

    def ids(step: Any) -> dict[str, list[str]]:
        return {node: [n.id for n in nodes] for node, nodes in found[step].items()}

    assert ids(steps[0]) == {a.id: [t.id], t.id: [], "act-none": []}
    assert sorted(ids(steps[1])[t.id]) == sorted([a.id, b.id])
    # A->B and C->A, by key: the one from the smaller id first
    assert ids(steps[2])[a.id] == ([b.id, c.id] if a.id < c.id else [c.id, b.id])
    for node_id in (a.id, t.id):  # every type, both ways: as relationships() + get_many()
        rels = store.relationships([node_id])[node_id]
        others = [r.to_id if r.from_id == node_id else r.from_id for r in rels]
        assert ids(steps[3])[node_id] == others
    assert found[steps[0]][a.id][0] == store.get(t.id)
    with pytest.raises(ValidationError):
        store.related([a.id], [(RelType.WORKS_ON, "sideways")])


def test_unknown_kinds_and_types_are_validation_errors(store: Store, tid: str) -> None:
    """Only the errors of graph/errors.py escape a store, even for names it does not know."""
    calls: list[Any] = [
        lambda: store.create("Person", {"name": "X"}, by=BY, territory_id=tid),  # type: ignore[arg-type]
        lambda: store.list_nodes("Person", tid),  # type: ignore[arg-type]
        lambda: store.search(tid, "x", kinds=["Person"]),  # type: ignore[list-item]
        lambda: store.relationships(["a"], types=["LIKES"]),  # type: ignore[list-item]
        lambda: store.unlink("LIKES", "a", "b", by=BY),  # type: ignore[arg-type]
    ]
    for call in calls:
        with pytest.raises(ValidationError) as caught:
            call()
        assert caught.value.field == "type"


# ---------------------------------------------------------------- lists

NAMES = [
    "Zeta", "alpha", "Alpha", "Émile", "emile", "Ökologie", "ökologie", "Ärzte", "Zürich",
    "zoo", "Ünal", "Bäcker", "bäcker", "Ça va", "école", "École", "Ωmega", "日本", "𝔘nicode",
    "Same", "Same", "Same", "_under", "10 things", "9 things",
]  # fmt: skip


def test_list_walks_every_page_in_label_then_id_order(store: Store, tid: str) -> None:
    made = [actor(store, tid, name) for name in NAMES]
    other = territory(store, "Other")
    actor(store, other.id, "Not mine")
    expected = sorted(made, key=lambda n: (n.label, n.id))  # Python compares code points
    for first in (1, 4, 7, len(NAMES), MAX_PAGE):
        items, totals = walk(store, NodeKind.ACTOR, tid, None, first)
        assert [n.id for n in items] == [n.id for n in expected], first
        assert totals == {len(NAMES)}


def test_list_filters(store: Store, tid: str) -> None:
    actor(store, tid, "Énergie Citoyenne", sector="association")
    actor(store, tid, "Régie de l'énergie", sector="public_service")
    actor(store, tid, "Mairie", sector="public_authority")
    topic(store, tid, "Énergie", dimension="B")
    topic(store, tid, "Housing", dimension="A")

    def names(kind: NodeKind, **flt: str) -> list[str]:
        items, _ = walk(store, kind, tid, ListFilter(**flt), 2)
        return [n.label for n in items]

    assert names(NodeKind.ACTOR, text="ENERGIE") == ["Régie de l'énergie", "Énergie Citoyenne"]
    assert names(NodeKind.ACTOR, sector="association") == ["Énergie Citoyenne"]
    assert names(NodeKind.ACTOR, text="energie", sector="public_service") == ["Régie de l'énergie"]
    assert names(NodeKind.ACTOR, text="nothing like it") == []
    assert names(NodeKind.TOPIC, dimension="B") == ["Énergie"]
    page = store.list_nodes(NodeKind.ACTOR, tid, filter=ListFilter(text="é"), first=1)
    assert (page.total_count, page.has_next_page) == (3, True)  # "é" folds to "e": Mairie too


def test_list_filters_on_status_and_question(store: Store, tid: str) -> None:
    for title, status in (("A", "active"), ("B", "proposed"), ("C", "active")):
        store.create(
            NodeKind.COMMITMENT, {"title": title, "status": status}, by=BY, territory_id=tid
        )
    for text, question in (("Safe streets", "wellbeing"), ("Loneliness", "illbeing")):
        store.create(
            NodeKind.CRITERION, {"text": text, "question": question}, by=BY, territory_id=tid
        )
    active = store.list_nodes(NodeKind.COMMITMENT, tid, filter=ListFilter(status="active"))
    assert [n.label for n in active.items] == ["A", "C"]
    ill = store.list_nodes(NodeKind.CRITERION, tid, filter=ListFilter(question="illbeing"))
    assert [n.label for n in ill.items] == ["Loneliness"]


def test_list_refuses_a_filter_the_kind_does_not_have(store: Store, tid: str) -> None:
    with pytest.raises(ValidationError) as caught:
        store.list_nodes(NodeKind.TOPIC, tid, filter=ListFilter(sector="association"))
    assert caught.value.field == "sector"


@pytest.mark.parametrize(
    "after", ["garbage!", encode_cursor(1, 2, 3), encode_cursor({"a": 1}), "W10"]
)
def test_list_refuses_a_cursor_it_did_not_give(store: Store, tid: str, after: str) -> None:
    actor(store, tid, "A")
    with pytest.raises(ValidationError) as caught:
        store.list_nodes(NodeKind.ACTOR, tid, after=after)
    assert caught.value.field == "after"


@pytest.mark.parametrize("first", [-1, MAX_PAGE + 1])
def test_list_refuses_a_bad_page_size(store: Store, tid: str, first: int) -> None:
    with pytest.raises(ValidationError) as caught:
        store.list_nodes(NodeKind.ACTOR, tid, first=first)
    assert caught.value.field == "first"


def test_list_of_zero_items_still_counts(store: Store, tid: str) -> None:
    actor(store, tid, "A")
    page = store.list_nodes(NodeKind.ACTOR, tid, first=0)
    assert (page.items, page.total_count, page.has_next_page) == ([], 1, True)
    empty = store.list_nodes(NodeKind.TOPIC, tid)
    assert (empty.items, empty.total_count, empty.end_cursor, empty.has_next_page) == (
        [],
        0,
        None,
        False,
    )


def test_list_territories(store: Store) -> None:
    made = [territory(store, name) for name in ("Mulhouse-sur-Mer", "Arlon", "Braine")]
    items, totals = walk(store, NodeKind.TERRITORY, None, None, 2)
    assert [n.label for n in items] == ["Arlon", "Braine", "Mulhouse-sur-Mer"]
    assert totals == {3}
    assert {n.id for n in items} == {n.id for n in made}


# ---------------------------------------------------------------- search


def test_search_folds_case_and_accents_and_puts_prefixes_first(store: Store, tid: str) -> None:
    regie = actor(store, tid, "Régie de l'Énergie")
    coop = actor(store, tid, "Énergie Coop")
    energy = topic(store, tid, "energie solaire")
    actor(store, tid, "Mairie")
    actor(store, territory(store, "Other").id, "Énergie ailleurs")
    # prefixes first, then by label in code points: "e" (U+0065) before "É" (U+00C9)
    for query in ("énergie", "ENERGIE", "Energie", "énErGie"):
        assert [n.id for n in store.search(tid, query)] == [energy.id, coop.id, regie.id], query
    assert store.search(tid, "ENERGIE", kinds=[NodeKind.ACTOR]) == [coop, regie]
    assert [n.id for n in store.search(tid, "energie", limit=1)] == [energy.id]
    assert search_key("Énergie") == "energie"  # the fold every store applies


def test_search_finds_criteria_by_their_text(store: Store, tid: str) -> None:
    cri = store.create(
        NodeKind.CRITERION,
        {"text": "Pouvoir se soigner près de chez soi", "question": "wellbeing"},
        by=BY,
        territory_id=tid,
    )
    assert store.search(tid, "SOIGNER") == [cri]
    assert store.search(tid, "zzz") == []


def test_search_and_filters_take_quotes_and_wildcards_literally(store: Store, tid: str) -> None:
    pct = actor(store, tid, "100% local")
    under = actor(store, tid, "a_b")
    quote = actor(store, tid, 'L\'Atelier "Vert"')
    actor(store, tid, "abc")
    assert store.search(tid, "%") == [pct]
    assert store.search(tid, "_") == [under]
    assert store.search(tid, "x' OR 1=1 --") == []
    assert store.search(tid, "'atelier \"") == [quote]
    page = store.list_nodes(NodeKind.ACTOR, tid, filter=ListFilter(text="%"))
    assert page.items == [pct]
    assert store.list_nodes(NodeKind.ACTOR, tid).total_count == 4


# ---------------------------------------------------------------- neighbourhood


def test_neighbourhood_grows_one_step_at_a_time(store: Store, tid: str) -> None:
    a, b, c, d = (actor(store, tid, name) for name in "ABCD")
    t = topic(store, tid, "T")
    ab = store.link(RelType.COLLABORATES_WITH, a.id, b.id, by=BY)
    cb = store.link(RelType.FUNDS, c.id, b.id, by=BY)  # incoming to b: both directions count
    ct = store.link(RelType.WORKS_ON, c.id, t.id, by=BY)
    dt = store.link(RelType.WORKS_ON, d.id, t.id, by=BY)
    actor(store, tid, "Isolated")
    expected = {
        1: ({a.id, b.id}, [ab]),
        2: ({a.id, b.id, c.id}, [ab, cb]),
        3: ({a.id, b.id, c.id, t.id}, [ab, cb, ct]),
    }
    for depth, (ids, rels) in expected.items():
        sub = store.neighbourhood(a.id, depth)
        assert {n.id for n in sub.nodes} == ids, depth
        assert sorted(sub.relationships, key=lambda r: r.key) == sorted(rels, key=lambda r: r.key)
    assert {n.id for n in store.neighbourhood(t.id, 1).nodes} == {t.id, c.id, d.id}
    assert dt in store.neighbourhood(t.id, 1).relationships


def test_neighbourhood_refuses_bad_depths_and_missing_nodes(store: Store, tid: str) -> None:
    a = actor(store, tid, "A")
    for depth in (0, 4, -1):
        with pytest.raises(ValidationError) as caught:
            store.neighbourhood(a.id, depth)
        assert caught.value.field == "depth"
    with pytest.raises(NotFound):
        store.neighbourhood("act-missing", 1)
    lonely = store.neighbourhood(a.id, 3)
    assert (lonely.nodes, lonely.relationships) == ([a], [])


def test_neighbourhood_stops_at_its_limit(store: Store, tid: str) -> None:
    hub = actor(store, tid, "Hub")
    spokes = [actor(store, tid, f"Spoke {i}") for i in range(8)]
    for spoke in spokes:
        store.link(RelType.COLLABORATES_WITH, hub.id, spoke.id, by=BY)
    sub = store.neighbourhood(hub.id, 2, limit=4)
    ids = {n.id for n in sub.nodes}
    assert len(ids) == 4 and hub.id in ids  # the node itself always, then up to the limit
    assert all(r.from_id in ids and r.to_id in ids for r in sub.relationships)
    assert len(sub.relationships) == 3  # hub to each of the three spokes kept
    assert len(store.neighbourhood(hub.id, 1).nodes) == 9


# ---------------------------------------------------------------- snapshot and version


def test_snapshot_holds_the_whole_territory_sorted(store: Store, tid: str) -> None:
    nodes = [actor(store, tid, name) for name in ("B", "A", "C")]
    nodes.append(topic(store, tid, "T"))
    rels = [
        store.link(RelType.WORKS_ON, nodes[2].id, nodes[3].id, by=BY),
        store.link(RelType.COLLABORATES_WITH, nodes[1].id, nodes[0].id, by=BY),
        store.link(RelType.COLLABORATES_WITH, nodes[0].id, nodes[1].id, by=BY),
    ]
    actor(store, territory(store, "Other").id, "Not here")
    snap = store.snapshot(tid)
    assert snap.territory == store.get(tid)
    assert snap.nodes == sorted(nodes, key=lambda n: n.id)
    assert snap.relationships == sorted(rels, key=lambda r: r.key)
    assert [n.label for n in snap.by_kind(NodeKind.TOPIC)] == ["T"]
    with pytest.raises(NotFound):
        store.snapshot("ter-missing")
    with pytest.raises(NotFound):
        store.snapshot(nodes[0].id)  # an actor is not a territory


def test_territory_version_moves_with_every_change_only(store: Store, tid: str) -> None:
    other = territory(store, "Other")
    v1 = store.territory_version(tid)
    assert v1 > 0  # creating the territory is a change
    a = actor(store, tid, "A")
    v2 = store.territory_version(tid)
    assert v2 > v1
    store.get(a.id)
    store.snapshot(tid)
    assert store.territory_version(tid) == v2
    actor(store, other.id, "Elsewhere")
    assert store.territory_version(tid) == v2
    store.update(a.id, {"name": "A2"}, expected_version=1, by=BY)
    assert store.territory_version(tid) > v2
    assert store.territory_version("ter-never") == 0


# ---------------------------------------------------------------- bulk upsert


def _bulk_map(tid: str, n_actors: int = 30) -> tuple[Node, list[Node], list[Relationship]]:
    at = datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=UTC)
    ter = build_node(
        NodeKind.TERRITORY,
        {"id": tid, "name": "Bulkville", "created_at": at, "updated_at": at, "version": 3},
    )
    nodes: list[Node] = []
    rels: list[Relationship] = []
    for i in range(5):
        nodes.append(
            build_node(
                NodeKind.TOPIC,
                {
                    "id": f"{tid}.top{i}",
                    "territory_id": tid,
                    "name": f"Topic {i}",
                    "dimension": "ABCDE"[i],
                    "created_at": at,
                    "updated_at": at,
                },
            )
        )
    for i in range(n_actors):
        nodes.append(
            build_node(
                NodeKind.ACTOR,
                {
                    "id": f"{tid}.act{i:03d}",
                    "territory_id": tid,
                    "name": f"Actor {i}",
                    "sector": "association",
                    "created_at": at,
                    "updated_at": at + timedelta(days=i),
                    "version": 1 + i % 4,
                },
            )
        )
        rels.append(
            build_relationship(
                "WORKS_ON", f"{tid}.act{i:03d}", f"{tid}.top{i % 5}", {"intensity": 1 + i % 5}
            )
        )
        if i:
            rels.append(
                build_relationship(
                    "COLLABORATES_WITH",
                    f"{tid}.act{i:03d}",
                    f"{tid}.act{i - 1:03d}",
                    {"since": "2021-01-01"},
                )
            )
    return ter, nodes, rels


def test_bulk_upsert_creates_everything_as_given(store: Store) -> None:
    ter, nodes, rels = _bulk_map("ter-bulk")
    calls: list[int] = []
    result = store.bulk_upsert(ter, nodes, rels, by=BY, progress=calls.append)
    assert (result.created, result.updated, result.unchanged, result.linked) == (
        1 + len(nodes),
        0,
        0,
        len(rels),
    )
    assert sum(calls) == 1 + len(nodes) + len(rels)
    snap = store.snapshot(ter.id)
    assert snap.territory == ter  # id, version and timestamps kept
    assert snap.nodes == sorted(nodes, key=lambda n: n.id)
    assert snap.relationships == sorted(rels, key=lambda r: r.key)
    assert store.count_changes(ter.id) == 1 + len(nodes) + len(rels)


def test_bulk_upsert_twice_changes_nothing_the_second_time(store: Store) -> None:
    ter, nodes, rels = _bulk_map("ter-bulk")
    store.bulk_upsert(ter, nodes, rels, by=BY)
    before = state(store, ter.id)
    result = store.bulk_upsert(ter, nodes, rels, by=BY)
    assert (result.created, result.updated, result.unchanged, result.linked) == (
        0,
        0,
        1 + len(nodes),
        0,
    )
    assert state(store, ter.id) == before


def test_bulk_upsert_replaces_changed_nodes_and_relationships(store: Store) -> None:
    ter, nodes, rels = _bulk_map("ter-bulk")
    store.bulk_upsert(ter, nodes, rels, by=BY)
    seq = store.territory_version(ter.id)
    changed = nodes[5].model_copy(update={"name": "Renamed", "version": nodes[5].version + 1})
    nodes2 = [changed if n.id == changed.id else n for n in nodes]
    extra = build_node(
        NodeKind.ACTOR,
        {
            "id": "ter-bulk.new",
            "territory_id": ter.id,
            "name": "Newcomer",
            "sector": "other",
            "created_at": ter.created_at,
            "updated_at": ter.created_at,
        },
    )
    rel0 = build_relationship("WORKS_ON", rels[0].from_id, rels[0].to_id, {"intensity": 5})
    rels2 = [rel0, *rels[1:], build_relationship("WORKS_ON", extra.id, nodes[0].id)]
    result = store.bulk_upsert(ter, [*nodes2, extra], rels2, by=BY)
    assert (result.created, result.updated, result.unchanged, result.linked) == (
        1,
        1,
        len(nodes),
        2,
    )
    assert store.get(changed.id) == changed
    assert store.relationships([rel0.from_id], types=[RelType.WORKS_ON])[rel0.from_id] == [rel0]
    log = store.changes(ter.id, after_seq=seq)
    assert sorted((c.op, c.target) for c in log) == sorted(
        [
            (ChangeOp.UPDATE, changed.id),
            (ChangeOp.CREATE, extra.id),
            (ChangeOp.LINK, f"{rel0.from_id}|WORKS_ON|{rel0.to_id}"),
            (ChangeOp.LINK, f"{extra.id}|WORKS_ON|{nodes[0].id}"),
        ]
    )
    update = next(c for c in log if c.op is ChangeOp.UPDATE)
    assert update.before is not None and update.after is not None
    assert (update.before["name"], update.after["name"]) == ("Actor 0", "Renamed")


def test_bulk_upsert_may_link_to_nodes_already_stored(store: Store) -> None:
    ter, nodes, rels = _bulk_map("ter-bulk")
    store.bulk_upsert(ter, nodes, rels, by=BY)
    rel = build_relationship("FUNDS", nodes[5].id, nodes[9].id, {"amount": 1000})
    result = store.bulk_upsert(ter, [], [rel], by=BY)
    assert (result.created, result.updated, result.linked) == (0, 0, 1)
    assert rel in store.snapshot(ter.id).relationships


def test_bulk_upsert_never_undoes_a_newer_territory(store: Store) -> None:
    ter, nodes, rels = _bulk_map("ter-bulk")
    store.bulk_upsert(ter, nodes, rels, by=BY)
    read_a_moment_ago = store.get(ter.id)
    renamed = store.update(
        ter.id, {"name": "Renamed meanwhile"}, expected_version=read_a_moment_ago.version, by=BY
    )
    extra = actor_node(ter.id, "ter-bulk.late", "Late comer")
    result = store.bulk_upsert(read_a_moment_ago, [extra], [], by=BY)
    assert result.created == 1
    assert store.get(ter.id) == renamed  # the stale territory passed along was not written
    newer = renamed.model_copy(update={"version": renamed.version + 1, "name": "Newer"})
    store.bulk_upsert(newer, [], [], by=BY)
    assert store.get(ter.id).label == "Newer"


def actor_node(tid: str, node_id: str, name: str) -> Node:
    return new_node(
        NodeKind.ACTOR, {"name": name, "sector": "other"}, node_id=node_id, territory_id=tid
    )


@pytest.mark.parametrize("fault", ["dangling", "wrong_kinds", "other_territory", "progress"])
def test_bulk_upsert_that_fails_half_way_leaves_the_store_as_before(
    store: Store, fault: str
) -> None:
    ter, nodes, rels = _bulk_map("ter-bulk", n_actors=40)
    store.bulk_upsert(ter, nodes[:20], rels[:10], by=BY)
    bystander = territory(store, "Bystander")
    before = state(store, ter.id), state(store, bystander.id)
    upd = [
        n.model_copy(update={"version": n.version + 1, "name": n.label + "!"})
        if n.KIND is NodeKind.ACTOR
        else n
        for n in nodes
    ]
    bad_rels = list(rels)
    progress = None
    middle = len(bad_rels) // 2
    if fault == "dangling":
        bad_rels.insert(middle, build_relationship("WORKS_ON", nodes[6].id, "ter-bulk.nowhere"))
    elif fault == "wrong_kinds":
        bad_rels.insert(middle, build_relationship("WORKS_ON", nodes[0].id, nodes[6].id))
    elif fault == "other_territory":
        upd[len(upd) // 2] = upd[len(upd) // 2].model_copy(update={"territory_id": bystander.id})
    else:

        def progress(done: int) -> None:  # fails after the first batch was written
            raise RuntimeError("disk on fire")

    expected: type[Exception] = RuntimeError if fault == "progress" else ValidationError
    with pytest.raises(expected) as caught:
        store.bulk_upsert(ter, upd, bad_rels, by=BY, progress=progress)
    if fault == "dangling":
        assert "ter-bulk.nowhere" in str(caught.value)
    assert (state(store, ter.id), state(store, bystander.id)) == before


def test_bulk_upsert_streams_one_shot_generators_and_a_late_failure_writes_nothing(
    store: Store,
) -> None:
    """The iterables may be generators read once; a problem found only after 5,000 good
    relationships (past the stores' first chunks of 2,000 / 5,000) still rolls back all."""
    ter, nodes, rels = _bulk_map("ter-stream", n_actors=2600)  # 2,605 nodes, 5,199 rels
    result = store.bulk_upsert(ter, (n for n in nodes[:50]), (r for r in rels[:40]), by=BY)
    assert (result.created, result.linked) == (1 + 50, 40)
    assert store.snapshot(ter.id).nodes == sorted(nodes[:50], key=lambda n: n.id)
    before = state(store, ter.id)
    renamed = (n.model_copy(update={"version": n.version + 1, "name": "X"}) for n in nodes)
    dangling = build_relationship("WORKS_ON", nodes[6].id, "ter-stream.nowhere")
    with pytest.raises(ValidationError) as caught:
        store.bulk_upsert(ter, renamed, (r for r in [*rels, dangling]), by=BY)
    assert "ter-stream.nowhere" in str(caught.value)
    assert state(store, ter.id) == before
    calls: list[int] = []
    result = store.bulk_upsert(
        ter, (n for n in nodes), (r for r in rels), by=BY, progress=calls.append
    )
    # the territory and the first 50 nodes and 40 relationships were stored as they are
    assert (result.created, result.updated, result.unchanged, result.linked) == (
        len(nodes) - 50,
        0,
        1 + 50,
        len(rels) - 40,
    )
    assert sum(calls) == 1 + len(nodes) + len(rels)  # the territory, unchanged, counts too
    snap = store.snapshot(ter.id)
    assert snap.nodes == sorted(nodes, key=lambda n: n.id)
    assert snap.relationships == sorted(rels, key=lambda r: r.key)


def test_bulk_upsert_refuses_a_node_that_belongs_elsewhere(store: Store) -> None:
    other = territory(store, "Other")
    taken = actor(store, other.id, "Theirs")
    ter, nodes, rels = _bulk_map("ter-bulk")
    stolen = nodes[6].model_copy(update={"id": taken.id})
    before = state(store, other.id)
    with pytest.raises(ValidationError) as caught:
        store.bulk_upsert(ter, [*nodes, stolen], rels, by=BY)
    assert taken.id in str(caught.value)
    assert state(store, other.id) == before
    with pytest.raises(NotFound):
        store.get(ter.id)


# ---------------------------------------------------------------- concurrency


def test_concurrent_writers_lose_no_update(store: Store, tid: str) -> None:
    """Threads read, then update with the version they read, retrying on conflict: every
    successful update must survive (each appends its own marker to the description)."""
    target = actor(store, tid, "Contended")
    threads_n, updates_each = 6, 8
    successes = [0] * threads_n
    conflicts = [0] * threads_n
    errors: list[BaseException] = []

    def work(i: int) -> None:
        try:
            for k in range(updates_each):
                while True:
                    node = store.get(target.id)
                    text = node.model_dump()["description"]
                    try:
                        store.update(
                            target.id,
                            {"description": f"{text}[{i}.{k}]"},
                            expected_version=node.version,
                            by=f"worker-{i}",
                        )
                    except VersionConflict:
                        conflicts[i] += 1
                        continue
                    successes[i] += 1
                    break
        except BaseException as exc:  # surfaced below: a thread's failure fails the test
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    final = store.get(target.id)
    assert sum(successes) == threads_n * updates_each
    assert final.version == 1 + sum(successes)
    description = final.model_dump()["description"]
    markers = {f"[{i}.{k}]" for i in range(threads_n) for k in range(updates_each)}
    assert all(m in description for m in markers)
    assert len(description) == sum(len(m) for m in markers)
    updates = [c for c in store.changes(tid, first=MAX_PAGE) if c.op is ChangeOp.UPDATE]
    assert len(updates) == sum(successes)
    assert [c.after["version"] for c in updates if c.after] == list(range(2, final.version + 1))


def test_concurrent_creates_in_threads_all_land(store: Store, tid: str) -> None:
    errors: list[BaseException] = []

    def work(i: int) -> None:
        try:
            for k in range(10):
                actor(store, tid, f"T{i}-{k}")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert store.list_nodes(NodeKind.ACTOR, tid).total_count == 40


# ---------------------------------------------------------------- change log


def test_change_log_records_who_when_what_before_and_after(store: Store) -> None:
    start = utcnow()
    ter = territory(store)
    a = actor(store, ter.id, "A")
    t = topic(store, ter.id, "T")
    store.link(RelType.WORKS_ON, a.id, t.id, by="usr-linker")
    store.link(RelType.WORKS_ON, a.id, t.id, {"intensity": 5}, by="usr-linker")
    a2 = store.update(a.id, {"name": "A2"}, expected_version=1, by="token:tok-1")
    store.unlink(RelType.WORKS_ON, a.id, t.id, by="cli")
    store.delete(t.id, expected_version=1, by="cli")
    end = utcnow()
    log = store.changes(ter.id)
    rel = f"{a.id}|WORKS_ON|{t.id}"
    assert [(c.op, c.target, c.by) for c in log] == [
        (ChangeOp.CREATE, ter.id, BY),
        (ChangeOp.CREATE, a.id, BY),
        (ChangeOp.CREATE, t.id, BY),
        (ChangeOp.LINK, rel, "usr-linker"),
        (ChangeOp.LINK, rel, "usr-linker"),
        (ChangeOp.UPDATE, a.id, "token:tok-1"),
        (ChangeOp.UNLINK, rel, "cli"),
        (ChangeOp.DELETE, t.id, "cli"),
    ]
    seqs = [c.seq for c in log]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    assert all(start <= c.at <= end for c in log)
    assert all(c.territory_id == ter.id for c in log)
    assert [c.target_type for c in log] == [
        "Territory",
        "Actor",
        "Topic",
        "WORKS_ON",
        "WORKS_ON",
        "Actor",
        "WORKS_ON",
        "Topic",
    ]
    create, link1, link2, update, unlink, delete = log[1], log[3], log[4], log[5], log[6], log[7]
    assert (create.before, create.after) == (None, a.to_json())
    assert link1.before is None and link1.after is not None
    assert link1.after["properties"] == {"intensity": 3}
    assert link2.before is not None and link2.after is not None
    assert (link2.before["properties"], link2.after["properties"]) == (
        {"intensity": 3},
        {"intensity": 5},
    )
    assert (update.before, update.after) == (a.to_json(), a2.to_json())
    assert unlink.after is None and unlink.before is not None
    assert unlink.before["properties"] == {"intensity": 5}
    assert (delete.before, delete.after) == (t.to_json(), None)


def test_delete_logs_each_relationship_and_node_it_removes(store: Store, tid: str) -> None:
    ind = store.create(NodeKind.INDICATOR, {"name": "Noise"}, by=BY, territory_id=tid)
    top = topic(store, tid, "Calm")
    store.link(RelType.MEASURES, ind.id, top.id, by=BY)
    mea = store.create(
        NodeKind.MEASUREMENT,
        {"on": "2024-01-01", "value": 61.5},
        by=BY,
        territory_id=tid,
        links=[LinkSpec(RelType.HAS, ind.id, outgoing=False)],
    )
    seq = store.territory_version(tid)
    store.delete(ind.id, expected_version=1, by="usr-deleter")
    log = store.changes(tid, after_seq=seq)
    assert sorted((c.op.value, c.target) for c in log) == sorted([
        ("unlink", f"{ind.id}|MEASURES|{top.id}"),
        ("unlink", f"{ind.id}|HAS|{mea.id}"),
        ("delete", ind.id),
        ("delete", mea.id),
    ])  # fmt: skip
    assert {c.by for c in log} == {"usr-deleter"}
    assert next(c for c in log if c.target == mea.id).before == mea.to_json()


def test_change_log_pages_by_seq_and_time(store: Store, tid: str) -> None:
    for i in range(6):
        actor(store, tid, f"A{i}")
    log = store.changes(tid)
    assert len(log) == 7 == store.count_changes(tid)
    assert store.changes(tid, first=3) == log[:3]
    assert store.changes(tid, after_seq=log[2].seq) == log[3:]
    assert store.changes(tid, after_seq=log[2].seq, first=2) == log[3:5]
    assert store.changes(tid, since=log[4].at)[0].seq <= log[4].seq  # since is inclusive
    assert log[4] in store.changes(tid, since=log[4].at)
    assert store.changes(tid, since=utcnow() + timedelta(hours=1)) == []
    assert store.count_changes(tid, since=utcnow() + timedelta(hours=1)) == 0
    assert store.count_changes(tid, since=log[0].at) == 7
    assert store.changes("ter-other") == []


def test_failed_operations_write_no_change_entry(store: Store, tid: str) -> None:
    a = actor(store, tid, "A")
    count = store.count_changes(tid)
    with pytest.raises(VersionConflict):
        store.update(a.id, {"name": "B"}, expected_version=9, by=BY)
    with pytest.raises(ValidationError):
        store.update(a.id, {"influence": 0}, expected_version=1, by=BY)
    with pytest.raises(NotFound):
        store.link(RelType.WORKS_ON, a.id, "top-missing", by=BY)
    with pytest.raises(NotFound):
        store.unlink(RelType.WORKS_ON, a.id, "top-missing", by=BY)
    assert store.count_changes(tid) == count


# ---------------------------------------------------------------- accounts


def test_users(store: Store) -> None:
    user = store.create_user("  Ada@Example.ORG ", name="Ada", password_hash="argon2$x")
    assert user.email == "ada@example.org"
    assert store.get_user(user.id) == user
    assert store.find_user("ADA@example.org") == user
    assert store.find_user("nobody@example.org") is None
    with pytest.raises(AlreadyExists) as caught:
        store.create_user("ada@example.org")
    assert "ada@example.org" in str(caught.value)
    with pytest.raises(ValidationError) as bad:
        store.create_user("not-an-email")
    assert bad.value.problems[0].value == "not-an-email"
    changed = store.update_user(user.id, name="Ada L.", active=False)
    assert (changed.name, changed.active, changed.password_hash) == ("Ada L.", False, "argon2$x")
    assert store.get_user(user.id) == changed
    with pytest.raises(NotFound):
        store.get_user("usr-missing")
    with pytest.raises(NotFound):
        store.update_user("usr-missing", name="X")


def test_delete_user_erases_memberships_sessions_and_tokens(store: Store, tid: str) -> None:
    user = store.create_user("erase@example.org")
    keep = store.create_user("keep@example.org")
    now = utcnow()
    store.set_membership(user.id, tid, Role.ADMIN)
    store.set_membership(keep.id, tid, Role.VIEWER)
    store.create_session(
        Session(
            token_hash="s1", user_id=user.id, created_at=now, expires_at=now + timedelta(days=1)
        )
    )
    store.create_token(
        ApiToken(
            id="tok-1",
            territory_id=tid,
            user_id=user.id,
            scope=TokenScope.READ,
            token_hash="h1",
            created_at=now,
        )
    )
    store.delete_user(user.id)
    with pytest.raises(NotFound):
        store.get_user(user.id)
    assert store.find_user("erase@example.org") is None
    assert store.memberships(territory_id=tid) == [store.set_membership(keep.id, tid, Role.VIEWER)]
    assert store.find_session("s1") is None
    assert store.find_token("h1") is None
    with pytest.raises(NotFound):
        store.delete_user(user.id)


def test_memberships(store: Store) -> None:
    t1, t2 = territory(store, "One"), territory(store, "Two")
    u1, u2 = store.create_user("u1@example.org"), store.create_user("u2@example.org")
    store.set_membership(u1.id, t1.id, Role.VIEWER)
    m = store.set_membership(u1.id, t1.id, Role.COORDINATOR)  # replaces the role
    assert m.role is Role.COORDINATOR
    store.set_membership(u1.id, t2.id, Role.ADMIN)
    store.set_membership(u2.id, t1.id, Role.FACILITATOR)
    assert {(x.territory_id, x.role) for x in store.memberships(user_id=u1.id)} == {
        (t1.id, Role.COORDINATOR),
        (t2.id, Role.ADMIN),
    }
    assert {(x.user_id, x.role) for x in store.memberships(territory_id=t1.id)} == {
        (u1.id, Role.COORDINATOR),
        (u2.id, Role.FACILITATOR),
    }
    assert store.memberships(user_id=u2.id, territory_id=t2.id) == []
    store.remove_membership(u1.id, t1.id)
    assert [x.territory_id for x in store.memberships(user_id=u1.id)] == [t2.id]
    with pytest.raises(NotFound):
        store.remove_membership(u1.id, t1.id)
    with pytest.raises(NotFound):
        store.set_membership(u1.id, "ter-missing", Role.VIEWER)
    with pytest.raises(NotFound):
        store.set_membership("usr-missing", t1.id, Role.VIEWER)


def test_tokens(store: Store, tid: str) -> None:
    now = utcnow().replace(microsecond=0)
    t1 = store.create_token(
        ApiToken(
            id="tok-a",
            territory_id=tid,
            name="dashboard",
            scope=TokenScope.READ,
            token_hash="hash-a",
            created_at=now,
            expires_at=now + timedelta(days=30),
        )
    )
    t2 = store.create_token(
        ApiToken(
            id="tok-b",
            territory_id=tid,
            scope=TokenScope.WRITE,
            token_hash="hash-b",
            created_at=now + timedelta(seconds=1),
        )
    )
    assert store.find_token("hash-a") == t1
    assert store.find_token("hash-zzz") is None
    assert store.tokens(tid) == [t1, t2]
    with pytest.raises(AlreadyExists):
        store.create_token(t1)
    with pytest.raises(NotFound):
        store.create_token(
            t1.model_copy(
                update={"id": "tok-c", "token_hash": "hash-c", "territory_id": "ter-missing"}
            )
        )
    revoked = store.revoke_token("tok-a", at=now + timedelta(minutes=5))
    assert revoked.revoked_at == now + timedelta(minutes=5)
    assert store.find_token("hash-a") == revoked
    with pytest.raises(NotFound):
        store.revoke_token("tok-missing", at=now)


def test_sessions(store: Store) -> None:
    user = store.create_user("s@example.org")
    now = utcnow()
    session = Session(
        token_hash="cookie-hash",
        user_id=user.id,
        created_at=now,
        expires_at=now + timedelta(hours=8),
    )
    assert store.create_session(session) == session
    assert store.find_session("cookie-hash") == session
    store.delete_session("cookie-hash")
    assert store.find_session("cookie-hash") is None
    with pytest.raises(NotFound):
        store.create_session(session.model_copy(update={"user_id": "usr-missing"}))


def test_comments_and_decisions(store: Store, tid: str) -> None:
    a = actor(store, tid, "A")
    now = utcnow()
    c2 = Comment(
        id="cmt-2",
        territory_id=tid,
        node_id=a.id,
        author_id="usr-1",
        text="Second",
        created_at=now + timedelta(seconds=1),
    )
    c1 = Comment(
        id="cmt-1", territory_id=tid, node_id=a.id, author_id="usr-2", text="First", created_at=now
    )
    store.add_comment(c2)
    store.add_comment(c1)
    assert store.comments(a.id) == [c1, c2]
    assert store.comments("act-other") == []
    d = Decision(
        id="dec-1",
        territory_id=tid,
        suggestion_id="sug-abc",
        decision="accepted",
        note="Go",
        by="usr-1",
        at=now,
    )
    assert store.record_decision(d) == d
    assert store.decisions(tid) == [d]
    with pytest.raises(NotFound):
        store.record_decision(d.model_copy(update={"id": "dec-2", "territory_id": "ter-no"}))
