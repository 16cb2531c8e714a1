"""What only the Neo4j store has to prove: its schema, its Cypher hygiene, and that it gives
the SQLite store's answers (the contract suite covers the Store operations themselves)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import neo4j
import pytest
from neo4j.exceptions import ConstraintError, SessionExpired
from pactmap.graph.errors import NotFound, ValidationError
from pactmap.graph.interchange.json_dump import dump_territory, dumps
from pactmap.graph.model import NodeKind, RelType, build_node, utcnow
from pactmap.graph.neo4j import Neo4jStore
from pactmap.graph.neo4j import bulk as neo4j_bulk
from pactmap.graph.neo4j.cypher_schema import SCHEMA
from pactmap.graph.sqlite import SqliteStore
from pactmap.graph.store import ListFilter, Store

pytestmark = pytest.mark.neo4j


@pytest.fixture
def neo(neo4j_server: Any) -> Iterator[Neo4jStore]:
    store = Neo4jStore(neo4j_server.uri, user=neo4j_server.user, password=neo4j_server.password)
    store.wipe()
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def raw(neo4j_server: Any) -> Iterator[neo4j.Driver]:
    """A plain driver, to look at the database behind the store's back."""
    driver = neo4j.GraphDatabase.driver(
        neo4j_server.uri, auth=(neo4j_server.user, neo4j_server.password)
    )
    try:
        yield driver
    finally:
        driver.close()


def _names(driver: neo4j.Driver, what: str) -> dict[str, tuple[str, tuple[str, ...]]]:
    records, _, _ = driver.execute_query(f"SHOW {what} YIELD name, labelsOrTypes, properties")
    return {
        r["name"]: ((r["labelsOrTypes"] or [""])[0], tuple(r["properties"] or ()))
        for r in records
        if r["name"].startswith("pactmap_")
    }


def _count(driver: neo4j.Driver, query: str = "MATCH (n) RETURN count(n) AS n") -> int:
    records, _, _ = driver.execute_query(query)
    return int(records[0]["n"])


# ---------------------------------------------------------------- schema


def test_every_schema_statement_exists_once_after_two_starts(
    neo: Neo4jStore, neo4j_server: Any, raw: neo4j.Driver
) -> None:
    first = {**_names(raw, "CONSTRAINTS"), **_names(raw, "INDEXES")}
    # a second store on the same database runs the same IF NOT EXISTS statements again
    Neo4jStore(neo4j_server.uri, user=neo4j_server.user, password=neo4j_server.password).close()
    second = {**_names(raw, "CONSTRAINTS"), **_names(raw, "INDEXES")}
    assert first == second
    # every statement of cypher_schema.SCHEMA names one object: all of them are there
    expected = {statement.split()[2] for statement in SCHEMA}
    assert expected <= set(second)
    assert _names(raw, "CONSTRAINTS")["pactmap_node_id"] == ("Node", ("id",))
    assert _names(raw, "CONSTRAINTS")["pactmap_user_email"] == ("User", ("email",))
    assert _names(raw, "CONSTRAINTS")["pactmap_token_hash"] == ("ApiToken", ("token_hash",))
    assert _names(raw, "CONSTRAINTS")["pactmap_session_hash"] == ("Session", ("token_hash",))


def test_a_node_id_is_unique_across_kinds(neo: Neo4jStore, raw: neo4j.Driver) -> None:
    territory = neo.create(NodeKind.TERRITORY, {"name": "T"}, by="t")
    neo.create(
        NodeKind.ACTOR,
        {"name": "A", "sector": "other"},
        by="t",
        territory_id=territory.id,
        node_id="same-id",
    )
    # behind the store's back: the constraint on :Node(id) refuses a Topic with an Actor's id
    with pytest.raises(ConstraintError):
        raw.execute_query("CREATE (:Node:Topic {id: 'same-id'})")


def test_nodes_carry_the_common_label_and_their_kind(neo: Neo4jStore, raw: neo4j.Driver) -> None:
    territory = neo.create(NodeKind.TERRITORY, {"name": "T"}, by="t")
    actor = neo.create(
        NodeKind.ACTOR, {"name": "A", "sector": "other"}, by="t", territory_id=territory.id
    )
    topic = neo.create(
        NodeKind.TOPIC, {"name": "Housing", "dimension": "A"}, by="t", territory_id=territory.id
    )
    neo.link(RelType.WORKS_ON, actor.id, topic.id, {"intensity": 4}, by="t")
    records, _, _ = raw.execute_query(
        "MATCH (a {id: $a})-[r]->(b) RETURN labels(a) AS la, type(r) AS t, r.intensity AS i",
        a=actor.id,
    )
    assert sorted(records[0]["la"]) == ["Actor", "Node"]
    assert (records[0]["t"], records[0]["i"]) == ("WORKS_ON", 4)


