# mypy: disable-error-code="untyped-decorator"
"""The write paths every mutation shares: check the role, make one store call, wake the live
feed, map the result (or the expected failure) to its GraphQL type."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import strawberry
from pactmap.graph import errors, model
from pactmap.graph.model import ContractStatus, NodeKind, territory_of

from ..auth import Permission
from ..services import territories
from .inputs import given_fields
from .nodes import Info, to_gql
from .results import Deleted, Failure, attempt

T = TypeVar("T")


def _edit_permission(
    kind: NodeKind, before: model.Node | None, fields: dict[str, Any]
) -> Permission:
    """Coordinators edit; admins alone change a territory itself; facilitators may draft a
    contract (create it, or edit it while it stays a draft)."""
    if kind is NodeKind.TERRITORY:
        return Permission.ADMIN
    if kind is NodeKind.CONTRACT:
        stays_draft = fields.get("status", ContractStatus.DRAFT) == ContractStatus.DRAFT
        was_draft = before is None or (
            isinstance(before, model.Contract) and before.status is ContractStatus.DRAFT
        )
        if stays_draft and was_draft:
            return Permission.DRAFT
    return Permission.EDIT


async def load_kind(info: Info, node_id: str, kind: NodeKind) -> model.Node:
    """The node ``node_id`` if it is a ``kind`` the caller can see; NotFound otherwise."""
    ctx = info.context
    node = await ctx.call(territories.readable_node, ctx.store, ctx.caller, node_id)
    if node.KIND is not kind:
        raise errors.NotFound(kind.value, node_id)
    return node


def as_type(node: model.Node, cls: type[T]) -> T:
    item = to_gql(node)
    assert isinstance(item, cls)
    return item


async def create(info: Info, kind: NodeKind, data: object, cls: type[T]) -> T | Failure:
    async def work() -> T:
        ctx = info.context
        fields = given_fields(data)
        territory_id = str(getattr(data, "territory_id"))  # noqa: B009 - every create input
        ctx.require(territory_id, _edit_permission(kind, None, fields))
        node = await ctx.call(
            ctx.store.create, kind, fields, by=ctx.caller.by, territory_id=territory_id
        )
        ctx.feed.notify(territory_id)
        return as_type(node, cls)

    return await attempt(work)


async def update(
    info: Info, kind: NodeKind, node_id: str, expected_version: int, data: object, cls: type[T]
) -> T | Failure:
    async def work() -> T:
        ctx = info.context
        fields = given_fields(data, skip=())
        before = await load_kind(info, node_id, kind)
        ctx.require(territory_of(before), _edit_permission(kind, before, fields))
        node = await ctx.call(
            ctx.store.update, node_id, fields, expected_version=expected_version, by=ctx.caller.by
        )
        ctx.feed.notify(territory_of(node))
        return as_type(node, cls)

    return await attempt(work)


async def delete(
    info: Info, kind: NodeKind, node_id: str, expected_version: int
) -> Deleted | Failure:
    async def work() -> Deleted:
        ctx = info.context
        before = await load_kind(info, node_id, kind)
        ctx.require(territory_of(before), _edit_permission(kind, before, {"status": None}))
        await ctx.call(
            ctx.store.delete, node_id, expected_version=expected_version, by=ctx.caller.by
        )
        ctx.feed.notify(territory_of(before))
        return Deleted(id=strawberry.ID(node_id))

    return await attempt(work)


async def guarded(info: Info, territory_id: str, work: Callable[[], Awaitable[T]]) -> T | Failure:
    """Run ``work`` and wake the territory's live feed if it succeeded."""

    async def run() -> T:
        result = await work()
        info.context.feed.notify(territory_id)
        return result

    return await attempt(run)
