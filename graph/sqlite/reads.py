"""The reading half of the SQLite store: gets, relationship lookups, lists, search,
neighbourhoods, snapshots and the change log.

Reads that need more than one query run in one read transaction, so they see one state.
Every statement is static SQL with ``?`` parameters; lists of ids travel as one JSON array
(``IN (SELECT value FROM json_each(?))``), whatever their length.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
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
from .database import Database
from .rows import fetch_node, load_change, load_node, load_rel, ts

_RELS_OUT = (
    "SELECT from_id, type, to_id, props FROM rels "
    "WHERE from_id IN (SELECT value FROM json_each(?)) "
    "AND (? IS NULL OR type IN (SELECT value FROM json_each(?)))"
)
_RELS_IN = (
    "SELECT from_id, type, to_id, props FROM rels WHERE to_id IN (SELECT value FROM json_each(?)) "
    "AND (? IS NULL OR type IN (SELECT value FROM json_each(?)))"
)
# Every filter is "(? IS NULL OR ...)": one static statement, the unused ones given NULL.
_NODE_FILTER = (
    "FROM nodes WHERE territory_id IS ? AND kind = ? "
    "AND (? IS NULL OR instr(search_key, ?) > 0) "
    "AND (? IS NULL OR sector = ?) AND (? IS NULL OR dimension = ?) "
    "AND (? IS NULL OR status = ?) AND (? IS NULL OR question = ?)"
)
_COUNT_NODES = "SELECT count(*) " + _NODE_FILTER
_PAGE_NODES = (
    "SELECT kind, data, label, id "
    + _NODE_FILTER
    + " AND (? IS NULL OR (label, id) > (?, ?)) ORDER BY label, id LIMIT ?"
)


def get(db: Database, node_id: str) -> Node:
    return fetch_node(db.conn(), node_id)


def get_many(db: Database, node_ids: Sequence[str]) -> dict[str, Node]:
    rows = db.conn().execute(
        "SELECT id, kind, data FROM nodes WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps(list(node_ids)),),
    )
    found = {node_id: load_node(kind, data) for node_id, kind, data in rows}
    return {node_id: found[node_id] for node_id in node_ids if node_id in found}


def get_many_in(conn: sqlite3.Connection, node_ids: Sequence[str]) -> list[Node]:
    rows = conn.execute(
        "SELECT kind, data FROM nodes WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
        (json.dumps(node_ids),),
    )
    return [load_node(kind, data) for kind, data in rows]


def rels_touching(conn: sqlite3.Connection, ids: Sequence[str]) -> list[Relationship]:
    arg = json.dumps(list(ids))
    rows = conn.execute(
        "SELECT from_id, type, to_id, props FROM rels "
        "WHERE from_id IN (SELECT value FROM json_each(?)) "
        "UNION SELECT from_id, type, to_id, props FROM rels "
        "WHERE to_id IN (SELECT value FROM json_each(?)) "
        "ORDER BY from_id, type, to_id",
        (arg, arg),
    )
    return [load_rel(*row) for row in rows]


def relationships(
    db: Database,
    node_ids: Sequence[str],
    *,
    types: Sequence[RelType] | None = None,
    direction: str = "both",
) -> dict[str, list[Relationship]]:
    check_direction(direction)
    result: dict[str, list[Relationship]] = {node_id: [] for node_id in node_ids}
    wanted = None if types is None else json.dumps([parse_rel_type(str(t)).value for t in types])
    params = (json.dumps(list(result)), wanted, wanted)
    with db.read() as conn:
        if direction in ("out", "both"):
            for row in conn.execute(_RELS_OUT, params):
                rel = load_rel(*row)
                result[rel.from_id].append(rel)
        if direction in ("in", "both"):
            for row in conn.execute(_RELS_IN, params):
                rel = load_rel(*row)
                result[rel.to_id].append(rel)
    for rels in result.values():
        rels.sort(key=lambda r: r.key)
    return result


# The node at the other end comes with each relationship: one query per direction.
_HOPS = {
    "out": "SELECT r.from_id, r.type, r.to_id, n.kind, n.data FROM rels r "
    "JOIN nodes n ON n.id = r.to_id WHERE r.from_id IN (SELECT value FROM json_each(?)) "
    "AND (? IS NULL OR r.type IN (SELECT value FROM json_each(?)))",
    "in": "SELECT r.from_id, r.type, r.to_id, n.kind, n.data FROM rels r "
    "JOIN nodes n ON n.id = r.from_id WHERE r.to_id IN (SELECT value FROM json_each(?)) "
    "AND (? IS NULL OR r.type IN (SELECT value FROM json_each(?)))",
}


def related(db: Database, node_ids: Sequence[str], steps: Sequence[Step]) -> Related:
    steps = check_steps(steps)
    ids = json.dumps(list(dict.fromkeys(node_ids)))
    hops: list[Hop] = []
    loaded: dict[str, Node] = {}
    with db.read() as conn:
        for side in ("out", "in"):
            types = wanted_types(steps, side)
            if types == []:
                continue
            wanted = None if types is None else json.dumps(types)
            for from_id, rel_type, to_id, kind, data in conn.execute(
                _HOPS[side], (ids, wanted, wanted)
            ):
                source, other = (from_id, to_id) if side == "out" else (to_id, from_id)
                node = loaded.get(other)
                if node is None:
                    node = loaded[other] = load_node(kind, data)
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
    folded = search_key(flt.text.strip()) if flt.text else ""
    exact = flt.exact()
    params: list[Any] = [territory_id, kind.value, folded or None, folded]
    for name in ("sector", "dimension", "status", "question"):
        params += [exact.get(name), exact.get(name)]
    cursor: list[Any] = [None, None, None] if position is None else [1, *position]
    with db.read() as conn:
        total = conn.execute(_COUNT_NODES, params).fetchone()[0]
        rows = conn.execute(_PAGE_NODES, [*params, *cursor, first + 1]).fetchall()
    items = [load_node(k, d) for k, d, _, _ in rows[:first]]
    end = encode_cursor(rows[len(items) - 1][2], rows[len(items) - 1][3]) if items else None
    return Page(items, int(total), end, len(rows) > first)


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
    wanted = None if kinds is None else json.dumps([parse_kind(str(k)).value for k in kinds])
    rows = db.conn().execute(
        "SELECT kind, data FROM nodes WHERE territory_id = ? AND instr(search_key, ?) > 0 "
        "AND (? IS NULL OR kind IN (SELECT value FROM json_each(?))) "
        "ORDER BY instr(search_key, ?) = 1 DESC, label, id LIMIT ?",
        (territory_id, folded, wanted, wanted, folded, limit),
    )
    return [load_node(kind, data) for kind, data in rows]


def neighbourhood(db: Database, node_id: str, depth: int = 1, *, limit: int = 2000) -> Subgraph:
    check_neighbourhood(depth, limit)
    with db.read() as conn:
        fetch_node(conn, node_id)
        seen = {node_id}
        frontier = [node_id]
        for _ in range(depth):
            if not frontier or len(seen) >= limit:
                break
            arg = json.dumps(frontier)
            rows = conn.execute(
                "SELECT to_id FROM rels WHERE from_id IN (SELECT value FROM json_each(?)) "
                "UNION SELECT from_id FROM rels "
                "WHERE to_id IN (SELECT value FROM json_each(?))",
                (arg, arg),
            )
            fresh = sorted({other for (other,) in rows} - seen)[: limit - len(seen)]
            seen.update(fresh)
            frontier = fresh
        ids = json.dumps(sorted(seen))
        nodes = get_many_in(conn, sorted(seen))
        rels = [
            load_rel(*row)
            for row in conn.execute(
                "SELECT from_id, type, to_id, props FROM rels "
                "WHERE from_id IN (SELECT value FROM json_each(?)) "
                "AND to_id IN (SELECT value FROM json_each(?)) "
                "ORDER BY from_id, type, to_id",
                (ids, ids),
            )
        ]
    return Subgraph(nodes, rels)


def snapshot(db: Database, territory_id: str) -> Snapshot:
    with db.read() as conn:
        row = conn.execute(
            "SELECT kind, data FROM nodes WHERE id = ? AND kind = ?",
            (territory_id, NodeKind.TERRITORY.value),
        ).fetchone()
        if row is None:
            raise NotFound("Territory", territory_id)
        nodes = [
            load_node(kind, data)
            for kind, data in conn.execute(
                "SELECT kind, data FROM nodes WHERE territory_id = ? ORDER BY id",
                (territory_id,),
            )
        ]
        rels = [
            load_rel(*r)
            for r in conn.execute(
                "SELECT from_id, type, to_id, props FROM rels WHERE territory_id = ? "
                "ORDER BY from_id, type, to_id",
                (territory_id,),
            )
        ]
    return Snapshot(load_node(row[0], row[1]), nodes, rels)


def territory_version(db: Database, territory_id: str) -> int:
    row = (
        db.conn()
        .execute(
            "SELECT coalesce(max(seq), 0) FROM changes WHERE territory_id = ?", (territory_id,)
        )
        .fetchone()
    )
    return int(row[0])


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
    at = None if since is None else ts(since)
    rows = db.conn().execute(
        "SELECT seq, territory_id, at, by, op, target, target_type, before, after "
        "FROM changes WHERE territory_id = ? AND (? IS NULL OR at >= ?) "
        "AND (? IS NULL OR seq > ?) ORDER BY seq LIMIT ?",
        (territory_id, at, at, after_seq, after_seq, first),
    )
    return [load_change(row) for row in rows]


def count_changes(db: Database, territory_id: str, *, since: datetime | None = None) -> int:
    at = None if since is None else ts(since)
    row = db.conn().execute(
        "SELECT count(*) FROM changes WHERE territory_id = ? AND (? IS NULL OR at >= ?)",
        (territory_id, at, at),
    )
    return int(row.fetchone()[0])
