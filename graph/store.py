"""The Store protocol: every domain operation the rest of pactmap needs from a database.

Two implementations follow it: ``pactmap.graph.sqlite.SqliteStore`` (embedded default) and
``pactmap.graph.neo4j.Neo4jStore`` (production). One contract suite
(tests/graph/test_store_contract.py) runs unchanged against both.

Rules every implementation keeps:

- every write is one transaction, and its change-log entries are written in it;
- ``update`` and ``delete`` compare ``expected_version`` under the node's write lock; a stale
  version raises :class:`~pactmap.graph.errors.VersionConflict` and writes nothing;
- input is validated by :mod:`pactmap.graph.model` before anything is written;
- relationships join nodes of one territory, in the shapes ``model.ENDPOINTS`` allows;
- lists are ordered by ``(label, id)`` in Unicode code-point order, and cursors are opaque;
- errors are those of :mod:`pactmap.graph.errors`; nothing else escapes.
"""

from __future__ import annotations

import base64
import json
import secrets
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, runtime_checkable

from .errors import Problem, ValidationError
from .model import (
    FILTERABLE,
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
    check_endpoints,
    parse_kind,
)

if TYPE_CHECKING:
    from .related import Related, Step

T = TypeVar("T")

MAX_PAGE = 500
"""The largest page any list returns."""

Progress = Callable[[int], None]
"""Called with the number of items just written, so long work can show a progress bar."""


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    total_count: int
    end_cursor: str | None
    has_next_page: bool


@dataclass(frozen=True)
class ListFilter:
    """Filters of a list. ``text`` matches the label (name, title or text) ignoring case and
    accents; the others match a field exactly and apply only to the kinds that have it."""

    text: str | None = None
    sector: str | None = None
    dimension: str | None = None
    status: str | None = None
    question: str | None = None

    def exact(self) -> dict[str, str]:
        return {name: value for name in FILTERABLE if (value := getattr(self, name)) is not None}

    def check(self, kind: NodeKind) -> None:
        for name in self.exact():
            if kind not in FILTERABLE[name]:
                raise ValidationError(
                    f"the filter '{name}' does not apply to {kind}", field=name, value=kind.value
                )


@dataclass(frozen=True)
class LinkSpec:
    """A relationship to create together with a new node: ``other`` is the node at the
    other end, and ``outgoing`` says whether the new node is the start."""

    type: RelType
    other: str
    outgoing: bool = True
    properties: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Subgraph:
    nodes: list[Node]
    relationships: list[Relationship]


@dataclass(frozen=True)
class Snapshot:
    """A whole territory at once, for analysis and export: nodes sorted by id,
    relationships sorted by (from, type, to)."""

    territory: Node
    nodes: list[Node]
    relationships: list[Relationship]

    def by_kind(self, kind: NodeKind) -> list[Node]:
        return [n for n in self.nodes if n.KIND is kind]


@dataclass(frozen=True)
class UpsertResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    linked: int = 0


