"""The records an analysis returns: small frozen dataclasses, JSON-ready through ``to_json``.

JSON field names are the ones other tools rely on (issue 4, "Names other tools rely on"):
``silos``, ``gaps``, ``brokers``, ``coverage`` (``uncoveredIndicators``, ``uncoveredTopics``,
``orphanConcerns``, ``unrepresentedGroups``), ``suggestions`` (``id``, ``actors``,
``objective``, ``score``, ``terms`` [``name``, ``value``], ``explanation``) and ``trends``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def _r(value: float) -> float:
    return round(value, 6)


@dataclass(frozen=True)
class Ref:
    """A node named in a result: its id, its label and (for actors) its sector."""

    id: str
    name: str
    sector: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "name": self.name}
        if self.sector is not None:
            out["sector"] = self.sector
        return out


def _refs(refs: tuple[Ref, ...]) -> list[dict[str, Any]]:
    return [r.to_json() for r in refs]


@dataclass(frozen=True)
class Silo:
    """A community of the collaboration graph.

    ``homophily`` is the share of the members' ties that join two actors of the same sector
    (1.0: closed within one sector); ``ei_index`` is Krackhardt and Stern's (E - I) / (E + I)
    over those ties by sector (-1 all within a sector, +1 all across sectors);
    ``external_ties`` count ties leaving the community.
    """

    id: str
    actors: tuple[Ref, ...]
    sectors: dict[str, int]
    homophily: float
    ei_index: float
    internal_ties: int
    external_ties: int

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "size": len(self.actors),
            "actors": _refs(self.actors),
            "sectors": dict(self.sectors),
            "homophily": _r(self.homophily),
            "eiIndex": _r(self.ei_index),
            "internalTies": self.internal_ties,
            "externalTies": self.external_ties,
        }


@dataclass(frozen=True)
class Gap:
    """Actors that act on the same or interdependent topics without any tie (an open motif)."""

    kind: str  # "shared_topic" (3-motif) or "interdependent_topics" (4-motif)
    actors: tuple[Ref, ...]
    topics: tuple[Ref, ...]
    score: float
    explanation: str
    terms: tuple[tuple[str, float], ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "actors": _refs(self.actors),
            "topics": _refs(self.topics),
            "score": _r(self.score),
            "terms": [{"name": n, "value": _r(v)} for n, v in self.terms],
            "explanation": self.explanation,
        }


@dataclass(frozen=True)
class Broker:
    """An actor on many shortest paths, with Burt's measures and its brokerage roles."""

    actor: Ref
    betweenness: float
    constraint: float | None
    effective_size: float | None
    silos_bridged: int
    roles: dict[str, int] = field(default_factory=dict)
    weighted_betweenness: float | None = None  # distance = 1 / collaboration strength
    weighted_constraint: float | None = None  # tie strengths as Burt's proportions

    def to_json(self) -> dict[str, Any]:
        return {
            "actor": self.actor.to_json(),
            "betweenness": _r(self.betweenness),
            "constraint": None if self.constraint is None else _r(self.constraint),
            "effectiveSize": None if self.effective_size is None else _r(self.effective_size),
            "silosBridged": self.silos_bridged,
            "roles": dict(self.roles),
            "weightedBetweenness": None
            if self.weighted_betweenness is None
            else _r(self.weighted_betweenness),
            "weightedConstraint": None
            if self.weighted_constraint is None
            else _r(self.weighted_constraint),
        }


@dataclass(frozen=True)
class Fragility:
    """Two silos whose every tie passes through one actor."""

    broker: Ref
    silos: tuple[str, str]
    ties: int
    explanation: str

    def to_json(self) -> dict[str, Any]:
        return {
            "broker": self.broker.to_json(),
            "silos": list(self.silos),
            "ties": self.ties,
            "explanation": self.explanation,
        }


