"""How domain records become Neo4j properties and back, for :mod:`pactmap.graph.neo4j`.

Fields are stored as their JSON values (``model_dump(mode="json")``: dates and datetimes as
ISO strings, enums as their values), so a node read back validates to an equal model instance
and every export is the same as SQLite's. ``None`` is a missing property in Neo4j; reading
leaves it out and the model's default (None for every optional field) fills it in again.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from ..decoded import Decoded
from ..model import (
    PROPS_MODELS,
    Change,
    NodeBase,
    NodeKind,
    Relationship,
    RelType,
    build_node,
    search_key,
)

PRIVATE_PREFIX = "_"


def node_props(node: NodeBase) -> dict[str, Any]:
    """The properties a node is stored with (its fields plus ``_kind``, ``_sort``, ``_search``)."""
    return stored(node, node.model_dump(mode="json"))


def stored(node: NodeBase, data: Mapping[str, Any]) -> dict[str, Any]:
    """:func:`node_props` from the node's ``model_dump(mode="json")``, when it is at hand."""
    props = {k: v for k, v in data.items() if v is not None}
    props["_kind"] = node.KIND.value
    props["_sort"] = sort_key(node.label)
    props["_search"] = search_key(node.label)
    return props


def sort_key(label: str) -> str:
    """What lists sort a label by in Neo4j: its UTF-8 bytes, one character each.

    Neo4j sorts strings in memory by UTF-16 code units, so 'U+1D518' would come before
    'U+FF46', while SQLite (and Neo4j's own ``<`` and indexes) use code-point order. Bytes
    spelt as U+0000-U+00FF sort the same in every one of those orders.
    """
    return label.encode("utf-8").decode("latin-1")


_DECODED = Decoded()


def node_from(props: Mapping[str, Any]) -> NodeBase:
    """The node of stored properties; properties read before give the node built then (nodes
    are frozen; :mod:`pactmap.graph.decoded`)."""
    try:
        key = frozenset(props.items())
    except TypeError:  # a list property: not hashable, built every time
        return _build(props)
    return _DECODED.get(key, lambda: _build(props))


def _build(props: Mapping[str, Any]) -> NodeBase:
    kind = NodeKind(props["_kind"])
    return build_node(kind, {k: v for k, v in props.items() if k[:1] != PRIVATE_PREFIX})


def public(props: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if not k.startswith(PRIVATE_PREFIX)}


def rel_props(rel: Relationship) -> dict[str, Any]:
    return {k: v for k, v in rel.properties.items() if v is not None}


def rel_from(row: Mapping[str, Any]) -> Relationship:
    """A stored relationship (validated on the way in, so not again on the way out); the
    properties Neo4j could not hold as null come back as None."""
    rel_type = RelType(row["t"])
    model = PROPS_MODELS.get(rel_type)
    props = dict(row["p"])
    if model is not None:
        props = {name: props.get(name) for name in model.model_fields} | props
    return Relationship.model_construct(
        type=rel_type, from_id=row["f"], to_id=row["o"], properties=props
    )


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def epoch_us(at: datetime) -> int:
    """Microseconds since the epoch, exactly: what ``changes(since=...)`` compares, whatever
    the offset (a naive datetime is taken as UTC)."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return (at - _EPOCH) // timedelta(microseconds=1)


def change_from(props: Mapping[str, Any]) -> Change:
    data = {k: v for k, v in props.items() if k != "at_us" and not k.startswith(PRIVATE_PREFIX)}
    for side in ("before", "after"):
        text = data.get(side)
        data[side] = json.loads(text) if text else None  # "" or missing: none
    return Change.model_validate(data)


def record_props(record: Any) -> dict[str, Any]:
    """A pydantic account record (User, ApiToken, ...) as properties (None left out)."""
    data: dict[str, Any] = record.model_dump(mode="json")
    return {k: v for k, v in data.items() if v is not None}
