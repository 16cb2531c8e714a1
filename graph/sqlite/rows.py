"""Rows of the SQLite store: its write statements, and nodes, relationships and change-log
entries to and from rows; :func:`fetch_node`, :func:`ends_of` and :func:`write_log` (the change log
is written in the transaction of the change it records)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from ..checks import Ends
from ..decoded import Decoded
from ..errors import NotFound
from ..model import (
    FILTERABLE,
    NODE_MODELS,
    Change,
    ChangeOp,
    Node,
    NodeKind,
    Relationship,
    RelType,
    search_key,
)
from ..store import dumps

NODE_UPSERT = (
    "INSERT INTO nodes (id, kind, territory_id, label, search_key, sector, dimension, status, "
    "question, version, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, territory_id = excluded.territory_id, "
    "label = excluded.label, search_key = excluded.search_key, sector = excluded.sector, "
    "dimension = excluded.dimension, status = excluded.status, question = excluded.question, "
    "version = excluded.version, data = excluded.data"
)
REL_UPSERT = (
    "INSERT INTO rels (from_id, type, to_id, territory_id, props) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT(from_id, type, to_id) DO UPDATE SET props = excluded.props"
)
CHANGE_INSERT = (
    "INSERT INTO changes (territory_id, at, by, op, target, target_type, before, after) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
NodeRow = tuple[str, str, str | None, str, str, Any, Any, Any, Any, int, str]
ChangeRow = tuple[str, str, str, str, str, str, str | None, str | None]


def ts(moment: datetime) -> str:
    """A timestamp as sortable text: UTC, always with microseconds (naive means UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


def node_data(node: Node) -> str:
    """The node as stored: pydantic's own JSON (fast; one writer, so equal nodes give equal
    text, which lets bulk_upsert tell unchanged rows by comparing strings)."""
    return node.model_dump_json()


def node_json_text(node: Node, data: str) -> str:
    """``node.to_json()`` as text, from its stored JSON, without serialising it twice."""
    return f'{{"type":"{node.KIND.value}",{data[1:]}'


def node_row(node: Node, data: str | None = None) -> NodeRow:
    label = node.label

    def column(name: str) -> Any:
        if node.KIND not in FILTERABLE[name]:
            return None
        value = getattr(node, name)
        return getattr(value, "value", value)

    return (
        node.id,
        node.KIND.value,
        node.territory_id,
        label,
        search_key(label),
        column("sector"),
        column("dimension"),
        column("status"),
        column("question"),
        node.version,
        data if data is not None else node_data(node),
    )


_DECODED = Decoded()


def load_node(kind: str, data: str) -> Node:
    """The node of a stored row; a row read before gives the node built then (nodes are
    frozen; :mod:`pactmap.graph.decoded`)."""
    return _DECODED.get((kind, data), lambda: NODE_MODELS[NodeKind(kind)].model_validate_json(data))


def load_rel(from_id: str, rel_type: str, to_id: str, props: str) -> Relationship:
    # Stored relationships were validated on the way in; skip the validator on the way out.
    return Relationship.model_construct(
        type=RelType(rel_type), from_id=from_id, to_id=to_id, properties=json.loads(props)
    )


def change_row(
    territory_id: str,
    at: str,
    by: str,
    op: ChangeOp,
    target: str,
    target_type: str,
    before: dict[str, Any] | str | None,
    after: dict[str, Any] | str | None,
) -> ChangeRow:
    """A change-log row; ``before`` and ``after`` as dicts or as JSON text already made."""
    return (
        territory_id,
        at,
        by,
        op.value,
        target,
        target_type,
        before if before is None or isinstance(before, str) else dumps(before),
        after if after is None or isinstance(after, str) else dumps(after),
    )


def load_change(row: sqlite3.Row | tuple[Any, ...]) -> Change:
    seq, territory_id, at, by, op, target, target_type, before, after = row
    return Change.model_validate(
        {
            "seq": seq,
            "territory_id": territory_id,
            "at": at,
            "by": by,
            "op": op,
            "target": target,
            "target_type": target_type,
            "before": None if before is None else json.loads(before),
            "after": None if after is None else json.loads(after),
        }
    )


def fetch_node(conn: sqlite3.Connection, node_id: str) -> Node:
    row = conn.execute("SELECT kind, data FROM nodes WHERE id = ?", (node_id,)).fetchone()
    if row is None:
        raise NotFound("Node", node_id)
    return load_node(row[0], row[1])


def write_log(conn: sqlite3.Connection, rows: list[ChangeRow]) -> None:
    """Write change-log rows (in the caller's transaction)."""
    if rows:
        conn.executemany(CHANGE_INSERT, rows)


def ends_of(conn: sqlite3.Connection, ids: Iterable[str]) -> Ends:
    """Kind and territory of each existing id (a territory's own id stands for its territory)."""
    rows = conn.execute(
        "SELECT id, kind, coalesce(territory_id, id) FROM nodes "
        "WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(set(ids))),),
    )
    return {node_id: (NodeKind(kind), territory) for node_id, kind, territory in rows}