@dataclass(frozen=True)
class IndicatorNeed:
    indicator: Ref
    level: int | None
    trend: str
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {
            "indicator": self.indicator.to_json(),
            "level": self.level,
            "trend": self.trend,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class GroupGap:
    """A citizen group absent from the contracts on the topics its criteria raised."""

    group: Ref
    topics: tuple[Ref, ...]
    contracts: tuple[Ref, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "group": self.group.to_json(),
            "topics": _refs(self.topics),
            "contracts": _refs(self.contracts),
        }


@dataclass(frozen=True)
class Coverage:
    uncovered_indicators: tuple[IndicatorNeed, ...]
    uncovered_topics: tuple[Ref, ...]
    orphan_concerns: tuple[Ref, ...]
    unrepresented_groups: tuple[GroupGap, ...]
    commitments_without_future_lens: tuple[Ref, ...]
    contracts_without_future_lens: tuple[Ref, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "uncoveredIndicators": [i.to_json() for i in self.uncovered_indicators],
            "uncoveredTopics": _refs(self.uncovered_topics),
            "orphanConcerns": _refs(self.orphan_concerns),
            "unrepresentedGroups": [g.to_json() for g in self.unrepresented_groups],
            "commitmentsWithoutFutureLens": _refs(self.commitments_without_future_lens),
            "contractsWithoutFutureLens": _refs(self.contracts_without_future_lens),
        }


@dataclass(frozen=True)
class Suggestion:
    """A proposed multipartite contract: who, for what, why, and the score's named terms."""

    id: str
    actors: tuple[Ref, ...]
    objective: str
    score: float
    terms: tuple[tuple[str, float], ...]
    explanation: str
    topics: tuple[Ref, ...] = ()
    indicators: tuple[Ref, ...] = ()
    concerns: tuple[Ref, ...] = ()
    citizens: tuple[str, ...] = ()
    public: tuple[str, ...] = ()
    convenor: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "actors": _refs(self.actors),
            "objective": self.objective,
            "score": _r(self.score),
            "terms": [{"name": n, "value": _r(v)} for n, v in self.terms],
            "explanation": self.explanation,
            "topics": _refs(self.topics),
            "indicators": _refs(self.indicators),
            "concerns": _refs(self.concerns),
        }


@dataclass(frozen=True)
class Point:
    on: str
    value: float
    level: int | None

    def to_json(self) -> dict[str, Any]:
        return {"on": self.on, "value": self.value, "level": self.level}


@dataclass(frozen=True)
class Change:
    """An indicator before and after a contract or action that targets it.

    ``change`` is signed so that positive means better, whatever the indicator's direction.
    """

    by: Ref
    kind: str
    on: str
    before: float | None
    after: float | None
    change: float | None

    def to_json(self) -> dict[str, Any]:
        return {
            "by": self.by.to_json(),
            "kind": self.kind,
            "on": self.on,
            "before": self.before,
            "after": self.after,
            "change": None if self.change is None else _r(self.change),
        }


@dataclass(frozen=True)
class Trend:
    indicator: Ref
    direction: str
    measurements: tuple[Point, ...]
    latest_level: int | None
    slope_per_year: float | None
    trend: str  # improving, worsening, stable, unknown
    changes: tuple[Change, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "indicator": self.indicator.to_json(),
            "direction": self.direction,
            "measurements": [p.to_json() for p in self.measurements],
            "latestLevel": self.latest_level,
            "slopePerYear": None if self.slope_per_year is None else _r(self.slope_per_year),
            "trend": self.trend,
            "changes": [c.to_json() for c in self.changes],
        }


@dataclass(frozen=True)
class Report:
    """Everything one analysis found about a territory."""

    territory: Ref
    parameters: dict[str, Any]
    stats: dict[str, Any]
    silos: tuple[Silo, ...]
    isolates: tuple[Ref, ...]
    gaps: tuple[Gap, ...]
    brokers: tuple[Broker, ...]
    fragilities: tuple[Fragility, ...]
    coverage: Coverage
    suggestions: tuple[Suggestion, ...]
    trends: tuple[Trend, ...]

    def suggestion(self, suggestion_id: str) -> Suggestion | None:
        return next((s for s in self.suggestions if s.id == suggestion_id), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "territory": self.territory.to_json(),
            "parameters": dict(self.parameters),
            "stats": dict(self.stats),
            "silos": [s.to_json() for s in self.silos],
            "isolates": _refs(self.isolates),
            "gaps": [g.to_json() for g in self.gaps],
            "brokers": [b.to_json() for b in self.brokers],
            "fragilities": [f.to_json() for f in self.fragilities],
            "coverage": self.coverage.to_json(),
            "suggestions": [s.to_json() for s in self.suggestions],
            "trends": [t.to_json() for t in self.trends],
        }