def dumps(data: Any) -> str:
    """Canonical JSON: equal data gives equal text (rows compare as strings), not escaped."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def encode_cursor(*parts: Any) -> str:
    raw = json.dumps(list(parts), separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        parts = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, UnicodeDecodeError):
        raise ValidationError(
            "the cursor is not one this API gave", field="after", value=cursor
        ) from None
    if not isinstance(parts, list):
        raise ValidationError("the cursor is not one this API gave", field="after", value=cursor)
    return parts


def check_page_size(first: int) -> None:
    if not 0 <= first <= MAX_PAGE:
        raise ValidationError(f"a page holds 0 to {MAX_PAGE} items", field="first", value=first)


class SeenIds(Protocol):
    """Ids met so far, for checks made a chunk at a time (:class:`.tempindex.TempIndex` keeps
    them on disk)."""

    def __len__(self) -> int: ...

    def add_ids(self, ids: Sequence[str]) -> set[int]:
        """Remember ``ids``; answer the positions of those met before (earlier, or in ``ids``)."""
        ...


def check_bulk_nodes(
    territory: Node,
    nodes: Sequence[Node],
    problems: list[Problem],
    seen: SeenIds,
    start: int = 0,
) -> None:
    """The checks of ``bulk_upsert`` that need no database: the territory is one, no other
    territory hides among the nodes, every node belongs to it, and no id comes twice.

    For nodes checked in chunks, pass the same (initially empty) ``seen`` to every call
    (it remembers the ids of earlier chunks; the territory is checked on the first call) and
    ``start``, the position of the chunk's first node, so problems name ``nodes[i]`` right."""
    if not len(seen):
        if territory.KIND is not NodeKind.TERRITORY:
            problems.append(
                Problem("territory", f"a {territory.KIND} is not a Territory", territory.id)
            )
        seen.add_ids([territory.id])
    repeated = seen.add_ids([node.id for node in nodes])
    for i, node in enumerate(nodes, start):
        if node.KIND is NodeKind.TERRITORY:
            problems.append(Problem(f"nodes[{i}].type", "a Territory inside a territory", node.id))
        elif node.territory_id != territory.id:
            problems.append(
                Problem(
                    f"nodes[{i}].territory_id",
                    f"'{node.id}' belongs to another territory than '{territory.id}'",
                    node.territory_id,
                )
            )
        if i - start in repeated:
            problems.append(Problem(f"nodes[{i}].id", "this id appears twice", node.id))


def check_list_args(
    kind: NodeKind,
    territory_id: str | None,
    filter: ListFilter | None,
    first: int,
    after: str | None,
) -> tuple[NodeKind, ListFilter, tuple[str, str] | None]:
    """The checks every ``list_nodes`` makes before asking its database: the kind, the page
    size, the filter, the territory, and the cursor as its (label, id) pair."""
    kind = parse_kind(str(kind))
    check_page_size(first)
    flt = filter or ListFilter()
    flt.check(kind)
    if (kind is NodeKind.TERRITORY) != (territory_id is None):
        raise ValidationError(
            "territory_id is None for Territory lists and given for any other kind",
            field="territory_id",
            value=territory_id,
        )
    if after is None:
        return kind, flt, None
    parts = decode_cursor(after)
    if len(parts) != 2 or not all(isinstance(p, str) for p in parts):
        raise ValidationError("the cursor is not one this API gave", field="after", value=after)
    return kind, flt, (parts[0], parts[1])


def check_bulk_relationships(
    territory_id: str, batch: Sequence[tuple[int, Relationship]], kinds: Mapping[str, NodeKind]
) -> None:
    """The endpoint checks of ``bulk_upsert`` once each end's kind is known (``kinds``: the
    imported nodes and the stored ones of this territory): every end exists here, and each
    relationship joins the kinds ``link`` allows. ``batch`` pairs each with its input index."""
    problems: list[Problem] = []
    for i, rel in batch:
        for name, end in (("from", rel.from_id), ("to", rel.to_id)):
            if end not in kinds:
                problems.append(
                    Problem(
                        f"relationships[{i}].{name}",
                        f"no node with this id in territory '{territory_id}'",
                        end,
                    )
                )
        if rel.from_id in kinds and rel.to_id in kinds:
            try:
                check_endpoints(rel.type, kinds[rel.from_id], kinds[rel.to_id])
            except ValidationError as exc:
                problems.extend(
                    Problem(f"relationships[{i}].type", p.message, p.value) for p in exc.problems
                )
    if problems:
        raise ValidationError(problems)


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last may be shorter)."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def new_id(prefix: str) -> str:
    """A fresh opaque id such as ``act-3f9c2a...``; safe in any query."""
    return f"{prefix}-{secrets.token_hex(8)}"


ID_PREFIX: dict[NodeKind, str] = {
    NodeKind.TERRITORY: "ter",
    NodeKind.ACTOR: "act",
    NodeKind.TOPIC: "top",
    NodeKind.CRITERION: "cri",
    NodeKind.INDICATOR: "ind",
    NodeKind.MEASUREMENT: "mea",
    NodeKind.COMMITMENT: "com",
    NodeKind.CONTRACT: "con",
    NodeKind.ACTION: "acn",
    NodeKind.FUTURE_CONCERN: "fut",
    NodeKind.EVALUATION: "eva",
}


