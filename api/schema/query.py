# mypy: disable-error-code="untyped-decorator"
"""Read the map: territories, any node by id, per-kind lists, neighbourhoods, search, the whole
map. Every field checks that the caller holds a role on the territory it reads."""

from __future__ import annotations

from typing import TypeVar

import strawberry
from pactmap.graph import model
from pactmap.graph.model import NodeKind, territory_of
from pactmap.graph.store import check_page_size
from strawberry.types.nodes import Selection

from ..auth import Permission
from ..services import territories
from .connections import Connection, NodeFilter, node_connection
from .nodes import (
    Action,
    Actor,
    Commitment,
    Contract,
    Criterion,
    Evaluation,
    FutureConcern,
    Indicator,
    Info,
    Link,
    Measurement,
    Node,
    Territory,
    Topic,
    to_gql,
)
from .relations import prefetch, sub_selections
from .territory_map import TerritoryMap as TerritoryMap  # re-exported: cycle.py uses it
from .territory_map import snapshot_map as snapshot_map

DEFAULT_PAGE = 50
T = TypeVar("T")


@strawberry.type(description="Nodes and the relationships among them.")
class Subgraph:
    nodes: list[Node]
    links: list[Link]

    @classmethod
    def of(cls, nodes: list[model.Node], rels: list[model.Relationship]) -> Subgraph:
        return cls(nodes=[to_gql(n) for n in nodes], links=[Link.from_model(r) for r in rels])


def asked(info: Info, *path: str) -> list[Selection]:
    """What the query selects under this field, then under each field of ``path`` in turn."""
    found: list[Selection] = [s for field in info.selected_fields for s in field.selections]
    for name in path:
        found = sub_selections(found, name)
    return found


async def readable_node(info: Info, node_id: str) -> Node | None:
    ctx = info.context
    found = await ctx.loaders.nodes.load(node_id)
    if found is None or not ctx.caller.can(territory_of(found), Permission.READ):
        return None
    item: Node = to_gql(found)
    await prefetch(info, [item], asked(info))
    return item


async def _list(
    info: Info,
    kind: NodeKind,
    cls: type[T],
    territory_id: str,
    filter: NodeFilter | None,
    first: int,
    after: str | None,
) -> Connection[T]:
    """A page of ``kind``, with the relationships its nodes are asked for prefetched."""
    ctx = info.context
    ctx.require(territory_id, Permission.READ)
    check_page_size(first)
    flt = None if filter is None else filter.to_store()
    page = await ctx.call(
        ctx.store.list_nodes, kind, territory_id, filter=flt, first=first, after=after
    )
    connection = node_connection(page, cls)
    await prefetch(info, [edge.node for edge in connection.edges], asked(info, "edges", "node"))
    return connection


