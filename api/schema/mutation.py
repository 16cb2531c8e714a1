# mypy: disable-error-code="untyped-decorator"
"""Every edit a coordinator makes: create / update / delete each kind of node (``update`` and
``delete`` take the ``expectedVersion`` the client read), link and unlink, the contract life
cycle, measurements, co-evaluations and comments. Each returns its object or a typed failure."""

from __future__ import annotations

from datetime import date

import strawberry
from pactmap.graph import errors, model
from pactmap.graph.model import NodeKind, RelType, territory_of
from pactmap.graph.store import LinkSpec, new_id
from pydantic import ValidationError as PydanticValidationError
from strawberry.scalars import JSON

from ..auth import Permission
from ..services import territories
from . import edits
from .inputs import (
    CreateTerritoryInput,
    given_fields,
)
from .nodes import (
    Comment,
    Contract,
    Evaluation,
    Info,
    Link,
    Measurement,
    Territory,
    to_gql,
)
from .results import (
    CommentResult,
    ContractResult,
    Deleted,
    DeleteResult,
    EvaluationResult,
    LinkResult,
    MeasurementResult,
    TerritoryResult,
    attempt,
)


@strawberry.input
class LinkInput:
    from_id: strawberry.ID
    to_id: strawberry.ID
    type: RelType
    properties: JSON | None = None


@strawberry.input
class UnlinkInput:
    from_id: strawberry.ID
    to_id: strawberry.ID
    type: RelType


@strawberry.input
class RecordMeasurementInput:
    indicator_id: strawberry.ID
    on: date
    value: float
    level: int | None = strawberry.UNSET
    source: str | None = strawberry.UNSET


@strawberry.input
class RecordEvaluationInput:
    actor_id: strawberry.ID = strawberry.field(description="The party evaluating.")
    target_id: strawberry.ID = strawberry.field(description="A contract, action or commitment.")
    phase: model.EvaluationPhase
    level: int
    on: date
    comment: str | None = strawberry.UNSET


async def _territory_of_id(info: Info, node_id: str, permission: Permission) -> str:
    ctx = info.context
    node = await ctx.call(territories.readable_node, ctx.store, ctx.caller, node_id)
    territory_id = territory_of(node)
    ctx.require(territory_id, permission)
    return territory_id


async def _link_territory(info: Info, from_id: str, to_id: str) -> str:
    """The territory of a relationship to create or remove, once the caller may: editors
    link anything; facilitators may shape a draft contract (its parties, commitments and
    targets), as drafting contracts is their job."""
    ctx = info.context
    start = await ctx.call(territories.readable_node, ctx.store, ctx.caller, from_id)
    await ctx.call(territories.readable_node, ctx.store, ctx.caller, to_id)
    territory_id = territory_of(start)
    if ctx.caller.can(territory_id, Permission.EDIT):
        return territory_id
    ends = await ctx.call(ctx.store.get_many, [from_id, to_id])
    drafting = any(
        isinstance(n, model.Contract) and n.status is model.ContractStatus.DRAFT
        for n in ends.values()
    )
    ctx.require(territory_id, Permission.DRAFT if drafting else Permission.EDIT)
    return territory_id


