"""Territories: who may reach one, and creating one (its creator becomes its admin)."""

from __future__ import annotations

from typing import Any

from pactmap.graph.errors import NotFound
from pactmap.graph.model import Node, NodeKind, Role, Territory
from pactmap.graph.store import Store

from ..auth import Caller, Permission


def territory_of(node: Node) -> str:
    """The territory a node belongs to (a territory belongs to itself)."""
    return node.id if node.territory_id is None else node.territory_id


def require_territory(store: Store, territory_id: str) -> Territory:
    """The territory with this id; NotFound when there is none (or the id is another kind's)."""
    try:
        node = store.get(territory_id)
    except NotFound:
        node = None
    if not isinstance(node, Territory):
        raise NotFound("Territory", territory_id)
    return node


def require(store: Store, caller: Caller, territory_id: str, permission: Permission) -> None:
    """The caller may do ``permission`` on the territory. A request's caller holds a role there
    (or is denied, as if the territory did not exist); the local caller may do anything on a
    territory that exists."""
    if caller.local is not None:
        require_territory(store, territory_id)
    else:
        caller.require(territory_id, permission)


def require_admin(store: Store, caller: Caller, territory_id: str) -> None:
    """Members and tokens are a signed-in admin's business (never an API token's)."""
    caller.require_user()
    require(store, caller, territory_id, Permission.ADMIN)


def create_territory(store: Store, caller: Caller, fields: dict[str, Any]) -> Node:
    """A new territory. A signed-in creator becomes its admin: if that fails, the territory
    is taken back (nobody could reach a territory nobody administers)."""
    user = caller.require_user()
    node = store.create(NodeKind.TERRITORY, fields, by=caller.by)
    if user is None:
        return node
    try:
        store.set_membership(user.id, node.id, Role.ADMIN)
    except BaseException:
        store.delete(node.id, expected_version=None, by=caller.by)
        raise
    caller.roles[node.id] = Role.ADMIN
    return node


def territories(store: Store) -> list[Territory]:
    """Every territory, page by page."""
    found: list[Territory] = []
    after: str | None = None
    while True:
        page = store.list_nodes(NodeKind.TERRITORY, None, first=500, after=after)
        found.extend(n for n in page.items if isinstance(n, Territory))
        if not page.has_next_page:
            return found
        after = page.end_cursor
