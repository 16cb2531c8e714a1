"""The SQLite store's facade: :class:`SqliteStore` hands each operation to the module that
holds it (:mod:`.writes`, :mod:`.reads`, :mod:`.accounts`, :mod:`.discussion`, :mod:`.bulk`),
giving it the :class:`~.database.Database` it owns."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from ..model import (
    ApiToken,
    Change,
    Comment,
    Decision,
    Membership,
    Node,
    NodeKind,
    Relationship,
    RelType,
    Role,
    Session,
    User,
)
from ..store import LinkSpec, ListFilter, Page, Progress, Snapshot, Subgraph, UpsertResult
from . import accounts, discussion, reads, writes
from .bulk import bulk_upsert
from .database import Database


class SqliteStore:
    """A :class:`~pactmap.graph.store.Store` in one SQLite file (created with its folders)."""

    def __init__(self, path: str | Path) -> None:
        self.db = Database(path)
        self.path = self.db.path

    def close(self) -> None:
        self.db.close()

    def bulk_upsert(
        self,
        territory: Node,
        nodes: Iterable[Node],
        relationships: Iterable[Relationship],
        *,
        by: str,
        progress: Progress | None = None,
    ) -> UpsertResult:
        """As the protocol says; ``progress`` gets every node (the territory included) and
        relationship handled, so the calls add up to 1 + len(nodes) + len(relationships)."""
        with self.db.write() as conn:
            return bulk_upsert(conn, territory, nodes, relationships, by=by, progress=progress)

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
        return writes.create(
            self.db, kind, fields, by=by, territory_id=territory_id, node_id=node_id, links=links
        )

    def update(
        self, node_id: str, changes: Mapping[str, Any], *, expected_version: int, by: str
    ) -> Node:
        return writes.update(self.db, node_id, changes, expected_version=expected_version, by=by)

    def delete(self, node_id: str, *, expected_version: int | None, by: str) -> None:
        writes.delete(self.db, node_id, expected_version=expected_version, by=by)

    def link(
        self,
        rel_type: RelType,
        from_id: str,
        to_id: str,
        properties: Mapping[str, Any] | None = None,
        *,
        by: str,
    ) -> Relationship:
        return writes.link(self.db, rel_type, from_id, to_id, properties, by=by)

    def unlink(self, rel_type: RelType, from_id: str, to_id: str, *, by: str) -> None:
        writes.unlink(self.db, rel_type, from_id, to_id, by=by)

    def get(self, node_id: str) -> Node:
        return reads.get(self.db, node_id)

    def get_many(self, node_ids: Sequence[str]) -> dict[str, Node]:
        return reads.get_many(self.db, node_ids)

    def relationships(
        self,
        node_ids: Sequence[str],
        *,
        types: Sequence[RelType] | None = None,
        direction: str = "both",
    ) -> dict[str, list[Relationship]]:
        return reads.relationships(self.db, node_ids, types=types, direction=direction)

    def list_nodes(
        self,
        kind: NodeKind,
        territory_id: str | None,
        *,
        filter: ListFilter | None = None,
        first: int = 50,
        after: str | None = None,
    ) -> Page[Node]:
        return reads.list_nodes(
            self.db, kind, territory_id, filter=filter, first=first, after=after
        )

    def search(
        self,
        territory_id: str,
        text: str,
        *,
        kinds: Sequence[NodeKind] | None = None,
        limit: int = 20,
    ) -> list[Node]:
        return reads.search(self.db, territory_id, text, kinds=kinds, limit=limit)

    def neighbourhood(self, node_id: str, depth: int = 1, *, limit: int = 2000) -> Subgraph:
        return reads.neighbourhood(self.db, node_id, depth, limit=limit)

    def snapshot(self, territory_id: str) -> Snapshot:
        return reads.snapshot(self.db, territory_id)

    def territory_version(self, territory_id: str) -> int:
        return reads.territory_version(self.db, territory_id)

    def changes(
        self,
        territory_id: str,
        *,
        since: datetime | None = None,
        after_seq: int | None = None,
        first: int = 100,
    ) -> list[Change]:
        return reads.changes(self.db, territory_id, since=since, after_seq=after_seq, first=first)

    def count_changes(self, territory_id: str, *, since: datetime | None = None) -> int:
        return reads.count_changes(self.db, territory_id, since=since)

    def create_user(self, email: str, *, name: str = "", password_hash: str = "") -> User:
        return accounts.create_user(self.db, email, name=name, password_hash=password_hash)

    def get_user(self, user_id: str) -> User:
        return accounts.get_user(self.db, user_id)

    def find_user(self, email: str) -> User | None:
        return accounts.find_user(self.db, email)

    def update_user(
        self,
        user_id: str,
        *,
        name: str | None = None,
        password_hash: str | None = None,
        active: bool | None = None,
    ) -> User:
        return accounts.update_user(
            self.db, user_id, name=name, password_hash=password_hash, active=active
        )

    def delete_user(self, user_id: str) -> None:
        accounts.delete_user(self.db, user_id)

    def set_membership(self, user_id: str, territory_id: str, role: Role) -> Membership:
        return accounts.set_membership(self.db, user_id, territory_id, role)

    def remove_membership(self, user_id: str, territory_id: str) -> None:
        accounts.remove_membership(self.db, user_id, territory_id)

    def memberships(
        self, *, user_id: str | None = None, territory_id: str | None = None
    ) -> list[Membership]:
        return accounts.memberships(self.db, user_id=user_id, territory_id=territory_id)

    def create_token(self, token: ApiToken) -> ApiToken:
        return accounts.create_token(self.db, token)

    def find_token(self, token_hash: str) -> ApiToken | None:
        return accounts.find_token(self.db, token_hash)

    def tokens(self, territory_id: str) -> list[ApiToken]:
        return accounts.tokens(self.db, territory_id)

    def revoke_token(self, token_id: str, *, at: datetime) -> ApiToken:
        return accounts.revoke_token(self.db, token_id, at=at)

    def create_session(self, session: Session) -> Session:
        return accounts.create_session(self.db, session)

    def find_session(self, token_hash: str) -> Session | None:
        return accounts.find_session(self.db, token_hash)

    def delete_session(self, token_hash: str) -> None:
        accounts.delete_session(self.db, token_hash)

    def add_comment(self, comment: Comment) -> Comment:
        return discussion.add_comment(self.db, comment)

    def comments(self, node_id: str) -> list[Comment]:
        return discussion.comments(self.db, node_id)

    def record_decision(self, decision: Decision) -> Decision:
        return discussion.record_decision(self.db, decision)

    def decisions(self, territory_id: str) -> list[Decision]:
        return discussion.decisions(self.db, territory_id)
