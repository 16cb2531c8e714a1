# mypy: disable-error-code="untyped-decorator"
"""The SPIRAL cycle and cross-territory learning: citizens' criteria (bulk entry, taxonomy
suggestions, the criteria synthesis), indicators from criteria, the territory's synthesis,
cycles (advance, the map of a cycle, the difference between two), and sharing (which
territories share, comparing with them, a contract from another territory's template).

Resolvers are thin: the work is in :mod:`pactmap.api.cycles` and :mod:`pactmap.api.sharing`.
Roles: criteria are recorded by facilitators and above; indicators, cycle moves by
coordinators and above; sharing is an admin's decision; reading needs a role on the territory
(or, for comparisons, that the other territory shares).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import strawberry
from pactmap.analysis import criteria as criteria_mod
from pactmap.analysis import cycles as cycles_mod
from pactmap.analysis import synthesis as synthesis_mod
from pactmap.analysis.compare import TerritoryProfile as ProfileRecord
from pactmap.analysis.records import Ref
from pactmap.graph import errors, model
from pactmap.graph.model import ROLE_RANK
from pactmap.seeds import taxonomy

from .. import cycles, sharing
from ..analysis_cache import cache_for
from ..auth import Denied, Permission
from .edits import as_type, load_kind
from .inputs import given_fields
from .nodes import Actor, Contract, Criterion, Indicator, Info, Territory
from .results import (
    ContractResult,
    CriterionResult,
    IndicatorResult,
    NotFound,
    PermissionDenied,
    TerritoryResult,
    ValidationError,
    VersionConflict,
    attempt,
)
from .territory_map import TerritoryMap, snapshot_map

MAX_TEXT = 1000


# ---------------------------------------------------------------- shared small types


@strawberry.type(description="A node named in a result: id, label and (actors) sector.")
class NodeRef:
    id: strawberry.ID
    name: str
    sector: str | None = None

    @classmethod
    def of(cls, ref: Ref) -> NodeRef:
        return cls(id=strawberry.ID(ref.id), name=ref.name, sector=ref.sector)


def _refs(refs: tuple[Ref, ...]) -> list[NodeRef]:
    return [NodeRef.of(r) for r in refs]


def _dimension_name(code: str | None) -> str | None:
    return None if code is None else taxonomy.dimension(code).name


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
                    criteria=_refs(m.criteria),
                )
                for m in s.minorities
            ],
            unclassified=_refs(s.unclassified),
            ungrouped=_refs(s.ungrouped),
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


# ---------------------------------------------------------------- synthesis


@strawberry.type
class SynthesisIndicator:
    indicator: NodeRef
    latest_level: int | None
    latest_value: float | None
    latest_on: date | None
    target_level: int | None
    trend: str = strawberry.field(description="improving, worsening, stable or unknown")
    commitments: list[NodeRef]
    contracts: list[NodeRef]
    actions: list[NodeRef]


@strawberry.type
class SynthesisDimension:
    dimension: model.Dimension | None
    name: str | None
    indicators: list[SynthesisIndicator]


@strawberry.type(description="A contract's co-evaluations: mean level per phase, and count.")
class ContractCoEvaluation:
    contract: NodeRef
    status: model.ContractStatus
    ex_ante: float | None
    ex_ante_count: int
    ex_post: float | None
    ex_post_count: int
    change: float | None


@strawberry.type
class TerritorySynthesis:
    territory: NodeRef
    cycle: int
    dimensions: list[SynthesisDimension]
    contracts: list[ContractCoEvaluation]

    @classmethod
    def of(cls, s: synthesis_mod.Synthesis) -> TerritorySynthesis:
        return cls(
            territory=NodeRef.of(s.territory),
            cycle=s.cycle,
            dimensions=[
                SynthesisDimension(
                    dimension=None if d.dimension is None else model.Dimension(d.dimension),
                    name=_dimension_name(d.dimension),
                    indicators=[
                        SynthesisIndicator(
                            indicator=NodeRef.of(i.indicator),
                            latest_level=i.latest_level,
                            latest_value=i.latest_value,
                            latest_on=None
                            if i.latest_on is None
                            else date.fromisoformat(i.latest_on),
                            target_level=i.target_level,
                            trend=i.trend,
                            commitments=_refs(i.commitments),
                            contracts=_refs(i.contracts),
                            actions=_refs(i.actions),
                        )
                        for i in d.indicators
                    ],
                )
                for d in s.dimensions
            ],
            contracts=[
                ContractCoEvaluation(
                    contract=NodeRef.of(c.contract),
                    status=model.ContractStatus(c.status),
                    ex_ante=c.ex_ante,
                    ex_ante_count=c.ex_ante_count,
                    ex_post=c.ex_post,
                    ex_post_count=c.ex_post_count,
                    change=c.change,
                )
                for c in s.contracts
            ],
        )


# ---------------------------------------------------------------- cycles


@strawberry.type(description="A SPIRAL cycle: when it started and ended (null: still running).")
class CycleSpan:
    cycle: int
    started_at: datetime | None
    ended_at: datetime | None

    @classmethod
    def of(cls, span: cycles_mod.CycleSpan) -> CycleSpan:
        return cls(cycle=span.cycle, started_at=span.start_at, ended_at=span.end_at)


@strawberry.type
class CycleSnapshot:
    cycle: int
    at_end: bool
    map: TerritoryMap


@strawberry.type(description="Two actors of different sectors newly bound, and how.")
class CrossSectorTie:
    actors: list[NodeRef]
    via: list[str]


@strawberry.type
class CountChange:
    name: str
    before: int
    after: int


@strawberry.type(description="How co-responsibility widened from one cycle's map to another's.")
class CycleDiff:
    from_cycle: int
    to_cycle: int
    new_actors: list[NodeRef]
    new_sectors: list[model.Sector]
    new_cross_sector_ties: list[CrossSectorTie]
    new_signatories: list[NodeRef]
    newly_represented_groups: list[NodeRef]
    new_indicators: list[NodeRef]
    new_commitments: list[NodeRef]
    new_contracts: list[NodeRef]
    counts: list[CountChange]

    @classmethod
    def of(cls, d: cycles_mod.CycleDiff, from_cycle: int, to_cycle: int) -> CycleDiff:
        return cls(
            from_cycle=from_cycle,
            to_cycle=to_cycle,
            new_actors=_refs(d.new_actors),
            new_sectors=[model.Sector(s) for s in d.new_sectors],
            new_cross_sector_ties=[
                CrossSectorTie(actors=_refs(t.actors), via=list(t.via))
                for t in d.new_cross_sector_ties
            ],
            new_signatories=_refs(d.new_signatories),
            newly_represented_groups=_refs(d.newly_represented_groups),
            new_indicators=_refs(d.new_indicators),
            new_commitments=_refs(d.new_commitments),
            new_contracts=_refs(d.new_contracts),
            counts=[CountChange(name=k, before=a, after=b) for k, (a, b) in d.counts.items()],
        )


# ---------------------------------------------------------------- across territories


@strawberry.type(description="A territory that chose to share (only what a profile shows).")
class SharedTerritory:
    id: strawberry.ID
    name: str
    country: str
    description: str
    spiral_cycle: int


@strawberry.type
class DimensionTally:
    dimension: model.Dimension
    count: int


@strawberry.type(description="A contract's form: parties, sectors, duration, status.")
class ContractForm:
    contract: NodeRef
    status: model.ContractStatus
    parties: int
    sectors: list[model.Sector]
    duration_months: int | None
    commitments: int


@strawberry.type
class TerritoryProfile:
    territory: NodeRef
    cycle: int
    topics_by_dimension: list[DimensionTally]
    commitments_by_dimension: list[DimensionTally]
    gaps_by_dimension: list[DimensionTally]
    gaps: int
    contracts: list[ContractForm]

    @classmethod
    def of(cls, p: ProfileRecord) -> TerritoryProfile:
        def tally(counts: dict[str, int]) -> list[DimensionTally]:
            return [
                DimensionTally(dimension=model.Dimension(d), count=n) for d, n in counts.items()
            ]

        return cls(
            territory=NodeRef.of(p.territory),
            cycle=p.cycle,
            topics_by_dimension=tally(p.topics_by_dimension),
            commitments_by_dimension=tally(p.commitments_by_dimension),
            gaps_by_dimension=tally(p.gaps_by_dimension),
            gaps=p.gaps,
            contracts=[
                ContractForm(
                    contract=NodeRef.of(f.contract),
                    status=model.ContractStatus(f.status),
                    parties=f.parties,
                    sectors=[model.Sector(s) for s in f.sectors],
                    duration_months=f.duration_months,
                    commitments=f.commitments,
                )
                for f in p.contracts
            ],
        )


# ---------------------------------------------------------------- resolvers


def _require_facilitator(info: Info, territory_id: str) -> None:
    """Facilitators and above (the one typing in a workshop's notes), not viewers."""
    ctx = info.context
    ctx.require(territory_id, Permission.READ)
    role = ctx.caller.role_on(territory_id)
    if role is None or ROLE_RANK[role] < ROLE_RANK[model.Role.FACILITATOR]:
        raise Denied(f"a {role} may not record or classify criteria on '{territory_id}'")


def _territory(node: model.Node) -> Territory:
    return as_type(node, Territory)


@strawberry.type
class CycleQuery:
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
        ctx.require(territory_id, Permission.READ)
        found = await ctx.call(cycles.criteria_summary, ctx.store, territory_id)
        return CriteriaSynthesis.of(found)

    @strawberry.field(
        description="Per dimension, the indicators (latest level, trend) and the commitments "
        "and contracts behind them; co-evaluation means per contract."
    )
    async def synthesis(self, info: Info, territory_id: strawberry.ID) -> TerritorySynthesis:
        ctx = info.context
        ctx.require(territory_id, Permission.READ)
        found = await ctx.call(cycles.territory_synthesis, ctx.store, territory_id)
        return TerritorySynthesis.of(found)

    @strawberry.field(description="The SPIRAL cycles the territory went through, from its log.")
    async def cycles(self, info: Info, territory_id: strawberry.ID) -> list[CycleSpan]:
        ctx = info.context
        ctx.require(territory_id, Permission.READ)
        found = await ctx.call(cycles.spans, ctx.store, territory_id)
        return [CycleSpan.of(s) for _, s in sorted(found.items())]

    @strawberry.field(
        description="The map at the start of a cycle (atEnd: as the cycle ended, or now)."
    )
    async def cycle_snapshot(
        self, info: Info, territory_id: strawberry.ID, cycle: int, at_end: bool = False
    ) -> CycleSnapshot:
        ctx = info.context
        ctx.require(territory_id, Permission.READ)
        snap = await ctx.call(cycles.cycle_map, ctx.store, territory_id, cycle, end=at_end)
        return CycleSnapshot(cycle=cycle, at_end=at_end, map=snapshot_map(snap))

    @strawberry.field(
        description="What the map of toCycle has that fromCycle's had not (each as the cycle "
        "ended, or now for the current one): new actors, sectors, cross-sector ties, "
        "signatories, citizen groups represented in contracts, indicators, commitments."
    )
    async def cycle_diff(
        self, info: Info, territory_id: strawberry.ID, from_cycle: int, to_cycle: int
    ) -> CycleDiff:
        ctx = info.context
        ctx.require(territory_id, Permission.READ)
        found = await ctx.call(cycles.diff_cycles, ctx.store, territory_id, from_cycle, to_cycle)
        return CycleDiff.of(found, from_cycle, to_cycle)

    @strawberry.field(description="Territories that chose to share (for a signed-in caller).")
    async def shared_territories(self, info: Info) -> list[SharedTerritory]:
        ctx = info.context
        if not ctx.caller.authenticated:
            raise Denied("sign in to see which territories share")
        found = await ctx.call(sharing.shared_territories, ctx.store)
        return [
            SharedTerritory(
                id=strawberry.ID(t.id),
                name=t.name,
                country=t.country,
                description=t.description,
                spiral_cycle=t.spiral_cycle,
            )
            for t in found
        ]

    @strawberry.field(
        description="The caller's territory (first) beside others that share: dimensions "
        "covered, gaps by dimension, contract forms."
    )
    async def compare_territories(
        self, info: Info, territory_id: strawberry.ID, other_ids: list[strawberry.ID]
    ) -> list[TerritoryProfile]:
        ctx = info.context
        found = await ctx.call(
            sharing.compare,
            ctx.store,
            ctx.caller,
            territory_id,
            [str(i) for i in other_ids],
            lambda store, tid: cache_for(store).report(store, tid),
        )
        return [TerritoryProfile.of(p) for p in found]


@strawberry.type
class CycleMutation:
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
            _require_facilitator(info, territory_id)
            notes = [given_fields(c, skip=()) for c in criteria]
            group, created = await ctx.call(
                cycles.record_criteria,
                ctx.store,
                territory_id,
                None if group_id is None else str(group_id),
                notes,
                by=ctx.caller.by,
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
            try:
                before = await load_kind(info, id, model.NodeKind.CRITERION)
            except (errors.NotFound, Denied):
                # the same answer whether the id is missing or in a territory not yours
                raise errors.NotFound(model.NodeKind.CRITERION.value, id) from None
            territory_id = str(before.territory_id)
            _require_facilitator(info, territory_id)
            node = await ctx.call(
                cycles.classify_criterion,
                ctx.store,
                id,
                given_fields(input, skip=()),
                expected_version,
                by=ctx.caller.by,
            )
            ctx.feed.notify(territory_id)
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
            ctx.require(territory_id, Permission.EDIT)
            node = await ctx.call(
                cycles.indicator_from_criteria,
                ctx.store,
                territory_id,
                [str(i) for i in criterion_ids],
                given_fields(input, skip=()),
                by=ctx.caller.by,
                topic_ids=[str(t) for t in topic_ids or ()],
            )
            ctx.feed.notify(territory_id)
            return as_type(node, Indicator)

        return await attempt(work)

    @strawberry.mutation(
        description="Move the territory to its next SPIRAL cycle (1 to 2 to 3; coordinators "
        "and above); the change log keeps the moment."
    )
    async def advance_cycle(
        self, info: Info, territory_id: strawberry.ID, expected_version: int
    ) -> TerritoryResult:
        ctx = info.context

        async def work() -> Territory:
            ctx.require(territory_id, Permission.EDIT)
            node = await ctx.call(
                cycles.advance_cycle, ctx.store, territory_id, expected_version, by=ctx.caller.by
            )
            ctx.feed.notify(territory_id)
            return _territory(node)

        return await attempt(work)

    @strawberry.mutation(description="Share the territory with others, or stop (admins only).")
    async def set_sharing(
        self, info: Info, territory_id: strawberry.ID, shared: bool, expected_version: int
    ) -> TerritoryResult:
        ctx = info.context

        async def work() -> Territory:
            ctx.require(territory_id, Permission.ADMIN)
            node = await ctx.call(
                sharing.set_sharing,
                ctx.store,
                territory_id,
                shared,
                expected_version,
                by=ctx.caller.by,
            )
            ctx.feed.notify(territory_id)
            return _territory(node)

        return await attempt(work)

    @strawberry.mutation(
        description="A draft contract shaped like a contract of a territory that shares (or "
        "of the caller's): its title, objective, duration, and its commitments' titles as "
        "proposed commitments with no actor yet."
    )
    async def contract_from_template(
        self, info: Info, territory_id: strawberry.ID, source_contract_id: strawberry.ID
    ) -> ContractResult:
        ctx = info.context

        async def work() -> Contract:
            node = await ctx.call(
                sharing.contract_from_template,
                ctx.store,
                ctx.caller,
                territory_id,
                source_contract_id,
                by=ctx.caller.by,
            )
            ctx.feed.notify(territory_id)
            return as_type(node, Contract)

        return await attempt(work)


__all__ = ["CycleMutation", "CycleQuery"]
