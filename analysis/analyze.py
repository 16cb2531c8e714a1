"""One call that runs every analysis of a territory and returns a :class:`Report`.

Deterministic: the same snapshot, limits, thresholds and seed give the same report.
"""

from __future__ import annotations

import gc
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass

import networkx as nx
from pactmap.graph.model import Commitment, Horizon, NodeKind, RelType
from pactmap.graph.store import Snapshot

from . import brokers as brokers_mod
from . import coverage as coverage_mod
from . import gap_report, proposals
from . import gaps as gaps_mod
from . import silos as silos_mod
from . import suggestions as suggestions_mod
from . import trends as trends_mod
from .convert import Views, build_views
from .projections import contract_parties
from .records import Ref, Report
from .typed import kind_of, nodes_of, obj, sources, targets
from .weights import DEFAULT, Weights


@dataclass(frozen=True)
class Limits:
    """How many of each result to keep."""

    gaps: int = 50
    gaps_per_topic: int = 10
    brokers: int = 20
    suggestions: int = 10
    fragilities: int = 50


@dataclass(frozen=True)
class Thresholds:
    """Where methods switch, and the knobs of each method."""

    silo_runs: int | None = None  # None: silos.runs_for(tied actors)
    igraph_betweenness_nodes: int = brokers_mod.IGRAPH_THRESHOLD
    igraph_constraint_nodes: int = brokers_mod.CONSTRAINT_IGRAPH_THRESHOLD
    exact_betweenness_nodes: int = brokers_mod.EXACT_BETWEENNESS_MAX
    betweenness_pivots: int = brokers_mod.BETWEENNESS_PIVOTS  # the first round's pivots
    low_level: int = 2
    resolution: float = 1.0
    group_gap_candidates_per_topic: int = gaps_mod.PER_TOPIC


@contextmanager
def _timed(timings: dict[str, float] | None, step: str) -> Iterator[None]:
    started, cpu = time.perf_counter(), time.process_time()
    yield
    if timings is not None:
        timings[step] = round(time.perf_counter() - started, 4)
        timings[f"{step}.cpu"] = round(time.process_time() - cpu, 4)


def analyze(
    snapshot: Snapshot,
    *,
    limits: Limits | None = None,
    thresholds: Thresholds | None = None,
    seed: int = 0,
    timings: dict[str, float] | None = None,
    weights: Weights | None = None,
) -> Report:
    """Silos, gaps, brokers, coverage, contract suggestions and trends of one territory.

    Parameters
    ----------
    snapshot : the territory as ``Store.snapshot`` returns it.
    limits, thresholds : see :class:`Limits` and :class:`Thresholds`.
    seed : the first of the Leiden seeds, and the betweenness pivots.
    timings : if given, filled with the seconds each step took, wall (``step``) and CPU
        (``step.cpu``); not part of the report.
    weights : the scoring weights (:class:`pactmap.analysis.weights.Weights`; defaults).

    Examples
    --------
    >>> from datetime import UTC, datetime
    >>> from pactmap.graph.model import NodeKind, new_node
    >>> ter = new_node(NodeKind.TERRITORY, {"name": "Empty"}, node_id="t", territory_id=None,
    ...                now=datetime(2026, 1, 1, tzinfo=UTC))
    >>> analyze(Snapshot(territory=ter, nodes=[], relationships=[])).suggestions
    ()
    """
    with _no_cyclic_gc():
        with _timed(timings, "convert"):
            views = build_views(snapshot)
        return analyze_views(
            views, limits=limits, thresholds=thresholds, seed=seed, timings=timings, weights=weights
        )


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Python's cycle collector paused while the analysis runs.

    Building the views allocates a few hundred thousand dicts and tuples, each allocation
    counting toward a collection that walks every tracked object of the process, the
    snapshot included: 0.45 s of 3.8 s CPU at 10,000 actors here, for no garbage (the
    views hold no reference cycles that matter before the end). Reference counting still
    frees everything as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _names(views: Views) -> dict[str, Ref]:
    T = views.typed
    names: dict[str, Ref] = {}
    for actor, data in views.collaboration.nodes(data=True):
        names[actor] = Ref(actor, str(data.get("name", actor)), str(data.get("sector", "other")))
    for kind in (NodeKind.TOPIC, NodeKind.INDICATOR, NodeKind.FUTURE_CONCERN, NodeKind.CONTRACT):
        for n in nodes_of(T, kind):
            names[n] = Ref(n, obj(T, n).label)
    return names


