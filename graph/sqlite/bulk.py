"""``bulk_upsert`` for the SQLite store: streamed, in chunks of :data:`BATCH` items.

The nodes, then the relationships, are read from their iterables a chunk at a time (one-shot
generators are fine); each chunk is checked (against the ids of earlier chunks and the
database), then written. Nothing outlives a chunk in memory: the ids met so far are kept in a
:class:`.tempindex.TempIndex` (on disk), and a relationship's ends, written earlier in this
same transaction, are looked up in the database; so memory stays flat however long the input
(measured by ``python -m tests.bench --only import``). It runs in one write
transaction, so a failure anywhere (a bad endpoint found in a late chunk, or
an exception from the progress callback half-way) leaves the database as it was; the
ValidationError lists the problems of the chunk that failed (file imports are fully checked
beforehand by the interchange reader). The check/write loop itself is
:func:`pactmap.graph.bulk.run_bulk`, shared with the Neo4j store.

Duplicate relationships: the last wins. Within a chunk duplicates are merged first; a key
repeated in a LATER chunk is written again over the earlier one (so the last still wins), and
then counts as linked, with a change entry, once more.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping

from ..bulk import Merged, Tally, run_bulk
from ..checks import Ends, rel_json_text
from ..model import ChangeOp, Node, Relationship, rel_target, utcnow
from ..store import Progress, UpsertResult, chunks, dumps
from ..tempindex import TempIndex
from .database import Database
from .rows import (
    CHANGE_INSERT,
    NODE_UPSERT,
    REL_UPSERT,
    ChangeRow,
    change_row,
    ends_of,
    node_data,
    node_json_text,
    node_row,
    ts,
)

BATCH = 2000

Stored = tuple[str, str | None, str]
"""A stored node as bulk_upsert compares it: kind, territory_id, data (its JSON text)."""


def _existing(conn: sqlite3.Connection, ids: list[str]) -> dict[str, Stored]:
    found: dict[str, Stored] = {}
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


class _Writer:
    """The SQLite side of :func:`pactmap.graph.bulk.run_bulk`, in the caller's transaction."""

    def __init__(self, conn: sqlite3.Connection, territory_id: str, by: str) -> None:
        self.conn = conn
        self.territory_id = territory_id
        self.by = by
        self.at = ts(utcnow())
        self.tally = Tally()

    def existing(self, ids: list[str]) -> Mapping[str, Stored]:
        return _existing(self.conn, ids)

    def identity(self, old: Stored) -> tuple[str, str | None, int]:
        return old[0], old[1], int(json.loads(old[2])["version"])

    def ends_of(self, ids: list[str]) -> Ends:
        return ends_of(self.conn, ids)

    def write_nodes(self, batch: list[Node], existing: Mapping[str, Stored]) -> None:
        rows = []
        changes: list[ChangeRow] = []
        for node in batch:
            data = node_data(node)
            old = existing.get(node.id)
            if old is not None and old[2] == data:
                self.tally.unchanged += 1
                continue
            rows.append(node_row(node, data))
            before = None if old is None else f'{{"type":"{old[0]}",{old[2][1:]}'
            op = ChangeOp.CREATE if old is None else ChangeOp.UPDATE
            self.tally.created += old is None
            self.tally.updated += old is not None
            after = node_json_text(node, data)
            changes.append(
                change_row(
                    self.territory_id, self.at, self.by, op, node.id, node.KIND.value, before, after
                )
            )
        self.conn.executemany(NODE_UPSERT, rows)
        self.conn.executemany(CHANGE_INSERT, changes)

    def write_rels(self, merged: Merged) -> None:
        old_rels = _existing_rels(self.conn, list(merged))
        rel_rows = []
        changes = []
        for _, rel in merged.values():
            props = dumps(rel.properties)
            old_props = old_rels.get(rel.key)
            if old_props == props:
                continue
            rel_rows.append((rel.from_id, rel.type.value, rel.to_id, self.territory_id, props))
            before = None if old_props is None else rel_json_text(rel, old_props)
            changes.append(
                change_row(
                    self.territory_id, self.at, self.by, ChangeOp.LINK, rel_target(rel),
                    rel.type.value, before, rel_json_text(rel, props),
                )
            )  # fmt: skip
        self.tally.linked += len(rel_rows)
        self.conn.executemany(REL_UPSERT, rel_rows)
        self.conn.executemany(CHANGE_INSERT, changes)


def bulk_upsert(
    db: Database,
    territory: Node,
    nodes: Iterable[Node],
    relationships: Iterable[Relationship],
    *,
    by: str,
    progress: Progress | None = None,
) -> UpsertResult:
    """Check and write, in one write transaction (see the module's docstring)."""
    with db.write() as conn, TempIndex() as seen:  # the ids met so far, on disk
        writer = _Writer(conn, territory.id, by)
        return run_bulk(
            writer, territory, chunks(nodes, BATCH), chunks(relationships, BATCH), seen, progress
        )