@runtime_checkable
class Store(Protocol):
    """What pactmap needs from a database. ``by`` names who makes a change (a user id,
    ``token:<id>`` or ``cli``); it lands in the change log."""

    # --- life cycle
    def close(self) -> None: ...

    # --- nodes
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
        """Create a node (a Territory when ``kind`` is TERRITORY, with no territory_id) and
        its ``links`` in one transaction. Raises ValidationError, NotFound (a link's other
        end or the territory), AlreadyExists (``node_id`` taken)."""
        ...

    def get(self, node_id: str) -> Node:
        """Raises NotFound."""
        ...

    def get_many(self, node_ids: Sequence[str]) -> dict[str, Node]:
        """The nodes that exist among ``node_ids`` (missing ones are left out)."""
        ...

    def update(
        self, node_id: str, changes: Mapping[str, Any], *, expected_version: int, by: str
    ) -> Node:
        """Raises NotFound, ValidationError, TransitionError, VersionConflict."""
        ...

    def delete(self, node_id: str, *, expected_version: int | None, by: str) -> None:
        """Delete a node with its relationships (a Territory with everything in it; an
        Indicator with its Measurements). Raises NotFound, VersionConflict."""
        ...

    # --- relationships
    def link(
        self,
        rel_type: RelType,
        from_id: str,
        to_id: str,
        properties: Mapping[str, Any] | None = None,
        *,
        by: str,
    ) -> Relationship:
        """Create the relationship, or replace its properties if it exists. Raises NotFound,
        ValidationError (wrong kinds, other territory, bad properties)."""
        ...

    def unlink(self, rel_type: RelType, from_id: str, to_id: str, *, by: str) -> None:
        """Raises NotFound when there is no such relationship."""
        ...

    def relationships(
        self,
        node_ids: Sequence[str],
        *,
        types: Sequence[RelType] | None = None,
        direction: str = "both",
    ) -> dict[str, list[Relationship]]:
        """For each of ``node_ids`` (batched, for DataLoaders), its relationships:
        ``direction`` is "out", "in" or "both". Every id is a key, maybe with []."""
        ...

    def related(self, node_ids: Sequence[str], steps: Sequence[Step]) -> Related:
        """For each step (a type or None for all, and a direction), for each of ``node_ids``,
        the nodes at the other end of its relationships of that step, in relationship-key
        order, in one read: what ``relationships`` then ``get_many`` give, in one call."""
        ...

    # --- reading many
    def list_nodes(
        self,
        kind: NodeKind,
        territory_id: str | None,
        *,
        filter: ListFilter | None = None,
        first: int = 50,
        after: str | None = None,
    ) -> Page[Node]:
        """A page of ``kind`` in a territory (territory_id None only for TERRITORY), by
        (label, id). Raises ValidationError for a bad cursor, page size or filter."""
        ...

    def search(
        self,
        territory_id: str,
        text: str,
        *,
        kinds: Sequence[NodeKind] | None = None,
        limit: int = 20,
    ) -> list[Node]:
        """Nodes whose label contains ``text`` (case and accents ignored), labels that start
        with it first, then by (label, id)."""
        ...

    def neighbourhood(self, node_id: str, depth: int = 1, *, limit: int = 2000) -> Subgraph:
        """The node and every node within ``depth`` (1-3) steps in either direction, with the
        relationships among them. Raises NotFound, ValidationError (depth)."""
        ...

    def snapshot(self, territory_id: str) -> Snapshot:
        """The whole territory, in a few queries. Raises NotFound."""
        ...

    def territory_version(self, territory_id: str) -> int:
        """The seq of the last change in the territory (0 if none): a cheap cache key."""
        ...

    # --- bulk
    def bulk_upsert(
        self,
        territory: Node,
        nodes: Iterable[Node],
        relationships: Iterable[Relationship],
        *,
        by: str,
        progress: Progress | None = None,
    ) -> UpsertResult:
        """Write a territory with its nodes and relationships as given (ids, versions and
        timestamps kept), creating or replacing, all in one transaction: on any failure
        nothing is written. Endpoints are checked as in ``link``. An existing territory is
        left as stored unless ``territory`` carries a newer version, so a caller passing the
        territory it just read never undoes a change made meanwhile."""
        ...

    # --- audit log
    def changes(
        self,
        territory_id: str,
        *,
        since: datetime | None = None,
        after_seq: int | None = None,
        first: int = 100,
    ) -> list[Change]:
        """Changes of a territory in ``seq`` order, from ``since`` (inclusive) or after
        ``after_seq``; at most ``first``."""
        ...

    def count_changes(self, territory_id: str, *, since: datetime | None = None) -> int: ...

    # --- accounts. Given ``by``, a change to members, tokens, sessions or a password is written
    # to the change log in its transaction (of the territory concerned, or of each territory of
    # the user), as graph/audit.py says; without it, nothing is logged.
    def create_user(self, email: str, *, name: str = "", password_hash: str = "") -> User:
        """Raises AlreadyExists for a taken e-mail, ValidationError for a bad one."""
        ...

    def get_user(self, user_id: str) -> User: ...

    def find_user(self, email: str) -> User | None: ...

    def update_user(
        self,
        user_id: str,
        *,
        name: str | None = None,
        password_hash: str | None = None,
        active: bool | None = None,
        by: str | None = None,
    ) -> User: ...

    def delete_user(self, user_id: str, *, by: str | None = None) -> None:
        """Erase a user (personal data): memberships, sessions and tokens go too; the change
        log keeps only the opaque id."""
        ...

    def set_membership(
        self, user_id: str, territory_id: str, role: Role, *, by: str | None = None
    ) -> Membership: ...

    def remove_membership(
        self, user_id: str, territory_id: str, *, by: str | None = None
    ) -> None: ...

    def memberships(
        self, *, user_id: str | None = None, territory_id: str | None = None
    ) -> list[Membership]: ...

    def create_token(self, token: ApiToken, *, by: str | None = None) -> ApiToken: ...

    def find_token(self, token_hash: str) -> ApiToken | None: ...

    def tokens(self, territory_id: str) -> list[ApiToken]: ...

    def revoke_token(self, token_id: str, *, at: datetime, by: str | None = None) -> ApiToken: ...

    def create_session(self, session: Session, *, by: str | None = None) -> Session: ...

    def find_session(self, token_hash: str) -> Session | None: ...

    def delete_session(self, token_hash: str, *, by: str | None = None) -> None: ...

    # invitations: only the token's hash is kept; accepting one makes the member, once
    def create_invitation(self, invitation: Invitation, *, by: str | None = None) -> Invitation: ...

    def find_invitation(self, token_hash: str) -> Invitation | None: ...

    def invitations(self, territory_id: str) -> list[Invitation]: ...

    def accept_invitation(
        self, invitation_id: str, user_id: str, *, at: datetime, by: str | None = None
    ) -> Membership:
        """Mark it accepted and give ``user_id`` its role, in one transaction; NotFound when it
        is gone or was accepted already."""
        ...

    # failed sign-ins, per key (an account, an address), shared by every server process
    def login_failures(self, keys: Sequence[str]) -> dict[str, LoginFailures]:
        """The counts of the keys that have failures (the others are absent)."""
        ...

    def add_login_failure(
        self, keys: Sequence[str], *, at: datetime, forget_before: datetime
    ) -> None:
        """One more failure under each key, at ``at``; a count whose last failure is before
        ``forget_before`` starts again from 1. Atomic per key across processes."""
        ...

    def clear_login_failures(self, key: str) -> None: ...

    # --- comments and decisions about suggestions
    def add_comment(self, comment: Comment) -> Comment: ...

    def comments(self, node_id: str) -> list[Comment]: ...

    def record_decision(self, decision: Decision) -> Decision: ...

    def decisions(self, territory_id: str) -> list[Decision]: ...

    # --- results shared by every process on the database
    def analysis_result(self, territory_id: str, key: str, seq: int) -> str | None:
        """The text kept under ``key`` for the territory as it was at change ``seq`` (None:
        none kept for that seq)."""
        ...

    def save_analysis_result(self, territory_id: str, key: str, seq: int, data: str) -> None:
        """Keep ``data`` under ``key`` for the territory at ``seq``, unless one of a later seq
        is kept; the territory's results of earlier seqs go (none kept for a missing
        territory)."""
        ...
