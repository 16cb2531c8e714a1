"""The backend-neutral rules both stores apply before they write, in one place.

- :func:`check_rel`: a relationship's ends exist, share a territory, and have kinds
  ``model.ENDPOINTS`` allows (``link`` and ``create``'s links);
- :func:`prepare_create`: ``create``'s checks and the node and relationships it will write;
- :func:`check_existing`: ``bulk_upsert``'s check of nodes already stored under a given id;
- the argument checks of ``relationships``, ``search`` and ``neighbourhood``;
- :func:`validated`: an account record built from its fields, or a ValidationError, and
  :func:`new_user` / :func:`updated_user`;
- :func:`node_change` / :func:`rel_change`: what a change-log entry names;
- :func:`rel_json_text` (``rel.to_json()`` as text, cheaply).

The one ``dumps`` (canonical JSON text) is :func:`pactmap.graph.store.dumps`, the one
``territory_of`` is :func:`pactmap.graph.model.territory_of`.

The bulk check/write loop is :mod:`.bulk`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, TypeVar

from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from .errors import NotFound, Problem, ValidationError
from .i18n import N_
from .model import (
    ChangeOp,
    Node,
    NodeKind,
    Relationship,
    User,
    build_relationship,
    check_endpoints,
    new_node,
    parse_kind,
    problems_of,
    rel_target,
    search_key,
    utcnow,
)
from .sentence import Sentence
from .store import ID_PREFIX, MAX_PAGE, LinkSpec, new_id

M = TypeVar("M", bound=BaseModel)

Ends = dict[str, tuple[NodeKind, str]]
"""Kind and territory of each existing id (a territory's own id stands for its territory)."""


def rel_json_text(rel: Relationship, props: str) -> str:
    """``rel.to_json()`` as text; ids and types are plain by construction (model.ID_PATTERN)."""
    return (
        f'{{"type":"{rel.type.value}","from":"{rel.from_id}","to":"{rel.to_id}",'
        f'"properties":{props}}}'
    )


Entry = tuple[ChangeOp, str, str, dict[str, Any] | str | None, dict[str, Any] | str | None]
"""What a change-log entry says of its change: op, target, target_type, before, after."""


def node_change(op: ChangeOp, node: Node, before: Any, after: Any) -> Entry:
    """A node's change entry: its id is the target, its kind the target_type."""
    return op, node.id, node.KIND.value, before, after


def rel_change(op: ChangeOp, rel: Relationship, before: Any, after: Any) -> Entry:
    """A relationship's change entry: ``from|TYPE|to`` is the target, its type the target_type."""
    return op, rel_target(rel), rel.type.value, before, after


def check_rel(rel: Relationship, ends: Mapping[str, tuple[NodeKind, str]]) -> None:
    """Both ends exist (in ``ends``), share a territory, and may be joined by ``rel.type``."""
    for end in (rel.from_id, rel.to_id):
        if end not in ends:
            raise NotFound("Node", end)
    (from_kind, from_territory), (to_kind, to_territory) = ends[rel.from_id], ends[rel.to_id]
    if from_territory != to_territory:
        raise ValidationError(
            Sentence(
                N_(
                    "'%(a)s' (territory '%(ta)s') and '%(b)s' (territory '%(tb)s') are in "
                    "different territories"
                ),
                a=rel.from_id,
                ta=from_territory,
                b=rel.to_id,
                tb=to_territory,
            ),
            field="to_id",
            value=rel.to_id,
        )
    check_endpoints(rel.type, from_kind, to_kind)


def prepare_create(
    kind: NodeKind,
    fields: Mapping[str, Any],
    territory_id: str | None,
    node_id: str | None,
    links: Sequence[LinkSpec],
) -> tuple[Node, dict[tuple[str, str, str], Relationship], datetime]:
    """``create``'s checks that need no database; answers the node, its relationships (the
    last of duplicate links wins) and the time of the change."""
    kind = parse_kind(str(kind))
    if kind is NodeKind.TERRITORY and territory_id is not None:
        raise ValidationError(
            Sentence(N_("a Territory belongs to no territory")),
            field="territory_id",
            value=territory_id,
        )
    if kind is not NodeKind.TERRITORY and territory_id is None:
        raise ValidationError(
            Sentence(N_("a %(kind)s needs a territory_id"), kind=str(kind)), field="territory_id"
        )
    now = utcnow()
    node = new_node(
        kind,
        fields,
        node_id=node_id if node_id is not None else new_id(ID_PREFIX[kind]),
        territory_id=territory_id,
        now=now,
    )
    rels: dict[tuple[str, str, str], Relationship] = {}
    for spec in links:
        ends = (node.id, spec.other) if spec.outgoing else (spec.other, node.id)
        rel = build_relationship(spec.type, *ends, spec.properties)
        rels[rel.key] = rel
    return node, rels, now


def check_existing(
    batch: Sequence[Node],
    start: int,
    existing: Mapping[str, tuple[str, str | None]],
    problems: list[Problem],
) -> None:
    """Nodes of ``batch`` already stored (``existing``: id -> stored kind and territory_id)
    must keep their kind and territory. ``batch[0]`` is ``nodes[start]`` (-1: the territory)."""
    for i, node in enumerate(batch, start):
        if (old := existing.get(node.id)) is None:
            continue
        where = "territory" if i < 0 else f"nodes[{i}]"
        if old[0] != node.KIND.value:
            problems.append(
                Problem(
                    f"{where}.id",
                    Sentence(N_("'%(id)s' is already a %(kind)s"), id=node.id, kind=old[0]),
                    node.KIND.value,
                )
            )
        elif old[1] != node.territory_id:
            problems.append(
                Problem(
                    f"{where}.id",
                    Sentence(
                        N_("'%(id)s' belongs to territory '%(territory)s'"),
                        id=node.id,
                        territory=str(old[1]),
                    ),
                    node.id,
                )
            )


def validated(cls: type[M], data: Mapping[str, Any]) -> M:
    """``cls`` built from ``data``; pydantic's errors become a ValidationError of problems."""
    try:
        return cls.model_validate(dict(data))
    except PydanticValidationError as exc:
        raise ValidationError(problems_of(exc)) from None


# ---------------------------------------------------------------- reads


def check_direction(direction: str) -> None:
    """``relationships``' direction: 'out', 'in' or 'both'."""
    if direction not in ("out", "in", "both"):
        raise ValidationError(
            Sentence(N_("direction is 'out', 'in' or 'both'")), field="direction", value=direction
        )


def search_text(text: str, limit: int) -> str:
    """``search``'s checks; answers the folded text to look for ('' finds nothing)."""
    if not 1 <= limit <= MAX_PAGE:
        raise ValidationError(f"a search returns 1 to {MAX_PAGE} nodes", field="limit", value=limit)
    return search_key(text.strip())


def check_neighbourhood(depth: int, limit: int) -> None:
    """``neighbourhood``'s checks: depth 1, 2 or 3; limit at least 1."""
    if isinstance(depth, bool) or depth not in (1, 2, 3):
        raise ValidationError("depth is 1, 2 or 3", field="depth", value=depth)
    if limit < 1:
        raise ValidationError("limit is at least 1", field="limit", value=limit)


# ---------------------------------------------------------------- accounts


def new_user(email: str, name: str, password_hash: str) -> User:
    """A fresh user record (checked), as ``create_user`` stores it."""
    return validated(
        User,
        {
            "id": new_id("usr"),
            "email": email,
            "name": name,
            "password_hash": password_hash,
            "created_at": utcnow(),
        },
    )


def updated_user(
    user: User, name: str | None, password_hash: str | None, active: bool | None
) -> User:
    """``user`` with the fields given (not None) replaced, checked again."""
    data = user.model_dump()
    for key, value in (("name", name), ("password_hash", password_hash), ("active", active)):
        if value is not None:
            data[key] = value
    return validated(User, data)
