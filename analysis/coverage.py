"""Coverage and the future-generations lens: what needs attention and has nobody on it.

- an indicator at level 1-2, or worsening, with no live commitment, contract or action on it
  (directly or through a topic it measures);
- a topic, or a future-generation concern, that no live commitment addresses;
- a commitment or contract with no long-horizon or sustainability element (no long horizon,
  no future concern addressed, or resting on non-renewable resources);
- a citizen group absent from the contracts on the topics its criteria raised (a
  representation gap: SPIRAL makes the citizens concerned partner-authors).

Need
----
A topic's *need* (used to weight gaps and suggestions) is 1 plus: how bad its worst
indicator is (2 ((5 - level) / 4)^2: 2 at level 1 "very unsatisfactory", 1.125 at level 2,
0.5 at level 3 — convex, so one very bad indicator outweighs several mediocre ones), 0.5
when an indicator on it is worsening, 0.25 when a
future concern is attached, 0.25 when no live commitment addresses it.

References
----------
.. [1] Council of Europe (2014). SPIRAL methodological guide; Thirion, S. (2017). The
   multipartite social contract (Mulhouse).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import networkx as nx
from pactmap.graph.model import (
    Action,
    ActionStatus,
    Commitment,
    CommitmentStatus,
    Contract,
    ContractStatus,
    Horizon,
    NodeKind,
    RelType,
    Sector,
)
from pactmap.graph.sentence import N_, Sentence

from .projections import contract_parties
from .records import Coverage, GroupGap, IndicatorNeed, Ref, Trend
from .typed import kind_of, nodes_of, obj, sources, targets

LIVE_COMMITMENTS = frozenset({CommitmentStatus.PROPOSED, CommitmentStatus.ACTIVE})
LIVE_CONTRACTS = frozenset(
    {ContractStatus.NEGOTIATING, ContractStatus.SIGNED, ContractStatus.ACTIVE}
)
LIVE_ACTIONS = frozenset({ActionStatus.PLANNED, ActionStatus.ONGOING})
LOW_LEVEL = 2


@dataclass(frozen=True)
class Need:
    """How much a topic needs joint action, and why (phrases for explanations)."""

    score: float
    reasons: tuple[str, ...]
    worst_indicator: str | None


def _targets(T: nx.MultiDiGraph[str], node: str, rel: RelType) -> list[str]:
    return targets(T, node, rel.value)


def _sources(T: nx.MultiDiGraph[str], node: str, rel: RelType) -> list[str]:
    return sources(T, node, rel.value)


def _measured(T: nx.MultiDiGraph[str]) -> dict[str, list[str]]:
    return {i: _targets(T, i, RelType.MEASURES) for i in nodes_of(T, NodeKind.INDICATOR)}


def addressed(T: nx.MultiDiGraph[str]) -> set[str]:
    """Topics, indicators and concerns some live commitment, contract or action is on.

    A commitment or contract on an indicator also covers the topics it measures, and one on
    a topic covers the indicators measuring it.
    """
    measured = _measured(T)
    covered: set[str] = set()
    for c in nodes_of(T, NodeKind.COMMITMENT):
        node = obj(T, c)
        if isinstance(node, Commitment) and node.status in LIVE_COMMITMENTS:
            covered.update(_targets(T, c, RelType.ADDRESSES))
    for c in nodes_of(T, NodeKind.CONTRACT):
        node = obj(T, c)
        if isinstance(node, Contract) and node.status in LIVE_CONTRACTS:
            covered.update(_targets(T, c, RelType.TARGETS))
    for a in nodes_of(T, NodeKind.ACTION):
        node = obj(T, a)
        if isinstance(node, Action) and node.status in LIVE_ACTIONS:
            covered.update(_targets(T, a, RelType.TARGETS))
    for indicator, topics in measured.items():
        if indicator in covered:
            covered.update(topics)
        elif any(t in covered for t in topics):
            covered.add(indicator)
    return covered


def topic_needs(
    T: nx.MultiDiGraph[str], trends: list[Trend], covered: set[str] | None = None
) -> dict[str, Need]:
    """Each topic's :class:`Need` (see the module docstring)."""
    covered = addressed(T) if covered is None else covered
    by_indicator = {t.indicator.id: t for t in trends}
    per_topic: dict[str, list[str]] = defaultdict(list)
    for indicator, topics in _measured(T).items():
        for topic in topics:
            per_topic[topic].append(indicator)
    concerned: set[str] = set()
    for concern in nodes_of(T, NodeKind.FUTURE_CONCERN):
        for target in _targets(T, concern, RelType.CONCERNS):
            concerned.add(target)
            concerned.update(_targets(T, target, RelType.MEASURES))
    needs: dict[str, Need] = {}
    for topic in nodes_of(T, NodeKind.TOPIC):
        score, worst, worst_level = 1.0, None, 6
        reasons: list[str] = []
        worsening: str | None = None  # the first worsening indicator
        for indicator in sorted(per_topic.get(topic, [])):
            trend = by_indicator.get(indicator)
            if trend is None:
                continue
            level = trend.latest_level
            if level is not None and level < worst_level:
                worst, worst_level = indicator, level
            if trend.trend == "worsening" and worsening is None:
                worsening = indicator
                worst = worst or indicator
        if worst is not None and worst_level <= 5:
            score += 2.0 * ((5 - worst_level) / 4) ** 2
            name = by_indicator[worst].indicator.name
            if worsening == worst:
                reasons.append(
                    Sentence(
                        N_("the indicator '%(name)s' is at level %(level)s of 5 and worsening"),
                        name=name,
                        level=worst_level,
                    )
                )
            else:
                reasons.append(
                    Sentence(
                        N_("the indicator '%(name)s' is at level %(level)s of 5"),
                        name=name,
                        level=worst_level,
                    )
                )
        if worsening is not None and (worsening != worst or worst_level > 5):
            reasons.append(
                Sentence(
                    N_("the indicator '%(name)s' is worsening"),
                    name=by_indicator[worsening].indicator.name,
                )
            )
        if worsening is not None:
            score += 0.5
        if topic in concerned:
            score += 0.25
            reasons.append(Sentence(N_("future generations are concerned")))
        if topic not in covered:
            score += 0.25
            reasons.append(Sentence(N_("no live commitment addresses it")))
        needs[topic] = Need(score, tuple(reasons), worst)
    return needs


