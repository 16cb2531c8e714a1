"""The one facade both stores share: :class:`ComposedStore` hands each operation of the
:class:`~pactmap.graph.store.Store` protocol to a store's function for it, giving it the
store's database object.

A store is composed of a database object (SQLite's connections, Neo4j's driver) and modules of
functions taking it (writes, reads, accounts, bulk ...); :class:`Operations` gathers those
functions by name (:meth:`Operations.of`), and :class:`SqliteStore` / :class:`Neo4jStore` are
:class:`ComposedStore` given their database and operations, nothing more.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from types import ModuleType
from typing import Any, Protocol

from .model import (
    ApiToken,
    Change,
    Comment,
    Decision,
    Invitation,
    LoginFailures,
    Membership,
    Node,
    NodeKind,
    Relationship,
    RelType,
    Role,
    Session,
    User,
)
from .related import Related, Step
from .store import LinkSpec, ListFilter, Page, Progress, Snapshot, Subgraph, UpsertResult


class Closing(Protocol):
    """A store's database object: what the facade needs of it itself."""

    def close(self) -> None: ...


@dataclass(frozen=True)
class Operations:
    """A store's function for each operation; each takes the database object first."""

    bulk_upsert: Callable[..., UpsertResult]
    create: Callable[..., Node]
    update: Callable[..., Node]
    delete: Callable[..., None]
    link: Callable[..., Relationship]
    unlink: Callable[..., None]
    get: Callable[..., Node]
    get_many: Callable[..., dict[str, Node]]
    relationships: Callable[..., dict[str, list[Relationship]]]
    related: Callable[..., Related]
    list_nodes: Callable[..., Page[Node]]
    search: Callable[..., list[Node]]
    neighbourhood: Callable[..., Subgraph]
    snapshot: Callable[..., Snapshot]
    territory_version: Callable[..., int]
    changes: Callable[..., list[Change]]
    count_changes: Callable[..., int]
    create_user: Callable[..., User]
    get_user: Callable[..., User]
    find_user: Callable[..., User | None]
    update_user: Callable[..., User]
    delete_user: Callable[..., None]
    set_membership: Callable[..., Membership]
    remove_membership: Callable[..., None]
    memberships: Callable[..., list[Membership]]
    create_token: Callable[..., ApiToken]
    find_token: Callable[..., ApiToken | None]
    tokens: Callable[..., list[ApiToken]]
    revoke_token: Callable[..., ApiToken]
    create_session: Callable[..., Session]
    find_session: Callable[..., Session | None]
    delete_session: Callable[..., None]
    create_invitation: Callable[..., Invitation]
    find_invitation: Callable[..., Invitation | None]
    invitations: Callable[..., list[Invitation]]
    accept_invitation: Callable[..., Membership]
    login_failures: Callable[..., dict[str, LoginFailures]]
    add_login_failure: Callable[..., None]
    clear_login_failures: Callable[..., None]
    add_comment: Callable[..., Comment]
    comments: Callable[..., list[Comment]]
    record_decision: Callable[..., Decision]
    decisions: Callable[..., list[Decision]]
    analysis_result: Callable[..., str | None]
    save_analysis_result: Callable[..., None]

    @classmethod
    def of(cls, *modules: ModuleType) -> Operations:
        """Each operation from the one module among ``modules`` that defines it."""
        found: dict[str, Any] = {}
        for field in fields(cls):
            holders = [
                m
                for m in modules
                if getattr(getattr(m, field.name, None), "__module__", None) == m.__name__
            ]
            if len(holders) != 1:
                names = ", ".join(m.__name__ for m in holders) or "none of them"
                raise TypeError(f"the operation '{field.name}' should be in one module: {names}")
            found[field.name] = getattr(holders[0], field.name)
        return cls(**found)


