"""The map as it was at a moment, rebuilt from the map now and the change log.

The change log (``Store.changes``) records every write with the node or relationship
``before`` and ``after`` it. Undoing, newest first, every change made after a moment turns
today's snapshot into the snapshot of that moment: what a facilitator shows at the start of a
new SPIRAL cycle. Pure: no store, no I/O.

Node changes carry ``Node.to_json()`` (its fields plus ``type``, the node kind); relationship
changes (``link`` / ``unlink``) carry ``Relationship.to_json()`` (``type``, ``from``, ``to``,
``properties``) and name their target ``from|TYPE|to``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .audit import ACCOUNT_TARGETS
from .model import (
    Change,
    ChangeOp,
    Node,
    Relationship,
    build_node,
    parse_kind,
    parse_rel_type,
)
from .store import Snapshot

RelKey = tuple[str, str, str]


def map_at(snapshot: Snapshot, changes_after: Iterable[Change]) -> Snapshot:
    """``snapshot`` with every change of ``changes_after`` undone, newest first.

        ``changes_after`` are the territory's changes made after the moment wanted (any order:
        they are undone by descending ``seq``). Changes of other territories, and account changes
    (members, tokens, sessions: :data:`.audit.ACCOUNT_TARGETS`), are ignored.

        Examples
        --------
        A node created after the moment is absent from the result; one updated after it has its
        ``before`` fields; one deleted after it is back.
    """
    territory = snapshot.territory
    nodes: dict[str, Node] = {node.id: node for node in snapshot.nodes}
    rels: dict[RelKey, Relationship] = {rel.key: rel for rel in snapshot.relationships}
    ordered = sorted(
        (
            c
            for c in changes_after
            if c.territory_id == territory.id and c.target_type not in ACCOUNT_TARGETS
        ),
        key=lambda c: c.seq,
        reverse=True,
    )
    for change in ordered:
        if change.op in (ChangeOp.LINK, ChangeOp.UNLINK):
            _undo_link(rels, change)
        elif change.target == territory.id:
            if change.op is ChangeOp.UPDATE and change.before is not None:
                territory = _node(change.before)
        else:
            _undo_node(nodes, change)
    # a relationship can only exist between nodes that existed then
    kept = {key: rel for key, rel in rels.items() if rel.from_id in nodes and rel.to_id in nodes}
    return Snapshot(
        territory=territory,
        nodes=[nodes[node_id] for node_id in sorted(nodes)],
        relationships=[kept[key] for key in sorted(kept)],
    )


def _undo_node(nodes: dict[str, Node], change: Change) -> None:
    if change.op is ChangeOp.CREATE or change.before is None:
        nodes.pop(change.target, None)
    else:  # update or delete: the node was as ``before`` says
        nodes[change.target] = _node(change.before)


def _undo_link(rels: dict[RelKey, Relationship], change: Change) -> None:
    key = _rel_key(change)
    if change.before is None:
        rels.pop(key, None)
    else:  # an unlink, or a link that replaced properties
        rels[key] = _rel(change.before, key)


def _node(data: Mapping[str, Any]) -> Node:
    fields = {k: v for k, v in data.items() if k != "type"}
    return build_node(parse_kind(str(data["type"])), fields)


def _rel_key(change: Change) -> RelKey:
    from_id, rel_type, to_id = change.target.split("|", 2)
    return (from_id, rel_type, to_id)


def _rel(data: Mapping[str, Any], key: RelKey) -> Relationship:
    from_id, rel_type, to_id = key
    return Relationship(
        type=parse_rel_type(str(data.get("type", rel_type))),
        from_id=str(data.get("from", from_id)),
        to_id=str(data.get("to", to_id)),
        properties=dict(data.get("properties") or {}),
    )
