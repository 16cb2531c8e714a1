"""Another territory's ids reveal nothing: every operation that takes an id answers a foreign id
exactly as it answers a missing one, once the id itself is masked.

The test walks the schema: every query and mutation with an ``ID`` argument (or an input with
``ID`` fields) is built with required arguments filled in, sent once with a missing id and once
with an id of a territory the caller holds no role on, and the two answers must be byte-identical
after masking. An admin of their own territory asks, so that only the foreign id can fail.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLUnionType,
    get_named_type,
)
from pactmap.graph.model import NodeKind, Role
from pactmap.graph.store import Store

from .conftest import SCHEMA, Api

GRAPHQL = SCHEMA._schema
MISSING = "missing-0123456789"
SCALARS = {
    "String": "x",
    "Int": 1,
    "Float": 1.0,
    "Boolean": True,
    "Date": "2024-01-01",
    "DateTime": "2024-01-01T00:00:00+00:00",
    "JSON": {},
    "Upload": None,
}


def value_for(kind: GraphQLInputType, probe: str) -> Any:
    """A valid value of ``kind`` whose every ID is ``probe``."""
    if isinstance(kind, GraphQLNonNull):
        return value_for(kind.of_type, probe)
    if isinstance(kind, GraphQLList):
        return [value_for(kind.of_type, probe)]
    if isinstance(kind, GraphQLEnumType):
        return next(iter(kind.values))
    if isinstance(kind, GraphQLInputObjectType):
        return {
            name: value_for(field.type, probe)
            for name, field in kind.fields.items()
            if isinstance(field.type, GraphQLNonNull) or str(get_named_type(field.type)) == "ID"
        }
    assert isinstance(kind, GraphQLScalarType)
    return probe if kind.name == "ID" else SCALARS[kind.name]


def literal(value: Any, kind: GraphQLInputType) -> str:
    named = get_named_type(kind)
    if isinstance(value, list):
        inner = kind.of_type if isinstance(kind, GraphQLNonNull) else kind
        assert isinstance(inner, GraphQLList)
        return "[" + ", ".join(literal(v, inner.of_type) for v in value) + "]"
    if isinstance(named, GraphQLEnumType):
        return str(value)
    if isinstance(named, GraphQLInputObjectType):
        parts = [f"{k}: {literal(v, named.fields[k].type)}" for k, v in value.items()]
        return "{" + ", ".join(parts) + "}"
    return json.dumps(value)


def selection(field: GraphQLField) -> str:
    named = get_named_type(field.type)
    if isinstance(named, GraphQLUnionType):
        arms = " ".join(
            f"... on {t.name} {{ {'message' if 'message' in t.fields else '__typename'} }}"
            for t in named.types
        )
        return f"{{ __typename {arms} }}"
    if isinstance(named, GraphQLObjectType):
        return "{ __typename }"
    return ""


def takes_an_id(field: GraphQLField) -> bool:
    for arg in field.args.values():
        named = get_named_type(arg.type)
        if str(named) == "ID":
            return True
        if isinstance(named, GraphQLInputObjectType) and any(
            str(get_named_type(f.type)) == "ID" for f in named.fields.values()
        ):
            return True
    return False


def operations() -> list[tuple[str, str, GraphQLField]]:
    found = []
    for verb, root in (("query", GRAPHQL.query_type), ("mutation", GRAPHQL.mutation_type)):
        assert root is not None
        for name, field in root.fields.items():
            if takes_an_id(field):
                found.append((verb, name, field))
    return found


OPERATIONS = operations()


def document(verb: str, name: str, field: GraphQLField, probe: str) -> str:
    args = [
        f"{arg}: {literal(value_for(spec.type, probe), spec.type)}"
        for arg, spec in field.args.items()
        if isinstance(spec.type, GraphQLNonNull) or str(get_named_type(spec.type)) == "ID"
        if str(get_named_type(spec.type)) != "Upload"
    ]
    call = f"{name}({', '.join(args)})" if args else name
    return f"{verb} {{ {call} {selection(field)} }}"


def answer(api: Api, query: str, caller: Any, probe: str, other: str) -> str:
    result = api.execute(query, caller)
    payload = {
        "data": result.data,
        "errors": [e.message for e in result.errors or []],
    }
    return json.dumps(payload, sort_keys=True).replace(probe, "<id>").replace(other, "<other>")


@pytest.fixture
def setting(store: Store) -> tuple[Api, Any, dict[str, str]]:
    api = Api(store)
    mine = api.territory("Ours")
    theirs = api.territory("Theirs")
    foreign = {
        "territory": theirs,
        "node": store.create(
            NodeKind.ACTOR,
            {"name": "Hidden", "sector": "association"},
            territory_id=theirs,
            by="test",
        ).id,
    }
    caller = api.user("admin@example.org", {mine: Role.ADMIN})
    return api, caller, foreign


def test_the_walk_covers_every_operation_taking_an_id() -> None:
    names = {name for _, name, _ in OPERATIONS}
    assert {
        "node",
        "neighbourhood",
        "link",
        "unlink",
        "addComment",
        "updateActor",
        "members",
        "analysis",
        "mapAt",
        "revokeToken",
    } <= names
    assert len(OPERATIONS) >= 70


@pytest.mark.parametrize(("verb", "name", "field"), OPERATIONS, ids=[o[1] for o in OPERATIONS])
def test_a_foreign_id_answers_like_a_missing_one(
    setting: tuple[Api, Any, dict[str, str]], verb: str, name: str, field: GraphQLField
) -> None:
    api, caller, foreign = setting
    takes_territory = any(arg.endswith("erritoryId") for arg in field.args)
    for probe in {foreign["node"], foreign["territory"]} if takes_territory else {foreign["node"]}:
        other = foreign["territory"] if probe == foreign["node"] else foreign["node"]
        missing = answer(api, document(verb, name, field, MISSING), caller, MISSING, other)
        hidden = answer(api, document(verb, name, field, probe), caller, probe, other)
        assert hidden == missing, f"{name}: foreign\n{hidden}\nmissing\n{missing}"
        assert "<other>" not in hidden, f"{name} names the other territory: {hidden}"
