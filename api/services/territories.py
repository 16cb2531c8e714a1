"""Territories: find one, create one, and read a node only through its territory's door (one
NotFound for a missing id, another kind, or a territory the caller cannot see)."""

from __future__ import annotations

from typing import Any

from pactmap.graph.errors import Denied, NotFound
from pactmap.graph.model import Node, NodeKind, Role, Territory, territory_of
from pactmap.graph.store import Store

from ..auth import Caller, Permission


def territory(store: Store, territory_id: str) -> Territory:
    """The territory ``territory_id``; NotFound when there is none (or the id is another node's)."""
    try:
        node = store.get(territory_id)
    except NotFound:
        node = None
    if not isinstance(node, Territory):
        raise NotFound("Territory", territory_id)
    return node


def require(store: Store, caller: Caller, territory_id: str, permission: Permission) -> None:
    """The caller may do ``permission`` on the territory (a request's caller as its role
    allows; the command line's on any territory that exists)."""
    if caller.local:
        territory(store, territory_id)
    else:
        caller.require(territory_id, permission)


def readable_node(store: Store, caller: Caller, node_id: str) -> Node:
    """The node ``node_id`` if the caller may read its territory. A missing id and an id of a
    territory the caller cannot see get the same NotFound, so another territory's ids reveal
    nothing (not even that they exist)."""
    node = store.get_many([node_id]).get(node_id)
    if node is None or not caller.can(territory_of(node), Permission.READ):
        raise NotFound("Node", node_id)
    return node


def create_territory(
    store: Store, caller: Caller, fields: dict[str, Any], *, creators: str = "admins"
) -> Territory:
    """A new territory. Who may: the command line's operator; a signed-in admin of an existing
    territory; any signed-in user when ``creators`` is ``"users"``. The user who creates one
    becomes its admin in the same breath: if that membership cannot be written the territory
    is taken back (a territory nobody administers is unreachable)."""
    user = None if caller.local else caller.require_user()
    if user is not None and creators != "users" and Role.ADMIN not in caller.roles.values():
        raise Denied(
            "only an admin of a territory creates new ones here (PACTMAP_TERRITORY_CREATORS=admins)"
        )
    node = store.create(NodeKind.TERRITORY, fields, by=caller.by)
    assert isinstance(node, Territory)
    if user is not None:
        try:
            store.set_membership(user.id, node.id, Role.ADMIN, by=caller.by)
        except BaseException:
            store.delete(node.id, expected_version=None, by=caller.by)
            raise
        caller.roles[node.id] = Role.ADMIN
    return node
