# mypy: disable-error-code="untyped-decorator"
"""Citizens' criteria: a homogeneous group's notes in bulk (``recordCriteria``), taxonomy
suggestions (``suggestClassification``), classifying a criterion (``classifyCriterion``), the
criteria synthesis (``criteriaSynthesis``) and an indicator built from criteria
(``createIndicatorFromCriteria``).

Resolvers are thin: the work is in :mod:`pactmap.api.cycles`. Criteria are recorded and
classified by facilitators and above; indicators are built by coordinators and above.
"""

from __future__ import annotations

from typing import Annotated

import strawberry
from pactmap.analysis import criteria as criteria_mod
from pactmap.graph import model, taxonomy

from ..services import criteria as criteria_service
from .edits import as_type
from .inputs import given_fields
from .nodes import Actor, Criterion, Indicator, Info
from .refs import NodeRef, refs_of
from .results import (
    CriterionResult,
    IndicatorResult,
    NotFound,
    PermissionDenied,
    ValidationError,
    VersionConflict,
    attempt,
)

MAX_TEXT = 1000


@strawberry.type
class ClassificationSuggestion:
    code: str
    dimension: model.Dimension
    name: str
    score: float


def _suggestions(text: str, limit: int = 5) -> list[ClassificationSuggestion]:
    out = []
    for code, score in taxonomy.suggest_components(text[:MAX_TEXT], limit=limit):
        comp = taxonomy.component(code)
        out.append(
            ClassificationSuggestion(
                code=code, dimension=model.Dimension(comp.dimension), name=comp.name, score=score
            )
        )
    return out


# ---------------------------------------------------------------- criteria


@strawberry.input(description="One sticky note: a criterion as the group wrote it.")
class CriterionNoteInput:
    text: str
    question: model.Question
    dimension: model.Dimension | None = strawberry.UNSET
    code: str | None = strawberry.UNSET
    meaning: model.Meaning | None = strawberry.UNSET
    object: str | None = strawberry.UNSET
    beneficiary: str | None = strawberry.UNSET


@strawberry.input(description="A homogeneous group met for the first time (a citizen group).")
class NewGroupInput:
    name: str
    profile: str | None = strawberry.UNSET
    size: int | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    sector: model.Sector | None = strawberry.UNSET


@strawberry.type
class RecordedCriterion:
    criterion: Criterion
    suggestions: list[ClassificationSuggestion]


@strawberry.type(description="A group's criteria, recorded in one transaction.")
class RecordedCriteria:
    group: Actor
    criteria: list[RecordedCriterion]


RecordCriteriaResult = Annotated[
    RecordedCriteria | ValidationError | VersionConflict | NotFound | PermissionDenied,
    strawberry.union("RecordCriteriaResult"),
]


@strawberry.type
class DimensionCount:
    dimension: model.Dimension
    name: str
    count: int
    share: float


@strawberry.type
class QuestionCount:
    question: model.Question
    count: int


@strawberry.type
class GroupCriteria:
    group: NodeRef
    total: int
    classified: int
    questions: list[QuestionCount]
    dimensions: list[DimensionCount]
    stressed: list[model.Dimension]


@strawberry.type(description="A dimension or component raised by one group only.")
class MinorityCriteria:
    kind: str
    code: str
    name: str
    group: NodeRef
    criteria: list[NodeRef]


@strawberry.type
class CriteriaSynthesis:
    total: int
    groups: list[GroupCriteria]
    unraised: list[model.Dimension]
    minorities: list[MinorityCriteria]
    unclassified: list[NodeRef]
    ungrouped: list[NodeRef]

    @classmethod
    def of(cls, s: criteria_mod.CriteriaSynthesis) -> CriteriaSynthesis:
        def name(kind: str, code: str) -> str:
            if kind == "dimension":
                return taxonomy.dimension(code).name
            return taxonomy.components()[code].name if code in taxonomy.components() else code

        return cls(
            total=s.total,
            groups=[
                GroupCriteria(
                    group=NodeRef.of(g.group),
                    total=g.total,
                    classified=g.classified,
                    questions=[
                        QuestionCount(question=model.Question(q), count=n)
                        for q, n in g.questions.items()
                    ],
                    dimensions=[
                        DimensionCount(
                            dimension=model.Dimension(d.dimension),
                            name=taxonomy.dimension(d.dimension).name,
                            count=d.count,
                            share=round(d.share, 6),
                        )
                        for d in g.dimensions
                    ],
                    stressed=[model.Dimension(d) for d in g.stressed],
                )
                for g in s.groups
            ],
            unraised=[model.Dimension(d) for d in s.unraised],
            minorities=[
                MinorityCriteria(
                    kind=m.kind,
                    code=m.code,
                    name=name(m.kind, m.code),
                    group=NodeRef.of(m.group),
                    criteria=refs_of(m.criteria),
                )
                for m in s.minorities
            ],
            unclassified=refs_of(s.unclassified),
            ungrouped=refs_of(s.ungrouped),
        )


