"""The reading half of the Neo4j store: gets, relationship lookups, lists, search,
neighbourhoods, snapshots and the change log.

Reads that need more than one query run in one read transaction, so they see one state.
Lists and searches page by ``(label, id)`` with code-point string order, as SQLite's BINARY
collation does; a neighbourhood is found with the variable-length patterns of
:data:`.cypher_reads.WITHIN`; a snapshot comes back in chunked records.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from ..checks import check_direction, check_neighbourhood, search_text
from ..errors import NotFound
from ..model import (
    Change,
    Node,
    NodeKind,
    Relationship,
    RelType,
    parse_kind,
    parse_rel_type,
    search_key,
)
from ..related import Hop, Related, Step, check_steps, group_hops, wanted_types
from ..store import (
    ListFilter,
    Page,
    Snapshot,
    Subgraph,
    check_list_args,
    check_page_size,
    encode_cursor,
)
from . import cypher_changes, cypher_nodes, cypher_reads
from .codec import change_from, epoch_us, node_from, rel_from, sort_key
from .database import Database, Tx


def read_rels(tx: Tx, query: str, **params: Any) -> list[Relationship]:
    return [rel_from(r) for r in tx.run(query, **params)]


def _chunked(tx: Tx, query: str, territory_id: str) -> Iterator[Any]:
    for record in tx.run(query, id=territory_id, chunk=cypher_reads.CHUNK):
        yield from record["chunk"]


def get(db: Database, node_id: str) -> Node:
    record = db.read(lambda tx: tx.run(cypher_nodes.GET, id=node_id).single())
    if record is None:
        raise NotFound("Node", node_id)
    return node_from(record["p"])


def get_many(db: Database, node_ids: Sequence[str]) -> dict[str, Node]:
    records = db.read(lambda tx: list(tx.run(cypher_nodes.GET_MANY, ids=list(set(node_ids)))))
    found = {n.id: n for n in (node_from(r["p"]) for r in records)}
    return {node_id: found[node_id] for node_id in node_ids if node_id in found}


def relationships(
    db: Database,
    node_ids: Sequence[str],
    *,
    types: Sequence[RelType] | None = None,
    direction: str = "both",
) -> dict[str, list[Relationship]]:
    check_direction(direction)
    result: dict[str, list[Relationship]] = {node_id: [] for node_id in node_ids}
    wanted = [parse_rel_type(str(t)).value for t in (RelType if types is None else types)]
    ids = list(result)

    def work(tx: Tx) -> None:
        if direction in ("out", "both"):
            for rel in read_rels(tx, cypher_reads.RELS_OUT, ids=ids, types=wanted):
                result[rel.from_id].append(rel)
        if direction in ("in", "both"):
            for rel in read_rels(tx, cypher_reads.RELS_IN, ids=ids, types=wanted):
                result[rel.to_id].append(rel)

    db.read(work)
    for rels in result.values():
        rels.sort(key=lambda r: r.key)
    return result


def related(db: Database, node_ids: Sequence[str], steps: Sequence[Step]) -> Related:
    steps = check_steps(steps)
    out, in_ = wanted_types(steps, "out"), wanted_types(steps, "in")
    query = cypher_reads.HOPS.get((out != [], in_ != []))
    if query is None or not node_ids:
        return group_hops(node_ids, steps, [])
    ids = list(dict.fromkeys(node_ids))
    params = {"ids": ids, "out": out, "in": in_}
    record = db.read(lambda tx: tx.run(query, params).single(strict=True))
    hops: list[Hop] = []
    loaded: dict[str, Node] = {}
    for source, side, from_id, rel_type, to_id, props in record["rows"]:
        other = to_id if side == "out" else from_id
        node = loaded.get(other)
        if node is None:
            node = loaded[other] = node_from(props)
        hops.append((source, side, (from_id, rel_type, to_id), node))
    return group_hops(node_ids, steps, hops)


# ------------------------------------------------------------ reading many


def list_nodes(
    db: Database,
    kind: NodeKind,
    territory_id: str | None,
    *,
    filter: ListFilter | None = None,
    first: int = 50,
    after: str | None = None,
) -> Page[Node]:
    kind, flt, position = check_list_args(kind, territory_id, filter, first, after)
    params: dict[str, Any] = {
        "territory_id": territory_id,
        "search": (search_key(flt.text.strip()) or None) if flt.text else None,
        "exact": flt.exact(),
        "after_sort": None,
        "after_id": None,
        "limit": first + 1,
    }
    if position is not None:
        params["after_sort"], params["after_id"] = sort_key(position[0]), position[1]

    record = db.read(lambda tx: tx.run(cypher_reads.PAGE[kind], params).single(strict=True))
    total, rows = int(record["total"]), [node_from(p) for p in record["items"]]
    items = rows[:first]
    end = encode_cursor(items[-1].label, items[-1].id) if items else None
    return Page(items, total, end, len(rows) > first)


def search(
    db: Database,
    territory_id: str,
    text: str,
    *,
    kinds: Sequence[NodeKind] | None = None,
    limit: int = 20,
) -> list[Node]:
    folded = search_text(text, limit)
    if not folded:
        return []
    wanted = [parse_kind(str(k)).value for k in (NodeKind if kinds is None else kinds)]
    records = db.read(
        lambda tx: list(
            tx.run(
                cypher_reads.SEARCH, territory_id=territory_id, q=folded, kinds=wanted, limit=limit
            )
        )
    )
    return [node_from(r["p"]) for r in records]


def neighbourhood(db: Database, node_id: str, depth: int = 1, *, limit: int = 2000) -> Subgraph:
    check_neighbourhood(depth, limit)

    def within(tx: Tx, steps: int) -> set[str]:
        return {r["id"] for r in tx.run(cypher_reads.WITHIN[steps], id=node_id)}

    def work(tx: Tx) -> tuple[list[Node], list[Relationship]]:
        if tx.run(cypher_nodes.GET, id=node_id).single() is None:
            raise NotFound("Node", node_id)
        seen = {node_id}
        reached = within(tx, depth)
        if len(reached) + 1 <= limit:
            seen |= reached
        else:
            # Too many: take the nearest first, ring by ring, by id within a ring.
            for steps in range(1, depth + 1):
                if len(seen) >= limit:
                    break
                ring = sorted(within(tx, steps) - seen)[: limit - len(seen)]
                if not ring:
                    break
                seen.update(ring)
        ids = sorted(seen)
        nodes = sorted(
            (node_from(r["p"]) for r in tx.run(cypher_nodes.GET_MANY, ids=ids)), key=lambda n: n.id
        )
        rels = sorted(read_rels(tx, cypher_reads.RELS_AMONG, ids=ids), key=lambda r: r.key)
        return nodes, rels

    nodes, rels = db.read(work)
    return Subgraph(nodes, rels)


def snapshot(db: Database, territory_id: str) -> Snapshot:
    def work(tx: Tx) -> Snapshot:
        found = tx.run(cypher_reads.TERRITORY, id=territory_id).single()
        if found is None:
            raise NotFound("Territory", territory_id)
        nodes = [node_from(p) for p in _chunked(tx, cypher_reads.SNAPSHOT_NODES, territory_id)]
        rels = [rel_from(row) for row in _chunked(tx, cypher_reads.SNAPSHOT_RELS, territory_id)]
        nodes.sort(key=lambda n: n.id)
        rels.sort(key=lambda r: r.key)
        return Snapshot(node_from(found["p"]), nodes, rels)

    return db.read(work)


def territory_version(db: Database, territory_id: str) -> int:
    record = db.read(
        lambda tx: tx.run(cypher_changes.LAST_SEQ, territory_id=territory_id).single(strict=True)
    )
    return int(record["seq"])


# ------------------------------------------------------------ audit log


def changes(
    db: Database,
    territory_id: str,
    *,
    since: datetime | None = None,
    after_seq: int | None = None,
    first: int = 100,
) -> list[Change]:
    check_page_size(first)
    records = db.read(
        lambda tx: list(
            tx.run(
                cypher_changes.CHANGES,
                territory_id=territory_id,
                since=None if since is None else epoch_us(since),
                after_seq=-1 if after_seq is None else after_seq,
                first=first,
            )
        )
    )
    return [change_from(r["p"]) for r in records]


def count_changes(db: Database, territory_id: str, *, since: datetime | None = None) -> int:
    record = db.read(
        lambda tx: tx.run(
            cypher_changes.COUNT_CHANGES,
            territory_id=territory_id,
            since=None if since is None else epoch_us(since),
        ).single(strict=True)
    )
    return int(record["total"])
