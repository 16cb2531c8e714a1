# mypy: disable-error-code="untyped-decorator"
"""What every resolver gets as ``info.context``: the store, the caller, per-request DataLoaders.

Store calls are synchronous (SQLite, the Neo4j driver); :meth:`Context.call` runs them in
Starlette's thread pool so that one slow query does not hold up the event loop. The SQLite
store keeps one connection per thread, the Neo4j driver is thread-safe.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pactmap.graph.i18n import negotiate
from pactmap.graph.model import Node, Relationship, RelType
from pactmap.graph.store import Store
from starlette.concurrency import run_in_threadpool
from strawberry.dataloader import DataLoader

from ..auth import Caller, Permission
from ..services.logins import LoginPolicy
from .feed import ChangeFeed

T = TypeVar("T")

LinkKey = tuple[str, RelType | None, str]
"""(node id, relationship type or None for all, direction "out" / "in" / "both")."""


@dataclass(frozen=True)
class ApiOptions:
    """The settings the API uses, read once from ``pactmap.api.settings.Settings``."""

    production: bool = False
    cookie_secure: bool = False
    cors_origins: tuple[str, ...] = ()
    max_depth: int = 12
    max_tokens: int = 4000
    max_aliases: int = 30
    poll_seconds: float = 1.0
    territory_creators: str = "admins"
    login: LoginPolicy = field(default_factory=LoginPolicy)


class Loaders:
    """Batching loaders, one set per request (per subscription event for WebSockets)."""

    def __init__(self, store: Store, call: Callable[..., Any]) -> None:
        self._store = store
        self._call = call
        self.nodes: DataLoader[str, Node | None] = DataLoader(self._load_nodes)
        self.links: DataLoader[LinkKey, list[Relationship]] = DataLoader(self._load_links)

    async def _load_nodes(self, ids: list[str]) -> list[Node | None]:
        found: dict[str, Node] = await self._call(self._store.get_many, ids)
        return [found.get(node_id) for node_id in ids]

    async def _load_links(self, keys: list[LinkKey]) -> list[list[Relationship]]:
        """One store call for the whole batch: every relationship of the types asked for,
        in both directions, then each key takes its own (type and direction)."""
        ids = list(dict.fromkeys(node_id for node_id, _, _ in keys))
        wanted = {rel_type for _, rel_type, _ in keys}
        types = None if None in wanted else sorted(t for t in wanted if t is not None)
        found: dict[str, list[Relationship]] = await self._call(
            self._store.relationships, ids, types=types, direction="both"
        )
        return [_select(found.get(node_id, []), node_id, t, d) for node_id, t, d in keys]


@dataclass
class Context:
    store: Store
    options: ApiOptions
    feed: ChangeFeed
    caller: Caller = field(default_factory=Caller)
    request: Any = None
    response: Any = None
    request_id: str = "-"
    connection_params: dict[str, Any] | None = None
    reauthenticate: Callable[[], Awaitable[Caller]] | None = None
    """For a long-lived connection: the caller its credentials stand for now."""
    loaders: Loaders = field(init=False)
    memo: dict[str, str] = field(default_factory=dict)
    """What a request already worked out (e.g. who a change log's ``by`` is, in words)."""

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.store, self.call)

    async def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return await run_in_threadpool(fn, *args, **kwargs)

    def fresh_loaders(self) -> None:
        self.loaders = Loaders(self.store, self.call)

    @property
    def address(self) -> str | None:
        """The client's address (None without a request, e.g. in schema-level tests)."""
        client = getattr(self.request, "client", None)
        return getattr(client, "host", None)

    @property
    def lang(self) -> str:
        """The language to answer in: the request's ``Accept-Language`` (else the default)."""
        headers = getattr(self.request, "headers", None)
        return negotiate(headers.get("accept-language") if headers is not None else None)

    def require(self, territory_id: str, permission: Permission) -> None:
        self.caller.require(territory_id, permission)

    async def nodes(self, ids: Sequence[str]) -> list[Node]:
        loaded = await self.loaders.nodes.load_many(list(ids))
        return [node for node in loaded if node is not None]


def _select(
    rels: list[Relationship], node_id: str, rel_type: RelType | None, direction: str
) -> list[Relationship]:
    return [
        rel
        for rel in rels
        if (rel_type is None or rel.type == rel_type)
        and (
            direction == "both"
            or (direction == "out" and rel.from_id == node_id)
            or (direction == "in" and rel.to_id == node_id)
        )
    ]
