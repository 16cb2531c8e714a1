"""The embedded default store: the whole map in one SQLite file.

:class:`SqliteStore` follows :class:`pactmap.graph.store.Store` exactly. It uses the stdlib
``sqlite3`` in WAL mode with foreign keys on; every operation is one transaction (writes
take the write lock first, so the version check and the write cannot interleave with another
writer); the change log is written in the transaction of the change it records.

The parts: ``sqlite_schema`` (tables, indexes, numbered migrations), ``sqlite_base``
(per-thread connections, transactions, row codecs), ``sqlite_accounts`` (users, memberships,
tokens, sessions, comments, decisions), ``sqlite_reads`` (everything read), ``sqlite_bulk``
(bulk_upsert) and this module (the writes to the map).

Deleting a Territory deletes everything in it (nodes, relationships, memberships, tokens,
comments, decisions) and writes one ``delete`` entry; its change log stays. Deleting any
other node writes an ``unlink`` entry per relationship it had and a ``delete`` entry per node
removed (an Indicator takes its Measurements with it).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .errors import AlreadyExists, NotFound, ValidationError, VersionConflict
from .model import (
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
    territory_of,
    utcnow,
)
from .sqlite_base import (
    NODE_UPSERT,
    REL_UPSERT,
    ChangeRow,
    change_row,
    ends_of,
    load_rel,
    node_row,
    ts,
)
from .sqlite_bulk import bulk_upsert as _bulk_upsert
from .sqlite_reads import SqliteReads
from .store import (
    ID_PREFIX,
    LinkSpec,
    Progress,
    UpsertResult,
    dumps,
    new_id,
)


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


class SqliteStore(SqliteReads):
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
            ends_known = ends_of(conn, [spec.other for spec in links])
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
            ends = ends_of(conn, [from_id, to_id])
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


__all__ = ["SqliteStore"]
