# mypy: disable-error-code="untyped-decorator"
"""Relationship fields of the node types (``Actor.topics``, ``Topic.actors`` ...), declared with
:func:`relation`, and the selection-driven prefetch that answers them without a resolver call
per node.

A list resolver (a connection page, ``node``, ``search``) calls :func:`prefetch` with the
GraphQL objects it returns: for every relationship field the query selects on them, one
``Store.related`` call per level of the selection fetches the nodes at the other end for the
whole level, and each object keeps them (:data:`PREFETCHED`). The field's resolver is then a
plain function returning a list, which graphql-core completes without scheduling a coroutine
per field. An object nobody prefetched (a mutation's answer, a node under ``links``) falls back
to the request's DataLoaders, as before.
"""

from __future__ import annotations

from collections.abc import Awaitable, Sequence
from typing import Any

import strawberry
from pactmap.graph import model
from pactmap.graph.model import NodeKind, RelType
from pactmap.graph.related import Step
from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection
from strawberry.utils.str_converters import to_camel_case

from .context import Context

Info = strawberry.Info[Context, None]

PREFETCHED = "_pactmap_related"
"""The attribute of a GraphQL node object holding its prefetched relations, by step."""

GQL_TYPES: dict[NodeKind, Any] = {}
"""The GraphQL type of each node kind (filled by :mod:`.nodes`)."""

_RELATIONS: dict[Any, tuple[Step, frozenset[NodeKind] | None]] = {}
"""Each relation resolver: its step and the kinds its list keeps (None: every kind)."""

FIELDS: dict[str, dict[str, tuple[Step, frozenset[NodeKind] | None]]] = {}
"""Per GraphQL type name, per GraphQL field name: the relation it answers (see register)."""


def to_gql(node: model.Node) -> Any:
    """The GraphQL object of a domain node."""
    return GQL_TYPES[node.KIND].from_node(node)


def keep(nodes: Sequence[model.Node], kinds: frozenset[NodeKind] | None) -> list[Any]:
    return [to_gql(n) for n in nodes if kinds is None or n.KIND in kinds]


async def load_related(
    info: Info, node_id: str, rel_type: RelType | None, direction: str
) -> list[model.Node]:
    """The nodes at the other end of one node's relationships, through the DataLoaders."""
    ctx = info.context
    rels = await ctx.loaders.links.load((node_id, rel_type, direction))
    others = [rel.to_id if rel.from_id == node_id else rel.from_id for rel in rels]
    return await ctx.nodes(others)


async def _loaded(info: Info, node_id: str, step: Step, kinds: frozenset[NodeKind] | None) -> Any:
    return keep(await load_related(info, node_id, *step), kinds)


def relation(
    rel_type: RelType | None,
    direction: str,
    kinds: Sequence[NodeKind] | None = None,
    *,
    description: str | None = None,
) -> Any:
    """A field listing the nodes one ``rel_type`` relationship away in ``direction``, those of
    ``kinds`` only (None: every kind). Its type is the annotation it is assigned to."""
    step: Step = (rel_type, direction)
    wanted = None if kinds is None else frozenset(kinds)

    def resolve(self: Any, info: Info) -> list[Any] | Awaitable[list[Any]]:
        ready = getattr(self, PREFETCHED, None)
        if ready is not None and (step, wanted) in ready:
            found: list[Any] = ready[(step, wanted)]
            return found
        return _loaded(info, self.id, step, wanted)

    _RELATIONS[resolve] = (step, wanted)
    return strawberry.field(resolver=resolve, description=description)


def register(types: Sequence[Any]) -> None:
    """Note the relation fields of ``types`` (their GraphQL names), for :func:`prefetch`."""
    for cls in types:
        definition = cls.__strawberry_definition__
        found = {}
        for field in definition.fields:
            resolver = field.base_resolver
            spec = None if resolver is None else _RELATIONS.get(resolver.wrapped_func)
            if spec is not None:
                found[field.graphql_name or to_camel_case(field.python_name)] = spec
        FIELDS[definition.name] = found


def sub_selections(selections: Sequence[Selection], name: str) -> list[Selection]:
    """The selections under the fields called ``name`` (inside fragments too)."""
    found: list[Selection] = []
    for selection in selections:
        if isinstance(selection, SelectedField):
            if selection.name == name:
                found += selection.selections
        else:
            found += sub_selections(selection.selections, name)
    return found


def _wanted(
    type_name: str, selections: Sequence[Selection], into: dict[str, list[Selection]]
) -> None:
    """The relation fields selected on an object of ``type_name``, with what is asked of them."""
    relations = FIELDS.get(type_name, {})
    for selection in selections:
        if isinstance(selection, SelectedField):
            if selection.name in relations:
                into.setdefault(selection.name, []).extend(selection.selections)
        elif isinstance(selection, InlineFragment | FragmentSpread):
            condition = selection.type_condition
            if condition in (None, type_name, "Node"):
                _wanted(type_name, selection.selections, into)


async def prefetch(info: Info, objects: Sequence[Any], selections: Sequence[Selection]) -> None:
    """Fetch, level by level, every relation field ``selections`` ask of ``objects`` (one
    ``Store.related`` call per level) and leave each object its lists."""
    ctx = info.context
    level: list[tuple[Any, Sequence[Selection]]] = [(obj, selections) for obj in objects]
    while level:
        asked: list[tuple[Any, dict[str, list[Selection]]]] = []
        steps: dict[Step, None] = {}
        for obj, wanted_here in level:
            fields: dict[str, list[Selection]] = {}
            _wanted(type(obj).__strawberry_definition__.name, wanted_here, fields)
            if fields:
                asked.append((obj, fields))
                relations = FIELDS[type(obj).__strawberry_definition__.name]
                steps.update(dict.fromkeys(relations[name][0] for name in fields))
        if not asked:
            return
        ids = list(dict.fromkeys(obj.id for obj, _ in asked))
        found = await ctx.call(ctx.store.related, ids, list(steps))
        made: dict[str, Any] = {}
        # Per child object (shared by its parents): what they ask of it, each selection once.
        below: dict[int, tuple[Any, dict[int, Selection]]] = {}
        for obj, fields in asked:
            relations = FIELDS[type(obj).__strawberry_definition__.name]
            ready: dict[Any, list[Any]] = getattr(obj, PREFETCHED, None) or {}
            for name, under in fields.items():
                spec = relations[name]
                children = ready.get(spec)
                if children is None:
                    children = ready[spec] = [
                        made.get(n.id) or made.setdefault(n.id, to_gql(n))
                        for n in found[spec[0]][obj.id]
                        if spec[1] is None or n.KIND in spec[1]
                    ]
                for child in children:
                    asks = below.setdefault(id(child), (child, {}))[1]
                    asks.update((id(s), s) for s in under)
            setattr(obj, PREFETCHED, ready)
        level = [(child, list(asks.values())) for child, asks in below.values() if asks]