def _has_future_lens(T: nx.MultiDiGraph[str], commitment: Commitment) -> bool:
    if commitment.uses_non_renewable:
        return False
    if commitment.horizon is Horizon.LONG:
        return True
    return any(
        kind_of(T, t) is NodeKind.FUTURE_CONCERN
        for t in _targets(T, commitment.id, RelType.ADDRESSES)
    )


def coverage(
    T: nx.MultiDiGraph[str], trends: list[Trend], *, low_level: int = LOW_LEVEL
) -> Coverage:
    """What needs attention and has nobody on it (see the module docstring)."""
    covered = addressed(T)
    uncovered_indicators = []
    for trend in trends:
        low = trend.latest_level is not None and trend.latest_level <= low_level
        falling = trend.trend == "worsening"
        if (low or falling) and trend.indicator.id not in covered:
            if low and falling:
                reason = Sentence(
                    N_(
                        "at level %(level)s of 5 and worsening; no live commitment, contract or "
                        "action on it"
                    ),
                    level=trend.latest_level,
                )
            elif low:
                reason = Sentence(
                    N_("at level %(level)s of 5; no live commitment, contract or action on it"),
                    level=trend.latest_level,
                )
            else:
                reason = Sentence(N_("worsening; no live commitment, contract or action on it"))
            uncovered_indicators.append(
                IndicatorNeed(trend.indicator, trend.latest_level, trend.trend, reason)
            )
    topics = [t for t in nodes_of(T, NodeKind.TOPIC) if t not in covered]
    concerns = [c for c in nodes_of(T, NodeKind.FUTURE_CONCERN) if c not in covered]

    commitments_without, contracts_without = [], []
    lens: dict[str, bool] = {}
    for c in nodes_of(T, NodeKind.COMMITMENT):
        node = obj(T, c)
        if isinstance(node, Commitment):
            lens[c] = _has_future_lens(T, node)
            if node.status in LIVE_COMMITMENTS and not lens[c]:
                commitments_without.append(Ref(c, node.title))
    for c in nodes_of(T, NodeKind.CONTRACT):
        node = obj(T, c)
        if not isinstance(node, Contract) or node.status is ContractStatus.CLOSED:
            continue
        future = any(
            kind_of(T, t) is NodeKind.FUTURE_CONCERN for t in _targets(T, c, RelType.TARGETS)
        ) or any(lens.get(m, False) for m in _sources(T, c, RelType.PART_OF))
        if not future:
            contracts_without.append(Ref(c, node.title))

    return Coverage(
        uncovered_indicators=tuple(uncovered_indicators),
        uncovered_topics=tuple(Ref(t, obj(T, t).label) for t in topics),
        orphan_concerns=tuple(Ref(c, obj(T, c).label) for c in concerns),
        unrepresented_groups=tuple(representation_gaps(T)),
        commitments_without_future_lens=tuple(commitments_without),
        contracts_without_future_lens=tuple(contracts_without),
    )