@strawberry.input(description="A criterion's classification; fields left out stay as they are.")
class ClassifyCriterionInput:
    dimension: model.Dimension | None = strawberry.UNSET
    code: str | None = strawberry.UNSET
    meaning: model.Meaning | None = strawberry.UNSET
    object: str | None = strawberry.UNSET
    beneficiary: str | None = strawberry.UNSET


@strawberry.input
class IndicatorFromCriteriaInput:
    name: str
    unit: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    level_1: str | None = strawberry.UNSET
    level_2: str | None = strawberry.UNSET
    level_3: str | None = strawberry.UNSET
    level_4: str | None = strawberry.UNSET
    level_5: str | None = strawberry.UNSET
    direction: model.Direction | None = strawberry.UNSET
    target_level: int | None = strawberry.UNSET


@strawberry.type
class CriteriaQuery:
    @strawberry.field(description="Components of the SPIRAL taxonomy a text is likely about.")
    def suggest_classification(self, text: str, limit: int = 5) -> list[ClassificationSuggestion]:
        return _suggestions(text, max(0, min(limit, 20)))

    @strawberry.field(
        description="Which dimensions each group stressed, which no group raised, and the "
        "criteria of dimensions or components only one group raised."
    )
    async def criteria_synthesis(
        self, info: Info, territory_id: strawberry.ID
    ) -> CriteriaSynthesis:
        ctx = info.context
        args = (ctx.store, ctx.caller, territory_id)
        found = await ctx.call(criteria_service.criteria_summary, *args)
        return CriteriaSynthesis.of(found)


@strawberry.type
class CriteriaMutation:
    @strawberry.mutation(
        description="A homogeneous group's criteria, each EXPRESSED by it, in one transaction "
        "(facilitators and above). The group is groupId, or newGroup created with them. "
        "applySuggestions classifies those given no dimension or "
        "code with the taxonomy's best suggestion."
    )
    async def record_criteria(
        self,
        info: Info,
        territory_id: strawberry.ID,
        criteria: list[CriterionNoteInput],
        group_id: strawberry.ID | None = None,
        new_group: NewGroupInput | None = None,
        apply_suggestions: bool = False,
    ) -> RecordCriteriaResult:
        ctx = info.context

        async def work() -> RecordedCriteria:
            notes = [given_fields(c, skip=()) for c in criteria]
            group, created = await ctx.call(
                criteria_service.record_criteria,
                *(ctx.store, ctx.caller, territory_id),
                None if group_id is None else str(group_id),
                notes,
                new_group=None if new_group is None else given_fields(new_group, skip=()),
                apply_suggestions=apply_suggestions,
            )
            ctx.feed.notify(territory_id)
            return RecordedCriteria(
                group=as_type(group, Actor),
                criteria=[
                    RecordedCriterion(
                        criterion=as_type(node, Criterion),
                        suggestions=_suggestions(node.label, 3),
                    )
                    for node in created
                ],
            )

        return await attempt(work)

    @strawberry.mutation(
        description="Classify a criterion (dimension, component code, meaning, object, "
        "beneficiary) without changing its text: facilitators and above. A code fills in "
        "its dimension."
    )
    async def classify_criterion(
        self,
        info: Info,
        id: strawberry.ID,
        expected_version: int,
        input: ClassifyCriterionInput,
    ) -> CriterionResult:
        ctx = info.context

        async def work() -> Criterion:
            fields = given_fields(input, skip=())
            args = (ctx.store, ctx.caller, id, fields, expected_version)
            node = await ctx.call(criteria_service.classify_criterion, *args)
            ctx.feed.notify(str(node.territory_id))
            return as_type(node, Criterion)

        return await attempt(work)

    @strawberry.mutation(
        description="An indicator built from criteria (they INFORM it), with its five level "
        "descriptions, in one transaction; topicIds are topics it MEASURES."
    )
    async def create_indicator_from_criteria(
        self,
        info: Info,
        territory_id: strawberry.ID,
        criterion_ids: list[strawberry.ID],
        input: IndicatorFromCriteriaInput,
        topic_ids: list[strawberry.ID] | None = None,
    ) -> IndicatorResult:
        ctx = info.context

        async def work() -> Indicator:
            node = await ctx.call(
                criteria_service.indicator_from_criteria,
                *(ctx.store, ctx.caller, territory_id),
                [str(i) for i in criterion_ids],
                given_fields(input, skip=()),
                topic_ids=[str(t) for t in topic_ids or ()],
            )
            ctx.feed.notify(territory_id)
            return as_type(node, Indicator)

        return await attempt(work)


__all__ = ["CriteriaMutation", "CriteriaQuery"]
