# mypy: disable-error-code="untyped-decorator"
"""A GraphQL type for every node kind of the domain model, with its relationships as fields.

Scalar fields mirror ``pactmap.graph.model`` (camelCase in GraphQL; a test checks that no
model field is missing). Relationship fields are declared with :func:`.relations.relation`:
a list resolver prefetches those its query selects, one ``Store.related`` call per level of
the selection (listing 200 actors with their topics and commitments: one page, one call);
elsewhere they go through the request's DataLoaders.

Ids are global: every node id is unique across kinds and territories (``act-…``, ``top-…``),
so ``node(id:)`` finds any node and mutations take the same ids.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from functools import cache
from typing import Any, Self, TypeVar

import strawberry
from pactmap.graph import model
from pactmap.graph.model import NodeKind, RelType
from strawberry.scalars import JSON

from . import enums
from .context import Context
from .enums import LinkDirection
from .relations import GQL_TYPES, load_related, register, relation, to_gql

Info = strawberry.Info[Context, None]
T = TypeVar("T")


async def related(
    info: Info, node_id: str, rel_type: RelType, direction: str, cls: type[T]
) -> list[T]:
    found = [to_gql(n) for n in await load_related(info, node_id, rel_type, direction)]
    return [item for item in found if isinstance(item, cls)]


@strawberry.type
class Comment:
    id: strawberry.ID
    node_id: strawberry.ID
    author_id: str
    text: str
    created_at: datetime

    @classmethod
    def from_model(cls, comment: model.Comment) -> Comment:
        return cls(
            id=strawberry.ID(comment.id),
            node_id=strawberry.ID(comment.node_id),
            author_id=comment.author_id,
            text=comment.text,
            created_at=comment.created_at,
        )


@strawberry.type(description="A relationship: its type, its two ends and its properties.")
class Link:
    type: RelType
    from_id: strawberry.ID
    to_id: strawberry.ID
    properties: JSON

    @classmethod
    def from_model(cls, rel: model.Relationship) -> Link:
        return cls(
            type=rel.type,
            from_id=strawberry.ID(rel.from_id),
            to_id=strawberry.ID(rel.to_id),
            properties=JSON(dict(rel.properties)),
        )

    @strawberry.field(name="from")
    async def from_(self, info: Info) -> Node | None:
        found = await info.context.loaders.nodes.load(self.from_id)
        return None if found is None else to_gql(found)

    @strawberry.field
    async def to(self, info: Info) -> Node | None:
        found = await info.context.loaders.nodes.load(self.to_id)
        return None if found is None else to_gql(found)


@strawberry.interface(
    description="Any node of a map (its kind is __typename). Ids are global across kinds."
)
class Node:
    id: strawberry.ID
    label: str
    territory_id: strawberry.ID | None
    version: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_node(cls, node: model.Node) -> Self:
        data: dict[str, Any] = {name: getattr(node, name) for name in _field_names(cls)}  # type: ignore[arg-type]
        return cls(**data, label=node.label)

    @strawberry.field(description="Its relationships, of the given types, in the direction.")
    async def links(
        self,
        info: Info,
        types: list[RelType] | None = None,
        direction: LinkDirection = LinkDirection.BOTH,
    ) -> list[Link]:
        if types is None:
            rels = await info.context.loaders.links.load((self.id, None, direction.value))
        else:
            rels = []
            for rel_type in dict.fromkeys(types):
                rels += await info.context.loaders.links.load((self.id, rel_type, direction.value))
        return [Link.from_model(rel) for rel in rels]

    neighbours: list[Node] = relation(
        None, "both", description="The nodes one step away, whatever the relationship."
    )

    @strawberry.field
    async def comments(self, info: Info) -> list[Comment]:
        found = await info.context.call(info.context.store.comments, self.id)
        return [Comment.from_model(c) for c in found]


@cache
def _field_names(cls: type[Any]) -> tuple[str, ...]:
    names = tuple(f.name for f in dataclasses.fields(cls) if f.init)
    return tuple(n for n in names if n != "label")


@strawberry.type
class Territory(Node):
    name: str
    country: str
    description: str
    spiral_cycle: int
    shared: bool
    published: bool = strawberry.field(
        description="Whether residents see its public page, /public/{id} (admins decide)."
    )

    @strawberry.field(description="The caller's role here (null for a token with no user).")
    def my_role(self, info: Info) -> model.Role | None:
        return info.context.caller.role_on(self.id)

    @strawberry.field(
        description="The seq of its last change: read it with the map, then subscribe to "
        "mapChanged(afterSeq:) with it to miss no change in between."
    )
    async def change_seq(self, info: Info) -> int:
        return await info.context.call(info.context.store.territory_version, self.id)


@strawberry.type
class Actor(Node):
    name: str
    sector: model.Sector
    scale: model.Scale
    description: str
    influence: int
    interest: int
    profile: str
    size: int | None
    website: str

    topics: list[Topic] = relation(RelType.WORKS_ON, "out", [NodeKind.TOPIC])

    collaborators: list[Actor] = relation(RelType.COLLABORATES_WITH, "both", [NodeKind.ACTOR])

    commitments: list[Commitment] = relation(RelType.MADE, "out", [NodeKind.COMMITMENT])

    contracts: list[Contract] = relation(
        RelType.SIGNED,
        "out",
        [NodeKind.CONTRACT],
        description="Contracts it signed (the SIGNED link holds the role).",
    )

    criteria: list[Criterion] = relation(RelType.EXPRESSED, "out", [NodeKind.CRITERION])

    actions: list[Action] = relation(RelType.LEADS, "out", [NodeKind.ACTION])

    evaluations: list[Evaluation] = relation(RelType.GAVE, "out", [NodeKind.EVALUATION])


@strawberry.type
class Topic(Node):
    name: str
    dimension: model.Dimension
    component: str
    description: str

    actors: list[Actor] = relation(RelType.WORKS_ON, "in", [NodeKind.ACTOR])

    criteria: list[Criterion] = relation(RelType.ABOUT, "in", [NodeKind.CRITERION])

    indicators: list[Indicator] = relation(RelType.MEASURES, "in", [NodeKind.INDICATOR])

    commitments: list[Commitment] = relation(RelType.ADDRESSES, "in", [NodeKind.COMMITMENT])

    contracts: list[Contract] = relation(RelType.TARGETS, "in", [NodeKind.CONTRACT])


@strawberry.type
class Criterion(Node):
    text: str
    question: model.Question
    dimension: model.Dimension | None
    code: str
    meaning: model.Meaning | None
    object: str
    beneficiary: str

    actors: list[Actor] = relation(RelType.EXPRESSED, "in", [NodeKind.ACTOR])

    topics: list[Topic] = relation(RelType.ABOUT, "out", [NodeKind.TOPIC])

    indicators: list[Indicator] = relation(RelType.INFORMS, "out", [NodeKind.INDICATOR])


@strawberry.type
class Indicator(Node):
    name: str
    unit: str
    description: str
    level_1: str
    level_2: str
    level_3: str
    level_4: str
    level_5: str
    direction: model.Direction
    target_level: int | None

    topics: list[Topic] = relation(RelType.MEASURES, "out", [NodeKind.TOPIC])

    @strawberry.field(description="Its measurements, oldest first.")
    async def measurements(self, info: Info) -> list[Measurement]:
        found = await related(info, self.id, RelType.HAS, "out", Measurement)
        return sorted(found, key=lambda m: (m.on, m.id))

    criteria: list[Criterion] = relation(RelType.INFORMS, "in", [NodeKind.CRITERION])

    commitments: list[Commitment] = relation(RelType.ADDRESSES, "in", [NodeKind.COMMITMENT])

    contracts: list[Contract] = relation(RelType.TARGETS, "in", [NodeKind.CONTRACT])

    actions: list[Action] = relation(RelType.TARGETS, "in", [NodeKind.ACTION])


@strawberry.type
class Measurement(Node):
    on: date
    value: float
    level: int | None
    source: str

    @strawberry.field
    async def indicator(self, info: Info) -> Indicator | None:
        found = await related(info, self.id, RelType.HAS, "in", Indicator)
        return found[0] if found else None


@strawberry.type
class Commitment(Node):
    starts_on: date | None
    ends_on: date | None
    title: str
    description: str
    status: model.CommitmentStatus
    resources: str
    progress: int
    horizon: model.Horizon
    uses_non_renewable: bool

    actors: list[Actor] = relation(RelType.MADE, "in", [NodeKind.ACTOR])

    contracts: list[Contract] = relation(RelType.PART_OF, "out", [NodeKind.CONTRACT])

    addresses: list[Node] = relation(
        RelType.ADDRESSES,
        "out",
        description="The topics, indicators and future concerns it addresses.",
    )

    evaluations: list[Evaluation] = relation(RelType.OF, "in", [NodeKind.EVALUATION])


@strawberry.type
class Signature:
    actor: Actor
    role: model.SignatoryRole
    on: date | None


@strawberry.type
class Contract(Node):
    title: str
    objective: str
    status: model.ContractStatus
    signed_on: date | None
    duration_months: int | None
    review_on: date | None
    origin: str | None

    @strawberry.field(description="Its parties, each with its role.")
    async def signatories(self, info: Info) -> list[Signature]:
        rels = await info.context.loaders.links.load((self.id, RelType.SIGNED, "in"))
        actors = {a.id: a for a in await info.context.nodes([r.from_id for r in rels])}
        return [
            Signature(
                actor=Actor.from_node(actors[rel.from_id]),
                role=model.SignatoryRole(rel.properties.get("role", "signatory")),
                on=date.fromisoformat(rel.properties["on"]) if rel.properties.get("on") else None,
            )
            for rel in rels
            if rel.from_id in actors
        ]

    commitments: list[Commitment] = relation(RelType.PART_OF, "in", [NodeKind.COMMITMENT])

    targets: list[Node] = relation(
        RelType.TARGETS, "out", description="The indicators, topics and future concerns it targets."
    )

    actions: list[Action] = relation(RelType.IMPLEMENTS, "in", [NodeKind.ACTION])

    evaluations: list[Evaluation] = relation(RelType.OF, "in", [NodeKind.EVALUATION])


@strawberry.type
class Action(Node):
    starts_on: date | None
    ends_on: date | None
    title: str
    description: str
    kind: model.ActionKind
    status: model.ActionStatus
    progress: int

    contracts: list[Contract] = relation(RelType.IMPLEMENTS, "out", [NodeKind.CONTRACT])

    leaders: list[Actor] = relation(RelType.LEADS, "in", [NodeKind.ACTOR])

    targets: list[Node] = relation(RelType.TARGETS, "out")

    commitments: list[Commitment] = relation(RelType.PART_OF, "in", [NodeKind.COMMITMENT])

    evaluations: list[Evaluation] = relation(RelType.OF, "in", [NodeKind.EVALUATION])


@strawberry.type
class FutureConcern(Node):
    title: str
    description: str
    horizon_years: int

    concerns: list[Node] = relation(
        RelType.CONCERNS, "out", description="The topics and indicators it concerns."
    )

    commitments: list[Commitment] = relation(RelType.ADDRESSES, "in", [NodeKind.COMMITMENT])

    contracts: list[Contract] = relation(RelType.TARGETS, "in", [NodeKind.CONTRACT])


@strawberry.type
class Evaluation(Node):
    phase: model.EvaluationPhase
    level: int
    on: date
    comment: str

    @strawberry.field(description="The actor who gave it.")
    async def by(self, info: Info) -> Actor | None:
        found = await related(info, self.id, RelType.GAVE, "in", Actor)
        return found[0] if found else None

    @strawberry.field(name="of", description="The contract, action or commitment evaluated.")
    async def of_(self, info: Info) -> Node | None:
        found = await load_related(info, self.id, RelType.OF, "out")
        return to_gql(found[0]) if found else None


GQL_TYPES.update(
    {
        model.NodeKind.TERRITORY: Territory,
        model.NodeKind.ACTOR: Actor,
        model.NodeKind.TOPIC: Topic,
        model.NodeKind.CRITERION: Criterion,
        model.NodeKind.INDICATOR: Indicator,
        model.NodeKind.MEASUREMENT: Measurement,
        model.NodeKind.COMMITMENT: Commitment,
        model.NodeKind.CONTRACT: Contract,
        model.NodeKind.ACTION: Action,
        model.NodeKind.FUTURE_CONCERN: FutureConcern,
        model.NodeKind.EVALUATION: Evaluation,
    }
)
register(list(GQL_TYPES.values()))


__all__ = ["GQL_TYPES", "Comment", "Link", "Node", "Signature", "enums", "to_gql"]