@strawberry.type
class MapMutation:
    @strawberry.mutation(description="A new territory; its creator becomes its admin.")
    async def create_territory(self, info: Info, input: CreateTerritoryInput) -> TerritoryResult:
        async def work() -> Territory:
            ctx = info.context
            fields = given_fields(input)
            node = await ctx.call(
                territories.create_territory,
                ctx.store,
                ctx.caller,
                fields,
                creators=ctx.options.territory_creators,
            )
            territory = to_gql(node)
            assert isinstance(territory, Territory)
            return territory

        return await attempt(work)

    @strawberry.mutation(description="Create a relationship, or replace its properties.")
    async def link(self, info: Info, input: LinkInput) -> LinkResult:
        ctx = info.context

        async def work() -> Link:
            territory_id = await _link_territory(info, input.from_id, input.to_id)
            rel = await ctx.call(
                ctx.store.link,
                input.type,
                input.from_id,
                input.to_id,
                dict(input.properties or {}),  # type: ignore[arg-type]
                by=ctx.caller.by,
            )
            ctx.feed.notify(territory_id)
            return Link.from_model(rel)

        return await attempt(work)

    @strawberry.mutation
    async def unlink(self, info: Info, input: UnlinkInput) -> DeleteResult:
        ctx = info.context

        async def work() -> Deleted:
            territory_id = await _link_territory(info, input.from_id, input.to_id)
            await ctx.call(
                ctx.store.unlink, input.type, input.from_id, input.to_id, by=ctx.caller.by
            )
            ctx.feed.notify(territory_id)
            target = f"{input.from_id}|{input.type.value}|{input.to_id}"
            return Deleted(id=strawberry.ID(target))

        return await attempt(work)

    @strawberry.mutation(
        description="Move a contract along its life cycle (draft, negotiating, signed, "
        "active, evaluated, closed): only the allowed moves."
    )
    async def move_contract(
        self,
        info: Info,
        id: strawberry.ID,
        expected_version: int,
        status: model.ContractStatus,
    ) -> ContractResult:
        return await edits.update(
            info, NodeKind.CONTRACT, id, expected_version, _Status(status), Contract
        )

    @strawberry.mutation(description="A new measurement of an indicator.")
    async def record_measurement(
        self, info: Info, input: RecordMeasurementInput
    ) -> MeasurementResult:
        ctx = info.context

        async def work() -> Measurement:
            territory_id = await _territory_of_id(info, input.indicator_id, Permission.EDIT)
            await edits.load_kind(info, input.indicator_id, NodeKind.INDICATOR)
            fields = given_fields(input, skip=("indicator_id",))
            node = await ctx.call(
                ctx.store.create,
                NodeKind.MEASUREMENT,
                fields,
                by=ctx.caller.by,
                territory_id=territory_id,
                links=[LinkSpec(RelType.HAS, input.indicator_id, outgoing=False)],
            )
            ctx.feed.notify(territory_id)
            return edits.as_type(node, Measurement)

        return await attempt(work)

    @strawberry.mutation(description="A party's co-evaluation of a contract, action or commitment.")
    async def record_evaluation(self, info: Info, input: RecordEvaluationInput) -> EvaluationResult:
        ctx = info.context

        async def work() -> Evaluation:
            territory_id = await _territory_of_id(info, input.target_id, Permission.EDIT)
            await edits.load_kind(info, input.actor_id, NodeKind.ACTOR)
            fields = given_fields(input, skip=("actor_id", "target_id"))
            node = await ctx.call(
                ctx.store.create,
                NodeKind.EVALUATION,
                fields,
                by=ctx.caller.by,
                territory_id=territory_id,
                links=[
                    LinkSpec(RelType.GAVE, input.actor_id, outgoing=False),
                    LinkSpec(RelType.OF, input.target_id, outgoing=True),
                ],
            )
            ctx.feed.notify(territory_id)
            return edits.as_type(node, Evaluation)

        return await attempt(work)

    @strawberry.mutation(description="A comment on a node.")
    async def add_comment(self, info: Info, node_id: strawberry.ID, text: str) -> CommentResult:
        ctx = info.context

        async def work() -> Comment:
            territory_id = await _territory_of_id(info, node_id, Permission.COMMENT)
            try:
                comment = model.Comment(
                    id=new_id("cmt"),
                    territory_id=territory_id,
                    node_id=node_id,
                    author_id=ctx.caller.by,
                    text=text,
                    created_at=model.utcnow(),
                )
            except PydanticValidationError as exc:
                raise errors.ValidationError(exc.errors()[0]["msg"], field="text") from None
            saved = await ctx.call(ctx.store.add_comment, comment)
            ctx.feed.notify(territory_id)
            return Comment.from_model(saved)

        return await attempt(work)


class _Status:
    """The input of a life-cycle move: only the status changes."""

    def __init__(self, status: model.ContractStatus) -> None:
        self.status = status
