# mypy: disable-error-code="untyped-decorator"
"""A whole territory at once (``map``, ``mapAt``), for drawing it.

``nodes`` and ``links`` are typed; ``compact`` is the same map as one JSON value, for maps of
thousands of nodes where resolving every field of every object costs seconds: each node has
``__typename``, ``id``, ``label`` and its fields in camelCase with enum values in upper case,
as the typed fields give them; each link has ``type``, ``fromId``, ``toId``, ``properties``.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any

import strawberry
from pactmap.graph import model
from pactmap.graph.store import Snapshot
from strawberry.scalars import JSON

from .nodes import Link, Node, Territory, to_gql


@strawberry.type(description="A whole territory: every node and relationship.")
class TerritoryMap:
    snapshot: strawberry.Private[Snapshot]

    @strawberry.field
    def territory(self) -> Territory:
        territory = to_gql(self.snapshot.territory)
        assert isinstance(territory, Territory)
        return territory

    @strawberry.field
    def nodes(self) -> list[Node]:
        return [to_gql(n) for n in self.snapshot.nodes]

    @strawberry.field
    def links(self) -> list[Link]:
        return [Link.from_model(r) for r in self.snapshot.relationships]

    @strawberry.field(
        description="The same map as one JSON value {nodes, links}: much faster for big maps."
    )
    def compact(self) -> JSON:
        return JSON(
            {
                "nodes": [compact_node(n) for n in self.snapshot.nodes],
                "links": [
                    {
                        "type": r.type.value,
                        "fromId": r.from_id,
                        "toId": r.to_id,
                        "properties": r.properties,
                    }
                    for r in self.snapshot.relationships
                ],
            }
        )


def snapshot_map(snap: Snapshot) -> TerritoryMap:
    return TerritoryMap(snapshot=snap)


_CAMEL: dict[str, str] = {}


def _camel(name: str) -> str:
    found = _CAMEL.get(name)
    if found is None:
        head, *rest = name.split("_")
        found = _CAMEL[name] = head + "".join(part.title() for part in rest)
    return found


def _value(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.name
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def compact_node(node: model.Node) -> dict[str, Any]:
    data: dict[str, Any] = {"__typename": node.KIND.value, "label": node.label}
    for name in type(node).model_fields:
        data[_camel(name)] = _value(getattr(node, name))
    return data