def raised_topics(T: nx.MultiDiGraph[str]) -> dict[str, set[str]]:
    """For each actor that expressed criteria, the topics those criteria are about
    (directly, or through the indicators they inform)."""
    out: dict[str, set[str]] = {}
    for actor in nodes_of(T, NodeKind.ACTOR):
        topics: set[str] = set()
        for criterion in _targets(T, actor, RelType.EXPRESSED):
            topics.update(_targets(T, criterion, RelType.ABOUT))
            for indicator in _targets(T, criterion, RelType.INFORMS):
                topics.update(_targets(T, indicator, RelType.MEASURES))
        if topics:
            out[actor] = topics
    return out


def contract_topics(T: nx.MultiDiGraph[str]) -> dict[str, set[str]]:
    """For each contract, the topics it is on: targeted, addressed by its commitments, or
    measured by an indicator it targets or its commitments address."""
    measured = _measured(T)
    out: dict[str, set[str]] = {}
    for contract in nodes_of(T, NodeKind.CONTRACT):
        targets = set(_targets(T, contract, RelType.TARGETS))
        for commitment in _sources(T, contract, RelType.PART_OF):
            targets.update(_targets(T, commitment, RelType.ADDRESSES))
        topics = {t for t in targets if kind_of(T, t) is NodeKind.TOPIC}
        for t in targets:
            topics.update(measured.get(t, ()))
        out[contract] = topics
    return out


def representation_gaps(T: nx.MultiDiGraph[str]) -> list[GroupGap]:
    """Citizen groups missing from the contracts on the topics their criteria raised."""
    raised = raised_topics(T)
    on_topics = contract_topics(T)
    parties = contract_parties(T)
    by_topic: dict[str, set[str]] = defaultdict(set)
    for contract, topics_of_contract in on_topics.items():
        for t in topics_of_contract:
            by_topic[t].add(contract)
    gaps = []
    for actor, topics in sorted(raised.items()):
        node = obj(T, actor)
        if getattr(node, "sector", None) is not Sector.CITIZEN_GROUP:
            continue
        candidates = set().union(*(by_topic.get(t, set()) for t in topics))
        missing = sorted(c for c in candidates if actor not in parties.get(c, set()))
        if missing:
            shared = sorted(set().union(*(on_topics[c] & topics for c in missing)))
            gaps.append(
                GroupGap(
                    group=Ref(actor, node.label, str(Sector.CITIZEN_GROUP)),
                    topics=tuple(Ref(t, obj(T, t).label) for t in shared),
                    contracts=tuple(Ref(c, obj(T, c).label) for c in missing),
                )
            )
    return gaps
