"""The Neo4j store's facade: :class:`Neo4jStore` hands each operation to the module that holds
it (:mod:`.writes`, :mod:`.reads`, :mod:`.accounts`, :mod:`.bulk`), giving it the
:class:`~.database.Database` it owns."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
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
from . import accounts, bulk, cypher_schema, reads, writes
from .database import Database, Tx


class Neo4jStore:
    """A :class:`~pactmap.graph.store.Store` in a Neo4j database.

    ``uri`` is ``neo4j://``, ``neo4j+s://``, ``bolt://`` or ``bolt+s://``; ``database`` is sent
    with every transaction (a cluster or Aura routes by it). The server is reached at
    construction: an unreachable one raises StoreUnavailable naming the URI.
    ``retry_seconds`` bounds how long a transaction is retried before StoreUnavailable.
    """

    def __init__(
        self,
        uri: str,
        *,
        user: str,
        password: str,
        database: str = "neo4j",
        connect_timeout: float = 5.0,
        retry_seconds: float = 10.0,
    ) -> None:
        self.db = Database(
            uri,
            user=user,
            password=password,
            database=database,
            connect_timeout=connect_timeout,
            retry_seconds=retry_seconds,
        )
        self.uri = uri
        self.database = database

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
        """As the protocol says, in ONE transaction: see :func:`.bulk.bulk_upsert`."""
        return bulk.bulk_upsert(self.db, territory, nodes, relationships, by=by, progress=progress)

    def wipe(self) -> None:
        """Delete EVERYTHING in the database (the map, accounts, change log) and start the
        change seq again from 1. For tests: Community has one user database to share."""

        def batch(tx: Tx) -> int:
            return int(tx.run(cypher_schema.WIPE_BATCH).single(strict=True)["n"])

        while self.db.write(batch):
            pass
        self.db.write(lambda tx: tx.run(cypher_schema.COUNTER_INIT).consume())

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
        return accounts.add_comment(self.db, comment)

    def comments(self, node_id: str) -> list[Comment]:
        return accounts.comments(self.db, node_id)

    def record_decision(self, decision: Decision) -> Decision:
        return accounts.record_decision(self.db, decision)

    def decisions(self, territory_id: str) -> list[Decision]:
        return accounts.decisions(self.db, territory_id)