def _concerns_of(T: nx.MultiDiGraph[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for concern in nodes_of(T, NodeKind.FUTURE_CONCERN):
        topics: set[str] = set()
        for target in targets(T, concern, RelType.CONCERNS.value):
            if kind_of(T, target) is NodeKind.TOPIC:
                topics.add(target)
            else:
                topics.update(targets(T, target, RelType.MEASURES.value))
        for t in sorted(topics):
            out[t].append(concern)
    return out


def _indicator_needs(T: nx.MultiDiGraph[str], topic_need: dict[str, float]) -> dict[str, float]:
    """An indicator's need: the largest need of the topics it measures (1 if none)."""
    return {
        i: max((topic_need.get(t, 1.0) for t in targets(T, i, RelType.MEASURES.value)), default=1.0)
        for i in nodes_of(T, NodeKind.INDICATOR)
    }


def _long_horizon(T: nx.MultiDiGraph[str]) -> set[str]:
    actors: set[str] = set()
    for c in nodes_of(T, NodeKind.COMMITMENT):
        node = obj(T, c)
        if (
            isinstance(node, Commitment)
            and node.horizon is Horizon.LONG
            and node.status in coverage_mod.LIVE_COMMITMENTS
        ):
            actors.update(sources(T, c, RelType.MADE.value))
    return actors


def analyze_views(
    views: Views,
    *,
    limits: Limits | None = None,
    thresholds: Thresholds | None = None,
    seed: int = 0,
    timings: dict[str, float] | None = None,
    weights: Weights | None = None,
) -> Report:
    """:func:`analyze` on views already built (tests and benchmarks build them once)."""
    limits = limits or Limits()
    th = thresholds or Thresholds()
    weights = weights or DEFAULT
    with _timed(timings, "projections"):
        T, C = views.typed, views.collaboration
        _ = views.actor_topic, views.topics  # built here, so each step's time is its own
    names = _names(views)
    with _timed(timings, "silos"):
        silos, isolates, membership, stability = silos_mod.silos(
            C, resolution=th.resolution, seed=seed, runs=th.silo_runs
        )
    with _timed(timings, "brokers"):
        brokers, fragilities, _, estimate = brokers_mod.brokers(
            C,
            membership,
            limit=limits.brokers,
            seed=seed,
            exact_max=th.exact_betweenness_nodes,
            pivots=th.betweenness_pivots,
            igraph_threshold=th.igraph_betweenness_nodes,
            constraint_igraph_threshold=th.igraph_constraint_nodes,
        )
    with _timed(timings, "trends"):
        trends = trends_mod.trends(T)
    with _timed(timings, "coverage"):
        covered = coverage_mod.addressed(T)
        needs = coverage_mod.topic_needs(T, trends, covered)
        coverage = coverage_mod.coverage(T, trends, low_level=th.low_level)
    with _timed(timings, "gaps"):
        need_scores = {t: n.score for t, n in needs.items()}
        reasons = {t: n.reasons for t, n in needs.items()}
        need_scores.update(_indicator_needs(T, need_scores))
        gaps, pairs = gap_report.gaps(
            views.actor_topic,
            C,
            views.topics,
            need_scores,
            names,
            reasons,
            indicators=views.indicators,
            drafts=views.drafts,
            limit=limits.gaps,
            per_topic_limit=limits.gaps_per_topic,
            per_topic=th.group_gap_candidates_per_topic,
            discount=weights.interdependent,
        )
    with _timed(timings, "suggestions"):
        actor_topics, topic_actors = gaps_mod.split(views.actor_topic)
        contracts_of: dict[str, set[str]] = defaultdict(set)
        for contract, members in contract_parties(T).items():
            for a in members:
                contracts_of[a].add(contract)
        publics = sorted(
            (a for a in C if C.nodes[a].get("sector") in suggestions_mod.PUBLIC),
            key=lambda a: (-C.degree(a), a),
        )
        ctx = suggestions_mod.Context(
            C=C,
            topic_actors=topic_actors,
            actor_topics=actor_topics,
            topic_weight={
                t: sum(placed.get(t, 0.0) for placed in (actor_topics[a] for a in actors))
                for t, actors in topic_actors.items()
            },
            sector={a: str(C.nodes[a].get("sector", "other")) for a in C},
            silo=membership,
            raised=coverage_mod.raised_topics(T),
            contracts_of=contracts_of,
            long_horizon=_long_horizon(T),
            publics=publics,
            weights=weights,
        )
        goals = suggestions_mod.objectives(
            {t: (n.score, n.reasons, n.worst_indicator) for t, n in needs.items()},
            pairs.mass,
            views.topics,
            _concerns_of(T),
            topic_actors,
            limit=max(10, limits.suggestions * 2),
        )
        suggestions = proposals.suggest(goals, ctx, names, limit=limits.suggestions)

    territory = T.graph.get("territory")
    stats = {
        "actors": C.number_of_nodes(),
        "collaborationTies": C.number_of_edges(),
        "topics": len(nodes_of(T, NodeKind.TOPIC)),
        "indicators": len(nodes_of(T, NodeKind.INDICATOR)),
        "contracts": len(nodes_of(T, NodeKind.CONTRACT)),
        "silos": len(silos),
        "siloStability": round(stability, 6),
        "sectorEiIndex": round(silos_mod.sector_closure(C, set(C))[1], 6),
        "isolates": len(isolates),
        "betweenness": estimate.to_json(),
        "candidateGaps": len(pairs),
        "openPairs": pairs.open_pairs,
    }
    return Report(
        territory=Ref(territory.id, territory.label) if territory is not None else Ref("", ""),
        parameters={"seed": seed, "limits": asdict(limits), "thresholds": asdict(th)},
        stats=stats,
        silos=tuple(silos),
        isolates=tuple(isolates),
        gaps=tuple(gaps),
        brokers=tuple(brokers),
        fragilities=tuple(fragilities[: limits.fragilities]),
        coverage=coverage,
        suggestions=tuple(suggestions),
        trends=tuple(trends),
    )
