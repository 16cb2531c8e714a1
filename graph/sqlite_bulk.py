"""``bulk_upsert`` for the SQLite store: streamed, in chunks of :data:`BATCH` items.

The nodes, then the relationships, are read from their iterables a chunk at a time (one-shot
generators are fine); each chunk is checked (against the ids of earlier chunks and the
database), then written. Nothing outlives a chunk in memory: the ids met so far are kept in a
:class:`.tempindex.TempIndex` (on disk), and a relationship's ends, written earlier in this
same transaction, are looked up in the database; so memory stays flat however long the input
(measured by ``python -m tests.bench --only import``). The caller runs :func:`bulk_upsert`
inside one write transaction, so a failure anywhere (a bad endpoint found in a late chunk, or
an exception from the progress callback half-way) leaves the database as it was; the
ValidationError lists the problems of the chunk that failed (file imports are fully checked
beforehand by the interchange reader).

Duplicate relationships: the last wins. Within a chunk duplicates are merged first; a key
repeated in a LATER chunk is written again over the earlier one (so the last still wins), and
then counts as linked, with a change entry, once more.
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
    rel_target,
    utcnow,
)
from .sqlite_base import (
    CHANGE_INSERT,
    NODE_UPSERT,
    REL_UPSERT,
    ChangeRow,
    change_row,
    ends_of,
    node_data,
    node_json_text,
    node_row,
    rel_json_text,
    ts,
)
from .store import Progress, UpsertResult, check_bulk_nodes, check_bulk_relationships, chunks, dumps
from .tempindex import TempIndex

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


def _existing_rels(
    conn: sqlite3.Connection, keys: list[tuple[str, str, str]]
) -> dict[tuple[str, str, str], str]:
    """The stored props of the relationships among ``keys`` (this transaction's writes seen)."""
    return {
        (f, t, o): p
        for f, t, o, p in conn.execute(
            "SELECT r.from_id, r.type, r.to_id, r.props FROM json_each(?) AS k "
            "JOIN rels AS r ON r.from_id = json_extract(k.value, '$[0]') "
            "AND r.type = json_extract(k.value, '$[1]') "
            "AND r.to_id = json_extract(k.value, '$[2]')",
            (json.dumps(keys),),
        )
    }


def _check_existing(
    batch: list[Node],
    start: int,
    existing: dict[str, tuple[str, str | None, str]],
    problems: list[Problem],
) -> None:
    """``batch[0]`` is ``nodes[start]`` (``start`` -1: the territory)."""
    for i, node in enumerate(batch, start):
        if (old := existing.get(node.id)) is None:
            continue
        where = "territory" if i < 0 else f"nodes[{i}]"
        if old[0] != node.KIND.value:
            problems.append(
                Problem(f"{where}.id", f"'{node.id}' is already a {old[0]}", node.KIND.value)
            )
        elif old[1] != node.territory_id:
            problems.append(
                Problem(f"{where}.id", f"'{node.id}' belongs to territory '{old[1]}'", node.id)
            )


def _check_rels(
    conn: sqlite3.Connection, territory_id: str, batch: list[tuple[int, Relationship]]
) -> None:
    """Endpoints as in ``link``: the imported nodes are already written (in this transaction),
    so every end is looked up in the database."""
    ends = ends_of(conn, (end for _, r in batch for end in (r.from_id, r.to_id)))
    kinds = {
        node_id: kind
        for node_id, (kind, node_territory) in ends.items()
        if node_territory == territory_id and kind is not NodeKind.TERRITORY
    }
    check_bulk_relationships(territory_id, batch, kinds)


def bulk_upsert(
    conn: sqlite3.Connection,
    territory: Node,
    nodes: Iterable[Node],
    relationships: Iterable[Relationship],
    *,
    by: str,
    progress: Progress | None,
) -> UpsertResult:
    with TempIndex() as seen:  # the ids met so far, on disk: memory stays flat
        return _bulk_upsert(conn, territory, nodes, relationships, seen, by=by, progress=progress)


def _bulk_upsert(
    conn: sqlite3.Connection,
    territory: Node,
    nodes: Iterable[Node],
    relationships: Iterable[Relationship],
    seen: TempIndex,
    *,
    by: str,
    progress: Progress | None,
) -> UpsertResult:
    at = ts(utcnow())
    created = updated = unchanged = linked = 0
    problems: list[Problem] = []
    check_bulk_nodes(territory, [], problems, seen)
    stored_territory = _existing(conn, [territory.id])
    _check_existing([territory], -1, stored_territory, problems)
    if problems:
        raise ValidationError(problems)
    old_territory = stored_territory.get(territory.id)
    # An existing territory is left alone unless given newer: a caller that passes the
    # territory it read a moment ago must not undo a change made since.
    first: list[Node] = [territory]
    if old_territory is not None and json.loads(old_territory[2])["version"] >= territory.version:
        first = []
        unchanged += 1
        if progress is not None:
            progress(1)

    def write_nodes(batch: list[Node], existing: dict[str, tuple[str, str | None, str]]) -> None:
        nonlocal created, updated, unchanged
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
        if progress is not None and batch:
            progress(len(batch))

    write_nodes(first, stored_territory)
    start = 0
    for batch in chunks(nodes, BATCH):
        check_bulk_nodes(territory, batch, problems, seen, start)
        existing = _existing(conn, [n.id for n in batch])
        _check_existing(batch, start, existing, problems)
        if problems:
            raise ValidationError(problems)
        write_nodes(batch, existing)
        start += len(batch)

    start = 0
    for chunk in chunks(relationships, BATCH):
        merged: dict[tuple[str, str, str], tuple[int, Relationship]] = {}
        for i, rel in enumerate(chunk, start):
            merged[rel.key] = (i, rel)  # the last of duplicates wins
        start += len(chunk)
        _check_rels(conn, territory.id, list(merged.values()))
        old_rels = _existing_rels(conn, list(merged))
        rel_rows = []
        changes = []
        for _, rel in merged.values():
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
            progress(len(merged))
    return UpsertResult(created=created, updated=updated, unchanged=unchanged, linked=linked)
