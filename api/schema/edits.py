# mypy: disable-error-code="untyped-decorator"
"""The write paths every create / update / delete mutation shares: call the edit service
(:mod:`pactmap.api.services.edits`, which checks the role), wake the live feed, map the
result (or the expected failure) to its GraphQL type."""

from __future__ import annotations

from typing import TypeVar

import strawberry
from pactmap.graph import model
from pactmap.graph.model import NodeKind, territory_of

from ..services import edits
from .inputs import given_fields
from .nodes import Info, to_gql
from .results import Deleted, Failure, attempt

T = TypeVar("T")


async def load_kind(info: Info, node_id: str, kind: NodeKind) -> model.Node:
    """The node ``node_id`` if it is a ``kind`` the caller can see; NotFound otherwise."""
    ctx = info.context
    return await ctx.call(edits.readable_of_kind, ctx.store, ctx.caller, node_id, kind)


def as_type(node: model.Node, cls: type[T]) -> T:
    item = to_gql(node)
    assert isinstance(item, cls)
    return item


async def create(info: Info, kind: NodeKind, data: object, cls: type[T]) -> T | Failure:
    async def work() -> T:
        ctx = info.context
        fields = given_fields(data)
        territory_id = str(getattr(data, "territory_id"))  # noqa: B009 - every create input
        args = (ctx.store, ctx.caller, kind, territory_id, fields)
        node = await ctx.call(edits.create_node, *args)
        ctx.feed.notify(territory_id)
        return as_type(node, cls)

    return await attempt(work)


async def update(
    info: Info, kind: NodeKind, node_id: str, expected_version: int, data: object, cls: type[T]
) -> T | Failure:
    async def work() -> T:
        ctx = info.context
        fields = given_fields(data, skip=())
        args = (ctx.store, ctx.caller, kind, node_id, fields, expected_version)
        node = await ctx.call(edits.update_node, *args)
        ctx.feed.notify(territory_of(node))
        return as_type(node, cls)

    return await attempt(work)


async def delete(
    info: Info, kind: NodeKind, node_id: str, expected_version: int
) -> Deleted | Failure:
    async def work() -> Deleted:
        ctx = info.context
        args = (ctx.store, ctx.caller, kind, node_id, expected_version)
        before = await ctx.call(edits.delete_node, *args)
        ctx.feed.notify(territory_of(before))
        return Deleted(id=strawberry.ID(node_id))

    return await attempt(work)
