"""Editing nodes: who may create, update or delete which kind, on which territory.

Coordinators edit; admins alone change a territory itself; facilitators may draft a
contract (create it, or edit it while it stays a draft). A node is read through its
territory's door (:func:`.territories.readable_node`): a foreign id answers like a missing one.
"""

from __future__ import annotations

from typing import Any

from pactmap.graph import model
from pactmap.graph.errors import NotFound
from pactmap.graph.model import ContractStatus, NodeKind, territory_of
from pactmap.graph.store import Store

from ..auth import Caller, Permission
from .territories import readable_node, require


def edit_permission(
    kind: NodeKind, before: model.Node | None, fields: dict[str, Any]
) -> Permission:
    """The permission it takes to write ``fields`` on a ``kind`` (``before``: the node as it
    is, None for a new one)."""
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


def readable_of_kind(store: Store, caller: Caller, node_id: str, kind: NodeKind) -> model.Node:
    """The node ``node_id`` if it is a ``kind`` the caller can read; NotFound otherwise."""
    node = readable_node(store, caller, node_id)
    if node.KIND is not kind:
        raise NotFound(kind.value, node_id)
    return node


def create_node(
    store: Store, caller: Caller, kind: NodeKind, territory_id: str, fields: dict[str, Any]
) -> model.Node:
    """A new ``kind`` on the territory, if the caller may write it."""
    require(store, caller, territory_id, edit_permission(kind, None, fields))
    return store.create(kind, fields, by=caller.by, territory_id=territory_id)


def update_node(
    store: Store,
    caller: Caller,
    kind: NodeKind,
    node_id: str,
    fields: dict[str, Any],
    expected_version: int,
) -> model.Node:
    """The node with ``fields`` changed, if the caller may (the version it read must hold)."""
    before = readable_of_kind(store, caller, node_id, kind)
    require(store, caller, territory_of(before), edit_permission(kind, before, fields))
    return store.update(node_id, fields, expected_version=expected_version, by=caller.by)


def delete_node(
    store: Store, caller: Caller, kind: NodeKind, node_id: str, expected_version: int
) -> model.Node:
    """Delete the node if the caller may; returns it as it was."""
    before = readable_of_kind(store, caller, node_id, kind)
    require(store, caller, territory_of(before), edit_permission(kind, before, {"status": None}))
    store.delete(node_id, expected_version=expected_version, by=caller.by)
    return before
