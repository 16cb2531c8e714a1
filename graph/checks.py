"""The backend-neutral rules both stores apply before they write, in one place.

- :func:`check_rel`: a relationship's ends exist, share a territory, and have kinds
  ``model.ENDPOINTS`` allows (``link`` and ``create``'s links);
- :func:`prepare_create`: ``create``'s checks and the node and relationships it will write;
- :func:`check_existing`: ``bulk_upsert``'s check of nodes already stored under a given id;
- :func:`validated`: an account record built from its fields, or a ValidationError;
- :func:`territory_of` and :func:`dumps` (the canonical JSON text of the change log), and
  :func:`rel_json_text` (``rel.to_json()`` as text, cheaply).

The bulk check/write loop is :mod:`.bulk`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, TypeVar

from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from .errors import NotFound, Problem, ValidationError
from .model import (
    Node,
    NodeKind,
    Relationship,
    build_relationship,
    check_endpoints,
    new_node,
    parse_kind,
    utcnow,
)
from .store import ID_PREFIX, LinkSpec, new_id

M = TypeVar("M", bound=BaseModel)

Ends = dict[str, tuple[NodeKind, str]]
"""Kind and territory of each existing id (a territory's own id stands for its territory)."""


def dumps(data: Any) -> str:
    """Canonical JSON: equal data gives equal text, so rows can be compared as strings."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def territory_of(node: Node) -> str:
    """The territory a node belongs to; a territory belongs to itself."""
    return node.id if node.territory_id is None else node.territory_id


def rel_json_text(rel: Relationship, props: str) -> str:
    """``rel.to_json()`` as text; ids and types are plain by construction (model.ID_PATTERN)."""
    return (
        f'{{"type":"{rel.type.value}","from":"{rel.from_id}","to":"{rel.to_id}",'
        f'"properties":{props}}}'
    )


def check_rel(rel: Relationship, ends: Mapping[str, tuple[NodeKind, str]]) -> None:
    """Both ends exist (in ``ends``), share a territory, and may be joined by ``rel.type``."""
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


def prepare_create(
    kind: NodeKind,
    fields: Mapping[str, Any],
    territory_id: str | None,
    node_id: str | None,
    links: Sequence[LinkSpec],
) -> tuple[Node, dict[tuple[str, str, str], Relationship], datetime]:
    """``create``'s checks that need no database; answers the node, its relationships (the
    last of duplicate links wins) and the time of the change."""
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
    rels: dict[tuple[str, str, str], Relationship] = {}
    for spec in links:
        ends = (node.id, spec.other) if spec.outgoing else (spec.other, node.id)
        rel = build_relationship(spec.type, *ends, spec.properties)
        rels[rel.key] = rel
    return node, rels, now


def check_existing(
    batch: Sequence[Node],
    start: int,
    existing: Mapping[str, tuple[str, str | None]],
    problems: list[Problem],
) -> None:
    """Nodes of ``batch`` already stored (``existing``: id -> stored kind and territory_id)
    must keep their kind and territory. ``batch[0]`` is ``nodes[start]`` (-1: the territory)."""
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


def validated(cls: type[M], data: Mapping[str, Any]) -> M:
    """``cls`` built from ``data``; pydantic's errors become a ValidationError of problems."""
    try:
        return cls.model_validate(dict(data))
    except PydanticValidationError as exc:
        raise ValidationError(
            [
                Problem(".".join(str(p) for p in e["loc"]), e["msg"], e.get("input"))
                for e in exc.errors()
            ]
        ) from None
