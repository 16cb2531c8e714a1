"""The GraphQL types mirror graph/model.py: every field of every node kind is readable, can be
given on create and changed on update; enums keep the model's members in upper case."""

from __future__ import annotations

from enum import Enum

import pytest
from pactmap.api.schema import schema
from pactmap.graph import model
from pactmap.graph.model import NODE_MODELS, NodeBase, NodeKind

GRAPHQL = schema._schema  # graphql-core's schema, as clients see it


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def own_fields(kind: NodeKind) -> set[str]:
    return {camel(n) for n in NODE_MODELS[kind].model_fields} - {
        camel(n) for n in NodeBase.SYSTEM_FIELDS
    }


@pytest.mark.parametrize("kind", list(NodeKind))
def test_every_model_field_is_in_the_type_and_inputs(kind: NodeKind) -> None:
    output = set(GRAPHQL.type_map[kind.value].fields)  # type: ignore[attr-defined]
    create = set(GRAPHQL.type_map[f"Create{kind.value}Input"].fields)  # type: ignore[attr-defined]
    update = set(GRAPHQL.type_map[f"Update{kind.value}Input"].fields)  # type: ignore[attr-defined]
    assert own_fields(kind) <= output
    assert {"id", "version", "createdAt", "updatedAt", "label"} <= output
    assert own_fields(kind) <= create
    assert own_fields(kind) == update
    if kind is not NodeKind.TERRITORY:
        assert create - own_fields(kind) == {"territoryId"}


@pytest.mark.parametrize(
    ("name", "enum"),
    [
        ("Sector", model.Sector),
        ("ContractStatus", model.ContractStatus),
        ("RelationshipType", model.RelType),
        ("Role", model.Role),
    ],
)
def test_enums_are_the_models_in_upper_case(name: str, enum: type[Enum]) -> None:
    values = set(GRAPHQL.type_map[name].values)  # type: ignore[attr-defined]
    assert values == {member.name for member in enum}
    assert all(value.isupper() for value in values)


def test_names_partner_tools_rely_on() -> None:
    mutations = set(GRAPHQL.mutation_type.fields)  # type: ignore[union-attr]
    queries = set(GRAPHQL.query_type.fields)  # type: ignore[union-attr]
    for kind in NodeKind:
        for verb in (
            ("update", "delete") if kind is NodeKind.TERRITORY else ("create", "update", "delete")
        ):
            assert f"{verb}{kind.value}" in mutations
    assert {
        "createTerritory",
        "link",
        "unlink",
        "moveContract",
        "recordMeasurement",
        "recordEvaluation",
    } <= mutations
    assert {"login", "logout", "addComment", "createToken", "revokeToken", "setMember"} <= mutations
    assert {
        "actors",
        "topics",
        "criteria",
        "indicators",
        "measurements",
        "commitments",
        "contracts",
    } <= queries
    assert {
        "actions",
        "futureConcerns",
        "evaluations",
        "node",
        "territories",
        "territory",
    } <= queries
    assert {"neighbourhood", "search", "history", "mapAt", "map", "me"} <= queries
    assert set(GRAPHQL.type_map["ActorResult"].types) == {  # type: ignore[attr-defined]
        GRAPHQL.type_map[n]
        for n in ("Actor", "ValidationError", "VersionConflict", "NotFound", "PermissionDenied")
    }
    for error in ("ValidationError", "VersionConflict", "NotFound", "PermissionDenied"):
        assert "message" in GRAPHQL.type_map[error].fields  # type: ignore[attr-defined]
    assert set(GRAPHQL.type_map["PageInfo"].fields) == {"hasNextPage", "endCursor"}  # type: ignore[attr-defined]
    assert set(GRAPHQL.type_map["ActorConnection"].fields) == {"edges", "pageInfo", "totalCount"}  # type: ignore[attr-defined]
    assert (
        GRAPHQL.subscription_type is not None and "mapChanged" in GRAPHQL.subscription_type.fields
    )


def test_validation_error_fields_are_named_in_graphql_words() -> None:
    from pactmap.api.schema.results import _camel

    assert _camel("duration_months") == "durationMonths"
    assert _camel("new_group.name") == "newGroup.name"  # each segment of a path, not its dots
    assert _camel("criteria.3.question") == "criteria.3.question"