# ---------------------------------------------------------------- injection


INJECTIONS = [
    "x'}) MATCH (n) DETACH DELETE n //",
    'x"}) MATCH (n) DETACH DELETE n //',
    "`) DETACH DELETE n //",
    "$territory_id OR true",
    "\\u0027 OR 1=1 //",
]


@pytest.mark.parametrize("text", INJECTIONS)
def test_cypher_in_names_filters_and_ids_is_only_data(
    neo: Neo4jStore, raw: neo4j.Driver, text: str
) -> None:
    territory = neo.create(NodeKind.TERRITORY, {"name": "T"}, by="t")
    actor = neo.create(
        NodeKind.ACTOR,
        {"name": text, "sector": "other", "description": text},
        by="t",
        territory_id=territory.id,
    )
    before = _count(raw)

    assert neo.get(actor.id).name == text.strip()  # stored verbatim (model strips whitespace)
    assert [n.id for n in neo.search(territory.id, text)] == [actor.id]
    page = neo.list_nodes(NodeKind.ACTOR, territory.id, filter=ListFilter(text=text))
    assert [n.id for n in page.items] == [actor.id]
    assert neo.list_nodes(NodeKind.ACTOR, territory.id, filter=ListFilter(sector=text)).items == []
    with pytest.raises(NotFound):
        neo.get(text)
    assert neo.get_many([text, actor.id]) == {actor.id: neo.get(actor.id)}
    assert neo.relationships([text]) == {text: []}
    with pytest.raises(NotFound):
        neo.neighbourhood(text)
    with pytest.raises(NotFound):
        neo.unlink(RelType.WORKS_ON, text, actor.id, by="t")
    with pytest.raises(ValidationError):  # an id that is not an id never reaches Cypher
        neo.create(
            NodeKind.ACTOR,
            {"name": "B", "sector": "other"},
            by="t",
            territory_id=territory.id,
            node_id=text,
        )
    with pytest.raises(ValidationError):  # neither does a relationship type outside RelType
        neo.link(text, actor.id, actor.id, by="t")  # type: ignore[arg-type]
    assert neo.changes(text) == []

    assert _count(raw) == before  # nothing deleted, nothing added


# ---------------------------------------------------------------- parity with SQLite

# Neo4j sorts strings in memory by UTF-16 code units, which puts U+1D518 before U+E000 and
# U+FF46; SQLite (and model.py's rule) use code points, which put it after them.
EDGE_NAMES = ["\uff46ull", "\U0001d518x", "\ue000 private", "zed", "Zed", "a", "\ud7ff", "é"]


def test_lists_and_search_order_labels_by_code_point_as_sqlite_does(
    neo: Neo4jStore, tmp_path: Path
) -> None:
    lite = SqliteStore(tmp_path / "order.db")
    try:
        pages: list[list[str]] = []
        found: list[list[str]] = []
        for store in (lite, neo):
            tid = store.create(NodeKind.TERRITORY, {"name": "T"}, by="t", node_id="t-order").id
            for i, name in enumerate(EDGE_NAMES):
                store.create(
                    NodeKind.ACTOR, {"name": name, "sector": "other"}, by="t",
                    territory_id=tid, node_id=f"a{i}",
                )  # fmt: skip
            ids, after = [], None
            while True:  # pages of 2: the cursor must agree with the order too
                page = store.list_nodes(NodeKind.ACTOR, tid, first=2, after=after)
                ids += [n.id for n in page.items]
                if not page.has_next_page:
                    break
                after = page.end_cursor
            pages.append(ids)
            found.append([n.id for n in store.search(tid, "", limit=50) or store.search(tid, "e")])
        by_code_point = [f"a{i}" for _, i in sorted((n, i) for i, n in enumerate(EDGE_NAMES))]
        assert pages[0] == by_code_point  # SQLite: the rule
        assert pages[1] == by_code_point
        assert found[0] == found[1]
    finally:
        lite.close()


def _load_demo(store: Store) -> str:
    from pactmap.seeds.demo import load_demo

    return load_demo(store, by="test")


@pytest.fixture
def both(neo: Neo4jStore, tmp_path: Path) -> Iterator[tuple[Store, Store, str]]:
    lite = SqliteStore(tmp_path / "parity.db")
    try:
        territory_id = _load_demo(lite)
        assert _load_demo(neo) == territory_id
        yield lite, neo, territory_id
    finally:
        lite.close()


def test_the_demo_dumps_byte_for_byte_alike(both: tuple[Store, Store, str]) -> None:
    lite, neo, territory_id = both
    assert dumps(dump_territory(neo, territory_id)) == dumps(dump_territory(lite, territory_id))


