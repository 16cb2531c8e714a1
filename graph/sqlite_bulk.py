"""``bulk_upsert`` for the SQLite store: check everything first, then write in batches.

The caller runs :func:`bulk_upsert` inside one write transaction, so a failure anywhere
(a bad endpoint found up front, or an exception from the progress callback half-way) leaves
the database as it was.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from .errors import Problem, ValidationError
from .model import (
    ChangeOp,
    Node,
    NodeKind,
    Relationship,
    check_endpoints,
    rel_target,
    utcnow,
)
from .sqlite_base import (
    CHANGE_INSERT,
    NODE_UPSERT,
    REL_UPSERT,
    ChangeRow,
    change_row,
    dumps,
    node_data,
    node_json_text,
    node_row,
    rel_json_text,
    ts,
)
from .store import Progress, UpsertResult, check_bulk_nodes, chunks

BATCH = 2000


def _existing(conn: sqlite3.Connection, ids: list[str]) -> dict[str, tuple[str, str | None, str]]:
    found: dict[str, tuple[str, str | None, str]] = {}
    for chunk in chunks(ids, 20_000):
        for node_id, kind, territory_id, data in conn.execute(
            "SELECT id, kind, territory_id, data FROM nodes "
            "WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(chunk),),
        ):
            found[node_id] = (kind, territory_id, data)
    return found


def bulk_upsert(
    conn: sqlite3.Connection,
    territory: Node,
    nodes: Iterable[Node],
    relationships: Iterable[Relationship],
    *,
    by: str,
    progress: Progress | None,
) -> UpsertResult:
    node_list = list(nodes)
    rels = list({r.key: r for r in relationships}.values())  # the last of duplicates wins
    problems: list[Problem] = []
    check_bulk_nodes(territory, node_list, problems)
    everything = [territory, *node_list]
    existing = _existing(conn, [n.id for n in everything])
    for i, node in enumerate(everything):
        if (old := existing.get(node.id)) is None:
            continue
        where = "territory" if i == 0 else f"nodes[{i - 1}]"
        if old[0] != node.KIND.value:
            problems.append(
                Problem(f"{where}.id", f"'{node.id}' is already a {old[0]}", node.KIND.value)
            )
        elif old[1] != node.territory_id:
            problems.append(
                Problem(f"{where}.id", f"'{node.id}' belongs to territory '{old[1]}'", node.id)
            )

    kinds = {n.id: n.KIND for n in node_list}
    outside = sorted({end for r in rels for end in (r.from_id, r.to_id) if end not in kinds})
    for node_id, (kind, territory_id, _) in _existing(conn, outside).items():
        if territory_id == territory.id:
            kinds[node_id] = NodeKind(kind)
    for i, rel in enumerate(rels):
        for name, end in (("from", rel.from_id), ("to", rel.to_id)):
            if end not in kinds:
                problems.append(
                    Problem(
                        f"relationships[{i}].{name}",
                        f"no node with this id in territory '{territory.id}'",
                        end,
                    )
                )
        if rel.from_id in kinds and rel.to_id in kinds:
            try:
                check_endpoints(rel.type, kinds[rel.from_id], kinds[rel.to_id])
            except ValidationError as exc:
                problems.extend(
                    Problem(f"relationships[{i}].type", p.message, p.value) for p in exc.problems
                )
    if problems:
        raise ValidationError(problems)

    at = ts(utcnow())
    created = updated = unchanged = linked = 0
    stored_territory = existing.get(territory.id)
    if stored_territory is not None and (
        json.loads(stored_territory[2])["version"] >= territory.version
    ):
        # An existing territory is left alone unless given newer: a caller that passes the
        # territory it read a moment ago must not undo a change made since.
        everything = node_list
        unchanged += 1
    for batch in chunks(everything, BATCH):
        rows = []
        changes: list[ChangeRow] = []
        for node in batch:
            data = node_data(node)
            old = existing.get(node.id)
            if old is not None and old[2] == data:
                unchanged += 1
                continue
            rows.append(node_row(node, data))
            before = None if old is None else f'{{"type":"{old[0]}",{old[2][1:]}'

            op = ChangeOp.CREATE if old is None else ChangeOp.UPDATE
            created += old is None
            updated += old is not None
            changes.append(
                change_row(
                    territory.id,
                    at,
                    by,
                    op,
                    node.id,
                    node.KIND.value,
                    before,
                    node_json_text(node, data),
                )
            )
        conn.executemany(NODE_UPSERT, rows)
        conn.executemany(CHANGE_INSERT, changes)
        if progress is not None:
            progress(len(batch))

    old_rels: dict[tuple[str, str, str], str] = {}
    if rels and territory.id in existing:
        old_rels = {
            (f, t, o): p
            for f, t, o, p in conn.execute(
                "SELECT from_id, type, to_id, props FROM rels WHERE territory_id = ?",
                (territory.id,),
            )
        }
    for rel_batch in chunks(rels, BATCH):
        rel_rows = []
        changes = []
        for rel in rel_batch:
            props = dumps(rel.properties)
            old_props = old_rels.get(rel.key)
            if old_props == props:
                continue
            rel_rows.append((rel.from_id, rel.type.value, rel.to_id, territory.id, props))
            before = None if old_props is None else rel_json_text(rel, old_props)
            changes.append(
                change_row(
                    territory.id,
                    at,
                    by,
                    ChangeOp.LINK,
                    rel_target(rel),
                    rel.type.value,
                    before,
                    rel_json_text(rel, props),
                )
            )
        linked += len(rel_rows)
        conn.executemany(REL_UPSERT, rel_rows)
        conn.executemany(CHANGE_INSERT, changes)
        if progress is not None:
            progress(len(rel_batch))
    return UpsertResult(created=created, updated=updated, unchanged=unchanged, linked=linked)
