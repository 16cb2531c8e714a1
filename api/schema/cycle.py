# mypy: disable-error-code="untyped-decorator"
"""The territory's synthesis and its SPIRAL cycles: ``synthesis`` (indicators per dimension
with level and trend, what stands behind them, co-evaluations), ``cycles``, ``cycleSnapshot``
(the map at the start or end of a cycle), ``cycleDiff`` (how co-responsibility widened) and
``advanceCycle`` (coordinators and above).

Resolvers are thin: the work is in :mod:`pactmap.api.cycles` and :mod:`pactmap.analysis`.
"""

from __future__ import annotations

from datetime import date, datetime

import strawberry
from pactmap.analysis import cycles as cycles_mod
from pactmap.analysis import synthesis as synthesis_mod
from pactmap.graph import model

from ..services import cycles
from .edits import as_type
from .nodes import Info, Territory
from .refs import NodeRef, dimension_name, refs_of
from .results import (
    TerritoryResult,
    attempt,
)
from .territory_map import TerritoryMap, snapshot_map

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
                    name=dimension_name(d.dimension),
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
                            commitments=refs_of(i.commitments),
                            contracts=refs_of(i.contracts),
                            actions=refs_of(i.actions),
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
            new_actors=refs_of(d.new_actors),
            new_sectors=[model.Sector(s) for s in d.new_sectors],
            new_cross_sector_ties=[
                CrossSectorTie(actors=refs_of(t.actors), via=list(t.via))
                for t in d.new_cross_sector_ties
            ],
            new_signatories=refs_of(d.new_signatories),
            newly_represented_groups=refs_of(d.newly_represented_groups),
            new_indicators=refs_of(d.new_indicators),
            new_commitments=refs_of(d.new_commitments),
            new_contracts=refs_of(d.new_contracts),
            counts=[CountChange(name=k, before=a, after=b) for k, (a, b) in d.counts.items()],
        )


def _territory(node: model.Node) -> Territory:
    return as_type(node, Territory)


@strawberry.type
class CycleQuery:
    @strawberry.field(
        description="Per dimension, the indicators (latest level, trend) and the commitments "
        "and contracts behind them; co-evaluation means per contract."
    )
    async def synthesis(self, info: Info, territory_id: strawberry.ID) -> TerritorySynthesis:
        ctx = info.context
        found = await ctx.call(cycles.territory_synthesis, ctx.store, ctx.caller, territory_id)
        return TerritorySynthesis.of(found)

    @strawberry.field(description="The SPIRAL cycles the territory went through, from its log.")
    async def cycles(self, info: Info, territory_id: strawberry.ID) -> list[CycleSpan]:
        ctx = info.context
        found = await ctx.call(cycles.spans, ctx.store, ctx.caller, territory_id)
        return [CycleSpan.of(s) for _, s in sorted(found.items())]

    @strawberry.field(
        description="The map at the start of a cycle (atEnd: as the cycle ended, or now)."
    )
    async def cycle_snapshot(
        self, info: Info, territory_id: strawberry.ID, cycle: int, at_end: bool = False
    ) -> CycleSnapshot:
        ctx = info.context
        args = (ctx.store, ctx.caller, territory_id, cycle)
        snap = await ctx.call(cycles.cycle_map, *args, end=at_end)
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
        args = (ctx.store, ctx.caller, territory_id, from_cycle, to_cycle)
        found = await ctx.call(cycles.diff_cycles, *args)
        return CycleDiff.of(found, from_cycle, to_cycle)


@strawberry.type
class CycleMutation:
    @strawberry.mutation(
        description="Move the territory to its next SPIRAL cycle (1 to 2 to 3; coordinators "
        "and above); the change log keeps the moment."
    )
    async def advance_cycle(
        self, info: Info, territory_id: strawberry.ID, expected_version: int
    ) -> TerritoryResult:
        ctx = info.context

        async def work() -> Territory:
            args = (ctx.store, ctx.caller, territory_id, expected_version)
            node = await ctx.call(cycles.advance_cycle, *args)
            ctx.feed.notify(territory_id)
            return _territory(node)

        return await attempt(work)


__all__ = ["CycleMutation", "CycleQuery"]
