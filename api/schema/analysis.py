# mypy: disable-error-code="untyped-decorator"
"""``analysis(territoryId:)`` and the suggestion decisions (``acceptSuggestion``,
``rejectSuggestion``, ``discussSuggestion``).

The analysis itself is :func:`pactmap.analysis.analyze`, cached per map version
(:mod:`pactmap.api.analysis_cache`): an edit is visible in the next query. Running it needs
the ANALYSE permission (facilitators and above); deciding about a suggestion needs DRAFT
(facilitators and above). Field names are the ones other tools rely on (issue 4).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, TypeVar

import strawberry
from pactmap.analysis import Limits, Report, Thresholds, records
from pactmap.graph import errors, model
from pactmap.graph.i18n import Texts, texts
from pactmap.graph.model import SuggestionDecision
from pactmap.graph.sentence import localized
from strawberry.scalars import JSON

from ..auth import Permission
from ..services.analysis_cache import cache_for
from ..services.backtest import backtest_at
from ..services.suggestions import accept, decide, latest_decisions
from .nodes import (
    Actor,
    Commitment,
    Contract,
    FutureConcern,
    Indicator,
    Info,
    Topic,
    to_gql,
)
from .results import (
    ContractResult,
    NotFound,
    PermissionDenied,
    ValidationError,
    attempt,
)

T = TypeVar("T")

MAX = {"gaps": 500, "brokers": 200, "suggestions": 50}


async def _load(
    info: Info, refs: tuple[records.Ref, ...] | list[records.Ref], cls: type[T]
) -> list[T]:
    nodes = await info.context.nodes([r.id for r in refs])
    found = [to_gql(n) for n in nodes]
    return [item for item in found if isinstance(item, cls)]


async def _one(info: Info, ref: records.Ref, cls: type[T]) -> T | None:
    items = await _load(info, [ref], cls)
    return items[0] if items else None


def _limit(limit: int, name: str) -> int:
    if limit < 0:
        raise errors.ValidationError(f"a limit is 0 or more, not {limit}", field=name, value=limit)
    return limit


@strawberry.type
class ScoreTerm:
    name: str
    value: float


@strawberry.type
class SectorCount:
    sector: str
    count: int


@strawberry.type(description="A community of the collaboration graph and how closed it is.")
class Silo:
    id: strawberry.ID
    size: int
    sectors: list[SectorCount]
    homophily: float = strawberry.field(
        description="Share of the members' ties that join two actors of one sector."
    )
    ei_index: float = strawberry.field(description="Krackhardt and Stern's E-I index by sector.")
    internal_ties: int
    external_ties: int
    refs: strawberry.Private[tuple[records.Ref, ...]]

    @strawberry.field
    async def actors(self, info: Info) -> list[Actor]:
        return await _load(info, self.refs, Actor)


@strawberry.type(description="Actors on the same or interdependent topics with no tie at all.")
class Gap:
    kind: str
    score: float
    explanation: str
    terms: list[ScoreTerm]
    actor_refs: strawberry.Private[tuple[records.Ref, ...]]
    topic_refs: strawberry.Private[tuple[records.Ref, ...]]

    @strawberry.field
    async def actors(self, info: Info) -> list[Actor]:
        return await _load(info, self.actor_refs, Actor)

    @strawberry.field
    async def topics(self, info: Info) -> list[Topic]:
        return await _load(info, self.topic_refs, Topic)


@strawberry.type
class BrokerageRole:
    role: str
    count: int


@strawberry.type(description="How betweenness was computed: exactly, or from sampled pivots.")
class BetweennessMethod:
    method: str = strawberry.field(description="exact or sampled")
    pivots: int
    top_changed: int = strawberry.field(
        description="Brokers of the top 20 that moved in the last doubling of pivots (0 exact)."
    )
    relative_change: float


@strawberry.type(description="What was analysed, and how sure the analysis is.")
class AnalysisStats:
    actors: int
    collaboration_ties: int
    topics: int
    indicators: int
    contracts: int
    silos: int
    isolates: int
    open_pairs: int = strawberry.field(
        description="Untied actor pairs that share a topic or an indicator (exact count)."
    )
    candidate_gaps: int = strawberry.field(
        description="Pairs scored as gaps: the open pairs and pairs on interdependent topics."
    )
    silo_stability: float | None = strawberry.field(
        description="Agreement (mean adjusted Rand index) of the silos across seeded runs."
    )
    sector_ei_index: float | None
    betweenness: BetweennessMethod | None
    raw: JSON = strawberry.field(description="Every count, as the CLI's JSON report has it.")

    @classmethod
    def of(cls, stats: dict[str, Any]) -> AnalysisStats:
        method = stats.get("betweenness")
        return cls(
            actors=int(stats.get("actors", 0)),
            collaboration_ties=int(stats.get("collaborationTies", 0)),
            topics=int(stats.get("topics", 0)),
            indicators=int(stats.get("indicators", 0)),
            contracts=int(stats.get("contracts", 0)),
            silos=int(stats.get("silos", 0)),
            isolates=int(stats.get("isolates", 0)),
            open_pairs=int(stats.get("openPairs", 0)),
            candidate_gaps=int(stats.get("candidateGaps", 0)),
            silo_stability=stats.get("siloStability"),
            sector_ei_index=stats.get("sectorEiIndex"),
            betweenness=None
            if not isinstance(method, dict)
            else BetweennessMethod(
                method=str(method.get("method", "")),
                pivots=int(method.get("pivots", 0)),
                top_changed=int(method.get("topChanged", 0)),
                relative_change=float(method.get("relativeChange", 0.0)),
            ),
            raw=JSON(dict(stats)),
        )


@strawberry.type(description="An actor on many shortest paths, with Burt's measures.")
class Broker:
    betweenness: float
    weighted_betweenness: float | None = strawberry.field(
        description="Betweenness where a strong tie is a short path (distance = 1/strength); "
        "null above the exact threshold."
    )
    constraint: float | None
    weighted_constraint: float | None = strawberry.field(
        description="Burt's constraint with tie strengths as weights."
    )
    effective_size: float | None
    silos_bridged: int
    roles: list[BrokerageRole]
    ref: strawberry.Private[records.Ref]

    @strawberry.field
    async def actor(self, info: Info) -> Actor:
        found = await _one(info, self.ref, Actor)
        if found is None:
            raise errors.NotFound("Actor", self.ref.id)
        return found


@strawberry.type
class Fragility:
    silos: list[str]
    ties: int
    explanation: str
    ref: strawberry.Private[records.Ref]

    @strawberry.field
    async def broker(self, info: Info) -> Actor | None:
        return await _one(info, self.ref, Actor)


@strawberry.type
class IndicatorNeed:
    level: int | None
    trend: str
    reason: str
    ref: strawberry.Private[records.Ref]

    @strawberry.field
    async def indicator(self, info: Info) -> Indicator | None:
        return await _one(info, self.ref, Indicator)


@strawberry.type(description="A citizen group absent from the contracts on its topics.")
class UnrepresentedGroup:
    group_ref: strawberry.Private[records.Ref]
    topic_refs: strawberry.Private[tuple[records.Ref, ...]]
    contract_refs: strawberry.Private[tuple[records.Ref, ...]]

    @strawberry.field
    async def group(self, info: Info) -> Actor | None:
        return await _one(info, self.group_ref, Actor)

    @strawberry.field
    async def topics(self, info: Info) -> list[Topic]:
        return await _load(info, self.topic_refs, Topic)

    @strawberry.field
    async def contracts(self, info: Info) -> list[Contract]:
        return await _load(info, self.contract_refs, Contract)


@strawberry.type
class Coverage:
    uncovered_indicators: list[IndicatorNeed]
    unrepresented_groups: list[UnrepresentedGroup]
    data: strawberry.Private[records.Coverage]

    @strawberry.field
    async def uncovered_topics(self, info: Info) -> list[Topic]:
        return await _load(info, self.data.uncovered_topics, Topic)

    @strawberry.field
    async def orphan_concerns(self, info: Info) -> list[FutureConcern]:
        return await _load(info, self.data.orphan_concerns, FutureConcern)

    @strawberry.field
    async def commitments_without_future_lens(self, info: Info) -> list[Commitment]:
        return await _load(info, self.data.commitments_without_future_lens, Commitment)

    @strawberry.field
    async def contracts_without_future_lens(self, info: Info) -> list[Contract]:
        return await _load(info, self.data.contracts_without_future_lens, Contract)


@strawberry.type(description="A proposed multipartite contract, its score's terms, and why.")
class ContractSuggestion:
    id: strawberry.ID
    objective: str
    score: float
    terms: list[ScoreTerm]
    explanation: str
    decision: str | None = strawberry.field(
        description="The latest decision about it: accepted, rejected, discuss, or null."
    )
    data: strawberry.Private[records.Suggestion]

    @strawberry.field
    async def actors(self, info: Info) -> list[Actor]:
        return await _load(info, self.data.actors, Actor)

    @strawberry.field
    async def topics(self, info: Info) -> list[Topic]:
        return await _load(info, self.data.topics, Topic)

    @strawberry.field
    async def indicators(self, info: Info) -> list[Indicator]:
        return await _load(info, self.data.indicators, Indicator)


@strawberry.type
class TrendPoint:
    on: date
    value: float
    level: int | None


@strawberry.type(description="The indicator before and after a contract or action on it.")
class TrendChange:
    by_id: strawberry.ID
    by_name: str
    kind: str
    on: date | None
    before: float | None
    after: float | None
    change: float | None = strawberry.field(description="Positive means better.")


@strawberry.type
class Trend:
    direction: str
    measurements: list[TrendPoint]
    latest_level: int | None
    slope_per_year: float | None
    trend: str
    changes: list[TrendChange]
    ref: strawberry.Private[records.Ref]

    @strawberry.field
    async def indicator(self, info: Info) -> Indicator | None:
        return await _one(info, self.ref, Indicator)


def _terms(terms: tuple[tuple[str, float], ...]) -> list[ScoreTerm]:
    return [ScoreTerm(name=n, value=v) for n, v in terms]


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


@strawberry.type(description="Silos, gaps, brokers, coverage, suggestions and trends.")
class Analysis:
    territory_id: strawberry.ID
    report: strawberry.Private[Report]
    decisions: strawberry.Private[dict[str, model.Decision]]
    texts: strawberry.Private[Texts]

    @strawberry.field(description="Counts of what was analysed, and how sure it is.")
    def stats(self) -> AnalysisStats:
        return AnalysisStats.of(dict(self.report.stats))

    @strawberry.field
    def silos(self) -> list[Silo]:
        return [
            Silo(
                id=strawberry.ID(s.id),
                size=len(s.actors),
                sectors=[SectorCount(sector=k, count=v) for k, v in s.sectors.items()],
                homophily=s.homophily,
                ei_index=s.ei_index,
                internal_ties=s.internal_ties,
                external_ties=s.external_ties,
                refs=s.actors,
            )
            for s in self.report.silos
        ]

    @strawberry.field(description="Actors with no tie at all (not counted as silos).")
    async def isolates(self, info: Info) -> list[Actor]:
        return await _load(info, self.report.isolates, Actor)

    @strawberry.field(description="Best first.")
    def gaps(self, limit: int = 20) -> list[Gap]:
        return [
            Gap(
                kind=g.kind,
                score=g.score,
                explanation=localized(g.explanation, self.texts),
                terms=_terms(g.terms),
                actor_refs=g.actors,
                topic_refs=g.topics,
            )
            for g in self.report.gaps[: _limit(limit, "limit")]
        ]

    @strawberry.field(description="Best first.")
    def brokers(self, limit: int = 10) -> list[Broker]:
        return [
            Broker(
                betweenness=b.betweenness,
                weighted_betweenness=b.weighted_betweenness,
                constraint=b.constraint,
                weighted_constraint=b.weighted_constraint,
                effective_size=b.effective_size,
                silos_bridged=b.silos_bridged,
                roles=[BrokerageRole(role=k, count=v) for k, v in b.roles.items()],
                ref=b.actor,
            )
            for b in self.report.brokers[: _limit(limit, "limit")]
        ]

    @strawberry.field(description="Silo pairs held together by one actor only.")
    def fragilities(self) -> list[Fragility]:
        return [
            Fragility(
                silos=list(f.silos),
                ties=f.ties,
                explanation=localized(f.explanation, self.texts),
                ref=f.broker,
            )
            for f in self.report.fragilities
        ]

    @strawberry.field
    def coverage(self) -> Coverage:
        c = self.report.coverage
        return Coverage(
            uncovered_indicators=[
                IndicatorNeed(
                    level=n.level,
                    trend=n.trend,
                    reason=localized(n.reason, self.texts),
                    ref=n.indicator,
                )
                for n in c.uncovered_indicators
            ],
            unrepresented_groups=[
                UnrepresentedGroup(
                    group_ref=g.group, topic_refs=g.topics, contract_refs=g.contracts
                )
                for g in c.unrepresented_groups
            ],
            data=c,
        )

    @strawberry.field(description="Best first; hideRejected leaves out those last rejected.")
    def suggestions(self, limit: int = 10, hide_rejected: bool = False) -> list[ContractSuggestion]:
        out = []
        shown = [
            s
            for s in self.report.suggestions
            if not hide_rejected
            or (d := self.decisions.get(s.id)) is None
            or d.decision is not SuggestionDecision.REJECTED
        ]
        for s in shown[: _limit(limit, "limit")]:
            decided = self.decisions.get(s.id)
            out.append(
                ContractSuggestion(
                    id=strawberry.ID(s.id),
                    objective=localized(s.objective, self.texts),
                    score=s.score,
                    terms=_terms(s.terms),
                    explanation=localized(s.explanation, self.texts),
                    decision=None if decided is None else decided.decision.value,
                    data=s,
                )
            )
        return out

    @strawberry.field(description="Each indicator's trajectory and its before/after changes.")
    def trends(self) -> list[Trend]:
        return [
            Trend(
                direction=t.direction,
                measurements=[
                    TrendPoint(on=date.fromisoformat(p.on), value=p.value, level=p.level)
                    for p in t.measurements
                ],
                latest_level=t.latest_level,
                slope_per_year=t.slope_per_year,
                trend=t.trend,
                changes=[
                    TrendChange(
                        by_id=strawberry.ID(c.by.id),
                        by_name=c.by.name,
                        kind=c.kind,
                        on=_day(c.on),
                        before=c.before,
                        after=c.after,
                        change=c.change,
                    )
                    for c in t.changes
                ],
                ref=t.indicator,
            )
            for t in self.report.trends
        ]


def _bounded(value: int, name: str, low: int, high: int) -> int:
    if not low <= value <= high:
        raise errors.ValidationError(
            f"'{name}' is between {low} and {high}, not {value}", field=name, value=value
        )
    return value


@strawberry.type(description="One ranking's foresight: of its first k pairs, how many formed.")
class BacktestScore:
    method: str = strawberry.field(
        description="pactmap, common_neighbours, adamic_adar, preferential_attachment or random"
    )
    k: int
    precision: float
    recall: float
    mrr: float


@strawberry.type(description="The map as it was at a date against what formed after it.")
class Backtest:
    at: datetime
    formed_pairs: int = strawberry.field(
        description="Actor pairs that came to work together after the date (joint commitments, "
        "contracts)."
    )
    scores: list[BacktestScore]


@strawberry.type
class AnalysisQuery:
    @strawberry.field(
        description="How well the gap ranking of the map as it was at `at` foresaw the pairs "
        "that came to work together after it, beside baselines (facilitators and above)."
    )
    async def backtest(
        self, info: Info, territory_id: strawberry.ID, at: datetime, k: int = 20, seed: int = 0
    ) -> Backtest:
        ctx = info.context
        scores, formed = await ctx.call(
            backtest_at, ctx.store, ctx.caller, territory_id, at, k=k, seed=seed
        )
        return Backtest(
            at=at,
            formed_pairs=formed,
            scores=[
                BacktestScore(
                    method=s.method, k=s.k, precision=s.precision, recall=s.recall, mrr=s.mrr
                )
                for s in scores
            ],
        )

    @strawberry.field(
        description=(
            "Analyse a territory as it is now (facilitators and above). The max* arguments "
            "bound what the gaps/brokers/suggestions fields can return."
        )
    )
    async def analysis(
        self,
        info: Info,
        territory_id: strawberry.ID,
        seed: int = 0,
        resolution: float = 1.0,
        low_level: int = 2,
        gaps_per_topic: int = 10,
        max_gaps: int = 50,
        max_brokers: int = 20,
        max_suggestions: int = 10,
    ) -> Analysis:
        ctx = info.context
        ctx.require(territory_id, Permission.ANALYSE)
        limits = Limits(
            gaps=_bounded(max_gaps, "maxGaps", 0, MAX["gaps"]),
            gaps_per_topic=_bounded(gaps_per_topic, "gapsPerTopic", 1, MAX["gaps"]),
            brokers=_bounded(max_brokers, "maxBrokers", 0, MAX["brokers"]),
            suggestions=_bounded(max_suggestions, "maxSuggestions", 0, MAX["suggestions"]),
        )
        if not 0.05 <= resolution <= 20:
            raise errors.ValidationError(
                f"'resolution' is between 0.05 and 20, not {resolution}",
                field="resolution",
                value=resolution,
            )
        thresholds = Thresholds(
            low_level=_bounded(low_level, "lowLevel", 1, 5), resolution=resolution
        )
        _bounded(seed, "seed", 0, 2**31 - 1)
        report = await ctx.call(
            cache_for(ctx.store).report,
            ctx.store,
            territory_id,
            limits=limits,
            thresholds=thresholds,
            seed=seed,
        )
        decisions = await ctx.call(latest_decisions, ctx.store, territory_id)
        return Analysis(
            territory_id=territory_id, report=report, decisions=decisions, texts=texts(ctx.lang)
        )


@strawberry.type(description="What a facilitator decided about a suggestion.")
class SuggestionDecisionRecord:
    id: strawberry.ID
    suggestion_id: str
    decision: str
    note: str
    contract_id: strawberry.ID | None
    by: str
    at: datetime


DecisionResult = Annotated[
    SuggestionDecisionRecord | ValidationError | NotFound | PermissionDenied,
    strawberry.union("DecisionResult"),
]


def _record(d: model.Decision) -> SuggestionDecisionRecord:
    return SuggestionDecisionRecord(
        id=strawberry.ID(d.id),
        suggestion_id=d.suggestion_id,
        decision=d.decision.value,
        note=d.note,
        contract_id=None if d.contract_id is None else strawberry.ID(d.contract_id),
        by=d.by,
        at=d.at,
    )


@strawberry.type
class AnalysisMutation:
    @strawberry.mutation(
        description=(
            "Turn a suggestion into a draft Contract with its parties (citizens as "
            "partner-authors) and proposed commitments; the decision is recorded."
        )
    )
    async def accept_suggestion(
        self,
        info: Info,
        territory_id: strawberry.ID,
        suggestion_id: strawberry.ID,
        note: str = "",
        seed: int = 0,
    ) -> ContractResult:
        async def work() -> Contract:
            ctx = info.context
            ctx.require(territory_id, Permission.DRAFT)
            contract = await ctx.call(
                accept,
                ctx.store,
                territory_id,
                suggestion_id,
                by=ctx.caller.by,
                note=note,
                cache=cache_for(ctx.store),
                seed=seed,
                lang=ctx.lang,
            )
            ctx.feed.notify(territory_id)
            item = to_gql(contract)
            assert isinstance(item, Contract)
            return item

        return await attempt(work)

    @strawberry.mutation(description="Record that a suggestion was rejected.")
    async def reject_suggestion(
        self,
        info: Info,
        territory_id: strawberry.ID,
        suggestion_id: strawberry.ID,
        note: str = "",
        seed: int = 0,
    ) -> DecisionResult:
        return await _decide(
            info, territory_id, suggestion_id, SuggestionDecision.REJECTED, note, seed
        )

    @strawberry.mutation(description="Record that a suggestion goes to discussion.")
    async def discuss_suggestion(
        self,
        info: Info,
        territory_id: strawberry.ID,
        suggestion_id: strawberry.ID,
        note: str = "",
        seed: int = 0,
    ) -> DecisionResult:
        return await _decide(
            info, territory_id, suggestion_id, SuggestionDecision.DISCUSS, note, seed
        )


async def _decide(
    info: Info,
    territory_id: str,
    suggestion_id: str,
    decision: SuggestionDecision,
    note: str,
    seed: int,
) -> SuggestionDecisionRecord | ValidationError | NotFound | PermissionDenied:
    async def work() -> SuggestionDecisionRecord:
        ctx = info.context
        ctx.require(territory_id, Permission.DRAFT)
        recorded = await ctx.call(
            decide,
            ctx.store,
            territory_id,
            suggestion_id,
            decision,
            by=ctx.caller.by,
            note=note,
            cache=cache_for(ctx.store),
            seed=seed,
            lang=ctx.lang,
        )
        return _record(recorded)

    result = await attempt(work)
    if isinstance(result, SuggestionDecisionRecord | ValidationError | NotFound | PermissionDenied):
        return result
    raise AssertionError(f"unexpected result {result!r}")
