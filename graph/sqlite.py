"""The embedded default store: the whole map in one SQLite file.

:class:`SqliteStore` follows :class:`pactmap.graph.store.Store` exactly. It uses the stdlib
``sqlite3`` in WAL mode with foreign keys on; every operation is one transaction (writes
take the write lock first, so the version check and the write cannot interleave with another
writer); the change log is written in the transaction of the change it records. The schema
and its migrations live in :mod:`pactmap.graph.sqlite_schema`.

Deleting a Territory deletes everything in it (nodes, relationships, memberships, tokens,
comments, decisions) and writes one ``delete`` entry; its change log stays. Deleting any
other node writes an ``unlink`` entry per relationship it had and a ``delete`` entry per node
removed (an Indicator takes its Measurements with it).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from .errors import AlreadyExists, NotFound, ValidationError, VersionConflict
from .model import (
    Change,
    ChangeOp,
    Node,
    NodeKind,
    Relationship,
    RelType,
    apply_changes,
    build_relationship,
    check_endpoints,
    new_node,
    parse_kind,
    parse_rel_type,
    rel_target,
    search_key,
    utcnow,
)
from .sqlite_accounts import SqliteAccounts
from .sqlite_base import (
    NODE_UPSERT,
    REL_UPSERT,
    ChangeRow,
    change_row,
    dumps,
    load_change,
    load_node,
    load_rel,
    node_row,
    territory_of,
    ts,
)
from .sqlite_bulk import bulk_upsert as _bulk_upsert
from .store import (
    ID_PREFIX,
    MAX_PAGE,
    LinkSpec,
    ListFilter,
    Page,
    Progress,
    Snapshot,
    Subgraph,
    UpsertResult,
    check_page_size,
    decode_cursor,
    encode_cursor,
    new_id,
)

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


def _ends(conn: sqlite3.Connection, ids: Iterable[str]) -> dict[str, tuple[NodeKind, str]]:
    """Kind and territory of each existing id."""
    rows = conn.execute(
        "SELECT id, kind, coalesce(territory_id, id) FROM nodes "
        "WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(set(ids))),),
    )
    return {node_id: (NodeKind(kind), territory) for node_id, kind, territory in rows}


def _check_rel(rel: Relationship, ends: Mapping[str, tuple[NodeKind, str]]) -> None:
    for end in (rel.from_id, rel.to_id):
        if end not in ends:
            raise NotFound("Node", end)
    (from_kind, from_territory), (to_kind, to_territory) = ends[rel.from_id], ends[rel.to_id]
    if from_territory != to_territory:
        raise ValidationError(
            f"'{rel.from_id}' (territory '{from_territory}') and '{rel.to_id}' (territory "
            f"'{to_territory}') are in different territories",
            field="to_id",
            value=rel.to_id,
        )
    check_endpoints(rel.type, from_kind, to_kind)


class SqliteStore(SqliteAccounts):
    """A :class:`~pactmap.graph.store.Store` in one SQLite file (created with its folders)."""

    def __init__(self, path: str | Path) -> None:
        super().__init__(path)

    # ------------------------------------------------------------ nodes

    def create(
        self,
        kind: NodeKind,
        fields: Mapping[str, Any],
        *,
        by: str,
        territory_id: str | None = None,
        node_id: str | None = None,
        links: Sequence[LinkSpec] = (),
    ) -> Node:
        kind = parse_kind(str(kind))
        if kind is NodeKind.TERRITORY and territory_id is not None:
            raise ValidationError(
                "a Territory belongs to no territory", field="territory_id", value=territory_id
            )
        if kind is not NodeKind.TERRITORY and territory_id is None:
            raise ValidationError(f"a {kind} needs a territory_id", field="territory_id")
        now = utcnow()
        node = new_node(
            kind,
            fields,
            node_id=node_id if node_id is not None else new_id(ID_PREFIX[kind]),
            territory_id=territory_id,
            now=now,
        )
        rels = {}
        for spec in links:
            ends = (node.id, spec.other) if spec.outgoing else (spec.other, node.id)
            rel = build_relationship(spec.type, *ends, spec.properties)
            rels[rel.key] = rel
        territory = territory_of(node)
        at = ts(now)
        with self._write() as conn:
            if territory_id is not None:
                row = conn.execute("SELECT kind FROM nodes WHERE id = ?", (territory_id,))
                found = row.fetchone()
                if found is None or found[0] != NodeKind.TERRITORY.value:
                    raise NotFound("Territory", territory_id)
            if conn.execute("SELECT 1 FROM nodes WHERE id = ?", (node.id,)).fetchone():
                raise AlreadyExists(kind.value, node.id)
            ends_known = _ends(conn, [spec.other for spec in links])
            ends_known[node.id] = (kind, territory)
            for rel in rels.values():
                _check_rel(rel, ends_known)
            conn.execute(NODE_UPSERT, node_row(node))
            log: list[ChangeRow] = [
                change_row(
                    territory, at, by, ChangeOp.CREATE, node.id, kind.value, None, node.to_json()
                )
            ]
            for rel in rels.values():
                conn.execute(
                    REL_UPSERT,
                    (rel.from_id, rel.type.value, rel.to_id, territory, dumps(rel.properties)),
                )
                log.append(
                    change_row(
                        territory,
                        at,
                        by,
                        ChangeOp.LINK,
                        rel_target(rel),
                        rel.type.value,
                        None,
                        rel.to_json(),
                    )
                )
            self._log(conn, log)
        return node

    def get(self, node_id: str) -> Node:
        return self._fetch_node(self._conn(), node_id)

    def get_many(self, node_ids: Sequence[str]) -> dict[str, Node]:
        rows = self._conn().execute(
            "SELECT id, kind, data FROM nodes WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(list(node_ids)),),
        )
        found = {node_id: load_node(kind, data) for node_id, kind, data in rows}
        return {node_id: found[node_id] for node_id in node_ids if node_id in found}

    def update(
        self, node_id: str, changes: Mapping[str, Any], *, expected_version: int, by: str
    ) -> Node:
        with self._write() as conn:
            node = self._fetch_node(conn, node_id)
            if node.version != expected_version:
                raise VersionConflict(node.KIND.value, node_id, expected_version, node.to_json())
            now = utcnow()
            updated = apply_changes(node, changes, now=now)
            conn.execute(NODE_UPSERT, node_row(updated))
            self._log(
                conn,
                [
                    change_row(
                        territory_of(node),
                        ts(now),
                        by,
                        ChangeOp.UPDATE,
                        node_id,
                        node.KIND.value,
                        node.to_json(),
                        updated.to_json(),
                    )
                ],
            )
        return updated

    def delete(self, node_id: str, *, expected_version: int | None, by: str) -> None:
        with self._write() as conn:
            node = self._fetch_node(conn, node_id)
            if expected_version is not None and node.version != expected_version:
                raise VersionConflict(node.KIND.value, node_id, expected_version, node.to_json())
            territory = territory_of(node)
            at = ts(utcnow())
            if node.KIND is NodeKind.TERRITORY:
                conn.execute("DELETE FROM nodes WHERE id = ?", (node_id,))
                self._log(
                    conn,
                    [
                        change_row(
                            territory,
                            at,
                            by,
                            ChangeOp.DELETE,
                            node_id,
                            node.KIND.value,
                            node.to_json(),
                            None,
                        )
                    ],
                )
                return
            victims = [node_id]
            if node.KIND is NodeKind.INDICATOR:
                victims += [
                    to_id
                    for (to_id,) in conn.execute(
                        "SELECT to_id FROM rels WHERE from_id = ? AND type = ? ORDER BY to_id",
                        (node_id, RelType.HAS.value),
                    )
                ]
            rels = self._rels_touching(conn, victims)
            removed = self.get_many_in(conn, victims)
            log = [
                change_row(
                    territory,
                    at,
                    by,
                    ChangeOp.UNLINK,
                    rel_target(r),
                    r.type.value,
                    r.to_json(),
                    None,
                )
                for r in rels
            ]
            log += [
                change_row(
                    territory, at, by, ChangeOp.DELETE, n.id, n.KIND.value, n.to_json(), None
                )
                for n in removed
            ]
            conn.execute(
                "DELETE FROM nodes WHERE id IN (SELECT value FROM json_each(?))",
                (json.dumps(victims),),
            )
            self._log(conn, log)

    @staticmethod
    def get_many_in(conn: sqlite3.Connection, node_ids: Sequence[str]) -> list[Node]:
        rows = conn.execute(
            "SELECT kind, data FROM nodes WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
            (json.dumps(node_ids),),
        )
        return [load_node(kind, data) for kind, data in rows]

    @staticmethod
    def _rels_touching(conn: sqlite3.Connection, ids: Sequence[str]) -> list[Relationship]:
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

    # ------------------------------------------------------------ relationships

    def link(
        self,
        rel_type: RelType,
        from_id: str,
        to_id: str,
        properties: Mapping[str, Any] | None = None,
        *,
        by: str,
    ) -> Relationship:
        rel = build_relationship(rel_type, from_id, to_id, properties)
        props = dumps(rel.properties)
        with self._write() as conn:
            ends = _ends(conn, [from_id, to_id])
            _check_rel(rel, ends)
            territory = ends[from_id][1]
            found = conn.execute(
                "SELECT props FROM rels WHERE from_id = ? AND type = ? AND to_id = ?",
                (from_id, rel.type.value, to_id),
            ).fetchone()
            if found is not None and found[0] == props:
                return rel
            before = None
            if found is not None:
                before = {**rel.to_json(), "properties": json.loads(found[0])}
            conn.execute(REL_UPSERT, (from_id, rel.type.value, to_id, territory, props))
            self._log(
                conn,
                [
                    change_row(
                        territory,
                        ts(utcnow()),
                        by,
                        ChangeOp.LINK,
                        rel_target(rel),
                        rel.type.value,
                        before,
                        rel.to_json(),
                    )
                ],
            )
        return rel

    def unlink(self, rel_type: RelType, from_id: str, to_id: str, *, by: str) -> None:
        rel_type = parse_rel_type(str(rel_type))
        target = f"{from_id}|{rel_type.value}|{to_id}"
        with self._write() as conn:
            found = conn.execute(
                "SELECT territory_id, props FROM rels WHERE from_id = ? AND type = ? AND to_id = ?",
                (from_id, rel_type.value, to_id),
            ).fetchone()
            if found is None:
                raise NotFound("Relationship", target)
            rel = load_rel(from_id, rel_type.value, to_id, found[1])
            conn.execute(
                "DELETE FROM rels WHERE from_id = ? AND type = ? AND to_id = ?",
                (from_id, rel_type.value, to_id),
            )
            self._log(
                conn,
                [
                    change_row(
                        found[0],
                        ts(utcnow()),
                        by,
                        ChangeOp.UNLINK,
                        target,
                        rel_type.value,
                        rel.to_json(),
                        None,
                    )
                ],
            )

    def relationships(
        self,
        node_ids: Sequence[str],
        *,
        types: Sequence[RelType] | None = None,
        direction: str = "both",
    ) -> dict[str, list[Relationship]]:
        if direction not in ("out", "in", "both"):
            raise ValidationError(
                "direction is 'out', 'in' or 'both'", field="direction", value=direction
            )
        result: dict[str, list[Relationship]] = {node_id: [] for node_id in node_ids}
        wanted = (
            None if types is None else json.dumps([parse_rel_type(str(t)).value for t in types])
        )
        params = (json.dumps(list(result)), wanted, wanted)
        with self._read() as conn:
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

    # ------------------------------------------------------------ reading many

    def list_nodes(
        self,
        kind: NodeKind,
        territory_id: str | None,
        *,
        filter: ListFilter | None = None,
        first: int = 50,
        after: str | None = None,
    ) -> Page[Node]:
        kind = parse_kind(str(kind))
        check_page_size(first)
        flt = filter or ListFilter()
        flt.check(kind)
        if (kind is NodeKind.TERRITORY) != (territory_id is None):
            raise ValidationError(
                "territory_id is None for Territory lists and given for any other kind",
                field="territory_id",
                value=territory_id,
            )
        folded = search_key(flt.text.strip()) if flt.text else ""
        exact = flt.exact()
        params: list[Any] = [territory_id, kind.value, folded or None, folded]
        for name in ("sector", "dimension", "status", "question"):
            params += [exact.get(name), exact.get(name)]
        cursor: list[Any] = [None, None, None]
        if after is not None:
            parts = decode_cursor(after)
            if len(parts) != 2 or not all(isinstance(p, str) for p in parts):
                raise ValidationError(
                    "the cursor is not one this API gave", field="after", value=after
                )
            cursor = [1, *parts]
        with self._read() as conn:
            total = conn.execute(_COUNT_NODES, params).fetchone()[0]
            rows = conn.execute(_PAGE_NODES, [*params, *cursor, first + 1]).fetchall()
        items = [load_node(k, d) for k, d, _, _ in rows[:first]]
        end = encode_cursor(rows[len(items) - 1][2], rows[len(items) - 1][3]) if items else None
        return Page(items, int(total), end, len(rows) > first)

    def search(
        self,
        territory_id: str,
        text: str,
        *,
        kinds: Sequence[NodeKind] | None = None,
        limit: int = 20,
    ) -> list[Node]:
        if not 1 <= limit <= MAX_PAGE:
            raise ValidationError(
                f"a search returns 1 to {MAX_PAGE} nodes", field="limit", value=limit
            )
        folded = search_key(text.strip())
        if not folded:
            return []
        wanted = None if kinds is None else json.dumps([parse_kind(str(k)).value for k in kinds])
        rows = self._conn().execute(
            "SELECT kind, data FROM nodes WHERE territory_id = ? AND instr(search_key, ?) > 0 "
            "AND (? IS NULL OR kind IN (SELECT value FROM json_each(?))) "
            "ORDER BY instr(search_key, ?) = 1 DESC, label, id LIMIT ?",
            (territory_id, folded, wanted, wanted, folded, limit),
        )
        return [load_node(kind, data) for kind, data in rows]

    def neighbourhood(self, node_id: str, depth: int = 1, *, limit: int = 2000) -> Subgraph:
        if isinstance(depth, bool) or depth not in (1, 2, 3):
            raise ValidationError("depth is 1, 2 or 3", field="depth", value=depth)
        if limit < 1:
            raise ValidationError("limit is at least 1", field="limit", value=limit)
        with self._read() as conn:
            self._fetch_node(conn, node_id)
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
            nodes = self.get_many_in(conn, sorted(seen))
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

    def snapshot(self, territory_id: str) -> Snapshot:
        with self._read() as conn:
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

    def territory_version(self, territory_id: str) -> int:
        row = (
            self._conn()
            .execute(
                "SELECT coalesce(max(seq), 0) FROM changes WHERE territory_id = ?", (territory_id,)
            )
            .fetchone()
        )
        return int(row[0])

    # ------------------------------------------------------------ bulk

    def bulk_upsert(
        self,
        territory: Node,
        nodes: Iterable[Node],
        relationships: Iterable[Relationship],
        *,
        by: str,
        progress: Progress | None = None,
    ) -> UpsertResult:
        """As the protocol says; ``progress`` gets every node (the territory included) and
        relationship handled, so the calls add up to 1 + len(nodes) + len(relationships)."""
        with self._write() as conn:
            return _bulk_upsert(conn, territory, nodes, relationships, by=by, progress=progress)

    # ------------------------------------------------------------ audit log

    def changes(
        self,
        territory_id: str,
        *,
        since: datetime | None = None,
        after_seq: int | None = None,
        first: int = 100,
    ) -> list[Change]:
        check_page_size(first)
        at = None if since is None else ts(since)
        rows = self._conn().execute(
            "SELECT seq, territory_id, at, by, op, target, target_type, before, after "
            "FROM changes WHERE territory_id = ? AND (? IS NULL OR at >= ?) "
            "AND (? IS NULL OR seq > ?) ORDER BY seq LIMIT ?",
            (territory_id, at, at, after_seq, after_seq, first),
        )
        return [load_change(row) for row in rows]

    def count_changes(self, territory_id: str, *, since: datetime | None = None) -> int:
        at = None if since is None else ts(since)
        row = self._conn().execute(
            "SELECT count(*) FROM changes WHERE territory_id = ? AND (? IS NULL OR at >= ?)",
            (territory_id, at, at),
        )
        return int(row.fetchone()[0])


__all__ = ["SqliteStore"]
