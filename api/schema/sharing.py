# mypy: disable-error-code="untyped-decorator"
"""Across territories: ``sharedTerritories``, ``compareTerritories`` (dimensions covered, gaps by
dimension, contract forms), ``setSharing`` (admins) and ``contractFromTemplate``.

A territory that did not share is answered exactly like a missing one
(:mod:`pactmap.api.sharing`); sharing shows profiles and templates, never the map itself.
"""

from __future__ import annotations

import strawberry
from pactmap.analysis.compare import TerritoryProfile as ProfileRecord
from pactmap.graph import model

from ..services import sharing
from ..services.analysis_cache import cache_for
from .edits import as_type
from .nodes import Contract, Info, Territory
from .refs import NodeRef
from .results import (
    ContractResult,
    TerritoryResult,
    attempt,
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


def _territory(node: model.Node) -> Territory:
    return as_type(node, Territory)


@strawberry.type
class SharingQuery:
    @strawberry.field(description="Territories that chose to share (for a signed-in caller).")
    async def shared_territories(self, info: Info) -> list[SharedTerritory]:
        ctx = info.context
        found = await ctx.call(sharing.shared_territories, ctx.store, ctx.caller)
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
class SharingMutation:
    @strawberry.mutation(description="Share the territory with others, or stop (admins only).")
    async def set_sharing(
        self, info: Info, territory_id: strawberry.ID, shared: bool, expected_version: int
    ) -> TerritoryResult:
        ctx = info.context

        async def work() -> Territory:
            args = (ctx.store, ctx.caller, territory_id, shared, expected_version)
            node = await ctx.call(sharing.set_sharing, *args)
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
            )
            ctx.feed.notify(territory_id)
            return as_type(node, Contract)

        return await attempt(work)


__all__ = ["SharingMutation", "SharingQuery"]
