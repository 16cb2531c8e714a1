"""Territories: find one (one NotFound for a missing id or another kind), create one."""

from __future__ import annotations

from typing import Any

from pactmap.graph.errors import NotFound
from pactmap.graph.model import NodeKind, Role, Territory
from pactmap.graph.store import Store

from ..auth import Caller


def territory(store: Store, territory_id: str) -> Territory:
    """The territory ``territory_id``; NotFound when there is none (or the id is another node's)."""
    try:
        node = store.get(territory_id)
    except NotFound:
        node = None
    if not isinstance(node, Territory):
        raise NotFound("Territory", territory_id)
    return node


def create_territory(store: Store, caller: Caller, fields: dict[str, Any]) -> Territory:
    """A new territory. A signed-in user who creates one becomes its admin, in the same breath:
    if that membership cannot be written the territory is taken back (a territory nobody
    administers is unreachable). The command line's operator needs no membership."""
    user = None if caller.local else caller.require_user()
    node = store.create(NodeKind.TERRITORY, fields, by=caller.by)
    assert isinstance(node, Territory)
    if user is not None:
        try:
            store.set_membership(user.id, node.id, Role.ADMIN)
        except BaseException:
            store.delete(node.id, expected_version=None, by=caller.by)
            raise
        caller.roles[node.id] = Role.ADMIN
    return node