@strawberry.type
class MapQuery:
    @strawberry.field(description="The territories the caller holds a role on.")
    async def territories(self, info: Info) -> list[Territory]:
        ctx = info.context
        found = await ctx.nodes(sorted(ctx.caller.roles))
        return sorted(
            (t for t in map(to_gql, found) if isinstance(t, Territory)), key=lambda t: t.name
        )

    @strawberry.field
    async def territory(self, info: Info, id: strawberry.ID) -> Territory | None:
        found = await readable_node(info, id)
        return found if isinstance(found, Territory) else None

    @strawberry.field(description="Any node by its id (null if absent or not readable).")
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        return await readable_node(info, id)

    @strawberry.field
    async def actors(
        self,
        info: Info,
        territory_id: strawberry.ID,
        filter: NodeFilter | None = None,
        first: int = DEFAULT_PAGE,
        after: str | None = None,
    ) -> Connection[Actor]:
        return await _list(info, NodeKind.ACTOR, Actor, territory_id, filter, first, after)

    @strawberry.field
    async def topics(
        self,
        info: Info,
        territory_id: strawberry.ID,
        filter: NodeFilter | None = None,
        first: int = DEFAULT_PAGE,
        after: str | None = None,
    ) -> Connection[Topic]:
        return await _list(info, NodeKind.TOPIC, Topic, territory_id, filter, first, after)

    @strawberry.field
    async def criteria(
        self,
        info: Info,
        territory_id: strawberry.ID,
        filter: NodeFilter | None = None,
        first: int = DEFAULT_PAGE,
        after: str | None = None,
    ) -> Connection[Criterion]:
        return await _list(info, NodeKind.CRITERION, Criterion, territory_id, filter, first, after)

    @strawberry.field
    async def indicators(
        self,
        info: Info,
        territory_id: strawberry.ID,
        filter: NodeFilter | None = None,
        first: int = DEFAULT_PAGE,
        after: str | None = None,
    ) -> Connection[Indicator]:
        return await _list(info, NodeKind.INDICATOR, Indicator, territory_id, filter, first, after)

    @strawberry.field
    async def measurements(
        self,
        info: Info,
        territory_id: strawberry.ID,
        filter: NodeFilter | None = None,
        first: int = DEFAULT_PAGE,
        after: str | None = None,
    ) -> Connection[Measurement]:
        return await _list(
            info, NodeKind.MEASUREMENT, Measurement, territory_id, filter, first, after
        )

    @strawberry.field
    async def commitments(
        self,
        info: Info,
        territory_id: strawberry.ID,
        filter: NodeFilter | None = None,
        first: int = DEFAULT_PAGE,
        after: str | None = None,
    ) -> Connection[Commitment]:
        return await _list(
            info, NodeKind.COMMITMENT, Commitment, territory_id, filter, first, after
        )

    @strawberry.field
    async def contracts(
        self,
        info: Info,
        territory_id: strawberry.ID,
        filter: NodeFilter | None = None,
        first: int = DEFAULT_PAGE,
        after: str | None = None,
    ) -> Connection[Contract]:
        return await _list(info, NodeKind.CONTRACT, Contract, territory_id, filter, first, after)

    @strawberry.field
    async def actions(
        self,
        info: Info,
        territory_id: strawberry.ID,
        filter: NodeFilter | None = None,
        first: int = DEFAULT_PAGE,
        after: str | None = None,
    ) -> Connection[Action]:
        return await _list(info, NodeKind.ACTION, Action, territory_id, filter, first, after)

    @strawberry.field
    async def future_concerns(
        self,
        info: Info,
        territory_id: strawberry.ID,
        filter: NodeFilter | None = None,
        first: int = DEFAULT_PAGE,
        after: str | None = None,
    ) -> Connection[FutureConcern]:
        return await _list(
            info, NodeKind.FUTURE_CONCERN, FutureConcern, territory_id, filter, first, after
        )

    @strawberry.field
    async def evaluations(
        self,
        info: Info,
        territory_id: strawberry.ID,
        filter: NodeFilter | None = None,
        first: int = DEFAULT_PAGE,
        after: str | None = None,
    ) -> Connection[Evaluation]:
        return await _list(
            info, NodeKind.EVALUATION, Evaluation, territory_id, filter, first, after
        )

    @strawberry.field(description="A node and everything within depth (1-3) steps of it.")
    async def neighbourhood(self, info: Info, id: strawberry.ID, depth: int = 1) -> Subgraph:
        ctx = info.context
        await ctx.call(territories.readable_node, ctx.store, ctx.caller, id)
        found = await ctx.call(ctx.store.neighbourhood, id, depth)
        return Subgraph.of(found.nodes, found.relationships)

    @strawberry.field(description="Nodes whose label contains the text (case, accents ignored).")
    async def search(
        self,
        info: Info,
        territory_id: strawberry.ID,
        text: str,
        kinds: list[NodeKind] | None = None,
        limit: int = 20,
    ) -> list[Node]:
        ctx = info.context
        ctx.require(territory_id, Permission.READ)
        check_page_size(limit)
        found = await ctx.call(ctx.store.search, territory_id, text, kinds=kinds, limit=limit)
        items = [to_gql(n) for n in found]
        await prefetch(info, items, asked(info))
        return items

    @strawberry.field(name="map", description="The whole territory, for drawing it at once.")
    async def territory_map(self, info: Info, territory_id: strawberry.ID) -> TerritoryMap:
        ctx = info.context
        ctx.require(territory_id, Permission.READ)
        snap = await ctx.call(ctx.store.snapshot, territory_id)
        return snapshot_map(snap)