def test_lists_searches_neighbourhoods_agree_on_the_demo(both: tuple[Store, Store, str]) -> None:
    lite, neo, tid = both
    snap = lite.snapshot(tid)
    assert neo.snapshot(tid) == snap
    for kind in NodeKind:
        if kind is NodeKind.TERRITORY:
            continue
        pages: list[list[str]] = []
        for store in (lite, neo):
            ids, after = [], None
            while True:
                page = store.list_nodes(kind, tid, first=7, after=after)
                ids += [n.id for n in page.items]
                if not page.has_next_page:
                    break
                after = page.end_cursor
            pages.append(ids)
        assert pages[0] == pages[1], kind
    for flt in (ListFilter(text="e"), ListFilter(sector="citizen_group"), ListFilter(text="santé")):
        kind = NodeKind.ACTOR
        assert neo.list_nodes(kind, tid, filter=flt, first=500) == lite.list_nodes(
            kind, tid, filter=flt, first=500
        )
    for text in ("a", "e", "log", "É", "zz-nothing"):
        assert neo.search(tid, text, limit=50) == lite.search(tid, text, limit=50), text
    sample = [n.id for n in snap.nodes[:: max(1, len(snap.nodes) // 12)]]
    for node_id in sample:
        for depth in (1, 2, 3):
            assert neo.neighbourhood(node_id, depth) == lite.neighbourhood(node_id, depth)
        assert neo.neighbourhood(node_id, 2, limit=5) == lite.neighbourhood(node_id, 2, limit=5)
    assert neo.relationships(sample) == lite.relationships(sample)


def _log(store: Store, territory_id: str, first: int) -> list[tuple[Any, ...]]:
    """The whole change log, page by page, without the times each store took itself (``at``,
    and the ``updated_at`` an update sets)."""

    def timeless(data: dict[str, Any] | None) -> dict[str, Any] | None:
        return None if data is None else {k: v for k, v in data.items() if k != "updated_at"}

    entries: list[tuple[Any, ...]] = []
    after = None
    while page := store.changes(territory_id, after_seq=after, first=first):
        entries += [
            (c.seq, c.by, c.op, c.target, c.target_type, c.before, timeless(c.after)) for c in page
        ]
        after = page[-1].seq
    return entries


def test_a_bulk_change_log_reads_like_sqlites(both: tuple[Store, Store, str]) -> None:
    # the demo's bulk upsert logs hundreds of entries at once: Neo4j keeps them as
    # ChangeBatch nodes, SQLite as rows; paging through either must give the same log
    lite, neo, tid = both
    for store in (lite, neo):
        store.update(tid, {"description": "after the import"}, expected_version=1, by="t2")
    expected = _log(lite, tid, 500)
    assert len(expected) > 100
    assert _log(neo, tid, 500) == expected
    assert _log(neo, tid, 7) == expected  # pages that cut through the batches
    assert neo.count_changes(tid) == lite.count_changes(tid) == len(expected)
    assert neo.territory_version(tid) == lite.territory_version(tid) == expected[-1][0]
    middle = expected[len(expected) // 2][0]
    assert [c.seq for c in neo.changes(tid, after_seq=middle, first=3)] == [
        middle + 1,
        middle + 2,
        middle + 3,
    ]


def test_a_replayed_bulk_import_reports_each_item_once(
    neo: Neo4jStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The driver replays a transaction after a transient error (here the session expires
    while the progress callback is told of the second chunk); the caller still hears of every
    item exactly once, and the import lands whole."""
    monkeypatch.setattr(neo4j_bulk, "BATCH", 10)
    at = utcnow()
    ter = build_node(
        NodeKind.TERRITORY, {"id": "ter-replay", "name": "R", "created_at": at, "updated_at": at}
    )
    nodes = [
        build_node(
            NodeKind.ACTOR,
            {
                "id": f"ter-replay.a{i}",
                "territory_id": ter.id,
                "name": f"A{i}",
                "sector": "association",
                "created_at": at,
                "updated_at": at,
            },
        )
        for i in range(30)
    ]
    calls: list[int] = []

    def progress(count: int) -> None:
        calls.append(count)
        if len(calls) == 2:  # the territory, then the first chunk of 10: fail once
            raise SessionExpired("the session expired (test)")

    result = neo.bulk_upsert(ter, nodes, [], by="test", progress=progress)
    # the territory, the first chunk (its report failed), then only what the replay got past
    # (without that: 1, 10, then 1, 10, 10, 10 again)
    assert calls == [1, 10, 10, 10]
    assert result.created == 1 + len(nodes)
    assert len(neo.snapshot(ter.id).nodes) == len(nodes)
