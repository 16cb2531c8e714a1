"""The writes to the map in the SQLite store: create, update, delete, link, unlink.

Each runs in one write transaction, and writes its change-log entries in it. Deleting a
Territory deletes everything in it (nodes, relationships, memberships, tokens, comments,
decisions) and writes one ``delete`` entry; its change log stays. Deleting any other node
writes an ``unlink`` entry per relationship it had and a ``delete`` entry per node removed
(an Indicator takes its Measurements with it).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from ..checks import check_rel, node_change, prepare_create, rel_change
from ..errors import AlreadyExists, NotFound, VersionConflict
from ..model import (
    ChangeOp,
    Node,
    NodeKind,
    Relationship,
    RelType,
    apply_changes,
    build_relationship,
    parse_rel_type,
    territory_of,
    utcnow,
)
from ..store import LinkSpec, dumps
from .database import Database
from .reads import get_many_in, rels_touching
from .rows import (
    NODE_UPSERT,
    REL_UPSERT,
    ChangeRow,
    change_row,
    ends_of,
    fetch_node,
    load_rel,
    node_row,
    ts,
    write_log,
)


def create(
    db: Database,
    kind: NodeKind,
    fields: Mapping[str, Any],
    *,
    by: str,
    territory_id: str | None = None,
    node_id: str | None = None,
    links: Sequence[LinkSpec] = (),
) -> Node:
    node, rels, now = prepare_create(kind, fields, territory_id, node_id, links)
    kind = node.KIND
    territory = territory_of(node)
    at = ts(now)
    with db.write() as conn:
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
            check_rel(rel, ends_known)
        conn.execute(NODE_UPSERT, node_row(node))
        log: list[ChangeRow] = [
            change_row(territory, at, by, *node_change(ChangeOp.CREATE, node, None, node.to_json()))
        ]
        for rel in rels.values():
            conn.execute(
                REL_UPSERT,
                (rel.from_id, rel.type.value, rel.to_id, territory, dumps(rel.properties)),
            )
            log.append(
                change_row(territory, at, by, *rel_change(ChangeOp.LINK, rel, None, rel.to_json()))
            )
        write_log(conn, log)
    return node


def update(
    db: Database, node_id: str, changes: Mapping[str, Any], *, expected_version: int, by: str
) -> Node:
    with db.write() as conn:
        node = fetch_node(conn, node_id)
        if node.version != expected_version:
            raise VersionConflict(node.KIND.value, node_id, expected_version, node.to_json())
        now = utcnow()
        updated = apply_changes(node, changes, now=now)
        conn.execute(NODE_UPSERT, node_row(updated))
        write_log(
            conn,
            [
                change_row(
                    territory_of(node),
                    ts(now),
                    by,
                    *node_change(ChangeOp.UPDATE, node, node.to_json(), updated.to_json()),
                )
            ],
        )
    return updated


def delete(db: Database, node_id: str, *, expected_version: int | None, by: str) -> None:
    with db.write() as conn:
        node = fetch_node(conn, node_id)
        if expected_version is not None and node.version != expected_version:
            raise VersionConflict(node.KIND.value, node_id, expected_version, node.to_json())
        territory = territory_of(node)
        at = ts(utcnow())
        if node.KIND is NodeKind.TERRITORY:
            conn.execute("DELETE FROM nodes WHERE id = ?", (node_id,))
            write_log(
                conn,
                [
                    change_row(
                        territory, at, by, *node_change(ChangeOp.DELETE, node, node.to_json(), None)
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
        rels = rels_touching(conn, victims)
        removed = get_many_in(conn, victims)
        log = [
            change_row(territory, at, by, *rel_change(ChangeOp.UNLINK, r, r.to_json(), None))
            for r in rels
        ]
        log += [
            change_row(territory, at, by, *node_change(ChangeOp.DELETE, n, n.to_json(), None))
            for n in removed
        ]
        conn.execute(
            "DELETE FROM nodes WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(victims),),
        )
        write_log(conn, log)


def link(
    db: Database,
    rel_type: RelType,
    from_id: str,
    to_id: str,
    properties: Mapping[str, Any] | None = None,
    *,
    by: str,
) -> Relationship:
    rel = build_relationship(rel_type, from_id, to_id, properties)
    props = dumps(rel.properties)
    with db.write() as conn:
        ends = ends_of(conn, [from_id, to_id])
        check_rel(rel, ends)
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
        write_log(
            conn,
            [
                change_row(
                    territory,
                    ts(utcnow()),
                    by,
                    *rel_change(ChangeOp.LINK, rel, before, rel.to_json()),
                )
            ],
        )
    return rel


def unlink(db: Database, rel_type: RelType, from_id: str, to_id: str, *, by: str) -> None:
    rel_type = parse_rel_type(str(rel_type))
    target = f"{from_id}|{rel_type.value}|{to_id}"
    with db.write() as conn:
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
        write_log(
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