class ComposedStore:
    """A :class:`~pactmap.graph.store.Store` made of a database object and its operations."""

    def __init__(self, db: Closing, operations: Operations) -> None:
        self._db = db
        self._ops = operations

    def close(self) -> None:
        self._db.close()

    def bulk_upsert(
        self,
        territory: Node,
        nodes: Iterable[Node],
        relationships: Iterable[Relationship],
        *,
        by: str,
        progress: Progress | None = None,
    ) -> UpsertResult:
        """As the protocol says, in one transaction; ``progress`` gets every node (the territory
        included) and relationship handled, so the calls add up to 1 + len(nodes) +
        len(relationships)."""
        return self._ops.bulk_upsert(
            self._db, territory, nodes, relationships, by=by, progress=progress
        )

    def create(
        self,
        kind: NodeKind,
        fields: Mapping[str, Any],
        *,
        by: str,
        territory_id: str | None = None,
        node_id: str | None = None,
        links: Sequence[LinkSpec] = (),
    ) -> Node:
        return self._ops.create(
            self._db, kind, fields, by=by, territory_id=territory_id, node_id=node_id, links=links
        )

    def update(
        self, node_id: str, changes: Mapping[str, Any], *, expected_version: int, by: str
    ) -> Node:
        return self._ops.update(
            self._db, node_id, changes, expected_version=expected_version, by=by
        )

    def delete(self, node_id: str, *, expected_version: int | None, by: str) -> None:
        self._ops.delete(self._db, node_id, expected_version=expected_version, by=by)

    def link(
        self,
        rel_type: RelType,
        from_id: str,
        to_id: str,
        properties: Mapping[str, Any] | None = None,
        *,
        by: str,
    ) -> Relationship:
        return self._ops.link(self._db, rel_type, from_id, to_id, properties, by=by)

    def unlink(self, rel_type: RelType, from_id: str, to_id: str, *, by: str) -> None:
        self._ops.unlink(self._db, rel_type, from_id, to_id, by=by)

    def get(self, node_id: str) -> Node:
        return self._ops.get(self._db, node_id)

    def get_many(self, node_ids: Sequence[str]) -> dict[str, Node]:
        return self._ops.get_many(self._db, node_ids)

    def relationships(
        self,
        node_ids: Sequence[str],
        *,
        types: Sequence[RelType] | None = None,
        direction: str = "both",
    ) -> dict[str, list[Relationship]]:
        return self._ops.relationships(self._db, node_ids, types=types, direction=direction)

    def related(self, node_ids: Sequence[str], steps: Sequence[Step]) -> Related:
        return self._ops.related(self._db, node_ids, steps)

    def list_nodes(
        self,
        kind: NodeKind,
        territory_id: str | None,
        *,
        filter: ListFilter | None = None,
        first: int = 50,
        after: str | None = None,
    ) -> Page[Node]:
        return self._ops.list_nodes(
            self._db, kind, territory_id, filter=filter, first=first, after=after
        )

    def search(
        self,
        territory_id: str,
        text: str,
        *,
        kinds: Sequence[NodeKind] | None = None,
        limit: int = 20,
    ) -> list[Node]:
        return self._ops.search(self._db, territory_id, text, kinds=kinds, limit=limit)

    def neighbourhood(self, node_id: str, depth: int = 1, *, limit: int = 2000) -> Subgraph:
        return self._ops.neighbourhood(self._db, node_id, depth, limit=limit)

    def snapshot(self, territory_id: str) -> Snapshot:
        return self._ops.snapshot(self._db, territory_id)

    def territory_version(self, territory_id: str) -> int:
        return self._ops.territory_version(self._db, territory_id)

    def changes(
        self,
        territory_id: str,
        *,
        since: datetime | None = None,
        after_seq: int | None = None,
        first: int = 100,
    ) -> list[Change]:
        return self._ops.changes(
            self._db, territory_id, since=since, after_seq=after_seq, first=first
        )

    def count_changes(self, territory_id: str, *, since: datetime | None = None) -> int:
        return self._ops.count_changes(self._db, territory_id, since=since)

    def create_user(self, email: str, *, name: str = "", password_hash: str = "") -> User:
        return self._ops.create_user(self._db, email, name=name, password_hash=password_hash)

    def get_user(self, user_id: str) -> User:
        return self._ops.get_user(self._db, user_id)

    def find_user(self, email: str) -> User | None:
        return self._ops.find_user(self._db, email)

    def update_user(
        self,
        user_id: str,
        *,
        name: str | None = None,
        password_hash: str | None = None,
        active: bool | None = None,
        by: str | None = None,
    ) -> User:
        return self._ops.update_user(
            self._db, user_id, name=name, password_hash=password_hash, active=active, by=by
        )

    def delete_user(self, user_id: str, *, by: str | None = None) -> None:
        self._ops.delete_user(self._db, user_id, by=by)

    def set_membership(
        self, user_id: str, territory_id: str, role: Role, *, by: str | None = None
    ) -> Membership:
        return self._ops.set_membership(self._db, user_id, territory_id, role, by=by)

    def remove_membership(self, user_id: str, territory_id: str, *, by: str | None = None) -> None:
        self._ops.remove_membership(self._db, user_id, territory_id, by=by)

    def memberships(
        self, *, user_id: str | None = None, territory_id: str | None = None
    ) -> list[Membership]:
        return self._ops.memberships(self._db, user_id=user_id, territory_id=territory_id)

    def create_token(self, token: ApiToken, *, by: str | None = None) -> ApiToken:
        return self._ops.create_token(self._db, token, by=by)

    def find_token(self, token_hash: str) -> ApiToken | None:
        return self._ops.find_token(self._db, token_hash)

    def tokens(self, territory_id: str) -> list[ApiToken]:
        return self._ops.tokens(self._db, territory_id)

    def revoke_token(self, token_id: str, *, at: datetime, by: str | None = None) -> ApiToken:
        return self._ops.revoke_token(self._db, token_id, at=at, by=by)

    def create_session(self, session: Session, *, by: str | None = None) -> Session:
        return self._ops.create_session(self._db, session, by=by)

    def find_session(self, token_hash: str) -> Session | None:
        return self._ops.find_session(self._db, token_hash)

    def delete_session(self, token_hash: str, *, by: str | None = None) -> None:
        self._ops.delete_session(self._db, token_hash, by=by)

    def create_invitation(self, invitation: Invitation, *, by: str | None = None) -> Invitation:
        return self._ops.create_invitation(self._db, invitation, by=by)

    def find_invitation(self, token_hash: str) -> Invitation | None:
        return self._ops.find_invitation(self._db, token_hash)

    def invitations(self, territory_id: str) -> list[Invitation]:
        return self._ops.invitations(self._db, territory_id)

    def accept_invitation(
        self, invitation_id: str, user_id: str, *, at: datetime, by: str | None = None
    ) -> Membership:
        return self._ops.accept_invitation(self._db, invitation_id, user_id, at=at, by=by)

    def login_failures(self, keys: Sequence[str]) -> dict[str, LoginFailures]:
        return self._ops.login_failures(self._db, keys)

    def add_login_failure(
        self, keys: Sequence[str], *, at: datetime, forget_before: datetime
    ) -> None:
        self._ops.add_login_failure(self._db, keys, at=at, forget_before=forget_before)

    def clear_login_failures(self, key: str) -> None:
        self._ops.clear_login_failures(self._db, key)

    def add_comment(self, comment: Comment) -> Comment:
        return self._ops.add_comment(self._db, comment)

    def comments(self, node_id: str) -> list[Comment]:
        return self._ops.comments(self._db, node_id)

    def record_decision(self, decision: Decision) -> Decision:
        return self._ops.record_decision(self._db, decision)

    def decisions(self, territory_id: str) -> list[Decision]:
        return self._ops.decisions(self._db, territory_id)

    def analysis_result(self, territory_id: str, key: str, seq: int) -> str | None:
        return self._ops.analysis_result(self._db, territory_id, key, seq)

    def save_analysis_result(self, territory_id: str, key: str, seq: int, data: str) -> None:
        self._ops.save_analysis_result(self._db, territory_id, key, seq, data)
